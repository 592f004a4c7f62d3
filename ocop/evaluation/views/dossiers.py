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
from ..filtersets import DossierFilterSet
from ..models import AgendaItem, Document, Dossier
from ..services.dossiers import (LOCAL_CRITERIA, DossierRefused, checklist, document_kinds, document_upload, dossier_attach,
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
    queue = [(code, label, counts.get(code, 0)) for code, label in workflow.STATES.items()]
    filters = DossierFilterSet(request.GET, queryset=dossiers, request=request)
    table = paginate(DossierTable(filters.qs), request, per_page=50)
    products = Product.objects.visible_to(request.user).order_by("name") if not is_commune(request.user) else []
    return render_list(request, "dossiers/home.html", {
        "queue": queue, "filters": filters, "table": table, "dossiers": table.page.object_list,
        "state": filters.values["state"], "overdue": overdue(request.user)[:50],
        "products": products, "kinds": Dossier.Kind.choices,
    })


@login_required
def create(request):
    if request.method != "POST":
        return redirect("dossiers:home")
    product = get_object_or_404(Product.objects.visible_to(request.user).select_related("producer"),
                                pk=request.POST.get("product"))
    try:
        dossier = dossier_create(product=product, kind=request.POST.get("kind", ""), stars_sought=request.POST.get("stars"),
                                 user=request.user)
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
        action = request.POST.get("action", "")
        try:
            if action == "attach":
                document = get_object_or_404(Document, pk=request.POST.get("document"), producer=dossier.producer)
                dossier_attach(dossier=dossier, kind=request.POST.get("kind", ""), document=document, user=request.user)
                messages.success(request, _("Document attached."))
            else:
                data = {"local_criteria": {code: request.POST.get(f"lc_{code}") == "on" for code in LOCAL_CRITERIA},
                        "decision_number": request.POST.get("decision_number", ""),
                        "decision_date": request.POST.get("decision_date", ""), "stars": request.POST.get("stars")}
                dossier_move(dossier=dossier, action=action, user=request.user, reason=request.POST.get("reason", ""), **data)
                messages.success(request, _("Done."))
        except DossierRefused as exc:
            messages.error(request, str(exc))
        return redirect("dossiers:detail", pk=dossier.pk)
    rows = checklist(dossier)
    vault = list(Document.objects.filter(producer=dossier.producer).order_by("kind", "-issued_on"))
    for row in rows:
        row["choices"] = [d for d in vault if d.kind == row["kind"] and (not row.get("per_product") or d.product_id == dossier.product_id)]
    actions = [(name, workflow.TRANSITIONS[name][4], workflow.TRANSITIONS[name][3])
               for name in workflow.actions_for(dossier.state, roles)]
    return render(request, "dossiers/detail.html", {
        "dossier": dossier, "rows": rows, "actions": actions, "history": dossier.transitions.select_related("actor"),
        "editable": dossier.state in ("draft", "returned") and bool(roles & {"producer", "province", "central"}),
        "local_criteria": LOCAL_CRITERIA, "complete": all(r["status"] == "present" for r in rows),
        "agenda": dossier.agenda_items.select_related("session__council"),
    })


@login_required
def vault(request):
    if not own_producer_id(request.user):
        raise PermissionDenied
    producer = request.user.producer
    if request.method == "POST":
        product = Product.objects.filter(pk=request.POST.get("product") or 0, producer=producer).first()
        try:
            document_upload(producer=producer, upload=request.FILES.get("file") or _no_file(), kind=request.POST.get("kind", ""),
                            title=request.POST.get("title", ""), user=request.user, product=product,
                            issued_on=request.POST.get("issued_on") or None, expires_on=request.POST.get("expires_on") or None)
        except DossierRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Document added to your vault."))
        return redirect(request.POST.get("next") or "dossiers:vault")
    return render(request, "dossiers/vault.html", {
        "documents": Document.objects.filter(producer=producer).select_related("product"),
        "kinds": document_kinds(), "products": producer.products.order_by("name"),
    })


def _no_file():
    raise DossierRefused(_("Choose a file."))


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
