"""The dossier's path through the services: checklist and evidence validity, the self-assessment, the commune's
Form 03 and the product code, rounds, the advisory group, refusals per transition and role."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from ocop.evaluation import workflow
from ocop.evaluation.models import Dossier, Transition
from ocop.evaluation.services.documents import checklist, document_upload
from ocop.evaluation.services.dossiers import (DossierRefused, dossier_attach, dossier_create, dossier_move, form_save,
                                               review_record, self_assessment_save)
from ocop.notifications.models import Notification

from ..criteria.test_engine import GOLDEN_26_08
from .conftest import pdf
from .flow import FORM03, accepted, confirmed, draft, submitted

pytestmark = pytest.mark.django_db


def test_a_first_dossier_reuses_the_vault_and_asks_for_no_uploaded_forms(users, vault):
    dossier = dossier_create(product=vault["product"], kind="first", stars_sought=3, user=users["producer"])
    rows = checklist(dossier)
    kinds = {r["kind"] for r in rows}
    assert {"test_report", "food_safety_certificate", "business_registration"} <= kinds
    assert not kinds & {"registration_form", "self_assessment_report"}, "Forms 01 and 02 are written by the system"
    assert all(r["status"] == "present" for r in rows)
    assert "quality_certificate" not in kinds, "HACCP is asked only for 4 stars"
    assert dossier.sheet.code == "26-08", "filed today: the 26/2026 sheet of its product set"


def test_an_undated_test_report_never_counts_as_valid(users, vault):
    with pytest.raises(DossierRefused, match="issue date|ngày cấp"):
        document_upload(producer=users["producer_record"], upload=pdf(), kind="test_report", title="x", user=users["producer"],
                        product=vault["product"])
    dossier = draft(users, vault["product"])
    # a document of another kind (no validity rule) used for the test report item, undated
    undated = document_upload(producer=users["producer_record"], upload=pdf(), kind="other", title="Không ngày",
                              user=users["producer"], product=vault["product"])
    dossier_attach(dossier=dossier, kind="test_report", document=undated, user=users["producer"])
    row = next(r for r in checklist(dossier) if r["kind"] == "test_report")
    assert row["status"] == "undated"
    with pytest.raises(DossierRefused, match="kiểm nghiệm"):
        dossier_move(dossier=dossier, action="submit", user=users["producer"])
    assert Dossier.objects.get(pk=dossier.pk).state == "draft"


def test_a_test_report_older_than_twelve_months_is_expired(users, vault):
    dossier = draft(users, vault["product"])
    old = document_upload(producer=users["producer_record"], upload=pdf(), kind="test_report", title="cũ", user=users["producer"],
                          product=vault["product"], issued_on=dt.date.today() - dt.timedelta(days=500))
    dossier_attach(dossier=dossier, kind="test_report", document=old, user=users["producer"])
    with pytest.raises(DossierRefused, match="kiểm nghiệm"):
        dossier_move(dossier=dossier, action="submit", user=users["producer"])


def test_submitting_needs_the_whole_self_assessment(users, vault):
    dossier = dossier_create(product=vault["product"], kind="first", stars_sought=3, user=users["producer"])
    partial = {k: v for k, v in list(GOLDEN_26_08.items())[:5]}
    self_assessment_save(dossier=dossier, answers=partial, evidence={}, user=users["producer"])
    with pytest.raises(DossierRefused, match="Form 02|Mẫu số 02|tự đánh giá"):
        dossier_move(dossier=dossier, action="submit", user=users["producer"])
    with pytest.raises(DossierRefused):
        self_assessment_save(dossier=dossier, answers={"1.1": "z"}, evidence={}, user=users["producer"])
    with pytest.raises(DossierRefused):
        self_assessment_save(dossier=dossier, answers=GOLDEN_26_08, evidence={"1.1": [10 ** 6]}, user=users["producer"])
    report = vault["docs"]["test_report"]
    result = self_assessment_save(dossier=dossier, answers=GOLDEN_26_08, evidence={"9": [report.pk], "1.1": [report.pk]},
                                  user=users["producer"])
    assert result.total == Decimal("64.00") and result.stars == 3
    assert dossier.evidence.count() == 2
    assert dossier_move(dossier=dossier, action="submit", user=users["producer"]).state == "submitted"
    with pytest.raises(DossierRefused):
        self_assessment_save(dossier=dossier, answers=GOLDEN_26_08, evidence={}, user=users["producer"])  # no longer hers


def test_the_commune_writes_form_03_and_the_product_gets_its_code(users, vault):
    dossier = submitted(users, vault["product"])
    with pytest.raises(DossierRefused, match="Form 03|Mẫu số 03"):
        dossier_move(dossier=dossier, action="commune_confirm", user=users["commune"],
                     local_criteria={code: True for code in FORM03})
    assert Dossier.objects.get(pk=dossier.pk).state == "submitted", "a refused move changes nothing"
    with pytest.raises(DossierRefused):
        form_save(dossier=dossier, form="form03", data=FORM03, user=users["producer"])  # the commune's report
    form_save(dossier=dossier, form="form03", data=FORM03, user=users["commune"])
    dossier = dossier_move(dossier=dossier, action="commune_confirm", user=users["commune"],
                           local_criteria={code: True for code in FORM03})
    assert dossier.state == "commune_confirmed"
    code = dossier.product.product_code
    producer = users["producer_record"]
    assert code == f"96-{producer.commune_id}-001-{dt.date.today().year}"
    from ..conftest import make_product

    other = make_product(producer, name="Mắm tôm chà", group_code="148-1.3.4")
    for kind in ("test_report", "product_standard"):
        document_upload(producer=producer, upload=pdf(), kind=kind, title=kind, user=users["producer"], product=other,
                        issued_on=dt.date.today() - dt.timedelta(days=3))
    second = submitted(users, other)
    second = dossier_move(dossier=second, action="commune_confirm", user=users["commune"], local_criteria=FORM03)
    assert second.product.product_code == f"96-{producer.commune_id}-002-{dt.date.today().year}", "the commune's running number"


def test_the_commune_returns_a_dossier_for_completion_with_a_reason(users, vault):
    dossier = submitted(users, vault["product"])
    with pytest.raises(DossierRefused, match="reason|lý do"):
        dossier_move(dossier=dossier, action="commune_return", user=users["commune"])
    dossier = dossier_move(dossier=dossier, action="commune_return", user=users["commune"], reason="Thiếu ảnh sản phẩm")
    assert dossier.state == "returned" and dossier.due_on
    dossier = dossier_move(dossier=dossier, action="resubmit", user=users["producer"])
    assert dossier.state == "submitted", "back to where it was returned from"
    notice = Notification.objects.filter(user=users["producer"], kind="dossier").order_by("pk")
    assert any("Thiếu ảnh sản phẩm" in n.body for n in notice)


def test_accepting_needs_an_open_round_and_sets_the_complete_date(users, vault):
    dossier = confirmed(users, vault["product"])
    with pytest.raises(DossierRefused, match="round|đợt"):
        dossier_move(dossier=dossier, action="accept", user=users["province"])
    from ocop.evaluation.services.rounds import round_open

    today = dt.date.today()
    r = round_open(level="province", province=dossier.province, year=today.year + 1, number=1, user=users["province"])
    dossier = dossier_move(dossier=dossier, action="accept", user=users["province"])
    assert dossier.round == r and dossier.complete_on == today and dossier.due_on <= r.finish_by


def test_the_advisory_group_reviews_before_the_council(users, vault, council, round_):
    council, seats = council
    dossier = accepted(users, vault["product"])
    assert workflow.WAITS_FOR[dossier.state] == "advisor"
    assert Notification.objects.filter(user=seats["adviser"].user, kind="dossier").exists(), "the adviser is told"
    with pytest.raises(DossierRefused, match="review|xem xét|Tổ tư vấn"):
        dossier_move(dossier=dossier, action="advisory_review", user=seats["adviser"].user)
    with pytest.raises(DossierRefused):
        review_record(dossier=dossier, kind="review", on=dt.date.today(), findings="x", recommendation="proceed",
                      user=seats["m1"].user)  # a council member, not the advisory group
    review_record(dossier=dossier, kind="site_visit", on=dt.date.today(), findings="Cơ sở sạch, đúng quy trình.",
                  recommendation="proceed", place="Năm Căn", participants="Tổ tư vấn", user=seats["adviser"].user)
    assert Dossier.objects.get(pk=dossier.pk).state == "accepted", "a site visit alone does not move it"
    review_record(dossier=dossier, kind="review", on=dt.date.today(), findings="Cần bổ sung phiếu kiểm nghiệm.",
                  recommendation="complete", user=seats["adviser"].user)
    assert Dossier.objects.get(pk=dossier.pk).state == "accepted"
    assert Notification.objects.filter(user=users["province"], title__contains="Tổ tư vấn").exists() or \
        Notification.objects.filter(user=users["province"]).exists()
    review_record(dossier=dossier, kind="review", on=dt.date.today(), findings="Đủ điều kiện trình Hội đồng.",
                  recommendation="proceed", user=seats["adviser"].user)
    dossier = Dossier.objects.get(pk=dossier.pk)
    assert dossier.state == "reviewed" and dossier.reviews.count() == 3
    assert Transition.objects.filter(dossier=dossier, action="advisory_review", role="advisor").exists()


ROLES = ["producer", "commune", "province", "central", "other_province", "nobody"]


def _human_moves():
    for action, move in workflow.MOVES.items():
        if move.roles == {workflow.Role.SYSTEM}:
            continue
        for state in sorted(move.sources):
            yield action, state


@pytest.mark.parametrize("action, state", list(_human_moves()))
def test_every_transition_by_every_role_from_each_source_state(users, vault, round_, action, state):
    """A role workflow.py allows may make the move (conditions aside: the refusal then names them); every other
    role is refused with the reason, and nothing changes."""
    dossier = draft(users, vault["product"])
    allowed = set(workflow.allowed_roles(action, state))
    for who in ROLES:
        Dossier.objects.filter(pk=dossier.pk).update(state=state, returned_from="submitted", result_stars=3,
                                                     result_score=Decimal("60"), round=round_)
        kwargs = {"reason": "Lý do", "local_criteria": FORM03, "decision_number": f"{action}-{state}-{who}/QĐ-UBND",
                  "decision_date": dt.date.today().isoformat(), "stars": 3}
        try:
            dossier_move(dossier=dossier, action=action, user=users[who], **kwargs)
            moved = True
        except DossierRefused as exc:
            moved = False
            assert str(exc), "a refusal says why"
            if who in allowed:
                assert exc.status in (400, 409), f"{who} may {action} from {state}; refused only on a condition: {exc}"
        if who not in allowed:
            assert not moved, f"{who} must not {action} from {state}"
            assert Dossier.objects.get(pk=dossier.pk).state == state, "a refused move changes nothing"


def test_a_move_from_the_wrong_state_says_why(users, vault):
    dossier = draft(users, vault["product"])
    with pytest.raises(DossierRefused, match="Không thể|not possible") as exc:
        dossier_move(dossier=dossier, action="accept", user=users["province"])
    assert exc.value.status == 409


def test_a_producer_cannot_approve_their_own_dossier(users, vault):
    dossier = submitted(users, vault["product"])
    for action in ("commune_confirm", "accept"):
        with pytest.raises(DossierRefused) as exc:
            dossier_move(dossier=dossier, action=action, user=users["producer"], local_criteria=FORM03)
        assert exc.value.status == 403


def test_uploads_are_checked_by_content(users):
    exe = SimpleUploadedFile("ho-so.pdf", b"MZ\x90\x00\x03\x00\x00\x00this is a program", content_type="application/pdf")
    with pytest.raises(DossierRefused, match="PDF"):
        document_upload(producer=users["producer_record"], upload=exe, kind="other", title="x", user=users["producer"])
    png = SimpleUploadedFile("anh.bin", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    document = document_upload(producer=users["producer_record"], upload=png, kind="photos", title="Ảnh", user=users["producer"])
    assert document.extension == ".png" and "anh" not in document.file.name
    with pytest.raises(DossierRefused):
        document_upload(producer=users["producer_record"], upload=pdf(), kind="other", title="x", user=users["other_province"])


def test_a_producer_registers_a_new_product_when_starting_a_dossier(users, vault):
    from ocop.evaluation.services.dossiers import dossier_start
    from ocop.taxonomy.models import ProductGroup

    group = ProductGroup.objects.get(code="26-1.4.1")  # fish sauce: sheet 26-09
    dossier = dossier_start(user=users["producer"], kind="first", stars_sought=3,
                            new_product={"producer": users["producer_record"], "name": "Nước mắm Sông Đốc", "group": group})
    assert dossier.product.name == "Nước mắm Sông Đốc" and dossier.sheet.code == "26-09"
    with pytest.raises(DossierRefused):
        dossier_start(user=users["producer"], kind="first", stars_sought=3,
                      new_product={"producer": users["producer_record"], "name": "nước mắm sông đốc", "group": group})
    with pytest.raises(DossierRefused):
        dossier_start(user=users["other_province"], kind="first", stars_sought=3,
                      new_product={"producer": users["producer_record"], "name": "Lạ", "group": group})


def test_a_group_covering_several_product_sets_asks_for_the_set_first(users):
    from ocop.criteria.models import Sheet
    from ocop.evaluation.services.dossiers import sheet_choices

    from ..conftest import make_product

    product = make_product(users["producer_record"], name="Mật ong rừng", group_code="148-1")  # "Thực phẩm": many sets
    choices = sheet_choices(product)
    assert len(choices) > 1
    with pytest.raises(DossierRefused, match="product set|bộ sản phẩm"):
        dossier_create(product=product, kind="first", stars_sought=3, user=users["producer"])
    chosen = next(c for c in choices if c.code == "26-04")
    dossier = dossier_create(product=product, kind="first", stars_sought=3, user=users["producer"], sheet=chosen)
    assert dossier.sheet == chosen
    with pytest.raises(DossierRefused):
        dossier_create(product=make_product(users["producer_record"], name="Khác", group_code="148-1"), kind="first",
                       stars_sought=3, user=users["producer"], sheet=Sheet.objects.filter(code="26-26").first())


def test_every_step_tells_whoever_the_dossier_waits_for_in_the_app_and_by_mail(users, vault, round_):
    mail.outbox.clear()
    dossier = submitted(users, vault["product"])
    assert Notification.objects.filter(user=users["commune"], kind="dossier").exists()
    confirmed_ = dossier_move(dossier=dossier, action="commune_confirm", user=users["commune"], local_criteria=FORM03)
    assert Notification.objects.filter(user=users["province"], kind="dossier", url=f"/dossiers/{confirmed_.pk}/").exists()
    assert not Notification.objects.filter(user=users["other_province"]).exists()
    assert Notification.objects.filter(user=users["producer"]).count() >= 2


def test_the_commune_has_fifteen_working_days(users, vault, clock):
    clock.set(dt.date(2027, 1, 29))  # Friday before Tết 2027 (4-10 February off)
    dossier = submitted(users, vault["product"])
    # 15 working days: 1-3 Feb, (4-10 Tết), 11-12, 15-19, 22-26 → Friday 26/02/2027
    assert dossier.due_on == dt.date(2027, 2, 26)
