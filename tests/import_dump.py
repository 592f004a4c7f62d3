"""A canonical dump of what an import writes: every producer, product, recognition, certificate, certificate event,
search document and vocabulary word, with database ids replaced by natural keys and without what is random or
the clock's (certificate numbers, timestamps). Two imports that wrote the same register give equal dumps.

Also the sample files the comparison in `test_import_speed.py` uses, stored with the expected dumps in
`tests/data/import_golden.json.gz` (written by the import as it was before the bulk write path).
"""

import datetime as dt
import gzip
import json
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.db import connection

from ocop.catalogue.models import SearchDoc, SearchTerm
from ocop.certificates.ids import normalize
from ocop.certificates.models import Certificate, Event
from ocop.producers.models import Producer, Product
from ocop.recognitions.models import Recognition

GOLDEN = Path(__file__).parent / "data" / "import_golden.json.gz"
FTS_PROBES = ["mat", "nuoc", "tra", "htx", "ha noi", "sai gon", "dac san", "hop tac xa", "ca mau", "bac lieu"]


def _plain(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _fields(obj, skip=()) -> dict:
    skip = {"id", "created_at", "updated_at", *skip}
    return {f.attname: _plain(getattr(obj, f.attname)) for f in obj._meta.concrete_fields if f.name not in skip}


def _producers() -> tuple[dict, list]:
    keys, rows = {}, []
    for p in Producer.objects.order_by("pk"):
        keys[p.pk] = [p.province_id, p.name_folded, p.tax_code]
        rows.append(_fields(p))
    return keys, sorted(rows, key=json.dumps)


def _products(producer_keys: dict) -> tuple[dict, list]:
    keys, rows = {}, []
    for p in Product.objects.select_related("group").order_by("pk"):
        keys[p.pk] = [producer_keys[p.producer_id], p.name_folded]
        rows.append(_fields(p, skip={"producer", "group"}) | {"producer": producer_keys[p.producer_id],
                                                                 "group": p.group.code})
    return keys, sorted(rows, key=json.dumps)


def _recognitions(product_keys: dict) -> tuple[dict, list]:
    recs = list(Recognition.objects.select_related("group", "criteria_version").order_by("pk"))
    keys = {r.pk: [product_keys[r.product_id], r.decision_number] for r in recs}
    rows = [
        _fields(r, skip={"product", "group", "criteria_version", "superseded_by"})
        | {"product": keys[r.pk][0], "group": r.group.code, "criteria_version": r.criteria_version.code,
           "superseded_by": keys.get(r.superseded_by_id)}
        for r in recs
    ]
    return keys, sorted(rows, key=json.dumps)


def _certificates(rec_keys: dict) -> tuple[list, list]:
    certificates, numbers, cert_keys = [], set(), {}
    for c in Certificate.objects.order_by("pk"):
        assert normalize(c.public_id) == c.public_id  # a well-formed number with its check symbol
        numbers.add(c.public_id)
        cert_keys[c.pk] = rec_keys[c.recognition_id]
        certificates.append(_fields(c, skip={"recognition", "public_id", "issued_at"}) | {"recognition": cert_keys[c.pk]})
    assert len(numbers) == len(certificates)
    events = [_fields(e, skip={"certificate"}) | {"certificate": cert_keys[e.certificate_id]}
              for e in Event.objects.order_by("pk")]
    return sorted(certificates, key=json.dumps), sorted(events, key=json.dumps)


def _fts(product_keys: dict) -> dict:
    """Which products the database's full-text index finds for a few words (the index kept in step)."""
    found = {}
    with connection.cursor() as cursor:
        for probe in FTS_PROBES:
            if connection.vendor == "sqlite":
                cursor.execute("SELECT rowid FROM catalogue_fts WHERE catalogue_fts MATCH %s", [f'"{probe}"'])
            else:
                cursor.execute("SELECT product_id FROM catalogue_searchdoc WHERE document @@ phraseto_tsquery('simple', %s)",
                               [probe])
            found[probe] = sorted((product_keys[pk] for (pk,) in cursor.fetchall()), key=json.dumps)
    return found


def canonical_dump() -> dict:
    producer_keys, producers = _producers()
    product_keys, products = _products(producer_keys)
    rec_keys, recognitions = _recognitions(product_keys)
    certificates, events = _certificates(rec_keys)
    docs = sorted((_fields(d, skip={"product"}) | {"product": product_keys[d.product_id]}
                   for d in SearchDoc.objects.all()), key=json.dumps)
    terms = sorted([t.word, t.form, t.weight] for t in SearchTerm.objects.all())
    history = {m._meta.label: m.objects.count() for m in apps.get_models() if m.__name__.startswith("Historical")}
    return {"producers": producers, "products": products, "recognitions": recognitions, "certificates": certificates,
            "events": events, "search_docs": docs, "search_terms": terms, "fts": _fts(product_keys),
            "history": {label: count for label, count in history.items() if count}}


def report_dump(report) -> dict:
    data = report.as_dict()
    for key in ("errors", "warnings"):
        data[key] = [list(p.values()) for p in data[key]]
    return data


def rows_to_json(rows: list[list]) -> list[list]:
    return [[{"date": c.isoformat()} if isinstance(c, dt.date) else c for c in row] for row in rows]


def rows_from_json(rows: list[list]) -> list[list]:
    return [[dt.date.fromisoformat(c["date"]) if isinstance(c, dict) else c for c in row] for row in rows]


def load_golden() -> dict:
    with gzip.open(GOLDEN, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def save_golden(data: dict) -> None:
    GOLDEN.parent.mkdir(exist_ok=True)
    with gzip.open(GOLDEN, "wt", encoding="utf-8", compresslevel=9) as handle:
        json.dump(data, handle, ensure_ascii=False, sort_keys=True)
