from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.access import is_commune, is_office, own_producer_id
from ocop.accounts.access import may_see as may_see_record
from ocop.core.forms import first_error
from ocop.core.lists import paginate, render_list
from ocop.core.urls import safe_next
from ocop.criteria.engine import AnswerError
from ocop.producers.models import Product

from .. import workflow
from ..filtersets import DossierFilterSet
from ..forms import (AttachForm, DossierCreateForm, Form01Form, Form02Form, Form03Form, MoveForm, ReviewForm,
                     VaultUploadForm, self_assessment_form)
from ..models import AgendaItem, Document, Dossier
from ..paperwork.docx import render_docx
from ..paperwork.papers import FORMS, form02_checks
from ..paperwork.pdf import render_pdf
from ..services.documents import checklist, document_upload
from ..services.dossiers import (LOCAL_CRITERIA, DossierRefused, dossier_attach, dossier_move, dossier_start, form_save,
                                 may_see, overdue, review_record, roles_of, self_assessment, self_assessment_save,
                                 sheet_choices)
from ..tables import DossierTable

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _dossiers_for(user):
    return Dossier.objects.visible_to(user).select_related("product", "producer", "province")


def _create_form(user, data=None):
    producer = user.producer if own_producer_id(user) else None
    return DossierCreateForm(data, products=Product.objects.visible_to(user).order_by("name"), producer=producer)


@login_required
def home(request):
    if not (is_office(request.user) or is_commune(request.user) or own_producer_id(request.user)):
        raise PermissionDenied
    dossiers = _dossiers_for(request.user)
    counts = {row["state"]: row["n"] for row in dossiers.values("state").annotate(n=Count("pk"))}
    queue = [(code, label, counts.get(code, 0)) for code, label in workflow.State.choices]
    filters = DossierFilterSet(request.GET, queryset=dossiers, request=request)
    table = paginate(DossierTable(filters.qs), request, per_page=50)
    return render_list(request, "dossiers/home.html", {
        "queue": queue, "filters": filters, "table": table, "dossiers": table.page.object_list,
        "state": filters.values["state"], "overdue": overdue(request.user)[:50],
        "form": None if is_commune(request.user) else _create_form(request.user),
    })


@login_required
def create(request):
    """A new dossier: for a product on the register or a new one; the product set asked first when the
    product's group covers several."""
    if request.method != "POST":
        return redirect("dossiers:home")
    form = _create_form(request.user, request.POST)
    if not form.is_valid():
        return render(request, "dossiers/new.html", {"form": form}, status=400)
    data = form.cleaned_data
    product = data.get("product")
    if product is not None and data.get("sheet") is None:
        choices = sheet_choices(product)
        if len(choices) > 1:
            return render(request, "dossiers/new.html", {"form": form, "choices": choices, "product": product})
    new_product = None
    if product is None:
        new_product = {"producer": request.user.producer, "name": data["new_name"], "group": data["new_group"]}
    try:
        dossier = dossier_start(user=request.user, kind=data["kind"], stars_sought=data["stars"], product=product,
                                new_product=new_product, sheet=data.get("sheet"))
    except DossierRefused as exc:
        form.add_error(None, str(exc))
        return render(request, "dossiers/new.html", {"form": form}, status=400 if exc.status == 400 else exc.status)
    return redirect("dossiers:detail", pk=dossier.pk)


def _dossier_for(request, pk) -> Dossier:
    dossier = get_object_or_404(Dossier.objects.select_related("product__group", "producer__commune", "province", "sheet",
                                                               "round", "decision", "recognition"), pk=pk)
    if not may_see(request.user, dossier):
        raise Http404
    return dossier


