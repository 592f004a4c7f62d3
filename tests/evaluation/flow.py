"""Taking a dossier to each state of the workflow through the services, as the people would."""

import datetime as dt

from django.utils import timezone

from ocop.evaluation.models import Dossier
from ocop.evaluation.services.councils import agenda_add, session_close, session_create, session_open
from ocop.evaluation.services.scoring import score_submit
from ocop.evaluation.services.documents import checklist, document_upload
from ocop.evaluation.services.dossiers import (LOCAL_CRITERIA, dossier_attach, dossier_create, dossier_move, review_record,
                                               self_assessment_save)
from ocop.core.workdays import add_working_days

from ..criteria.test_engine import GOLDEN_26_08
from .conftest import pdf

FORM03 = {code: f"Đánh giá của xã về {text.lower()}: đạt." for code, text in LOCAL_CRITERIA.items()}
TOP = {"1.1": "c", "1.2": "c", "1.3": "c", "1.4": "c", "1.5": "d", "1.6": "c", "1.7": "b", "2.1": "c", "2.2": "d", "2.3": "c",
       "2.4": "b", "3.1": "c", "3.2": "b", "3.3": "c", "3.4": "b", "3.5": "c", "4.1": "d", "4.2": "d", "4.3": "e", "5.1": "e",
       "5.2": "c", "5.3": "d", "6.1": "c", "6.2": "d", "6.3": "d", "6.4": "d", "6.5": "d", "7": "d", "8": "c", "9": "c",
       "10": "b", "11": "c"}  # 100 points
NINETY_TWO = {**TOP, "4.3": "c", "5.2": "a", "8": "b", "2.2": "c", "1.7": "a"}  # 92 points, 5★ minima kept
SEVENTY_EIGHT = {**GOLDEN_26_08, "2.1": "c", "2.3": "c", "3.4": "b", "3.5": "b", "5.1": "e", "9": "b", "4.1": "d",
                 "4.3": "e", "7": "d"}  # 78 points, 4★
LOW = {code: "a" for code in GOLDEN_26_08}  # 16 points


def draft(users, product, stars=3, kind="first", answers=GOLDEN_26_08):
    """A draft with every checklist item attached (what the vault lacks is uploaded first) and the self-assessment."""
    dossier = dossier_create(product=product, kind=kind, stars_sought=stars, user=users["producer"])
    for row in checklist(dossier):
        if row["status"] != "present":
            document = document_upload(producer=dossier.producer, upload=pdf(), kind=row["kind"], title=row["label"][:60],
                                       user=users["producer"], product=product if row.get("per_product") else None,
                                       issued_on=timezone.localdate() - dt.timedelta(days=10))
            dossier_attach(dossier=dossier, kind=row["kind"], document=document, user=users["producer"])
    self_assessment_save(dossier=dossier, answers=answers, evidence={}, user=users["producer"])
    return Dossier.objects.get(pk=dossier.pk)


def submitted(users, product, **kw):
    dossier = draft(users, product, **kw)
    return dossier_move(dossier=dossier, action="submit", user=users["producer"])


def confirmed(users, product, **kw):
    dossier = submitted(users, product, **kw)
    return dossier_move(dossier=dossier, action="commune_confirm", user=users["commune"], local_criteria=FORM03)


def accepted(users, product, **kw):
    dossier = confirmed(users, product, **kw)
    return dossier_move(dossier=dossier, action="accept", user=users["province"])


def reviewed(users, product, **kw):
    dossier = accepted(users, product, **kw)
    review_record(dossier=dossier, kind="review", on=timezone.localdate(), findings="Hồ sơ đầy đủ, đúng quy định.",
                  recommendation="proceed", user=users["province"])
    return Dossier.objects.get(pk=dossier.pk)


def session_for(council, clock, dossiers, present=("chair", "m1", "m2", "m3")):
    """A session planned for the next working day with these dossiers, opened on its day."""
    council, seats = council
    secretary = seats["secretary"].user
    day = add_working_days(timezone.localdate(), 1)
    session = session_create(council=council, date=day, place="UBND tỉnh", user=secretary)
    items = [agenda_add(session=session, dossier=d, user=secretary) for d in dossiers]
    clock.set(day)
    session_open(session=session, present=[seats[name] for name in present], user=secretary)
    return session, items, seats, secretary


def scored(users, council, clock, dossiers, answers, present=("chair", "m1", "m2", "m3")):
    """The dossiers scored by every member present with the same answers, and the session closed."""
    session, items, seats, secretary = session_for(council, clock, dossiers, present)
    for item in items:
        for name in present:
            score_submit(item=item, user=seats[name].user, answers=answers)
    session_close(session=session, user=secretary)
    return session, items, seats


def evaluated(users, product, council, clock, answers=GOLDEN_26_08, **kw):
    dossier = reviewed(users, product, answers=answers, **kw)
    scored(users, council, clock, [dossier], answers)
    return Dossier.objects.get(pk=dossier.pk)


def today():
    return timezone.localdate()


def days(n):
    return dt.timedelta(days=n)
