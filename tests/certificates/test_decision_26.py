"""Certificates under Decision 26/2026/QĐ-TTg, tried as outsiders would (issue 13): the rename attack, a tampered
or foreign QR code, revocation on its grounds by its authority, the re-evaluation window and the Art. 12.3
extension, the producer's own page."""

import datetime as dt
import re
import io
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from pypdf import PdfReader

from ocop.certificates import signing
from ocop.certificates.lifecycle import (certificate_reevaluation_decided, certificate_reevaluation_filed,
                                         certificates_daily)
from ocop.certificates.models import Certificate, Event, RevocationCase
from ocop.certificates.revocation import RevokeRefused, certificate_revoke
from ocop.notifications.models import Notification
from ocop.producers.models import ChangeRequest, Product
from ocop.recognitions.models import Recognition

from ..conftest import make_producer, make_product, recognise

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def own(users, province):
    """A 4★ certificate of the producer account's own company, 150 days before expiry."""
    product = make_product(users["producer_record"], name="Tranh gỗ lũa Đầm Dơi")
    recognition = recognise(product, stars=4, day=TODAY - dt.timedelta(days=900), number="41/QĐ-UBND",
                            valid_until=TODAY + dt.timedelta(days=150))
    return recognition.certificate


def path_and_query(text: str) -> str:
    url = urlsplit(text)
    return f"{url.path}?{url.query}"


# -- 13.1 certified facts are frozen ------------------------------------------------------------

def test_the_rename_attack_leaves_the_certified_name_on_the_verification_page(client, users, own):
    client.force_login(users["producer"])
    product = own.recognition.product
    response = client.post(f"/register/products/{product.pk}/edit/",
                           {"name": "Nước mắm Phú Quốc thượng hạng", "description": "Đặc sản", "gtin": ""})
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.name == "Tranh gỗ lũa Đầm Dơi" and product.description == "Đặc sản", "free fields saved, the name waits"
    change = ChangeRequest.objects.get(product=product)
    assert change.state == "pending" and change.changes["name"]["to"] == "Nước mắm Phú Quốc thượng hạng"
    client.logout()
    page = client.get(f"/v/{own.public_id}").content.decode()
    assert "Tranh gỗ lũa Đầm Dơi" in page and "Phú Quốc" not in page
    data = client.get(f"/api/v1/verify/{own.public_id}").json()
    assert data["product"]["name"] == "Tranh gỗ lũa Đầm Dơi" and "now_sold_as" not in data
    # the office approves: the certificate still states what was certified; the new name shows as "now sold as"
    client.force_login(users["province"])
    assert client.post("/register/changes/", {"change": change.pk, "action": "approve", "note": ""}).status_code == 302
    product.refresh_from_db()
    assert product.name == "Nước mắm Phú Quốc thượng hạng"
    data = client.get(f"/api/v1/verify/{own.public_id}").json()
    assert data["product"]["name"] == "Tranh gỗ lũa Đầm Dơi"
    assert data["now_sold_as"] == {"product": "Nước mắm Phú Quốc thượng hạng"}
    page = client.get(f"/v/{own.public_id}").content.decode()
    assert page.index("Tranh gỗ lũa Đầm Dơi") < page.index("Nước mắm Phú Quốc thượng hạng")
    # and the signed QR keeps signing the certified name
    signed = signing.check_qr(client.get(f"/api/v1/certificates/{own.public_id}").json()["qr_text"])
    assert signed.verdict == "valid" and signed.fields["product"] == "Tranh gỗ lũa Đầm Dơi"
    # the producer was told; the change is in the audit history the office sees
    assert Notification.objects.filter(kind="change_request", user=users["producer"]).exists()
    detail = client.get(f"/certificates/{own.public_id}/").content.decode()
    assert "Nước mắm Phú Quốc thượng hạng" in detail and "Tranh gỗ lũa Đầm Dơi" in detail
    assert Product.history.filter(id=product.pk).count() >= 2


