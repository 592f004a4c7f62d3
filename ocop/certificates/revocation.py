"""Revocation of a certificate (its recognition) by an office, with reason and decision."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ocop.accounts.access import is_office, may_write
from ocop.notifications.services import notify_producer
from ocop.recognitions.models import Recognition
from ocop.recognitions.services import recognition_revoke

from .models import Certificate, Event


class RevokeRefused(Exception):
    """`status` is the HTTP status that fits (400 bad input, 403 not allowed, 409 conflict)."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, reason: str, decision: str, user, day: dt.date | None = None) -> Certificate:
    reason, decision = (reason or "").strip(), (decision or "").strip()
    recognition = Recognition.objects.select_for_update().select_related("product__producer").get(pk=certificate.recognition_id)
    if not (is_office(user) and may_write(user, recognition)):
        raise RevokeRefused(_("Only an officer of the product's province or the central office may revoke."), 403)
    if not reason:
        raise RevokeRefused(_("A reason is required to revoke a certificate."), 400)
    if not decision:
        raise RevokeRefused(_("The revocation decision (number) is required."), 400)
    if len(reason) > 2000 or len(decision) > 60:
        raise RevokeRefused(_("The reason or the decision number is too long."), 400)
    if recognition.revoked_at is not None:
        raise RevokeRefused(_("This certificate was already revoked on %(date)s.") % {
            "date": recognition.revoked_at.strftime("%d/%m/%Y")}, 409)
    if recognition.superseded_by_id is not None:
        raise RevokeRefused(_("This certificate was already superseded by a newer one; revoke that one instead."), 409)
    recognition_revoke(recognition, on=day or timezone.localdate(), reason=reason, decision=decision)
    Event.objects.create(certificate=certificate, kind=Event.Kind.REVOKED, actor=user,
                         detail={"reason": reason, "decision": decision})
    with translation.override(settings.LANGUAGE_CODE):
        notify_producer(recognition.product.producer, kind="revoked", url=f"/v/{certificate.public_id}",
                        title=_("OCOP certificate revoked"),
                        body=_("The certificate %(id)s of %(product)s was revoked by decision %(decision)s: %(reason)s") % {
                             "id": certificate.display_id, "product": recognition.product.name, "decision": decision,
                             "reason": reason})
    certificate.recognition = recognition
    return certificate
