"""The import's two workbooks, written as the exporter writes every download (ocop.core.exports: cells
through `xlsx_value`, dates as DD/MM/YYYY, bold headers, frozen header row, openpyxl's write-only mode
to a temporary file that a FileResponse streams, the Vietnamese file name in Content-Disposition):

- the template: the columns' Vietnamese headers and one example row, with drop-down lists for the
  product groups of the criteria in force and for the stars the account may import (3 and 4 for a
  province, 3 to 5 for the central office); the groups listed on a second sheet;
- the error report of a job: the file's rows at their own row numbers (so "row 17" is row 17 in
  Excel), each bad cell filled red, notes yellow, and the reasons in an error column; then the list
  of every problem (row, column, value, reason) with file-level problems first.

Headers are Vietnamese whatever the page's language: they are the headers the offices' files use.
"""

import datetime as dt
import tempfile
from pathlib import Path

from django.http import FileResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ocop.accounts.access import is_central, office_provinces
from ocop.core.exports import DATE_FORMAT, XLSX_TYPE, content_disposition, xlsx_value
from ocop.places.models import Commune
from ocop.taxonomy.models import ProductGroup
from ocop.taxonomy.versions import version_in_force

from .checks import CENTRAL_STARS
from .columns import BY_KEY, COLUMNS
from .reader import FileProblem, read_sheet

BOLD, BIG = Font(bold=True), Font(bold=True, size=13)
BAD_FILL, BAD_FONT = PatternFill("solid", fgColor="FFC7CE"), Font(color="9C0006")
NOTE_FILL = PatternFill("solid", fgColor="FFEB9C")
MAX_ROWS = 5000  # rows covered by the template's drop-down lists
NOTE = "Ghi chú"
EXAMPLE_NOTE = "Dòng ví dụ: thay bằng dữ liệu của tỉnh hoặc xóa trước khi nhập"
ERRORS, NOTES = "Lỗi", "Lưu ý"


def _cell(ws, value, font=None, fill=None):
    cell = WriteOnlyCell(ws, value=xlsx_value(value))
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    return cell


def _widths(ws, widths) -> None:
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width


