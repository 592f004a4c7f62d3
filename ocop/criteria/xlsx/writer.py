"""A sheet document as a workbook: the main table (the chosen options in bold when answers are
given), one tab for each other part of the document, and the result of a self-assessment first
when there is one."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .layout import (BAND_COLUMNS, BANDS, BONUS, BONUS_CAP, BONUS_COLUMNS, CRITERIA, CRITERION_COLUMNS, GATE_COLUMNS,
                     GATES, KNOCKOUT_COLUMNS, KNOCKOUTS, MAIN, META, PART_COLUMNS, PARTS, RECORD_COLUMNS, RECORDS,
                     RESULT, SCOPES, SECTION_COLUMNS, SECTIONS, TABLE)

BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="E7F3EC")


def sheet_workbook(data: dict, *, version: int | None = None, answers: dict | None = None, result: dict | None = None,
                   product_name: str = "") -> bytes:
    wb = Workbook()
    _main_tab(wb.active, data, version, answers, product_name)
    for title, columns, rows in ((PARTS, PART_COLUMNS, _part_rows(data)),
                                 (SECTIONS, SECTION_COLUMNS, _section_rows(data)),
                                 (CRITERIA, CRITERION_COLUMNS, _criterion_rows(data)),
                                 (GATES, GATE_COLUMNS, _gate_rows(data)),
                                 (KNOCKOUTS, KNOCKOUT_COLUMNS, _knockout_rows(data)),
                                 (RECORDS, RECORD_COLUMNS, _record_rows(data)),
                                 (BANDS, BAND_COLUMNS, _band_rows(data)),
                                 (BONUS, BONUS_COLUMNS, _bonus_rows(data))):
        _tab(wb, title, columns, rows)
    if result is not None:
        _result_sheet(wb, data, version, result, product_name)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _header(ws, row: int, titles: list[str]) -> None:
    for col, title in enumerate(titles, start=1):
        cell = ws.cell(row=row, column=col, value=title)
        cell.font = BOLD
        cell.fill = HEAD_FILL


def _lines(values) -> str:
    return "\n".join(values or [])


def _widths(ws, widths) -> None:
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width


def _tab(wb, title: str, columns: list[str], rows) -> None:
    ws = wb.create_sheet(title)
    _header(ws, 1, columns)
    for row in rows:
        ws.append(row)
    _widths(ws, [14, 50, 18, 40, 40, 20, 30])


def _main_tab(ws, data: dict, version: int | None, answers: dict | None, product_name: str) -> None:
    """The sheet's fields, then one row per option (the chosen ones in bold)."""
    ws.title = MAIN
    ws["A1"] = "PHIẾU ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP"
    ws["A1"].font = Font(bold=True, size=13)
    values = {**data, "version": version or data.get("version", 1), "groups": ", ".join(data.get("groups", [])),
              "verified": "Có" if data.get("verified") else "Không", "official": "Có" if data.get("official") else "Không"}
    for row, (key, label) in enumerate(META, start=2):
        ws.cell(row=row, column=1, value=label).font = BOLD
        ws.cell(row=row, column=2, value=values.get(key, ""))
    first = len(META) + 3
    if product_name:
        ws.cell(row=first - 1, column=1, value="Sản phẩm").font = BOLD
        ws.cell(row=first - 1, column=2, value=product_name)
    _header(ws, first, TABLE)
    row = first + 1
    for section in data["sections"]:
        for criterion in section["criteria"]:
            for option in criterion["options"]:
                chosen = answers is not None and answers.get(criterion["code"]) == option["code"]
                ws.append([section["part"], section["code"], section["name"], criterion["code"], criterion["name"],
                           option["code"], option["text"], float(option["points"]), "x" if chosen else None,
                           option.get("effort"), option.get("case") or None, "x" if option.get("knockout") else None,
                           "x" if option.get("derived") else None, option.get("text_note") or None])
                if chosen:
                    for col in range(1, len(TABLE) + 1):
                        ws.cell(row=row, column=col).font = BOLD
                row += 1
    _widths(ws, [6, 6, 24, 10, 40, 8, 60, 7, 6, 9, 9, 9, 9, 30])
    for r in ws.iter_rows(min_row=first + 1):
        for cell in r:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = ws.cell(row=first + 1, column=1)


