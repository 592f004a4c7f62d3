"""The public list of products: the register's filters, the search words ranked by `query.py`, the order asked
for (relevance, stars, newest; products in force first), counts per filter value, pages."""

import heapq
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from django.core.paginator import EmptyPage, Paginator
from django.db import connection
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, Value, When
from django.utils import timezone

from ocop.core.shared_cache import cached
from ocop.recognitions.filters import RegisterFilter, filter_conditions, filtered_recognitions
from ocop.recognitions.models import Recognition, Status, status_q
from ocop.recognitions.selectors import RECOGNITION_RELATED, attach_recognitions, register_products
from ocop.stats import aggregates
from ocop.stats import counts as register_counts
from ocop.stats.models import StatsProductFacts
from ocop.taxonomy.mapping import groups_placed_under, placements
from ocop.taxonomy.models import CriteriaVersion, ProductGroup

from . import query as words
from .models import SearchDoc
from .search import corrections, engine_matches, match_sql

SORTS = ("relevance", "stars", "newest")


class PageOutOfRange(ValueError):
    def __init__(self, num_pages: int):
        super().__init__(num_pages)
        self.num_pages = num_pages


@dataclass
class ProductPage:
    count: int
    number: int
    num_pages: int
    per_page: int
    products: list
    suggestion: str = ""

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def _related(qs, card: bool = False):
    """What a product row shows read along: a catalogue card only its producer, province and photos."""
    qs = qs.select_related("producer__province") if card else qs.select_related("producer__province",
                                                                                  "producer__commune", "group")
    return qs.prefetch_related("photos")


@dataclass
class Search:
    """The ids of the products matching the words and the filters in the order asked for, and "did you mean"
    when a word matched nothing and the results come from its nearest catalogue words."""

    ids: Sequence[int]
    suggestion: str = ""
    corrected: dict = field(default_factory=dict)
    matches: list[tuple] = field(default_factory=list)  # `engine_matches`' rows: (..., id, facts' signature)
    several: list[tuple] | None = None  # `_several` of the matches with the filters, when they were read


class Ranked(Sequence):
    """The ids of a search's results in order: the head as ranked again by `query.rank_key`, then the other
    matches (`engine_matches`' rows) in the engine's order, sorted only when a page past the head is read."""

    def __init__(self, head: list[int], matches: list[tuple]):
        self.head, self.matches, self._all = head, matches, None

    def __len__(self) -> int:
        return len(self.matches)

    def __getitem__(self, key):
        if isinstance(key, slice) and key.indices(len(self))[1] <= len(self.head) and key.step in (None, 1):
            return self.head[key]
        if self._all is None:
            self._all = self.head + [row[-2] for row in sorted(self.matches)[len(self.head):]]
        return self._all[key]


def _meeting(matches: list[tuple], f: RegisterFilter, several: list[tuple]) -> list[tuple]:
    """The matches (rows ending with id, facts' signature) of products with a recognition meeting every filter of
    `f` (`filtered_recognitions`' rule: a product with one recognition judged by its signature, the others by
    their recognitions: `several`, `_several` of the matches)."""
    fails = _failed_filters(f, f.active)
    kept = {row[0] for row in several if all(row[6:])}
    short = not {"year", "commune"} & set(f.active)  # neither filtered on: far fewer kinds of signature to judge
    keys = aggregates.short_signatures(row[-1] for row in matches) if short else [row[-1] for row in matches]
    verdict = {key: not fails(*aggregates.parse_signature(key)) for key in set(keys) if key}  # each kind once
    return [match for match, key in zip(matches, keys) if (verdict[key] if key else match[-2] in kept)]


def _in_force_q(prefix: str = "") -> Q:
    return status_q(Status.IN_FORCE, timezone.localdate(), prefix)


HEAD = 240  # matches ranked by `query.rank_key` (ten pages); the rest follow in the engine's order


