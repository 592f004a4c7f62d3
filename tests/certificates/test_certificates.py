import datetime as dt
import io
import json
import zipfile

import pytest
from django.core import mail
from django.core.management import call_command
from pypdf import PdfReader

from ocop.certificates.models import Certificate, Event, VerificationCount
from ocop.certificates.revocation import certificate_revoke
from ocop.notifications.models import Notification

from ..conftest import GOOD_ROWS, make_producer, make_product, recognise, xlsx_bytes

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


@pytest.fixture
def fresh(province):
    product = make_product(make_producer(province, email="htx@example.vn"), name="Mật ong rừng U Minh Hạ")
    return recognise(product, stars=4, day=TODAY - dt.timedelta(days=100), number="77/QĐ-UBND").certificate


def test_every_recognition_gets_a_certificate_imported_ones_included():
    from ocop.imports.service import register_import

    assert register_import(data=xlsx_bytes(GOOD_ROWS), filename="r.xlsx").ok
    assert Certificate.objects.count() == len(GOOD_ROWS)
    assert Event.objects.filter(kind="issued").count() == len(GOOD_ROWS)


def test_products_api_carries_the_current_certificate_id(client, fresh):
    item = client.get("/api/v1/products").json()["results"][0]
    assert item["certificate_id"] == fresh.public_id


def test_in_force_is_200_with_the_facts(client, fresh):
    response = client.get(f"/api/v1/verify/{fresh.public_id}")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "in_force" and data["stars"] == 4 and data["product"]["name"] == "Mật ong rừng U Minh Hạ"
    assert data["decision_number"] == "77/QĐ-UBND" and data["issuing_level"] == "province"
    logged = VerificationCount.objects.get()
    assert (logged.certificate_id, logged.outcome, logged.channel, logged.count) == (fresh.pk, "in_force", "api", 1)


def test_an_imported_2020_recognition_is_expired_today(client, province):
    old = recognise(make_product(make_producer(province)), stars=3, day=dt.date(2020, 6, 1), group_code="1048-1").certificate
    response = client.get(f"/api/v1/verify/{old.public_id}")
    assert response.status_code == 410
    assert response.json()["status"] == "expired" and response.json()["expired"]["date"] == "2023-06-01"


def test_superseded_is_410_naming_the_newer_certificate(client, province):
    product = make_product(make_producer(province))
    older = recognise(product, stars=3, day=TODAY - dt.timedelta(days=400)).certificate
    newer = recognise(product, stars=4, day=TODAY - dt.timedelta(days=10)).certificate
    response = client.get(f"/api/v1/verify/{older.public_id}")
    assert response.status_code == 410 and response.json()["superseded"]["by"] == newer.public_id


def test_revoked_is_410_with_date_and_reason_and_alerts_the_province_once(client, users, fresh):
    certificate_revoke(certificate=fresh, reason="Không tái đánh giá sau 36 tháng", decision="12/QĐ-UBND", user=users["province"])
    for _ in range(3):
        response = client.get(f"/api/v1/verify/{fresh.public_id}")
    assert response.status_code == 410
    assert response.json()["revoked"]["reason"] == "Không tái đánh giá sau 36 tháng"
    alerts = Notification.objects.filter(kind="revoked_scan", user=users["province"])
    assert alerts.count() == 1


