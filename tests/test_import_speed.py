"""The bulk import writes exactly what the import wrote before it was made fast (a canonical dump compared with the
one stored in tests/data/import_golden.json.gz, written by the earlier import), stays all-or-nothing, and a
re-import changes nothing; for .xlsx and .csv, on SQLite and PostgreSQL."""

import datetime as dt
import io
import os

import pytest

from ocop.core.exports import Sheet, write_xlsx
from ocop.imports.sample import HEADERS
from ocop.imports.service import register_import
from ocop.producers.models import Producer, Product
from ocop.recognitions.models import Recognition

from .conftest import csv_bytes
from .import_dump import canonical_dump, load_golden, report_dump, rows_from_json, rows_to_json, save_golden

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 1)


def sample_xlsx(rows) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(buffer, [Sheet("Danh sách OCOP", HEADERS, rows, heading="DANH SÁCH SẢN PHẨM OCOP")])
    return buffer.getvalue()


def sample_csv(rows) -> bytes:
    """The same sheet as text: the heading, a blank line, the header and the rows (dates as dd/mm/yyyy)."""
    body = csv_bytes([[c.strftime("%d/%m/%Y") if isinstance(c, dt.date) else c for c in row] for row in rows],
                     headers=HEADERS)
    return "DANH SÁCH SẢN PHẨM OCOP\r\n\r\n".encode() + body


def _second_file(first: list[list]) -> list[list]:
    """The first file again, changed the ways a later register changes: more stars, later dates, another group,
    a tax code given where there was none, new rows, rows left out."""
    from ocop.imports.sample import generate_rows

    from ocop.taxonomy.models import CriteriaVersion

    starts = sorted(CriteriaVersion.objects.values_list("in_force_from", flat=True))

    def period(row):
        day = row[11] if isinstance(row[11], dt.date) else dt.datetime.strptime(row[11], "%d/%m/%Y").date()
        return sum(1 for start in starts if start <= day)

    rows = [list(row) for row in first[20:]]
    for row in rows[:30]:  # upgraded: more stars, score not given
        stars = int(str(row[8]).split()[0])
        if stars < 5:
            row[8], row[9] = stars + 1, None
    for row in rows[30:50]:  # a corrected decision date (within the same criteria version)
        day = row[11] if isinstance(row[11], dt.date) else dt.datetime.strptime(row[11], "%d/%m/%Y").date()
        later = min(day + dt.timedelta(days=9), TODAY)
        if period([*row[:11], later]) == period(row):
            row[11] = later
    groups = {}
    for row in rows:
        groups.setdefault(period(row), []).append(row[7])
    for index, row in enumerate(rows[50:70]):  # another group of the same criteria version
        pool = groups[period(row)]
        row[7] = pool[(index * 7) % len(pool)]
    for index, row in enumerate(rows[70:90]):  # a tax code where there was none
        if not row[4]:
            row[4] = f"{9_000_000_000 + index:010d}"
    extra = generate_rows(120, seed=18, today=TODAY)
    return rows + [row for row in extra if row[1] not in {r[1] for r in rows}]


@pytest.mark.skipif(not os.environ.get("OCOP_WRITE_IMPORT_GOLDEN"), reason="writes the golden file only when asked")
def test_write_the_golden_file():
    """Run once with the import as it was (OCOP_WRITE_IMPORT_GOLDEN=1) to record what it writes."""
    from ocop.imports.sample import generate_rows

    first = generate_rows(400, seed=17, today=TODAY)
    second = _second_file(first)
    reports, dumps = [], []
    for rows in (first, second):
        report = register_import(data=sample_xlsx(rows), filename="r.xlsx", today=TODAY)
        assert report.ok, report.errors[:3]
        reports.append(report_dump(report))
        dumps.append(canonical_dump())
    save_golden({"first": rows_to_json(first), "second": rows_to_json(second), "reports": reports, "dumps": dumps})


@pytest.fixture(scope="module")
def golden():
    return load_golden()


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_the_bulk_import_writes_what_the_import_wrote_before(golden, kind):
    make = sample_xlsx if kind == "xlsx" else sample_csv
    for step, name in enumerate(("first", "second")):
        rows = rows_from_json(golden[name])
        report = register_import(data=make(rows), filename=f"r.{kind}", today=TODAY)
        assert report.ok, report.errors[:3]
        expected = golden["reports"][step]
        got = report_dump(report)
        if kind == "csv":  # cells are text in a CSV: the values shown beside a warning are as typed
            expected = expected | {"warnings": [w[:2] + w[3:] for w in expected["warnings"]]}
            got = got | {"warnings": [w[:2] + w[3:] for w in got["warnings"]]}
        assert got == expected
        dump = canonical_dump()
        for table, content in golden["dumps"][step].items():
            assert dump[table] == content, table