def test_a_refusal_needs_a_reason_and_changes_nothing(client, users, own):
    product = own.recognition.product
    client.force_login(users["producer"])
    client.post(f"/register/products/{product.pk}/edit/", {"name": "Tên khác hẳn", "description": "", "gtin": ""})
    change = ChangeRequest.objects.get(product=product)
    # a second request while one waits is refused beside the field
    again = client.post(f"/register/products/{product.pk}/edit/", {"name": "Tên thứ ba", "description": "", "gtin": ""})
    assert again.status_code == 200 and "đang chờ" in again.content.decode()  # the form again, with the reason
    # the producer cannot decide its own request; another province cannot either
    assert client.post("/register/changes/", {"change": change.pk, "action": "approve"}).status_code == 403
    client.force_login(users["other_province"])
    assert client.post("/register/changes/", {"change": change.pk, "action": "approve"}).status_code == 400
    client.force_login(users["province"])
    no_reason = client.post("/register/changes/", {"change": change.pk, "action": "refuse", "note": ""})
    assert no_reason.status_code == 400
    change.refresh_from_db()
    assert change.state == "pending"
    assert client.post("/register/changes/", {"change": change.pk, "action": "refuse",
                                              "note": "Tên mới không khớp hồ sơ đã công nhận"}).status_code == 302
    change.refresh_from_db()
    product.refresh_from_db()
    assert change.state == "refused" and product.name == "Tranh gỗ lũa Đầm Dơi"
    assert change.history.count() == 2  # created, then decided


def test_a_change_request_on_a_revoked_product_is_refused(client, users, own):
    certificate_revoke(certificate=own, ground="mark_misuse", reason="Dán tem OCOP cho sản phẩm khác", decision="7/QĐ-UBND",
                       user=users["province"])
    client.force_login(users["producer"])
    product = own.recognition.product
    response = client.post(f"/register/products/{product.pk}/edit/", {"name": "Tên mới", "description": "", "gtin": ""})
    assert response.status_code == 200 and "đã bị thu hồi" in response.content.decode()
    product.refresh_from_db()
    assert product.name == "Tranh gỗ lũa Đầm Dơi" and not ChangeRequest.objects.exists()


def test_the_office_edits_directly_and_an_uncertified_product_changes_freely(client, users, own):
    free = make_product(users["producer_record"], name="Bánh phồng tôm")
    client.force_login(users["producer"])
    client.post(f"/register/products/{free.pk}/edit/", {"name": "Bánh phồng tôm Cà Mau", "description": "", "gtin": ""})
    free.refresh_from_db()
    assert free.name == "Bánh phồng tôm Cà Mau" and not ChangeRequest.objects.exists()
    client.force_login(users["province"])
    product = own.recognition.product
    client.post(f"/register/products/{product.pk}/edit/", {"name": "Tranh gỗ lũa Năm Căn", "description": "", "gtin": ""})
    product.refresh_from_db()
    own.refresh_from_db()
    assert product.name == "Tranh gỗ lũa Năm Căn" and own.product_name == "Tranh gỗ lũa Đầm Dơi"


def test_history_in_the_admin_is_scoped_and_read_only(client, users, own, other_province):
    from ..test_scope_matrix import admin_officer

    there = make_product(make_producer(other_province, name="HTX Cần Thơ"), name="Bưởi sấy")
    client.force_login(admin_officer(users["province"]))
    product = own.recognition.product
    assert client.get(f"/admin/producers/product/{product.pk}/history/").status_code == 200
    assert client.get(f"/admin/producers/product/{there.pk}/history/").status_code == 404
    version = Product.history.filter(id=product.pk).first()
    assert client.post(f"/admin/producers/product/{product.pk}/history/{version.history_id}/", {"name": "x"}).status_code == 403


# -- 13.2 verification that never misleads ------------------------------------------------------

