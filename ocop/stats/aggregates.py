"""The register's counts kept ready, so that the dashboard, /api/v1/stats, the province pages and the catalogue's
counts do not scan the country.

`StatsCell` holds, per province × year × rated group × stars × status × legal form (and, for group filters,
per group key of each criteria version and depth, following the mapping chain as the register filters do),
how many recognitions fall there. The rule "each product counts once, with its latest matching recognition"
is kept by two 16-bit sets per recognition (`pmask`, `qmask`, see models.py); a filter on the keys then reads
its figures from a bounded number of cells. `StatsCommuneCell` holds the same per province × the producer's
commune × stars × in force or not (no group variants), for the catalogue's counts per commune of a province.

Kept up to date by the recognition write path: its signal `recognitions_changed` (and a producer's or
product's edit, a deletion) calls `refresh(product_ids)`, which recomputes the facts of the producers
concerned and applies the difference. Statuses are taken on `StatsState.as_of`; the calendar (an expiry) is
followed by `catch_up(today)`, which the daily task runs, reading only the products whose `next_change` came.
"""

import datetime as dt
import itertools
import struct
from collections.abc import Iterable
from functools import lru_cache

from django.db import connection, transaction
from django.db.models import Count, Max
from django.utils import timezone

from ocop.core import bulk
from ocop.producers.models import Product
from ocop.recognitions.models import Recognition, Status, status_of
from ocop.taxonomy.mapping import placements
from ocop.taxonomy.models import CriteriaVersion, ProductGroup

from .models import (COMMUNE_COUNTERS, COMMUNE_KEY, COMMUNE_T, COUNTERS, KEY, StatsCell, StatsCommuneCell,
                     StatsProductFacts, StatsState)

# Filter keys compared by the masks, as bits of T: province 1, year 2, stars 4, status 8.
PLAIN = ("province", "year", "stars", "status")
FULL = 0xFFFF
SUBSETS_OF = [sum(1 << t for t in range(16) if t & ~a == 0) for a in range(16)]
FULL_REBUILD_SHARE = 0.5  # refreshing more producers than this share of those counted rebuilds everything
CHUNK = 2000


# -- group keys --------------------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _group_keys(signature) -> tuple[tuple[str, ...], dict[int, tuple], dict[int, int]]:
    versions = list(CriteriaVersion.objects.order_by("in_force_from").values_list("code", flat=True))
    nodes = {pk: (code, version, parent, depth) for pk, code, version, parent, depth in
             ProductGroup.objects.values_list("pk", "code", "version__code", "parent_id", "depth")}
    by_code = {node[0]: pk for pk, node in nodes.items()}
    variants = [""] + [f"{v}/{d}" for v in versions for d in sorted({n[3] for n in nodes.values() if n[1] == v})]
    index = {name: i for i, name in enumerate(variants)}
    keys = {pk: [None] * len(variants) for pk in nodes}
    for version in versions:
        for pk, placement in placements(version).items():
            if placement is None:
                continue
            node = by_code[placement.group]
            while node is not None:
                code, _version, parent, depth = nodes[node]
                keys[pk][index[f"{version}/{depth}"]] = code
                node = parent
    for pk in keys:
        keys[pk][0] = ""
    tops = dict(ProductGroup.objects.values_list("pk", "top_id"))
    return tuple(variants), {pk: tuple(value) for pk, value in keys.items()}, {pk: t or pk for pk, t in tops.items()}


def group_keys() -> tuple[tuple[str, ...], dict[int, tuple], dict[int, int]]:
    """(variants, {group id: its key per variant}, {group id: its top-level group id}): variant "" (no group
    filter) is always ""; variant "V/d" is the depth-d group of version V in which the group is placed (None
    when it is not placed so deep)."""
    signature = tuple(ProductGroup.objects.aggregate(n=Count("pk"), last=Max("pk"), mapped=Count("maps_to")).values())
    return _group_keys(signature)


def variant_of(code: str) -> str:
    version, depth = ProductGroup.objects.filter(code=code).values_list("version__code", "depth").get()
    return f"{version}/{depth}"


# -- facts of one producer --------------------------------------------------------------------------------