@login_required
def detail(request, pk):
    dossier = _dossier_for(request, pk)
    roles = roles_of(request.user, dossier)
    if request.method == "POST":
        _detail_post(request, dossier)
        return redirect("dossiers:detail", pk=dossier.pk)
    rows = checklist(dossier)
    vault = list(Document.objects.filter(producer=dossier.producer).order_by("kind", "-issued_on"))
    for row in rows:
        row["choices"] = [d for d in vault if d.kind == row["kind"] and (not row.get("per_product") or d.product_id == dossier.product_id)]
    actions = [(name, workflow.MOVES[name].label, workflow.MOVES[name].needs_reason, name in workflow.DESTRUCTIVE)
               for name in workflow.actions_for(dossier.state, roles)]
    try:
        result = self_assessment(dossier)
    except AnswerError:  # answers kept from an older sheet: shown as not assessed
        result = None
    may_review = bool(roles & {"advisor", "province", "central"}) and dossier.state in (
        workflow.State.ACCEPTED, workflow.State.REVIEWED, workflow.State.CENTRAL_REVIEW)
    return render(request, "dossiers/detail.html", {
        "dossier": dossier, "rows": rows, "actions": actions, "history": dossier.transitions.select_related("actor"),
        "editable": dossier.state in workflow.EDITABLE and bool(roles & {"producer", "province", "central"}),
        "local_rows": [(code, text, dossier.forms.get("form03", {}).get(code, "")) for code, text in LOCAL_CRITERIA.items()],
        "today": timezone.localdate(),
        "complete": all(r["status"] == "present" for r in rows), "result": result,
        "agenda": dossier.agenda_items.select_related("session__council"), "roles": roles,
        "reviews": dossier.reviews.select_related("author"), "review_form": ReviewForm() if may_review else None,
        "waits_for": workflow.role_label(workflow.WAITS_FOR.get(dossier.state, "")) if dossier.state in workflow.WAITS_FOR else "",
        "forms": [("01", _("Form 01: registration")), ("02", _("Form 02: self-assessment report")),
                  ("03", _("Form 03: the commune's report"))],
    })


def _detail_post(request, dossier) -> None:
    """A move, an attachment or a review; refusals become a message naming the field or the reason."""
    action = request.POST.get("action")
    if action == "attach":
        form = AttachForm(request.POST, dossier=dossier)
        if not form.is_valid():
            messages.error(request, first_error(form))
            return
        try:
            dossier_attach(dossier=dossier, kind=form.cleaned_data["kind"], document=form.cleaned_data["document"],
                           user=request.user)
        except DossierRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Document attached."))
        return
    if action == "review":
        form = ReviewForm(request.POST)
        if not form.is_valid():
            messages.error(request, first_error(form))
            return
        try:
            review_record(dossier=dossier, user=request.user, **form.cleaned_data)
        except DossierRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The review is kept in the dossier."))
        return
    form = MoveForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return
    try:
        dossier_move(dossier=dossier, action=form.cleaned_data["action"], user=request.user, **form.move_data())
    except DossierRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Done."))


@login_required
def assessment(request, pk):
    """Form 02, part III: the producer's answers on the dossier's sheet with the evidence for each criterion."""
    dossier = _dossier_for(request, pk)
    if dossier.sheet is None:
        messages.error(request, _("Choose the product set first."))
        return redirect("dossiers:detail", pk=dossier.pk)
    roles = roles_of(request.user, dossier)
    editable = dossier.state in workflow.EDITABLE and bool(roles & {"producer", "province", "central"})
    documents = list(Document.objects.filter(producer=dossier.producer).order_by("kind", "-issued_on"))
    evidence = {}
    for e in dossier.evidence.all():
        evidence.setdefault(e.criterion, []).append(e.document_id)
    form = self_assessment_form(dossier.sheet, documents, request.POST if request.method == "POST" else None,
                                dossier.answers, evidence)
    status = 200
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            answers = {k[2:]: v for k, v in data.items() if k.startswith("c_") and v}
            offered = {k[2:]: v for k, v in data.items() if k.startswith("e_") and v}
            try:
                self_assessment_save(dossier=dossier, answers=answers, evidence=offered, user=request.user)
            except DossierRefused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Your self-assessment is saved in the dossier (Form 02)."))
                return redirect("dossiers:assessment", pk=dossier.pk)
        status = 400
    sections = []
    answers = dossier.answers
    for section in dossier.sheet.data["sections"]:
        criteria = []
        for c in section["criteria"]:
            criteria.append({**c, "field": form[f"c_{c['code']}"], "evidence_field": form[f"e_{c['code']}"],
                             "chosen": answers.get(c["code"]),
                             "offered": [d for d in documents if d.pk in evidence.get(c["code"], [])]})
        sections.append({**section, "criteria": criteria})
    return render(request, "dossiers/assessment.html", {
        "dossier": dossier, "form": form, "sections": sections, "editable": editable, "result": self_assessment(dossier),
        "documents": documents}, status=status)