def search(f: RegisterFilter, q: str, sort: str = "relevance") -> Search:
    """Products matching every unit of the query and the filters, in bounded work whatever the number of matches:
    the engine reads all of them in one query (`search.engine_matches`), the first HEAD in its order are picked
    without sorting the rest (`Ranked` sorts them when a later page is read) and ranked again by
    `query.rank_key`. Relevance: the key, then in force first, then the shorter name; "stars": the stars in
    force today first; "newest": the latest decision first."""
    parsed = words.parse(q)
    if not parsed:
        return Search(Ranked([], []))
    fixes = corrections(parsed)
    if fixes:
        words.add_corrections(parsed, fixes)
    register_counts.ready()  # the product facts hold today's statuses
    found = engine_matches(parsed, sort)
    several = _several(found, f) if f.active else None
    kept = _meeting(found, f, several) if f.active else found
    head = [row[-2] for row in heapq.nsmallest(HEAD, kept)]  # the engine's first HEAD
    texts = {pk: (name, place, other) for pk, name, place, other in SearchDoc.objects.filter(product_id__among=head)
             .values_list("product_id", "name_text", "place_text", "other_text")}
    facts = {pk: (in_force, stars, newest) for pk, in_force, stars, newest in StatsProductFacts.objects.filter(
        product_id__among=head).values_list("product_id", "in_force", "stars_now", "newest")}
    ranked = []
    used: dict[int, Counter] = {}
    for position, pk in enumerate(head):
        name, place, other = texts.get(pk, ("", "", ""))
        key, matches = words.rank_key(parsed, words.Document.of(name, place, other))
        in_force, stars, newest = facts.get(pk, (False, 0, None))
        relevance = (*key, bool(in_force))
        if sort == "stars":
            order = (stars or 0, *relevance)
        elif sort == "newest":
            order = (newest.toordinal() if newest else 0, *relevance)
        else:
            order = relevance
        ranked.append((order, -len(name), -position, pk))
        for index, match in enumerate(matches):
            if parsed.units[index].alternatives[match.alternative].kind == "fuzzy":
                used.setdefault(index, Counter())[match.alternative] += 1
            else:
                used.setdefault(index, Counter())[0] += 1
    ranked.sort(reverse=True)
    suggestion = ""
    chosen = {}
    for index, counts in used.items():
        if counts.get(0, 0) == 0:  # no result met this word as typed: it was corrected
            chosen[index] = parsed.units[index].alternatives[counts.most_common(1)[0][0]]
    if chosen:  # written as the best result writes the words
        top = words.Document.of(*texts[ranked[0][-1]])
        suggestion = words.suggestion(parsed, chosen, top, words.rank_key(parsed, top)[1])
    return Search(Ranked([row[-1] for row in ranked], kept), suggestion, chosen, found, several)


class ProductRows:
    """Recognised products matching the filters (with `q`, ranked by the search), as a sequence that loads only
    the slice asked for, each product with `.latest` and `.current`. Paged by `product_page` and by the
    register's table. `sort`: None keeps the register's order (province, then name); "relevance" (the
    catalogue's default) puts products in force first; "stars" and "newest" as the search. `card`: the rows are
    the catalogue's cards (name, photo, producer and province, stars and status), so nothing else is read along."""

    def __init__(self, f: RegisterFilter, q: str = "", sort: str | None = None, card: bool = False):
        self.f, self.card = f, card
        self.suggestion = ""
        self.matches: list[tuple] = []  # a search's: `engine_matches`' rows (..., id, product facts' signature)
        self.several: list[tuple] | None = None  # a search's `_several`, when its filters needed them
        self._queryset = None
        if q.strip():
            found = search(f, q, sort or "relevance")
            self._ids, self.suggestion = found.ids, found.suggestion
            self.matches, self.several = found.matches, found.several
        elif sort in register_counts.ORDERS and register_counts.ready():
            # the catalogue's orders, read along the index of the counts' product facts (a page reads its rows)
            self._ids = register_counts.ordered_product_ids(f, sort)
        else:
            self._ids, self._queryset = None, _related(_ordered(register_products(f), sort), card)
        self._count = None

    def count_known(self, count: int | None) -> None:
        """How many rows there are, when another read already told (the catalogue's counts); None: not told."""
        self._count = count

    @property
    def ids(self):
        """The products in order: `Ranked` (a search), a lazy queryset (the counts' index) or None (the register)."""
        return self._ids

    def __len__(self) -> int:
        if self._count is None:
            if self._queryset is not None:
                self._count = self._queryset.count()
            elif isinstance(self._ids, Ranked):
                self._count = len(self._ids)
            else:
                self._count = register_counts.product_count(self.f)
        return self._count

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self[key:key + 1][0]
        if self._ids is None:
            products = list(self._queryset[key])
        else:
            if isinstance(self._ids, register_counts.FilteredOrder):
                self._ids.matching = len(self)  # the page's way is chosen by how many match
            page_ids = list(self._ids[key])
            found = {p.pk: p for p in _related(register_products(self.f).filter(pk__in=page_ids), self.card)}
            products = [found[pk] for pk in page_ids if pk in found]
        return attach_recognitions(products, () if self.card else RECOGNITION_RELATED)


