"""Thumbnails made once per upload (WebP and JPEG at the sizes pages show, never the original in a list), and the
certificate-number box with the report of a suspected fake (to the province, slowed down)."""

import io
import re

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from PIL import Image

from ocop.catalogue.models import FakeReport
from ocop.catalogue.reports import PER_SESSION
from ocop.core.images import thumbnail_names, thumbnails_make
from ocop.notifications.models import Notification
from ocop.producers.models import ProductPhoto

from ..conftest import make_product, recognise

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(tmp_path):
    cache.clear()
    with override_settings(MEDIA_ROOT=tmp_path, STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}):
        yield tmp_path


def photo_bytes(size=(1600, 1200), mode="RGB", fmt="JPEG") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, (200, 120, 40) if mode == "RGB" else (200, 120, 40, 128)).save(buffer, fmt, quality=95)
    return buffer.getvalue()


@pytest.fixture
def product(users):
    return recognise(make_product(users["producer_record"], name="Mật ong rừng U Minh")).product


def test_an_uploaded_photo_gets_its_thumbnails_once_and_pages_use_them(client, users, product):
    client.force_login(users["producer"])
    client.post(f"/register/products/{product.pk}/edit/", {
        "name": product.name, "description": "", "gtin": "", "caption": "Hũ 500 ml",
        "image": SimpleUploadedFile("mat-ong.jpg", photo_bytes(), content_type="image/jpeg")})
    photo = ProductPhoto.objects.get()
    names = thumbnail_names(photo.image.name)
    assert len(names) == 8 and all(default_storage.exists(n) for n in names)
    sizes = {n.rsplit("-", 1)[1]: Image.open(default_storage.open(n)).size for n in names}
    assert sizes["list72.webp"] == (72, 72) and sizes["list144.jpg"] == (144, 144)
    assert sizes["page240.webp"] == (240, 180) and sizes["page480.jpg"] == (480, 360)
    assert default_storage.size(next(n for n in names if n.endswith("list144.webp"))) < 10_000
    client.logout()
    listing = client.get("/", {"q": "mat ong"}).content.decode()
    page = client.get(f"/register/products/{product.pk}/").content.decode()
    original = photo.image.url
    assert original not in listing and original not in page, "the 1600-pixel original is never loaded by a page"
    assert re.search(r'<source type="image/webp" srcset="[^"]*list72\.webp 1x, [^"]*list144\.webp 2x">', listing)
    assert 'alt="Hũ 500 ml"' in page and "page240.webp" in page and "page480.jpg" in page


def test_transparent_and_odd_images_and_unreadable_files(media):
    png = default_storage.save("products/1/logo.png", io.BytesIO(photo_bytes((300, 100), "RGBA", "PNG")))
    assert len(thumbnails_make(storage=default_storage, name=png)) == 8
    assert Image.open(default_storage.open(thumbnail_names(png)[-1])).mode == "RGB"
    broken = default_storage.save("products/1/broken.jpg", io.BytesIO(b"not an image at all"))
    assert thumbnails_make(storage=default_storage, name=broken) == []


# -- the certificate-number box and suspected fakes -------------------------------------------------------------


def test_the_box_on_the_home_page_leads_to_the_verification_of_the_number_typed(client):
    home = client.get("/").content.decode()
    assert 'action="/check/"' in home and 'id="cert-number"' in home
    assert client.get("/check/", {"number": " 3k7q 9xw2 mf4 "})["Location"] == "/v/3k7q-9xw2-mf4"
    assert client.get("/check/", {"number": "../../etc/passwd"})["Location"] == "/v/etc-passwd"
    empty = client.get("/check/", {"number": "   "})
    assert empty.status_code == 400 and "Hãy nhập số in bên cạnh biểu trưng OCOP." in empty.content.decode()
    assert client.get("/check/", {"number": "x" * 500}).status_code == 400


def test_an_unknown_number_offers_the_report_and_the_box(client):
    mistyped = client.get("/v/not-a-number").content.decode()
    assert 'id="cert-number"' in mistyped and "Báo sản phẩm nghi giả mạo" not in mistyped, "a typo: type it again"
    valid_unknown = _unissued_number()
    page = client.get(f"/v/{valid_unknown}").content.decode()
    assert "Báo sản phẩm nghi giả mạo" in page and f"report-fake/?number={valid_unknown}&amp;reason=unknown" in page
    assert 'id="cert-number"' in page


from ocop.recognitions.services import announce  # noqa: E402


def test_a_revoked_certificate_offers_the_report_a_valid_one_does_not(client, product):
    certificate = product.recognitions.get().certificate
    assert "Báo sản phẩm nghi giả mạo" not in client.get(f"/v/{certificate.public_id}").content.decode()
    product.recognitions.update(revoked_at="2026-01-05", revocation_reason="Vi phạm nhãn")
    announce([product.pk])  # what the write path does after a change (verification answers are recomputed)
    assert "reason=revoked" in client.get(f"/v/{certificate.public_id}").content.decode()


def _unissued_number() -> str:
    from ocop.certificates.ids import check_symbol

    body = "ZZZZZZZZZZ".replace("Z", "9")
    return body + check_symbol(body)


def report(client, **overrides):
    data = {"number": "3K7Q-9XW2-MF4", "province": "96", "place": "Chợ Cà Mau, sạp 12", "product_name": "Mật ong rừng",
            "details": "Tem OCOP in mờ", "contact": "", "reason": "unknown", "website": ""}
    data.update(overrides)
    return client.post("/report-fake/", data, REMOTE_ADDR="203.0.113.50")


def test_a_report_goes_to_the_provinces_office_and_is_slowed_down(client, users, product):
    certificate = product.recognitions.get().certificate
    product.recognitions.update(revoked_at="2026-01-05", revocation_reason="Vi phạm nhãn")
    announce([product.pk])  # what the write path does after a change (verification answers are recomputed)
    response = report(client, number=certificate.display_id, reason="revoked")
    assert response.status_code == 200 and "đã được gửi tới cơ quan OCOP của Cà Mau" in response.content.decode()
    saved = FakeReport.objects.get()
    assert saved.certificate == certificate and saved.reason == "revoked" and saved.province_id == "96"
    notice = Notification.objects.get(user=users["province"], kind="fake_report")
    assert "Chợ Cà Mau, sạp 12" in notice.title + notice.body
    assert not Notification.objects.filter(user=users["other_province"], kind="fake_report").exists()
    for _ in range(PER_SESSION - 1):
        assert report(client).status_code == 200
    slowed = report(client)
    assert slowed.status_code == 429 and slowed["Retry-After"] and "Chợ Cà Mau, sạp 12" in slowed.content.decode()
    assert report(Client()).status_code == 200, "another person behind the same address still reports"


@pytest.mark.parametrize("overrides, field", [
    ({"province": ""}, "province"), ({"place": "", "product_name": "Chợ Cà Mau, sạp 12"}, "place"), ({"contact": "gọi tôi"}, "contact"),
    ({"province": "99"}, "province"), ({"details": "x" * 2001}, "details"),
])
def test_a_bad_report_is_refused_beside_its_field_keeping_what_was_typed(client, overrides, field):
    response = report(client, **overrides)
    html = response.content.decode()
    assert response.status_code == 400 and not FakeReport.objects.exists()
    assert f'id="id_{field}_error"' in html and "Chợ Cà Mau, sạp 12" in html


def test_a_robot_filling_the_hidden_field_is_refused(client):
    assert report(client, website="http://spam").status_code == 400 and not FakeReport.objects.exists()
