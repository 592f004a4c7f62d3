"""The 36-month lifecycle, run daily: reminders before expiry, expiry and supersession recorded
in the certificate's history, and the renewal announced (`renewal_due`) so that evaluation opens
the re-rating dossier."""

import datetime as dt

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ocop.notifications.services import notify_producer

from .facts import certificate_queryset
from .issuing import certificates_issue_missing
from .models import Certificate, Event
from .signals import renewal_due

REMINDER_DAYS = (30, 60, 90)
# Decision 26/2026/QĐ-TTg Art. 7.6: a re-evaluation is filed no earlier than 180 and no later than 120 days
# before the certificate expires.
RENEWAL_WINDOW_OPENS_DAYS = 180
RENEWAL_WINDOW_CLOSES_DAYS = 120


def renewal_window(valid_until: dt.date) -> tuple[dt.date, dt.date]:
    """The days on which the re-evaluation dossier may be filed (first and last)."""
    return (valid_until - dt.timedelta(days=RENEWAL_WINDOW_OPENS_DAYS),
            valid_until - dt.timedelta(days=RENEWAL_WINDOW_CLOSES_DAYS))


def _notify_producer(certificate: Certificate, title: str, body: str, *, kind: str) -> None:
    notify_producer(certificate.recognition.product.producer, title=title, body=body,
                    url=f"/v/{certificate.public_id}", kind=kind)


def _start_renewal(certificate):
    """Ask for the re-rating dossier (a draft the producer completes), once, with the first reminder."""
    if certificate.events.filter(kind=Event.Kind.RENEWAL).exists():
        return None
    for _receiver, dossier in renewal_due.send(sender=Certificate, certificate=certificate):
        if dossier is not None:
            return dossier
    return None


def _due_threshold(days_left: int) -> int | None:
    for threshold in REMINDER_DAYS:
        if 0 < days_left <= threshold:
            return threshold
    return None


def certificates_daily(today: dt.date | None = None) -> dict:
    with translation.override(settings.LANGUAGE_CODE):  # notices go out in the programme's language
        return _certificates_daily(today or timezone.localdate())


def _certificates_daily(today: dt.date) -> dict:
    counts = {"issued": certificates_issue_missing(), "reminders": 0, "expired": 0, "superseded": 0}
    horizon = today + dt.timedelta(days=max(REMINDER_DAYS))
    soon = certificate_queryset().filter(
        recognition__revoked_at__isnull=True, recognition__superseded_by__isnull=True,
        recognition__valid_until__gt=today, recognition__valid_until__lte=horizon,
    )
    sent = {(e["certificate_id"], e["detail__days"]) for e in Event.objects.filter(
        kind=Event.Kind.REMINDER, certificate__in=soon).values("certificate_id", "detail__days")}
    for certificate in soon:
        days_left = (certificate.recognition.valid_until - today).days
        threshold = _due_threshold(days_left)
        if threshold is None or (certificate.pk, threshold) in sent:
            continue
        r = certificate.recognition
        _notify_producer(certificate, _("Your OCOP certificate expires in %(n)s days") % {"n": days_left},
                         _("The certificate %(id)s of %(product)s (%(stars)s stars) is valid until %(date)s. "
                           "Apply for re-recognition before that date to keep the OCOP mark.") % {
                             "id": certificate.display_id, "product": r.product.name, "stars": r.stars,
                             "date": r.valid_until.strftime("%d/%m/%Y")}, kind="reminder")
        Event.objects.create(certificate=certificate, kind=Event.Kind.REMINDER,
                             detail={"days": threshold, "days_left": days_left, "on": today.isoformat()})
        counts["reminders"] += 1
        renewal = _start_renewal(certificate)
        if renewal is not None:
            Event.objects.create(certificate=certificate, kind=Event.Kind.RENEWAL, detail={"dossier": renewal.pk})
            counts["renewals"] = counts.get("renewals", 0) + 1
    lapsed = certificate_queryset().filter(
        recognition__revoked_at__isnull=True, recognition__superseded_by__isnull=True, recognition__valid_until__lt=today,
    ).exclude(events__kind=Event.Kind.EXPIRED)
    for certificate in lapsed:
        Event.objects.create(certificate=certificate, kind=Event.Kind.EXPIRED,
                             detail={"on": certificate.recognition.valid_until.isoformat()})
        counts["expired"] += 1
        if (today - certificate.recognition.valid_until).days <= 7:  # do not flood producers with old history
            _notify_producer(certificate, _("Your OCOP certificate has expired"),
                             _("The certificate %(id)s of %(product)s expired on %(date)s.") % {
                                 "id": certificate.display_id, "product": certificate.recognition.product.name,
                                 "date": certificate.recognition.valid_until.strftime("%d/%m/%Y")}, kind="expired")
    replaced = certificate_queryset().filter(recognition__superseded_by__isnull=False).exclude(events__kind=Event.Kind.SUPERSEDED)
    Event.objects.bulk_create([
        Event(certificate=c, kind=Event.Kind.SUPERSEDED,
              detail={"by": getattr(c.recognition.superseded_by, "certificate", None) and c.recognition.superseded_by.certificate.public_id})
        for c in replaced
    ])
    counts["superseded"] = len(replaced)
    return counts