def test_reimporting_the_sample_changes_nothing(golden):
    data = sample_xlsx(rows_from_json(golden["second"]))
    first = register_import(data=data, filename="r.xlsx", today=TODAY)
    assert first.ok
    before = canonical_dump()
    again = register_import(data=data, filename="r.xlsx", today=TODAY)
    assert again.ok and again.unchanged == first.rows
    assert again.created == {"producers": 0, "products": 0, "recognitions": 0}
    assert again.updated == {"producers": 0, "products": 0, "recognitions": 0}
    assert canonical_dump() == before


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_bad_last_row_writes_nothing(golden, kind):
    rows = rows_from_json(golden["first"])
    rows[-1] = list(rows[-1])
    rows[-1][8] = 7  # seven stars
    make = sample_xlsx if kind == "xlsx" else sample_csv
    report = register_import(data=make(rows), filename=f"r.{kind}", today=TODAY)
    assert not report.ok
    assert [(p.row, p.column) for p in report.errors] == [(len(rows) + 3, "Số sao")]  # after the heading, a blank row and the header
    assert (Producer.objects.count(), Product.objects.count(), Recognition.objects.count()) == (0, 0, 0)
    dump = canonical_dump()
    assert not any(dump[table] for table in ("certificates", "events", "search_docs", "search_terms"))


def test_a_failure_while_writing_rolls_everything_back(golden, monkeypatch):
    """The receivers run inside the import's transaction: one failing leaves no producer, product or recognition."""
    from ocop.catalogue import signals

    def broken(product_ids=None):
        raise RuntimeError("search index unavailable")

    monkeypatch.setattr(signals, "refresh", broken)
    with pytest.raises(RuntimeError):
        register_import(data=sample_xlsx(rows_from_json(golden["first"])), filename="r.xlsx", today=TODAY)
    assert (Producer.objects.count(), Product.objects.count(), Recognition.objects.count()) == (0, 0, 0)
    assert not canonical_dump()["certificates"]


def _read_both(data: bytes, monkeypatch):
    from ocop.imports import reader

    fast = reader.read_sheet(data, "r.xlsx")
    fast_rows = list(fast.rows)
    with monkeypatch.context() as patched:
        patched.setattr(reader, "_cells_from_calamine", lambda data: None)
        slow = reader.read_sheet(data, "r.xlsx")
        slow_rows = list(slow.rows)
    return fast, fast_rows, slow, slow_rows


def test_calamine_reads_what_openpyxl_reads(golden, monkeypatch):
    """Same row numbers and the same cells (a whole number an int, an empty cell None; dates may be dates or
    datetimes, which the checks read alike), for the sample and for a sheet that starts at C4 with gaps."""
    from openpyxl import Workbook

    fast, fast_rows, slow, slow_rows = _read_both(sample_xlsx(rows_from_json(golden["first"])), monkeypatch)
    assert (fast.header_row, fast.columns, fast.unknown) == (slow.header_row, slow.columns, slow.unknown)

    def plain(rows):  # calamine pads every row to the sheet's width; an empty text cell reads as empty
        cells = [[v.date() if isinstance(v, dt.datetime) else (None if v == "" else v) for v in values]
                 for _n, values in rows]
        return [(n, c[:max([i + 1 for i, v in enumerate(c) if v is not None], default=0)])
                for (n, _v), c in zip(rows, cells)]

    assert plain(fast_rows) == plain(slow_rows) and len(fast_rows) == len(golden["first"])
    wb = Workbook()
    ws = wb.active
    for column, title in enumerate(HEADERS[1:], start=3):
        ws.cell(row=4, column=column, value=title)
    ws.cell(row=6, column=3, value="Mật ong")
    ws.cell(row=6, column=10, value=4)
    ws.cell(row=6, column=11, value=87.5)
    ws.cell(row=6, column=13, value=dt.date(2024, 5, 6))
    ws.cell(row=9, column=4, value="HTX Tân Phú")
    buffer = io.BytesIO()
    wb.save(buffer)
    fast, fast_rows, slow, slow_rows = _read_both(buffer.getvalue(), monkeypatch)
    assert fast.header_row == slow.header_row == 4
    assert [n for n, _v in fast_rows] == [n for n, _v in slow_rows] == [6, 9]
    assert [v for v in fast_rows[0][1] if v is not None] == ["Mật ong", 4, 87.5, dt.date(2024, 5, 6)]
    assert [v for v in slow_rows[0][1] if v is not None] == ["Mật ong", 4, 87.5, dt.datetime(2024, 5, 6)]
