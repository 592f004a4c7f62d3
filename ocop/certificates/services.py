"""Certificate writes and the public verification.

- certificates_issue_missing(): a certificate (with its public number) for every recognition
  that has none; the import, the recognition service and the daily task call it.
- certificate_revoke(): by an officer of the recognition's province (or the centre), with a
  reason and a decision reference; never twice.
- certificates_daily(today): reminders 90/60/30 days before expiry, expiry and supersession in
  the history. Safe to run many times a day.
- verify(): the public look-up, logged, with an alert to the province when a revoked
  certificate is scanned.
"""

import datetime as dt
import ipaddress

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils import translation
from django.utils.translation import gettext as _

from ocop.accounts.access import can_edit, scope_for
from ocop.recognitions.models import Recognition, Status

from . import signing, verification_log
from .ids import IdError, new_id, normalize
from .models import Certificate, Event

REMINDER_DAYS = (30, 60, 90)


class RevokeRefused(Exception):
    """`status` is the HTTP status that fits (400 bad input, 403 not allowed, 409 conflict)."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


def certificates_issue_missing() -> int:
    missing = list(
        Recognition.objects.filter(~Exists(Certificate.objects.filter(recognition=OuterRef("pk")))).values_list("pk", flat=True)
    )
    created = 0
    for start in range(0, len(missing), 2000):
        batch = [Certificate(recognition_id=pk, public_id=new_id()) for pk in missing[start:start + 2000]]
        try:
            with transaction.atomic():
                made = Certificate.objects.bulk_create(batch)
        except IntegrityError:  # a random number collided (or a concurrent run issued some): one by one
            made = []
            for certificate in batch:
                if Certificate.objects.filter(recognition_id=certificate.recognition_id).exists():
                    continue
                while Certificate.objects.filter(public_id=certificate.public_id).exists():
                    certificate.public_id = new_id()
                certificate.save()
                made.append(certificate)
        made = list(Certificate.objects.filter(recognition_id__in=[c.recognition_id for c in made]))
        Event.objects.bulk_create([Event(certificate=c, kind=Event.Kind.ISSUED) for c in made])
        created += len(made)
    return created


# The columns behind a certificate's public facts, read either from model instances (pages,
# PDFs) or with one precompiled SQL statement (the public verification, which must be fast).
FACT_PATHS = (
    "public_id", "recognition__product_id", "recognition__product__name", "recognition__product__producer_id",
    "recognition__product__producer__name", "recognition__stars", "recognition__decision_number",
    "recognition__decision_date", "recognition__valid_until", "recognition__level", "recognition__province_id",
    "recognition__province__short_name", "recognition__legacy_province__short_name",
    "recognition__criteria_version__code", "recognition__revoked_at", "recognition__revocation_reason",
    "recognition__revocation_decision", "recognition__superseded_by_id", "recognition__superseded_by__decision_date",
    "recognition__superseded_by__stars", "recognition__superseded_by__certificate__public_id", "id",
)


def _iso(value) -> str | None:
    """A date from the ORM (date) or from a raw SQLite cursor (text) as YYYY-MM-DD."""
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)[:10]


def facts_from_values(v: dict, today: dt.date | None = None) -> dict:
    today_iso = (today or timezone.localdate()).isoformat()
    valid_until = _iso(v["recognition__valid_until"])
    if v["recognition__revoked_at"] is not None:
        status = Status.REVOKED.value
    elif v["recognition__superseded_by_id"] is not None:
        status = Status.SUPERSEDED.value
    elif valid_until < today_iso:
        status = Status.EXPIRED.value
    else:
        status = Status.IN_FORCE.value
    public_id = v["public_id"]
    data = {
        "id": public_id,
        "display_id": f"{public_id[:4]}-{public_id[4:8]}-{public_id[8:]}",
        "status": status,
        "product": {"id": v["recognition__product_id"], "name": v["recognition__product__name"]},
        "producer": {"id": v["recognition__product__producer_id"], "name": v["recognition__product__producer__name"]},
        "stars": v["recognition__stars"],
        "decision_number": v["recognition__decision_number"],
        "decision_date": _iso(v["recognition__decision_date"]),
        "issuing_level": v["recognition__level"],
        "province": {"code": v["recognition__province_id"], "name": v["recognition__province__short_name"]},
        "province_at_the_time": v["recognition__legacy_province__short_name"] or v["recognition__province__short_name"],
        "valid_until": valid_until,
        "criteria_version": v["recognition__criteria_version__code"],
    }
    if status == Status.REVOKED:
        data["revoked"] = {"date": _iso(v["recognition__revoked_at"]), "reason": v["recognition__revocation_reason"],
                           "decision": v["recognition__revocation_decision"]}
    elif status == Status.SUPERSEDED:
        data["superseded"] = {"date": _iso(v["recognition__superseded_by__decision_date"]),
                              "by": v["recognition__superseded_by__certificate__public_id"],
                              "by_stars": v["recognition__superseded_by__stars"]}
    elif status == Status.EXPIRED:
        data["expired"] = {"date": valid_until}
    return data


def facts(certificate: Certificate, today: dt.date | None = None) -> dict:
    values = {}
    for path in FACT_PATHS:
        obj = certificate
        for attr in path.split("__"):
            if attr.endswith("_id") and obj is not None and attr != "id":
                obj = getattr(obj, attr)
                continue
            obj = getattr(obj, attr, None) if obj is not None else None
        values[path] = obj
    return facts_from_values(values, today)


def signed_fields(certificate: Certificate) -> dict:
    r = certificate.recognition
    return {"id": certificate.public_id, "stars": r.stars, "decision_number": r.decision_number,
            "decision_date": r.decision_date, "valid_until": r.valid_until, "level": r.level,
            "province": r.province_id, "product": r.product.name, "producer": r.product.producer.name}


def public_base_url(request=None) -> str:
    configured = getattr(settings, "OCOP_PUBLIC_URL", "")
    if configured:
        return configured
    return request.build_absolute_uri("/").rstrip("/") if request is not None else "http://127.0.0.1:8000"


def qr_text(certificate: Certificate, request=None) -> str:
    return signing.qr_text(signed_fields(certificate), public_base_url(request))


def certificate_queryset():
    return Certificate.objects.select_related(
        "recognition__product__producer", "recognition__province", "recognition__legacy_province",
        "recognition__criteria_version", "recognition__superseded_by__certificate",
    )


# -- revocation ------------------------------------------------------------------------------

@transaction.atomic
def certificate_revoke(*, certificate: Certificate, reason: str, decision: str, user, day: dt.date | None = None) -> Certificate:
    reason, decision = (reason or "").strip(), (decision or "").strip()
    recognition = Recognition.objects.select_for_update().select_related("product__producer").get(pk=certificate.recognition_id)
    if not can_edit(scope_for(user), recognition.product.producer) or scope_for(user).producers:
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
    recognition.revoked_at = day or timezone.localdate()
    recognition.revocation_reason = reason
    recognition.revocation_decision = decision
    recognition.save(update_fields=["revoked_at", "revocation_reason", "revocation_decision", "updated_at"])
    Event.objects.create(certificate=certificate, kind=Event.Kind.REVOKED, actor=user,
                         detail={"reason": reason, "decision": decision})
    with translation.override(settings.LANGUAGE_CODE):
            _notify_producer(certificate, _("OCOP certificate revoked"),
                         _("The certificate %(id)s of %(product)s was revoked by decision %(decision)s: %(reason)s") % {
                             "id": certificate.display_id, "product": recognition.product.name, "decision": decision,
                             "reason": reason}, kind="revoked")
    certificate.recognition = recognition
    return certificate


# -- lifecycle -------------------------------------------------------------------------------

def _producer_users(producer):
    from ocop.accounts.models import User

    return list(User.objects.filter(producer=producer, is_active=True))


def _notify_producer(certificate: Certificate, title: str, body: str, *, kind: str) -> None:
    from ocop.notifications.services import notify

    producer = certificate.recognition.product.producer
    notify(users=_producer_users(producer), title=title, body=body, url=f"/v/{certificate.public_id}", kind=kind,
           extra_emails=[producer.email] if producer.email else [])


def _start_renewal(certificate):
    """Open the re-rating dossier (a draft the producer completes), once, with the first reminder."""
    from ocop.dossiers.services import DossierRefused, renewal_open

    if certificate.events.filter(kind=Event.Kind.RENEWAL).exists():
        return None
    try:
        return renewal_open(certificate.recognition)
    except DossierRefused:
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


# -- public verification ---------------------------------------------------------------------

def coarse_client(request) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    try:
        ip = ipaddress.ip_address(address)
        network = ipaddress.ip_network(f"{address}/{24 if ip.version == 4 else 48}", strict=False)
        prefix = str(network)
    except ValueError:
        prefix = "?"
    agent = request.headers.get("User-Agent", "")
    family = next((name for name in ("Zalo", "Edg", "Chrome", "Firefox", "Safari", "curl", "python", "wrk")
                   if name.lower() in agent.lower()), "other" if agent else "none")
    return f"{prefix} {family}"[:80]


class Lookup:
    """The outcome of a verification: `outcome` word, HTTP status, the facts, the certificate's row id."""

    def __init__(self, outcome: str, http_status: int, certificate_pk: int | None = None, data: dict | None = None):
        self.outcome, self.http_status, self.certificate_pk, self.data = outcome, http_status, certificate_pk, data

    @property
    def certificate(self) -> Certificate | None:
        return certificate_queryset().get(pk=self.certificate_pk) if self.certificate_pk else None


