"""The one writer behind every download: .xlsx, CSV and JSON that are safe to open.

Every text cell is cleaned the same way whatever the format:

- control characters are dropped (C0 except tab and line feed, DEL, C1, lone surrogates, U+FFFE/U+FFFF):
  they are invalid in XML, break the encoder, or hide text;
- in spreadsheets (xlsx and CSV), text that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
  is prefixed with an apostrophe so a spreadsheet shows it as text and never runs it as a formula
  ("CSV injection"). Numbers are never escaped: -2 stays the number -2, only the text "-2" gets the apostrophe.

Large outputs never sit in memory as one blob: CSV and JSON are generators for a StreamingHttpResponse, and a
workbook is streamed row by row into its zip (`xlsx_stream`) in a temporary file that a FileResponse streams and then deletes.
"""

import csv
import datetime as dt
import io
import json
import math
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import quote

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

from . import xlsx_stream

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"
JSONL_TYPE = "application/x-ndjson; charset=utf-8"

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
XLSX_MAX_TEXT = 32_767  # Excel's limit for one cell
XLSX_MAX_EXACT_INT = 10**15  # Excel keeps 15 significant digits; longer integers are written as text
CHUNK = 64 * 1024

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SHEET_TITLE_BAD = re.compile(r"[\[\]:*?/\\]")


# -- cells ---------------------------------------------------------------------------------

def clean_text(value) -> str:
    """str(value) without control characters (tab and line feed are kept)."""
    return _CONTROL.sub("", str(value))


def safe_text(value) -> str:
    """clean_text(), then an apostrophe in front of anything a spreadsheet would read as a formula.

    The raw text is looked at too, so "\\x00=1+1" (which cleans to "=1+1") and "\\r=1" are both escaped.
    """
    raw = str(value)
    text = _CONTROL.sub("", raw)
    if raw.startswith(FORMULA_STARTS) or text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _finite(value: float | Decimal) -> bool:
    return value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)


def _naive(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        return value

    return timezone.localtime(value).replace(tzinfo=None)


def xlsx_value(value):
    """A Python value openpyxl writes as the right cell type: numbers, real dates, booleans, safe text."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value if abs(value) < XLSX_MAX_EXACT_INT else str(value)
    if isinstance(value, (float, Decimal)):
        return value if _finite(value) else str(value)
    if isinstance(value, dt.datetime):
        return _naive(value)
    if isinstance(value, (dt.date, dt.time)):
        return value
    return safe_text(value)[:XLSX_MAX_TEXT]


def csv_value(value) -> str:
    """The text of one CSV field: ISO dates, plain numbers, safe text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f") if value.is_finite() else str(value)
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return safe_text(value)


def json_value(value):
    """A JSON-ready copy with control characters dropped from every string (keys included); no apostrophes."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, Mapping):
        return {clean_text(k): json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_value(v) for v in value]
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return clean_text(value)


# -- workbooks -----------------------------------------------------------------------------

class Subheading(tuple):
    """A row inside a sheet written in bold, like the header (a second table below the first)."""


@dataclass
class Sheet:
    """One worksheet: a header row and rows (any iterable, consumed once), with optional layout.

    heading: a title line above the table (bold, larger), followed by a blank line.
    widths: column widths in characters (None leaves a column as is).
    formats: number formats by 0-based column ("#,##0" for amounts in đồng).
    """

    title: str
    headers: Sequence = ()
    rows: Iterable[Sequence] = ()
    widths: Sequence[float | None] = ()
    heading: str = ""
    formats: Mapping[int, str] = field(default_factory=dict)
    freeze: bool = True


def _sheet_title(title: str, taken: set[str]) -> str:
    base = _SHEET_TITLE_BAD.sub("-", clean_text(title)).strip("'").strip()[:31] or "Sheet"
    name, n = base, 1
    while name.lower() in taken:
        n += 1
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
    taken.add(name.lower())
    return name


def write_xlsx(target, sheets: Iterable[Sheet]) -> None:
    """Write the sheets to target (a path or a binary file), streamed row by row (`xlsx_stream`)."""
    styles = xlsx_stream.Styles()
    bold, big = styles.index(xlsx_stream.BOLD), styles.index(xlsx_stream.BIG)
    taken: set[str] = set()
    titles = []
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=3) as archive:
        for number, sheet in enumerate(sheets, start=1):
            titles.append(_sheet_title(sheet.title, taken))
            header_row = (2 if sheet.heading else 0) + (1 if sheet.headers else 0)
            writer = xlsx_stream.SheetWriter(archive, number, sheet.widths,
                                             header_row if sheet.freeze and sheet.headers else 0)
            if sheet.heading:
                writer.row([xlsx_value(sheet.heading)], [big])
                writer.row([])
            try:
                if sheet.headers:
                    writer.row([xlsx_value(h) for h in sheet.headers], [bold] * len(sheet.headers))
                _write_rows(writer, sheet, styles, bold)
            except BaseException:
                writer.stream.close()  # so the zip closes and the first error is the one reported
                raise
            writer.close()
        xlsx_stream.finish(archive, titles, styles)


def _write_rows(writer, sheet: Sheet, styles, bold: int) -> None:
    formats = dict(sheet.formats)
    date_style, datetime_style = styles.index(0, DATE_FORMAT), styles.index(0, DATETIME_FORMAT)
    column_styles = {index: styles.index(0, code) for index, code in formats.items()}
    for row in sheet.rows:
        if isinstance(row, Subheading):
            writer.row([xlsx_value(v) for v in row], [bold] * len(row))
            continue
        values, cell_styles = _row_cells(row, column_styles, date_style, datetime_style)
        writer.row(values, cell_styles)


def _row_cells(row, column_styles: dict, date_style: int, datetime_style: int):
    """Kept in one piece: the inner loop of the largest downloads. The row's values made safe (xlsx_value, with
    fast paths for plain text and numbers) and their cell styles (None when all are plain)."""
    texts = [v for v in row if type(v) is str]
    dirty = bool(texts) and _CONTROL.search("".join(texts)) is not None
    values, cell_styles = [], None
    for index, value in enumerate(row):
        kind = type(value)
        if kind is str and not dirty:
            value = (("'" + value) if value.startswith(FORMULA_STARTS) else value)[:XLSX_MAX_TEXT]
        elif kind is not int or abs(value) >= XLSX_MAX_EXACT_INT:
            value = xlsx_value(value)
        style = column_styles.get(index)
        if style is None and isinstance(value, dt.date):
            style = datetime_style if isinstance(value, dt.datetime) else date_style
        if style is not None and value is not None:
            if cell_styles is None:
                cell_styles = [0] * len(row)
            cell_styles[index] = style
        values.append(value)
    return values, cell_styles


def xlsx_bytes(sheets: Iterable[Sheet]) -> bytes:
    """The workbook as bytes: for small files and tests; downloads use xlsx_response()."""
    buffer = io.BytesIO()
    write_xlsx(buffer, sheets)
    return buffer.getvalue()


# -- CSV and JSON --------------------------------------------------------------------------

def csv_chunks(headers: Sequence, rows: Iterable[Sequence], *, bom: bool = True) -> Iterator[str]:
    """CSV text in chunks of about 64 KiB; a byte order mark first so Excel reads UTF-8 (bom=False: plain)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if bom:
        buffer.write("\ufeff")
    writer.writerow([csv_value(h) for h in headers])
    yield buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    for row in rows:
        writer.writerow([csv_value(v) for v in row])
        if buffer.tell() >= CHUNK:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()


