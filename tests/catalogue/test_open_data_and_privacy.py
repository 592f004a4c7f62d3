"""Privacy of the public side: the woman-led, ethnic-minority (and any disability) flags, contacts and a household's
tax code never reach a public page, the API, the open data or the pages the sitemap lists; the open-data page
describes every column, its .xlsx has Vietnamese headers, and it says what is withheld and why."""

import io
import json
import re

import pytest
from openpyxl import load_workbook

from ocop.catalogue.opendata import COLUMNS, FIELDS, WITHHELD
from ocop.producers.models import LegalForm, Producer

from ..conftest import make_producer, make_product, recognise

pytestmark = pytest.mark.django_db

SECRETS = ("8001234567", "0912345678", "bathua@example.vn", "Nguyễn Thị Thưa", "Ấp 3, xã Khánh An")
PUBLIC_PRODUCER_KEYS = {"id", "name", "legal_form", "tax_code", "province", "commune"}


@pytest.fixture
def household(province):
    producer = make_producer(province, name="Hộ kinh doanh Ba Thưa", legal_form=LegalForm.HOUSEHOLD, tax_code="8001234567",
                             woman_led=True, ethnic_minority=True, phone="0912345678", email="bathua@example.vn",
                             representative="Nguyễn Thị Thưa", address="Ấp 3, xã Khánh An")
    recognise(make_product(producer, name="Mật ong rừng U Minh", gtin="8934567890128"))
    return producer


def body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8-sig", "replace")


def test_no_public_surface_holds_a_personal_flag_contact_or_household_tax_code(client, household):
    product = household.products.get()
    urls = [f"/register/producers/{household.pk}/", f"/register/products/{product.pk}/", "/01/08934567890128",
            f"/p/{product.pk}", f"/api/v1/producers/{household.pk}", f"/api/v1/products/{product.pk}",
            "/api/v1/products?province=96", "/api/v1/producers?province=96", "/open-data/register.csv",
            "/open-data/register.json", "/?q=mat+ong", "/register/?q=mat+ong", "/sitemap.xml", "/provinces/96/",
            "/dashboard/register.xlsx?province=96"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = body(response)
        for secret in SECRETS:
            assert secret not in text, (url, secret)
        assert not re.search(r"woman_led|ethnic_minority|disab|Do phụ nữ làm chủ|dân tộc thiểu số", text), url
    workbook = load_workbook(io.BytesIO(b"".join(client.get("/dashboard/register.xlsx?province=96").streaming_content)))
    cells = {str(c.value) for row in workbook.active.iter_rows() for c in row}
    assert "8001234567" not in cells, "the dashboard's download is public: no household tax code"


def test_the_public_producer_record_is_an_allowlist(client, household):
    """A flag added to producers later (a disability flag, say) stays out unless someone adds it here on purpose."""
    public = client.get(f"/api/v1/producers/{household.pk}").json()
    assert set(public) == PUBLIC_PRODUCER_KEYS
    assert {f.name for f in Producer._meta.concrete_fields} - {"woman_led", "ethnic_minority", "phone", "email",
                                                               "representative", "address", "tax_code", "is_demo",
                                                               "created_at", "updated_at", "name_folded", "id",
                                                               "province", "commune", "name", "legal_form"} == set()


def test_every_page_the_sitemap_lists_is_free_of_personal_data(client, household, province):
    draft = make_product(make_producer(province, name="Cơ sở chưa công nhận", phone="0977000111"), name="Nháp")
    sitemap = client.get("/sitemap.xml").content.decode()
    paths = re.findall(r"<loc>https?://[^/]+(/[^<]*)</loc>", sitemap)
    assert paths and f"/register/products/{draft.pk}/" not in paths
    for path in paths:
        if path.startswith(("/register/", "/p/", "/01/")):
            text = client.get(path).content.decode()
            assert not any(secret in text for secret in SECRETS + ("0977000111",)), path


def test_the_open_data_page_describes_each_column_and_what_is_withheld(client, household):
    page = client.get("/open-data/").content.decode()
    assert "Từ điển dữ liệu" in page and "Những gì không được công bố và lý do" in page
    for column in COLUMNS:
        assert f"<code>{column.key}</code>" in page
    assert "Nghị định 13/2023/NĐ-CP" in page and "người khuyết tật" in page and "CC BY 4.0" in page
    assert len(WITHHELD) >= 4


def test_the_xlsx_has_vietnamese_headers_the_same_columns_and_real_dates(client, household):
    response = client.get("/open-data/register.xlsx")
    assert response["X-License"].startswith("CC BY 4.0")
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Tên sản phẩm", "Số hiệu sản phẩm", "Chủ thể") and len(rows[0]) == len(FIELDS)
    assert "Ngày quyết định" in rows[0] and "Số chứng nhận" in rows[0]
    record = dict(zip(rows[0], rows[1]))
    assert record["Tên sản phẩm"] == "Mật ong rừng U Minh" and record["Ngày quyết định"].year == 2024
    csv_header = body(client.get("/open-data/register.csv")).splitlines()[0]
    assert csv_header.split(",") == FIELDS, "CSV and JSON keep their field names (a contract)"
    assert json.loads(body(client.get("/open-data/register.json")))["meta"]["fields"] == FIELDS