def test_unknown_mistyped_and_malformed_numbers(client, fresh):
    from ocop.certificates.ids import check_symbol

    unknown = "YYYYYYYYYY" + check_symbol("YYYYYYYYYY")
    assert client.get(f"/api/v1/verify/{unknown}").status_code == 404
    typo = fresh.public_id[:-1] + ("0" if fresh.public_id[-1] != "0" else "1")
    response = client.get(f"/api/v1/verify/{typo}")
    assert response.status_code == 400 and response.json()["status"] == "mistyped"
    for bad in ["x" * 500, "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "..%2F..%2Fetc%2Fpasswd", "' OR 1=1 --"]:
        response = client.get(f"/api/v1/verify/{bad}")
        assert response.status_code in (400, 404) and "Traceback" not in response.content.decode()
    page = client.get("/v/" + "<b>" * 30)
    assert page.status_code in (400, 404) and "<b><b>" not in page.content.decode()


def test_verification_page_is_phone_first_and_says_the_status(client, fresh):
    page = client.get(f"/v/{fresh.display_id}")
    assert page.status_code == 200 and "Giấy chứng nhận OCOP hợp lệ" in page.content.decode()


def test_qr_text_from_the_api_checks_offline_and_one_altered_character_is_tampered(client, fresh, capsys):
    data = client.get(f"/api/v1/certificates/{fresh.public_id}").json()
    text = data["qr_text"]
    call_command("verify", text)
    assert capsys.readouterr().out.startswith("valid")
    position = text.index("&k=") - 5
    altered = text[:position] + ("A" if text[position] != "A" else "B") + text[position + 1:]
    with pytest.raises(SystemExit) as exit_info:
        call_command("verify", altered)
    assert exit_info.value.code == 1 and "tampered" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        call_command("verify", text, "--only-given-keys")
    assert "unknown key" in capsys.readouterr().out


def test_public_keys_are_published(client):
    keys = client.get("/api/v1/keys").json()
    assert keys[0]["algorithm"] == "Ed25519" and len(keys[0]["key_id"]) == 8


def test_revoke_api_needs_a_token_the_province_a_reason_and_happens_once(client, users, token_for, fresh,
                                                                       django_capture_on_commit_callbacks):
    url = f"/api/v1/certificates/{fresh.public_id}/revoke"
    body = {"reason": "Vi phạm tiêu chí bắt buộc", "decision": "99/QĐ-UBND"}
    assert client.post(url, body, content_type="application/json").status_code == 401
    other = {"HTTP_AUTHORIZATION": f"Bearer {token_for(users['other_province'])}"}
    assert client.post(url, body, content_type="application/json", **other).status_code == 403
    mine = {"HTTP_AUTHORIZATION": f"Bearer {token_for(users['province'])}"}
    assert client.post(url, {"decision": "99/QĐ-UBND"}, content_type="application/json", **mine).status_code == 400
    assert client.post(url, {"reason": "x"}, content_type="application/json", **mine).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, body, content_type="application/json", **mine)
    assert response.status_code == 200 and response.json()["status"] == "revoked"
    again = client.post(url, body, content_type="application/json", **mine)
    assert again.status_code == 409
    fresh.refresh_from_db()
    assert fresh.recognition.revocation_decision == "99/QĐ-UBND"
    assert [e.kind for e in fresh.events.all()] == ["issued", "revoked"]
    producer_notice = mail.outbox[-1]
    assert "htx@example.vn" in producer_notice.to and "thu hồi" in producer_notice.subject


