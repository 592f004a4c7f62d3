"""Every state of the workflow, reached the way people reach it: someone can move the dossier on from there (and
finds it in their to-do), or the state is final."""

import datetime as dt

import pytest

from ocop.evaluation import workflow
from ocop.evaluation.models import Dossier
from ocop.evaluation.services.councils import (agenda_add, council_create, council_manages, member_add, session_close,
                                               session_create, session_open)
from ocop.evaluation.services.scoring import score_submit
from ocop.evaluation.services.dossiers import dossier_move, roles_of
from ocop.evaluation.services.todo import todo_for
from ocop.core.workdays import add_working_days

from .flow import (NINETY_TWO, SEVENTY_EIGHT, accepted, confirmed, draft, evaluated, reviewed, session_for,
                   submitted)

pytestmark = pytest.mark.django_db
S = workflow.State


def _central(users, clock, dossier, answers):
    council = council_create(level="central", province=None, name="Hội đồng trung ương", decision_number="1/QĐ-BNNMT",
                             decision_date=dt.date.today() - dt.timedelta(days=9), user=users["central"])
    seats = {name: member_add(council=council, role=role, agency="Bộ", user=users["central"], email=f"{name}@tw.vn",
                              full_name=f"Đỗ Văn {name}") for name, role in (("chair", "chair"), ("m1", "member"), ("secretary", "secretary"))}
    day = add_working_days(clock.day, 1)
    session = session_create(council=council, date=day, place="", user=seats["secretary"].user)
    item = agenda_add(session=session, dossier=dossier, user=seats["secretary"].user)
    clock.set(day)
    session_open(session=session, present=list(council.members.all()), user=seats["secretary"].user)
    for name in ("chair", "m1"):
        score_submit(item=item, user=seats[name].user, answers=answers)
    session_close(session=session, user=seats["secretary"].user)
    return Dossier.objects.get(pk=dossier.pk)


def _forwarded(users, product, council, clock):
    dossier = evaluated(users, product, council, clock, answers=NINETY_TWO, stars=5)
    return dossier_move(dossier=dossier, action="forward_central", user=users["province"], approval_number="9/QĐ-UBND",
                        approval_date=clock.day, approved_by="Chủ tịch UBND tỉnh")


REACH = {
    S.DRAFT: lambda u, p, c, k: draft(u, p),
    S.SUBMITTED: lambda u, p, c, k: submitted(u, p),
    S.RETURNED: lambda u, p, c, k: dossier_move(dossier=submitted(u, p), action="commune_return", user=u["commune"],
                                                reason="Thiếu ảnh"),
    S.COMMUNE_CONFIRMED: lambda u, p, c, k: confirmed(u, p),
    S.ACCEPTED: lambda u, p, c, k: accepted(u, p),
    S.REVIEWED: lambda u, p, c, k: reviewed(u, p),
    S.IN_EVALUATION: lambda u, p, c, k: Dossier.objects.get(pk=session_for(c, k, [reviewed(u, p)])[1][0].dossier_id),
    S.EVALUATED: lambda u, p, c, k: evaluated(u, p, c, k),
    S.CENTRAL_REVIEW: lambda u, p, c, k: _forwarded(u, p, c, k),
    S.CENTRAL_EVALUATED: lambda u, p, c, k: _central(u, k, _forwarded(u, p, c, k), NINETY_TWO),
    S.CENTRAL_RETURNED: lambda u, p, c, k: _central(u, k, _forwarded(u, p, c, k), SEVENTY_EIGHT),
    S.RECOGNISED: lambda u, p, c, k: dossier_move(dossier=evaluated(u, p, c, k), action="recognise", user=u["province"],
                                                  stars=3, decision_number="3/QĐ-UBND", decision_date=k.day.isoformat()),
    S.NOT_RECOGNISED: lambda u, p, c, k: dossier_move(dossier=evaluated(u, p, c, k), action="not_recognise",
                                                      user=u["province"], reason="Không đạt"),
    S.REJECTED: lambda u, p, c, k: dossier_move(dossier=submitted(u, p), action="reject", user=u["commune"], reason="Giả mạo"),
    S.WITHDRAWN: lambda u, p, c, k: dossier_move(dossier=draft(u, p), action="withdraw", user=u["producer"]),
}


def test_every_state_is_reached_by_the_walk():
    assert set(REACH) == set(S)


@pytest.mark.parametrize("state", list(S))
def test_someone_moves_the_dossier_on_or_the_state_is_final(users, vault, council, round_, clock, state):
    dossier = REACH[state](users, vault["product"], council, clock)
    assert dossier.state == state
    if state in workflow.FINAL:
        assert not workflow.movers(state), f"{state} is final: no move leaves it"
        return
    waits = workflow.WAITS_FOR[state]
    assert waits in workflow.movers(state), "the one the dossier waits for may move it on"
    council_, seats = council
    if waits == workflow.Role.SYSTEM:
        session = dossier.agenda_items.get(removed=False).session
        secretary = seats["secretary"].user
        assert council_manages(secretary, session.council) and session.state in ("planned", "open")
        assert any(f"/councils/sessions/{session.pk}/" in t.url for t in todo_for(secretary))
        return
    person = {"producer": users["producer"], "commune": users["commune"], "province": users["province"],
              "central": users["central"], "advisor": seats["adviser"].user}[waits]
    actions = workflow.actions_for(state, roles_of(person, dossier))
    assert [a for a in actions if a not in workflow.DESTRUCTIVE], f"{waits} has a next step from {state}"
    assert any(t.url == f"/dossiers/{dossier.pk}/" for t in todo_for(person)), f"{state} is in the {waits}'s to-do"


def test_the_table_of_who_moves_each_state_on_matches_the_docs():
    """docs/dossiers.md lists every state and who moves it on; the table follows workflow.py."""
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "dossiers.md").read_text(encoding="utf-8")
    for state in S:
        assert f"`{state.value}`" in text, f"docs/dossiers.md does not list {state.value}"