def test_a_tampered_qr_is_red_and_409(client, users, own):
    text = client.get(f"/api/v1/certificates/{own.public_id}").json()["qr_text"]
    assert client.get("/api/v1/verify/" + path_and_query(text).removeprefix("/v/")).status_code == 200
    page = client.get(path_and_query(text))
    assert page.status_code == 200 and 'class="small ok"' in page.content.decode()  # "the signature is authentic"
    payload = urlsplit(text).query.split("&")[0][2:]
    forged_payload = signing.b64e(signing.b64d(payload).replace("4|".encode(), "5|".encode(), 1))
    forged = text.replace(payload, forged_payload)
    response = client.get("/api/v1/verify/" + path_and_query(forged).removeprefix("/v/"))
    assert response.status_code == 409 and response.json()["status"] == "tampered"
    assert response.json()["genuine"]["stars"] == 4
    page = client.get(path_and_query(forged))
    body = page.content.decode()
    assert page.status_code == 409 and 'class="verdict fake"' in body and "KHÔNG phải mã thật" in body
    assert "Cách báo cáo" in body and "hợp lệ" not in re.search(r"<main[^>]*>(.*)</main>", body, re.S).group(1).lower().replace(
        "không hợp lệ", "")
    # a missing part is tampered too; the province hears of it once a day
    assert client.get(f"/v/{own.public_id}?p={payload}").status_code == 409
    alerts = Notification.objects.filter(kind="tampered_scan", user=users["province"])
    assert alerts.count() == 1


def test_the_signature_covers_the_issuing_address(client, settings, own):
    settings.OCOP_PUBLIC_URL = "https://ocop.gov.vn"
    text = client.get(f"/api/v1/certificates/{own.public_id}").json()["qr_text"]
    assert text.startswith("https://ocop.gov.vn/v/")
    assert client.get(path_and_query(text)).status_code == 200
    assert signing.check_qr(text).verdict == "valid"
    copied = text.replace("https://ocop.gov.vn", "https://ocop-gov.vn.example")
    assert signing.check_qr(copied).verdict == "tampered", "the same code served from another address does not check"
    settings.OCOP_PUBLIC_URL = "https://staging.ocop.gov.vn"
    assert client.get(path_and_query(text)).status_code == 409, "a code issued for another address is refused"


def test_the_label_qr_is_short_signed_and_checks(client, own):
    from ocop.certificates.pdf import label_qr_size, qr_modules

    data = client.get(f"/api/v1/certificates/{own.public_id}").json()
    short, full = data["label_qr_text"], data["qr_text"]
    assert qr_modules(short, "l") < qr_modules(full, "m")
    # printed on a label at 100 dpi, a module is at least 2.5 pixels wide (zbar decodes 21 of 21 labels so)
    assert label_qr_size() / 72 * 100 / qr_modules(short, "l") >= 2.5
    assert signing.check_qr(short).verdict == "valid" and signing.check_qr(short).fields["stars"] == "4"
    assert client.get(path_and_query(short)).status_code == 200


def test_ocop_verify_says_it_checks_offline_only(client, own, capsys):
    data = client.get(f"/api/v1/certificates/{own.public_id}").json()
    for text in (data["qr_text"], data["label_qr_text"]):
        call_command("verify", text)
        out = capsys.readouterr().out
        assert out.startswith("valid") and "offline" in out.lower() and "revoked" in out and "http://testserver" in out


# -- 13.4 revocation ---------------------------------------------------------------------------

def test_a_five_star_revocation_by_a_province_is_refused(client, users, token_for, province):
    five = recognise(make_product(make_producer(province), name="Mật ong U Minh"), stars=5,
                     day=TODAY - dt.timedelta(days=30)).certificate
    url = f"/api/v1/certificates/{five.public_id}/revoke"
    body = {"ground": "law_breach", "reason": "Vi phạm an toàn thực phẩm", "decision": "5/QĐ-UBND"}
    province_token = {"HTTP_AUTHORIZATION": f"Bearer {token_for(users['province'])}"}
    response = client.post(url, body, content_type="application/json", **province_token)
    assert response.status_code == 403 and "5" in response.json()["detail"]
    five.recognition.refresh_from_db()
    assert five.recognition.revoked_at is None
    central = {"HTTP_AUTHORIZATION": f"Bearer {token_for(users['central'])}"}
    response = client.post(url, {**body, "decision": "12/QĐ-BNNMT"}, content_type="application/json", **central)
    assert response.status_code == 200 and response.json()["revoked"]["ground"] == "law_breach"


