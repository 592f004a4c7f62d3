import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.access import is_central, is_office, office_provinces
from ocop.core.dates import programme_years
from ocop.core.exports import xlsx_response
from ocop.places.models import Commune
from ocop.producers.models import Producer, Product

from .forms import (BudgetLineForm, DisbursementDeleteForm, DisbursementForm, PlanCreateForm, SupportForm, TargetsForm,
                    TargetsUploadForm)
from .models import Disbursement, Plan
from .report_pdf import report_pdf
from .reports import national_rollup, province_report, report_sheets
from .services import (PlanRefused, budget, budget_line_add, disbursement_add, disbursement_delete, disbursement_update,
                       may_manage, plan_create, plan_set_targets, progress, resolve_province, support_add,
                       support_outcomes)
from .targets import value_of
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


def _forms(request, plan: Plan, bound: dict | None = None) -> dict:
    """Every form of the plan page, unbound except the one just posted (shown with its errors)."""
    producers = Producer.objects.visible_to(request.user)
    products = Product.objects.visible_to(request.user)
    if plan.province_id:
        producers, products = producers.filter(province_id=plan.province_id), products.filter(
            producer__province_id=plan.province_id)
    targets = {t.indicator: value_of(t).text for t in plan.targets.all()}
    forms = {
        "targets_form": TargetsForm(initial={f"t_{code}": text for code, text in targets.items()}),
        "upload_form": TargetsUploadForm(), "line_form": BudgetLineForm(),
        "disbursement_form": DisbursementForm(plan=plan, initial={"date": _default_day(plan)}),
        "support_form": SupportForm(producers=producers, products=products, initial={"date": _default_day(plan)}),
    }
    return {**forms, **(bound or {})}


def _default_day(plan: Plan):
    today = timezone.localdate()
    return today if today.year == plan.year else dt.date(plan.year, 12, 31)


def _refused(form, exc: PlanRefused) -> None:
    """A service's refusal shown beside the field it names (or above the form)."""
    named = [p for p in exc.problems if isinstance(p, tuple) and p[0] in form.fields]
    for name, message in named:
        form.add_error(name, message)
    if not named:
        form.add_error(None, str(exc))


@login_required
def plan_detail(request, pk):
    plan = _plan_in_scope(request, pk)
    manage = may_manage(request.user, plan.province_id)
    bound = None
    if request.method == "POST":
        if not manage:
            raise PermissionDenied
        bound = _handle_post(request, plan)
        if bound is None:
            return redirect("plans:detail", pk=plan.pk)
    rows = progress(plan)
    budget_rows, totals = budget(plan)
    names = dict(Commune.objects.filter(province_id=plan.province_id).values_list("code", "name")) if plan.province_id else {}
    for row in rows:
        row.bar = min(row.percent or 0, 150) / 1.5 if row.percent is not None else 0
        row.communes = [(names.get(code, code), n) for code, n in sorted(row.by_commune.items(), key=lambda kv: -kv[1])[:5]]
    return render(request, "plans/detail.html", {
        "plan": plan, "rows": rows, "budget_rows": budget_rows, "totals": totals, "manage": manage,
        "supports": support_outcomes(plan), "as_of": _default_day(plan), "over": max(0, -totals["remaining"]),
        **_forms(request, plan, bound),
    }, status=400 if bound else 200)


def _handle_post(request, plan: Plan) -> dict | None:
    """Run the posted action; None when it was saved, else {form name: the bound form with its errors}."""
    action = request.POST.get("action")
    handlers = {"targets": _post_targets, "targets_file": _post_targets_file, "line": _post_line,
                "disbursement": _post_disbursement, "support": _post_support}
    if action not in handlers:
        raise Http404
    return handlers[action](request, plan)


def _post_targets(request, plan):
    form = TargetsForm(request.POST)
    if form.is_valid():
        try:
            plan_set_targets(plan=plan, targets={k: v for k, v in form.targets().items() if v is not None},
                             user=request.user, replace=True)
        except PlanRefused as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("Targets saved."))
            return None
    return {"targets_form": form, "open": "targets"}


