"""The register's pages: the list of recognised products (filters and search), a product's page
(its recognitions, certificate, where to buy, a buyer's inquiry) and a producer's page."""
import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ocop.accounts.access import may_see, may_write
from ocop.core.clients import rate_limited
from ocop.core.lists import LazyRows, paginate, render_list
from ocop.producers.batches import batch_delete, batch_record
from ocop.producers.forms import BatchForm
from ocop.producers.models import Batch, Product
from ocop.producers.serializers import public_tax_code
from ocop.recognitions.selectors import producer_for, product_for
from ocop.promotion.forms import InquiryForm
from ocop.promotion.inquiries import form_stamp
from ocop.promotion.selectors import where_to_buy
from ocop.recognitions.models import Recognition

from .filtersets import RegisterFilterSet
from .tables import ProductTable
from .templatetags.photos import thumbnail_url
from .traceability import qr_svg, trace_path, trace_url


@rate_limited("search")
def register(request):
    """The register: recognised products by the register's filters and the search words, 50 a page."""
    filters = RegisterFilterSet(request.GET)
    table = paginate(ProductTable(LazyRows(filters.qs)), request, per_page=50)
    return render_list(request, "producers/register.html", {"filters": filters, "table": table})


def product_detail(request, pk):
    product = product_for(request.user, pk)
    recognitions = list(product.recognitions.all())
    current = next((r for r in recognitions if r.status == "in_force"), None)
    visible = may_see(request.user, product)
    assessments = product.assessments.select_related("sheet").order_by("-updated_at")[:10] if visible else []
    shown = current or (recognitions[0] if recognitions else None)
    certificate = getattr(shown, "certificate", None) if shown else None
    return render(request, "producers/product.html", {
        "product": product, "recognitions": recognitions, "current": current, "assessments": assessments,
        "show_contact": visible, "can_edit": may_write(request.user, product), "buy": where_to_buy(product),
        "certificate": certificate, "inquiry_form": InquiryForm(initial={"stamp": form_stamp()}), "ld_json": _product_ld(request, product, current),
        "published": bool(recognitions), "trace_path": trace_path(product),
    })


def _product_ld(request, product, current) -> str:
    """schema.org Product data for search engines (no contact details)."""
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
    photos = [request.build_absolute_uri(thumbnail_url(p, "page", 2, "jpg")) for p in product.photos.all()]
    if photos:
        data["image"] = photos
    if current:
        data["award"] = f"OCOP {current.stars} sao ({current.decision_number})"
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


def producer_detail(request, pk):
    producer = producer_for(request.user, pk)
    products = list(producer.products.select_related("group").order_by("name_folded"))
    visible = may_see(request.user, producer)
    current = {r.product_id: r for r in Recognition.objects.in_force().filter(product__producer=producer).order_by("decision_date")}
    recognised = set(Recognition.objects.filter(product__producer=producer).values_list("product_id", flat=True))
    rows = [(p, current.get(p.pk)) for p in products if visible or p.pk in recognised]
    return render(request, "producers/producer.html", {
        "producer": producer, "rows": rows, "show_contact": visible, "can_edit": may_write(request.user, producer),
        "public_tax_code": public_tax_code(producer),
    })


# -- traceability: the producer's lots and the QR code for labels ---------------------------------------------


class BatchChoiceForm(forms.Form):
    batch = forms.ModelChoiceField(queryset=None)

    def __init__(self, *args, product, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["batch"].queryset = Batch.objects.filter(product=product)


def _own_product(request, pk) -> Product:
    product = get_object_or_404(Product.objects.select_related("producer__province", "group"), pk=pk)
    if not may_see(request.user, product):
        raise Http404
    if not may_write(request.user, product):
        raise PermissionDenied
    return product


@login_required
def product_trace(request, pk):
    """The producer's traceability page: the QR code for labels (with a lot when chosen), the lots recorded."""
    product = _own_product(request, pk)
    form = BatchForm(product=product)
    if request.method == "POST":
        if request.POST.get("action") == "delete":
            choice = BatchChoiceForm(request.POST, product=product)
            if not choice.is_valid():
                raise Http404
            batch_delete(batch=choice.cleaned_data["batch"])
            messages.success(request, _("The lot was removed."))
            return redirect("producers:product_trace", pk=product.pk)
        form = BatchForm(request.POST, product=product)
        if form.is_valid():
            batch_record(product=product, **form.cleaned_data)
            messages.success(request, _("The lot was recorded: it now shows on the traceability page."))
            return redirect("producers:product_trace", pk=product.pk)
    url = trace_url(product, request)
    return render(request, "producers/trace_manage.html", {
        "product": product, "form": form, "batches": product.batches.all(), "trace_url": url, "qr": qr_svg(url),
        "published": bool(product.recognitions.exists()),
    }, status=400 if form.errors else 200)


@login_required
def product_labels(request, pk):
    """A sheet of QR labels to print (browser print; A4), for the product or one of its lots."""
    product = _own_product(request, pk)
    batch = None
    if request.GET.get("batch"):
        choice = BatchChoiceForm({"batch": request.GET.get("batch")}, product=product)
        batch = choice.cleaned_data["batch"] if choice.is_valid() else None
    try:
        copies = max(1, min(int(request.GET.get("copies", 24)), 96))
    except ValueError:
        copies = 24
    url = trace_url(product, request)
    if batch is not None:
        url = f"{url}/10/{batch.lot}"
    return render(request, "producers/trace_labels.html", {
        "product": product, "batch": batch, "trace_url": url, "qr": qr_svg(url, scale=3), "copies": range(copies)})
