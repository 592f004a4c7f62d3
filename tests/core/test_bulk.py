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


def _index_sql(table):
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s ORDER BY name",
                           [table])
        else:
            cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s ORDER BY indexname", [table])
        return cursor.fetchall()


def _producers(n, start=0):
    return [{"name": f"HTX {i}", "name_folded": f"htx {i}", "province_id": "96"} for i in range(start, start + n)]


def test_a_large_write_builds_the_indexes_after_it_and_they_come_back_the_same(monkeypatch):
    from django.db import connection

    monkeypatch.setattr(bulk, "ANALYZE_AFTER", 3)
    table = Producer._meta.db_table
    before = _index_sql(table)
    assert any(sql and sql.startswith("CREATE INDEX") for _name, sql in before)
    with transaction.atomic():
        with bulk.indexes_deferred(Producer, adding=4):
            during = _index_sql(table)
            bulk.insert_objects(Producer, _producers(4), bulk.reserve_ids(Producer, 4))
        after = _index_sql(table)
    assert after == before == _index_sql(table)
    if connection.vendor == "sqlite":  # only the indexes SQLite makes itself (unique columns) stay during the write
        assert during == [(name, sql) for name, sql in before if sql is None or "UNIQUE" in sql]
    else:  # PostgreSQL: dropping would lock out the table's readers until the commit
        assert during == before
    assert Producer.objects.filter(name_folded="htx 2").count() == 1


def test_a_small_write_or_one_into_a_large_table_keeps_the_indexes(monkeypatch):
    monkeypatch.setattr(bulk, "ANALYZE_AFTER", 3)
    table = Producer._meta.db_table
    before = _index_sql(table)
    with transaction.atomic():
        bulk.insert_objects(Producer, _producers(10), bulk.reserve_ids(Producer, 10))
        with bulk.indexes_deferred(Producer, adding=2):  # fewer than ANALYZE_AFTER
            assert _index_sql(table) == before
        with bulk.indexes_deferred(Producer, adding=4):  # under half of the 10 rows there
            assert _index_sql(table) == before


def test_a_failed_write_leaves_the_indexes_as_they_were(monkeypatch):
    monkeypatch.setattr(bulk, "ANALYZE_AFTER", 3)
    table = Producer._meta.db_table
    before = _index_sql(table)
    with pytest.raises(ValueError), transaction.atomic():
        with bulk.indexes_deferred(Producer, adding=5):
            bulk.insert_objects(Producer, _producers(5), bulk.reserve_ids(Producer, 5))
            raise ValueError("a row turned out wrong")
    assert _index_sql(table) == before
    assert not Producer.objects.filter(name_folded__startswith="htx ").exists()
