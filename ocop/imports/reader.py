"""Read a register file (.xlsx or .csv) into header + rows, checking the content, not the name.

Workbooks are read with python-calamine (Rust; about ten times openpyxl's speed), openpyxl only for a workbook
calamine cannot read. Cells come as openpyxl gives them (an empty cell is None, a whole number an int), so the
checks and the report do not depend on the reader. The rows are streamed: `Sheet.rows` is an iterator over the
non-blank rows after the header, read once.
"""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ocop.core.archives import check_archive
from ocop.core.spreadsheets import FileProblem, detect_kind

from .columns import COLUMNS, is_ignored, match_header


@dataclass
class Sheet:
    header_row: int  # 1-based row number of the header
    columns: dict[str, int]  # column key → 0-based index
    unknown: list[tuple[int, str]]  # (0-based index, header text)
    rows: Iterator[tuple[int, list]]  # (1-based row number, values) of the non-blank rows after the header
    total: int  # how many rows the sheet has after the header (blank ones included): for progress


def _calamine_value(value):
    if value == "":
        return None
    if type(value) is float and value.is_integer():
        return int(value)
    return value


def _cells_from_calamine(data: bytes):
    """(row count, rows) with python-calamine, or None when it cannot read the workbook (openpyxl then tries)."""
    from python_calamine import CalamineWorkbook

    try:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
        rows = sheet.iter_rows()  # from the sheet's first row (row numbers are positions), cells from its first column
    except Exception:
        return None

    def cells():
        for row in rows:
            yield [_calamine_value(value) for value in row]

    return sheet.total_height, cells()


def _cells_from_xlsx(data: bytes):
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise FileProblem(_("The file is not a readable Excel workbook (.xlsx): it may be damaged.")) from None
    try:
        ws = wb.worksheets[0]
        for row in ws.iter_rows(values_only=True):
            yield list(row)
    except Exception:
        raise FileProblem(_("The Excel workbook could not be read to the end: it may be damaged.")) from None
    finally:
        wb.close()


def _cells_from_csv(data: bytes):
    for encoding in ("utf-8-sig", "utf-16", "cp1258"):
        try:
            text = data.decode(encoding)
            if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
                continue
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileProblem(_("The CSV file's text encoding is not recognised; save it as UTF-8."))
    if "\x00" in text:
        raise FileProblem(_("The file is not a text (CSV) file."))
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return text.count("\n") + 1, _csv_rows(text, dialect)


def _csv_rows(text: str, dialect):
    try:
        for row in csv.reader(io.StringIO(text), dialect):
            yield [cell if cell.strip() else None for cell in row]
    except csv.Error:
        raise FileProblem(_("The CSV file could not be read to the end: a field is too long or malformed.")) from None


def _cells(data: bytes, filename: str):
    """(number of rows, iterator of each row's cells) of the first sheet."""
    kind = detect_kind(data, filename)
    if kind != "xlsx":
        return _cells_from_csv(data)
    check_archive(data, refuse=FileProblem)  # size, ratio, names, nesting: before any reader unpacks anything
    found = _cells_from_calamine(data)
    if found is None:  # openpyxl reads it all here, so that a damaged workbook is refused before any row is checked
        rows = list(_cells_from_xlsx(data))
        found = len(rows), iter(rows)
    return found


def _is_blank(values: list) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


def _after_header(numbered):
    for number, values in numbered:
        if not _is_blank(values):
            yield number, values


def read_sheet(data: bytes, filename: str = "") -> Sheet:
    height, cells = _cells(data, filename)
    numbered = enumerate(cells, start=1)
    header_row, columns, unknown = None, {}, []
    best_score = 0
    buffered = []
    for number, values in numbered:
        if header_row is None:
            buffered.append((number, values))
            found = {}
            for index, value in enumerate(values):
                column = match_header(value)
                if column and column.key not in found:
                    found[column.key] = index
            score = sum(1 for c in COLUMNS if c.required and c.key in found)
            if score > best_score:
                best_score = score
                if score >= 3:
                    header_row, columns = number, found
                    unknown = [
                        (index, str(value))
                        for index, value in enumerate(values)
                        if value not in (None, "") and not match_header(value) and not is_ignored(value)
                    ]
            if header_row is not None or number >= 15:
                break
    if header_row is None:
        if not buffered:
            raise FileProblem(_("The file is empty."))
        raise FileProblem(
            _("No header row found in the first 15 rows: the sheet needs the columns %(columns)s.")
            % {"columns": ", ".join(f"“{c.title}”" for c in COLUMNS if c.required)}
        )
    return Sheet(header_row=header_row, columns=columns, unknown=unknown, rows=_after_header(numbered),
                 total=max(height - header_row, 0))
