"""Read a register file (.xlsx or .csv) into header + rows, checking the content, not the name."""

import csv
import io
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
    rows: list[tuple[int, list]]  # (1-based row number, values)


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
    for row in csv.reader(io.StringIO(text), dialect):
        yield [cell if cell.strip() else None for cell in row]


def read_sheet(data: bytes, filename: str = "") -> Sheet:
    kind = detect_kind(data, filename)
    if kind == "xlsx":
        check_archive(data, refuse=FileProblem)  # size, ratio, names, nesting: before openpyxl unpacks anything
    cells = _cells_from_xlsx(data) if kind == "xlsx" else _cells_from_csv(data)
    header_row, columns, unknown, rows = None, {}, [], []
    best_score = 0
    buffered = []
    for number, values in enumerate(cells, start=1):
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
            if header_row is None and number >= 15:
                break
            continue
        if all(value in (None, "") or (isinstance(value, str) and not value.strip()) for value in values):
            continue
        rows.append((number, values))
    if header_row is None:
        if not buffered:
            raise FileProblem(_("The file is empty."))
        raise FileProblem(
            _("No header row found in the first 15 rows: the sheet needs the columns %(columns)s.")
            % {"columns": ", ".join(f"“{c.title}”" for c in COLUMNS if c.required)}
        )
    return Sheet(header_row=header_row, columns=columns, unknown=unknown, rows=rows)
