"""Monitoring after certification (Decision 26/2026 Art. 9), tried through the office's pages: plans, an
inspection that finds the OCOP mark misused, the proposal that opens a revocation case, the chair's revocation,
its printed decision, and the label's QR code reporting it; what the office sees (never inspected, overdue)."""

import datetime as dt
import io
from urllib.parse import urlsplit

import pytest
from pypdf import PdfReader

from ocop.certificates.lifecycle import certificates_daily
from ocop.certificates.models import RevocationCase
from ocop.monitoring.models import Finding, Inspection, InspectionPlan
from ocop.notifications.models import Notification

from ..conftest import make_producer, make_product, recognise

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def certified(users):
    product = make_product(users["producer_record"], name="Mật ong rừng U Minh Hạ")
    return recognise(product, stars=4, day=TODAY - dt.timedelta(days=200), number="88/QĐ-UBND").certificate


def inspection_form(**changes):
    data = {"kind": "unannounced", "inspected_on": (TODAY - dt.timedelta(days=3)).isoformat(),
            "inspectors": "Nguyễn Văn A (Sở NN&MT), Trần Thị B", "criteria": "kept", "criteria_notes": "",
            "mark_use": "misuse", "mark_notes": "Tem OCOP 4 sao dán trên mật ong pha chưa được công nhận",
            "finding_1_subject": "mark", "finding_1_description": "Dùng tem OCOP cho sản phẩm chưa được công nhận",
            "finding_1_correct_by": (TODAY + dt.timedelta(days=10)).isoformat()}
    data.update(changes)
    return data


def test_an_inspection_finding_mark_misuse_leads_to_a_printed_revocation_the_qr_reports(client, users, certified):
    label = client.get(f"/api/v1/certificates/{certified.public_id}").json()["label_qr_text"]
    client.force_login(users["province_clerk"])
    home = client.get("/monitoring/").content.decode()
    assert certified.product_name in home  # never inspected yet
    # a plan, then the inspection
    assert client.post("/monitoring/", {"province": "96", "year": TODAY.year, "kind": "unannounced",
                                        "title": "Kiểm tra đột xuất tem nhãn OCOP", "starts_on": f"{TODAY.year}-01-01",
                                        "ends_on": f"{TODAY.year}-12-31", "notes": ""}).status_code == 302
    plan = InspectionPlan.objects.get()
    response = client.post(f"/monitoring/inspect/{certified.public_id}/", inspection_form(plan=plan.pk))
    assert response.status_code == 302
    inspection = Inspection.objects.get()
    assert inspection.outcome == "pending" and inspection.findings.count() == 1
    assert certified.public_id not in [c.public_id for c in client.get("/monitoring/").context["uninspected"]]
    # the office proposes revocation: a case dated on the inspection, 15 days to decide
    assert client.post(f"/monitoring/inspections/{inspection.pk}/", {"action": "conclude", "outcome": "revocation",
                                                                     "ground": "", "note": "Tái phạm"}).status_code == 302
    inspection.refresh_from_db()
    case = inspection.revocation_case
    assert case.ground == "mark_misuse" and case.found_on == inspection.inspected_on
    assert case.deadline == inspection.inspected_on + dt.timedelta(days=15) and case.state == "open"
    assert Notification.objects.filter(kind="revocation_case", user=users["province"]).exists()
    # the inspection record prints in the administrative layout
    record = pdf_text(client.get(f"/monitoring/inspections/{inspection.pk}/record.pdf").content)
    assert "BIÊN BẢN KIỂM TRA" in record and "Dùng tem OCOP" in record and "Độc lập" in record
    # the chair decides
    client.force_login(users["province"])
    form = client.get(f"/certificates/{certified.public_id}/revoke/").content.decode()
    assert "mark_misuse\" selected" in form
    assert client.post(f"/certificates/{certified.public_id}/revoke/", {
        "ground": "mark_misuse", "reason": "Dùng tem OCOP cho sản phẩm chưa được công nhận",
        "found_on": case.found_on.isoformat(), "decision": "120/QĐ-UBND"}).status_code == 302
    case.refresh_from_db()
    assert case.state == "revoked"
    decision = pdf_text(client.get(f"/certificates/{certified.public_id}/revocation.pdf").content)
    assert "120/QĐ-UBND" in decision and "thu hồi" in decision and "nhãn hiệu OCOP" in decision
    # the label printed before now reports the revocation
    client.logout()
    url = urlsplit(label)
    response = client.get(f"/api/v1/verify/{certified.public_id}?{url.query}")
    assert response.status_code == 410 and response.json()["status"] == "revoked"
    assert response.json()["revoked"]["ground"] == "mark_misuse"
    page = client.get(f"{url.path}?{url.query}").content.decode()
    assert "ĐÃ THU HỒI" in page


