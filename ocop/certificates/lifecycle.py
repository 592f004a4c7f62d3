"""The 36-month lifecycle under Decision 26/2026/QĐ-TTg, run daily by the worker's scheduler.

- Art. 7.6.a: a re-evaluation is filed no earlier than 180 and no later than 120 days before expiry. The
  producer and the provincial office are told when the window opens (and the renewal dossier opens with it:
  `renewal_due`, received by evaluation), shortly before it closes (WINDOW_CLOSING_NOTICE_DAYS, a project
  choice, not a national rule) unless a re-evaluation was filed, and at expiry.
- Art. 12.3: a re-evaluation filed late keeps the certificate valid until the result, at most 180 days past
  expiry (`certificate_reevaluation_filed`, `certificate_reevaluation_decided`).
- Art. 8.4: a revocation case still open past its 15 days is reported to the province once.
Expiries and supersessions are recorded in the certificate's append-only history."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ocop.notifications.services import notify_producer, notify_province_officers
from ocop.recognitions.services import late_extension_until, recognition_extend

from .facts import certificate_queryset
from .issuing import certificates_issue_missing
from .models import Certificate, Event, RevocationCase
from .signals import daily_work, renewal_due

# Decision 26/2026/QĐ-TTg Art. 7.6: a re-evaluation is filed no earlier than 180 and no later than 120 days
# before the certificate expires.
RENEWAL_WINDOW_OPENS_DAYS = 180
RENEWAL_WINDOW_CLOSES_DAYS = 120
# "Shortly before the window closes": a project choice (no national rule sets it).
WINDOW_CLOSING_NOTICE_DAYS = 15
# At expiry: producers and offices are told of an expiry at most this many days old (older ones are history).
EXPIRY_NOTICE_DAYS = 7


def renewal_window(valid_until: dt.date) -> tuple[dt.date, dt.date]:
    """The days on which the re-evaluation dossier may be filed (first and last)."""
    return (valid_until - dt.timedelta(days=RENEWAL_WINDOW_OPENS_DAYS),
            valid_until - dt.timedelta(days=RENEWAL_WINDOW_CLOSES_DAYS))


def window_phase(valid_until: dt.date, today: dt.date) -> str:
    """Where a certificate stands on `today`: before (the window is not open yet), open, closed (too late
    for the window: Art. 12.3 applies) or expired."""
    opens, closes = renewal_window(valid_until)
    if today < opens:
        return "before"
    if today <= closes:
        return "open"
    if today <= valid_until:
        return "closed"
    return "expired"


def late_filing(valid_until: dt.date, filed_on: dt.date) -> bool:
    """Art. 12.3 applies to a re-evaluation filed after the window closed (and within the 180 days past expiry)."""
    return renewal_window(valid_until)[1] < filed_on <= late_extension_until(valid_until)


class ReevaluationRefused(ValueError):
    pass


@transaction.atomic
def certificate_reevaluation_filed(*, certificate: Certificate, on: dt.date, user=None) -> Certificate:
    """The hook for evaluation (and the office): a re-evaluation of this certificate's product was filed on `on`.
    A late filing (Art. 12.3) keeps the certificate valid until the result, at most 180 days past expiry."""
    certificate = Certificate.objects.select_for_update(of=("self",)).select_related("recognition").get(pk=certificate.pk)
    r = certificate.recognition
    if on > timezone.localdate():
        raise ReevaluationRefused(_("The filing date cannot be in the future."))
    if r.revoked_at is not None or r.superseded_by_id is not None:
        raise ReevaluationRefused(_("This certificate is no longer the product's current one."))
    if on > late_extension_until(r.valid_until):
        raise ReevaluationRefused(_("Filed more than 180 days after expiry: the certificate can no longer be kept valid."))
    certificate.reevaluation_filed_on = on
    certificate._change_reason = "re-evaluation filed"
    certificate.save(update_fields=["reevaluation_filed_on"])
    extended = late_filing(r.valid_until, on)
    if extended:
        recognition_extend(recognition=r, until=late_extension_until(r.valid_until))
    Event.objects.create(certificate=certificate, kind=Event.Kind.REEVALUATION_FILED, actor=user,
                         detail={"on": on.isoformat(), "late": extended,
                                 "extended_until": r.extended_until.isoformat() if r.extended_until else None})
    return certificate


@transaction.atomic
def certificate_reevaluation_decided(*, certificate: Certificate, on: dt.date) -> Certificate:
    """The result of the re-evaluation came (a new recognition supersedes the certificate by itself; a refusal
    ends the Art. 12.3 extension on that day)."""
    r = certificate.recognition
    if r.extended_until is not None:
        recognition_extend(recognition=r, until=on)
    return certificate


def _notify_producer(certificate: Certificate, title: str, body: str, *, kind: str) -> None:
    notify_producer(certificate.recognition.product.producer, title=title, body=body, url="/my/", kind=kind)


def _notify_office(certificate: Certificate, title: str, body: str, *, kind: str) -> None:
    notify_province_officers(certificate.recognition.province_id, title=title, body=body, kind=kind,
                             url=f"/certificates/{certificate.public_id}/")


def _start_renewal(certificate):
    """Ask for the re-evaluation dossier (a draft the producer completes), once, when the window opens."""
    if certificate.events.filter(kind=Event.Kind.RENEWAL).exists():
        return None
    for _receiver, dossier in renewal_due.send(sender=Certificate, certificate=certificate):
        if dossier is not None:
            return dossier
    return None


def certificate_renewal_start(certificate: Certificate):
    """Open the renewal dossier now (the producer's one click, or the daily work): the dossier, or None when
    evaluation could not open one (one in progress already)."""
    dossier = _start_renewal(certificate)
    if dossier is not None:
        Event.objects.create(certificate=certificate, kind=Event.Kind.RENEWAL, detail={"dossier": dossier.pk})
    return dossier


def renewal_dossier_id(certificate: Certificate) -> int | None:
    event = certificate.events.filter(kind=Event.Kind.RENEWAL).order_by("-pk").first()
    return event.detail.get("dossier") if event else None


def certificates_daily(today: dt.date | None = None) -> dict:
    with translation.override(settings.LANGUAGE_CODE):  # notices go out in the programme's language
        return _certificates_daily(today or timezone.localdate())


def _words(certificate: Certificate) -> dict:
    r = certificate.recognition
    opens, closes = renewal_window(r.valid_until)
    return {"id": certificate.display_id, "product": certificate.product_name, "stars": certificate.stars,
            "date": r.valid_until.strftime("%d/%m/%Y"), "opens": opens.strftime("%d/%m/%Y"),
            "closes": closes.strftime("%d/%m/%Y")}


def _window_open(certificate: Certificate, counts: dict) -> None:
    w = _words(certificate)
    title = _("Re-evaluation window open: %(product)s") % w
    body = _("The certificate %(id)s of %(product)s (%(stars)s stars) is valid until %(date)s. The re-evaluation dossier "
             "may be filed from %(opens)s to %(closes)s (Decision 26/2026, Art. 7.6).") % w
    _notify_producer(certificate, title, body, kind="window_open")
    _notify_office(certificate, title, body, kind="window_open")
    Event.objects.create(certificate=certificate, kind=Event.Kind.WINDOW_OPEN, detail=w)
    counts["window_open"] += 1
    if certificate_renewal_start(certificate) is not None:
        counts["renewals"] += 1


def _window_closing(certificate: Certificate, today: dt.date, counts: dict) -> None:
    w = _words(certificate)
    closes = renewal_window(certificate.recognition.valid_until)[1]
    if today <= closes:
        title = _("Re-evaluation window closes on %(closes)s: %(product)s") % w
        body = _("No re-evaluation of %(product)s (certificate %(id)s, valid until %(date)s) has been filed yet. "
                 "The window closes on %(closes)s.") % w
    else:
        title = _("Re-evaluation window closed: %(product)s") % w
        body = _("The window to re-evaluate %(product)s (certificate %(id)s) closed on %(closes)s. Filed late, the "
                 "certificate stays valid until the result, at most 180 days after %(date)s (Decision 26/2026, Art. 12.3).") % w
    _notify_producer(certificate, title, body, kind="window_closing")
    _notify_office(certificate, title, body, kind="window_closing")
    Event.objects.create(certificate=certificate, kind=Event.Kind.WINDOW_CLOSING, detail=w)
    counts["window_closing"] += 1


def _certificates_daily(today: dt.date) -> dict:
    counts = {"issued": certificates_issue_missing(), "window_open": 0, "window_closing": 0, "renewals": 0,
              "expired": 0, "superseded": 0, "overdue_cases": 0}
    live = certificate_queryset().filter(recognition__revoked_at__isnull=True, recognition__superseded_by__isnull=True)
    # the window: from 180 days before expiry to expiry
    due = live.filter(recognition__valid_until__gte=today,
                      recognition__valid_until__lte=today + dt.timedelta(days=RENEWAL_WINDOW_OPENS_DAYS))
    sent = set(Event.objects.filter(certificate__in=due, kind__in=[Event.Kind.WINDOW_OPEN, Event.Kind.WINDOW_CLOSING])
               .values_list("certificate_id", "kind"))
    for certificate in due:
        if (certificate.pk, Event.Kind.WINDOW_OPEN) not in sent:
            _window_open(certificate, counts)
        closes = renewal_window(certificate.recognition.valid_until)[1]
        if (today >= closes - dt.timedelta(days=WINDOW_CLOSING_NOTICE_DAYS) and certificate.reevaluation_filed_on is None
                and (certificate.pk, Event.Kind.WINDOW_CLOSING) not in sent):
            _window_closing(certificate, today, counts)
    # expiry (the Art. 12.3 extension, when there is one, counts as validity)
    lapsed = live.filter(recognition__valid_until__lt=today).exclude(recognition__extended_until__gte=today).exclude(
        events__kind=Event.Kind.EXPIRED)
    for certificate in lapsed:
        r = certificate.recognition
        last = max(r.valid_until, r.extended_until or r.valid_until)
        Event.objects.create(certificate=certificate, kind=Event.Kind.EXPIRED, detail={"on": last.isoformat()})
        counts["expired"] += 1
        if (today - last).days <= EXPIRY_NOTICE_DAYS:  # do not flood people with old history
            words = {**_words(certificate), "date": last.strftime("%d/%m/%Y")}
            title = _("OCOP certificate expired: %(product)s") % words
            body = _("The certificate %(id)s of %(product)s expired on %(date)s: the OCOP mark may no longer be used "
                     "on new packaging until a re-evaluation recognises the product again.") % words
            _notify_producer(certificate, title, body, kind="expired")
            _notify_office(certificate, title, body, kind="expired")
    replaced = certificate_queryset().filter(recognition__superseded_by__isnull=False).exclude(events__kind=Event.Kind.SUPERSEDED)
    Event.objects.bulk_create([
        Event(certificate=c, kind=Event.Kind.SUPERSEDED,
              detail={"by": getattr(c.recognition.superseded_by, "certificate", None) and c.recognition.superseded_by.certificate.public_id})
        for c in replaced
    ])
    counts["superseded"] = len(replaced)
    # Art. 8.4: revocation cases past their 15 days, reported once
    overdue = RevocationCase.objects.filter(state=RevocationCase.State.OPEN, deadline__lt=today).select_related(
        "certificate__recognition")
    for case in overdue:
        certificate = case.certificate
        if Event.objects.filter(certificate=certificate, kind=Event.Kind.CASE_OVERDUE, detail__case=case.pk).exists():
            continue
        words = {**_words(certificate), "deadline": case.deadline.strftime("%d/%m/%Y"), "ground": case.get_ground_display()}
        _notify_office(certificate, _("Revocation case overdue: %(product)s") % words,
                       _("The case on certificate %(id)s (%(ground)s) should have been decided by %(deadline)s "
                         "(15 days after the finding, Art. 8.4).") % words, kind="case_overdue")
        Event.objects.create(certificate=certificate, kind=Event.Kind.CASE_OVERDUE, detail={"case": case.pk})
        counts["overdue_cases"] += 1
    for _receiver, more in daily_work.send(sender=Certificate, today=today):
        counts.update(more or {})
    return counts
