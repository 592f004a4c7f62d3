import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ocop.evaluation.models import Session
from ocop.evaluation.services.councils import agenda_add, item_result, score_submit, session_close, session_create, session_open, visible_scores
from ocop.evaluation import workflow
from ocop.evaluation.models import Dossier, Transition
from ocop.evaluation.services.dossiers import (LOCAL_CRITERIA, DossierRefused, checklist, document_upload, dossier_attach,
                                    dossier_create, dossier_move)
from ocop.notifications.models import Notification

from ..criteria.test_engine import GOLDEN_26_08
from .conftest import pdf

pytestmark = pytest.mark.django_db
CONFIRM = {code: True for code in LOCAL_CRITERIA}


def make_dossier(users, vault, stars=3):
    return dossier_create(product=vault["product"], kind="first", stars_sought=stars, user=users["producer"])


def test_a_first_dossier_reuses_the_vault_and_shows_its_checklist(users, vault):
    dossier = make_dossier(users, vault)
    rows = checklist(dossier)
    assert {r["kind"] for r in rows} >= {"registration_form", "test_report", "food_safety_certificate"}
    assert all(r["status"] == "present" for r in rows if r["kind"] not in ("registration_form", "self_assessment_report"))
    assert "quality_certificate" not in {r["kind"] for r in rows}, "HACCP is asked only for 4 stars"


def test_submitting_with_missing_or_expired_items_is_refused_with_the_list(users, vault):
    dossier = make_dossier(users, vault)
    with pytest.raises(DossierRefused, match="Phiếu đăng ký"):
        dossier_move(dossier=dossier, action="submit", user=users["producer"])
    assert Dossier.objects.get(pk=dossier.pk).state == "draft"
    for kind in ("registration_form", "self_assessment_report"):
        dossier_attach(dossier=dossier, kind=kind, document=vault["docs"][kind], user=users["producer"])
    old = document_upload(producer=users["producer_record"], upload=pdf(), kind="test_report", title="cũ", user=users["producer"],
                          product=vault["product"], issued_on=dt.date.today() - dt.timedelta(days=500))
    dossier_attach(dossier=dossier, kind="test_report", document=old, user=users["producer"])
    with pytest.raises(DossierRefused, match="kiểm nghiệm"):
        dossier_move(dossier=dossier, action="submit", user=users["producer"])


def ready(users, vault, stars=3):
    dossier = make_dossier(users, vault, stars)
    for kind in ("registration_form", "self_assessment_report"):
        dossier_attach(dossier=dossier, kind=kind, document=vault["docs"][kind], user=users["producer"])
    return dossier


def test_the_path_with_a_return_for_a_missing_test_report(users, vault):
    dossier = ready(users, vault)
    dossier_move(dossier=dossier, action="submit", user=users["producer"])
    with pytest.raises(DossierRefused):
        dossier_move(dossier=dossier, action="commune_confirm", user=users["commune"], local_criteria={"origin": True})
    dossier_move(dossier=dossier, action="commune_confirm", user=users["commune"], local_criteria=CONFIRM)
    with pytest.raises(DossierRefused, match="reason|lý do"):
        dossier_move(dossier=dossier, action="return", user=users["province"])
    dossier_move(dossier=dossier, action="return", user=users["province"], reason="Thiếu phiếu kiểm nghiệm mới")
    dossier.refresh_from_db()
    assert dossier.state == "returned" and dossier.due_on
    new_report = document_upload(producer=users["producer_record"], upload=pdf(), kind="test_report", title="mới",
                                 user=users["producer"], product=vault["product"], issued_on=dt.date.today())
    dossier_attach(dossier=dossier, kind="test_report", document=new_report, user=users["producer"])
    dossier_move(dossier=dossier, action="resubmit", user=users["producer"])
    assert Dossier.objects.get(pk=dossier.pk).state == "commune_confirmed", "back to where it was returned from"
    history = list(Transition.objects.filter(dossier=dossier).values_list("action", "to_state"))
    assert history[-3:] == [("commune_confirm", "commune_confirmed"), ("return", "returned"), ("resubmit", "commune_confirmed")]
    assert Notification.objects.filter(user=users["producer"], kind="dossier").count() >= 4


ROLES = ["producer", "commune", "province", "central", "other_province", "nobody"]
ROLE_NAMES = {"producer": "producer", "commune": "commune", "province": "province", "central": "central"}