def test_revocation_bad_input_is_refused_and_changes_nothing(client, users, token_for, own):
    url = f"/api/v1/certificates/{own.public_id}/revoke"
    mine = {"HTTP_AUTHORIZATION": f"Bearer {token_for(users['province'])}"}
    body = {"ground": "mark_misuse", "reason": "Dùng tem OCOP trên sản phẩm khác", "decision": "9/QĐ-UBND"}
    unknown = client.post(url, {**body, "ground": "because"}, content_type="application/json", **mine)
    assert unknown.status_code == 400
    future = client.post(url, {**body, "found_on": (TODAY + dt.timedelta(days=3)).isoformat()},
                         content_type="application/json", **mine)
    assert future.status_code == 400
    nonsense = client.post(url, {**body, "found_on": "31/02/2026"}, content_type="application/json", **mine)
    assert nonsense.status_code == 400
    clerk = {"HTTP_AUTHORIZATION": f"Bearer {token_for(users['province_clerk'])}"}
    assert client.post(url, body, content_type="application/json", **clerk).status_code == 403
    own.recognition.refresh_from_db()
    assert own.recognition.revoked_at is None and not RevocationCase.objects.exists()
    found = (TODAY - dt.timedelta(days=4)).isoformat()
    done = client.post(url, {**body, "found_on": found}, content_type="application/json", **mine)
    assert done.status_code == 200
    revoked = done.json()["revoked"]
    assert revoked["ground"] == "mark_misuse" and revoked["found_on"] == found and revoked["ground_label"]
    case = RevocationCase.objects.get()
    assert case.state == "revoked" and case.deadline == TODAY + dt.timedelta(days=11)
    assert client.post(url, body, content_type="application/json", **mine).status_code == 409, "revoking twice"


def test_a_revoked_certificate_prints_and_verifies_as_revoked(client, users, own):
    label_before = client.get(f"/api/v1/certificates/{own.public_id}").json()["label_qr_text"]
    certificate_revoke(certificate=own, ground="criteria_not_met", reason="Không duy trì HACCP", decision="31/QĐ-UBND",
                       found_on=TODAY - dt.timedelta(days=2), user=users["province"])
    client.force_login(users["producer"])  # the producer gets its own PDFs (offices too)
    certificate = pdf_text(client.get(f"/certificates/{own.public_id}/pdf/").content)
    assert "ĐÃ THU HỒI" in certificate and "31/QĐ-UBND" in certificate and "tiêu chí" in certificate
    labels = pdf_text(client.get(f"/certificates/labels.pdf?id={own.public_id}").content)
    assert "ĐÃ THU HỒI" in labels
    decision = pdf_text(client.get(f"/certificates/{own.public_id}/revocation.pdf").content)
    for expected in ("QUYẾT ĐỊNH", "thu hồi Giấy chứng nhận", "31/QĐ-UBND", own.display_id, "CHỦ TỊCH", "Độc lập"):
        assert expected in decision, expected
    client.logout()
    response = client.get(path_and_query(label_before))  # a label printed before: genuine, and revoked
    assert response.status_code == 410 and "ĐÃ THU HỒI" in response.content.decode()
    assert client.get(f"/api/v1/certificates/{own.public_id}").json()["qr_text"] is None


def test_a_case_is_proposed_by_any_officer_and_decided_by_the_authority(client, users, own):
    client.force_login(users["province_clerk"])
    url = f"/certificates/{own.public_id}/"
    bad = client.post(url + "case/", {"case-ground": "mark_misuse", "case-details": "Tem giả",
                                      "case-found_on": (TODAY + dt.timedelta(days=1)).isoformat()})
    assert bad.status_code == 400 and 'id="id_case-found_on_error"' in bad.content.decode()
    assert client.post(url + "case/", {"case-ground": "mark_misuse", "case-details": "Tem OCOP trên sản phẩm khác",
                                       "case-found_on": TODAY.isoformat()}).status_code == 302
    case = RevocationCase.objects.get(state="open")
    assert case.deadline == TODAY + dt.timedelta(days=15)
    assert client.get(url + "revoke/").status_code == 403, "a clerk proposes, the chair decides"
    client.force_login(users["province"])
    page = client.get(url + "revoke/").content.decode()
    assert "Tem OCOP trên sản phẩm khác" in page
    assert client.post(url + "revoke/", {"ground": "mark_misuse", "reason": "Tem OCOP trên sản phẩm khác",
                                         "decision": "44/QĐ-UBND"}).status_code == 302
    case.refresh_from_db()
    assert case.state == "revoked" and case.decided_by == users["province"]


