"""Score sheets as .xlsx an office can read and edit, and back (new version), with a
per-cell error report. Vietnamese headings, the same for every user (it is an official form)."""

import io
from decimal import Decimal, InvalidOperation

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ocop.core.text import fold_key, nfc

from .sheets import canonical

MAIN = "Phiếu chấm"
PARTS = "Phần"
GATES = "Tiêu chí bắt buộc"
BANDS = "Hạng sao"
BONUS = "Điểm cộng"
RESULT = "Kết quả"

META = [("code", "Mã phiếu"), ("name", "Tên phiếu"), ("name_en", "Tên tiếng Anh"), ("set", "Bộ tiêu chí"),
        ("version", "Phiên bản"), ("groups", "Nhóm sản phẩm áp dụng"), ("verified", "Đã đối chiếu văn bản chính thức"),
        ("note", "Ghi chú")]
TABLE = ["Phần", "Mục", "Tên mục", "Mã tiêu chí", "Tiêu chí", "Mã lựa chọn", "Nội dung lựa chọn", "Điểm", "Chọn"]
BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="E7F3EC")


class WorkbookProblems(ValueError):
    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__("; ".join(f"{cell}: {msg}" for cell, msg in problems))
        self.problems = problems  # (cell reference, message)


def _header(ws, row: int, titles: list[str]) -> None:
    for col, title in enumerate(titles, start=1):
        cell = ws.cell(row=row, column=col, value=title)
        cell.font = BOLD
        cell.fill = HEAD_FILL


