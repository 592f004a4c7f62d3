"""Bulk writes (ocop/core/bulk.py): reserved ids are never handed out again, defaults and timestamps filled,
and nothing is written outside a transaction."""

import pytest
from django.db import transaction

from ocop.core import bulk
from ocop.producers.models import Producer

pytestmark = pytest.mark.django_db


def test_reserved_ids_are_not_handed_out_again_and_defaults_are_filled():
    with transaction.atomic():
        ids = bulk.reserve_ids(Producer, 3)
        bulk.insert_objects(Producer, [{"name": f"HTX {i}", "name_folded": f"htx {i}", "province_id": "96"}
                                       for i in range(3)], ids)
        later = Producer.objects.create(name="HTX sau", province_id="96")
        assert later.pk > max(ids) and bulk.reserve_ids(Producer, 1)[0] > later.pk
    made = Producer.objects.get(pk=ids[1])
    assert (made.name, made.tax_code, made.woman_led, made.commune_id) == ("HTX 1", "", False, None)
    assert made.created_at is not None and made.updated_at is not None


def test_update_rows_sets_only_the_given_fields():
    producer = Producer.objects.create(name="HTX Tân Phú", province_id="96", phone="0901234567")
    with transaction.atomic():
        bulk.update_rows(Producer, ["tax_code", "commune_id"], [(producer.pk, "0312345678", None)])
    producer.refresh_from_db()
    assert (producer.tax_code, producer.phone) == ("0312345678", "0901234567")


def test_bulk_writes_refuse_to_run_outside_a_transaction(monkeypatch):
    from types import SimpleNamespace

    monkeypatch.setattr(bulk, "connection", SimpleNamespace(in_atomic_block=False, vendor="sqlite"))
    with pytest.raises(RuntimeError):
        bulk.reserve_ids(Producer, 1)



@pytest.mark.parametrize("per_statement", [1, 3, 100])
def test_rows_per_statement_writes_the_same_rows(per_statement):
    from ocop.catalogue.models import SearchTerm

    rows = [(f"tu{i}", f"từ{i}", i) for i in range(7)]
    with transaction.atomic():
        bulk.insert_rows(SearchTerm, ["word", "form", "weight"], rows, rows_per_statement=per_statement)
        bulk.insert_rows(SearchTerm, ["word", "form", "weight"], [("tu3", "trùng", 99), ("tu7", "từ7", 7)],
                         ignore_conflicts=True, rows_per_statement=per_statement)  # "tu3" is taken: left as it was
    assert sorted(SearchTerm.objects.values_list("word", "form", "weight")) == sorted([*rows, ("tu7", "từ7", 7)])
