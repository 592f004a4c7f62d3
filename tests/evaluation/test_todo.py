"""A to-do for every role, with due dates and overdue marks."""

import datetime as dt

import pytest

from ocop.evaluation.models import Dossier
from ocop.evaluation.services.todo import todo_for

from .flow import accepted, draft, reviewed, session_for, submitted

pytestmark = pytest.mark.django_db


def urls(user):
    return {t.url for t in todo_for(user)}


def test_each_role_sees_what_waits_for_it(users, vault, council, round_, clock):
    council_, seats = council
    product = vault["product"]
    dossier = draft(users, product)
    assert f"/dossiers/{dossier.pk}/" in urls(users["producer"])
    assert f"/dossiers/{dossier.pk}/" not in urls(users["commune"])
    Dossier.objects.all().delete()
    dossier = submitted(users, product)
    assert f"/dossiers/{dossier.pk}/" in urls(users["commune"])
    assert f"/dossiers/{dossier.pk}/" not in urls(users["producer"])
    assert f"/dossiers/{dossier.pk}/" not in urls(users["other_province"])
    Dossier.objects.all().delete()
    dossier = accepted(users, product)
    assert f"/dossiers/{dossier.pk}/" in urls(seats["adviser"].user)
    assert f"/dossiers/{dossier.pk}/" not in urls(seats["m1"].user)
    Dossier.objects.all().delete()
    dossier = reviewed(users, product)
    assert f"/dossiers/{dossier.pk}/" in urls(users["province"])
    session, (item,), seats, secretary = session_for(council, clock, [dossier])
    assert f"/councils/items/{item.pk}/score/" in urls(seats["m1"].user), "a member's score to give"
    assert f"/councils/sessions/{session.pk}/" in urls(secretary), "the secretary closes the session"
    assert f"/councils/sessions/{session.pk}/" in urls(users["province"])


def test_overdue_items_are_marked(users, vault):
    dossier = submitted(users, vault["product"])
    Dossier.objects.filter(pk=dossier.pk).update(due_on=dt.date.today() - dt.timedelta(days=1))
    item = next(t for t in todo_for(users["commune"]) if t.url == f"/dossiers/{dossier.pk}/")
    assert item.overdue and item.due == dt.date.today() - dt.timedelta(days=1)


def test_a_new_office_is_told_to_set_up_its_council_and_open_a_round(users, vault):
    from .flow import confirmed

    confirmed(users, vault["product"])
    titles = " ".join(t.title for t in todo_for(users["province"]))
    assert "Hội đồng" in titles or "council" in titles
    assert "đợt" in titles or "round" in titles
