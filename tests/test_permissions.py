"""Who sees and touches what, by page and by API, including guessed ids."""

import pytest

from ocop.places.models import Commune

from .conftest import make_producer, make_product, recognise, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(users, province, other_province):
    here = users["producer_record"]
    there = make_producer(other_province, name="HTX Cần Thơ", phone="0988777666",
                          commune=Commune.objects.filter(province=other_province).first())
    return {
        "here": here,
        "there": there,
        "here_draft": make_product(here, name="Nháp Cà Mau"),
        "there_draft": make_product(there, name="Nháp Cần Thơ"),
        "there_published": recognise(make_product(there, name="Bánh pía"), stars=3).product,
    }


def login(client, user):
    client.force_login(user)
    return client


def test_anonymous_sees_published_records_but_not_drafts_or_contacts(client, records):
    assert client.get(f"/register/products/{records['there_published'].pk}/").status_code == 200
    assert client.get(f"/register/products/{records['there_draft'].pk}/").status_code == 404
    page = client.get(f"/register/producers/{records['there'].pk}/").content.decode()
    assert "0988777666" not in page
    assert client.get(f"/register/producers/{records['here'].pk}/").status_code == 404, "no recognised product yet"


def test_provincial_officer_reads_and_edits_own_province(client, users, records):
    login(client, users["province"])
    assert client.get(f"/register/products/{records['here_draft'].pk}/").status_code == 200
    response = client.post(f"/register/producers/{records['here'].pk}/edit/", {
        "name": "Công ty TNHH Phúc Thịnh (đã sửa)", "legal_form": "enterprise", "tax_code": "", "representative": "",
        "phone": "", "email": "", "address": "", "commune": records["here"].commune_id,
    })
    assert response.status_code == 302
    records["here"].refresh_from_db()
    assert records["here"].name.endswith("(đã sửa)")


def test_provincial_officer_cannot_read_or_edit_another_province_by_guessing_ids(client, users, records):
    login(client, users["province"])
    assert client.get(f"/register/products/{records['there_draft'].pk}/").status_code == 404
    assert client.get(f"/register/producers/{records['there'].pk}/edit/").status_code == 404
    assert client.post(f"/register/producers/{records['there'].pk}/edit/", {"name": "x"}).status_code == 404
    assert client.post(f"/register/products/{records['there_published'].pk}/edit/", {"name": "x"}).status_code == 404
    page = client.get(f"/register/producers/{records['there'].pk}/").content.decode()
    assert "0988777666" not in page and "/edit/" not in page
    records["there"].refresh_from_db()
    assert records["there"].name == "HTX Cần Thơ"


def test_provincial_officer_api_scope(client, users, records, token_for):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token_for(users['province'])}"}
    assert client.get(f"/api/v1/products/{records['here_draft'].pk}", **auth).status_code == 200
    assert client.get(f"/api/v1/products/{records['there_draft'].pk}", **auth).status_code == 404
    other = client.get(f"/api/v1/producers/{records['there'].pk}", **auth).json()
    assert "contact" not in other


def test_commune_officer_reads_own_communes_but_writes_nothing(client, users, records):
    login(client, users["commune"])
    assert client.get(f"/register/products/{records['here_draft'].pk}/").status_code == 200
    assert client.get(f"/register/products/{records['there_draft'].pk}/").status_code == 404
    assert client.get(f"/register/products/{records['here_draft'].pk}/edit/").status_code == 403
    assert client.get("/imports/").status_code == 403


def test_producer_sees_and_edits_only_own_records(client, users, records):
    login(client, users["producer"])
    assert client.get(f"/register/products/{records['here_draft'].pk}/").status_code == 200
    assert client.get(f"/register/products/{records['here_draft'].pk}/edit/").status_code == 200
    assert client.get(f"/register/products/{records['there_draft'].pk}/").status_code == 404
    assert client.get(f"/register/products/{records['there_published'].pk}/edit/").status_code == 404
    assert client.get("/imports/").status_code == 403


