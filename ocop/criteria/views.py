from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ocop.accounts.access import is_central, may_write
from ocop.core.forms import first_error
from ocop.producers.models import Product

from .advice import effort_label
from .answers import describe
from .engine import AnswerError
from .forms import AssessmentForm, SaveActionForm, SheetUploadForm
from .models import Assessment, Sheet
from .services import assessment_save, assessment_score, producer_flags, sheet_import, sheets_under
from .validation import SheetInvalid
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


def _display(data: dict, answers: dict | None = None) -> list[dict]:
    """The sections of a sheet document ready for a page: part and section names in the page's
    language (criteria and options stay in official Vietnamese, with their codes), each option
    with its effort class in words and the star levels it is the minimum for."""
    english = get_language() == "en"
    parts = {p["code"]: p for p in data["parts"]}
    minima: dict[tuple[str, str], list[int]] = {}
    for gate in data.get("gates", []):
        minima.setdefault((gate["criterion"], gate["min_option"]), []).append(int(gate["stars"]))
    knockouts: dict[str, list[dict]] = {}
    for knockout in data.get("knockouts", []):
        if knockout.get("criterion"):
            knockouts.setdefault(knockout["criterion"], []).append(knockout)
    answers = answers or {}
    sections = []
    for section in data["sections"]:
        part = parts[section["part"]]
        criteria = []
        for c in section["criteria"]:
            cases = {k["code"]: k["name"] for k in c.get("cases", [])}
            options, started = [], set()
            for o in c["options"]:
                first = o.get("case", "") not in started  # where a product starts: no effort to reach it
                started.add(o.get("case", ""))
                options.append({**o, "checked": answers.get(c["code"]) == o["code"],
                                "effort_label": "" if first else effort_label(o.get("effort")),
                                "stars_min": sorted(minima.get((c["code"], o["code"]), [])),
                                "case_name": cases.get(o.get("case", ""), "")})
            criteria.append({**c, "options": options, "answered": c["code"] in answers,
                             "knockouts": knockouts.get(c["code"], []),
                             "same_as_section": c["code"] == section["code"]})
        sections.append({**section, "criteria": criteria,
                         "display_name": (section.get("name_en") if english else "") or section["name"],
                         "part_name": (part.get("name_en") if english else "") or part["name"]})
    return sections


def sheet_detail(request, reference):
    sheet = _sheet_or_404(reference)
    versions = Sheet.objects.filter(code=sheet.code).order_by("-version")
    english = get_language() == "en"
    parts = [{**p, "display_name": (p.get("name_en") if english else "") or p["name"]} for p in sheet.data["parts"]]
    return render(request, "criteria/detail.html", {
        "sheet": sheet, "data": sheet.data, "versions": versions, "parts": parts, "sections": _display(sheet.data),
        "general_knockouts": [k for k in sheet.data.get("knockouts", []) if not k.get("criterion")],
        "effort_classes": [(n, effort_label(n)) for n in (1, 2, 3)],
    })


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
            problems = [{"cell": "", "message": p.localized()} for p in exc.details] or \
                [{"cell": "", "message": message} for message in exc.problems]
        else:
            messages.success(request, _("Imported as version %(v)s.") % {"v": sheet.version})
            return redirect("criteria:detail", reference=sheet.reference)
    return render(request, "criteria/import.html", {"form": form, "problems": problems})


# -- self-assessment -------------------------------------------------------------------------

def _assessable_products(user):
    return Product.objects.visible_to(user).select_related("producer", "group").order_by("name")


def assess_start(request):
    products = list(_assessable_products(request.user)[:200])
    sheets = Sheet.objects.latest_versions().filter(criteria_version__in_force_to__isnull=True).order_by("code")
    return render(request, "criteria/assess_start.html", {"products": products, "sheets": sheets})


def _posted(request, sheet: Sheet) -> AssessmentForm | None:
    """The posted self-assessment, or None (with a message naming the criterion) when it holds an unknown option."""
    form = AssessmentForm(request.POST, sheet=sheet)
    if form.is_valid():
        return form
    messages.error(request, first_error(form))
    return None


