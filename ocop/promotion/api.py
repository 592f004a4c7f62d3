from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from pydantic import Field

from ocop.core.api_utils import Input, bad_request
from ocop.core.clients import rate_limited
from ocop.core.text import words
from ocop.places.codes import ProvinceCodeError, parse_province_code
from ocop.recognitions.selectors import published_producers
from ocop.producers.serializers import producer_dict
from ocop.recognitions.models import Recognition

from .models import Event, PointOfSale

router = Router(tags=["open data"])


class PageQuery(Input):
    province: str | None = Field(None, description="Official code of the 2025 province")
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=200)


class ProducerQuery(PageQuery):
    q: str | None = Field(None, max_length=200, description="Words of the producer's name, any spelling")


class EventQuery(PageQuery):
    year: int | None = Field(None, ge=2000, le=2100)
    kind: str | None = None


class PointQuery(PageQuery):
    kind: str | None = None


def _province(code):
    if code in (None, ""):
        return None
    try:
        return parse_province_code(code)
    except ProvinceCodeError as exc:
        raise ValueError(_("province: %(reason)s") % {"reason": exc}) from None


def _page(qs, query, serialize):
    count = qs.count()
    pages = (count + query.page_size - 1) // query.page_size
    if query.page > max(pages, 1):
        return bad_request(_("page: there are only %(n)s pages.") % {"n": pages})
    start = (query.page - 1) * query.page_size
    return Status(200, {"count": count, "page": query.page, "page_size": query.page_size, "num_pages": pages,
                        "results": [serialize(item) for item in qs[start:start + query.page_size]]})


@router.get("/producers", response={200: dict, 400: dict}, summary="Producers with recognised products")
@rate_limited("search", api=True)
def producers(request: HttpRequest, query: Query[ProducerQuery]):
    try:
        province = _province(query.province)
    except ValueError as exc:
        return bad_request(exc)
    qs = published_producers().select_related("province", "commune").order_by("province_id", "name_folded", "pk")
    if province:
        qs = qs.filter(province_id=province)
    for word in words(query.q or ""):
        qs = qs.filter(name_folded__contains=word)
    return _page(qs, query, lambda p: producer_dict(p, request.auth))


@router.get("/points-of-sale", response={200: dict, 400: dict}, summary="Points of sale and display")
def points_of_sale(request: HttpRequest, query: Query[PointQuery]):
    try:
        province = _province(query.province)
    except ValueError as exc:
        return bad_request(exc)
    if query.kind and query.kind not in PointOfSale.Kind.values:
        return bad_request(_("kind: must be one of %(kinds)s.") % {"kinds": ", ".join(PointOfSale.Kind.values)})
    qs = PointOfSale.objects.filter(published=True).select_related("province", "commune").prefetch_related("products")
    if province:
        qs = qs.filter(province_id=province)
    if query.kind:
        qs = qs.filter(kind=query.kind)
    published = set(Recognition.objects.values_list("product_id", flat=True).distinct())
    return _page(qs.order_by("province_id", "name", "pk"), query, lambda p: {
        "id": p.pk, "name": p.name, "kind": p.kind, "address": p.address, "phone": p.phone, "website": p.website,
        "opening_hours": p.opening_hours, "latitude": float(p.latitude) if p.latitude is not None else None,
        "longitude": float(p.longitude) if p.longitude is not None else None,
        "province": {"code": p.province_id, "name": p.province.short_name},
        "commune": {"code": p.commune_id, "name": p.commune.name} if p.commune_id else None,
        "products": [{"id": x.pk, "name": x.name} for x in p.products.all() if x.pk in published],
    })


@router.get("/events", response={200: dict, 400: dict}, summary="Fairs, festivals and trade-connection events")
def events(request: HttpRequest, query: Query[EventQuery]):
    try:
        province = _province(query.province)
    except ValueError as exc:
        return bad_request(exc)
    if query.kind and query.kind not in Event.Kind.values:
        return bad_request(_("kind: must be one of %(kinds)s.") % {"kinds": ", ".join(Event.Kind.values)})
    qs = Event.objects.filter(published=True).select_related("province").prefetch_related("participations__producer")
    if province:
        qs = qs.filter(province_id=province)
    if query.year:
        qs = qs.filter(starts_on__year__lte=query.year, ends_on__year__gte=query.year)
    if query.kind:
        qs = qs.filter(kind=query.kind)
    return _page(qs.order_by("-starts_on", "pk"), query, lambda e: {
        "id": e.pk, "name": e.name, "kind": e.kind, "starts_on": e.starts_on.isoformat(), "ends_on": e.ends_on.isoformat(),
        "place": e.place, "province": {"code": e.province_id, "name": e.province.short_name}, "booths": e.booths,
        "organiser": e.organiser,
        "participants": [{"producer_id": x.producer_id, "producer": x.producer.name, "booths": x.booths}
                         for x in e.participations.all()],
    })
