"""Councils an office sets up, sessions without dead ends, scoring and divergence, written opinions, the central
path and decisions."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail

from ocop.accounts.models import Role, User
from ocop.evaluation.models import Decision, Dossier, Session
from ocop.evaluation.services.councils import (agenda_add, council_create, council_update, meeting_call, member_add,
                                               member_update, opinions_start, session_adjourn, session_attendance,
                                               session_cancel, session_close, session_create, session_open,
                                               session_reschedule)
from ocop.evaluation.services.scoring import item_result, item_status, score_submit, visible_scores
from ocop.evaluation.services.decisions import decision_correct
from ocop.evaluation.services.dossiers import DossierRefused, dossier_move
from ocop.notifications.models import Notification
from ocop.core.workdays import add_working_days

from ..criteria.test_engine import GOLDEN_26_08
from .conftest import pdf
from .flow import LOW, NINETY_TWO, SEVENTY_EIGHT, evaluated, reviewed, session_for

pytestmark = pytest.mark.django_db


# -- councils ----------------------------------------------------------------------------------------

def test_an_office_sets_up_its_council_and_invites_members_by_mail(users, province, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    council = council_create(level="province", province=province, name="Hội đồng OCOP tỉnh Cà Mau",
                             decision_number="345/QĐ-UBND", decision_date=dt.date.today(), user=users["province"])
    assert (council.quorum, council.divergence, council.chair_required) == (Decimal("0.75"), Decimal("10.00"), True)
    with django_capture_on_commit_callbacks(execute=True):
        member = member_add(council=council, role="chair", agency="UBND tỉnh", user=users["province"],
                            email="pct@camau.gov.vn", full_name="Lê Văn Sử")
    assert member.user.role == Role.COUNCIL and member.user.province_id == "96" and not member.user.has_usable_password()
    assert member.full_name == "Lê Văn Sử"
    assert any("pct@camau.gov.vn" in m.to for m in mail.outbox), "the invitation goes out by e-mail"
    officer = User.objects.create_user(username="ocop96", role=Role.PROVINCE, province=province, first_name="Trần Thị", last_name="Hoa")
    seated = member_add(council=council, role="secretary", agency="Văn phòng Điều phối NTM", user=users["province"], person=officer)
    assert seated.full_name == "Trần Thị Hoa"
    with pytest.raises(DossierRefused, match="chair|Chủ tịch"):
        member_add(council=council, role="chair", agency="", user=users["province"], email="b@x.vn", full_name="Hai Chủ Tịch")
    with pytest.raises(DossierRefused):
        member_add(council=council, role="member", agency="", user=users["province"], person=users["other_province"])
    for who in ("other_province", "producer", "commune"):
        with pytest.raises(DossierRefused) as exc:
            member_add(council=council, role="member", agency="", user=users[who], email=f"{who}@x.vn", full_name="A B")
        assert exc.value.status == 403
    with pytest.raises(DossierRefused):
        council_create(level="province", province=province, name="X", decision_number="1", decision_date=dt.date.today(),
                       user=users["other_province"])
    with pytest.raises(DossierRefused):
        council_create(level="central", province=None, name="X", decision_number="1", decision_date=dt.date.today(),
                       user=users["province"])


def test_the_regulation_is_editable_with_its_history(users, council):
    council, seats = council
    council_update(council=council, user=users["province"], quorum=Decimal("0.6"), chair_required=False,
                   divergence=Decimal(15), reason="Quy chế mới 2027")
    council.refresh_from_db()
    assert (council.quorum, council.chair_required, council.divergence) == (Decimal("0.60"), False, Decimal("15.00"))
    assert council.history.first().history_change_reason == "Quy chế mới 2027"
    for bad in ({"quorum": Decimal("0.2")}, {"quorum": "nhiều"}, {"divergence": Decimal(500)}, {"divergence": "NaN"}):
        with pytest.raises(DossierRefused):
            council_update(council=council, user=users["province"], **bad)
    with pytest.raises(DossierRefused):
        council_update(council=council, user=seats["chair"].user, quorum=Decimal("0.9"))


def test_a_new_council_replaces_the_old_one(users, council, province):
    old, seats = council
    new = council_create(level="province", province=province, name="Hội đồng 2027", decision_number="1/QĐ-UBND",
                         decision_date=dt.date.today(), user=users["province"])
    old.refresh_from_db()
    assert new.active and not old.active
    with pytest.raises(DossierRefused):
        session_create(council=old, date=dt.date.today() + dt.timedelta(days=5), place="", user=users["province"])


# -- sessions ----------------------------------------------------------------------------------------

def test_a_session_cannot_open_before_its_date_and_can_be_rescheduled(users, vault, council, round_, clock):
    council, seats = council
    dossier = reviewed(users, vault["product"])
    secretary = seats["secretary"].user
    day = add_working_days(dt.date.today(), 3)
    session = session_create(council=council, date=day, place="Hội trường", user=secretary)
    assert Notification.objects.filter(user=seats["m1"].user, kind="council").exists(), "members are told"
    agenda_add(session=session, dossier=dossier, user=secretary)
    with pytest.raises(DossierRefused, match="before its date|trước ngày"):
        session_open(session=session, present=list(council.members.all()), user=secretary)
    with pytest.raises(DossierRefused, match="reason|lý do"):
        session_reschedule(session=session, date=day + dt.timedelta(days=7), place=None, reason="", user=secretary)
    with pytest.raises(DossierRefused):
        session_reschedule(session=session, date=dt.date.today() - dt.timedelta(days=1), place=None, reason="x", user=secretary)
    session_reschedule(session=session, date=day + dt.timedelta(days=7), place=None, reason="Chủ tịch đi công tác", user=secretary)
    assert Session.objects.get(pk=session.pk).date == day + dt.timedelta(days=7)
    assert session.events.filter(action="rescheduled", reason="Chủ tịch đi công tác").exists()


def test_a_session_without_its_chair_is_never_stuck(users, vault, council, round_, clock):
    dossier = reviewed(users, vault["product"])
    session, (item,), seats, secretary = session_for(council, clock, [dossier], present=("m1", "m2", "m3"))
    for name in ("m1", "m2", "m3"):
        score_submit(item=item, user=seats[name].user, answers=GOLDEN_26_08)
    with pytest.raises(DossierRefused, match="chair|chủ tịch"):
        session_close(session=session, user=secretary)
    assert Session.objects.get(pk=session.pk).state == "open"
    # the chair arrives: the attendance is taken again, the chair scores, the session closes
    session_attendance(session=session, present=[seats[n] for n in ("chair", "m1", "m2", "m3", "secretary")], user=secretary)
    with pytest.raises(DossierRefused, match="not scored|chưa chấm"):
        session_close(session=session, user=secretary)
    score_submit(item=item, user=seats["chair"].user, answers=GOLDEN_26_08)
    session_close(session=session, user=secretary)
    assert Dossier.objects.get(pk=dossier.pk).state == "evaluated"


def test_an_open_session_without_quorum_is_adjourned_then_opened_again(users, vault, council, round_, clock):
    dossier = reviewed(users, vault["product"])
    session, (item,), seats, secretary = session_for(council, clock, [dossier], present=("m1", "m2"))
    score_submit(item=item, user=seats["m1"].user, answers=GOLDEN_26_08)
    new_day = add_working_days(clock.day, 2)
    with pytest.raises(DossierRefused, match="reason|lý do"):
        session_adjourn(session=session, date=new_day, reason="", user=secretary)
    session_adjourn(session=session, date=new_day, reason="Không đủ số lượng thành viên", user=secretary)
    session.refresh_from_db()
    assert session.state == "planned" and session.date == new_day and not session.present.exists()
    assert Dossier.objects.get(pk=dossier.pk).state == "in_evaluation", "still on this session's agenda"
    clock.set(new_day)
    session_open(session=session, present=[seats[n] for n in ("chair", "m1", "m2", "m3")], user=secretary)
    for name in ("chair", "m2", "m3"):
        score_submit(item=item, user=seats[name].user, answers=GOLDEN_26_08)
    session_close(session=session, user=secretary)
    assert item.scores.filter(member=seats["m1"]).count() == 1, "the score given before the adjournment is kept"


@pytest.mark.parametrize("opened", [False, True])
def test_cancelling_a_session_sends_its_dossiers_back_to_waiting_with_the_reason(users, vault, council, round_, clock, opened):
    dossier = reviewed(users, vault["product"])
    council_, seats = council
    secretary = seats["secretary"].user
    if opened:
        session, (item,), seats, secretary = session_for(council, clock, [dossier])
    else:
        session = session_create(council=council_, date=add_working_days(dt.date.today(), 2), place="", user=secretary)
        agenda_add(session=session, dossier=dossier, user=secretary)
    with pytest.raises(DossierRefused, match="reason|lý do"):
        session_cancel(session=session, reason=" ", user=secretary)
    with pytest.raises(DossierRefused):
        session_cancel(session=session, reason="x", user=seats["m1"].user)
    session_cancel(session=session, reason="Bão số 9", user=secretary)
    dossier.refresh_from_db()
    assert dossier.state == "reviewed" and "Bão số 9" in dossier.transitions.last().reason
    assert Session.objects.get(pk=session.pk).state == "cancelled"
    with pytest.raises(DossierRefused):
        session_close(session=session, user=secretary)
    # it can go on another session's agenda
    clock.set(None)
    later = session_create(council=council_, date=add_working_days(dt.date.today(), 3), place="", user=secretary)
    agenda_add(session=later, dossier=dossier, user=secretary)


def test_scoring_divergence_re_scoring_and_the_final_badge(users, vault, council, round_, clock):
    dossier = reviewed(users, vault["product"])
    session, (item,), seats, secretary = session_for(council, clock, [dossier])
    assert visible_scores(item, seats["m1"].user) is None
    for name in ("chair", "m1", "m2"):
        score_submit(item=item, user=seats[name].user, answers=GOLDEN_26_08)
    assert visible_scores(item, seats["m3"].user) is None, "no peeking before one's own score"
    with pytest.raises(DossierRefused):
        score_submit(item=item, user=users["province"], answers=GOLDEN_26_08)
    score_submit(item=item, user=seats["m3"].user, answers=LOW)  # 64, 64, 64, 16: mean 52, 16 is 36 away
    item.refresh_from_db()
    assert item.flagged and item_status(item)[0] == "diverged"
    with pytest.raises(DossierRefused, match="re-score|chấm lại|differ|chênh"):
        session_close(session=session, user=secretary)
    with pytest.raises(DossierRefused):
        score_submit(item=item, user=seats["m3"].user, answers={"1.1": "zz"})
    score_submit(item=item, user=seats["m3"].user, answers=GOLDEN_26_08)
    item.refresh_from_db()
    assert item_status(item)[0] == "rescored", "after re-scoring the badge no longer says the scores differ"
    assert item.scores.filter(member=seats["m3"]).count() == 2, "both rounds are kept"
    with pytest.raises(DossierRefused):
        score_submit(item=item, user=seats["m3"].user, answers=GOLDEN_26_08)  # no third round
    session_close(session=session, user=secretary)
    item.refresh_from_db()
    assert item_status(item) == ("result", item_status(item)[1]) and item.result_score == Decimal("64.00")
    with pytest.raises(DossierRefused):
        score_submit(item=item, user=seats["chair"].user, answers=GOLDEN_26_08)  # locked


def test_the_mean_and_the_gates_give_the_stars(users, vault, council, round_, clock):
    dossier = reviewed(users, vault["product"])
    session, (item,), seats, secretary = session_for(council, clock, [dossier], present=("chair", "m1", "m2"))
    score_submit(item=item, user=seats["chair"].user, answers=GOLDEN_26_08)
    score_submit(item=item, user=seats["m1"].user, answers=GOLDEN_26_08)
    score_submit(item=item, user=seats["m2"].user, answers=SEVENTY_EIGHT)  # 64, 64, 78: mean 68.67
    assert item_result(item) == (Decimal("68.67"), 3)


def test_the_agenda_needs_a_working_day_before_the_session(users, vault, council, round_):
    council, seats = council
    dossier = reviewed(users, vault["product"])
    session = session_create(council=council, date=dt.date.today(), place="", user=seats["secretary"].user)
    with pytest.raises(DossierRefused, match="working day|ngày làm việc"):
        agenda_add(session=session, dossier=dossier, user=seats["secretary"].user)


def test_an_inactive_member_no_longer_scores(users, vault, council, round_, clock):
    council_, seats = council
    member_update(member=seats["m3"], user=users["province"], active=False)
    dossier = reviewed(users, vault["product"])
    session, (item,), seats, secretary = session_for(council, clock, [dossier], present=("chair", "m1", "m2"))
    with pytest.raises(DossierRefused):
        score_submit(item=item, user=seats["m3"].user, answers=GOLDEN_26_08)


# -- written opinions (re-evaluation) --------------------------------------------------------------------

def _renewal(users, vault, council, clock):
    """A recognised product whose re-evaluation dossier reached the council."""
    from .flow import reviewed as reviewed_

    first = evaluated(users, vault["product"], council, clock)
    dossier_move(dossier=first, action="recognise", user=users["province"], stars=3, decision_number="11/QĐ-UBND",
                 decision_date=clock.day.isoformat())
    clock.set(None)
    renewal = reviewed_(users, vault["product"], kind="renewal")
    return renewal


def test_a_re_evaluation_is_decided_by_written_opinions_without_a_meeting(users, vault, council, round_, clock):
    renewal = _renewal(users, vault, council, clock)
    council_, seats = council
    assert renewal.reevaluation_due == renewal.complete_on + dt.timedelta(days=45)
    secretary = seats["secretary"].user
    session = opinions_start(council=council_, dossiers=[renewal], user=secretary)
    assert session.written and session.state == "open" and session.due_on == renewal.reevaluation_due
    assert Notification.objects.filter(user=seats["m1"].user, url=f"/councils/sessions/{session.pk}/").exists()
    item = session.agenda.get()
    for name in ("chair", "m1", "m2", "m3"):
        score_submit(item=item, user=seats[name].user, answers=GOLDEN_26_08, opinion="Đạt yêu cầu.")
    session_close(session=session, user=secretary)
    renewal.refresh_from_db()
    assert renewal.state == "evaluated" and renewal.result_score == Decimal("64.00")
    assert not session.events.filter(action="meeting").exists()


def test_written_opinions_that_diverge_call_a_meeting(users, vault, council, round_, clock):
    renewal = _renewal(users, vault, council, clock)
    council_, seats = council
    secretary = seats["secretary"].user
    session = opinions_start(council=council_, dossiers=[renewal], user=secretary)
    item = session.agenda.get()
    for name, answers in (("chair", GOLDEN_26_08), ("m1", GOLDEN_26_08), ("m2", GOLDEN_26_08), ("m3", LOW)):
        score_submit(item=item, user=seats[name].user, answers=answers)
    with pytest.raises(DossierRefused, match="meeting|họp"):
        session_close(session=session, user=secretary)
    with pytest.raises(DossierRefused, match="meeting|họp"):
        score_submit(item=item, user=seats["m3"].user, answers=GOLDEN_26_08)  # re-scored at the meeting, not by mail
    day = add_working_days(dt.date.today(), 2)
    meeting_call(session=session, date=day, place="Phòng họp số 2", user=secretary)
    clock.set(day)
    session_open(session=session, present=[seats[n] for n in ("chair", "m1", "m2", "m3")], user=secretary)
    score_submit(item=item, user=seats["m3"].user, answers=GOLDEN_26_08)
    session_close(session=session, user=secretary)
    assert Dossier.objects.get(pk=renewal.pk).result_score == Decimal("64.00")


def test_only_re_evaluations_are_decided_by_written_opinions(users, vault, council, round_):
    council_, seats = council
    dossier = reviewed(users, vault["product"])
    with pytest.raises(DossierRefused, match="written|văn bản"):
        opinions_start(council=council_, dossiers=[dossier], user=seats["secretary"].user)
    assert Dossier.objects.get(pk=dossier.pk).state == "reviewed"


# -- the central path and decisions ------------------------------------------------------------------

def test_below_ninety_cannot_go_to_the_central_council(users, vault, council, round_, clock):
    dossier = evaluated(users, vault["product"], council, clock, answers=SEVENTY_EIGHT)
    assert dossier.result_score == Decimal("78.00")
    with pytest.raises(DossierRefused, match="90"):
        dossier_move(dossier=dossier, action="forward_central", user=users["province"], approval_number="1/QĐ",
                     approval_date=clock.day, approved_by="Chủ tịch UBND tỉnh")
    assert Dossier.objects.get(pk=dossier.pk).state == "evaluated"


def _central_council(users):
    council = council_create(level="central", province=None, name="Hội đồng OCOP cấp trung ương", decision_number="88/QĐ-BNNMT",
                             decision_date=dt.date.today() - dt.timedelta(days=30), user=users["central"])
    seats = {}
    for name, role in (("chair", "chair"), ("m1", "member"), ("m2", "member"), ("secretary", "secretary")):
        seats[name] = member_add(council=council, role=role, agency="Bộ NN&MT", user=users["central"],
                                 email=f"tw-{name}@mae.gov.vn", full_name=f"Phạm Văn {name.title()}")
    return council, seats


def test_ninety_two_points_go_to_the_centre_and_come_back_as_five_stars(users, vault, council, round_, clock):
    dossier = evaluated(users, vault["product"], council, clock, answers=NINETY_TWO, stars=5)
    assert dossier.result_score == Decimal("92.00") and dossier.result_stars == 5
    with pytest.raises(DossierRefused, match="approval|phê duyệt"):
        dossier_move(dossier=dossier, action="forward_central", user=users["province"])
    with pytest.raises(DossierRefused):
        dossier_move(dossier=dossier, action="recognise", user=users["province"], stars=5, decision_number="9/QĐ-UBND",
                     decision_date=clock.day.isoformat())  # the province certifies 3★/4★ only
    dossier = dossier_move(dossier=dossier, action="forward_central", user=users["province"], approval_number="120/QĐ-UBND",
                           approval_date=clock.day, approved_by="Chủ tịch UBND tỉnh Cà Mau")
    assert dossier.state == "central_review" and dossier.central_proposal["approval_number"] == "120/QĐ-UBND"
    assert Notification.objects.filter(user=users["central"], url=f"/dossiers/{dossier.pk}/").exists()
    central, seats = _central_council(users)
    secretary = seats["secretary"].user
    day = add_working_days(clock.day, 1)
    session = session_create(council=central, date=day, place="Hà Nội", user=secretary)
    item = agenda_add(session=session, dossier=dossier, user=secretary)
    clock.set(day)
    session_open(session=session, present=list(central.members.all()), user=secretary)
    for name in ("chair", "m1", "m2"):
        score_submit(item=item, user=seats[name].user, answers=NINETY_TWO)
    session_close(session=session, user=secretary)
    dossier.refresh_from_db()
    assert dossier.state == "central_evaluated" and dossier.central_score == Decimal("92.00")
    assert dossier.result_score == Decimal("92.00"), "the province's result is kept"
    with pytest.raises(DossierRefused, match="ministry|Bộ"):
        dossier_move(dossier=dossier, action="recognise", user=users["province"], stars=5, decision_number="1/QĐ-UBND",
                     decision_date=clock.day.isoformat())
    dossier = dossier_move(dossier=dossier, action="recognise", user=users["central"], stars=5,
                           decision_number="500/QĐ-BNNMT", decision_date=clock.day.isoformat())
    assert dossier.state == "recognised" and dossier.recognition.stars == 5 and dossier.recognition.level == "central"
    assert dossier.decision.level == "central"


def test_below_ninety_at_the_centre_returns_to_the_province_for_three_or_four_stars(users, vault, council, round_, clock):
    dossier = evaluated(users, vault["product"], council, clock, answers=NINETY_TWO, stars=5)
    dossier = dossier_move(dossier=dossier, action="forward_central", user=users["province"], approval_number="121/QĐ-UBND",
                           approval_date=clock.day, approved_by="Chủ tịch UBND tỉnh")
    central, seats = _central_council(users)
    secretary = seats["secretary"].user
    day = add_working_days(clock.day, 1)
    session = session_create(council=central, date=day, place="", user=secretary)
    item = agenda_add(session=session, dossier=dossier, user=secretary)
    clock.set(day)
    session_open(session=session, present=list(central.members.all()), user=secretary)
    for name in ("chair", "m1", "m2"):
        score_submit(item=item, user=seats[name].user, answers=SEVENTY_EIGHT)
    session_close(session=session, user=secretary)
    dossier.refresh_from_db()
    assert dossier.state == "central_returned" and dossier.central_score == Decimal("78.00")
    assert workflow_waits(dossier) == "province"
    with pytest.raises(DossierRefused):
        dossier_move(dossier=dossier, action="recognise", user=users["province"], stars=5, decision_number="2/QĐ-UBND",
                     decision_date=clock.day.isoformat())
    dossier = dossier_move(dossier=dossier, action="recognise", user=users["province"], stars=4, decision_number="2/QĐ-UBND",
                           decision_date=clock.day.isoformat())
    assert dossier.recognition.stars == 4 and dossier.recognition.score == Decimal("78.00")


def workflow_waits(dossier):
    from ocop.evaluation import workflow

    return workflow.WAITS_FOR[dossier.state]


def test_decision_dates_and_numbers(users, vault, council, round_, clock):
    dossier = evaluated(users, vault["product"], council, clock)
    result_day = dossier.result_on
    move = dict(dossier=dossier, action="recognise", user=users["province"], stars=3)
    with pytest.raises(DossierRefused, match="future|tương lai"):
        dossier_move(**move, decision_number="7/QĐ-UBND", decision_date=(clock.day + dt.timedelta(days=1)).isoformat())
    with pytest.raises(DossierRefused, match="before|trước"):
        dossier_move(**move, decision_number="7/QĐ-UBND", decision_date=(result_day - dt.timedelta(days=1)).isoformat())
    with pytest.raises(DossierRefused):
        dossier_move(**move, decision_number="7/QĐ-UBND", decision_date="31/02/2026")
    assert Dossier.objects.get(pk=dossier.pk).state == "evaluated" and not Decision.objects.exists()
    # a number the province already used on another day is refused; the same decision may recognise several products
    Decision.objects.create(level="province", province_id="96", number="7/QĐ-UBND", date=result_day - dt.timedelta(days=40))
    with pytest.raises(DossierRefused, match="7/QĐ-UBND") as exc:
        dossier_move(**move, decision_number="7/QĐ-UBND", decision_date=result_day.isoformat())
    assert exc.value.status == 409
    Decision.objects.create(level="province", province_id="92", number="8/QĐ-UBND", date=result_day - dt.timedelta(days=3))
    dossier = dossier_move(**move, decision_number="8/QĐ-UBND", decision_date=result_day.isoformat(), decision_file=pdf("qd.pdf"))
    assert dossier.decision.province_id == "96", "numbers are unique per issuer: Cần Thơ's 8/QĐ-UBND is another decision"
    assert dossier.decision.file


def test_a_recorded_decision_is_corrected_with_a_reason_and_its_history_kept(users, vault, council, round_, clock):
    dossier = evaluated(users, vault["product"], council, clock)
    day = clock.day
    dossier = dossier_move(dossier=dossier, action="recognise", user=users["province"], stars=3, decision_number="15/QĐ-UBND",
                           decision_date=day.isoformat())
    decision = dossier.decision
    with pytest.raises(DossierRefused, match="reason|lý do"):
        decision_correct(decision=decision, reason="", date=day, user=users["province"])
    with pytest.raises(DossierRefused):
        decision_correct(decision=decision, reason="Gõ nhầm", date=day - dt.timedelta(days=30), user=users["province"])
    with pytest.raises(DossierRefused):
        decision_correct(decision=decision, reason="x", date=day, user=users["other_province"])
    clock.set(day + dt.timedelta(days=3))
    decision_correct(decision=decision, reason="Ngày ký đúng là 3 ngày sau", date=day + dt.timedelta(days=3),
                     file=pdf("ban-ky.pdf"), user=users["province"])
    decision.refresh_from_db()
    dossier.recognition.refresh_from_db()
    assert decision.date == day + dt.timedelta(days=3) and decision.file
    assert dossier.recognition.decision_date == day + dt.timedelta(days=3)
    assert dossier.recognition.valid_until.year == (day + dt.timedelta(days=3)).year + 3
    history = list(decision.history.order_by("history_date"))
    assert [h.date for h in history] == [day, day + dt.timedelta(days=3)]
    assert history[-1].history_change_reason == "Ngày ký đúng là 3 ngày sau"