_FACTS_SQL: dict[str, str] = {}


def _facts_sql() -> str:
    """The look-up statement, compiled by the ORM once per database and reused."""
    key = connection.vendor
    if key not in _FACTS_SQL:
        sql, _params = Certificate.objects.filter(public_id="X").values_list(*FACT_PATHS).query.sql_with_params()
        _FACTS_SQL[key] = sql
    return _FACTS_SQL[key]


def verify(text: str, *, request, channel: str) -> Lookup:
    try:
        public_id = normalize(text)
    except IdError as exc:
        lookup = Lookup(exc.kind, 400)
    else:
        with connection.cursor() as cursor:
            cursor.execute(_facts_sql(), [public_id])
            row = cursor.fetchone()
        if row is None:
            lookup = Lookup("unknown", 404)
        else:
            data = facts_from_values(dict(zip(FACT_PATHS, row, strict=True)))
            lookup = Lookup(data["status"], 200 if data["status"] == Status.IN_FORCE else 410, row[-1], data)
    verification_log.add((lookup.certificate_pk, str(text)[:40], lookup.outcome, channel, coarse_client(request),
                          connection.ops.adapt_datetimefield_value(timezone.now())))
    if lookup.outcome == Status.REVOKED:
        _alert_province(lookup.certificate)
    return lookup


def _alert_province(certificate: Certificate) -> None:
    """One alert per revoked certificate per day to the officers of its province."""
    from ocop.accounts.models import Role, User
    from ocop.notifications.models import Notification

    r = certificate.recognition
    url = f"/certificates/{certificate.public_id}/"
    today_start = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    if Notification.objects.filter(kind="revoked_scan", url=url, created_at__gte=today_start).exists():
        return
    officers = User.objects.filter(role=Role.PROVINCE, province_id=r.province_id, is_active=True)
    with translation.override(settings.LANGUAGE_CODE):
        _send_alert(certificate, officers, url)


def _send_alert(certificate, officers, url) -> None:
    from ocop.notifications.services import notify

    r = certificate.recognition
    notify(users=officers, kind="revoked_scan", url=url,
           title=_("A revoked OCOP certificate was scanned"),
           body=_("Certificate %(id)s (%(product)s, %(producer)s) was revoked on %(date)s but is still being scanned: "
                  "the mark may still be on packages in the market.") % {
               "id": certificate.display_id, "product": r.product.name, "producer": r.product.producer.name,
               "date": r.revoked_at.strftime("%d/%m/%Y")})
