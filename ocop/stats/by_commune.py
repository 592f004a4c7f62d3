"""A province's recognised products by commune, for the dashboard of a provincial or commune officer.

Counted like the rest of the dashboard (see `selectors`): the recognitions matching the filters, each product
once with its latest matching recognition (decision date, then id); the commune is the producer's (2025 map).
Products whose producer has no commune on record are counted apart ("commune not recorded")."""

import datetime as dt
from collections import defaultdict

from django.utils import timezone

from ocop.places.models import Commune
from ocop.recognitions.filters import RegisterFilter, filtered_recognitions


def products_by_commune(f: RegisterFilter, today: dt.date | None = None) -> list[dict]:
    """[{code, name, count, producers}] for the filter's province, most products first; [] without a province."""
    if not f.province:
        return []
    rows = (filtered_recognitions(f, today or timezone.localdate())
            .order_by("product_id", "decision_date", "id")
            .values_list("product_id", "product__producer_id", "product__producer__commune_id"))
    latest = {product: (producer, commune) for product, producer, commune in rows}  # the last row is the latest
    products: dict[str | None, int] = defaultdict(int)
    producers: dict[str | None, set] = defaultdict(set)
    for producer, commune in latest.values():
        products[commune] += 1
        producers[commune].add(producer)
    names = dict(Commune.objects.filter(code__in=[c for c in products if c]).values_list("code", "name"))
    return [{"code": code or "", "name": names.get(code, code) if code else None, "count": n,
             "producers": len(producers[code])}
            for code, n in sorted(products.items(), key=lambda item: (-item[1], names.get(item[0]) or "~"))]
