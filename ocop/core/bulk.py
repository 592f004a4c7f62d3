"""Writing many rows at once, near the database's own speed: plain tuples instead of model instances, ids reserved
before the insert (so rows that point at each other are written without reading anything back), PostgreSQL's COPY
and SQLite's executemany. For the bulk write paths (the register import and what follows it); everything else uses
the ORM.

Like `bulk_create`, these send no signals and write no audit history. They must run inside a transaction
(`transaction.atomic`): on SQLite the project opens it IMMEDIATE, so no other writer can take the ids reserved here.
"""

import json
from collections.abc import Iterable, Sequence
from contextlib import contextmanager

from django.db import connection, models
from django.utils import timezone


def _require_transaction() -> None:
    if not connection.in_atomic_block:
        raise RuntimeError("bulk writes run inside transaction.atomic()")


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` new primary keys for `model`, not used before and not handed out again."""
    _require_transaction()
    if count <= 0:
        return []
    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [connection.ops.quote_name(table), column, count])
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT max({connection.ops.quote_name(column)}) FROM {connection.ops.quote_name(table)}")
        highest = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        highest = max(highest, row[0] if row else 0)
    return list(range(highest + 1, highest + 1 + count))


def _adapter(field):
    """How a value of this field goes to the database (None when the driver takes it as it is: on SQLite,
    Django registers the adapters of dates and decimals)."""
    if isinstance(field, models.JSONField):
        return json.dumps
    if connection.vendor != "postgresql" and isinstance(field, models.DateTimeField):
        done: dict = {}  # rows written together mostly share one timestamp

        def adapt(value):
            if value not in done:
                done[value] = connection.ops.adapt_datetimefield_value(value)
            return done[value]
        return adapt
    return None


def _columns(model, fields: Sequence[str]):
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    found = [by_attname[name] for name in fields]
    return [f.column for f in found], [_adapter(f) for f in found]


def _adapted(rows: Iterable[Sequence], adapters: list):
    todo = [(i, a) for i, a in enumerate(adapters) if a is not None]
    if not todo:
        yield from rows
        return
    for row in rows:
        row = list(row)
        for i, adapt in todo:
            if row[i] is not None:
                row[i] = adapt(row[i])
        yield row


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence], *,
                ignore_conflicts: bool = False, rows_per_statement: int = 1, adapted: bool = False) -> None:
    """Insert rows (values in the order of `fields`, attribute names such as "product_id") into model's table.
    Fields left out take nothing from Django: give every NOT NULL column, timestamps included (see `now()`).
    `rows_per_statement` (SQLite): for a table whose insert trigger writes into an FTS5 index, which writes its
    pending terms out at the end of every statement the trigger runs in; elsewhere one row per statement of an
    executemany is the faster (measured). `adapted`: the values are already as the driver takes them."""
    _require_transaction()
    columns, adapters = _columns(model, fields)
    quote = connection.ops.quote_name
    table, names = quote(model._meta.db_table), ", ".join(quote(c) for c in columns)
    if not adapted:
        rows = _adapted(rows, adapters)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not ignore_conflicts:
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
        if connection.vendor == "postgresql":
            sql = f"INSERT INTO {table} ({names}) VALUES {marks} ON CONFLICT DO NOTHING"
        else:
            sql = f"INSERT {'OR IGNORE ' if ignore_conflicts else ''}INTO {table} ({names}) VALUES "
            if rows_per_statement > 1:
                rows = list(rows)
                for start in range(0, len(rows), rows_per_statement):
                    chunk = rows[start:start + rows_per_statement]
                    cursor.execute(sql + ", ".join([marks] * len(chunk)), [value for row in chunk for value in row])
                return
            sql += marks
        cursor.executemany(sql, rows if isinstance(rows, list) else list(rows))


def update_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Set `fields` on rows given as (pk, *values), one statement executed for all of them."""
    _require_transaction()
    columns, adapters = _columns(model, [model._meta.pk.attname, *fields])
    quote = connection.ops.quote_name
    rows = [(*row[1:], row[0]) for row in _adapted(rows, adapters)]
    if not rows:
        return
    sets = ", ".join(f"{quote(c)} = %s" for c in columns[1:])
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {quote(model._meta.db_table)} SET {sets} WHERE {quote(columns[0])} = %s", rows)


def now():
    """The timestamp for auto_now / auto_now_add columns of rows written here."""
    return timezone.now()


def insert_objects(model: type[models.Model], items: Sequence, ids: Sequence[int]) -> None:
    """Insert model instances or plain dicts of attribute values (what a dict leaves out takes the field's default)
    with the given ids; auto_now and auto_now_add fields get `now()`. Sets the id on the instances."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key and not getattr(f, "generated", False)]
    stamp = now()
    stamped = {f.attname for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)}
    names = [f.attname for f in fields]
    adapters = [_adapter(f) for f in fields]
    # the timestamp is one value for every row: adapted once; the other adapted columns row by row
    fixed = {i: (adapt(stamp) if adapt else stamp) for i, (name, adapt) in enumerate(zip(names, adapters), start=1)
             if name in stamped}
    todo = [(i, adapt) for i, adapt in enumerate(adapters, start=1) if adapt is not None and i not in fixed]
    defaults = [(name, f.get_default()) for name, f in zip(names, fields)]

    def rows():
        for item, pk in zip(items, ids, strict=True):
            if isinstance(item, dict):
                row = [pk, *[item.get(name, default) for name, default in defaults]]
            else:
                item.pk = pk
                row = [pk, *[getattr(item, name) for name in names]]
            for i, value in fixed.items():
                row[i] = value
            for i, adapt in todo:
                if row[i] is not None:
                    row[i] = adapt(row[i])
            yield row

    insert_rows(model, [model._meta.pk.attname, *names], rows(), adapted=True)


ANALYZE_AFTER = 5000  # rows written at once after which the planner's statistics are refreshed
DEFER_SHARE = 0.5  # SQLite: a write adding at least this share of a table's rows builds its indexes afterwards


def _secondary_indexes(table: str) -> list[tuple[str, str]]:
    """(name, CREATE statement) of a SQLite table's indexes that can be dropped and made again: those declared
    by CREATE INDEX, unique ones excepted (they keep checking every row as it comes), and not the ones SQLite
    makes itself for a primary key or a UNIQUE column."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL "
                       "ORDER BY name", [table])
        return [(name, sql) for name, sql in cursor.fetchall() if not sql.upper().startswith("CREATE UNIQUE")]


@contextmanager
def indexes_deferred(model: type[models.Model], adding: int):
    """Around a bulk write of `adding` rows into model's table. On SQLite, when they are many (ANALYZE_AFTER)
    and at least DEFER_SHARE of the rows the table already has, its secondary indexes are dropped before and
    made again after, in the same transaction: an index made at once sorts its keys, while rows added one by one
    each find their place in every index (measured on 200,000 recognitions and their 9 indexes: 6.8 s against
    2.4 s). A failure rolls the drop back with the rest. Elsewhere nothing changes: on PostgreSQL dropping an
    index would lock every reader of the table out until the commit. The block must not read the table by its
    indexes (they are gone until it ends)."""
    _require_transaction()
    table = model._meta.db_table
    quote = connection.ops.quote_name
    indexes = []
    if connection.vendor == "sqlite" and adding >= ANALYZE_AFTER:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {quote(table)}")
            if adding >= DEFER_SHARE * cursor.fetchone()[0]:
                indexes = _secondary_indexes(table)
                for name, _sql in indexes:
                    cursor.execute(f"DROP INDEX {quote(name)}")
    try:
        yield
    finally:
        if indexes and connection.in_atomic_block and not connection.needs_rollback:
            with connection.cursor() as cursor:
                for _name, sql in indexes:
                    cursor.execute(sql)


def refresh_statistics(*models_: type[models.Model], vacuum: Sequence[type[models.Model]] = ()) -> None:
    """After a bulk write, let the database's planner see the tables as they now are (PostgreSQL: ANALYZE, a
    sample of each table; SQLite: PRAGMA optimize). Without it PostgreSQL keeps estimating a freshly filled
    register as nearly empty until autovacuum comes by, and picks plans that read the whole table per row.
    The tables in `vacuum` are also vacuumed on PostgreSQL when no transaction is open (VACUUM cannot run in one),
    so that their index-only scans need not visit the table."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for model in models_:
                table = connection.ops.quote_name(model._meta.db_table)
                if model in vacuum and not connection.in_atomic_block:
                    cursor.execute(f"VACUUM (ANALYZE) {table}")
                else:
                    cursor.execute(f"ANALYZE {table}")
        else:
            cursor.execute("PRAGMA optimize")