def _dumps(value) -> str:
    return json.dumps(json_value(value), ensure_ascii=False)


def json_chunks(records: Iterable, *, meta: Mapping | None = None) -> Iterator[str]:
    """One JSON document, streamed: a plain array, or {"meta": …, "records": […]} when meta is given."""
    parts = ['{"meta": ' + _dumps(meta) + ', "records": [' if meta is not None else "["]
    size, first = len(parts[0]), True
    for record in records:
        text = ("" if first else ",") + _dumps(record)
        first = False
        parts.append(text)
        size += len(text)
        if size >= CHUNK:
            yield "".join(parts)
            parts, size = [], 0
    parts.append("]}" if meta is not None else "]")
    yield "".join(parts)


def jsonl_chunks(records: Iterable) -> Iterator[str]:
    """JSON lines: one object per line, for feeds read record by record."""
    parts, size = [], 0
    for record in records:
        text = _dumps(record) + "\n"
        parts.append(text)
        size += len(text)
        if size >= CHUNK:
            yield "".join(parts)
            parts, size = [], 0
    if parts:
        yield "".join(parts)


# -- responses -----------------------------------------------------------------------------

def _ascii_name(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.")
    return re.sub(r"-{2,}", "-", text) or "download"


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """attachment; filename="ascii-fallback.xlsx"; filename*=UTF-8''%C3%A1… (RFC 6266 / RFC 5987).

    The ASCII name is the Vietnamese one without diacritics; filename* carries the real name when it differs.
    """
    name = re.sub(r"\s+", " ", clean_text(filename)).strip().replace("/", "-").replace("\\", "-") or "download"
    fallback = _ascii_name(name)
    header = f'{"inline" if inline else "attachment"}; filename="{fallback}"'
    if fallback != name:
        header += f"; filename*=UTF-8''{quote(name, safe='')}"
    return header


def xlsx_response(filename: str, sheets: Iterable[Sheet]):
    """A FileResponse streaming the workbook from a temporary file (deleted when the response closes)."""

    handle = tempfile.TemporaryFile(suffix=".xlsx")
    try:
        write_xlsx(handle, sheets)
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    response = FileResponse(handle, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition(filename)
    return response


def csv_response(filename: str, headers: Sequence, rows: Iterable[Sequence], *, bom: bool = True):

    response = StreamingHttpResponse(csv_chunks(headers, rows, bom=bom), content_type=CSV_TYPE)
    response["Content-Disposition"] = content_disposition(filename)
    return response


def json_response(filename: str, records: Iterable, *, meta: Mapping | None = None, lines: bool = False):

    chunks = jsonl_chunks(records) if lines else json_chunks(records, meta=meta)
    response = StreamingHttpResponse(chunks, content_type=JSONL_TYPE if lines else JSON_TYPE)
    response["Content-Disposition"] = content_disposition(filename)
    return response