@pytest.mark.parametrize("action", [a for a, move in workflow.MOVES.items() if move.roles != {workflow.Role.SYSTEM}])
@pytest.mark.parametrize("who", ROLES)
def test_every_transition_by_every_role_from_its_source_state(users, vault, action, who):
    """A role listed in workflow.MOVES may make the move (conditions aside); every other role is refused."""
    sources, allowed_roles, needs_reason = workflow.MOVES[action].sources, workflow.MOVES[action].roles, workflow.MOVES[action].needs_reason
    dossier = ready(users, vault)
    Dossier.objects.filter(pk=dossier.pk).update(state=sorted(sources)[0], returned_from="submitted", result_stars=3,
                                                 result_score=Decimal("60"))
    dossier.refresh_from_db()
    expected = ROLE_NAMES.get(who) in allowed_roles
    kwargs = {"reason": "Lý do" if needs_reason else "", "local_criteria": CONFIRM,
              "decision_number": "1/QĐ-UBND", "decision_date": dt.date.today().isoformat(), "stars": 3}
    try:
        dossier_move(dossier=dossier, action=action, user=users[who], **kwargs)
        moved = True
    except DossierRefused as exc:
        moved = False
        if expected:
            pytest.fail(f"{who} should be able to {action}: {exc}")
    assert moved == expected
    if not expected:
        assert Dossier.objects.get(pk=dossier.pk).state == sorted(sources)[0], "a refused move changes nothing"


def test_a_move_from_the_wrong_state_says_why(users, vault):
    dossier = ready(users, vault)
    with pytest.raises(DossierRefused, match="Không thể|not possible"):
        dossier_move(dossier=dossier, action="accept", user=users["province"])


def test_a_producer_cannot_approve_their_own_dossier(users, vault):
    dossier = ready(users, vault)
    dossier_move(dossier=dossier, action="submit", user=users["producer"])
    for action in ("commune_confirm", "accept"):
        with pytest.raises(DossierRefused):
            dossier_move(dossier=dossier, action=action, user=users["producer"], local_criteria=CONFIRM)