def _post_targets_file(request, plan):
    form = TargetsUploadForm(request.POST, request.FILES)
    if form.is_valid():
        targets, problems = parse_targets_workbook(form.cleaned_data["file"].read())
        try:
            if problems:
                raise PlanRefused("; ".join(f"dòng {row}: {text}" if row else text for row, text in problems))
            plan_set_targets(plan=plan, targets=targets, user=request.user)
        except PlanRefused as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(request, _("Targets imported."))
            return None
    return {"upload_form": form, "open": "targets"}


def _post_line(request, plan):
    form = BudgetLineForm(request.POST)
    if form.is_valid():
        try:
            budget_line_add(plan=plan, user=request.user, **form.cleaned_data)
        except PlanRefused as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("Budget line added."))
            return None
    return {"line_form": form, "open": "line"}


def _post_disbursement(request, plan):
    form = DisbursementForm(request.POST, plan=plan)
    if form.is_valid():
        try:
            disbursement_add(user=request.user, **form.cleaned_data)
        except PlanRefused as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("Disbursement recorded."))
            return None
    return {"disbursement_form": form, "open": "disbursement"}


def _post_support(request, plan):
    producers = Producer.objects.visible_to(request.user)
    products = Product.objects.visible_to(request.user)
    if plan.province_id:
        producers, products = producers.filter(province_id=plan.province_id), products.filter(
            producer__province_id=plan.province_id)
    form = SupportForm(request.POST, producers=producers, products=products)
    if form.is_valid():
        data = form.cleaned_data
        try:
            support_add(plan=plan, producer=data["producer"], product=data["product"], kind=data["kind"],
                        date=data["date"], amount=data["amount"] or 0, user=request.user, description=data["description"])
        except PlanRefused as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("Support recorded."))
            return None
    return {"support_form": form, "open": "support"}


@login_required
def disbursement_edit(request, pk, item):
    """Correct or delete one disbursement; its history (who changed what, when) is listed below."""
    plan = _plan_in_scope(request, pk)
    disbursement = get_object_or_404(Disbursement.objects.visible_to(request.user).select_related("line"),
                                     pk=item, line__plan=plan)
    if not may_manage(request.user, plan.province_id):
        raise PermissionDenied
    initial = {"line": disbursement.line, "date": disbursement.date, "amount": disbursement.amount,
               "document": disbursement.document, "note": disbursement.note,
               "override": bool(disbursement.override_reason), "override_reason": disbursement.override_reason}
    form = DisbursementForm(request.POST if request.POST.get("action") == "save" else None, plan=plan, initial=initial)
    delete_form = DisbursementDeleteForm(request.POST if request.POST.get("action") == "delete" else None)
    if request.method == "POST":
        done = _save_or_delete(request, disbursement, form, delete_form)
        if done:
            return redirect(f"{reverse('plans:detail', args=[plan.pk])}#budget")
    return render(request, "plans/disbursement.html", {
        "plan": plan, "disbursement": disbursement, "form": form, "delete_form": delete_form,
        "history": disbursement.history.select_related("history_user").order_by("-history_date"),
    }, status=400 if form.errors or delete_form.errors else 200)


def _save_or_delete(request, disbursement, form, delete_form) -> bool:
    try:
        if request.POST.get("action") == "delete" and delete_form.is_valid():
            disbursement_delete(disbursement=disbursement, user=request.user, reason=delete_form.cleaned_data["reason"])
            messages.success(request, _("The disbursement was deleted; its history is kept."))
            return True
        if request.POST.get("action") == "save" and form.is_valid():
            disbursement_update(disbursement=disbursement, user=request.user, **form.cleaned_data)
            messages.success(request, _("The disbursement was corrected."))
            return True
    except PlanRefused as exc:
        _refused(form, exc)
    return False


@login_required
def disbursement_history(request, pk):
    """Every disbursement of the plan as it was entered, corrected or deleted (deleted ones included)."""
    plan = _plan_in_scope(request, pk)
    history = (Disbursement.history.filter(line__plan=plan).select_related("history_user", "line")
               .order_by("-history_date"))
    return render(request, "plans/disbursement_history.html", {"plan": plan, "history": history[:500]})


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