def test_revoking_an_upgrade_does_not_bring_the_older_certificate_back(users, province):
    product = make_product(make_producer(province))
    older = recognise(product, stars=3, day=TODAY - dt.timedelta(days=400))
    newer = recognise(product, stars=4, day=TODAY - dt.timedelta(days=10))
    certificate_revoke(certificate=newer.certificate, reason="x", decision="1/QĐ", user=users["central"])
    older.refresh_from_db()
    assert older.status == "superseded"


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_certificate_pdf_has_the_vietnamese_text_intact_and_a_qr(client, users, fresh):
    client.force_login(users["province"])
    response = client.get(f"/certificates/{fresh.public_id}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    page = reader.pages[0]
    assert page.mediabox.width > page.mediabox.height, "A4 landscape"
    text = _pdf_text(response.content)
    for expected in ("GIẤY CHỨNG NHẬN", "Mật ong rừng U Minh Hạ", "Cộng hòa".upper().replace("HÒA", "HÒA"), "★★★★",
                     "77/QĐ-UBND", fresh.display_id, "Đạt hạng 4 sao"):
        assert expected in text, expected


def test_a_certificate_pdf_is_the_version_of_its_full_facts_read_without_the_nine_table_query(client, users, fresh):
    """The download reads the certificate with what its permission check needs and the facts from the ready answer:
    the stored version is the one the full facts make, and no query joins more than four tables."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ocop.certificates.facts import certificate_queryset, facts, printable_qr
    from ocop.certificates.stored import version_of

    client.force_login(users["province"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/certificates/{fresh.public_id}/pdf/")
    assert response.status_code == 200
    full = certificate_queryset().get(pk=fresh.pk)
    request = response.wsgi_request
    assert version_of(facts(full), printable_qr(full, facts(full), request)) in response["ETag"]
    assert max(q["sql"].count(" JOIN ") for q in queries) <= 4
    assert client.get(f"/certificates/{fresh.public_id}/pdf/").content == response.content


def test_a_whole_decision_as_one_pdf_a_zip_and_labels(client, users, province):
    producer = make_producer(province)
    for i in range(3):
        recognise(make_product(producer, name=f"Sản phẩm {i}"), stars=3, number="500/QĐ-UBND",
                  day=TODAY - dt.timedelta(days=5))
    client.force_login(users["province"])
    one = client.get("/certificates/decision/?decision=500/QĐ-UBND&format=pdf")
    assert len(PdfReader(io.BytesIO(one.content)).pages) == 3
    archive = zipfile.ZipFile(io.BytesIO(client.get("/certificates/decision/?decision=500/QĐ-UBND&format=zip").content))
    assert len(archive.namelist()) == 3
    labels = client.get("/certificates/decision/?decision=500/QĐ-UBND&format=labels&copies=8")
    assert "Sản phẩm 2" in _pdf_text(labels.content)
    assert client.get("/certificates/decision/?decision=nope&format=pdf").status_code == 404


def test_office_views_are_scoped_and_export(client, users, fresh, other_province):
    there = recognise(make_product(make_producer(other_province, name="HTX CT")), day=TODAY - dt.timedelta(days=1070))
    client.force_login(users["province"])
    page = client.get("/certificates/?view=all").content.decode()
    assert fresh.display_id in page and there.certificate.display_id not in page
    assert client.get(f"/certificates/{there.certificate.public_id}/").status_code == 404
    client.force_login(users["other_province"])
    expiring = client.get("/certificates/?view=expiring&days=30").content.decode()
    assert there.certificate.display_id in expiring
    export = client.get("/certificates/export.xlsx?view=all")
    assert export.getvalue()[:2] == b"PK"
    for role in ("commune", "producer"):
        client.force_login(users[role])
        assert client.get("/certificates/").status_code == 403


def test_revoke_page(client, users, fresh):
    client.force_login(users["province"])
    url = f"/certificates/{fresh.public_id}/revoke/"
    assert "Lý do" in client.get(url).content.decode()
    refused = client.post(url, {"decision": "1/QĐ", "ground": "criteria_not_met"})  # no reason: refused beside the field
    assert refused.status_code == 400 and 'id="id_reason_error"' in refused.content.decode()
    unknown = client.post(url, {"decision": "1/QĐ", "reason": "Hết hạn", "ground": "because"})
    assert unknown.status_code == 400 and 'id="id_ground_error"' in unknown.content.decode()
    fresh.recognition.refresh_from_db()
    assert fresh.recognition.status == "in_force", "nothing changed"
    assert client.post(url, {"decision": "1/QĐ", "reason": "Hết hạn", "ground": "criteria_not_met"}).status_code == 302
    fresh.recognition.refresh_from_db()
    assert fresh.recognition.status == "revoked"


def test_daily_command(capsys):
    call_command("certificates_daily")
    assert {"issued", "window_open", "window_closing", "expired", "superseded"} <= set(json.loads(capsys.readouterr().out))


def test_the_api_never_hands_out_a_signed_qr_for_a_revoked_certificate_and_gives_the_renewal_window(client, users, fresh):
    data = client.get(f"/api/v1/certificates/{fresh.public_id}").json()
    assert data["qr_text"] and data["status"] == "in_force"
    valid_until = dt.date.fromisoformat(data["valid_until"])
    assert dt.date.fromisoformat(data["renewal_window_opens"]) == valid_until - dt.timedelta(days=180)
    assert dt.date.fromisoformat(data["renewal_window_closes"]) == valid_until - dt.timedelta(days=120)
    certificate_revoke(certificate=fresh, reason="Vi phạm ghi nhãn", decision="9/QĐ-UBND", user=users["province"])
    revoked = client.get(f"/api/v1/certificates/{fresh.public_id}").json()
    assert revoked["status"] == "revoked" and revoked["qr_text"] is None
