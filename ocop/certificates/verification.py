"""The public verification: one precompiled look-up, logged, and an alert to the province when a
revoked certificate or a code that is not genuine is scanned.

When the address carries a QR code's signed parameters (p, k, s), they are checked first, against this
installation's address: a signature that does not match (altered content, another number, another address,
an unknown key, a missing part) answers 409 "tampered", whatever the certificate's status."""

import json

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ocop.notifications.models import Notification
from ocop.notifications.services import notify_province_officers
from ocop.recognitions.models import Status

from . import answers, signing, verification_log
from .facts import FACT_PATHS, certificate_queryset, facts_from_values, public_base_url
from .ids import IdError, normalize
from .models import Certificate


class Lookup:
    """The outcome of a verification: `outcome` word, HTTP status, the facts, the certificate's row id."""

    def __init__(self, outcome: str, http_status: int, certificate_pk: int | None = None, data: dict | None = None,
                 qr: signing.QrCheck | None = None, body: str | None = None):
        self.outcome, self.http_status, self.certificate_pk, self._data = outcome, http_status, certificate_pk, data
        self.qr = qr
        self.body = body  # the facts as JSON, ready to send as they are (a precomputed answer), or None

    @property
    def data(self) -> dict | None:
        if self._data is None and self.body is not None:
            self._data = json.loads(self.body)
        return self._data

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


QR_PARAMS = ("p", "k", "s")


def qr_params(query) -> dict | None:
    """The signed parameters of a scanned QR code in a request's query, or None when there are none."""
    if not any(name in query for name in QR_PARAMS):
        return None
    return {name: str(query.get(name, ""))[:2000] for name in QR_PARAMS}


def _check(text: str, params: dict, request) -> signing.QrCheck:
    if not all(params.values()):
        return signing.QrCheck("malformed")
    return signing.check_signed(public_base_url(request), str(text).strip().rstrip("/"), params["p"], params["k"], params["s"])


def _row(public_id: str):
    with connection.cursor() as cursor:
        cursor.execute(_facts_sql(), [public_id])
        return cursor.fetchone()


def _answer(public_id: str, today) -> tuple[int | None, str | None, dict | None, str | None]:
    """(pk, status, facts, JSON): from the precomputed answer (one indexed read; the JSON sent as it is unless
    a revocation's ground needs the reader's language), else computed live (facts only)."""
    ready = answers.read(public_id, today)
    if ready is not None:
        pk, status, body = ready
        if status == Status.REVOKED:
            return pk, status, answers.localized(json.loads(body)), None
        return pk, status, None, body
    row = _row(public_id)
    if row is None:
        return None, None, None, None
    data = facts_from_values(dict(zip(FACT_PATHS, row, strict=True)), today)
    return row[-1], data["status"], data, None


def verify(text: str, *, request, channel: str, params: dict | None = None) -> Lookup:
    """The status of a certificate number; with `params` (a QR code's p, k, s), the code's signature first."""
    qr = _check(text, params, request) if params is not None else None
    try:
        public_id = normalize(text)
    except IdError as exc:
        lookup = Lookup("tampered", 409, qr=qr) if qr is not None else Lookup(exc.kind, 400)
    else:
        pk, status, data, body = _answer(public_id, timezone.localdate())
        if qr is not None and qr.verdict != "valid":
            lookup = Lookup("tampered", 409, pk, data, qr, body)
        elif status is None:
            lookup = Lookup("unknown", 404, qr=qr)
        else:
            lookup = Lookup(status, 200 if status == Status.IN_FORCE else 410, pk, data, qr, body)
    verification_log.add(lookup.certificate_pk, lookup.outcome, channel, timezone.now())
    if lookup.outcome == Status.REVOKED:
        _alert_province(lookup.certificate_pk, public_id)
    elif lookup.outcome == "tampered" and lookup.certificate_pk is not None:
        _alert_province(lookup.certificate_pk, public_id, kind="tampered_scan")
    return lookup


def _alert_province(certificate_pk: int, public_id: str, kind: str = "revoked_scan") -> None:
    """One alert per certificate, kind of alert and day to the officers of its province (the shared cache
    remembers that today's alert went out, so repeated scans do not read the notifications)."""
    today = timezone.localdate()
    if cache.get(f"alerted:{kind}:{public_id}:{today.isoformat()}"):
        return
    certificate = certificate_queryset().get(pk=certificate_pk)
    url = f"/certificates/{certificate.public_id}/"
    today_start = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    if not Notification.objects.filter(kind=kind, url=url, created_at__gte=today_start).exists():
        with translation.override(settings.LANGUAGE_CODE):
            if kind == "tampered_scan":
                _send_tampered_alert(certificate, url)
            else:
                _send_alert(certificate, url)
    cache.set(f"alerted:{kind}:{public_id}:{today.isoformat()}", 1, 86400)


def _send_tampered_alert(certificate, url) -> None:
    notify_province_officers(
        certificate.recognition.province_id, kind="tampered_scan", url=url,
        title=_("A QR code that is not genuine was scanned"),
        body=_("Someone scanned a QR code carrying the number of certificate %(id)s (%(product)s, %(producer)s) whose "
               "signature does not match: a label may be counterfeit or altered.") % {
            "id": certificate.display_id, "product": certificate.product_name, "producer": certificate.producer_name})


def _send_alert(certificate, url) -> None:
    r = certificate.recognition
    notify_province_officers(r.province_id, kind="revoked_scan", url=url,
           title=_("A revoked OCOP certificate was scanned"),
           body=_("Certificate %(id)s (%(product)s, %(producer)s) was revoked on %(date)s but is still being scanned: "
                  "the mark may still be on packages in the market.") % {
               "id": certificate.display_id, "product": certificate.product_name, "producer": certificate.producer_name,
               "date": r.revoked_at.strftime("%d/%m/%Y")})