def sheet_workbook(data: dict, *, version: int | None = None, answers: dict | None = None, result: dict | None = None,
                   product_name: str = "") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = MAIN
    ws["A1"] = "PHIẾU ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP"
    ws["A1"].font = Font(bold=True, size=13)
    values = {**data, "version": version or data.get("version", 1), "groups": ", ".join(data.get("groups", [])),
              "verified": "Có" if data.get("verified") else "Không"}
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
                           option["code"], option["text"], float(option["points"]), "x" if chosen else None])
                if chosen:
                    for col in range(1, len(TABLE) + 1):
                        ws.cell(row=row, column=col).font = BOLD
                row += 1
    for col, width in enumerate([6, 6, 24, 10, 40, 8, 60, 7, 6], start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    for r in ws.iter_rows(min_row=first + 1):
        for cell in r:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = ws.cell(row=first + 1, column=1)

    parts = wb.create_sheet(PARTS)
    _header(parts, 1, ["Mã phần", "Tên phần", "Điểm tối đa"])
    for p in data["parts"]:
        parts.append([p["code"], p["name"], float(p["max"])])
    gates = wb.create_sheet(GATES)
    _header(gates, 1, ["Hạng sao", "Mã tiêu chí", "Lựa chọn tối thiểu", "Ghi chú"])
    for g in data.get("gates", []):
        gates.append([int(g["stars"]), g["criterion"], g["min_option"], g.get("note", "")])
    bands = wb.create_sheet(BANDS)
    _header(bands, 1, ["Hạng sao", "Điểm tối thiểu"])
    for stars, minimum in sorted(data["bands"].items(), key=lambda kv: -int(kv[0])):
        bands.append([int(stars), float(minimum)])
    bonus = wb.create_sheet(BONUS)
    _header(bonus, 1, ["Mã", "Điểm", "Mô tả"])
    for item in (data.get("bonus") or {}).get("items", []):
        bonus.append([item["flag"], float(item["points"]), item.get("label", "")])
    bonus.append(["Tối đa", float((data.get("bonus") or {}).get("cap", 0)), "Tổng điểm cộng không vượt quá mức này"])
    for sheet_ in (parts, gates, bands, bonus):
        for col in range(1, 5):
            sheet_.column_dimensions[get_column_letter(col)].width = 18 if col != 2 and col != 4 else 40
    if result is not None:
        res = wb.create_sheet(RESULT, 0)
        res["A1"] = "KẾT QUẢ TỰ ĐÁNH GIÁ"
        res["A1"].font = Font(bold=True, size=13)
        rows = [("Sản phẩm", product_name), ("Phiếu", f"{data['code']} (phiên bản {version})"),
                ("Tổng điểm", result["total"]), ("Hạng sao", result["stars"])]
        rows += [(f"Phần {k}", v) for k, v in result["parts"].items()]
        if result.get("bonus"):
            rows.append(("Điểm cộng", result["bonus"]))
        for gate in result.get("gates_failed", []):
            rows.append(("Chưa đạt tiêu chí bắt buộc", f"{gate['criterion']} (hạng {gate['stars']} sao)"))
        nxt = result.get("next_star")
        if nxt:
            rows.append((f"Để đạt {nxt['stars']} sao", f"cần thêm {nxt['points_needed']} điểm"))
            rows += [("", change["text"]) for change in nxt["changes"]]
        for r in rows:
            res.append(list(r))
        res.column_dimensions["A"].width = 28
        res.column_dimensions["B"].width = 90
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _number(value, cell: str, problems) -> Decimal:
    try:
        if isinstance(value, bool):
            raise InvalidOperation
        number = Decimal(str(value).replace(",", ".")) if value is not None and str(value).strip() != "" else None
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        problems.append((cell, f"«{value}» không phải là số"))
        return Decimal(0)
    return number


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value == int(value):
        value = int(value)
    return nfc(str(value))


def parse_sheet_workbook(content: bytes) -> dict:
    """An edited workbook → a sheet document. Raises WorkbookProblems listing every cell at fault."""
    try:
        wb = load_workbook(io.BytesIO(content), data_only=True)
    except Exception:
        raise WorkbookProblems([("tệp", "không phải sổ tính Excel (.xlsx) đọc được")]) from None
    problems: list[tuple[str, str]] = []
    for name in (MAIN, PARTS, GATES, BANDS):
        if name not in wb.sheetnames:
            problems.append((name, "thiếu trang tính này"))
    if problems:
        raise WorkbookProblems(problems)
    ws = wb[MAIN]
    meta, table_row = {}, None
    labels = {fold_key(label): key for key, label in META}
    for row in ws.iter_rows(min_row=1, max_row=30):
        first = row[0].value
        if first is None:
            continue
        if fold_key(str(first)) == fold_key(TABLE[0]) and row[3].value is not None and fold_key(str(row[3].value)) == fold_key(TABLE[3]):
            table_row = row[0].row
            break
        key = labels.get(fold_key(str(first)))
        if key:
            meta[key] = row[1].value
    if table_row is None:
        raise WorkbookProblems([(f"{MAIN}!A1:A30", "không tìm thấy dòng tiêu đề bảng tiêu chí (Phần, Mục, ..., Điểm)")])
    for key in ("code", "name", "set"):
        if not _text(meta.get(key)):
            problems.append((f"{MAIN}!B", f"thiếu «{dict(META)[key]}»"))

    sections: dict[str, dict] = {}
    criteria: dict[str, dict] = {}
    for row in ws.iter_rows(min_row=table_row + 1):
        values = [c.value for c in row[:8]]
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        r = row[0].row
        part, section_code, section_name, ccode, cname, ocode, otext, points = (values + [None] * 8)[:8]
        for col, value, label in ((1, part, "Phần"), (2, section_code, "Mục"), (4, ccode, "Mã tiêu chí"),
                                  (5, cname, "Tiêu chí"), (6, ocode, "Mã lựa chọn"), (7, otext, "Nội dung lựa chọn")):
            if value is None or str(value).strip() == "":
                problems.append((f"{MAIN}!{get_column_letter(col)}{r}", f"thiếu «{label}»"))
        number = _number(points, f"{MAIN}!H{r}", problems)
        if number < 0:
            problems.append((f"{MAIN}!H{r}", "điểm không được âm"))
        section = sections.setdefault(_text(section_code), {"code": _text(section_code), "name": _text(section_name),
                                                             "part": _text(part), "criteria": []})
        if section["part"] != _text(part):
            problems.append((f"{MAIN}!A{r}", f"mục {section_code} đã thuộc phần {section['part']}"))
        criterion = criteria.get(_text(ccode))
        if criterion is None:
            criterion = {"code": _text(ccode), "name": _text(cname), "options": []}
            criteria[_text(ccode)] = criterion
            section["criteria"].append(criterion)
        elif criterion["name"] != _text(cname):
            problems.append((f"{MAIN}!E{r}", f"tiêu chí {ccode} đã có tên khác ở dòng trên"))
        criterion["options"].append({"code": _text(ocode), "text": _text(otext), "points": str(number.normalize())})

    parts = []
    for row in wb[PARTS].iter_rows(min_row=2):
        if row[0].value is None:
            continue
        parts.append({"code": _text(row[0].value), "name": _text(row[1].value),
                      "max": str(_number(row[2].value, f"{PARTS}!C{row[0].row}", problems).normalize())})
    gates = []
    for row in wb[GATES].iter_rows(min_row=2):
        if row[0].value is None:
            continue
        stars = _number(row[0].value, f"{GATES}!A{row[0].row}", problems)
        gates.append({"stars": int(stars), "criterion": _text(row[1].value), "min_option": _text(row[2].value),
                      "note": _text(row[3].value if len(row) > 3 else "")})
    bands = {}
    for row in wb[BANDS].iter_rows(min_row=2):
        if row[0].value is None:
            continue
        bands[str(int(_number(row[0].value, f"{BANDS}!A{row[0].row}", problems)))] = str(
            _number(row[1].value, f"{BANDS}!B{row[0].row}", problems).normalize())
    bonus = {"cap": 0, "items": []}
    if BONUS in wb.sheetnames:
        for row in wb[BONUS].iter_rows(min_row=2):
            if row[0].value is None:
                continue
            if fold_key(str(row[0].value)) == fold_key("Tối đa"):
                bonus["cap"] = str(_number(row[1].value, f"{BONUS}!B{row[0].row}", problems).normalize())
            else:
                bonus["items"].append({"flag": _text(row[0].value),
                                       "points": str(_number(row[1].value, f"{BONUS}!B{row[0].row}", problems).normalize()),
                                       "label": _text(row[2].value)})
    if problems:
        raise WorkbookProblems(problems)
    code = _text(meta["code"])
    set_code = _text(meta["set"])
    used_parts = {s["part"] for s in sections.values()}
    return canonical({
        "code": code, "name": _text(meta["name"]), "name_en": _text(meta.get("name_en")), "set": set_code,
        "taxonomy": set_code, "groups": [g.strip() for g in _text(meta.get("groups")).split(",") if g.strip()],
        "verified": fold_key(_text(meta.get("verified"))) in {"co", "yes", "true", "1", "x"},
        "note": _text(meta.get("note")),
        "parts": [p for p in parts if p["code"] in used_parts] or parts,
        "sections": list(sections.values()),
        "gates": gates, "bands": bands, "bonus": bonus, "total_max": 100,
    })
