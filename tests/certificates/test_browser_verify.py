"""A buyer scans a revoked certificate on a phone (headless Chromium)."""

import datetime as dt

import pytest

from ocop.certificates.revocation import certificate_revoke

from ..conftest import make_producer, make_product, recognise
from ..test_browser import CHROMIUM, shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not __import__("os").path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]


def test_the_verification_page_of_a_revoked_certificate_on_a_phone(live_server, page, users, province):
    recognition = recognise(make_product(make_producer(province), name="Nước mắm Sông Đốc"), stars=4,
                            day=dt.date.today() - dt.timedelta(days=200), number="45/QĐ-UBND")
    certificate = recognition.certificate
    page.goto(f"{live_server.url}/v/{certificate.display_id}")
    assert "Giấy chứng nhận OCOP hợp lệ" in page.inner_text(".verdict")
    certificate_revoke(certificate=certificate, reason="Không duy trì tiêu chí bắt buộc", decision="88/QĐ-UBND",
                       user=users["province"])
    response = page.goto(f"{live_server.url}/v/{certificate.display_id.lower()}")
    assert response.status == 410
    assert "ĐÃ BỊ THU HỒI" in page.inner_text(".verdict")
    body = page.inner_text("main")
    assert "Không duy trì tiêu chí bắt buộc" in body and "88/QĐ-UBND" in body and "Nước mắm Sông Đốc" in body
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "no sideways scrolling on a phone"
    shot(page, "verify-revoked")


def test_a_tampered_label_is_red_on_a_phone(live_server, page, users, province, settings):
    settings.OCOP_PUBLIC_URL = live_server.url
    from ocop.certificates.facts import label_qr_text

    certificate = recognise(make_product(make_producer(province), name="Khô cá dứa"), stars=3,
                            day=dt.date.today() - dt.timedelta(days=100)).certificate
    text = label_qr_text(certificate)
    assert page.goto(text).status == 200
    forged = text[:-3] + ("AAA" if not text.endswith("AAA") else "BBB")
    response = page.goto(forged)
    assert response.status == 409
    assert "KHÔNG phải mã thật" in page.inner_text(".verdict")
    color = page.evaluate("getComputedStyle(document.querySelector('.verdict')).backgroundColor")
    assert color == "rgb(179, 38, 30)", "red"
    assert "Cách báo cáo" in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "verify-tampered")


def test_a_producer_starts_the_renewal_from_my_products_on_a_phone(live_server, page, users):
    from ocop.evaluation.models import Dossier

    today = dt.date.today()
    certificate = recognise(make_product(users["producer_record"], name="Tôm khô Rạch Gốc"), stars=4,
                            day=today - dt.timedelta(days=900), valid_until=today + dt.timedelta(days=150)).certificate
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "producer")
    page.fill("input[name=password]", "pw")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/my/")
    body = page.inner_text("main")
    assert "Tôm khô Rạch Gốc" in body and "150" in body and "Đang trong thời hạn nộp hồ sơ đánh giá lại" in body
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "my-products")
    page.click("text=Bắt đầu hồ sơ đánh giá lại")
    dossier = Dossier.objects.get(product=certificate.recognition.product)
    page.wait_for_url(f"{live_server.url}/dossiers/{dossier.pk}/")
    assert dossier.kind == "renewal"
