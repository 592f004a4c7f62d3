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
