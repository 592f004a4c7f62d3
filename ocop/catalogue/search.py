"""Catalogue search in the database: the search documents and their upkeep, the full-text match of a query
(SQLite FTS5 or PostgreSQL full-text search, on folded text: diacritics, case and "đ" ignored), and the
nearest catalogue words for a word that matches nothing (PostgreSQL: pg_trgm similarity over the vocabulary;
SQLite: rapidfuzz over the vocabulary held in memory). How well each match fits the words, and so the order,
is decided in `query.py`.
"""

from collections import Counter, defaultdict
from functools import lru_cache

from django.core.cache import cache
from django.db import connection, transaction
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from ocop.core import bulk
from ocop.core.text import fold
from ocop.producers.models import Product
from ocop.recognitions.models import Recognition
from ocop.stats.models import StatsProductFacts

from .models import SearchDoc, SearchTerm
from .query import MAX_QUERY, MAX_WORDS, Alternative, Query, parse, tokens

__all__ = ["MAX_QUERY", "MAX_WORDS", "refresh", "match_sql", "engine_matches", "corrections", "terms", "ranked_ids"]

DESCRIPTION_KEPT = 600  # characters of the description kept for ranking (all of it is searched)
VOCABULARY_KEY = "catalogue:vocabulary"


def terms(query: str) -> list[str]:
    """The folded words of a query, as searched."""
    return parse(query).words


def _joined(*folded: str) -> str:
    return " ".join(part for part in folded if part)


@lru_cache(maxsize=32768)
def _folded_part(text: str) -> str:
    """fold() of a part many documents share (a province, a commune, a group): worked out once."""
    return fold(text)


@lru_cache(maxsize=32768)
def _part_tokens(text: str) -> tuple:
    return tuple(tokens(text))


def _texts(name, producer, province, province_short, commune, group, description, legacy):
    """(folded name, folded body, name, place, other) of a product's document. The body is fold() of its parts
    joined by spaces, worked out part by part: folding keeps letters and digits and makes every other run one
    space, so folding the whole equals joining the folded parts (tests/catalogue/test_search.py)."""
    legacy = sorted(legacy)
    place = " ".join([province or "", province_short or "", *legacy, commune or ""])
    other = " ".join([producer or "", group or "", (description or "")[:DESCRIPTION_KEPT]])
    shared = _folded_part(" ".join([province or "", province_short or "", commune or "", group or ""]))
    body = _joined(fold(producer or ""), shared, fold(description or ""), *map(_folded_part, legacy))[:20000]
    return fold(name), body, name, place, other


def _words(name: str, place: str, producer: str, group: str):
    """(as written, folded) of the words of a document that join the vocabulary: tokens() of the four texts
    joined by spaces, the place's and the group's from what other documents already worked out."""
    return [*tokens(name), *_part_tokens(place), *tokens(producer), *_part_tokens(group)]


def _written_form(counts: Counter) -> str:
    """The form a vocabulary word is written in (what "did you mean" shows): the most used; of forms used as often,
    the one with the most letters outside ASCII (the marks typed, "tráng" rather than "trang"), then the first in
    code-point order. Not the first met: that depended on the order the documents were built in."""
    return min(counts.items(), key=lambda item: (-item[1], -sum(not ch.isascii() for ch in item[0]), item[0]))[0]


DOC_FIELDS = ["product_id", "name", "body", "name_text", "place_text", "other_text"]


def refresh(product_ids=None) -> int:
    """(Re)build the search documents of these products (all when None), reading plain values in two queries per
    chunk (no model instances), so an import of 20,000 rows stays quick. Words of names, places, producers and
    groups join the vocabulary used to correct typing mistakes (all of it is rebuilt when every document is)."""
    everything = product_ids is None
    ids = list(Product.objects.order_by("pk").values_list("pk", flat=True)) if everything else sorted(product_ids)
    used: Counter = Counter()  # (folded word, written form) → documents
    total = 0
    for start in range(0, len(ids), 5000):
        chunk = ids[start:start + 5000]
        legacy: dict[int, set] = {}
        for product_id, short in Recognition.objects.filter(product_id__among=chunk, legacy_province__isnull=False).values_list(
                "product_id", "legacy_province__short_name"):
            legacy.setdefault(product_id, set()).add(short)
        rows = Product.objects.filter(pk__among=chunk).order_by("pk").values_list(  # in the index's order
            "pk", "name", "producer__name", "producer__province__name", "producer__province__short_name",
            "producer__commune__name", "group__name", "description")
        docs = []
        for pk, *values in rows:
            docs.append((pk, *_texts(*values, legacy.get(pk, ()))))
            words = _words(docs[-1][3], docs[-1][4], values[1] or "", values[5] or "")
            # each folded word once per document, in the form it is first written in
            used.update({folded: word for word, folded in reversed(words) if len(folded) <= 40}.items())
        SearchDoc.objects.filter(product_id__among=chunk).delete()
        with transaction.atomic():
            bulk.insert_rows(SearchDoc, DOC_FIELDS, docs, rows_per_statement=100)  # SQLite: the FTS5 trigger
        total += len(docs)
    forms: dict[str, Counter] = defaultdict(Counter)
    for (folded, word), count in used.items():
        forms[folded][word] = count
    terms_ = [(folded, _written_form(counts)[:40], sum(counts.values())) for folded, counts in forms.items()]
    with transaction.atomic():
        if everything:
            SearchTerm.objects.all().delete()
        bulk.insert_rows(SearchTerm, ["word", "form", "weight"], terms_, ignore_conflicts=not everything)
    if terms_ or everything:
        _vocabulary_changed()
    return total


