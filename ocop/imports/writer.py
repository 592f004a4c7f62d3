"""Writing checked rows: producers and products matched on natural keys, then the recognitions
through the register's one write path (which derives supersession and announces the change)."""

from ocop.core.text import fold, fold_key, nfc
from ocop.producers.models import Producer, Product
from ocop.recognitions.models import Recognition
from ocop.recognitions.services import recognitions_write

from .report import ImportReport
from .rows import Row


RECOGNITION_FIELDS = ["stars", "score", "criteria_version_id", "group_id", "decision_date", "valid_until",
                      "province_id", "legacy_province_id"]


def rows_write(rows: list[Row], report: ImportReport) -> None:
    producers, new_producers, touched_producers = _producers(rows, report)
    products, new_products = _products(rows, producers, report)
    _recognitions(rows, products, report, {p.pk for p in new_products}, {p.pk for p in new_producers} | set(touched_producers))


def _producers(rows: list[Row], report: ImportReport):
    """Producers matched on their tax code, else their name in the province; blanks filled, nothing overwritten."""
    by_tax = {p.tax_code: p for p in Producer.objects.exclude(tax_code="")}
    by_name = {}
    for p in Producer.objects.all().only("id", "province_id", "name_folded", "tax_code", "legal_form", "commune_id"):
        by_name.setdefault((p.province_id, p.name_folded), p)
    producers: dict[tuple, Producer] = {}
    new_producers, touched_producers = [], {}
    for row in rows:
        if row.producer_key in producers:
            continue
        existing = by_tax.get(row.tax_code) if row.tax_code else None
        existing = existing or by_name.get((row.province.code, fold(row.producer)))
        if existing is None:
            existing = Producer(
                name=nfc(row.producer), name_folded=fold(row.producer), legal_form=row.legal_form,
                tax_code=row.tax_code, province=row.province, commune_id=row.commune_code,
                address="" if row.commune_code else row.commune_text,
            )
            new_producers.append(existing)
        else:
            changed = False
            for attr, value in (("legal_form", row.legal_form), ("tax_code", row.tax_code), ("commune_id", row.commune_code)):
                if value and not getattr(existing, attr):
                    setattr(existing, attr, value)
                    changed = True
            if changed:
                touched_producers[existing.pk] = existing
        producers[row.producer_key] = existing
    Producer.objects.bulk_create(new_producers, batch_size=1000)
    if touched_producers:
        Producer.objects.bulk_update(list(touched_producers.values()), ["legal_form", "tax_code", "commune"], batch_size=1000)
    report.created["producers"] = len(new_producers)
    report.updated["producers"] = len(touched_producers)
    return producers, new_producers, touched_producers


def _products(rows: list[Row], producers: dict, report: ImportReport):
    """Products matched on their name within the producer; a new one takes the group of its latest row."""
    producer_ids = {p.pk for p in producers.values()}
    existing_products = {
        (p.producer_id, p.name_folded): p for p in Product.objects.filter(producer_id__in=producer_ids)
    }
    products: dict[tuple, Product] = {}
    new_products = []
    latest_row: dict[tuple, Row] = {}
    for row in rows:
        held = latest_row.get(row.product_key)
        if held is None or row.decision_date > held.decision_date:
            latest_row[row.product_key] = row
    for key, row in latest_row.items():
        producer = producers[row.producer_key]
        product = existing_products.get((producer.pk, fold(row.product)))
        if product is None:
            product = Product(producer=producer, name=nfc(row.product), name_folded=fold(row.product), group=row.group)
            new_products.append(product)
        products[key] = product
    Product.objects.bulk_create(new_products, batch_size=1000)
    report.created["products"] = len(new_products)
    return products, new_products


def _recognitions(rows: list[Row], products: dict, report: ImportReport, new_product_ids: set, touched_producer_ids: set):
    """Recognitions matched on their decision number within the product, written through the register's path."""
    product_ids = [p.pk for p in products.values()]
    existing_recs = {}
    for chunk_start in range(0, len(product_ids), 5000):
        for r in Recognition.objects.filter(product_id__in=product_ids[chunk_start:chunk_start + 5000]):
            existing_recs[(r.product_id, fold_key(r.decision_number))] = r
    new_recs, changed_recs = [], []
    for row in rows:
        product = products[row.product_key]
        values = {
            "stars": row.stars, "score": row.score, "criteria_version_id": row.version.pk, "group_id": row.group.pk,
            "decision_date": row.decision_date, "valid_until": row.valid_until, "province_id": row.province.code,
            "legacy_province_id": row.legacy_province.code if row.legacy_province else None,
        }
        existing = existing_recs.get((product.pk, fold_key(row.decision_number)))
        if existing is None:
            new_recs.append(Recognition(product=product, decision_number=row.decision_number, **values))
        elif any(getattr(existing, f) != v for f, v in values.items()):
            for f, v in values.items():
                setattr(existing, f, v)
            changed_recs.append(existing)
        else:
            report.unchanged += 1
    report.created["recognitions"] = len(new_recs)
    report.updated["recognitions"] = len(changed_recs)
    renamed = set(Product.objects.filter(producer_id__in=touched_producer_ids).values_list("pk", flat=True))
    regrouped = recognitions_write(new=new_recs, changed=changed_recs, changed_fields=RECOGNITION_FIELDS,
                                   also_touched=renamed)
    report.updated["products"] = len(regrouped - new_product_ids)