def _render_assessment(request, *, sheet, answers, flags, product=None, assessment=None, knockouts=(), choices=()):
    try:
        result = assessment_score(sheet=sheet, answers=answers, flags=flags, partial=True, knockouts=knockouts)
        error = None
    except AnswerError as exc:
        result, error = None, describe(exc)
    sections = _display(sheet.data, answers)
    ways = []
    if result is not None and result.next_star is not None:
        ways = [{"way": way, "effort_labels": sorted({effort_label(c.effort) for c in way.changes})}
                for way in [result.next_star, *result.alternatives]]
    context = {"sheet": sheet, "sections": sections, "answers": answers, "result": result, "error": error,
               "product": product, "assessment": assessment, "flags": flags, "ways": ways,
               "knockouts": [{**k, "checked": k["code"] in knockouts} for k in sheet.data.get("knockouts", [])],
               "choices": choices, "criteria_count": sum(len(s["criteria"]) for s in sections)}
    template = "criteria/assess.html#result" if request.htmx else "criteria/assess.html"
    return render(request, template, context)


def assess_sheet(request, reference):
    """Try a sheet without a product (nothing saved): for anyone."""
    sheet = _sheet_or_404(reference)
    form = _posted(request, sheet) if request.method == "POST" else None
    if form is None:
        return _render_assessment(request, sheet=sheet, answers={}, flags={"woman_led": False, "ethnic_minority": False})
    return _render_assessment(request, sheet=sheet, answers=form.answers, flags=form.flags, knockouts=form.knockouts)


@login_required
def assess_product(request, pk):
    product = get_object_or_404(_assessable_products(request.user), pk=pk)
    if request.method == "POST" and SaveActionForm(request.POST).saves and not may_write(request.user, product):
        raise PermissionDenied
    # Today's sheet for the product's set (Art. 12: a dossier filed today is rated under the
    # version in force today). A group coarser than a product set offers its sets to choose from.
    choices = sheets_under(product.group)
    if not choices:
        messages.error(request, _("No score sheet applies to this product's group yet."))
        return redirect("criteria:assess_start")
    wanted = request.GET.get("sheet") or request.POST.get("sheet")
    if wanted is None and len(choices) > 1:
        earlier = Assessment.objects.filter(product=product, sheet__code__in=[c.code for c in choices]).order_by("-updated_at").first()
        wanted = earlier.sheet.code if earlier else None
    sheet = next((c for c in choices if c.code == wanted), choices[0] if len(choices) == 1 else None)
    if sheet is None:
        return render(request, "criteria/assess_choose.html", {"product": product, "choices": choices})
    draft = Assessment.objects.filter(product=product, sheet__code=sheet.code).order_by("-updated_at").first()
    if draft is not None and draft.sheet_id != sheet.pk and request.method == "GET":
        messages.info(request, _("The sheet has a newer version; your earlier answers were kept where they still apply."))
    answers = draft.answers if draft and request.method == "GET" else {}
    knockouts = list(draft.knockouts) if draft and request.method == "GET" else []
    form = _posted(request, sheet) if request.method == "POST" else None
    if form is not None:
        answers, knockouts = form.answers, form.knockouts
        if form.saves:
            try:
                draft = assessment_save(product=product, sheet=sheet, answers=answers, user=request.user,
                                        final=form.cleaned_data["action"] == "final", knockouts=knockouts)
            except AnswerError as exc:
                messages.error(request, describe(exc))
            else:
                messages.success(request, _("Saved."))
                url = reverse("criteria:assess_product", args=[product.pk])
                return redirect(f"{url}?sheet={sheet.code}" if len(choices) > 1 else url)
    valid = {c["code"]: {o["code"] for o in c["options"]} for s in sheet.data["sections"] for c in s["criteria"]}
    answers = {k: v for k, v in answers.items() if v in valid.get(k, ())}
    knockouts = [k for k in knockouts if k in {x["code"] for x in sheet.data.get("knockouts", [])}]
    return _render_assessment(request, sheet=sheet, answers=answers, flags=producer_flags(product.producer),
                              product=product, assessment=draft, knockouts=knockouts,
                              choices=choices if len(choices) > 1 else ())


@login_required
def assess_product_xlsx(request, pk):
    product = get_object_or_404(_assessable_products(request.user), pk=pk)
    draft = Assessment.objects.filter(product=product).select_related("sheet").order_by("-updated_at").first()
    if draft is None:
        raise Http404
    result = assessment_score(sheet=draft.sheet, answers=draft.answers, flags=producer_flags(product.producer), partial=True,
                              knockouts=draft.knockouts)
    content = sheet_workbook(draft.sheet.data, version=draft.sheet.version, answers=draft.answers,
                             result=result.as_dict(), product_name=product.name)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="tu-danh-gia-{product.pk}-{draft.sheet.code}.xlsx"'
    return response
