from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.access import is_central, is_office, office_provinces
from ocop.core.dates import programme_years
from ocop.core.exports import xlsx_response
from ocop.core.forms import first_error
from ocop.places.models import Commune
from ocop.producers.models import Producer, Product

from .forms import BudgetLineForm, DisbursementForm, PlanCreateForm, SupportForm, TargetsForm, TargetsUploadForm
from .indicators import INDICATORS
from .models import BudgetLine, Plan
from .reports import national_rollup, province_report, report_pdf, report_sheets
from .services import (PlanRefused, budget, budget_line_add, disbursement_add, may_manage, plan_create, plan_set_targets,
                       progress, resolve_province, support_add, support_outcomes)
from .xlsx_import import parse_targets_workbook


def _require_office(request) -> None:
    if not is_office(request.user):
        raise PermissionDenied


def _plan_in_scope(request, pk) -> Plan:
    _require_office(request)
    return get_object_or_404(Plan.objects.visible_to(request.user).select_related("province"), pk=pk)


@login_required
def plan_list(request):
    _require_office(request)
    plans = Plan.objects.visible_to(request.user).select_related("province")
    form = PlanCreateForm(request.POST or None, provinces=office_provinces(request.user), national=is_central(request.user),
                          initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            province = resolve_province(form.cleaned_data["province"])
            plan = plan_create(province=province, year=form.cleaned_data["year"], user=request.user)
        except PlanRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Plan created: now set its targets."))
            return redirect("plans:detail", pk=plan.pk)
    return render(request, "plans/list.html", {"plans": plans, "form": form, "year": timezone.localdate().year})


@login_required
def plan_detail(request, pk):
    plan = _plan_in_scope(request, pk)
    manage = may_manage(request.user, plan.province_id)
    if request.method == "POST":
        if not manage:
            raise PermissionDenied
        _handle_post(request, plan)
        return redirect("plans:detail", pk=plan.pk)
    rows = progress(plan)
    budget_rows, totals = budget(plan)
    for line in budget_rows:
        line.pct = min(100, round(100 * line.disbursed / line.allocation)) if line.allocation else 0
    for row in rows:
        row.bar = min(row.percent or 0, 150) / 1.5 if row.percent is not None else 0
        row.communes = sorted(row.by_commune.items(), key=lambda kv: -kv[1])[:5]
    names = dict(Commune.objects.filter(province_id=plan.province_id).values_list("code", "name")) if plan.province_id else {}
    for row in rows:
        row.communes = [(names.get(code, code), n) for code, n in row.communes]
    return render(request, "plans/detail.html", {
        "plan": plan, "rows": rows, "budget_rows": budget_rows, "totals": totals, "manage": manage,
        "indicators": INDICATORS, "targets": {t.indicator: int(t.value) for t in plan.targets.all()},
        "line_form": BudgetLineForm(), "disbursement_form": DisbursementForm(), "support_form": SupportForm(),
        "upload_form": TargetsUploadForm(), "supports": support_outcomes(plan),
    })


def _handle_post(request, plan: Plan) -> None:
    action = request.POST.get("action")
    try:
        if action == "targets":
            form = TargetsForm(request.POST)
            if not form.is_valid():
                raise PlanRefused(first_error(form))
            raw = form.targets()
            plan_set_targets(plan=plan, targets={k: v for k, v in raw.items() if v != ""}, user=request.user)
            plan.targets.filter(indicator__in=[k for k, v in raw.items() if v == ""]).delete()
            messages.success(request, _("Targets saved."))
        elif action == "targets_file":
            form = TargetsUploadForm(request.POST, request.FILES)
            if not form.is_valid():
                raise PlanRefused(_("Choose an .xlsx file."))
            targets, problems = parse_targets_workbook(form.cleaned_data["file"].read())
            if problems:
                raise PlanRefused("; ".join(f"dòng {row}: {text}" if row else text for row, text in problems))
            plan_set_targets(plan=plan, targets=targets, user=request.user)
            messages.success(request, _("Targets imported."))
        elif action == "line":
            form = BudgetLineForm(request.POST)
            if not form.is_valid():
                raise PlanRefused(_("Check the budget line."))
            budget_line_add(plan=plan, user=request.user, **form.cleaned_data)
            messages.success(request, _("Budget line added."))
        elif action == "disbursement":
            form = DisbursementForm(request.POST)
            if not form.is_valid():
                raise PlanRefused(_("Check the disbursement: date and amount are required."))
            line = get_object_or_404(BudgetLine, pk=form.cleaned_data["line"], plan=plan)
            data = {k: v for k, v in form.cleaned_data.items() if k != "line"}
            disbursement_add(line=line, user=request.user, **data)
            messages.success(request, _("Disbursement recorded."))
        elif action == "support":
            form = SupportForm(request.POST)
            if not form.is_valid():
                raise PlanRefused(_("Check the support record."))
            producer = Producer.objects.filter(pk=form.cleaned_data["producer"]).first()
            product = Product.objects.filter(pk=form.cleaned_data["product"]).first() if form.cleaned_data["product"] else None
            if producer is None:
                raise PlanRefused(_("No such producer."))
            support_add(plan=plan, producer=producer, product=product, kind=form.cleaned_data["kind"],
                        date=form.cleaned_data["date"], amount=form.cleaned_data["amount"] or 0, user=request.user,
                        description=form.cleaned_data["description"])
            messages.success(request, _("Support recorded."))
    except PlanRefused as exc:
        messages.error(request, str(exc))


@login_required
def plan_report(request, pk, fmt):
    plan = _plan_in_scope(request, pk)
    data = province_report(plan.province, plan.year)
    where = plan.province.codename if plan.province_id else "toan-quoc"
    if fmt == "xlsx":
        response = xlsx_response(f"bao-cao-ocop-{where}-{plan.year}.xlsx", report_sheets(data))
    elif fmt == "pdf":
        response = HttpResponse(report_pdf(data), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="bao-cao-ocop-{where}-{plan.year}.pdf"'
    else:
        raise Http404
    return response


@login_required
def rollup(request):
    if not is_central(request.user):
        raise PermissionDenied
    try:
        year = int(request.GET.get("year", timezone.localdate().year))
    except ValueError:
        year = timezone.localdate().year
    return render(request, "plans/rollup.html", {"rows": national_rollup(year), "year": year,
                                                 "years": programme_years()})
