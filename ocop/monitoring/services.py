"""Monitoring's writes: plans, inspections with their findings, corrections, the outcome (which may open a
revocation case of the certificate), and the daily notice of overdue findings."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ocop.accounts.access import is_office, may_act_for_province, may_write
from ocop.certificates.facts import facts
from ocop.certificates.revocation import RevokeRefused, revocation_case_open
from ocop.notifications.services import notify_province_officers
from ocop.recognitions.models import RevocationGround

from .models import Finding, Inspection, InspectionPlan


class MonitoringRefused(Exception):
    def __init__(self, message: str, status: int = 400, field: str | None = None):
        super().__init__(message)
        self.status, self.field = status, field


@dataclass
class FindingIn:
    subject: str
    description: str
    correct_by: dt.date


def _today() -> dt.date:
    return timezone.localdate()


@transaction.atomic
def plan_create(*, province, year: int, kind: str, title: str, starts_on: dt.date, ends_on: dt.date, notes: str,
                user) -> InspectionPlan:
    if not (is_office(user) and may_act_for_province(user, province.code)):
        raise MonitoringRefused(_("Only the office of this province plans its inspections."), 403)
    if ends_on < starts_on:
        raise MonitoringRefused(_("The plan cannot end before it starts."), 400, "ends_on")
    if not (starts_on.year <= year <= ends_on.year):
        raise MonitoringRefused(_("The plan's dates must fall in its year."), 400, "year")
    return InspectionPlan.objects.create(province=province, year=year, kind=kind, title=title.strip()[:200],
                                         starts_on=starts_on, ends_on=ends_on, notes=notes.strip(), created_by=user)


@transaction.atomic
def inspection_record(*, certificate, plan: InspectionPlan | None, kind: str, inspected_on: dt.date, inspectors: str,
                      criteria: str, criteria_notes: str, mark_use: str, mark_notes: str, findings: list[FindingIn],
                      user) -> Inspection:
    """An inspection of a certified product (in force) against its certified criteria and the use of the mark.
    Without findings and with everything kept, the outcome is "kept" at once; else it waits for the
    corrections or the office's conclusion."""
    if not (is_office(user) and may_write(user, certificate)):
        raise MonitoringRefused(_("Only the office of the product's province (or the centre) inspects it."), 403)
    if inspected_on > _today():
        raise MonitoringRefused(_("The inspection cannot be dated in the future."), 400, "inspected_on")
    if facts(certificate)["status"] != "in_force":
        raise MonitoringRefused(_("Only a certificate in force is inspected: this one is not."), 409)
    if plan is not None and plan.province_id != certificate.recognition.province_id:
        raise MonitoringRefused(_("This plan is another province's."), 400, "plan")
    for finding in findings:
        if finding.correct_by < inspected_on:
            raise MonitoringRefused(_("A finding's deadline cannot come before the inspection."), 400, "findings")
    troubled = criteria != Inspection.Criteria.KEPT or mark_use == Inspection.MarkUse.MISUSE
    if troubled and not findings:
        raise MonitoringRefused(_("Record what was found (at least one finding) when the criteria are not kept or the "
                                  "mark is misused."), 400, "findings")
    inspection = Inspection.objects.create(
        certificate=certificate, plan=plan, kind=kind, inspected_on=inspected_on, inspectors=inspectors.strip()[:300],
        criteria=criteria, criteria_notes=criteria_notes.strip(), mark_use=mark_use, mark_notes=mark_notes.strip(),
        created_by=user,
        outcome=Inspection.Outcome.KEPT if not findings and not troubled else Inspection.Outcome.PENDING,
        concluded_on=inspected_on if not findings and not troubled else None)
    Finding.objects.bulk_create([Finding(inspection=inspection, subject=f.subject, description=f.description.strip(),
                                         correct_by=f.correct_by) for f in findings])
    return inspection


