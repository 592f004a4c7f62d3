"""A producer on a 360×740 phone: logs in, lands on "my products", sees the product's OCOP code, downloads his own
certificate and labels, and opens the QR code for his labels; the same code leads to the public traceability page."""

import datetime as dt
import os

import pytest
from playwright.sync_api import expect

from ocop.producers.services import product_code_give

from ..conftest import make_product, recognise
from ..test_browser import CHROMIUM, shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]


def test_a_producer_downloads_his_certificate_and_labels_and_prints_the_qr(users, live_server, chromium):
    product = make_product(users["producer_record"], name="Mắm ba khía Rạch Gốc")
    recognition = recognise(product, stars=4, day=dt.date.today() - dt.timedelta(days=90))
    code = product_code_give(product=product, year=dt.date.today().year)
    context = chromium.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    page = context.new_page()
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", "producer")
    page.fill("#id_password", "pw")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.locator("h1")).to_have_text("Sản phẩm của tôi")
    assert page.url.endswith("/my/")
    row = page.locator("section.product-row", has_text="Mắm ba khía Rạch Gốc")
    expect(row).to_contain_text(f"Mã số sản phẩm OCOP: {code}")
    for name, kind in (("Giấy chứng nhận (PDF)", "chung-nhan"), ("Nhãn (PDF)", "tem-OCOP")):
        response = context.request.get(live_server.url + row.get_by_role("link", name=name).get_attribute("href"))
        assert response.status == 200 and response.body().startswith(b"%PDF-"), name
        assert kind in response.headers["content-disposition"], response.headers
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, "producer-my-products")

    row.get_by_role("link", name="Lô hàng và mã QR cho nhãn").click()
    expect(page.locator("main svg").first).to_be_visible()
    assert f"/p/{code}" in page.content()
    shot(page, "producer-trace-qr")
    page.goto(f"{live_server.url}/p/{code}")
    expect(page.locator("main")).to_contain_text("Mắm ba khía Rạch Gốc")
    expect(page.locator("main")).to_contain_text(recognition.certificate.display_id)
    context.close()
