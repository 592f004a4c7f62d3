"""Reading the counts kept ready (aggregates.py): the figures of a filter from a bounded number of cells.

Each figure is one GROUP BY over the cells of one variant matching the filter; a product (or producer) is
counted by the cells whose mask has the bit of the filter's keys on, so each counts once, with its latest
matching recognition, exactly as a direct count over the recognitions would."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db import connection
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from ocop.recognitions.filters import RegisterFilter, filtered_recognitions
from ocop.recognitions.models import Recognition, Status
from ocop.taxonomy.models import ProductGroup

from . import aggregates
from .models import StatsCell, StatsCommuneCell, StatsProductFacts

BITS = {"province": 1, "year": 2, "stars": 4, "status": 8}
DIMENSIONS = ("legal_form", "stars", "top", "province", "year", "status")
STARS = [value for value, _label in Recognition._meta.get_field("stars").choices]


@dataclass
class Counts:
    """What the statistics are made of: totals, and per value of each dimension the products counted with
    their latest matching recognition (groups as rated: by the id of their top-level group)."""

    products: int
    producers: int
    recognitions: int
    by: dict[str, Counter]


def ready(today: dt.date | None = None) -> bool:
    """Whether the cells hold today's statuses: built on first use; the daily task follows the calendar, and a
    reader coming before it today brings forward only the products whose status changed."""
    today = today or timezone.localdate()
    if today != timezone.localdate():
        return False  # a figure as of another day is counted directly
    if aggregates.as_of() != today:
        aggregates.catch_up(today)
    return True


def _where(f: RegisterFilter, extra_bits: int = 0, drop: tuple[str, ...] = (), by_variant: str = "") -> tuple[str, list, int]:
    """The cells of filter `f` (without the keys in `drop`; `by_variant`: every group key of that variant, to count
    per group): SQL condition, its parameters, and T (the filter's keys as bits: the counters pT, qT to sum)."""
    variant, clauses, params, t = by_variant, [], [], 0
    if f.group and "group" not in drop:
        variant = aggregates.variant_of(f.group)
        clauses.append("gkey = %s")
        params.append(f.group)
    elif not by_variant:
        clauses.append("gkey = ''")
    for name in ("province", "year", "stars", "status"):
        value = getattr(f, name)
        if value is not None and name not in drop:
            clauses.append(f"{name} = %s")
            params.append(str(value) if name in ("province", "status") else value)
            t |= BITS[name]
    t |= extra_bits
    return " AND ".join(["variant = %s", *clauses]), [variant, *params], t


def _query(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def counts(f: RegisterFilter) -> Counts | None:
    """The figures of `f` from the cells; None when the filter is not one the cells answer (a commune)."""
    if f.commune:
        return None
    table = StatsCell._meta.db_table
    where, params, t = _where(f)
    if connection.vendor == "postgresql":
        return _counts_in_one_pass(table, where, params, t)
    totals = _totals(f)
    by = {}
    for dimension in DIMENSIONS:
        rows = _query(f"SELECT {dimension}, SUM(p{t}) FROM {table} WHERE {where} GROUP BY {dimension}", params)
        by[dimension] = Counter({key: int(n) for key, n in rows if n})
    return Counts(products=int(totals[1]), producers=int(totals[2]), recognitions=int(totals[0]), by=by)


def _counts_in_one_pass(table: str, where: str, params: list, t: int) -> Counts:
    """PostgreSQL: the totals and every dimension in one scan of the cells."""
    by, totals = _in_one_pass(where, params, {dimension: f"p{t}" for dimension in DIMENSIONS},
                              totals=f"COALESCE(SUM(n), 0), COALESCE(SUM(p{t}), 0), COALESCE(SUM(q{t}), 0)")
    recognitions, products, producers = totals or (0, 0, 0)
    return Counts(products=int(products), producers=int(producers), recognitions=int(recognitions), by=by)


def _in_one_pass(where: str, params: list, sums: dict[str, str], totals: str = "") -> tuple[dict, tuple | None]:
    """PostgreSQL: for each dimension of `sums` (dimension → the counter it sums), the sums per value in one scan
    of the cells (GROUPING SETS), and with `totals` (SQL expressions) the row of the whole. GROUPING() says which
    set a row belongs to: its bit for a dimension is 0 when the row is grouped by that dimension."""
    dimensions = list(sums)
    width = len(dimensions)
    columns = ", ".join(dimensions)
    sets = ", ".join(f"({dimension})" for dimension in dimensions) + (", ()" if totals else "")
    selected = ", ".join([f"SUM({counter})" for counter in sums.values()] + ([totals] if totals else []))
    rows = _query(f"SELECT {columns}, GROUPING({columns}), {selected} FROM {StatsCell._meta.db_table} "
                  f"WHERE {where} GROUP BY GROUPING SETS ({sets})", params)
    whole = (1 << width) - 1
    position = {whole ^ (1 << (width - 1 - i)): i for i in range(width)}
    by = {dimension: Counter() for dimension in dimensions}
    total = None
    for row in rows:
        mask = row[width]
        if mask == whole:
            total = row[2 * width + 1:]
        elif mask in position and row[width + 1 + position[mask]]:
            i = position[mask]
            by[dimensions[i]][row[i]] = int(row[width + 1 + i])
    return by, total


def _totals(f: RegisterFilter) -> tuple:
    """(recognitions, products, producers) of `f` (not a commune), in one pass over its cells."""
    where, params, t = _where(f)
    return _query(f"SELECT COALESCE(SUM(n), 0), COALESCE(SUM(p{t}), 0), COALESCE(SUM(q{t}), 0) "
                  f"FROM {StatsCell._meta.db_table} WHERE {where}", params)[0]


def _per_value(f: RegisterFilter, key: str, drop: tuple[str, ...], variant: str = "") -> dict:
    """Products per value of `key` with the other filters (distinct products having a matching recognition)."""
    table = StatsCell._meta.db_table
    where, params, t = _where(f, BITS.get(key, 0), drop, variant)
    rows = _query(f"SELECT {key}, SUM(p{t}) FROM {table} WHERE {where} GROUP BY {key}", params)
    return {value: int(n) for value, n in rows if n}


def facet_counts(f: RegisterFilter, newest: str) -> dict | None:
    """The catalogue's counts per filter value without words: per province (without the province and commune
    filters), stars, today's top-level groups of version `newest`, and in force; with no province filter also
    "products", how many products `f` gives (what `product_count` says). None with a commune filter."""
    if f.commune:
        return None
    group = _per_value(f, "gkey", ("group",), variant=f"{newest}/0")
    if not f.province:
        province, stars, in_force, products = _three_in_one_pass(f)
        return {"province": province, "stars": stars, "group": group, "in_force": in_force, "products": products}
    province, stars = _per_value(f, "province", ("province",)), _per_value(f, "stars", ("stars",))
    status = _per_value(f, "status", ("status",))
    return {"province": province, "stars": stars, "group": group, "in_force": status.get("in_force", 0)}


def commune_counts(f: RegisterFilter) -> dict | None:
    """The catalogue's counts per commune of the chosen province (products, each once with its latest matching
    recognition, by its producer's commune; None for "not recorded") with the other filters, from the commune cells.
    None when the cells do not answer the filter (no province; a year, a group or a status other than in force)."""
    status = str(f.status) if f.status else ""
    if not f.province or f.year or f.group or status not in ("", Status.IN_FORCE):
        return None
    clauses, params, t = ["province = %s"], [f.province], BITS["province"]
    if f.stars is not None:
        clauses.append("stars = %s")
        params.append(f.stars)
        t |= BITS["stars"]
    if status:
        clauses.append("in_force = %s")
        params.append(True)
        t |= BITS["status"]
    rows = _query(f"SELECT commune, SUM(p{t}) FROM {StatsCommuneCell._meta.db_table} WHERE {' AND '.join(clauses)} "
                  f"GROUP BY commune", params)
    return {commune or None: int(n) for commune, n in rows if n}


def _three_in_one_pass(f: RegisterFilter) -> tuple[dict, dict, int, int]:
    """No province filter (the catalogue's home, "in force", some stars): the three facets and the products of `f`
    read the same cells (all provinces) in one scan, each summing its own counter over the cells that meet the
    filters it keeps (a facet leaves out its own: the stars facet counts every stars value under the status
    filter, and so on). Grouped by province, which the cells' index gives in order, each row summing the stars and
    in-force counts per value, added up here: on SQLite a GROUP BY on several columns sorted all the cells first
    (14.6 against 7.9 ms at 200,000 products); on PostgreSQL GROUPING SETS took 12.5–15.6 ms, this 8.1–9.3.
    (Filtered by stars or status, three scans took 12–16 ms on SQLite, 20 on PostgreSQL.)"""
    where, params, t = _where(f, drop=("stars", "status"))
    kept = {name: (f"{name} = %s", [str(getattr(f, name)) if name == "status" else getattr(f, name)])
            for name in ("stars", "status") if getattr(f, name) is not None}
    t |= sum(BITS[name] for name in kept)

    def met(*without: str) -> tuple[str, list]:
        """The condition of the filters kept but `without`, and its parameters."""
        terms = [kept[name] for name in kept if name not in without]
        return " AND ".join(["1 = 1", *(sql for sql, _p in terms)]), [v for _sql, values in terms for v in values]

    p_province, p_stars, p_status = (f"p{t | BITS[name]}" for name in ("province", "stars", "status"))
    everything, with_status, with_stars = met(), met("status"), met("stars")
    per_stars = ", ".join(f"SUM(CASE WHEN {with_stars[0]} AND stars = {int(n)} THEN {p_stars} ELSE 0 END)"
                          for n in STARS)
    rows = _query(f"SELECT province, SUM(CASE WHEN {everything[0]} THEN {p_province} ELSE 0 END), "
                  f"SUM(CASE WHEN {everything[0]} THEN p{t} ELSE 0 END), "
                  f"SUM(CASE WHEN {with_status[0]} AND status = %s THEN {p_status} ELSE 0 END), {per_stars} "
                  f"FROM {StatsCell._meta.db_table} WHERE {where} GROUP BY province",
                  [*everything[1], *everything[1], *with_status[1], Status.IN_FORCE.value,
                   *(with_stars[1] * len(STARS)), *params])
    province = {value: int(n) for value, n, *_rest in rows if n}
    stars = {n: int(sum(row[4 + i] for row in rows)) for i, n in enumerate(STARS)}
    return (province, {n: count for n, count in stars.items() if count}, int(sum(row[3] for row in rows)),
            int(sum(row[2] for row in rows)))


def newest_version() -> str | None:
    return ProductGroup.objects.order_by("-version__in_force_from").values_list("version__code", flat=True).first()


# -- the catalogue's orders ------------------------------------------------------------------------------------

ORDERS = {
    "relevance": ("-in_force", "province", "name_folded", "product_id"),  # in force first, then province, name
    "stars": ("-stars_now", "province", "name_folded", "product_id"),  # most stars in force first
    "newest": ("-newest", "name_folded", "product_id"),  # the latest decision first
}


def ordered_product_ids(f: RegisterFilter, sort: str):
    """The ids of the products having a recognition that matches `f`, in the catalogue's order `sort`, read along
    an index (slice it: a page reads its rows, not the country's)."""
    qs = StatsProductFacts.objects.all()
    filters = f.active
    if filters == ["status"] and str(f.status) == "in_force":
        qs = qs.filter(in_force=True)  # the facts' own flag (as of today: `ready`), read along the same index
    elif filters:
        return FilteredOrder(f, sort)
    return qs.order_by(*ORDERS[sort]).values_list("product_id", flat=True)


# Filters whose matches gather in one stretch of an order (the orders go by status, stars, province, the latest
# decision): a walk along its index may pass every product before that stretch.
GATHERED = {"relevance": {"status", "province", "commune"}, "stars": {"stars", "status", "province", "commune"},
            "newest": {"year", "status"}}
SORT_COST = 4  # a matching product sorted costs about as much as four products passed along the index (measured:
# 97,591 expired products sorted in 280 ms; the 96,697 in force before them passed in 73 ms)


# The leading column of the orders a province's products are read along, and every value it takes, in order: a
# walk through a province's stretch reads the stretch under each value in turn (an ordered look-up per value).
LEADS = {"relevance": ("in_force", [False, True]), "stars": ("stars_now", list(range(6)))}


class FilteredOrder:
    """The products matching filters the facts cannot tell alone, in the catalogue's order `sort`. A slice reads
    its page in the cheapest of three ways: along the order's index, asking of each product whether it has a
    matching recognition, until the page is full; with a province filter, the same walk through that province's
    stretch of the order only (`_in_province`); or all the matching products sorted (SORT_COST each). The walk
    passes about `stop` × all products ÷ matching ones when the matches are spread along the order, and up to
    every product when they gather (GATHERED: walking the in-force-first order to Cà Mau passed every product in
    force of the provinces before it, 300 ms at 200,000 products); through the province's stretch it passes
    `stop` × the province's products ÷ matching ones. So a filter many products meet (some stars; expired; a
    province) walks, a rare one (a commune; a province, a year and a group) sorts."""

    def __init__(self, f: RegisterFilter, sort: str):
        self.f, self.sort = f, sort
        self.matching: int | None = None  # how many products match, when the caller already knows

    def _queryset(self, along_index: bool):
        matching = filtered_recognitions(self.f)
        if along_index:
            qs = StatsProductFacts.objects.filter(Exists(matching.filter(product_id=OuterRef("product_id"))))
        else:
            qs = StatsProductFacts.objects.filter(product_id__in=matching.values("product_id"))
        return qs.order_by(*ORDERS[self.sort]).values_list("product_id", flat=True)

    def _leads(self) -> tuple[str, list]:
        """The leading column of the order and the values a match may have there: with "in force", a product in
        force (its facts' flag and stars as of `ready`, as the in-force filter alone reads them)."""
        lead, values = LEADS[self.sort]
        if self.f.status and str(self.f.status) == Status.IN_FORCE:
            values = [value for value in values if value]
        return lead, values

    def _in_province(self, stop: int | None = None):
        """The matching products of the filter's province in order (the first `stop` of them, or all): those of its
        producers, read along the order's index under each value of its leading column (the province is its
        second), with the few recorded there whose producer is elsewhere (`elsewhere`), merged in the same order.
        A product matches when a matching recognition is found for it (a look-up per product read: as EXISTS,
        PostgreSQL would hash every recognition of the province, expecting far fewer matches than there are).
        SQLite merges the ordered look-ups itself; PostgreSQL is given each part ordered and cut at `stop`."""
        lead, values = self._leads()
        order = ORDERS[self.sort]
        columns = [name.lstrip("-") for name in order]
        found = filtered_recognitions(self.f).filter(product_id=OuterRef("product_id")).order_by().values("pk")[:1]
        matching = Q(found__isnull=False)
        if self.f.active == ["province"]:  # every recognition of a product not `elsewhere` is in its producer's
            matching = Q(elsewhere=False, province=self.f.province) | matching  # province: no look-up for those
        facts = StatsProductFacts.objects.alias(found=Subquery(found)).filter(matching)
        away = facts.filter(elsewhere=True).exclude(province=self.f.province)
        if stop is not None and connection.features.supports_slicing_ordering_in_compound:
            parts = [facts.filter(**{lead: value}, province=self.f.province) for value in values] + [away]
            parts = [part.values_list(*columns).order_by(*order)[:stop] for part in parts]
        else:
            parts = [facts.filter(**{f"{lead}__in": values}, province=self.f.province).values_list(*columns),
                     away.values_list(*columns)]
        return parts[0].union(*parts[1:], all=True).order_by(*order)

    def __getitem__(self, key: slice):
        if not isinstance(key, slice) or key.stop is None:
            return self._queryset(False)[key]
        if self.matching is None:
            self.matching = product_count(self.f)
        products = _products_counted()
        gathered = GATHERED[self.sort] & set(self.f.active)
        walk = products if gathered else key.stop * products / max(self.matching, 1)
        if self.f.province and self.sort in LEADS and gathered <= {"province", "status"}:
            # At worst the walk passes every product of the province once (a status whose products gather in one
            # stretch: "in force" reads only the stretches in force; Hồ Chí Minh City's expired products, past its
            # products in force, took 8–23 ms against 45–50 sorted on SQLite and 14–33 against 260–390 on
            # PostgreSQL, whose planner walked the country's order). Stars gather in the stars order: the
            # province's other stretches would be walked for nothing, at worst more than the matches sorted.
            within = product_count(RegisterFilter(province=self.f.province))
            stretch = key.stop * within / max(self.matching, 1)
            if stretch < min(walk, SORT_COST * self.matching):
                return [row[-1] for row in self._in_province(key.stop)[key]]
        along_index = walk < SORT_COST * self.matching
        return self._queryset(along_index)[key]

    def __iter__(self):
        return iter(self._queryset(False))

    def count(self) -> int:
        return self._queryset(False).count()


def _products_counted() -> int:
    """How many products the facts hold (PostgreSQL: the planner's estimate, which is enough to choose a way)."""
    if connection.vendor == "postgresql":
        rows = _query("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [StatsProductFacts._meta.db_table])
        if rows and rows[0][0] > 0:
            return rows[0][0]
    return StatsProductFacts.objects.count()


def product_count(f: RegisterFilter) -> int:
    """How many products have a recognition that matches `f`."""
    if f.commune:
        return ordered_product_ids(f, "newest").count()
    return int(_totals(f)[1])  # the totals alone (a page's count needs no dimension)
