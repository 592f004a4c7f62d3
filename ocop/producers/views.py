from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ocop.accounts.access import can_edit, in_scope, scope_for
from ocop.places.models import Province
from ocop.stats.selectors import FilterError, StatsFilter
from ocop.taxonomy.models import ProductGroup

from .forms import PhotoForm, ProducerForm, ProductForm
from .models import Producer, Product, ProductPhoto
from ocop.catalogue.selectors import product_page

from .selectors import producer_for, product_for

FILTER_KEYS = ("province", "commune", "year", "group", "stars", "status")


def register(request):
    error = None
    try:
        f = StatsFilter.parse(**{k: request.GET.get(k) for k in FILTER_KEYS})
    except FilterError as exc:
        f, error = StatsFilter(), str(exc)
    q = (request.GET.get("q") or "")[:200]
    try:
        number = max(1, int(request.GET.get("page", 1)))
    except ValueError:
        number = 1
    page = product_page(f, q=q, page=number, per_page=50)
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "producers/register.html", {
        "page": page, "filters": f, "filter_error": error, "q": q, "query_string": params.urlencode(),
        "provinces": Province.objects.all(),
        "groups": ProductGroup.objects.filter(depth__lte=1).select_related("version"),
    })


def product_detail(request, pk):
    scope = scope_for(request.user)
    product = product_for(scope, pk)
    recognitions = list(product.recognitions.all())
    current = next((r for r in recognitions if r.status == "in_force"), None)
    visible = in_scope(scope, product.producer)
    assessments = product.assessments.select_related("sheet").order_by("-updated_at")[:10] if visible else []
    from ocop.promotion.inquiries import form_stamp
    from ocop.promotion.selectors import where_to_buy

    shown = current or (recognitions[0] if recognitions else None)
    certificate = getattr(shown, "certificate", None) if shown else None
    return render(request, "producers/product.html", {
        "product": product, "recognitions": recognitions, "current": current, "assessments": assessments,
        "show_contact": visible, "can_edit": can_edit(scope, product.producer), "buy": where_to_buy(product),
        "certificate": certificate, "stamp": form_stamp(), "ld_json": _product_ld(request, product, current),
        "published": bool(recognitions),
    })


def _product_ld(request, product, current) -> str:
    """schema.org Product data for search engines (no contact details)."""
    import json

    data = {
        "@context": "https://schema.org", "@type": "Product", "name": product.name,
        "description": (product.description or "")[:500], "url": request.build_absolute_uri(),
        "category": product.group.name,
        "brand": {"@type": "Organization", "name": product.producer.name},
        "manufacturer": {"@type": "Organization", "name": product.producer.name,
                         "address": {"@type": "PostalAddress", "addressRegion": product.producer.province.short_name,
                                     "addressCountry": "VN"}},
    }
    if product.gtin:
        data["gtin"] = product.gtin
    photos = [request.build_absolute_uri(p.image.url) for p in product.photos.all()]
    if photos:
        data["image"] = photos
    if current:
        data["award"] = f"OCOP {current.stars} sao ({current.decision_number})"
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


def producer_detail(request, pk):
    scope = scope_for(request.user)
    producer = producer_for(scope, pk)
    products = list(producer.products.select_related("group").order_by("name_folded"))
    visible = in_scope(scope, producer)
    from ocop.recognitions.models import Recognition

    current = {r.product_id: r for r in Recognition.objects.in_force().filter(product__producer=producer).order_by("decision_date")}
    recognised = set(Recognition.objects.filter(product__producer=producer).values_list("product_id", flat=True))
    rows = [(p, current.get(p.pk)) for p in products if visible or p.pk in recognised]
    return render(request, "producers/producer.html", {
        "producer": producer, "rows": rows, "show_contact": visible, "can_edit": can_edit(scope, producer),
    })


def _editable(request, model, pk, producer_of):
    obj = get_object_or_404(model, pk=pk)
    scope = scope_for(request.user)
    producer = producer_of(obj)
    if not in_scope(scope, producer):
        raise Http404  # outside the caller's scope: do not reveal that it exists
    if not can_edit(scope, producer):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    return obj


@login_required
def producer_edit(request, pk):
    producer = _editable(request, Producer, pk, lambda p: p)
    form = ProducerForm(request.POST or None, instance=producer)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("producers:producer", pk=producer.pk)
    return render(request, "producers/edit.html", {"form": form, "title": producer.name, "back": producer})


@login_required
def product_edit(request, pk):
    product = _editable(request, Product, pk, lambda p: p.producer)
    form = ProductForm(request.POST or None, instance=product)
    photo_form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and photo_form.is_valid():
        with transaction.atomic():
            form.save()
            if photo_form.cleaned_data.get("image"):
                ProductPhoto.objects.create(
                    product=product, image=photo_form.cleaned_data["image"],
                    caption=photo_form.cleaned_data.get("caption", ""), position=product.photos.count(),
                )
        messages.success(request, _("Saved."))
        return redirect("producers:product", pk=product.pk)
    return render(request, "producers/edit.html", {
        "form": form, "photo_form": photo_form, "title": product.name, "back": product, "multipart": True,
    })
