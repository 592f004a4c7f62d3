"""Revocation (Decision 26/2026/QĐ-TTg Art. 8): cases opened on a finding, decided within 15 days of it by
the authority (the provincial chair for 3★ and 4★, the central office for 5★), or closed without revocation.

The ground, the finding's date, who may sign and the record itself are the recognition write path's
(`ocop.recognitions.services.recognition_revoke`); this module keeps the case, the certificate's history
and tells the producer and the office."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ocop.accounts.access import is_office, may_write
from ocop.notifications.services import notify_producer, notify_province_officers
from ocop.recognitions.models import Recognition, RevocationGround
from ocop.recognitions.services import RevocationRefused, recognition_revoke, revocation_authority_check

from .models import Certificate, Event, RevocationCase


class RevokeRefused(Exception):
    """`status` is the HTTP status that fits (400 bad input, 403 not allowed, 409 conflict); `field` the form
    field the message belongs beside."""

    def __init__(self, message: str, status: int, field: str | None = None):
        super().__init__(message)
        self.status, self.field = status, field


def _office_of(user, certificate) -> None:
    if not (is_office(user) and may_write(user, certificate)):
        raise RevokeRefused(_("Only an officer of the product's province or the central office may do this."), 403)


def _live(certificate: Certificate) -> None:
    r = certificate.recognition
    if r.revoked_at is not None:
        raise RevokeRefused(_("This certificate was already revoked on %(date)s.") % {
            "date": r.revoked_at.strftime("%d/%m/%Y")}, 409)
    if r.superseded_by_id is not None:
        raise RevokeRefused(_("This certificate was already superseded by a newer one; revoke that one instead."), 409)


def _finding(ground: str, found_on: dt.date | None, details: str) -> None:
    if ground not in RevocationGround.values:
        raise RevokeRefused(_("Choose one of the grounds of Art. 8.1."), 400, "ground")
    if found_on is not None and found_on > timezone.localdate():
        raise RevokeRefused(_("The date of the finding cannot be in the future."), 400, "found_on")
    if not details:
        raise RevokeRefused(_("Describe the finding."), 400, "details")


@transaction.atomic
def revocation_case_open(*, certificate: Certificate, ground: str, details: str, found_on: dt.date, user,
                         source: str = "", source_url: str = "") -> RevocationCase:
    """An office (or an inspection's outcome) proposes revocation: the case waits for the authority, which
    must decide within 15 days of the finding."""
    details = (details or "").strip()
    _office_of(user, certificate)
    _finding(ground, found_on, details)
    certificate = Certificate.objects.select_for_update(of=("self",)).select_related("recognition").get(pk=certificate.pk)
    _live(certificate)
    if certificate.revocation_cases.filter(state=RevocationCase.State.OPEN).exists():
        raise RevokeRefused(_("A revocation case is already open for this certificate."), 409)
    case = RevocationCase.objects.create(
        certificate=certificate, ground=ground, details=details[:4000], found_on=found_on,
        deadline=RevocationCase.deadline_for(found_on), source=source[:200], source_url=source_url[:300], opened_by=user)
    Event.objects.create(certificate=certificate, kind=Event.Kind.CASE_OPENED, actor=user,
                         detail={"case": case.pk, "ground": ground, "found_on": found_on.isoformat(),
                                 "deadline": case.deadline.isoformat(), "source": source[:200]})
    with translation.override(settings.LANGUAGE_CODE):
        notify_province_officers(certificate.recognition.province_id, kind="revocation_case",
                                 url=f"/certificates/{certificate.public_id}/",
                                 title=_("Revocation proposed: decide by %(date)s") % {"date": case.deadline.strftime("%d/%m/%Y")},
                                 body=_("Certificate %(id)s (%(product)s, %(producer)s): %(ground)s. %(details)s") % {
                                     "id": certificate.display_id, "product": certificate.product_name,
                                     "producer": certificate.producer_name, "ground": case.get_ground_display(),
                                     "details": case.details})
    return case


@transaction.atomic
def revocation_case_drop(*, case: RevocationCase, note: str, user) -> RevocationCase:
    """Close a case without revocation (the finding was not confirmed, or was corrected), with the reason."""
    note = (note or "").strip()
    case = RevocationCase.objects.select_for_update(of=("self",)).select_related("certificate__recognition").get(pk=case.pk)
    _office_of(user, case.certificate)
    if case.state != RevocationCase.State.OPEN:
        raise RevokeRefused(_("This case is already closed."), 409)
    if not note:
        raise RevokeRefused(_("Say why the case is closed without revocation."), 400, "note")
    case.state, case.closing_note, case.decided_by, case.decided_at = RevocationCase.State.DROPPED, note[:4000], user, timezone.now()
    case.save()
    Event.objects.create(certificate=case.certificate, kind=Event.Kind.CASE_DROPPED, actor=user,
                         detail={"case": case.pk, "note": note[:500]})
    return case


def _refused(exc: RevocationRefused) -> RevokeRefused:
    return RevokeRefused(str(exc), exc.status, exc.field)


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, reason: str, decision: str, user, ground: str = RevocationGround.OTHER,
                       found_on: dt.date | None = None, day: dt.date | None = None) -> Certificate:
    """The authority's revocation decision (Art. 8.2): ground, details (reason), the finding's date (today when
    not given), the decision number and its date (today when not given). It decides the certificate's open
    case, or records a case decided at once, so that every revocation has its finding and 15-day deadline."""
    reason, decision = (reason or "").strip(), (decision or "").strip()
    recognition = Recognition.objects.select_related("product__producer").get(pk=certificate.recognition_id)
    if not (is_office(user) and may_write(user, recognition)):
        raise RevokeRefused(_("Only an officer of the product's province or the central office may revoke."), 403)
    try:  # the authority comes first: someone who may not sign learns it whatever they typed
        revocation_authority_check(user, recognition)
    except RevocationRefused as exc:
        raise _refused(exc) from None
    if ground not in RevocationGround.values:
        raise RevokeRefused(_("Choose one of the grounds of Art. 8.1."), 400, "ground")
    if not reason:
        raise RevokeRefused(_("A reason is required to revoke a certificate."), 400, "reason")
    if not decision:
        raise RevokeRefused(_("The revocation decision (number) is required."), 400, "decision")
    if len(reason) > 2000 or len(decision) > 60:
        raise RevokeRefused(_("The reason or the decision number is too long."), 400)
    today = timezone.localdate()
    day = day or today
    case = certificate.revocation_cases.filter(state=RevocationCase.State.OPEN).first()
    if found_on is None:
        found_on = case.found_on if case is not None else day
    try:
        recognition = recognition_revoke(recognition=recognition, on=day, ground=ground, reason=reason,
                                         decision=decision, found_on=found_on, user=user)
    except RevocationRefused as exc:
        raise _refused(exc) from None
    if case is None:
        case = RevocationCase.objects.create(certificate=certificate, ground=ground, details=reason, found_on=found_on,
                                             deadline=RevocationCase.deadline_for(found_on), opened_by=user)
    case.state, case.decided_by, case.decided_at = RevocationCase.State.REVOKED, user, timezone.now()
    case.ground = ground
    case.save()
    Event.objects.create(certificate=certificate, kind=Event.Kind.REVOKED, actor=user,
                         detail={"reason": reason, "decision": decision, "ground": ground, "found_on": found_on.isoformat(),
                                 "on": day.isoformat(), "case": case.pk, "within_deadline": day <= case.deadline})
    with translation.override(settings.LANGUAGE_CODE):
        notify_producer(recognition.product.producer, kind="revoked", url=f"/v/{certificate.public_id}",
                        title=_("OCOP certificate revoked"),
                        body=_("The certificate %(id)s of %(product)s was revoked by decision %(decision)s (%(ground)s): "
                               "%(reason)s. Stop using the OCOP mark on this product.") % {
                             "id": certificate.display_id, "product": certificate.product_name, "decision": decision,
                             "ground": RevocationGround(ground).label, "reason": reason})
    certificate.recognition = recognition
    return certificate


def open_cases(user, today: dt.date | None = None):
    """The open revocation cases an office sees, soonest deadline first."""
    return (RevocationCase.objects.visible_to(user).filter(state=RevocationCase.State.OPEN)
            .select_related("certificate__recognition__province").order_by("deadline", "pk"))