FIELDS = ("pk", "product_id", "product__producer_id", "product__producer__legal_form", "province_id", "decision_date",
          "group_id", "stars", "revoked_at", "superseded_by_id", "valid_until", "extended_until", "product__name_folded",
          "product__producer__province_id", "product__producer__commune_id")


def signature(province: str, commune: str | None, year: int, group_id: int, stars: int, status: str) -> str:
    """StatsProductFacts.signature of a product with one recognition: "province|stars|group id|status|year|commune",
    the values most counts need first (`short_signature`); read back by `parse_signature`."""
    return f"{province}|{stars}|{group_id}|{status}|{year}|{commune or ''}"


def short_signatures(texts: Iterable[str]) -> list[str]:
    """Each signature without its year and commune: what counts that filter on neither need (far fewer kinds).
    Many at once, in one comprehension (a search shortens tens of thousands); an empty text stays empty."""
    return [text.rsplit("|", 2)[0] for text in texts]


def short_signature(text: str) -> str:
    return short_signatures([text])[0]


def parse_signature(text: str) -> tuple[str, str, int | None, int, int, str]:
    """(province, commune, year, group id, stars, status) of a signature, or of a short one (year None, commune "")."""
    province, stars, group_id, status, *rest = text.split("|")
    year, commune = (int(rest[0]), rest[1]) if rest else (None, "")
    return province, commune, year, int(group_id), int(stars), status


def _masks(keys: list[tuple], gkeys: list[tuple]) -> list[list[int]]:
    """Per recognition (oldest first) and variant: the sets T for which no later one agrees with it."""
    out = [[FULL] * len(gkeys[0]) for _ in keys]
    for i, (mine, my_groups) in enumerate(zip(keys, gkeys)):
        for later, later_groups in zip(keys[i + 1:], gkeys[i + 1:]):
            agree = sum(1 << b for b in range(4) if mine[b] == later[b])
            kill = FULL & ~SUBSETS_OF[agree]
            row = out[i]
            for v, (g, h) in enumerate(zip(my_groups, later_groups)):  # variant "": "" == "" always
                if g is not None and g == h:
                    row[v] &= kill
    return out


def _compact(masks: list[int]):
    return masks[0] if masks.count(masks[0]) == len(masks) else masks


def producer_facts(recs: list[tuple], day: dt.date, keys: dict[int, tuple]) -> dict[int, dict]:
    """One producer's recognitions (FIELDS) → {product id: {"rows": [...], "next_change": date|None}}.
    A row: [province, year, group id, stars, status, legal form, product masks, producer masks]."""
    recs = sorted(recs, key=lambda r: (r[5], r[0]))
    plain, gkeys, by_product = [], [], {}
    for i, r in enumerate(recs):
        status = status_of(revoked=r[8] is not None, superseded=r[9] is not None, valid_until=r[10], today=day,
                           extended_until=r[11])
        plain.append((r[4], r[5].year, r[7], status))
        gkeys.append(keys[r[6]])
        by_product.setdefault(r[1], []).append(i)
    qmasks = _masks(plain, gkeys) if len(recs) > 1 else [[FULL] * len(gkeys[0])]
    result = {}
    for product_id, indexes in by_product.items():
        pmasks = _masks([plain[i] for i in indexes], [gkeys[i] for i in indexes]) if len(indexes) > 1 else [
            [FULL] * len(gkeys[0])]
        rows, change, stars_now = [], None, 0
        for pm, i in zip(pmasks, indexes):
            r = recs[i]
            rows.append([r[4], r[5].year, r[6], r[7], plain[i][3], r[3] or "", _compact(pm), _compact(qmasks[i])])
            if plain[i][3] == Status.IN_FORCE:
                last = max(r[10], r[11]) if r[11] else r[10]
                change = min(change or dt.date.max, last + dt.timedelta(days=1))
                stars_now = max(stars_now, r[7])
        last = recs[indexes[-1]]
        single = signature(last[4], last[14], last[5].year, last[6], last[7], plain[indexes[-1]][3]) if len(
            indexes) == 1 else ""
        result[product_id] = {"rows": rows, "next_change": change, "in_force": bool(stars_now), "stars_now": stars_now,
                              "newest": last[5], "name_folded": last[12], "province": last[13], "signature": single,
                              "commune": last[14] or "", "elsewhere": any(recs[i][4] != last[13] for i in indexes)}
    return result


