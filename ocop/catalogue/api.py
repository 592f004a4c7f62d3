"""The public register API: products (filters and search), one product, one producer."""

from typing import Literal

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Status, Query, Router, Schema
from pydantic import Field

from ocop.core.api_utils import Id, StatsQuery, bad_request
from ocop.core.clients import rate_limited
from ocop.recognitions.filters import FilterError, RegisterFilter

from ocop.recognitions.selectors import producer_for, product_for
from ocop.producers.serializers import producer_dict, product_list_item, recognition_dict

from .selectors import PageOutOfRange, product_page

router = Router(tags=["register"])
MAX_PAGE_SIZE = 200


class ProductQuery(StatsQuery):
    q: str | None = Field(None, max_length=200, description="Words of the product name, any spelling")
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=MAX_PAGE_SIZE)
    sort: Literal["relevance", "stars", "newest"] | None = Field(
        None, description="relevance (with q: best match; products in force first), stars (in force today), newest "
                          "(latest decision); without it, the register's order (province, then name) or, with q, relevance")


class ProductPage(Schema):
    count: int
    page: int
    page_size: int
    num_pages: int
    suggestion: str | None = None
    results: list[dict]


@router.get("/products", response={200: ProductPage, 400: dict}, summary="The register of recognised products")
@rate_limited("search", api=True)
def products(request: HttpRequest, query: Query[ProductQuery]):
    """Recognised products matching the filters (same meaning as /stats), with their latest
    matching recognition, the stars in force today (`current_stars`) and the current certificate's
    number (`certificate_id`). `q` searches names, producers, places and descriptions in any
    spelling (diacritics and case ignored, typing mistakes and English names such as "honey" tolerated): matches
    in the name first, whole words before prefixes, then the place; `suggestion` says which words were searched
    when some matched nothing ("nuoc mamm" → "nước mắm")."""
    try:
        f = RegisterFilter.parse(**query.dict(exclude={"q", "page", "page_size", "sort"}))
    except FilterError as exc:
        return bad_request(exc)
    try:
        page = product_page(f, q=query.q or "", page=query.page, per_page=query.page_size, strict=True, sort=query.sort)
    except PageOutOfRange as exc:
        return bad_request(_("page: there are only %(n)s pages.") % {"n": exc.num_pages})
    return Status(200, {
        "count": page.count,
        "page": page.number,
        "page_size": page.per_page,
        "num_pages": page.num_pages,
        "suggestion": page.suggestion or None,
        "results": [product_list_item(p) for p in page.products],
    })


@router.get("/products/{product_id}", response={200: dict, 404: dict}, summary="One product and its recognitions")
def product_detail(request: HttpRequest, product_id: Id):
    try:
        product = product_for(request.auth, product_id)
    except Http404:
        return Status(404, {"detail": _("No such product.")})
    recognitions = list(product.recognitions.all())
    current = next((r for r in recognitions if r.status == "in_force"), None)
    return Status(200, {
        "id": product.pk,
        "name": product.name,
        "description": product.description,
        "gtin": product.gtin or None,
        "product_code": product.product_code,
        "group": {"code": product.group.code, "name": product.group.display_name},
        "producer": producer_dict(product.producer, request.auth),
        "current_stars": current.stars if current else None,
        "recognitions": [recognition_dict(r) for r in recognitions],
    })


@router.get("/producers/{producer_id}", response={200: dict, 404: dict}, summary="One producer")
def producer_detail(request: HttpRequest, producer_id: Id):
    try:
        producer = producer_for(request.auth, producer_id)
    except Http404:
        return Status(404, {"detail": _("No such producer.")})
    return Status(200, producer_dict(producer, request.auth))
