from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ocop.accounts.access import is_commune, is_office, own_producer_id
from ocop.accounts.access import may_see as may_see_record
from ocop.core.lists import paginate, render_list
from ocop.producers.models import Product

from .. import workflow
from ocop.core.forms import first_error
from ocop.core.urls import safe_next

from ..filtersets import DossierFilterSet
from ..forms import AttachForm, DossierCreateForm, MoveForm, VaultUploadForm
from ..models import AgendaItem, Document, Dossier
from ..services.dossiers import (LOCAL_CRITERIA, DossierRefused, checklist, document_upload, dossier_attach,
                       dossier_create, dossier_move, may_see, overdue, roles_of)
from ..tables import DossierTable


def _dossiers_for(user):
    return Dossier.objects.visible_to(user).select_related("product", "producer", "province")


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
        "form": None if is_commune(request.user) else DossierCreateForm(products=_creatable(request.user)),
    })


def _creatable(user):
    return Product.objects.visible_to(user).order_by("name")


@login_required
def create(request):
    if request.method != "POST":
        return redirect("dossiers:home")
    form = DossierCreateForm(request.POST, products=_creatable(request.user))
    if not form.is_valid():
        messages.error(request, first_error(form))
        return redirect("dossiers:home")
    try:
        dossier = dossier_create(product=form.cleaned_data["product"], kind=form.cleaned_data["kind"],
                                 stars_sought=form.cleaned_data["stars"], user=request.user)
    except DossierRefused as exc:
        messages.error(request, str(exc))
        return redirect("dossiers:home")
    return redirect("dossiers:detail", pk=dossier.pk)


@login_required
def detail(request, pk):
    dossier = get_object_or_404(Dossier.objects.select_related("product__group", "producer", "province", "recognition"), pk=pk)
    if not may_see(request.user, dossier):
        raise Http404
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
    return render(request, "dossiers/detail.html", {
        "dossier": dossier, "rows": rows, "actions": actions, "history": dossier.transitions.select_related("actor"),
        "editable": dossier.state in workflow.EDITABLE and bool(roles & {"producer", "province", "central"}),
        "local_criteria": LOCAL_CRITERIA, "complete": all(r["status"] == "present" for r in rows),
        "agenda": dossier.agenda_items.select_related("session__council"),
    })


def _detail_post(request, dossier) -> None:
    """A move or an attachment; refusals become a message naming the field or the reason."""
    if request.POST.get("action") == "attach":
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
    form = MoveForm(request.POST)
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
        allowed = AgendaItem.objects.filter(dossier__items__document=document, session__council__members__user=request.user).exists()
    if not allowed:
        raise Http404
    return FileResponse(document.file.open("rb"), as_attachment=True,
                        filename=f"{document.kind}-{document.pk}{document.extension}", content_type=document.content_type)