def _ordered(qs, sort: str | None):
    if sort is None:
        return qs
    in_force = Recognition.objects.filter(_in_force_q(), product_id=OuterRef("pk"))
    if sort == "stars":
        stars = in_force.order_by("-stars").values("stars")[:1]
        return qs.annotate(stars_now=Subquery(stars)).order_by(F("stars_now").desc(nulls_last=True), "producer__province_id",
                                                              "name_folded", "pk")
    if sort == "newest":
        newest = Recognition.objects.filter(product_id=OuterRef("pk")).order_by("-decision_date").values("decision_date")[:1]
        return qs.annotate(newest=Subquery(newest)).order_by("-newest", "name_folded", "pk")
    return qs.annotate(in_force=Exists(in_force)).order_by("-in_force", "producer__province_id", "name_folded", "pk")


def product_page(f: RegisterFilter, *, q: str = "", page: int = 1, per_page: int = 24, strict: bool = False,
                 sort: str | None = None) -> ProductPage:
    """One page of `ProductRows`. A page past the end raises PageOutOfRange when `strict`, else gives the last page."""
    return page_of(ProductRows(f, q, sort), page=page, per_page=per_page, strict=strict)


def page_of(rows: ProductRows, *, page: int = 1, per_page: int = 24, strict: bool = False) -> ProductPage:
    paginator = Paginator(rows, per_page)
    number = _page_number(paginator, page, strict)
    products = list(paginator.page(number).object_list) if paginator.count else []
    return ProductPage(paginator.count, number, paginator.num_pages if paginator.count else 0, per_page, products,
                       rows.suggestion)


def catalogue_page(f: RegisterFilter, q: str, sort: str, number: int, per_page: int = 24) -> tuple[ProductPage, dict]:
    """One page of the public catalogue and its counts per filter value: the same for everyone, so kept in the
    shared cache until the register changes."""
    def compute():
        rows = ProductRows(f, q, sort, card=True)
        if q.strip() and isinstance(rows.ids, Ranked):  # a search: counted over every product the words found
            return page_of(rows, page=number, per_page=per_page), _counts_of_matches(
                rows.matches, f if f.active else None, rows.several)
        counts, total = _facets_and_total(f, q)
        rows.count_known(total)
        return page_of(rows, page=number, per_page=per_page), counts

    return cached("catalogue-page", [asdict(f), q, sort, number, per_page], compute)


def search_ids(f: RegisterFilter, q: str) -> list[int]:
    """Ids of the recognised products matching the words and the filters, best first."""
    return list(search(f, q).ids)


def _page_number(paginator: Paginator, page: int, strict: bool) -> int:
    if not paginator.count:
        return 1
    try:
        paginator.validate_number(page)
    except EmptyPage:
        if strict and page > 1:
            raise PageOutOfRange(paginator.num_pages) from None
        return paginator.num_pages if page > 1 else 1
    return page


# -- counts per filter value ---------------------------------------------------------------------------------


def _without(f: RegisterFilter, *names: str) -> RegisterFilter:
    values = {key: getattr(f, key) for key in ("province", "commune", "year", "group", "stars", "status")}
    for name in names:
        values[name] = None
    return RegisterFilter(**values)


def facet_counts(f: RegisterFilter, q: str = "") -> dict[str, dict]:
    """How many products each value of each filter would give with the words and the other filters: by province,
    commune (when a province is chosen), product group (today's groups, every version counted through the
    mapping), stars, and in force today."""
    return _facets_and_total(f, q)[0]


