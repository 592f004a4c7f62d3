"""A streaming .xlsx writer for the one exporter (`exports.write_xlsx`): SpreadsheetML written straight into the
zip, row by row, so a workbook of the whole country (200,000 rows × 20 columns) takes seconds instead of minutes
(openpyxl builds an object per cell, even in write-only mode).

What it writes is what the exports need and nothing more: sheets with inline strings, numbers, booleans, dates
and date-times as real date cells (number formats), bold header, heading and sub-heading rows, column widths
and a frozen header. Cell values arrive already made safe by `exports.xlsx_value` (control characters dropped,
formulas escaped); here they are only XML-escaped."""

import datetime as dt
import zipfile
from decimal import Decimal

from openpyxl.utils import get_column_letter

EPOCH = dt.datetime(1899, 12, 30)
FLUSH_ROWS = 500
BOLD, BIG = 1, 2  # fonts: 0 regular, 1 bold, 2 bold 13 pt

CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 '<Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                 '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
                 '{sheets}</Types>')
SHEET_TYPE = ('<Override PartName="/xl/worksheets/sheet{n}.xml" '
              'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>')
ROOT_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
             'Target="xl/workbook.xml"/></Relationships>')
MAIN_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def _escape(text: str) -> str:
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


class Styles:
    """Cell formats (font × number format) numbered as they are first used."""

    def __init__(self):
        self.formats: dict[str, int] = {}
        self.xfs: dict[tuple[int, int], int] = {(0, 0): 0}

    def index(self, font: int = 0, number_format: str | None = None) -> int:
        fmt = 0
        if number_format:
            fmt = self.formats.setdefault(number_format, 164 + len(self.formats))
        return self.xfs.setdefault((font, fmt), len(self.xfs))

    def xml(self) -> str:
        formats = "".join(f'<numFmt numFmtId="{i}" formatCode="{_escape(code).replace(chr(34), "&quot;")}"/>'
                          for code, i in self.formats.items())
        xfs = "".join(f'<xf numFmtId="{fmt}" fontId="{font}" fillId="0" borderId="0" xfId="0"'
                      f'{" applyNumberFormat=\"1\"" if fmt else ""}{" applyFont=\"1\"" if font else ""}/>'
                      for (font, fmt) in self.xfs)
        return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet {MAIN_NS}>'
                f'<numFmts count="{len(self.formats)}">{formats}</numFmts>'
                '<fonts count="3"><font><sz val="11"/><name val="Calibri"/></font>'
                '<font><b/><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="13"/><name val="Calibri"/></font></fonts>'
                '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
                '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
                '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
                f'<cellXfs count="{len(self.xfs)}">{xfs}</cellXfs>'
                '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')


def _serial(value) -> float | int:
    if isinstance(value, dt.datetime):
        delta = value - EPOCH
        return delta.days + delta.seconds / 86400 + delta.microseconds / 86_400_000_000
    if isinstance(value, dt.date):
        return (value - EPOCH.date()).days
    return (value.hour * 3600 + value.minute * 60 + value.second) / 86400  # a time of day


def cell(ref: str, value, style: int = 0) -> str:
    """One <c> element for a value already made safe (None: no cell)."""
    kind = type(value)
    if kind is str and not style:
        return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{_escape(value)}</t></is></c>'
    if kind is int and not style:
        return f'<c r="{ref}"><v>{value}</v></c>'
    s = f' s="{style}"' if style else ""
    if value is None:
        return f'<c r="{ref}"{s}/>' if style else ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"{s}><v>{int(value)}</v></c>'
    if isinstance(value, (int, float, Decimal)):
        return f'<c r="{ref}"{s}><v>{value}</v></c>'
    if isinstance(value, (dt.date, dt.time)):
        return f'<c r="{ref}"{s}><v>{_serial(value)}</v></c>'
    return f'<c r="{ref}" t="inlineStr"{s}><is><t xml:space="preserve">{_escape(value)}</t></is></c>'


class SheetWriter:
    """One worksheet streamed into the zip: `row(values, styles)` for each row, then `close()`."""

    def __init__(self, archive: zipfile.ZipFile, number: int, widths, freeze_row: int):
        self.stream = archive.open(f"xl/worksheets/sheet{number}.xml", "w", force_zip64=True)
        self.letters: list[str] = []
        self.n = 0
        self.parts: list[str] = []
        view = (f'<pane ySplit="{freeze_row}" topLeftCell="A{freeze_row + 1}" activePane="bottomLeft" state="frozen"/>'
                if freeze_row else "")
        cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths, 1) if w)
        self.stream.write((f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {MAIN_NS} {REL_NS}>'
                           f'<sheetViews><sheetView workbookViewId="0">{view}</sheetView></sheetViews>'
                           + (f"<cols>{cols}</cols>" if cols else "") + "<sheetData>").encode())

    def _letter(self, index: int) -> str:
        while len(self.letters) <= index:
            self.letters.append(get_column_letter(len(self.letters) + 1))
        return self.letters[index]

    def row(self, values, styles=None) -> None:
        self.n += 1
        n = self.n
        self._letter(len(values))
        letters = self.letters
        if styles is None:
            cells = "".join([cell(f"{letters[i]}{n}", v) for i, v in enumerate(values)])
        else:
            cells = "".join([cell(f"{letters[i]}{n}", v, st) for i, (v, st) in enumerate(zip(values, styles))])
        self.parts.append(f'<row r="{n}">{cells}</row>')
        if len(self.parts) >= FLUSH_ROWS:
            self.stream.write("".join(self.parts).encode())
            self.parts.clear()

    def close(self) -> None:
        self.parts.append("</sheetData></worksheet>")
        self.stream.write("".join(self.parts).encode())
        self.stream.close()


def finish(archive: zipfile.ZipFile, titles: list[str], styles: Styles) -> None:
    """The workbook's parts around its sheets."""
    sheets = "".join(f'<sheet name="{_escape(t).replace(chr(34), "&quot;")}" sheetId="{i}" r:id="rId{i}"/>'
                     for i, t in enumerate(titles, 1))
    rels = "".join(f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                   f'worksheet" Target="worksheets/sheet{i}.xml"/>' for i in range(1, len(titles) + 1))
    rels += (f'<Relationship Id="rId{len(titles) + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
             'relationships/styles" Target="styles.xml"/>')
    archive.writestr("[Content_Types].xml", CONTENT_TYPES.format(
        sheets="".join(SHEET_TYPE.format(n=i) for i in range(1, len(titles) + 1))))
    archive.writestr("_rels/.rels", ROOT_RELS)
    archive.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook {MAIN_NS} '
                                        f'{REL_NS}><sheets>{sheets}</sheets></workbook>')
    archive.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                     f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>')
    archive.writestr("xl/styles.xml", styles.xml())
