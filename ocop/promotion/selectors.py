"""Promotion figures, counted from the records: products in distribution systems, exports,
points of sale, events — by province (the producer's) and year."""

import datetime as dt

from django.db.models import Count, Q, Sum

from .models import Event, ExportRecord, Listing, PointOfSale


def _year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def listings_in_year(qs, year: int):
    """The listings of `qs` that carried their product at some time in the year (the one rule for "in
    distribution in a year": the figures and the office's list use it)."""
    start, end = _year_bounds(year)
    return qs.filter(since__lte=end).filter(Q(until__isnull=True) | Q(until__gte=start))


def listing_counts(qs) -> dict:
    return qs.aggregate(products=Count("product", distinct=True), producers=Count("product__producer", distinct=True),
                        channels=Count("channel", distinct=True))


def export_counts(qs) -> dict:
    agg = qs.aggregate(products=Count("product", distinct=True), producers=Count("product__producer", distinct=True))
    agg["countries"] = sorted(set(qs.values_list("country_name", flat=True)))
    return agg


def distribution_figures(*, province: str | None, year: int) -> dict:
    qs = listings_in_year(Listing.objects.all(), year)
    if province:
        qs = qs.filter(product__producer__province_id=province)
    return listing_counts(qs)


def export_figures(*, province: str | None, year: int) -> dict:
    qs = ExportRecord.objects.filter(year=year)
    if province:
        qs = qs.filter(product__producer__province_id=province)
    return export_counts(qs)


def point_of_sale_figures(*, province: str | None) -> dict:
    qs = PointOfSale.objects.filter(published=True)
    if province:
        qs = qs.filter(province_id=province)
    by_kind = {row["kind"]: row["n"] for row in qs.values("kind").annotate(n=Count("pk"))}
    return {"total": sum(by_kind.values()), "by_kind": by_kind,
            "products": qs.aggregate(n=Count("products", distinct=True))["n"]}


def event_figures(*, province: str | None, year: int) -> dict:
    start, end = _year_bounds(year)
    qs = Event.objects.filter(published=True, starts_on__lte=end, ends_on__gte=start)
    if province:
        qs = qs.filter(province_id=province)
    agg = qs.aggregate(events=Count("pk"), booths=Sum("booths"))
    agg["booths"] = agg["booths"] or 0
    return agg


def promotion_figures(*, province: str | None, year: int) -> dict:
    return {
        "year": year,
        "distribution": distribution_figures(province=province, year=year),
        "exports": export_figures(province=province, year=year),
        "points_of_sale": point_of_sale_figures(province=province),
        "events": event_figures(province=province, year=year),
    }


def where_to_buy(product) -> dict:
    today = dt.date.today()
    points = list(product.points_of_sale.filter(published=True).select_related("province", "commune"))
    return {
        "points": points,
        "located": sum(1 for p in points if p.latitude is not None and p.longitude is not None),
        "channels": list(Listing.objects.filter(product=product, since__lte=today).filter(
            Q(until__isnull=True) | Q(until__gte=today)).select_related("channel").order_by("channel__name")),
        "exports": list(product.exports.order_by("-year", "country_name")),
    }