# -- the full-text match ------------------------------------------------------------------------------------


def _fts5(alt: Alternative, whole: bool = False) -> str:
    words = " ".join(t.folded for t in alt.terms)
    return f'"{words}"*' if len(alt.terms) == 1 and alt.terms[0].prefix and not whole else f'"{words}"'


def _tsquery(alt: Alternative, whole: bool = False, weight: str = "") -> str:
    if len(alt.terms) == 1:
        term = alt.terms[0]
        return f"{term.folded}:*{weight}" if term.prefix and not whole else (
            f"{term.folded}:{weight}" if weight else term.folded)
    return "(" + " <-> ".join(f"{t.folded}:{weight}" if weight else t.folded for t in alt.terms) + ")"


def _expression(query: Query, whole: bool = False, name: bool = False) -> str:
    """The engine's query: every unit (any of its alternatives); `whole`: whole words only, no prefixes; `name`:
    in the product's name only."""
    if connection.vendor == "sqlite":
        units = ["(" + " OR ".join(_fts5(a, whole) for a in u.alternatives) + ")" for u in query.units]
        return " AND ".join(f"name : {unit}" if name else unit for unit in units)
    weight = "A" if name else ""
    return " & ".join("(" + " | ".join(_tsquery(a, whole, weight) for a in u.alternatives) + ")" for u in query.units)


def match_sql(query: Query) -> tuple[str, list]:
    """A subquery of the ids of the products matching every unit of the query (any of its alternatives), to let
    the database intersect it with the register's filters. The words are folded letters and digits only, so
    nothing typed reaches the engine as syntax."""
    if connection.vendor == "sqlite":
        return "SELECT rowid FROM catalogue_fts WHERE catalogue_fts MATCH %s", [_expression(query)]
    return "SELECT product_id FROM catalogue_searchdoc WHERE document @@ to_tsquery('simple', %s)", [_expression(query)]


FACTS = StatsProductFacts._meta.db_table  # one row per recognised product, kept by the recognition write path
# What goes before the relevance for the orders asked for: the stars in force, most first; the latest decision,
# newest first (products without one last).
ENGINE_SORTS = {
    "sqlite": {"relevance": "", "stars": "-f.stars_now, ", "newest": "COALESCE(-julianday(f.newest), 0), "},
    "postgresql": {"relevance": "", "stars": "-f.stars_now, ", "newest": "COALESCE(DATE '0001-01-01' - f.newest, 0), "},
}


def engine_matches(query: Query, sort: str) -> list[tuple]:
    """The recognised products matching the query, unordered, each as a tuple that sorts in the engine's order
    and ends with (id, product facts' signature): the order asked for ("stars", "newest"), then the products
    meeting every word as a whole word, those meeting them in the name, in force, the engine's relevance (name
    weighted ten times the rest; lower sorts first), the id: the order of `query.rank_key`'s first criteria.
    One read of the matches with their facts whatever their number; the catalogue applies the register's filters
    and counts the matches per filter value from the signatures, and sorts only what a page needs
    (selectors.search: `query.rank_key` refines the head of it)."""
    prefix = ENGINE_SORTS[connection.vendor][sort]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # the matches first, materialised: given a rowid constraint, FTS5 would run the match once per row;
            # whether each meets the words whole and in its name from two more matches, as sets (probing them
            # from SQL row by row costs more than the whole read)
            # (in_force + 0: read as a number, without the per-row conversion to a boolean)
            cursor.execute(
                "WITH m AS MATERIALIZED (SELECT rowid AS id, bm25(catalogue_fts, 10.0, 1.0) AS score FROM catalogue_fts "
                f"WHERE catalogue_fts MATCH %s) SELECT {prefix}f.in_force + 0, m.score, m.id, f.signature FROM m "
                f"JOIN {FACTS} f ON f.product_id = m.id", [_expression(query)])
            rows = cursor.fetchall()
            sets = []
            for expression in (_expression(query, whole=True), _expression(query, name=True)):
                cursor.execute("SELECT rowid FROM catalogue_fts WHERE catalogue_fts MATCH %s", [expression])
                sets.append({row[0] for row in cursor.fetchall()})
            whole, named = sets
            if prefix:
                return [(first, -((pk in whole) * 4 + (pk in named) * 2 + live), score, pk, signature)
                        for first, live, score, pk, signature in rows]
            return [(-((pk in whole) * 4 + (pk in named) * 2 + live), score, pk, signature)
                    for live, score, pk, signature in rows]
        cursor.execute(
            f"SELECT {prefix}-((d.document @@ to_tsquery('simple', %s))::int * 4 + (d.document @@ to_tsquery('simple', %s))"
            "::int * 2 + f.in_force::int), -ts_rank(d.document, to_tsquery('simple', %s)), d.product_id, f.signature "
            f"FROM catalogue_searchdoc d JOIN {FACTS} f ON f.product_id = d.product_id "
            "WHERE d.document @@ to_tsquery('simple', %s)",
            [_expression(query, whole=True), _expression(query, name=True), _expression(query), _expression(query)])
        return cursor.fetchall()


