import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from ocop.imports.models import ImportJob
from ocop.recognitions.models import Recognition

from .conftest import GOOD_ROWS, xlsx_bytes

pytestmark = pytest.mark.django_db


def test_dashboard_is_vietnamese_by_default_and_shows_the_seed_figures(demo, client):
    page = client.get("/dashboard/?province=96&year=2021").content.decode()
    assert '<html lang="vi">' in page
    assert "Tổng quan sản phẩm OCOP" in page
    assert 'data-figure="products"><b>44</b>' in page
    assert 'data-figure="producers"><b>25</b>' in page


def test_english_is_one_click_away(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/dashboard/"})
    page = client.get("/dashboard/").content.decode()
    assert '<html lang="en">' in page and "OCOP products at a glance" in page


def test_dashboard_htmx_request_gets_only_the_results_fragment(demo, client):
    response = client.get("/dashboard/?province=92", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="results">') and "<html" not in body
    assert 'data-figure="products"><b>92</b>' in body


def test_dashboard_with_bad_filter_shows_the_reason_not_an_error(client):
    response = client.get("/dashboard/?stars=9&year=abc")
    assert response.status_code == 200
    assert "msg error" in response.content.decode()


def test_register_pages_render(demo, client):
    page = client.get("/register/?province=96&q=kho ca").content.decode()
    assert "Danh sách sản phẩm OCOP" in page
    product = Recognition.objects.filter(province_id="96").first().product
    detail = client.get(f"/register/products/{product.pk}/").content.decode()
    assert product.name in detail and "Bạc Liêu" not in detail
    assert client.get(f"/register/producers/{product.producer_id}/").status_code == 200


def test_register_download_matches_the_filter(demo, client):
    response = client.get("/dashboard/register.xlsx?province=96&year=2021")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    import io

    ws = load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "Tên sản phẩm" and len(rows) == 1 + 44


def test_login_with_email_or_username(client, users):
    assert client.post("/login/", {"username": "province@example.vn", "password": "pw"}).status_code == 302
    client.logout()
    assert client.post("/login/", {"username": "PROVINCE", "password": "pw"}).status_code == 302
    client.logout()
    page = client.post("/login/", {"username": "province", "password": "wrong"}).content.decode()
    assert "Sai tên đăng nhập" in page


def test_upload_through_the_page_imports_and_reports(client, users):
    client.force_login(users["central"])
    response = client.post("/imports/", {"file": SimpleUploadedFile("r.xlsx", xlsx_bytes(GOOD_ROWS))}, follow=True)
    assert response.status_code == 200
    job = ImportJob.objects.get()
    assert job.state == "done" and job.report["created"]["recognitions"] == len(GOOD_ROWS)
    assert "quyết định công nhận mới" in response.content.decode()


def test_a_bad_upload_lists_problems_and_writes_nothing(client, users):
    client.force_login(users["central"])
    rows = [list(r) for r in GOOD_ROWS]
    rows[0][5] = "Atlantis"
    response = client.post("/imports/", {"file": SimpleUploadedFile("r.xlsx", xlsx_bytes(rows))}, follow=True)
    page = response.content.decode()
    assert "Atlantis" in page and "không ghi dữ liệu nào" in page
    assert Recognition.objects.count() == 0


def test_an_executable_renamed_to_xlsx_is_refused_at_upload(client, users):
    client.force_login(users["central"])
    fake = SimpleUploadedFile("r.xlsx", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00binary")
    response = client.post("/imports/", {"file": fake})
    assert response.status_code == 200 and ImportJob.objects.count() == 0


def test_group_page_shows_both_trees_and_the_correspondence(client):
    page = client.get("/groups/").content.decode()
    assert "Thảo dược" in page and "Dược liệu và sản phẩm từ dược liệu" in page
    assert "148-6" in page and "1048-6" in page


def test_pages_load_no_asset_from_outside(client):
    page = client.get("/dashboard/").content.decode()
    assert "htmx" in page
    import re

    assert not re.search(r'(src|href|content)="https?://(?!testserver/)', page), "only this site's own addresses"