def test_uploads_are_checked_by_content(users):
    exe = SimpleUploadedFile("ho-so.pdf", b"MZ\x90\x00\x03\x00\x00\x00this is a program", content_type="application/pdf")
    with pytest.raises(DossierRefused, match="PDF"):
        document_upload(producer=users["producer_record"], upload=exe, kind="other", title="x", user=users["producer"])
    png = SimpleUploadedFile("anh.bin", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    document = document_upload(producer=users["producer_record"], upload=png, kind="photos", title="Ảnh", user=users["producer"])
    assert document.extension == ".png" and document.file.name.endswith(".png") and "anh" not in document.file.name
    with pytest.raises(DossierRefused):
        document_upload(producer=users["producer_record"], upload=pdf(), kind="other", title="x", user=users["other_province"])


def accepted(users, vault, stars=3):
    dossier = ready(users, vault, stars)
    dossier_move(dossier=dossier, action="submit", user=users["producer"])
    dossier_move(dossier=dossier, action="commune_confirm", user=users["commune"], local_criteria=CONFIRM)
    dossier_move(dossier=dossier, action="accept", user=users["province"])
    return dossier


def scoring_session(users, vault, council, present=("chair", "m1", "m2")):
    """An accepted dossier on the agenda of an open session, with these members present."""
    council, seats = council
    dossier = accepted(users, vault)
    secretary = seats["secretary"].user
    session = session_create(council=council, date=dt.date.today() + dt.timedelta(days=7), place="", user=secretary)
    item = agenda_add(session=session, dossier=dossier, user=secretary)
    session_open(session=session, present=[seats[name] for name in present], user=secretary)
    return dossier, session, item, seats, secretary


def answers_worth(points_up: int) -> dict:
    """GOLDEN (64 points) with some answers raised."""
    answers = dict(GOLDEN_26_08)
    if points_up:
        # the 4★ minima (+1 +1 +1 +1 +2 +2), export, fairs abroad, very unique (+2 +2 +2) = 78
        answers.update({"2.1": "c", "2.3": "c", "3.4": "b", "3.5": "b", "5.1": "e", "9": "b", "4.1": "d", "4.3": "e",
                        "7": "d"})
    return answers


def test_council_scoring_divergence_quorum_mean_and_stars(users, vault, council):
    council, seats = council
    dossier = accepted(users, vault)
    secretary = seats["secretary"].user
    session = session_create(council=council, date=dt.date.today() + dt.timedelta(days=7), place="UBND tỉnh", user=secretary)
    item = agenda_add(session=session, dossier=dossier, user=secretary)
    assert Dossier.objects.get(pk=dossier.pk).state == "in_evaluation"
    with pytest.raises(DossierRefused):
        score_submit(item=item, user=seats["m1"].user, answers=GOLDEN_26_08)  # session not open
    session_open(session=session, present=[seats["chair"], seats["m1"], seats["m2"]], user=secretary)
    assert visible_scores(item, seats["m1"].user) is None
    score_submit(item=item, user=seats["chair"].user, answers=GOLDEN_26_08)  # 64
    score_submit(item=item, user=seats["m1"].user, answers=GOLDEN_26_08)  # 64
    assert visible_scores(item, seats["m2"].user) is None, "no peeking before one's own score"
    with pytest.raises(DossierRefused):
        score_submit(item=item, user=seats["m3"].user, answers=GOLDEN_26_08)  # absent
    score_submit(item=item, user=seats["m2"].user, answers=answers_worth(14))  # 78: mean 68.67, 78 is 9.33 away
    item.refresh_from_db()
    assert not item.flagged
    assert len(visible_scores(item, seats["m2"].user)) == 3
    with pytest.raises(DossierRefused):
        score_submit(item=item, user=seats["m2"].user, answers=GOLDEN_26_08)  # no second round without divergence
    mean, stars = item_result(item)
    assert mean == Decimal("68.67") and stars == 3
    session_close(session=session, user=secretary)
    dossier.refresh_from_db()
    assert dossier.state == "evaluated" and dossier.result_score == Decimal("68.67") and dossier.result_stars == 3
    with pytest.raises(DossierRefused):
        score_submit(item=item, user=seats["chair"].user, answers=GOLDEN_26_08)  # locked


def test_divergent_scores_are_flagged_and_re_scored_keeping_both(users, vault, council):
    dossier, session, item, seats, secretary = scoring_session(users, vault, council)
    low = {code: "a" for code in GOLDEN_26_08}  # the lowest options: 16 points
    score_submit(item=item, user=seats["chair"].user, answers=GOLDEN_26_08)
    score_submit(item=item, user=seats["m1"].user, answers=GOLDEN_26_08)
    score_submit(item=item, user=seats["m2"].user, answers=low)
    item.refresh_from_db()
    assert item.flagged
    with pytest.raises(DossierRefused, match="re-score|chấm lại|differ|chênh"):
        session_close(session=session, user=secretary)
    score_submit(item=item, user=seats["m2"].user, answers=GOLDEN_26_08)
    assert item.scores.filter(member=seats["m2"]).count() == 2, "the history keeps both rounds"
    session_close(session=session, user=secretary)
    assert Dossier.objects.get(pk=dossier.pk).result_score == Decimal("64.00")


def test_closing_without_quorum_is_refused(users, vault, council):
    dossier, session, item, seats, secretary = scoring_session(users, vault, council, present=("m1", "m2", "m3"))  # no chair
    for name in ("m1", "m2", "m3"):
        score_submit(item=item, user=seats[name].user, answers=GOLDEN_26_08)
    with pytest.raises(DossierRefused, match="chair|chủ tịch"):
        session_close(session=session, user=secretary)
    assert Session.objects.get(pk=session.pk).state == "open"


def test_scoring_a_dossier_not_on_the_agenda_or_by_a_stranger_is_refused(users, vault, council):
    dossier, session, item, seats, secretary = scoring_session(users, vault, council)
    with pytest.raises(DossierRefused):
        score_submit(item=item, user=users["province"], answers=GOLDEN_26_08)


def test_agenda_needs_a_working_day_before_the_session(users, vault, council):
    council, seats = council
    dossier = accepted(users, vault)
    session = session_create(council=council, date=dt.date.today(), place="", user=seats["secretary"].user)
    with pytest.raises(DossierRefused, match="working day|ngày làm việc"):
        agenda_add(session=session, dossier=dossier, user=seats["secretary"].user)


def test_recognition_decision_creates_the_register_entry_and_an_upgrade_reuses_valid_documents(users, vault, council):
    dossier, session, item, seats, secretary = scoring_session(users, vault, council)
    for name in ("chair", "m1", "m2"):
        score_submit(item=item, user=seats[name].user, answers=GOLDEN_26_08)
    session_close(session=session, user=secretary)
    with pytest.raises(DossierRefused):
        dossier_move(dossier=dossier, action="recognise", user=users["province"], stars=4, decision_number="5/QĐ",
                     decision_date=dt.date.today().isoformat())
    dossier_move(dossier=dossier, action="recognise", user=users["province"], stars=3, decision_number="5/QĐ-UBND",
                 decision_date=dt.date.today().isoformat())
    dossier.refresh_from_db()
    recognition = dossier.recognition
    assert recognition.stars == 3 and recognition.decision_number == "5/QĐ-UBND" and recognition.certificate
    assert recognition.valid_until.year == dt.date.today().year + 3
    upgrade = dossier_create(product=vault["product"], kind="upgrade", stars_sought=4, user=users["producer"])
    kinds = {i.kind for i in upgrade.items.all()}
    assert {"test_report", "food_safety_certificate", "product_standard"} <= kinds, "valid documents are reused"
    missing = {r["kind"] for r in checklist(upgrade) if r["status"] != "present"}
    assert "quality_certificate" in missing and "registration_form" in missing
