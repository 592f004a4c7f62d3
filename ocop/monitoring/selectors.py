"""Monitoring's reads for the office: plans, products never inspected, overdue findings, recent inspections."""

import datetime as dt

from django.db.models import Exists, OuterRef
from django.utils import timezone

from ocop.certificates.facts import certificate_queryset
from ocop.recognitions.models import Status, status_q

from .models import Finding, Inspection, InspectionPlan


def never_inspected(user, today: dt.date | None = None):
    """Certificates in force, of the office's provinces, whose product was never inspected."""
    today = today or timezone.localdate()
    inspected = Inspection.objects.filter(certificate__recognition__product_id=OuterRef("recognition__product_id"))
    return (certificate_queryset().visible_to(user).filter(status_q(Status.IN_FORCE, today, "recognition__"))
            .filter(~Exists(inspected)).order_by("recognition__decision_date", "pk"))


def overdue_findings(user, today: dt.date | None = None):
    today = today or timezone.localdate()
    return (Finding.objects.visible_to(user).filter(corrected_on__isnull=True, correct_by__lt=today)
            .select_related("inspection__certificate").order_by("correct_by", "pk"))


def office_plans(user):
    return InspectionPlan.objects.visible_to(user).select_related("province")


def recent_inspections(user):
    return Inspection.objects.visible_to(user).select_related("certificate", "plan").order_by("-inspected_on", "-pk")
