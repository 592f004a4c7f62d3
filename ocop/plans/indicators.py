"""Plan indicators, each defined once: its code, name, how it is counted, and the counting.

Actual values are always computed from the records (recognitions, self-assessments, promotion
records, support records), for a province (or the whole country) and a year, up to a date (year to
date). `compute()` counts every indicator in a fixed number of queries and also gives each one per
commune where the records have a commune.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ocop.criteria.models import Assessment
from ocop.producers.models import LegalForm
from ocop.promotion.models import Event, ExportRecord, Listing, PointOfSale
from ocop.recognitions.models import Recognition

from .models import Support


@dataclass(frozen=True)
class Indicator:
    code: str
    name: object
    counted: object  # how it is counted, in words


INDICATORS = [
    Indicator("recognised_products", _("Products recognised"),
              _("Distinct products with a recognition decision (3-5 stars) dated in the year, whether new, renewed or upgraded.")),
    Indicator("new_products", _("New products recognised"),
              _("Products whose first recognition decision is dated in the year.")),
    Indicator("new_3_4_star", _("New products at 3-4 stars"), _("New products whose first recognition gave 3 or 4 stars.")),
    Indicator("new_3_star", _("New 3-star products"), _("New products whose first recognition gave 3 stars.")),
    Indicator("new_4_star", _("New 4-star products"), _("New products whose first recognition gave 4 stars.")),
    Indicator("new_5_star", _("New 5-star products"), _("New products whose first recognition gave 5 stars.")),
    Indicator("upgrades_3_4", _("Upgrades from 3 to 4 stars"),
              _("Recognitions in the year giving 4 stars to a product whose previous recognition gave 3.")),
    Indicator("upgrades_4_5", _("Upgrades from 4 to 5 stars"),
              _("Recognitions in the year giving 5 stars to a product whose previous recognition gave 4.")),
    Indicator("re_recognitions", _("Re-recognitions"),
              _("Recognitions in the year with the same stars as the product's previous recognition (renewal).")),
    Indicator("products_standardised", _("Products standardised"),
              _("Products with a recognition decision in the year or a final self-assessment on the criteria sheet in the year.")),
    Indicator("producers_cooperatives", _("Cooperatives with recognised products"),
              _("Cooperatives with at least one recognition decision in the year.")),
    Indicator("producers_enterprises", _("Enterprises with recognised products"),
              _("Enterprises with at least one recognition decision in the year.")),
    Indicator("new_economic_organisations", _("New economic organisations in the programme"),
              _("Enterprises, cooperatives and cooperative groups whose first recognition is in the year.")),
    Indicator("products_in_distribution", _("Products in distribution systems"),
              _("Distinct products listed in a distribution channel at some time in the year.")),
    Indicator("products_exported", _("Products exported"), _("Distinct products with an export record for the year.")),
    Indicator("points_of_sale", _("Points of sale and display"),
              _("Published points of sale and display open by the end of the year.")),
    Indicator("events_held", _("Events held"), _("Fairs, festivals, conferences and courses taking place in the year.")),
    Indicator("producers_trained", _("Producers trained"), _("Distinct producers with a training support record in the year.")),
]
BY_CODE = {i.code: i for i in INDICATORS}


@dataclass
class Actual:
    value: int = 0
    by_commune: dict = field(default_factory=dict)


def percent(actual, target) -> int | None:
    """44 of 30 → 147 (half up); None when there is no target or it is 0."""
    if target in (None, "") or Decimal(target) == 0:
        return None
    return int((Decimal(actual) * 100 / Decimal(target)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _distinct_by_commune(pairs) -> Actual:
    """pairs: (item, commune) → number of distinct items, and per commune."""
    items, per = set(), defaultdict(set)
    for item, commune in pairs:
        items.add(item)
        if commune:
            per[commune].add(item)
    return Actual(len(items), {c: len(v) for c, v in per.items()})


def compute(*, province: str | None, year: int, as_of: dt.date | None = None) -> dict[str, Actual]:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if as_of is not None:
        end = min(end, as_of)  # year to date
    recs = Recognition.objects.filter(decision_date__lte=end)
    if province:
        recs = recs.filter(province_id=province)
    rows = recs.order_by("product_id", "decision_date", "pk").values_list(
        "product_id", "stars", "decision_date", "product__producer_id", "product__producer__legal_form",
        "product__producer__commune_id")
    actual: dict[str, Actual] = {}
    recognised, new, upgrades, renewals = [], [], {"3_4": [], "4_5": []}, []
    producers_in_year: dict[str, list] = defaultdict(list)
    first_by_producer: dict[int, dt.date] = {}
    producer_info: dict[int, tuple] = {}
    previous: dict[int, int] = {}
    first_seen: dict[int, tuple] = {}
    for product, stars, day, producer, form, commune in rows:
        producer_info[producer] = (form, commune)
        if producer not in first_by_producer or day < first_by_producer[producer]:
            first_by_producer[producer] = day
        if product not in first_seen:
            first_seen[product] = (day, stars, commune)
        if start <= day <= end:
            recognised.append((product, commune))
            producers_in_year[form].append((producer, commune))
            before = previous.get(product)
            if before is not None:
                if before == 3 and stars == 4:
                    upgrades["3_4"].append((product, commune))
                elif before == 4 and stars == 5:
                    upgrades["4_5"].append((product, commune))
                elif before == stars:
                    renewals.append((product, commune))
        previous[product] = stars
    for product, (day, stars, commune) in first_seen.items():
        if start <= day <= end:
            new.append((product, stars, commune))
    actual["recognised_products"] = _distinct_by_commune(recognised)
    actual["new_products"] = _distinct_by_commune((p, c) for p, _s, c in new)
    actual["new_3_4_star"] = _distinct_by_commune((p, c) for p, s, c in new if s in (3, 4))
    for s in (3, 4, 5):
        actual[f"new_{s}_star"] = _distinct_by_commune((p, c) for p, stars, c in new if stars == s)
    actual["upgrades_3_4"] = _distinct_by_commune(upgrades["3_4"])
    actual["upgrades_4_5"] = _distinct_by_commune(upgrades["4_5"])
    actual["re_recognitions"] = _distinct_by_commune(renewals)
    actual["producers_cooperatives"] = _distinct_by_commune(producers_in_year[LegalForm.COOPERATIVE.value])
    actual["producers_enterprises"] = _distinct_by_commune(producers_in_year[LegalForm.ENTERPRISE.value])
    organisations = {LegalForm.COOPERATIVE.value, LegalForm.ENTERPRISE.value, LegalForm.COOPERATIVE_GROUP.value}
    actual["new_economic_organisations"] = _distinct_by_commune(
        (producer, producer_info[producer][1]) for producer, day in first_by_producer.items()
        if start <= day <= end and producer_info[producer][0] in organisations)

    assessed = Assessment.objects.filter(state=Assessment.State.SAVED, updated_at__date__gte=start, updated_at__date__lte=end)
    if province:
        assessed = assessed.filter(product__producer__province_id=province)
    actual["products_standardised"] = _distinct_by_commune(
        list(recognised) + list(assessed.values_list("product_id", "product__producer__commune_id")))

    actual.update(_promotion(province, start, end))
    return actual


def _promotion(province, start, end) -> dict[str, Actual]:
    where = {"product__producer__province_id": province} if province else {}
    listings = Listing.objects.filter(since__lte=end).filter(Q(until__isnull=True) | Q(until__gte=start)).filter(**where)
    exports = ExportRecord.objects.filter(year=start.year).filter(**where)
    points = PointOfSale.objects.filter(published=True).filter(Q(opened_on__isnull=True) | Q(opened_on__lte=end))
    events = Event.objects.filter(published=True, starts_on__lte=end, ends_on__gte=start)
    trained = Support.objects.filter(kind=Support.Kind.TRAINING, date__gte=start, date__lte=end)
    if province:
        points, events = points.filter(province_id=province), events.filter(province_id=province)
        trained = trained.filter(producer__province_id=province)
    return {
        "products_in_distribution": _distinct_by_commune(listings.values_list("product_id", "product__producer__commune_id")),
        "products_exported": _distinct_by_commune(exports.values_list("product_id", "product__producer__commune_id")),
        "points_of_sale": _distinct_by_commune(points.values_list("pk", "commune_id")),
        "events_held": Actual(events.count()),
        "producers_trained": _distinct_by_commune(trained.values_list("producer_id", "producer__commune_id")),
    }