# -- 13.3 the re-evaluation window ----------------------------------------------------------------

def test_notices_when_the_window_opens_before_it_closes_and_at_expiry(users, own, django_capture_on_commit_callbacks):
    from ocop.evaluation.models import Dossier

    valid_until = own.recognition.valid_until

    def run(days_before):
        with django_capture_on_commit_callbacks(execute=True):
            return certificates_daily(valid_until - dt.timedelta(days=days_before))

    assert run(181)["window_open"] == 0
    first = run(180)
    assert first["window_open"] == 1 and first["renewals"] == 1 and run(170)["window_open"] == 0
    dossier = Dossier.objects.get(product=own.recognition.product)
    assert dossier.kind == "renewal" and dossier.state == "draft"
    assert run(136)["window_closing"] == 0
    assert run(135)["window_closing"] == 1 and run(121)["window_closing"] == 0
    assert run(-1)["expired"] == 1 and run(-2)["expired"] == 0
    kinds = list(Notification.objects.filter(user=users["producer"]).values_list("kind", flat=True))
    assert sorted(kinds) == ["expired", "window_closing", "window_open"]
    office = set(Notification.objects.filter(user=users["province"]).values_list("kind", flat=True))
    assert office == {"window_open", "window_closing", "expired"}
    assert any("120" in m.body or "25/" in m.body or "/" in m.subject for m in mail.outbox)
    assert not Event.objects.filter(kind="reminder").exists(), "no 90/60/30-day reminders any more"


def test_no_closing_notice_once_filed(own):
    certificate_reevaluation_filed(certificate=own, on=TODAY)
    assert certificates_daily(own.recognition.valid_until - dt.timedelta(days=125))["window_closing"] == 0


def test_a_late_re_evaluation_keeps_the_certificate_valid_until_the_result_at_most_180_days(client, users, province):
    late = recognise(make_product(make_producer(province), name="Khô cá sặc"), stars=3,
                     day=TODAY - dt.timedelta(days=1000), valid_until=TODAY - dt.timedelta(days=10)).certificate
    assert client.get(f"/api/v1/verify/{late.public_id}").status_code == 410
    client.force_login(users["province"])
    future = client.post(f"/certificates/{late.public_id}/re-evaluation/",
                         {"filing-filed_on": (TODAY + dt.timedelta(days=1)).isoformat()})
    assert future.status_code == 400
    filed = (TODAY - dt.timedelta(days=20)).isoformat()  # after the window closed, before expiry
    assert client.post(f"/certificates/{late.public_id}/re-evaluation/", {"filing-filed_on": filed}).status_code == 302
    late.recognition.refresh_from_db()
    assert late.recognition.extended_until == late.recognition.valid_until + dt.timedelta(days=180)
    data = client.get(f"/api/v1/verify/{late.public_id}").json()
    assert data["status"] == "in_force" and data["extended"]["until"] == late.recognition.extended_until.isoformat()
    assert "12.3" in client.get(f"/v/{late.public_id}").content.decode()
    certificate_reevaluation_decided(certificate=late, on=TODAY - dt.timedelta(days=1))
    assert client.get(f"/api/v1/verify/{late.public_id}").json()["status"] == "expired"


def test_a_filing_more_than_180_days_after_expiry_is_refused(users, province):
    from ocop.certificates.lifecycle import ReevaluationRefused

    old = recognise(make_product(make_producer(province)), stars=3, day=TODAY - dt.timedelta(days=1400),
                    valid_until=TODAY - dt.timedelta(days=300)).certificate
    with pytest.raises(ReevaluationRefused):
        certificate_reevaluation_filed(certificate=old, on=TODAY)
    assert Recognition.objects.get(pk=old.recognition_id).extended_until is None


# -- 13.8 the producer's own page ------------------------------------------------------------------

