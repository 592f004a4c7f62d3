"""Catalogue search: diacritics and case ignored ("song doc" finds "Sông Đốc"), every word must
match (as a prefix, so "nuoc ma" finds "nước mắm"), products whose name holds all the words
first, then by full-text rank. SQLite FTS5 or PostgreSQL full-text search, on folded text.
"""

from django.db import connection

from ocop.core.text import fold, words
from ocop.producers.models import Product
from ocop.recognitions.models import Recognition

from .models import SearchDoc

MAX_WORDS = 8
MAX_QUERY = 200


def terms(query: str) -> list[str]:
    return words(query, max_chars=MAX_QUERY, max_words=MAX_WORDS)


def _document(name, producer, province, province_short, commune, group, description, legacy) -> tuple[str, str]:
    parts = [producer, province or "", province_short or "", commune or "", group or "", description or "", *sorted(legacy)]
    return fold(name), fold(" ".join(parts))[:20000]


def refresh(product_ids=None) -> int:
    """(Re)build the search documents of these products (all when None), reading plain values
    in two queries per chunk (no model instances), so an import of 20,000 rows stays quick."""
    if product_ids is None:
        ids = list(Product.objects.values_list("pk", flat=True))
    else:
        ids = list(product_ids)
    total = 0
    for start in range(0, len(ids), 5000):
        chunk = ids[start:start + 5000]
        legacy: dict[int, set] = {}
        for product_id, short in Recognition.objects.filter(product_id__in=chunk, legacy_province__isnull=False).values_list(
                "product_id", "legacy_province__short_name"):
            legacy.setdefault(product_id, set()).add(short)
        rows = Product.objects.filter(pk__in=chunk).values_list(
            "pk", "name", "producer__name", "producer__province__name", "producer__province__short_name",
            "producer__commune__name", "group__name", "description")
        docs = []
        for pk, *values in rows:
            name, body = _document(*values, legacy.get(pk, ()))
            docs.append(SearchDoc(product_id=pk, name=name, body=body))
        SearchDoc.objects.filter(product_id__in=chunk).delete()
        SearchDoc.objects.bulk_create(docs, batch_size=2000)
        total += len(docs)
    return total


def ranked_ids(query: str) -> list[tuple[int, float]] | None:
    """(product id, score) best first; None when the query has no usable word."""
    words = terms(query)
    if not words:
        return None
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            match = " ".join(f'"{w}"*' for w in words)
            cursor.execute(
                "SELECT rowid, bm25(catalogue_fts, 10.0, 1.0) FROM catalogue_fts WHERE catalogue_fts MATCH %s", [match]
            )
            rows = [(pk, -score) for pk, score in cursor.fetchall()]  # bm25: lower is better
            name_matches = _name_matches(cursor, words, [pk for pk, _ in rows], "rowid", "name")
        else:
            tsquery = " & ".join(f"{w}:*" for w in words)
            cursor.execute(
                "SELECT product_id, ts_rank(document, to_tsquery('simple', %s)) FROM catalogue_searchdoc "
                "WHERE document @@ to_tsquery('simple', %s)", [tsquery, tsquery]
            )
            rows = cursor.fetchall()
            name_matches = _name_matches(cursor, words, [pk for pk, _ in rows], "product_id", "name")
    rows.sort(key=lambda row: (row[0] not in name_matches, -row[1], row[0]))
    return rows


def _name_matches(cursor, words, ids, id_column, name_column) -> set[int]:
    """Which of the matches have every word (as a word prefix) in the product name."""
    if not ids:
        return set()
    if connection.vendor == "sqlite":
        match = "name : (" + " ".join(f'"{w}"*' for w in words) + ")"
        cursor.execute("SELECT rowid FROM catalogue_fts WHERE catalogue_fts MATCH %s", [match])
    else:
        tsquery = " & ".join(f"{w}:*A" for w in words)
        cursor.execute("SELECT product_id FROM catalogue_searchdoc WHERE document @@ to_tsquery('simple', %s)", [tsquery])
    return {row[0] for row in cursor.fetchall()}


def matching_ids_sql(query: str) -> tuple[str, list]:
    """A subquery of the ids of matching products, to let the database intersect it with filters."""
    words = terms(query)
    if connection.vendor == "sqlite":
        return "SELECT rowid FROM catalogue_fts WHERE catalogue_fts MATCH %s", [" ".join(f'"{w}"*' for w in words)]
    return ("SELECT product_id FROM catalogue_searchdoc WHERE document @@ to_tsquery('simple', %s)",
            [" & ".join(f"{w}:*" for w in words)])
