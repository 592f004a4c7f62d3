"""Office lists of certificates: expiring, expired, revoked, by province and group."""

import datetime as dt

from dataclasses import dataclass

from django.db.models import OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from ocop.producers.models import ChangeRequest
from ocop.recognitions.models import status_q, Status
from ocop.taxonomy.selectors import group_ids_under

from .models import Certificate, RevocationCase, VerificationCount
from .facts import certificate_queryset

VIEWS = ("expiring", "expired", "revoked", "in_force", "all")


def scan_count():
    """A certificate's verifications, all hours together (for annotate): the log keeps counts per hour."""
    per_certificate = (VerificationCount.objects.filter(certificate=OuterRef("pk")).order_by()
                       .values("certificate").annotate(n=Sum("count")).values("n"))
    return Coalesce(Subquery(per_certificate), 0)


def scans_of(certificate: Certificate) -> int:
    return VerificationCount.objects.filter(certificate=certificate).aggregate(n=Sum("count"))["n"] or 0


def office_certificates(user, *, view: str = "expiring", days: int = 90, province: str | None = None,
                        group: str | None = None, today: dt.date | None = None):
    today = today or timezone.localdate()
    qs = certificate_queryset().visible_to(user).annotate(scans=scan_count())
    if province:
        qs = qs.filter(recognition__province_id=province)
    if group:
        qs = qs.filter(recognition__group_id__in=group_ids_under(group))
    live = Q(recognition__revoked_at__isnull=True, recognition__superseded_by__isnull=True)
    if view == "expiring":
        qs = qs.filter(live, recognition__valid_until__gte=today, recognition__valid_until__lte=today + dt.timedelta(days=days))
        return qs.order_by("recognition__valid_until", "pk")
    if view == "expired":
        return qs.filter(status_q(Status.EXPIRED, today, "recognition__")).order_by("-recognition__valid_until", "pk")
    if view == "revoked":
        return qs.filter(recognition__revoked_at__isnull=False).order_by("-recognition__revoked_at", "pk")
    if view == "in_force":
        return qs.filter(status_q(Status.IN_FORCE, today, "recognition__")).order_by("recognition__valid_until", "pk")
    return qs.order_by("-recognition__decision_date", "pk")


def decision_certificates(user, decision_number: str, province: str | None = None):
    qs = certificate_queryset().visible_to(user).filter(recognition__decision_number=decision_number.strip())
    if province:
        qs = qs.filter(recognition__province_id=province)
    return qs.order_by("recognition__product__name")


def with_history(certificate_id: int) -> Certificate:
    return certificate_queryset().prefetch_related("events__actor").get(pk=certificate_id)


@dataclass
class Change:
    """One line of the audit history: when, who, what record, what changed."""

    at: object
    user: object
    record: str
    kind: str  # created | changed | deleted
    changes: list[tuple[str, str, str]]
    reason: str


def _history_lines(records, label: str) -> list[Change]:
    records = list(records.select_related("history_user").order_by("history_date", "history_id"))
    lines, previous = [], None
    for record in records:
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                field = record.instance._meta.get_field(change.field)
                changes.append((str(field.verbose_name), "" if change.old is None else str(change.old),
                                "" if change.new is None else str(change.new)))
            if not changes:
                previous = record
                continue
        kind = {"+": "created", "~": "changed", "-": "deleted"}[record.history_type]
        lines.append(Change(record.history_date, record.history_user, label, kind, changes, record.history_change_reason or ""))
        previous = record
    return lines


def audit_history(certificate: Certificate) -> list[Change]:
    """Every recorded change of the certificate, its recognition, product and producer, its revocation cases and
    the product's change requests (django-simple-history), newest first. For offices."""
    r = certificate.recognition
    product, producer = r.product, r.product.producer
    lines = _history_lines(Certificate.history.filter(id=certificate.pk), str(Certificate._meta.verbose_name))
    lines += _history_lines(type(r).history.filter(id=r.pk), str(type(r)._meta.verbose_name))
    lines += _history_lines(type(product).history.filter(id=product.pk), str(type(product)._meta.verbose_name))
    lines += _history_lines(type(producer).history.filter(id=producer.pk), str(type(producer)._meta.verbose_name))
    for case_id in certificate.revocation_cases.values_list("pk", flat=True):
        lines += _history_lines(RevocationCase.history.filter(id=case_id), str(RevocationCase._meta.verbose_name))
    for change_id in ChangeRequest.objects.filter(Q(product=product) | Q(producer=producer, product__isnull=True)).values_list("pk", flat=True):
        lines += _history_lines(ChangeRequest.history.filter(id=change_id), str(ChangeRequest._meta.verbose_name))
    return sorted(lines, key=lambda line: line.at, reverse=True)


def producer_certificates(user, today: dt.date | None = None):
    """The certificates of a producer account's own products, newest decision first (current ones on top)."""
    return (certificate_queryset().visible_to(user).filter(recognition__product__producer_id=user.producer_id)
            .order_by("recognition__product__name", "-recognition__decision_date", "-pk"))