def _response(wb: Workbook, filename: str) -> FileResponse:
    handle = tempfile.TemporaryFile(suffix=".xlsx")
    try:
        wb.save(handle)
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    response = FileResponse(handle, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition(filename)
    return response


# -- the template --------------------------------------------------------------------------

def group_names(version) -> list[tuple[str, str, str]]:
    """(name, code, level) of a version's groups in the order of its tree, each name once."""
    seen, names = set(), []
    for group in ProductGroup.objects.filter(version=version).select_related("version").order_by("position"):
        if group.name not in seen:
            seen.add(group.name)
            names.append((group.name, group.code, group.level_name))
    return names


def _example_row(user, version) -> list:
    province = office_provinces(user).order_by("code").first()
    commune = Commune.objects.filter(province=province).order_by("code").first() if province else None
    leaves = ProductGroup.objects.filter(version=version).order_by("-depth", "position")
    group = leaves.filter(name__icontains="mật ong").first() or leaves.first()
    return ["Mật ong rừng", "Hợp tác xã Nông nghiệp Tân Lộc", "Hợp tác xã", "2001234567",
            commune.name if commune else "", province.short_name if province else "", group.name if group else "", 3,
            65.5, "123/QĐ-UBND", timezone.localdate(), None, EXAMPLE_NOTE]


def _validations(ws, version, stars: list[int], groups: int) -> None:
    letter = {c.key: get_column_letter(i) for i, c in enumerate(COLUMNS, start=1)}
    group_list = DataValidation(
        type="list", formula1=f"'Nhóm sản phẩm'!$A$4:$A${3 + groups}", allow_blank=True, errorStyle="warning",
        showErrorMessage=True, errorTitle="Nhóm sản phẩm",
        error=(f"Chọn một nhóm của bộ tiêu chí đang áp dụng ({version.decision}). Quyết định ban hành trước "
               f"{version.in_force_from:%d/%m/%Y} ghi nhóm của bộ tiêu chí áp dụng lúc đó."),
    )
    group_list.add(f"{letter['group']}2:{letter['group']}{MAX_ROWS}")
    star_list = DataValidation(
        type="list", formula1='"' + ",".join(str(s) for s in stars) + '"', allow_blank=True, errorStyle="stop",
        showErrorMessage=True, errorTitle="Số sao",
        error=("Số sao: 3, 4 hoặc 5." if CENTRAL_STARS in stars else
               "Cấp tỉnh nhập sản phẩm 3 sao và 4 sao; sản phẩm 5 sao do Bộ Nông nghiệp và Môi trường công nhận."),
    )
    star_list.add(f"{letter['stars']}2:{letter['stars']}{MAX_ROWS}")
    ws.data_validations.append(group_list)
    ws.data_validations.append(star_list)


def template_workbook(user) -> Workbook:
    version = version_in_force()
    names = group_names(version)
    stars = [3, 4, 5] if is_central(user) else [3, 4]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Danh sách OCOP")
    _widths(ws, [30, 32, 18, 14, 22, 18, 36, 9, 9, 18, 15, 15, 40])
    ws.freeze_panes = "A2"
    _validations(ws, version, stars, len(names))
    ws.append([_cell(ws, c.title + (" (*)" if c.required else ""), BOLD) for c in COLUMNS] + [_cell(ws, NOTE, BOLD)])
    ws.append([_cell(ws, value) for value in _example_row(user, version)])
    groups = wb.create_sheet("Nhóm sản phẩm")
    _widths(groups, [60, 14, 18])
    groups.append([_cell(groups, f"Nhóm sản phẩm theo {version.decision} (áp dụng từ {version.in_force_from:%d/%m/%Y})",
                         BIG)])
    groups.append([])
    groups.append([_cell(groups, title, BOLD) for title in ("Nhóm sản phẩm", "Mã", "Cấp")])
    for row in names:
        groups.append([_cell(groups, value) for value in row])
    return wb


def template_response(user) -> FileResponse:
    return _response(template_workbook(user), "Mẫu danh sách sản phẩm OCOP.xlsx")


# -- the error report ----------------------------------------------------------------------

def _sheet_of(job):
    try:
        with job.file.open("rb") as handle:
            return read_sheet(handle.read(), job.original_name)
    except (FileProblem, OSError, ValueError):
        return None


def _marks(report: dict, sheet) -> dict[int, dict[int | None, list]]:
    """row number → column index (None: the row as a whole) → [(kind, text)]."""
    index_of = {BY_KEY[key].title: index for key, index in sheet.columns.items()}
    index_of.update({text: index for index, text in sheet.unknown})
    marks: dict[int, dict] = {}
    for kind, problems in ((ERRORS, report.get("errors", [])), (NOTES, report.get("warnings", []))):
        for p in problems:
            if p.get("row"):
                marks.setdefault(p["row"], {}).setdefault(index_of.get(p["column"]), []).append(
                    (kind, f"{p['column']}: {p['reason']}" if p["column"] else p["reason"]))
    return marks


def _header(sheet) -> list[str]:
    width = max([*sheet.columns.values(), *(i for i, _t in sheet.unknown), -1]) + 1
    titles = [""] * width
    for key, index in sheet.columns.items():
        titles[index] = BY_KEY[key].title
    for index, text in sheet.unknown:
        titles[index] = text
    return titles


def _data_row(ws, values: list, width: int, marked: dict) -> list:
    kinds = {index: {kind for kind, _text in texts} for index, texts in marked.items()}
    cells = []
    for index in range(max(width, len(values))):
        value = values[index] if index < len(values) else None
        kind = kinds.get(index, set())
        fill = BAD_FILL if ERRORS in kind else NOTE_FILL if NOTES in kind else None
        cells.append(_cell(ws, value, BAD_FONT if ERRORS in kind else None, fill))
    texts = [text for group in marked.values() for text in group]
    errors = "\n".join(text for kind, text in texts if kind == ERRORS)
    notes = "\n".join(text for kind, text in texts if kind == NOTES)
    cells.append(_cell(ws, errors or None, BAD_FONT if errors else None))
    cells.append(_cell(ws, notes or None))
    return cells


def _rows_sheet(wb: Workbook, job, sheet, report: dict) -> None:
    ws = wb.create_sheet("Dữ liệu và lỗi")
    header = _header(sheet)
    _widths(ws, [22] * len(header) + [60, 40])
    ws.freeze_panes = f"A{sheet.header_row + 1}"
    marks = _marks(report, sheet)
    for number in range(1, sheet.header_row):
        ws.append([_cell(ws, f"Báo cáo lỗi: {job.original_name}", BIG)] if number == 1 else [])
    header_marks = marks.get(sheet.header_row, {})  # unknown columns: their header yellow, the reason listed
    ws.append([_cell(ws, t, BOLD, NOTE_FILL if i in header_marks else None) for i, t in enumerate(header)]
              + [_cell(ws, ERRORS, Font(bold=True, color="9C0006")), _cell(ws, NOTES, BOLD)])
    last = sheet.header_row
    for number, values in sheet.rows:
        for _gap in range(last + 1, number):
            ws.append([])
        ws.append(_data_row(ws, values, len(header), marks.get(number, {})))
        last = number


def _problems_sheet(wb: Workbook, report: dict) -> None:
    ws = wb.create_sheet("Danh sách lỗi")
    _widths(ws, [10, 8, 20, 40, 90])
    ws.freeze_panes = "A2"
    ws.append([_cell(ws, t, BOLD) for t in ("Loại", "Dòng", "Cột", "Giá trị", "Lý do")])
    for kind, problems in ((ERRORS, report.get("errors", [])), (NOTES, report.get("warnings", []))):
        for p in sorted(problems, key=lambda p: (p.get("row") is not None, p.get("row") or 0)):
            fill = BAD_FILL if kind == ERRORS else NOTE_FILL
            ws.append([_cell(ws, kind, fill=fill), _cell(ws, p.get("row") or "Cả tệp"), _cell(ws, p.get("column")),
                       _cell(ws, p.get("value")), _cell(ws, p.get("reason"))])


def error_report_workbook(job) -> Workbook:
    report = job.report or {}
    wb = Workbook(write_only=True)
    sheet = _sheet_of(job)
    if sheet is not None:
        _rows_sheet(wb, job, sheet, report)
    _problems_sheet(wb, report)
    return wb


def error_report_response(job) -> FileResponse:
    return _response(error_report_workbook(job), f"Báo cáo lỗi - {Path(job.original_name).stem}.xlsx")