def _facets_and_total(f: RegisterFilter, q: str = "") -> tuple[dict[str, dict], int | None]:
    """`facet_counts`, and how many products `f` gives when the same read of the counts told it (else None)."""
    parsed = words.parse(q) if q.strip() else None
    if parsed is not None and not parsed:
        return {"province": {}, "commune": {}, "group": {}, "stars": {}, "in_force": 0}, None
    if parsed is None and not f.commune and register_counts.ready():
        newest = CriteriaVersion.objects.order_by("-in_force_from").values_list("code", flat=True).first()
        kept = register_counts.facet_counts(f, newest) if newest else None
        if kept is not None:  # the counts kept ready (the communes of a province with a group: counted directly)
            total = kept.pop("products", None)
            commune = register_counts.commune_counts(f) if f.province else {}
            if commune is None:
                commune = dict(filtered_recognitions(f).values("product__producer__commune_id").annotate(
                    n=Count("product_id", distinct=True)).values_list("product__producer__commune_id", "n").order_by())
            return {**kept, "commune": commune}, total
    if parsed:
        fixes = corrections(parsed)
        if fixes:
            words.add_corrections(parsed, fixes)
        register_counts.ready()  # the product facts hold today's statuses
        sql, params = match_sql(parsed)
        with connection.cursor() as cursor:  # the words matched once, with their products' facts
            cursor.execute(f"SELECT product_id, signature FROM {StatsProductFacts._meta.db_table} WHERE product_id IN "
                           f"({sql})", params)
            return _counts_of_matches(cursor.fetchall(), f), None

    def count(qs, key):
        return {row[0]: row[1] for row in qs.values(key).annotate(n=Count("product_id", distinct=True)).values_list(key, "n").order_by()}

    def base(*without):
        return filtered_recognitions(_without(f, *without))

    result = {
        "province": count(base("province", "commune"), "province_id"),
        "stars": count(base("stars"), "stars"),
        "in_force": base("status").filter(_in_force_q()).values("product_id").distinct().count(),
        "commune": count(base("commune"), "product__producer__commune_id") if f.province else {},
        "group": {},
    }
    tops = _top_groups()
    if tops:
        top_of = Case(*[When(group_id__in=ids, then=Value(code)) for code, ids in tops.items()], default=Value(""))
        grouped = base("group").annotate(top=top_of).values("top").annotate(n=Count("product_id", distinct=True))
        result["group"] = {row["top"]: row["n"] for row in grouped.order_by() if row["top"]}
    return result, None


# Each count of `facet_counts`, and the filters it leaves out.
FACETS_WITHOUT = {"province": {"province", "commune"}, "stars": {"stars"}, "group": {"group"},
                  "in_force": {"status"}, "commune": {"commune"}}
# The filters a recognition fails, as bits (a search judges thousands of kinds of signature per page).
FILTER_BITS = {"province": 1, "commune": 2, "year": 4, "group": 8, "stars": 16, "status": 32}
SIGNATURE_AT = {"province": 0, "commune": 1, "year": 2, "group": 3, "stars": 4, "status": 5}  # parse_signature's order


def _bits_of(names) -> int:
    return sum(FILTER_BITS[name] for name in names)


def _counts_of_matches(matches: list[tuple], f: RegisterFilter | None = None,
                       several: list[tuple] | None = None) -> dict[str, dict]:
    """`facet_counts` over products already found, each a row ending with (id, facts' signature) (a search's
    matches): a product with one recognition is counted from its signature, many at once (how many share it); the
    recognitions of the others are read in one query, each with whether it meets each filter of `f` (`_several`;
    given when the search already read them). A recognition counts for a facet when the only filters it fails are
    the ones that facet leaves out; each product counts once per value."""
    if not matches:
        return {"province": {}, "commune": {}, "group": {}, "stars": {}, "in_force": 0}
    conditions = filter_conditions(f) if f is not None else {}
    names = list(conditions)
    facets = [name for name in FACETS_WITHOUT if name != "commune" or (f is not None and f.province)]
    top_of = {pk: code for code, ids in _top_groups().items() for pk in ids}
    tally: dict[str, dict] = {facet: {} for facet in facets}  # value → products counted by their signature
    several_of: dict[str, dict] = {facet: {} for facet in facets}  # value → ids of products with several recognitions
    # (the facet's counts, the filters it leaves out, where its value is in `values` below)
    columns = [(facet, _bits_of(FACETS_WITHOUT[facet]), position) for position, facet in
               enumerate(["province", "stars", "group", "commune", "in_force"]) if facet in facets]
    by_signature = [(tally[facet], without, position) for facet, without, position in columns]

    fails = _failed_filters(f, names)
    signatures = [row[-1] for row in matches if row[-1]]
    if "year" in names:  # every part of the signatures judged (as many kinds as products, nearly)
        kinds = Counter(signatures)
    elif not ({"commune"} & {*names, *facets}):  # neither the year nor the commune: far fewer kinds to count
        kinds = Counter(aggregates.short_signatures(signatures))
    else:  # the commune judged apart from the rest (`_commune_kinds`, which counts the commune facet itself)
        kinds = _commune_kinds(signatures, f.commune if "commune" in names else None, fails, tally.get("commune"))
        by_signature = [entry for entry in by_signature if entry[0] is not tally.get("commune")]
    for text, count in kinds.items():
        province, commune, year, group, stars, status = aggregates.parse_signature(text)
        failed = fails(province, commune, year, group, stars, status)
        values = (province, stars, top_of.get(group), commune, "in_force" if status == Status.IN_FORCE else None)
        for counted, without, position in by_signature:
            value = values[position]
            if value is not None and value != "" and not failed & ~without:
                counted[value] = counted.get(value, 0) + count
    for product_id, province, stars, group, commune_id, live, *meets in (
            _several(matches, f) if several is None else several):
        failed = _bits_of(name for name, ok in zip(names, meets, strict=True) if not ok)
        values = (province, stars, top_of.get(group), commune_id, "in_force" if live else None)
        for facet, without, position in columns:
            value = values[position]
            if value is not None and value != "" and not failed & ~without:
                several_of[facet].setdefault(value, set()).add(product_id)
    counts = {facet: {value: tally[facet].get(value, 0) + len(several_of[facet].get(value, ())) for value in
                      {*tally[facet], *several_of[facet]}} for facet in facets}
    return {"province": counts["province"], "stars": counts["stars"], "group": counts["group"],
            "commune": counts.get("commune", {}), "in_force": counts["in_force"].get("in_force", 0)}


