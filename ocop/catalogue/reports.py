"""Reports of suspected fakes from the public verification pages: kept, and sent to the office of the province
where the product was seen; slowed down per client and per browser session like buyers' messages."""

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from ocop.certificates.ids import IdError, normalize
from ocop.certificates.models import Certificate
from ocop.core.clients import client_allowance, client_key
from ocop.notifications.services import notify_province_officers

from .models import FakeReport

PER_SESSION = 3
PER_CLIENT = 20
WINDOW = 3600


class ReportRefused(Exception):
    def __init__(self, message: str, status: int = 400, retry_after: int = 0):
        super().__init__(message)
        self.status, self.retry_after = status, retry_after


def _reason(number: str, hint: str, certificate) -> str:
    if hint == FakeReport.Reason.TAMPERED:
        return FakeReport.Reason.TAMPERED
    if number and certificate is None:
        return FakeReport.Reason.UNKNOWN
    if certificate is not None and certificate.recognition.revoked_at is not None:
        return FakeReport.Reason.REVOKED
    return FakeReport.Reason.OTHER


@transaction.atomic
def fake_report_create(*, request, number: str, province, place: str, product_name: str, details: str, contact: str,
                       reason_hint: str, honeypot: str) -> FakeReport:
    if honeypot:
        raise ReportRefused(_("The report could not be sent."))
    wait = client_allowance(request, "fake-report", per_client=PER_CLIENT, per_session=PER_SESSION, window=WINDOW)
    if wait:
        raise ReportRefused(_("You have sent several reports in the last hour; please try again in %(minutes)s minutes.")
                            % {"minutes": max(1, round(wait / 60))}, 429, wait)
    certificate = None
    try:
        certificate = Certificate.objects.select_related("recognition").filter(public_id=normalize(number)).first()
    except IdError:
        pass
    report = FakeReport.objects.create(
        number=number, certificate=certificate, reason=_reason(number, reason_hint, certificate), province=province,
        place=place, product_name=product_name, details=details, contact=contact, client=client_key(request))
    with translation.override(settings.LANGUAGE_CODE):
        notify_province_officers(
            province.code, kind="fake_report", url=f"/v/{certificate.public_id}" if certificate else "",
            title=_("Suspected fake OCOP product reported: %(place)s") % {"place": place[:80]},
            body=_("Reason: %(reason)s. Number as printed: %(number)s. Where: %(place)s. Product: %(product)s. "
                   "Details: %(details)s. Contact of the person reporting: %(contact)s.") % {
                "reason": report.get_reason_display(), "number": number or "–", "place": place,
                "product": product_name or "–", "details": details or "–", "contact": contact or "–"})
    return report
