"""Electronic traceability: a public page per product at /01/<GTIN> or /p/<code or number>, its lots, the QR code
the producer prints for labels; GS1's answers (404 for what never existed or is not public)."""

import datetime as dt
import re

import pytest
from django.db import connection

from ocop.catalogue.traceability import product_by_key, trace_path
from ocop.producers.models import Batch

from ..conftest import make_product, recognise

pytestmark = pytest.mark.django_db


@pytest.fixture
def honey(users):
    product = make_product(users["producer_record"], name="Mật ong rừng U Minh", gtin="8934567890128",
                           description="Ong khai thác trong rừng tràm U Minh Hạ, gác kèo truyền thống.")
    recognise(product, stars=4, day=dt.date.today() - dt.timedelta(days=60))
    Batch.objects.create(product=product, lot="L2026-07", produced_on=dt.date(2026, 7, 1), best_before=dt.date(2028, 7, 1),
                         origin="Rừng tràm xã Khánh An")
    return product


def test_a_product_with_a_gtin_is_reached_at_01_gtin_with_its_story_lots_and_certificate(client, honey):
    assert trace_path(honey) == "/01/08934567890128"
    for path in ("/01/08934567890128", "/01/8934567890128", "/01/08934567890128/"):
        response = client.get(path)
        assert response.status_code == 200, path
    page = response.content.decode()
    assert "Truy xuất nguồn gốc" in page and "Mật ong rừng U Minh" in page and "gác kèo truyền thống" in page
    assert "L2026-07" in page and "01/07/2026" in page and "Rừng tràm xã Khánh An" in page
    certificate = honey.recognitions.get().certificate
    assert f"/v/{certificate.public_id}" in page and "Công ty TNHH Phúc Thịnh" in page
    assert "0900000001" not in page and "htx@example.vn" not in page, "no contact on a public page"


def test_a_lot_in_the_address_is_shown_first_and_an_unknown_lot_is_404(client, honey):
    page = client.get("/01/08934567890128/10/L2026-07").content.decode()
    assert "Lô L2026-07" in page and "01/07/2028" in page
    assert client.get("/01/08934567890128/10/NOPE").status_code == 404


def test_a_product_without_gtin_by_its_code_or_number(client, users):
    product = recognise(make_product(users["producer_record"], name="Khô cá dứa")).product
    assert not product.product_code
    expected = f"/p/{product.pk}"
    assert trace_path(product) == expected
    assert client.get(expected).status_code == 200
    assert client.get(f"/p/{product.pk}/").status_code == 200, "the number works whatever the code"
    assert product_by_key(str(product.pk)) == product


def test_the_product_code_is_the_address_once_products_have_one(client, users):
    product = recognise(make_product(users["producer_record"], name="Tôm khô")).product
    type(product).objects.filter(pk=product.pk).update(product_code="96-32001-7-2026")
    product.refresh_from_db()
    assert trace_path(product) == "/p/96-32001-7-2026"
    page = client.get("/p/96-32001-7-2026")
    assert page.status_code == 200 and "Tôm khô" in page.content.decode()
    assert client.get("/p/96-32001-7-2026/qr.svg")["Content-Type"] == "image/svg+xml"
    assert product_by_key("96-32001-7-2026") == product and product_by_key("96-32001-8-2026") is None


def test_unknown_unpublished_and_malformed_addresses_are_404(client, users):
    draft = make_product(users["producer_record"], name="Sản phẩm nháp", gtin="8934567890135")
    for path in (f"/p/{draft.pk}", "/01/08934567890135", "/p/999999", "/01/00000000000017", "/p/abc%00", "/01/12345"):
        assert client.get(path).status_code == 404, path


def test_the_producer_records_lots_and_prints_the_qr_for_labels(client, users, honey):
    client.force_login(users["producer"])
    page = client.get(f"/register/products/{honey.pk}/trace/").content.decode()
    assert "<svg" in page and "http://testserver/01/08934567890128" in page
    bad = client.post(f"/register/products/{honey.pk}/trace/", {"action": "add", "lot": "L2026-07", "produced_on": "31/12/2099",
                                                               "best_before": "01/01/2020"})
    html = bad.content.decode()
    assert bad.status_code == 400 and "đã có lô số L2026-07" in html and 'value="L2026-07"' in html
    assert Batch.objects.filter(product=honey).count() == 1
    ok = client.post(f"/register/products/{honey.pk}/trace/", {"action": "add", "lot": "L2026-11", "produced_on": "02/11/2026",
                                                              "best_before": "02/11/2028", "origin": "Xã Trần Hợi"})
    assert ok.status_code == 302
    batch = Batch.objects.get(lot="L2026-11")
    labels = client.get(f"/register/products/{honey.pk}/trace/labels/?batch={batch.pk}&copies=6").content.decode()
    assert labels.count('class="label"') == 6 and "/01/08934567890128/10/L2026-11" in labels
    client.post(f"/register/products/{honey.pk}/trace/", {"action": "delete", "batch": batch.pk})
    assert not Batch.objects.filter(pk=batch.pk).exists()
    svg = client.get(f"/p/{honey.pk}/qr.svg")
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content


def test_only_the_producer_and_its_offices_manage_lots(client, users, honey):
    batch = honey.batches.get()
    for who, status in (("other_province", 404), ("commune", 403), ("nobody", 404)):
        client.force_login(users[who])
        assert client.get(f"/register/products/{honey.pk}/trace/").status_code == status, who
        response = client.post(f"/register/products/{honey.pk}/trace/", {"action": "delete", "batch": batch.pk})
        assert response.status_code == status, who
    client.logout()
    assert "/login/" in client.get(f"/register/products/{honey.pk}/trace/")["Location"]
    assert Batch.objects.filter(pk=batch.pk).exists()
    client.force_login(users["province"])
    assert client.get(f"/register/products/{honey.pk}/trace/").status_code == 200


def test_the_product_page_links_its_traceability_page(client, honey):
    page = client.get(f"/register/products/{honey.pk}/").content.decode()
    assert re.search(r'href="/01/08934567890128"', page)
    assert connection.vendor in ("sqlite", "postgresql")
