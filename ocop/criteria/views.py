from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ocop.accounts.access import is_central, may_write
from ocop.producers.models import Product

from .engine import AnswerError
from .forms import SheetUploadForm
from .models import Assessment, Sheet
from .services import assessment_save, assessment_score, producer_flags, sheet_for_group, sheet_import
from .sheets import SheetInvalid
from .xlsx import WorkbookProblems, parse_sheet_workbook, sheet_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sheet_or_404(reference: str) -> Sheet:
    try:
        return Sheet.objects.resolve(reference)
    except Sheet.DoesNotExist:
        raise Http404 from None


def sheet_list(request):
    sheets = Sheet.objects.latest_versions().select_related("criteria_version").order_by("-criteria_version__in_force_from", "code")
    return render(request, "criteria/list.html", {"sheets": sheets, "may_import": _may_import(request.user)})


def sheet_detail(request, reference):
    sheet = _sheet_or_404(reference)
    versions = Sheet.objects.filter(code=sheet.code).order_by("-version")
    return render(request, "criteria/detail.html", {"sheet": sheet, "data": sheet.data, "versions": versions})


def sheet_xlsx(request, reference):
    sheet = _sheet_or_404(reference)
    response = HttpResponse(sheet_workbook(sheet.data, version=sheet.version), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{sheet.code}-v{sheet.version}.xlsx"'
    return response


def _may_import(user) -> bool:
    return is_central(user)


@login_required
def sheet_import_view(request):
    if not _may_import(request.user):
        raise PermissionDenied
    form = SheetUploadForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            data = parse_sheet_workbook(form.cleaned_data["file"].read())
            sheet = sheet_import(data=data, user=request.user, source=form.cleaned_data["file"].name[:200])
        except WorkbookProblems as exc:
            problems = [{"cell": cell, "message": message} for cell, message in exc.problems]
        except SheetInvalid as exc:
            problems = [{"cell": "", "message": message} for message in exc.problems]
        else:
            messages.success(request, _("Imported as version %(v)s.") % {"v": sheet.version})
            return redirect("criteria:detail", reference=sheet.reference)
    return render(request, "criteria/import.html", {"form": form, "problems": problems})


# -- self-assessment -------------------------------------------------------------------------

def _answers_from(request, sheet: Sheet) -> dict[str, str]:
    """The radio buttons of the form: unknown names are ignored, unknown options refused by the engine."""
    codes = {c["code"] for s in sheet.data["sections"] for c in s["criteria"]}
    return {code: request.POST[code] for code in codes if request.POST.get(code)}


def _assessable_products(user):
    return Product.objects.visible_to(user).select_related("producer", "group").order_by("name")


def assess_start(request):
    products = list(_assessable_products(request.user)[:200])
    sheets = Sheet.objects.latest_versions().filter(criteria_version__in_force_to__isnull=True).order_by("code")
    return render(request, "criteria/assess_start.html", {"products": products, "sheets": sheets})


def _render_assessment(request, *, sheet, answers, flags, product=None, assessment=None):
    try:
        result = assessment_score(sheet=sheet, answers=answers, flags=flags, partial=True)
        error = None
    except AnswerError as exc:
        from .answers import describe

        result, error = None, describe(exc)
    parts = {p["code"]: p for p in sheet.data["parts"]}
    sections = [
        {**section, "part_name": parts[section["part"]]["name"], "criteria": [
            {**c, "options": [{**o, "checked": answers.get(c["code"]) == o["code"]} for o in c["options"]],
             "answered": c["code"] in answers}
            for c in section["criteria"]
        ]}
        for section in sheet.data["sections"]
    ]
    context = {"sheet": sheet, "sections": sections, "answers": answers, "result": result, "error": error,
               "product": product, "assessment": assessment, "flags": flags,
               "criteria_count": sum(len(s["criteria"]) for s in sections)}
    template = "criteria/assess.html#result" if request.htmx else "criteria/assess.html"
    return render(request, template, context)


def assess_sheet(request, reference):
    """Try a sheet without a product (nothing saved): for anyone."""
    sheet = _sheet_or_404(reference)
    answers = _answers_from(request, sheet) if request.method == "POST" else {}
    flags = {"woman_led": request.POST.get("woman_led") == "on", "ethnic_minority": request.POST.get("ethnic_minority") == "on"}
    return _render_assessment(request, sheet=sheet, answers=answers, flags=flags)


@login_required
def assess_product(request, pk):
    product = get_object_or_404(_assessable_products(request.user), pk=pk)
    sheet = sheet_for_group(product.group)
    if sheet is None:
        messages.error(request, _("No score sheet applies to this product's group yet."))
        return redirect("criteria:assess_start")
    draft = Assessment.objects.filter(product=product, sheet__code=sheet.code).order_by("-updated_at").first()
    if draft is not None and draft.sheet_id != sheet.pk and request.method == "GET":
        messages.info(request, _("The sheet has a newer version; your earlier answers were kept where they still apply."))
    answers = draft.answers if draft and request.method == "GET" else {}
    if request.method == "POST":
        answers = _answers_from(request, sheet)
        if request.POST.get("action") in ("save", "final"):
            if not may_write(request.user, product):
                raise PermissionDenied
            try:
                draft = assessment_save(product=product, sheet=sheet, answers=answers, user=request.user,
                                        final=request.POST.get("action") == "final")
            except AnswerError as exc:
                from .answers import describe

                messages.error(request, describe(exc))
            else:
                messages.success(request, _("Saved."))
                return redirect("criteria:assess_product", pk=product.pk)
    valid = {c["code"]: {o["code"] for o in c["options"]} for s in sheet.data["sections"] for c in s["criteria"]}
    answers = {k: v for k, v in answers.items() if v in valid.get(k, ())}
    return _render_assessment(request, sheet=sheet, answers=answers, flags=producer_flags(product.producer),
                              product=product, assessment=draft)


@login_required
def assess_product_xlsx(request, pk):
    product = get_object_or_404(_assessable_products(request.user), pk=pk)
    draft = Assessment.objects.filter(product=product).select_related("sheet").order_by("-updated_at").first()
    if draft is None:
        raise Http404
    result = assessment_score(sheet=draft.sheet, answers=draft.answers, flags=producer_flags(product.producer), partial=True)
    content = sheet_workbook(draft.sheet.data, version=draft.sheet.version, answers=draft.answers,
                             result=result.as_dict(), product_name=product.name)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="tu-danh-gia-{product.pk}-{draft.sheet.code}.xlsx"'
    return response
