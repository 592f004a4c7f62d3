"""The public verification: one precompiled look-up, logged, and an alert to the province when a
revoked certificate or a code that is not genuine is scanned.

When the address carries a QR code's signed parameters (p, k, s), they are checked first, against this
installation's address: a signature that does not match (altered content, another number, another address,
an unknown key, a missing part) answers 409 "tampered", whatever the certificate's status."""

from django.conf import settings
from django.db import connection
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ocop.core.clients import client_label
from ocop.notifications.models import Notification
from ocop.notifications.services import notify_province_officers
from ocop.recognitions.models import Status

from . import signing, verification_log
from .facts import FACT_PATHS, certificate_queryset, facts_from_values, public_base_url
from .ids import IdError, normalize
from .models import Certificate


class Lookup:
    """The outcome of a verification: `outcome` word, HTTP status, the facts, the certificate's row id."""

    def __init__(self, outcome: str, http_status: int, certificate_pk: int | None = None, data: dict | None = None,
                 qr: signing.QrCheck | None = None):
        self.outcome, self.http_status, self.certificate_pk, self.data = outcome, http_status, certificate_pk, data
        self.qr = qr

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


def verify(text: str, *, request, channel: str, params: dict | None = None) -> Lookup:
    """The status of a certificate number; with `params` (a QR code's p, k, s), the code's signature first."""
    qr = _check(text, params, request) if params is not None else None
    try:
        public_id = normalize(text)
    except IdError as exc:
        lookup = Lookup("tampered", 409, qr=qr) if qr is not None else Lookup(exc.kind, 400)
    else:
        row = _row(public_id)
        data = facts_from_values(dict(zip(FACT_PATHS, row, strict=True))) if row is not None else None
        if qr is not None and qr.verdict != "valid":
            lookup = Lookup("tampered", 409, row[-1] if row else None, data, qr)
        elif row is None:
            lookup = Lookup("unknown", 404, qr=qr)
        else:
            lookup = Lookup(data["status"], 200 if data["status"] == Status.IN_FORCE else 410, row[-1], data, qr)
    verification_log.add((lookup.certificate_pk, str(text)[:40], lookup.outcome, channel, client_label(request),
                          connection.ops.adapt_datetimefield_value(timezone.now())))
    if lookup.outcome == Status.REVOKED:
        _alert_province(lookup.certificate)
    elif lookup.outcome == "tampered" and lookup.certificate_pk is not None:
        _alert_province(lookup.certificate, kind="tampered_scan")
    return lookup


def _alert_province(certificate: Certificate, kind: str = "revoked_scan") -> None:
    """One alert per certificate, kind of alert and day to the officers of its province."""
    url = f"/certificates/{certificate.public_id}/"
    today_start = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    if Notification.objects.filter(kind=kind, url=url, created_at__gte=today_start).exists():
        return
    with translation.override(settings.LANGUAGE_CODE):
        if kind == "tampered_scan":
            _send_tampered_alert(certificate, url)
        else:
            _send_alert(certificate, url)


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