def test_inspection_bad_input_is_refused_beside_the_field(client, users, certified, other_province):
    client.force_login(users["province"])
    url = f"/monitoring/inspect/{certified.public_id}/"
    future = client.post(url, inspection_form(inspected_on=(TODAY + dt.timedelta(days=2)).isoformat()))
    assert future.status_code == 400 and 'id="id_inspected_on_error"' in future.content.decode()
    early = client.post(url, inspection_form(finding_1_correct_by=(TODAY - dt.timedelta(days=30)).isoformat()))
    assert early.status_code == 400 and 'id="id_finding_1_correct_by_error"' in early.content.decode()
    silent = client.post(url, inspection_form(finding_1_subject="", finding_1_description="", finding_1_correct_by=""))
    assert silent.status_code == 400, "a misused mark needs a finding"
    assert not Inspection.objects.exists()
    there = recognise(make_product(make_producer(other_province, name="HTX Phong Điền"), name="Bưởi"), stars=3,
                      day=TODAY - dt.timedelta(days=40)).certificate
    assert client.get(f"/monitoring/inspect/{there.public_id}/").status_code == 404
    for who in ("producer", "commune"):
        client.force_login(users[who])
        assert client.get("/monitoring/").status_code == 403
        assert client.post(url, inspection_form()).status_code == 403
    assert not Inspection.objects.exists()


def test_kept_corrected_and_overdue_findings(client, users, certified, django_capture_on_commit_callbacks):
    client.force_login(users["province"])
    client.post(f"/monitoring/inspect/{certified.public_id}/", inspection_form(
        mark_use="correct", criteria="kept", finding_1_subject="", finding_1_description="", finding_1_correct_by=""))
    kept = Inspection.objects.get()
    assert kept.outcome == "kept"
    client.post(f"/monitoring/inspect/{certified.public_id}/", inspection_form(
        inspected_on=(TODAY - dt.timedelta(days=20)).isoformat(), criteria="partly", mark_use="correct",
        finding_1_subject="criteria", finding_1_description="Chưa có phiếu kiểm nghiệm định kỳ 2026",
        finding_1_correct_by=(TODAY - dt.timedelta(days=5)).isoformat()))
    pending = Inspection.objects.exclude(pk=kept.pk).get()
    finding = pending.findings.get()
    home = client.get("/monitoring/").content.decode()
    assert "Chưa có phiếu kiểm nghiệm định kỳ 2026" in home and 'class="overdue"' in home
    with django_capture_on_commit_callbacks(execute=True):
        assert certificates_daily()["overdue_findings"] == 1  # the daily job tells the province once
        assert certificates_daily()["overdue_findings"] == 0
    assert Notification.objects.filter(kind="finding_overdue", user=users["province"]).count() == 1
    not_yet = client.post(f"/monitoring/inspections/{pending.pk}/", {"action": "conclude", "outcome": "corrected"})
    assert not_yet.status_code == 400
    assert client.post(f"/monitoring/inspections/{pending.pk}/", {
        "action": "correct", "finding": finding.pk, "corrected_on": TODAY.isoformat(), "note": "Đã bổ sung"}).status_code == 302
    assert client.post(f"/monitoring/inspections/{pending.pk}/", {"action": "conclude", "outcome": "corrected"}).status_code == 302
    pending.refresh_from_db()
    assert pending.outcome == "corrected" and not RevocationCase.objects.exists()
    assert "Chưa có phiếu kiểm nghiệm định kỳ 2026" not in client.get("/monitoring/").content.decode()


def test_the_office_sees_products_never_inspected(client, users, certified, province):
    other = recognise(make_product(make_producer(province, name="HTX Khánh Bình"), name="Khô cá kèo"), stars=3,
                      day=TODAY - dt.timedelta(days=60)).certificate
    client.force_login(users["province"])
    client.post(f"/monitoring/inspect/{certified.public_id}/", inspection_form(
        mark_use="correct", finding_1_subject="", finding_1_description="", finding_1_correct_by=""))
    response = client.get("/monitoring/")
    never = [c.public_id for c in response.context["uninspected"]]
    assert other.public_id in never and certified.public_id not in never
    assert Finding.objects.count() == 0
