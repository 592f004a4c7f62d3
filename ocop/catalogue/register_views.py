"""The register's pages: the list of recognised products (filters and search), a product's page
(its recognitions, certificate, where to buy, a buyer's inquiry) and a producer's page."""

import json

from django.shortcuts import render

from ocop.accounts.access import may_see, may_write
from ocop.core.lists import LazyRows, paginate, render_list
from ocop.producers.serializers import public_tax_code
from ocop.recognitions.selectors import producer_for, product_for
from ocop.promotion.inquiries import form_stamp
from ocop.promotion.selectors import where_to_buy
from ocop.recognitions.models import Recognition

from .filtersets import RegisterFilterSet
from .tables import ProductTable


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
        "certificate": certificate, "stamp": form_stamp(), "ld_json": _product_ld(request, product, current),
        "published": bool(recognitions),
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
    photos = [request.build_absolute_uri(p.image.url) for p in product.photos.all()]
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
