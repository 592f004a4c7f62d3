"""The streaming .xlsx writer behind every download: what openpyxl and calamine (the import's reader) read back."""

import datetime as dt
import io
from decimal import Decimal

from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from ocop.core.exports import Sheet, Subheading, xlsx_bytes

ROWS = [["Mật ong <rừng> & \"U Minh\"", 42, 76.5, Decimal("1.25"), dt.date(2024, 5, 10), dt.datetime(2026, 1, 2, 8, 30),
         True, None, "=1+1", "a\x00b", 10**16, "  giữ khoảng trắng  "]]


def _book():
    return xlsx_bytes([Sheet("Sổ đăng ký: OCOP/2026", ["Tên", "Số"], ROWS + [Subheading(["Tổng"])], widths=[30, None],
                             heading="Danh sách", formats={1: "#,##0"}),
                       Sheet("Sổ đăng ký: OCOP/2026", ["x"], [[1]])])


def test_values_types_and_layout_read_back_with_openpyxl():
    wb = load_workbook(io.BytesIO(_book()))
    first, second = wb.worksheets
    assert first.title == "Sổ đăng ký- OCOP-2026" and second.title == "Sổ đăng ký- OCOP-2026 (2)"
    assert first["A1"].value == "Danh sách" and first["A1"].font.b and first["A1"].font.sz == 13
    assert first["A3"].value == "Tên" and first["A3"].font.b and first.freeze_panes == "A4"
    row = [c.value for c in first[4]]
    assert row[:4] == ["Mật ong <rừng> & \"U Minh\"", 42, 76.5, 1.25]
    assert row[4] == dt.datetime(2024, 5, 10) and first["E4"].number_format == "DD/MM/YYYY"
    assert row[5] == dt.datetime(2026, 1, 2, 8, 30) and first["F4"].number_format == "DD/MM/YYYY HH:MM"
    assert row[6] is True and row[7] is None and row[8] == "'=1+1" and row[9] == "ab"
    assert row[10] == str(10**16) and row[11] == "  giữ khoảng trắng  "
    assert first["B4"].number_format == "#,##0" and first["A5"].value == "Tổng" and first["A5"].font.b
    assert first.column_dimensions["A"].width == 30
    assert second["A2"].value == 1


def test_calamine_reads_it_too():
    rows = CalamineWorkbook.from_filelike(io.BytesIO(_book())).get_sheet_by_index(0).to_python()
    assert rows[3][:3] == ["Mật ong <rừng> & \"U Minh\"", 42, 76.5] and rows[3][4] == dt.date(2024, 5, 10)
