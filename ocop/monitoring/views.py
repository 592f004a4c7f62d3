from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.access import is_office
from ocop.certificates.facts import certificate_queryset, facts
from ocop.certificates.ids import IdError, normalize

from .forms import ConcludeForm, CorrectForm, InspectionForm, PlanForm
from .models import Inspection
from .pdf import inspection_pdf
from .selectors import never_inspected, office_plans, overdue_findings, recent_inspections
from .services import MonitoringRefused, finding_correct, inspection_conclude, inspection_record, plan_create


def _office(request) -> None:
    if not is_office(request.user):
        raise PermissionDenied


def _refused(form, exc: MonitoringRefused) -> None:
    if exc.status == 403:
        raise PermissionDenied
    form.add_error(exc.field if exc.field in form.fields else None, str(exc))


@login_required
def home(request):
    """The office's monitoring: plans, products never inspected, overdue findings, recent inspections."""
    _office(request)
    form = PlanForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan_create(province=data["province"], year=data["year"], kind=data["kind"], title=data["title"],
                        starts_on=data["starts_on"], ends_on=data["ends_on"], notes=data["notes"], user=request.user)
        except MonitoringRefused as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("The plan is saved."))
            return redirect("monitoring:home")
    uninspected = never_inspected(request.user)
    return render(request, "monitoring/home.html", {
        "form": form, "plans": office_plans(request.user)[:20], "uninspected": uninspected[:30],
        "uninspected_count": uninspected.count(), "overdue": overdue_findings(request.user)[:50],
        "inspections": recent_inspections(request.user)[:20], "today": timezone.localdate(),
    }, status=400 if form.errors else 200)


def _certificate(request, certificate_id):
    try:
        public_id = normalize(certificate_id)
    except IdError:
        raise Http404 from None
    certificate = certificate_queryset().visible_to(request.user).filter(public_id=public_id).first()
    if certificate is None:
        raise Http404
    return certificate


@login_required
def inspect(request, certificate_id):
    """Record an inspection of a certified product, with up to three findings."""
    _office(request)
    certificate = _certificate(request, certificate_id)
    form = InspectionForm(request.POST or None, certificate=certificate, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            inspection = inspection_record(
                certificate=certificate, plan=data["plan"], kind=data["kind"], inspected_on=data["inspected_on"],
                inspectors=data["inspectors"], criteria=data["criteria"], criteria_notes=data["criteria_notes"],
                mark_use=data["mark_use"], mark_notes=data["mark_notes"], findings=data["findings"], user=request.user)
        except MonitoringRefused as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("The inspection is recorded."))
            return redirect("monitoring:inspection", pk=inspection.pk)
    return render(request, "monitoring/inspect.html", {"form": form, "certificate": certificate, "data": facts(certificate)},
                  status=400 if form.errors else 200)


def _inspection(request, pk) -> Inspection:
    _office(request)
    inspection = Inspection.objects.visible_to(request.user).select_related(
        "certificate__recognition", "plan", "revocation_case", "created_by").filter(pk=pk).first()
    if inspection is None:
        raise Http404
    return inspection


@login_required
def inspection_detail(request, pk):
    inspection = _inspection(request, pk)
    correct_form = conclude_form = None
    if request.method == "POST" and request.POST.get("action") == "correct":
        correct_form = CorrectForm(request.POST, inspection=inspection)
        if correct_form.is_valid():
            try:
                finding_correct(finding=correct_form.cleaned_data["finding"], corrected_on=correct_form.cleaned_data["corrected_on"],
                                note=correct_form.cleaned_data["note"], user=request.user)
            except MonitoringRefused as exc:
                _refused(correct_form, exc)
            else:
                messages.success(request, _("The correction is recorded."))
                return redirect("monitoring:inspection", pk=inspection.pk)
    elif request.method == "POST":
        conclude_form = ConcludeForm(request.POST)
        if conclude_form.is_valid():
            data = conclude_form.cleaned_data
            try:
                inspection = inspection_conclude(inspection=inspection, outcome=data["outcome"], note=data["note"],
                                                 ground=data["ground"], user=request.user)
            except MonitoringRefused as exc:
                _refused(conclude_form, exc)
            else:
                if inspection.revocation_case_id:
                    messages.success(request, _("Revocation is proposed: the case waits for the authority, to be decided "
                                                "within 15 days of the inspection."))
                else:
                    messages.success(request, _("The inspection is concluded."))
                return redirect("monitoring:inspection", pk=inspection.pk)
    bad = (correct_form is not None and correct_form.errors) or (conclude_form is not None and conclude_form.errors)
    return render(request, "monitoring/inspection.html", {
        "inspection": inspection, "data": facts(inspection.certificate), "findings": inspection.findings.all(),
        "correct_form": correct_form, "conclude_form": conclude_form or ConcludeForm(), "today": timezone.localdate(),
    }, status=400 if bad else 200)


@login_required
def inspection_record_pdf(request, pk):
    inspection = _inspection(request, pk)
    response = HttpResponse(inspection_pdf(inspection), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bien-ban-kiem-tra-OCOP-{inspection.pk}.pdf"'
    return response
