"""A renewal (re-evaluation) dossier filed marks the certificate it renews (Decision 26/2026 Art. 12.3): filed after
the window closed, the certificate stays in force until the result (at most 180 days past expiry), in the
verification and in the catalogue's "in force" filter alike; a refusal ends the extension."""

import datetime as dt

from django.utils import timezone

from ocop.catalogue.selectors import search
from ocop.certificates.models import Certificate, Event
from ocop.evaluation.services.dossiers import dossier_move
from ocop.recognitions.filters import RegisterFilter
from ocop.recognitions.models import Recognition

from ..conftest import recognise
from .flow import draft


def _late(vault):
    today = timezone.localdate()
    return recognise(vault["product"], stars=3, day=today - dt.timedelta(days=3 * 365 - 30),
                     valid_until=today + dt.timedelta(days=30))  # the window closed 90 days ago


def test_a_late_renewal_keeps_the_certificate_in_force_until_the_result(users, vault, client):
    recognition = _late(vault)
    today = timezone.localdate()
    dossier = draft(users, vault["product"], kind="renewal")
    assert dossier.previous_recognition_id == recognition.pk
    assert Certificate.objects.get(recognition=recognition).reevaluation_filed_on is None
    dossier_move(dossier=dossier, action="submit", user=users["producer"])
    certificate = Certificate.objects.get(recognition=recognition)
    assert certificate.reevaluation_filed_on == today
    assert certificate.events.filter(kind=Event.Kind.REEVALUATION_FILED).count() == 1
    recognition.refresh_from_db()
    assert recognition.extended_until == recognition.valid_until + dt.timedelta(days=180)

    # 60 days on, past valid-until: in force by the extension, in the verification and the catalogue filter
    later = today + dt.timedelta(days=60)
    assert Recognition.objects.in_force(later).filter(pk=recognition.pk).exists()
    assert recognition.status_on(later) == "in_force"
    in_force = RegisterFilter(status="in_force")
    assert vault["product"].pk in search(in_force, "khô cá dứa").ids
    assert client.get(f"/api/v1/verify/{certificate.public_id}").json()["status"] == "in_force"


def test_a_refused_renewal_ends_the_extension_on_that_day(users, vault):
    recognition = _late(vault)
    dossier = draft(users, vault["product"], kind="renewal")
    dossier = dossier_move(dossier=dossier, action="submit", user=users["producer"])
    recognition.refresh_from_db()
    assert recognition.extended_until is not None
    dossier_move(dossier=dossier, action="reject", user=users["province"], reason="Không đủ điều kiện.")
    recognition.refresh_from_db()
    assert recognition.extended_until is None  # refused before valid-until: nothing left of the extension
    assert recognition.status_on(timezone.localdate() + dt.timedelta(days=60)) == "expired"


def test_a_first_dossier_touches_no_certificate(users, vault):
    recognition = _late(vault)
    Certificate.objects.filter(recognition=recognition).update(reevaluation_filed_on=None)
    dossier = draft(users, vault["product"], kind="upgrade", stars=4)
    dossier_move(dossier=dossier, action="submit", user=users["producer"])
    assert Certificate.objects.get(recognition=recognition).reevaluation_filed_on is None