# Counters are tallied packed: the sixteen p (or q) counters of a cell as one integer of sixteen 64-bit lanes, so that
# a recognition adds its mask's lanes in one addition (`_spread`) and a cell is unpacked once, at the end, by struct.
# What is added and what is taken away are kept apart, so that no lane ever goes below zero.
_LANES = struct.Struct("<16Q")


@lru_cache(maxsize=4096)
def _spread(mask: int) -> int:
    return sum(1 << (64 * t) for t in range(16) if mask >> t & 1)


def _heads(variants: tuple[str, ...], keys: dict[int, tuple]) -> dict[int, tuple]:
    """{group id: ((variant index, (variant, group key)), …)} for the variants in which the group has a key."""
    return {group: tuple((v, (name, gk[v])) for v, name in enumerate(variants) if gk[v] is not None)
            for group, gk in keys.items()}


def tally(rows: Iterable[list], variants: tuple[str, ...], keys: dict[int, tuple], tops: dict[int, int],
          into: dict | None = None, sign: int = 1) -> dict[tuple, list[int]]:
    """Add (or with sign -1 take away) products' rows to the cells they count in, packed: per cell
    [n, p added, p taken, q added, q taken] (see `unpack`). A row counts in one cell per variant whose group key
    its rated group has."""
    packed = {} if into is None else into
    heads = _heads(variants, keys)
    p_at, q_at = (1, 3) if sign > 0 else (2, 4)
    for province, year, group, stars, status, legal, pm, qm in rows:
        found = heads.get(group)
        if found is None:
            continue
        suffix = (province, year, tops.get(group, group), stars, status, legal)
        p_one = _spread(pm) if isinstance(pm, int) else None
        q_one = _spread(qm) if isinstance(qm, int) else None
        for v, head in found:
            key = head + suffix
            acc = packed.get(key)
            if acc is None:
                acc = packed[key] = [0, 0, 0, 0, 0]
            acc[0] += sign
            acc[p_at] += _spread(pm[v]) if p_one is None else p_one
            acc[q_at] += _spread(qm[v]) if q_one is None else q_one
    return packed


def _lanes(value: int) -> tuple[int, ...]:
    return _LANES.unpack(value.to_bytes(128, "little"))


def unpack(acc: list[int]) -> list[int]:
    """A cell's counters n, p0..p15, q0..q15 (StatsCell) from its packed tally."""
    n, p_added, p_taken, q_added, q_taken = acc
    p = _lanes(p_added) if not p_taken else [a - b for a, b in zip(_lanes(p_added), _lanes(p_taken))]
    q = _lanes(q_added) if not q_taken else [a - b for a, b in zip(_lanes(q_added), _lanes(q_taken))]
    return [n, *p, *q]


def tally_communes(facts: Iterable[tuple[str, list]], into: dict | None = None, sign: int = 1) -> dict[tuple, list[int]]:
    """Add (or with sign -1 take away) products' rows, given as (commune, rows), to the commune cells they count in
    (`StatsCommuneCell`): per cell [n, p1, p5, p9, p13], from the rows' product masks of the variant "" (no group)."""
    cells = {} if into is None else into
    in_force = Status.IN_FORCE.value
    for commune, rows in facts:
        for province, _year, _group, stars, status, _legal, pm, _qm in rows:
            mask = pm if isinstance(pm, int) else pm[0]
            key = (province, commune, stars, status == in_force)
            acc = cells.get(key)
            if acc is None:
                acc = cells[key] = [0] * len(COMMUNE_COUNTERS)
            acc[0] += sign
            for i, t in enumerate(COMMUNE_T, start=1):
                if mask >> t & 1:
                    acc[i] += sign
    return cells


# -- writing the difference -------------------------------------------------------------------------------


def _state(lock: bool = True) -> StatsState | None:
    qs = StatsState.objects.select_for_update() if lock else StatsState.objects
    return qs.filter(pk=1).first()


