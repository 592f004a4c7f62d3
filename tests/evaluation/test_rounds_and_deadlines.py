"""Rounds with the statutory cut-offs, and every deadline in working days of the office's calendar."""

import datetime as dt

import pytest

from ocop.evaluation.models import OfficeDay
from ocop.evaluation.rounds import statutory_cutoffs, statutory_round_for
from ocop.evaluation.services.calendar import calendar_for, office_day_set, working_deadline
from ocop.evaluation.services.dossiers import DossierRefused
from ocop.evaluation.services.rounds import round_close, round_for, round_open, round_overview

from .flow import accepted, confirmed, submitted

D = dt.date


def test_the_statutory_cutoffs_of_article_5():
    assert statutory_cutoffs("province", 2027, 1) == (D(2027, 4, 30), D(2027, 6, 30))
    assert statutory_cutoffs("province", 2027, 2) == (D(2027, 10, 30), D(2027, 12, 30))
    assert statutory_cutoffs("central", 2027, 1) == (D(2027, 7, 30), D(2027, 9, 30))
    assert statutory_cutoffs("central", 2027, 2) == (D(2028, 1, 30), D(2028, 3, 30))
    assert statutory_cutoffs("province", 2027, 3) is None
    assert statutory_round_for("province", D(2027, 4, 30)) == (2027, 1)
    assert statutory_round_for("province", D(2027, 5, 1)) == (2027, 2)
    assert statutory_round_for("province", D(2027, 11, 2)) == (2028, 1)
    assert statutory_round_for("central", D(2027, 1, 15)) == (2026, 2)


@pytest.mark.django_db
def test_an_office_opens_rounds_and_adds_its_own(users, province):
    first = round_open(level="province", province=province, year=2027, number=1, user=users["province"])
    assert first.statutory and (first.proposals_by, first.finish_by) == (D(2027, 4, 30), D(2027, 6, 30))
    with pytest.raises(DossierRefused) as exc:
        round_open(level="province", province=province, year=2027, number=1, user=users["province"])
    assert exc.value.status == 409
    extra = round_open(level="province", province=province, year=2027, proposals_by=D(2027, 8, 15), finish_by=D(2027, 9, 15),
                       note="Đợt bổ sung theo Quy chế", user=users["province"])
    assert extra.number == 3 and not extra.statutory
    with pytest.raises(DossierRefused):
        round_open(level="province", province=province, year=2027, proposals_by=D(2027, 9, 15), finish_by=D(2027, 8, 15),
                   user=users["province"])
    with pytest.raises(DossierRefused):
        round_open(level="province", province=province, year=2027, number=2, user=users["other_province"])
    with pytest.raises(DossierRefused):
        round_open(level="central", province=None, year=2027, number=1, user=users["province"])
    central = round_open(level="central", province=None, year=2027, number=1, user=users["central"])
    assert central.province is None and central.finish_by == D(2027, 9, 30)
    assert round_for(level="province", province_id="96", day=D(2027, 4, 1)) == first
    assert round_for(level="province", province_id="96", day=D(2027, 5, 2)) == extra
    assert round_for(level="province", province_id="92", day=D(2027, 4, 1)) is None


@pytest.mark.django_db
def test_a_dossier_joins_the_round_and_the_office_sees_the_deadlines_at_risk(users, vault, province, clock):
    clock.set(D(2027, 4, 20))
    r = round_open(level="province", province=province, year=2027, number=1, user=users["province"])
    dossier = confirmed(users, vault["product"])
    assert dossier.round == r, "proposed by the commune before 30/4: round 1"
    overview = round_overview(r, today=D(2027, 4, 20))
    assert overview["total"] == 1 and overview["working_days_left"] > 10 and not overview["at_risk"]
    overview = round_overview(r, today=D(2027, 6, 22))
    assert [d.pk for d in overview["at_risk"]] == [dossier.pk], "six working days before 30/6 and not finished"
    with pytest.raises(DossierRefused):
        round_close(round=r, user=users["province"])


@pytest.mark.django_db
def test_deadlines_skip_tet_and_the_days_the_office_adds(users, vault, province, clock):
    # Tết 2027: 4-10 February off (holidays package); the office adds Friday 12 February
    assert working_deadline("96", D(2027, 2, 3), 1) == D(2027, 2, 11)
    office_day_set(province=province, day=D(2027, 2, 12), off=True, note="Nghỉ bù theo UBND tỉnh", user=users["province"])
    assert working_deadline("96", D(2027, 2, 11), 1) == D(2027, 2, 15)
    assert working_deadline("92", D(2027, 2, 11), 1) == D(2027, 2, 12), "another province's calendar is its own"
    office_day_set(province=province, day=D(2027, 2, 20), off=False, note="Làm bù thứ Bảy", user=users["province"])
    assert calendar_for("96").is_working_day(D(2027, 2, 20))
    with pytest.raises(DossierRefused):
        office_day_set(province=province, day=D(2027, 3, 1), off=True, note="", user=users["other_province"])
    with pytest.raises(DossierRefused):
        office_day_set(province=None, day=D(2027, 3, 1), off=True, note="", user=users["province"])
    assert OfficeDay.objects.filter(province=province).count() == 2
    # the dossier's deadlines use them: submitted on Friday 29/01/2027, the commune's 15 working days
    clock.set(D(2027, 1, 29))
    dossier = submitted(users, vault["product"])
    # 1-3 Feb (3), Tết 4-10, 11 (4), 12 off for the office, 15-19 (9), Saturday 20 worked (10), 22-26 (15)
    assert dossier.due_on == D(2027, 2, 26)
    OfficeDay.objects.filter(day=D(2027, 2, 20)).delete()
    assert working_deadline("96", D(2027, 1, 29), 15) == D(2027, 3, 1), "without the worked Saturday: one day later"


@pytest.mark.django_db
def test_the_state_deadline_never_passes_the_rounds_end(users, vault, province, clock):
    clock.set(D(2027, 6, 25))
    r = round_open(level="province", province=province, year=2027, proposals_by=D(2027, 6, 26), finish_by=D(2027, 6, 29),
                   user=users["province"])
    dossier = accepted(users, vault["product"])
    assert dossier.round == r and dossier.due_on == D(2027, 6, 29)


@pytest.mark.django_db
def test_the_calendar_page_lists_holidays_and_office_days(client, users, province):
    client.force_login(users["province"])
    response = client.post("/dossiers/calendar/", {"day": "12/02/2027", "off": "1", "note": "Nghỉ bù"})
    assert response.status_code == 302
    page = client.get("/dossiers/calendar/?year=2027").content.decode()
    assert "Nghỉ bù" in page and "Tết" in page
    assert client.get("/dossiers/calendar/?year=99999999999").status_code == 200
    client.force_login(users["producer"])
    assert client.get("/dossiers/calendar/").status_code == 403