def test_producer_form_cannot_move_a_producer_to_another_province(client, users, records, other_province):
    login(client, users["province"])
    elsewhere = Commune.objects.filter(province=other_province).first()
    response = client.post(f"/register/producers/{records['here'].pk}/edit/", {
        "name": "x", "legal_form": "enterprise", "commune": elsewhere.pk,
    })
    assert response.status_code == 200  # form shown again with the error
    records["here"].refresh_from_db()
    assert records["here"].commune.province_id == "96"


def test_import_page_needs_login_and_an_office_role(client, users):
    assert client.get("/imports/").status_code == 302
    login(client, users["nobody"])
    assert client.get("/imports/").status_code == 403
    login(client, users["province"])
    assert client.get("/imports/").status_code == 200


def test_import_jobs_are_private_to_their_owner(client, users, province):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(client, users["province"])
    rows = [["Khô cá", "HTX A", None, None, None, "Cà Mau", "Thực phẩm", 3, None, "1/QĐ", "01/02/2022", None]]
    response = client.post("/imports/", {"file": SimpleUploadedFile("r.xlsx", xlsx_bytes(rows))})
    job_url = response["Location"]
    client.force_login(users["other_province"])
    assert client.get(job_url).status_code == 404  # out of sight (tests/test_import_jobs.py for every role)


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (30, 110, 60)).save(buffer, "PNG")
    return buffer.getvalue()


def test_photo_upload_is_checked_by_content(client, users, records):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(client, users["province"])
    url = f"/register/products/{records['here_draft'].pk}/edit/"
    fields = {"name": records["here_draft"].name, "description": "", "gtin": ""}
    fake = SimpleUploadedFile("anh.jpg", b"MZ\x90\x00 not an image at all", content_type="image/jpeg")
    assert client.post(url, {**fields, "image": fake}).status_code == 200
    assert records["here_draft"].photos.count() == 0
    real = SimpleUploadedFile("anh.png", _png(), content_type="application/octet-stream")
    assert client.post(url, {**fields, "image": real, "caption": "Hộp 500g"}).status_code == 302
    assert records["here_draft"].photos.get().caption == "Hộp 500g"


def test_gtin_check_digit_is_enforced_in_the_product_form(client, users, records):
    login(client, users["province"])
    url = f"/register/products/{records['here_draft'].pk}/edit/"
    response = client.post(url, {"name": "Mật ong", "description": "", "gtin": "8934563138166"})
    assert response.status_code == 200
    records["here_draft"].refresh_from_db()
    assert records["here_draft"].gtin == ""
    assert client.post(url, {"name": "Mật ong", "description": "", "gtin": "8934563138165"}).status_code == 302


def test_demo_accounts_other_than_admin_never_reach_the_admin(client, settings):
    """Offices keep their records on their own pages; the demo's provincial, commune, council and producer accounts
    are not staff, and the admin sends them to its login (only "admin" gets in); a provincial account an earlier demo
    made staff loses it at the next load."""
    from django.contrib.auth.models import Permission

    from ocop.accounts.models import User
    from ocop.demo.accounts import demo_users
    from ocop.demo.register import load_demo

    load_demo()
    demo_users("demo-password-2026")
    earlier = User.objects.get(username="camau")  # as an earlier demo left it: staff, with promotion permissions
    earlier.is_staff = True
    earlier.save()
    earlier.user_permissions.set(Permission.objects.filter(content_type__app_label="promotion"))
    names = [name for name, _description in demo_users("demo-password-2026")]
    assert {"admin", "camau", "xa", "phucthinh"} <= set(names)
    for user in User.objects.filter(username__in=names).exclude(username="admin"):
        assert not user.is_staff and not user.is_superuser and not user.user_permissions.exists(), user.username
        client.force_login(user)
        response = client.get("/admin/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"], user.username
    client.force_login(User.objects.get(username="admin"))
    assert client.get("/admin/").status_code == 200