def _commune_kinds(signatures: list[str], commune: str | None, fails, by_commune: dict | None) -> Counter:
    """A search's signatures when the commune is filtered on (`commune`) or counted (`by_commune`: the commune
    facet's tally, filled here) and the year is not: the commune is judged apart from the rest, so that the rest
    is judged once per kind, not once per match (a province's matches have nearly as many communes and years as
    products). Returns how many matches share each kind, written as a signature whose year is 0 and whose commune
    is the one asked for when the match is there, else "" (which fails the commune filter, as the match does)."""
    commune_bit = FILTER_BITS["commune"]
    parts = [text.rsplit("|", 2) for text in signatures]  # [the rest (a short signature), year, commune]
    if by_commune is not None:  # counted per commune: the matches meeting every filter but the commune's
        met = {}
        for rest in {part[0] for part in parts}:
            province, _commune, _year, group, stars, status = aggregates.parse_signature(rest)
            met[rest] = not fails(province, "", None, group, stars, status) & ~commune_bit
        for value, count in Counter(part[2] for part in parts if met[part[0]]).items():
            if value:
                by_commune[value] = by_commune.get(value, 0) + count
    return Counter(f"{part[0]}|0|{commune if commune is not None and part[2] == commune else ''}" for part in parts)


def _several(matches: list[tuple], f: RegisterFilter | None) -> list[tuple]:
    """The recognitions of the matches (rows ending with id, facts' signature) whose product has several (no
    signature), read in one query as plain tuples: (product id, province, stars, group id, commune (the province
    unless `f` chooses a province: no join), in force today (1/0), then 1/0 per filter of `f` met, in
    `filter_conditions`' order). Read once per search, for its filters and its counts."""
    others = [row[-2] for row in matches if not row[-1]]
    if not others:
        return []
    conditions = filter_conditions(f) if f is not None else {}
    flags = {f"meets_{name}": Case(When(q, then=Value(1)), default=Value(0)) for name, q in conditions.items()}
    commune = "product__producer__commune_id" if f is not None and f.province else "province_id"
    rows = (Recognition.objects.order_by().filter(product_id__among=others)
            .annotate(live=Case(When(_in_force_q(), then=Value(1)), default=Value(0)), **flags)
            .values_list("product_id", "province_id", "stars", "group_id", commune, "live", *flags))
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:  # plain tuples
        cursor.execute(sql, params)
        return cursor.fetchall()


def _failed_filters(f: RegisterFilter | None, names: list[str]):
    """The filters of `f` (`names`: those given) that one recognition, given by its values (`parse_signature`'s
    order), fails, as FILTER_BITS (0: it meets them all): the rule of `filter_conditions`, for the signatures of
    the product facts."""
    if not names:
        return lambda *values: 0
    placed = set(groups_placed_under(f.group)) if "group" in names else None
    wanted = [(FILTER_BITS[name], SIGNATURE_AT[name], getattr(f, name)) for name in names if name != "group"]
    group_bit = FILTER_BITS["group"] if placed is not None else 0

    def failed(*values) -> int:
        bits = 0
        for bit, at, value in wanted:
            if values[at] != value:
                bits |= bit
        if group_bit and values[3] not in placed:
            bits |= group_bit
        return bits
    return failed


def _top_groups() -> dict[str, list[int]]:
    """Today's top-level groups, each with the ids of the groups of every version placed under it."""
    newest = CriteriaVersion.objects.order_by("-in_force_from").values_list("code", flat=True).first()
    if newest is None:
        return {}
    tops: dict[str, list[int]] = {code: [] for code in ProductGroup.objects.filter(version__code=newest, depth=0)
                                  .order_by("position").values_list("code", flat=True)}
    for pk, placement in placements(newest).items():
        if placement is not None and placement.top in tops:
            tops[placement.top].append(pk)
    return tops