@login_required
def forms_edit(request, pk):
    """The fields of Forms 01 and 02 that the records do not hold (the producer's), and Form 03 (the commune's)."""
    dossier = _dossier_for(request, pk)
    roles = roles_of(request.user, dossier)
    which = request.POST.get("form") or request.GET.get("form") or ("form03" if "commune" in roles else "form01")
    classes = {"form01": Form01Form, "form02": Form02Form, "form03": Form03Form}
    if which not in classes:
        raise Http404
    initial = dict(dossier.forms.get(which, {}))
    if which == "form02":
        initial.update({f"check_{code}": value for code, value in form02_checks(dossier).items()})
        initial.setdefault("gender", "Nữ" if dossier.producer.woman_led else "")
    form = classes[which](request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.form_data() if which == "form02" else form.cleaned_data
        try:
            form_save(dossier=dossier, form=which, data=data, user=request.user)
        except DossierRefused as exc:
            if exc.status == 403:
                raise PermissionDenied from None
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Saved."))
            return redirect(f"{request.path}?form={which}")
    return render(request, "dossiers/forms.html", {"dossier": dossier, "form": form, "which": which, "roles": roles},
                  status=400 if form.errors else 200)


@login_required
def paper(request, pk, number, fmt):
    """Form 01, 02 or 03 of the dossier, as PDF or .docx."""
    dossier = _dossier_for(request, pk)
    if number not in FORMS or fmt not in ("pdf", "docx"):
        raise Http404
    built = FORMS[number](dossier)
    if fmt == "pdf":
        response = HttpResponse(render_pdf(built), content_type="application/pdf")
    else:
        response = HttpResponse(render_docx(built), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{built.filename}.{fmt}"'
    return response


@login_required
def vault(request):
    if not own_producer_id(request.user):
        raise PermissionDenied
    producer = request.user.producer
    form = VaultUploadForm(request.POST or None, request.FILES or None, producer=producer)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document_upload(producer=producer, upload=data["file"], kind=data["kind"], title=data["title"],
                            user=request.user, product=data["product"], issued_on=data["issued_on"],
                            expires_on=data["expires_on"])
        except DossierRefused as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(request, _("Document added to your vault."))
            return redirect(safe_next(request, "dossiers:vault"))
    return render(request, "dossiers/vault.html", {
        "documents": Document.objects.filter(producer=producer).select_related("product"), "form": form,
    }, status=400 if form.errors else 200)


@login_required
def download(request, pk):
    document = get_object_or_404(Document.objects.select_related("producer"), pk=pk)
    allowed = may_see_record(request.user, document)
    if not allowed:
        allowed = AgendaItem.objects.filter(dossier__items__document=document, session__council__members__user=request.user).exists() \
            or AgendaItem.objects.filter(dossier__evidence__document=document, session__council__members__user=request.user).exists()
    if not allowed:
        raise Http404
    return FileResponse(document.file.open("rb"), as_attachment=True,
                        filename=f"{document.kind}-{document.pk}{document.extension}", content_type=document.content_type)


