"""Writing checked rows: producers and products matched on natural keys, then the recognitions
through the register's one write path (which derives supersession and announces the change).

Everything is read and written as plain values in bulk (`ocop.core.bulk`: ids reserved first, then one COPY or
executemany per table), never one model instance per row: a national register has hundreds of thousands."""

from ocop.core import bulk
from ocop.core.text import fold_key, nfc
from ocop.producers.models import Producer, Product
from ocop.recognitions.models import Recognition
from ocop.recognitions.services import recognitions_write

from .report import ImportReport
from .rows import Row

RECOGNITION_FIELDS = ["stars", "score", "criteria_version_id", "group_id", "decision_date", "valid_until",
                      "province_id", "legacy_province_id"]
CHUNK = 5000  # ids per IN (...) look-up


def written_models() -> list:
    """The tables a large import fills, directly and through what follows the write path (for the planner's
    statistics after it)."""
    from django.apps import apps

    return [Producer, Product, Recognition, *(apps.get_model(label) for label in (
        "certificates.Certificate", "certificates.Answer", "catalogue.SearchDoc", "stats.StatsCell",
        "stats.StatsProductFacts"))]


def _chunks(ids: list):
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def rows_write(rows: list[Row], report: ImportReport) -> None:
    producers, new_producers, touched_producers = _producers(rows, report)
    products, new_products = _products(rows, producers, report)
    _recognitions(rows, products, report, new_products, new_producers | touched_producers)


def _existing_producers():
    """{tax code: record} and {(province, folded name): record} of the producers on the register; a record is
    [id, legal_form, tax_code, commune_id], filled in place by the import (blanks only)."""
    by_tax, by_name = {}, {}
    for pk, province, folded, tax_code, legal_form, commune in Producer.objects.order_by("name", "pk").values_list(
        "pk", "province_id", "name_folded", "tax_code", "legal_form", "commune_id"
    ):
        record = [pk, legal_form, tax_code, commune]
        if tax_code:
            by_tax[tax_code] = record
        by_name.setdefault((province, folded), record)
    return by_tax, by_name


def _producers(rows: list[Row], report: ImportReport):
    """Producers matched on their tax code, else their name in the province; blanks filled, nothing overwritten.
    → ({producer key: id}, ids of new producers, ids of producers given a blank)."""
    by_tax, by_name = _existing_producers()
    producers: dict[tuple, int] = {}
    new_producers, touched = [], {}
    for row in rows:
        if row.producer_key in producers:
            continue
        existing = by_tax.get(row.tax_code) if row.tax_code else None
        existing = existing or by_name.get((row.province.code, row.producer_folded))
        if existing is None:
            new_producers.append({
                "name": nfc(row.producer), "name_folded": row.producer_folded, "legal_form": row.legal_form,
                "tax_code": row.tax_code, "province_id": row.province.code, "commune_id": row.commune_code,
                "address": "" if row.commune_code else row.commune_text,
            })
            producers[row.producer_key] = None  # its id once reserved
            new_producers[-1]["key"] = row.producer_key
            continue
        changed = False
        for index, value in ((1, row.legal_form), (2, row.tax_code), (3, row.commune_code)):
            if value and not existing[index]:
                existing[index] = value
                changed = True
        if changed:
            touched[existing[0]] = existing
        producers[row.producer_key] = existing[0]
    ids = bulk.reserve_ids(Producer, len(new_producers))
    for values, pk in zip(new_producers, ids):
        producers[values.pop("key")] = pk
    with bulk.indexes_deferred(Producer, adding=len(new_producers)):
        bulk.insert_objects(Producer, new_producers, ids)
    bulk.update_rows(Producer, ["legal_form", "tax_code", "commune_id"], [tuple(r) for r in touched.values()])
    report.created["producers"] = len(new_producers)
    report.updated["producers"] = len(touched)
    return producers, set(ids), set(touched)


def _products(rows: list[Row], producers: dict, report: ImportReport):
    """Products matched on their name within the producer; a new one takes the group of its latest row.
    → ({product key: id}, ids of new products)."""
    existing: dict[tuple, int] = {}
    for chunk in _chunks(sorted(set(producers.values()))):
        for pk, producer, folded in Product.objects.filter(producer_id__among=chunk).order_by().values_list(
            "pk", "producer_id", "name_folded"
        ):
            existing[(producer, folded)] = pk
    latest_row: dict[tuple, Row] = {}
    for row in rows:
        held = latest_row.get(row.product_key)
        if held is None or row.decision_date > held.decision_date:
            latest_row[row.product_key] = row
    products: dict[tuple, int] = {}
    new_products, new_keys = [], []
    for key, row in latest_row.items():
        producer = producers[row.producer_key]
        pk = existing.get((producer, row.product_folded))
        if pk is None:
            new_products.append({"producer_id": producer, "name": nfc(row.product), "name_folded": row.product_folded,
                                 "group_id": row.group.pk})
            new_keys.append(key)
        else:
            products[key] = pk
    ids = bulk.reserve_ids(Product, len(new_products))
    products.update(zip(new_keys, ids))
    with bulk.indexes_deferred(Product, adding=len(new_products)):
        bulk.insert_objects(Product, new_products, ids)
    report.created["products"] = len(new_products)
    return products, set(ids)


def _existing_recognitions(product_ids: list[int]) -> dict:
    """{(product id, folded decision number): {"id", "product_id", *RECOGNITION_FIELDS}}."""
    found = {}
    names = ["id", "product_id", *RECOGNITION_FIELDS]
    for chunk in _chunks(product_ids):
        for values in Recognition.objects.filter(product_id__among=chunk).order_by("-decision_date", "-pk").values_list(
            "id", "product_id", *RECOGNITION_FIELDS, "decision_number"
        ):
            found[(values[1], fold_key(values[-1]))] = dict(zip(names, values))
    return found


def _recognitions(rows: list[Row], products: dict, report: ImportReport, new_product_ids: set, touched_producers: set):
    """Recognitions matched on their decision number within the product, written through the register's path."""
    existing_recs = _existing_recognitions(sorted(set(products.values())))
    new_recs, changed_recs = [], []
    for row in rows:
        product = products[row.product_key]
        values = {
            "stars": row.stars, "score": row.score, "criteria_version_id": row.version.pk, "group_id": row.group.pk,
            "decision_date": row.decision_date, "valid_until": row.valid_until, "province_id": row.province.code,
            "legacy_province_id": row.legacy_province.code if row.legacy_province else None,
        }
        existing = existing_recs.get((product, fold_key(row.decision_number)))
        if existing is None:
            new_recs.append({"product_id": product, "decision_number": row.decision_number, **values})
        elif any(existing[f] != v for f, v in values.items()):
            existing.update(values)
            changed_recs.append(existing)
        else:
            report.unchanged += 1
    report.created["recognitions"] = len(new_recs)
    report.updated["recognitions"] = len(changed_recs)
    renamed = set()
    for chunk in _chunks(sorted(touched_producers)):
        renamed.update(Product.objects.filter(producer_id__among=chunk).values_list("pk", flat=True))
    regrouped = recognitions_write(new=new_recs, changed=changed_recs, changed_fields=RECOGNITION_FIELDS,
                                   also_touched=renamed)
    report.updated["products"] = len(regrouped - new_product_ids)
