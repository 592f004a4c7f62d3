"""Office lists of certificates: expiring, expired, revoked, by province and group."""

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone

from ocop.taxonomy.selectors import group_ids_under

from .models import Certificate
from .facts import certificate_queryset

VIEWS = ("expiring", "expired", "revoked", "in_force", "all")


def office_certificates(user, *, view: str = "expiring", days: int = 90, province: str | None = None,
                        group: str | None = None, today: dt.date | None = None):
    today = today or timezone.localdate()
    qs = certificate_queryset().visible_to(user).annotate(scans=Count("verifications"))
    if province:
        qs = qs.filter(recognition__province_id=province)
    if group:
        qs = qs.filter(recognition__group_id__in=group_ids_under(group))
    live = Q(recognition__revoked_at__isnull=True, recognition__superseded_by__isnull=True)
    if view == "expiring":
        qs = qs.filter(live, recognition__valid_until__gte=today, recognition__valid_until__lte=today + dt.timedelta(days=days))
        return qs.order_by("recognition__valid_until", "pk")
    if view == "expired":
        return qs.filter(live, recognition__valid_until__lt=today).order_by("-recognition__valid_until", "pk")
    if view == "revoked":
        return qs.filter(recognition__revoked_at__isnull=False).order_by("-recognition__revoked_at", "pk")
    if view == "in_force":
        return qs.filter(live, recognition__valid_until__gte=today).order_by("recognition__valid_until", "pk")
    return qs.order_by("-recognition__decision_date", "pk")


def decision_certificates(user, decision_number: str, province: str | None = None):
    qs = certificate_queryset().visible_to(user).filter(recognition__decision_number=decision_number.strip())
    if province:
        qs = qs.filter(recognition__province_id=province)
    return qs.order_by("recognition__product__name")


def with_history(certificate_id: int) -> Certificate:
    return certificate_queryset().prefetch_related("events__actor").get(pk=certificate_id)