def _facts_of(by_producer: dict[int, list], day: dt.date, keys: dict) -> dict[int, dict]:
    """{product id: facts} of producers given with their recognitions (FIELDS)."""
    facts: dict[int, dict] = {}
    for producer_id, recs in by_producer.items():
        for product_id, fact in producer_facts(recs, day, keys).items():
            facts[product_id] = {**fact, "producer_id": producer_id}
    return facts


def _read(queryset) -> Iterable[tuple]:
    """The rows of a values_list of FIELDS, streamed (a server-side cursor on PostgreSQL, as `iterator()` reads),
    without Django's per-row converter layer: both drivers already give the dates as dates (Django registers
    SQLite's date converter on the connection)."""
    sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    streamed = not connection.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS")
    with connection.chunked_cursor() if streamed else connection.cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(5000):
            yield from chunk


def _compute(producer_ids: list[int], day: dt.date, keys: dict) -> dict[int, dict]:
    """The facts of these producers' products as of `day`."""
    facts: dict[int, dict] = {}
    for start in range(0, len(producer_ids), CHUNK):
        chunk = producer_ids[start:start + CHUNK]
        by_producer: dict[int, list] = {}
        for row in _read(Recognition.objects.filter(product__producer_id__among=chunk).order_by().values_list(*FIELDS)):
            by_producer.setdefault(row[2], []).append(row)
        facts.update(_facts_of(by_producer, day, keys))
    return facts


def _compute_all(day: dt.date, keys: dict, batch: int):
    """The facts of every producer's products, in batches of about `batch` producers, from one read of all the
    recognitions in producer order (a query per chunk of producers made PostgreSQL plan and run a join per chunk)."""
    by_producer: dict[int, list] = {}
    for row in _read(Recognition.objects.order_by("product__producer_id").values_list(*FIELDS)):
        if len(by_producer) >= batch and row[2] not in by_producer:  # in producer order: the others are complete
            yield _facts_of(by_producer, day, keys)
            by_producer = {}
        by_producer.setdefault(row[2], []).append(row)
    if by_producer:
        yield _facts_of(by_producer, day, keys)


def _apply(delta: dict[tuple, list[int]], model=StatsCell, key_fields=KEY, counters_=COUNTERS) -> None:
    """Add the difference to the cells (cells left with no recognition are removed), as plain rows in bulk."""
    delta = {key: counters for key, counters in delta.items() if any(counters)}
    if not delta:
        return
    columns, width = ["pk", *key_fields, *counters_], len(key_fields)
    if len(delta) > 200:
        found = model.objects.order_by().values_list(*columns).iterator(chunk_size=5000)
    else:
        found = [row for key in delta for row in model.objects.filter(**dict(zip(key_fields, key))).values_list(*columns)]
    existing = {tuple(row[1:1 + width]): row for row in found if tuple(row[1:1 + width]) in delta}
    create, update, remove = [], [], []
    for key, counters in delta.items():
        row = existing.get(key)
        if row is None:
            create.append({**dict(zip(key_fields, key)), **dict(zip(counters_, counters))})
            continue
        values = [old + d for old, d in zip(row[1 + width:], counters)]
        if values[0] <= 0:  # n: no recognition left in the cell
            remove.append(row[0])
        else:
            update.append((row[0], *values))
    for start in range(0, len(remove), CHUNK):
        model.objects.filter(pk__among=remove[start:start + CHUNK]).delete()
    bulk.update_rows(model, list(counters_), update)
    bulk.insert_objects(model, create, bulk.reserve_ids(model, len(create)))


def _insert_all_cells(total: dict[tuple, list[int]]) -> None:
    """Every cell of a rebuild (given packed, see `tally`), as plain tuples in chunks (the table is empty: ids come
    from the database), in the order of their unique key, so that its index grows at one end."""
    items = iter(sorted(total.items()))
    while chunk := [(*key, *unpack(acc)) for key, acc in itertools.islice(items, 20000)]:
        bulk.insert_rows(StatsCell, [*KEY, *COUNTERS], chunk)


def _insert_facts(facts: dict[int, dict]) -> None:
    """StatsProductFacts rows (keyed by product id) written as plain values."""
    bulk.insert_objects(StatsProductFacts, list(facts.values()), list(facts))


