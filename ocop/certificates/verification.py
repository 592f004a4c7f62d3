"""The public verification: one precompiled look-up, logged, and an alert to the province when a
revoked certificate is scanned."""

from django.conf import settings
from django.db import connection
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ocop.core.clients import client_label
from ocop.notifications.models import Notification
from ocop.notifications.services import notify_province_officers
from ocop.recognitions.models import Status

from . import verification_log
from .facts import FACT_PATHS, certificate_queryset, facts_from_values
from .ids import IdError, normalize
from .models import Certificate


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
    verification_log.add((lookup.certificate_pk, str(text)[:40], lookup.outcome, channel, client_label(request),
                          connection.ops.adapt_datetimefield_value(timezone.now())))
    if lookup.outcome == Status.REVOKED:
        _alert_province(lookup.certificate)
    return lookup


def _alert_province(certificate: Certificate) -> None:
    """One alert per revoked certificate per day to the officers of its province."""
    url = f"/certificates/{certificate.public_id}/"
    today_start = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    if Notification.objects.filter(kind="revoked_scan", url=url, created_at__gte=today_start).exists():
        return
    with translation.override(settings.LANGUAGE_CODE):
        _send_alert(certificate, url)


def _send_alert(certificate, url) -> None:
    r = certificate.recognition
    notify_province_officers(r.province_id, kind="revoked_scan", url=url,
           title=_("A revoked OCOP certificate was scanned"),
           body=_("Certificate %(id)s (%(product)s, %(producer)s) was revoked on %(date)s but is still being scanned: "
                  "the mark may still be on packages in the market.") % {
               "id": certificate.display_id, "product": r.product.name, "producer": r.product.producer.name,
               "date": r.revoked_at.strftime("%d/%m/%Y")})
