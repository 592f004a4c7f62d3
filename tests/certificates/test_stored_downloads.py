"""Certificate PDFs made once per certificate version and stored (issue 17.6): a download is a stored file with
an ETag; a revoked or changed certificate gets a new one; only its office and its producer get it."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from ocop.certificates import pdf as certificate_pdfs
from ocop.certificates.revocation import certificate_revoke
from ocop.core.downloads import downloads

from ..conftest import make_product, recognise

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


@pytest.fixture(autouse=True)
def _downloads_folder(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "downloads": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "downloads")}}}


@pytest.fixture
def made(monkeypatch):
    """How many certificate PDFs were drawn."""
    calls = []
    real = certificate_pdfs.certificate_pdf

    def counting(items):
        calls.append(len(items))
        return real(items)

    monkeypatch.setattr(certificate_pdfs, "certificate_pdf", counting)
    return calls


@pytest.fixture
def certificate(users):
    product = make_product(users["producer_record"], name="Cà phê Robusta Đắk Lắk")
    return recognise(product, stars=4, day=TODAY - dt.timedelta(days=60), number="8/QĐ-UBND").certificate


def _text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_a_pdf_is_made_once_then_served_as_a_stored_file_with_its_etag(client, users, certificate, made):
    client.force_login(users["province"])
    url = f"/certificates/{certificate.public_id}/pdf/"
    first = client.get(url)
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf" and made == [1]
    body = first.content
    assert "Cà phê Robusta Đắk Lắk" in _text(body) and "GIẤY CHỨNG NHẬN" in _text(body)
    again = client.get(url)
    assert made == [1] and again["ETag"] == first["ETag"] and again.content == body
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert "no-cache" in first["Cache-Control"] and "private" in first["Cache-Control"]
    client.force_login(users["producer"])  # the producer it belongs to gets the same stored file
    assert client.get(url)["ETag"] == first["ETag"] and made == [1]


def test_a_revoked_certificate_gets_a_new_pdf_and_the_old_one_goes(client, users, certificate, made):
    client.force_login(users["province"])
    url = f"/certificates/{certificate.public_id}/pdf/"
    before = client.get(url)
    certificate_revoke(certificate=certificate, ground="law_breach", reason="Vi phạm", decision="9/QĐ-UBND",
                       user=users["province"])
    after = client.get(url)
    assert after["ETag"] != before["ETag"] and made == [1, 1]
    assert "ĐÃ THU HỒI" in _text(after.content)
    assert len(downloads().listdir(f"certificates/pdf/{certificate.public_id}")[1]) == 1


def test_the_proxy_can_send_the_stored_file(client, users, certificate, settings):
    settings.OCOP_ACCEL_REDIRECT = "/protected/"
    client.force_login(users["province"])
    response = client.get(f"/certificates/{certificate.public_id}/pdf/")
    assert response["X-Accel-Redirect"].startswith(f"/protected/certificates/pdf/{certificate.public_id}/")
    assert downloads().exists(response["X-Accel-Redirect"].removeprefix("/protected/"))


def test_others_get_no_pdf(client, users, certificate, made):
    url = f"/certificates/{certificate.public_id}/pdf/"
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(users["other_province"])
    assert client.get(url).status_code == 404
    client.force_login(users["nobody"])
    assert client.get(url).status_code in (403, 404)
    assert made == []


def test_a_certificate_pdf_draws_its_qr_code_as_vector_modules():
    from ocop.certificates.pdf import qr_modules, qr_runs

    width, runs = qr_runs("https://ocop.example.vn/v/ABCDEFGHJK0", "m")
    assert width == qr_modules("https://ocop.example.vn/v/ABCDEFGHJK0") and runs
    assert all(0 <= col and col + length <= width - 4 for _row, col, length in runs)