def _part_rows(data: dict):
    for p in data["parts"]:
        yield [p["code"], p["name"], float(p["max"]), p.get("name_en") or None,
               float(p["title_max"]) if p.get("title_max") else None]


def _section_rows(data: dict):
    for s in data["sections"]:
        yield [s["code"], s["name"], s.get("name_en") or None, s["part"], float(s["max"]) if s.get("max") else None,
               s.get("parent") or None, _lines(s.get("notes")) or None, s.get("text_note") or None]


def _criterion_rows(data: dict):
    for s in data["sections"]:
        for c in s["criteria"]:
            yield [c["code"], c["name"], float(c["max"]) if c.get("max") else None, _lines(c.get("notes")) or None,
                   c.get("evidence") or None, _lines(f"{k['code']}: {k['name']}" for k in c.get("cases", [])) or None,
                   c.get("text_note") or None]


def _gate_rows(data: dict):
    for g in data.get("gates", []):
        yield [int(g["stars"]), g["criterion"], g["min_option"], g.get("note", "")]


def _knockout_rows(data: dict):
    for k in data.get("knockouts", []):
        yield [k["code"], k["text"], k.get("criterion") or None, k.get("text_note") or None]


def _record_rows(data: dict):
    """The recorded inconsistencies of the printed text, of the sheet and of each element."""
    scope_names = {v: k for k, v in SCOPES.items()}
    for scope, code, element in [("sheet", "", data), *(("part", p["code"], p) for p in data["parts"]),
                                 *(("section", s["code"], s) for s in data["sections"]),
                                 *(("criterion", c["code"], c) for s in data["sections"] for c in s["criteria"])]:
        for r in element.get("inconsistency", []):
            yield [scope_names[scope], code or None, r["kind"], r["found"], r["text"]]


def _band_rows(data: dict):
    for stars, minimum in sorted(data["bands"].items(), key=lambda kv: -int(kv[0])):
        yield [int(stars), float(minimum)]
    yield []
    yield ["Theo bộ tiêu chí (không sửa ở đây)"]


def _bonus_rows(data: dict):
    for item in (data.get("bonus") or {}).get("items", []):
        yield [item["flag"], float(item["points"]), item.get("label", "")]
    yield [BONUS_CAP, float((data.get("bonus") or {}).get("cap", 0)), "Tổng điểm cộng không vượt quá mức này"]


def _result_sheet(wb, data, version, result, product_name) -> None:
    res = wb.create_sheet(RESULT, 0)
    res["A1"] = "KẾT QUẢ TỰ ĐÁNH GIÁ"
    res["A1"].font = Font(bold=True, size=13)
    rows = [("Sản phẩm", product_name), ("Phiếu", f"{data['code']} (phiên bản {version})"),
            ("Tổng điểm", result["total"]), ("Hạng sao", result["stars"] if result["stars"] is not None else "bị loại")]
    rows += [(f"Phần {k}", v) for k, v in result["parts"].items()]
    if result.get("bonus"):
        rows.append(("Điểm cộng", result["bonus"]))
    for knockout in result.get("disqualified", []):
        rows.append(("Bị loại", f"{knockout['code']}: {knockout['text']}"))
    for gate in result.get("gates_failed", []):
        rows.append(("Chưa đạt mức tối thiểu", f"{gate['criterion']} (hạng {gate['stars']} sao)"))
    for way in [result.get("next_star"), *result.get("alternatives", [])]:
        if way:
            label = "ít công sức nhất" if way.get("kind") == "least_effort" else "ít thay đổi nhất"
            rows.append((f"Để đạt {way['stars']} sao ({label})",
                         f"cần thêm {way['points_needed']} điểm; tổng công sức {way.get('effort', '')}"))
            rows += [("", change["text"]) for change in way["changes"]]
    for r in rows:
        res.append(list(r))
    res.column_dimensions["A"].width = 28
    res.column_dimensions["B"].width = 90