def _replace(producer_ids: Iterable[int], product_ids: Iterable[int], day: dt.date) -> None:
    """Recompute the facts of these producers (and of these products, wherever they were counted before)."""
    variants, keys, tops = group_keys()
    producers = set(producer_ids) | set(
        StatsProductFacts.objects.filter(product_id__among=set(product_ids)).values_list("producer_id", flat=True))
    old = list(StatsProductFacts.objects.filter(producer_id__among=producers))
    producers = sorted(producers)
    new = _compute(producers, day, keys)
    packed: dict = {}
    tally(itertools.chain.from_iterable(fact.rows for fact in old), variants, keys, tops, packed, -1)
    tally(itertools.chain.from_iterable(fact["rows"] for fact in new.values()), variants, keys, tops, packed)
    delta = {key: unpack(acc) for key, acc in packed.items()}
    communes = tally_communes(((fact.commune, fact.rows) for fact in old), sign=-1)
    tally_communes(((fact["commune"], fact["rows"]) for fact in new.values()), communes)
    old_ids = [f.pk for f in old]
    for start in range(0, len(old_ids), CHUNK):
        StatsProductFacts.objects.filter(pk__among=old_ids[start:start + CHUNK]).delete()
    _insert_facts(new)
    _apply(delta)
    _apply(communes, StatsCommuneCell, COMMUNE_KEY, COMMUNE_COUNTERS)


@transaction.atomic
def rebuild(day: dt.date | None = None) -> int:
    """Recount everything (first use, `ocop stats_rebuild`, a large import); returns the number of cells."""
    day = day or timezone.localdate()
    StatsState.objects.update_or_create(pk=1, defaults={"as_of": day})
    _state()
    StatsCell.objects.all().delete()
    StatsProductFacts.objects.all().delete()
    StatsCommuneCell.objects.all().delete()
    variants, keys, tops = group_keys()
    total: dict = {}
    communes: dict = {}
    # the table is empty; it gets a row per product with recognitions (about one per recognition)
    with bulk.indexes_deferred(StatsProductFacts, adding=Recognition.objects.count()):
        for new in _compute_all(day, keys, CHUNK * 10):
            tally(itertools.chain.from_iterable(fact["rows"] for fact in new.values()), variants, keys, tops, total)
            tally_communes(((fact["commune"], fact["rows"]) for fact in new.values()), communes)
            _insert_facts(new)
    _insert_all_cells(total)
    bulk.insert_rows(StatsCommuneCell, [*COMMUNE_KEY, *COMMUNE_COUNTERS],
                     [(*key, *counters) for key, counters in sorted(communes.items())])
    return len(total)


@transaction.atomic
def refresh(product_ids: Iterable[int]) -> None:
    """The write path's hook: these products' recognitions (or register facts) changed."""
    ids = set(product_ids)
    if not ids:
        return
    state = _state()
    if state is None:
        rebuild()
        return
    producers = set(Product.objects.filter(pk__among=ids).values_list("producer_id", flat=True))
    counted = StatsProductFacts.objects.count()
    if len(ids) > 1000 and len(ids) > FULL_REBUILD_SHARE * max(counted, 1):
        rebuild(state.as_of)
        return
    _replace(producers, ids, state.as_of)


def refresh_producers(producer_ids: Iterable[int]) -> None:
    refresh(Product.objects.filter(producer_id__among=set(producer_ids)).values_list("pk", flat=True))


@transaction.atomic
def catch_up(today: dt.date | None = None) -> int:
    """Follow the calendar to `today` (the daily task): recompute only the products whose statuses changed
    since the day the cells were taken on (an expiry). Returns the number of products recomputed."""
    today = today or timezone.localdate()
    state = _state()
    if state is None:
        rebuild(today)
        return 0
    if state.as_of == today:
        return 0
    if today < state.as_of:  # the clock went back: recount
        rebuild(today)
        return 0
    due = list(StatsProductFacts.objects.filter(next_change__lte=today).values_list("product_id", "producer_id"))
    _replace({producer for _p, producer in due}, [product for product, _q in due], today)
    state.as_of = today
    state.save(update_fields=["as_of"])
    return len(due)


def as_of() -> dt.date | None:
    state = _state(lock=False)
    return state.as_of if state else None