def _matches_anything(alt: Alternative) -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT 1 FROM catalogue_fts WHERE catalogue_fts MATCH %s LIMIT 1", [_fts5(alt)])
        else:
            cursor.execute("SELECT 1 FROM catalogue_searchdoc WHERE document @@ to_tsquery('simple', %s) LIMIT 1",
                           [_tsquery(alt)])
        return cursor.fetchone() is not None


# -- typing mistakes -----------------------------------------------------------------------------------------

MIN_CORRECTED = 4  # shorter words are too ambiguous to correct


def max_distance(word: str) -> int:
    return 1 if len(word) < 7 else 2


def _vocabulary_changed() -> None:
    try:
        cache.incr(VOCABULARY_KEY)
    except ValueError:
        cache.set(VOCABULARY_KEY, 1, None)


_memory: dict = {}


def _vocabulary() -> tuple[list[str], dict[str, tuple[str, int]]]:
    """Every word of the vocabulary with its written form and weight, held in this process until it changes."""
    generation = cache.get(VOCABULARY_KEY)
    key = (connection.alias, connection.settings_dict.get("NAME"))
    held = _memory.get(key)
    if held is None or held[0] != generation or generation is None:
        rows = SearchTerm.objects.values_list("word", "form", "weight")
        info = {word: (form, weight) for word, form, weight in rows}
        held = (generation, list(info), info)
        _memory[key] = held
    return held[1], held[2]


def _near_words(word: str) -> list[tuple[str, str, int, int]]:
    """(folded, written form, distance, weight) of the catalogue words near `word`."""
    limit = max_distance(word)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT word, form, weight FROM catalogue_searchterm WHERE word %% %s "
                           "ORDER BY similarity(word, %s) DESC LIMIT 30", [word, word])
            rows = cursor.fetchall()
        found = [(w, form, Levenshtein.distance(word, w), weight) for w, form, weight in rows]
        return [row for row in found if row[2] <= limit]
    words, info = _vocabulary()
    return [(w, info[w][0], distance, info[w][1])
            for w, distance, _i in process.extract(word, words, scorer=Levenshtein.distance, score_cutoff=limit, limit=30)]


def corrections(query: Query) -> dict[str, list[tuple[str, str]]]:
    """For each word of the query that matches nothing, the nearest catalogue words (at most three, closest and
    most used first): folded word → [(written form, folded)]."""
    found = {}
    for unit in query.units:
        own = unit.own
        if len(unit.alternatives) > 1 or len(own.terms) != 1 or len(own.terms[0].folded) < MIN_CORRECTED:
            continue
        if _matches_anything(own):
            continue
        near = sorted(_near_words(own.terms[0].folded), key=lambda row: (row[2], -row[3], row[0]))
        if near:
            found[own.terms[0].folded] = [(form, folded) for folded, form, _d, _w in near[:3]]
    return found


def ranked_ids(query: str) -> list[tuple[int, float]] | None:
    """(product id, score) of every product matching the words, best first, without filters or the register's
    data (the bare full-text query the benchmark compares with); None when the query has no usable word."""
    parsed = parse(query)
    if not parsed:
        return None
    sql, params = match_sql(parsed)
    if connection.vendor == "sqlite":
        sql = sql.replace("SELECT rowid FROM catalogue_fts", "SELECT rowid, -bm25(catalogue_fts, 10.0, 1.0) FROM catalogue_fts")
    else:
        sql = sql.replace("SELECT product_id FROM", "SELECT product_id, ts_rank(document, to_tsquery('simple', %s)) FROM")
        params = params * 2
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    rows.sort(key=lambda row: (-row[1], row[0]))
    return rows