def test_a_producer_lands_on_my_products_and_starts_the_renewal_150_days_before_expiry(client, users, own):
    from ocop.evaluation.models import Dossier

    users["producer"].set_password("pw")
    users["producer"].save()
    landed = client.post("/login/", {"username": "producer", "password": "pw"}, follow=True)
    assert landed.redirect_chain[-1][0] == "/my/"
    page = landed.content.decode()
    opens = (own.recognition.valid_until - dt.timedelta(days=180)).strftime("%d/%m/%Y")
    closes = (own.recognition.valid_until - dt.timedelta(days=120)).strftime("%d/%m/%Y")
    assert "150" in page and closes in page and opens in page
    assert f"/certificates/{own.public_id}/pdf/" in page and f"/certificates/labels.pdf?id={own.public_id}" in page
    assert "/assess/" in page and "/dossiers/" in page
    assert client.get(f"/certificates/{own.public_id}/pdf/").status_code == 200
    assert client.get(f"/certificates/labels.pdf?id={own.public_id}").status_code == 200
    started = client.post(f"/my/renew/{own.public_id}/")
    dossier = Dossier.objects.get(product=own.recognition.product)
    assert started.status_code == 302 and started["Location"] == f"/dossiers/{dossier.pk}/"
    assert dossier.kind == "renewal"
    again = client.post(f"/my/renew/{own.public_id}/")
    assert again["Location"] == f"/dossiers/{dossier.pk}/", "one dossier, one click away"
    assert f"/dossiers/{dossier.pk}/" in client.get("/my/").content.decode()


def test_an_office_lands_on_the_dashboard_and_others_get_nothing_of_a_producer(client, users, own, other_province):
    users["province"].set_password("pw")
    users["province"].save()
    assert client.post("/login/", {"username": "province", "password": "pw"})["Location"] == "/start/"
    assert client.get("/start/")["Location"] == "/dashboard/"
    assert client.get("/my/").status_code == 403
    stranger = recognise(make_product(make_producer(other_province, name="HTX Phong Điền"), name="Bưởi"), stars=3,
                         day=TODAY - dt.timedelta(days=10)).certificate
    client.force_login(users["producer"])
    assert client.get(f"/certificates/{stranger.public_id}/pdf/").status_code == 404
    assert client.get(f"/certificates/labels.pdf?id={stranger.public_id}").status_code == 404
    assert client.post(f"/my/renew/{stranger.public_id}/").status_code == 404
    assert client.get(f"/certificates/{own.public_id}/").status_code == 403, "the office page stays the office's"


def test_the_renewal_cannot_start_before_the_window(client, users):
    early = recognise(make_product(users["producer_record"], name="Mắm tôm chà"), stars=3,
                      day=TODAY - dt.timedelta(days=30)).certificate
    client.force_login(users["producer"])
    response = client.post(f"/my/renew/{early.public_id}/", follow=True)
    assert "chưa mở" in response.content.decode() or "not open" in response.content.decode()
    assert not Event.objects.filter(certificate=early, kind="renewal").exists()


def test_every_certificate_keeps_its_certified_facts(province):
    product = make_product(make_producer(province, name="HTX Tân Hưng"), name="Khăn rằn")
    certificate = recognise(product, stars=3, day=TODAY - dt.timedelta(days=5)).certificate
    assert (certificate.product_name, certificate.producer_name, certificate.stars) == ("Khăn rằn", "HTX Tân Hưng", 3)
    assert certificate.product_set_code == product.group.code
    Product.objects.filter(pk=product.pk).update(name="Khăn lụa")  # whatever happens to the register later
    certificate = Certificate.objects.get(pk=certificate.pk)
    assert certificate.product_name == "Khăn rằn"


def test_revoke_refused_carries_the_field(users, own):
    with pytest.raises(RevokeRefused) as refused:
        certificate_revoke(certificate=own, ground="nope", reason="x", decision="1", user=users["province"])
    assert refused.value.status == 400 and refused.value.field == "ground"


def test_an_open_revocation_case_is_not_public(client, users, token_for, own):
    from ocop.certificates.revocation import revocation_case_open

    revocation_case_open(certificate=own, ground="mark_misuse", details="Nghi dùng tem cho sản phẩm khác", found_on=TODAY,
                         user=users["province_clerk"])
    public = client.get(f"/api/v1/certificates/{own.public_id}").json()
    assert "case_opened" not in [e["kind"] for e in public["history"]] and "Nghi dùng" not in str(public)
    office = client.get(f"/api/v1/certificates/{own.public_id}",
                        HTTP_AUTHORIZATION=f"Bearer {token_for(users['province'])}").json()
    assert "case_opened" in [e["kind"] for e in office["history"]]