@transaction.atomic
def finding_correct(*, finding: Finding, corrected_on: dt.date, note: str, user) -> Finding:
    inspection = finding.inspection
    if not (is_office(user) and may_write(user, inspection)):
        raise MonitoringRefused(_("Only the office of the product's province records corrections."), 403)
    if finding.corrected_on is not None:
        raise MonitoringRefused(_("This finding is already corrected."), 409)
    if corrected_on > _today():
        raise MonitoringRefused(_("The date cannot be in the future."), 400, "corrected_on")
    if corrected_on < inspection.inspected_on:
        raise MonitoringRefused(_("A correction cannot come before the inspection."), 400, "corrected_on")
    finding.corrected_on, finding.correction_note = corrected_on, note.strip()
    finding.save(update_fields=["corrected_on", "correction_note"])
    return finding


def _ground_for(inspection: Inspection) -> str:
    if inspection.mark_use == Inspection.MarkUse.MISUSE:
        return RevocationGround.MARK_MISUSE
    if inspection.criteria != Inspection.Criteria.KEPT:
        return RevocationGround.CRITERIA_NOT_MET
    return RevocationGround.OTHER


@transaction.atomic
def inspection_conclude(*, inspection: Inspection, outcome: str, note: str, user, ground: str = "") -> Inspection:
    """The office's conclusion: kept, corrected (every finding corrected) or proposed for revocation, which
    opens a revocation case on the certificate with the inspection's date as the finding's date."""
    inspection = Inspection.objects.select_for_update().select_related("certificate__recognition").get(pk=inspection.pk)
    if not (is_office(user) and may_write(user, inspection)):
        raise MonitoringRefused(_("Only the office of the product's province concludes the inspection."), 403)
    if inspection.outcome != Inspection.Outcome.PENDING:
        raise MonitoringRefused(_("This inspection is already concluded."), 409)
    findings = list(inspection.findings.all())
    if outcome == Inspection.Outcome.CORRECTED and any(f.corrected_on is None for f in findings):
        raise MonitoringRefused(_("Some findings are not corrected yet."), 409, "outcome")
    if outcome == Inspection.Outcome.KEPT and findings:
        raise MonitoringRefused(_("There are findings: conclude “corrected” once they are, or propose revocation."), 409, "outcome")
    if outcome == Inspection.Outcome.PROPOSED_REVOCATION:
        ground = ground or _ground_for(inspection)
        details = "; ".join(f.description for f in findings) or inspection.criteria_notes or inspection.mark_notes
        if note.strip():
            details = f"{details}. {note.strip()}" if details else note.strip()
        try:
            case = revocation_case_open(
                certificate=inspection.certificate, ground=ground, details=details, found_on=inspection.inspected_on,
                user=user, source=_("Inspection of %(date)s") % {"date": inspection.inspected_on.strftime("%d/%m/%Y")},
                source_url=f"/monitoring/inspections/{inspection.pk}/")
        except RevokeRefused as exc:
            raise MonitoringRefused(str(exc), exc.status, "ground" if exc.field == "ground" else None) from None
        inspection.revocation_case = case
    elif outcome not in (Inspection.Outcome.KEPT, Inspection.Outcome.CORRECTED):
        raise MonitoringRefused(_("Choose an outcome."), 400, "outcome")
    inspection.outcome, inspection.outcome_note, inspection.concluded_on = outcome, note.strip(), _today()
    inspection.save()
    return inspection


def monitoring_daily(today: dt.date) -> dict:
    """Tell the province, once per finding, that a finding is past its deadline uncorrected."""
    overdue = Finding.objects.filter(corrected_on__isnull=True, correct_by__lt=today, overdue_notified=False).select_related(
        "inspection__certificate__recognition")
    count = 0
    with translation.override(settings.LANGUAGE_CODE):
        for finding in overdue:
            certificate = finding.inspection.certificate
            notify_province_officers(
                certificate.recognition.province_id, kind="finding_overdue",
                url=f"/monitoring/inspections/{finding.inspection_id}/",
                title=_("Finding not corrected in time: %(product)s") % {"product": certificate.product_name},
                body=_("%(finding)s — to be corrected by %(date)s.") % {
                    "finding": finding.description, "date": finding.correct_by.strftime("%d/%m/%Y")})
            finding.overdue_notified = True
            finding.save(update_fields=["overdue_notified"])
            count += 1
    return {"overdue_findings": count}
