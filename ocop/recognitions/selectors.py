"""Reads of the register: products with their latest matching recognition, producer pages."""

from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.shortcuts import get_object_or_404
from django.http import Http404

from ocop.accounts.access import may_see
from ocop.producers.models import Producer, Product

from .filters import RegisterFilter, filtered_recognitions
from .models import Recognition


def register_products(f: RegisterFilter):
    """Products having a recognition that matches the filters, each with `latest_recognition_id`.

    Ordered by province, then name. The register is public: only recognised products appear.
    Words are searched by catalogue.selectors.product_page, which builds on this.
    """
    matching = filtered_recognitions(f).filter(product_id=OuterRef("pk")).order_by("-decision_date", "-pk")
    qs = Product.objects.annotate(latest_recognition_id=Subquery(matching.values("pk")[:1])).filter(
        latest_recognition_id__isnull=False
    )
    return qs.order_by("producer__province_id", "name_folded", "pk")


RECOGNITION_RELATED = ("group", "criteria_version", "province", "legacy_province", "certificate")


def attach_recognitions(products: list[Product], related: tuple[str, ...] = RECOGNITION_RELATED) -> list[Product]:
    """Give each product on a page its `.latest` recognition and `.current` (in force today) in 2 queries, with
    the `related` records read along (a list showing only stars and status needs none)."""
    ids = [p.latest_recognition_id for p in products]
    latest_qs = Recognition.objects.filter(pk__in=ids)
    if related:  # select_related() with no names would follow every relation
        latest_qs = latest_qs.select_related(*related)
    latest = {r.pk: r for r in latest_qs}
    current = {}
    in_force = Recognition.objects.in_force().filter(product_id__in=[p.pk for p in products])
    if "certificate" in related:
        in_force = in_force.select_related("certificate")
    for r in in_force.order_by("product_id", "decision_date", "pk"):
        current[r.product_id] = r
    for p in products:
        p.latest = latest.get(p.latest_recognition_id)
        p.current = current.get(p.pk)
    return products


def product_page_queryset():
    return Product.objects.select_related("producer__province", "producer__commune", "group__version").prefetch_related(
        Prefetch(
            "recognitions",
            queryset=Recognition.objects.with_status().select_related(
                "criteria_version", "group", "province", "legacy_province", "superseded_by", "certificate"
            ),
        ),
        "photos",
    )


def is_published_product(product: Product) -> bool:
    return product.recognitions.exists() if not hasattr(product, "_prefetched_objects_cache") else bool(
        product.recognitions.all()
    )


def product_for(user, pk: int) -> Product:
    """A product the caller may see: published to everyone, unpublished only inside the scope.
    Anything else is a 404 (an id that exists is not revealed)."""
    product = get_object_or_404(product_page_queryset(), pk=pk)
    if is_published_product(product) or may_see(user, product):
        return product
    raise Http404


def published_producers():
    return Producer.objects.filter(Exists(Recognition.objects.filter(product__producer=OuterRef("pk"))))


def producer_for(user, pk: int) -> Producer:
    producer = get_object_or_404(Producer.objects.select_related("province", "commune"), pk=pk)
    if may_see(user, producer) or published_producers().filter(pk=pk).exists():
        return producer
    raise Http404
