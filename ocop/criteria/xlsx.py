"""Score sheets as .xlsx an office can read and edit, and back (new version), with a
per-cell error report. Vietnamese headings, the same for every user (it is an official form).

Every field of a sheet document makes the round trip: the main table (parts, sections,
criteria, options with points and effort class), the sections, the criteria's maxima, notes and
evidence, the gates (star minima), the disqualifying conditions and the recorded
inconsistencies of the printed text. The star bands are shown but not read back: they belong to
the criteria version. A workbook that breaks a sum, names an unknown criterion in a gate or
repeats an option is refused, each problem with its cell.
"""

import io
from decimal import Decimal, InvalidOperation

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ocop.core.text import fold_key, nfc

from .canonical import canonical
from .validation import problems_of

MAIN = "Phiếu chấm"
PARTS = "Phần"
SECTIONS = "Mục"
CRITERIA = "Tiêu chí"
GATES = "Tiêu chí bắt buộc"
KNOCKOUTS = "Điều kiện loại"
RECORDS = "Không nhất quán"
BANDS = "Hạng sao"
BONUS = "Điểm cộng"
RESULT = "Kết quả"

META = [("code", "Mã phiếu"), ("name", "Tên phiếu"), ("name_en", "Tên tiếng Anh"), ("set", "Bộ tiêu chí"),
        ("version", "Phiên bản"), ("groups", "Nhóm sản phẩm áp dụng"), ("verified", "Đã đối chiếu văn bản chính thức"),
        ("official", "Phiếu chính thức"), ("note", "Ghi chú"), ("heading", "Tên in ở đầu phiếu"),
        ("labels", "Dòng sản phẩm, nhóm"), ("knockout_heading", "Tiêu đề điều kiện loại"),
        ("total_printed", "Tổng cộng in trên phiếu"), ("text_note", "Ghi chú về văn bản")]
TABLE = ["Phần", "Mục", "Tên mục", "Mã tiêu chí", "Tiêu chí", "Mã lựa chọn", "Nội dung lựa chọn", "Điểm", "Chọn",
         "Công sức (1-3)", "Trường hợp", "Loại hồ sơ nếu chọn", "Suy ra (không in)", "Ghi chú về văn bản"]
SECTION_COLUMNS = ["Mã mục", "Tên mục", "Tên tiếng Anh", "Phần", "Điểm tối đa", "Mục cha", "Ghi chú", "Ghi chú về văn bản"]
CRITERION_COLUMNS = ["Mã tiêu chí", "Tiêu chí", "Điểm tối đa", "Ghi chú", "Minh chứng", "Trường hợp", "Ghi chú về văn bản"]
PART_COLUMNS = ["Mã phần", "Tên phần", "Điểm tối đa", "Tên tiếng Anh", "Điểm in ở tiêu đề"]
KNOCKOUT_COLUMNS = ["Mã", "Nội dung", "Tiêu chí", "Ghi chú về văn bản"]
RECORD_COLUMNS = ["Phạm vi", "Mã", "Loại", "Số in", "Nội dung"]
SCOPES = {"phiếu": "sheet", "phần": "part", "mục": "section", "tiêu chí": "criterion"}
YES = {"co", "yes", "true", "1", "x"}
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


def _lines(values) -> str:
    return "\n".join(values or [])


def _widths(ws, widths) -> None:
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width


def sheet_workbook(data: dict, *, version: int | None = None, answers: dict | None = None, result: dict | None = None,
                   product_name: str = "") -> bytes:
    wb = Workbook()
    ws = wb.active
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

    parts = wb.create_sheet(PARTS)
    _header(parts, 1, PART_COLUMNS)
    for p in data["parts"]:
        parts.append([p["code"], p["name"], float(p["max"]), p.get("name_en") or None,
                      float(p["title_max"]) if p.get("title_max") else None])
    sections = wb.create_sheet(SECTIONS)
    _header(sections, 1, SECTION_COLUMNS)
    for s in data["sections"]:
        sections.append([s["code"], s["name"], s.get("name_en") or None, s["part"],
                         float(s["max"]) if s.get("max") else None, s.get("parent") or None,
                         _lines(s.get("notes")) or None, s.get("text_note") or None])
    criteria = wb.create_sheet(CRITERIA)
    _header(criteria, 1, CRITERION_COLUMNS)
    for s in data["sections"]:
        for c in s["criteria"]:
            criteria.append([c["code"], c["name"], float(c["max"]) if c.get("max") else None, _lines(c.get("notes")) or None,
                             c.get("evidence") or None, _lines(f"{k['code']}: {k['name']}" for k in c.get("cases", [])) or None,
                             c.get("text_note") or None])
    gates = wb.create_sheet(GATES)
    _header(gates, 1, ["Hạng sao", "Mã tiêu chí", "Lựa chọn tối thiểu", "Ghi chú"])
    for g in data.get("gates", []):
        gates.append([int(g["stars"]), g["criterion"], g["min_option"], g.get("note", "")])
    knockouts = wb.create_sheet(KNOCKOUTS)
    _header(knockouts, 1, KNOCKOUT_COLUMNS)
    for k in data.get("knockouts", []):
        knockouts.append([k["code"], k["text"], k.get("criterion") or None, k.get("text_note") or None])
    records = wb.create_sheet(RECORDS)
    _header(records, 1, RECORD_COLUMNS)
    scope_names = {v: k for k, v in SCOPES.items()}
    for scope, code, element in [("sheet", "", data), *(("part", p["code"], p) for p in data["parts"]),
                                 *(("section", s["code"], s) for s in data["sections"]),
                                 *(("criterion", c["code"], c) for s in data["sections"] for c in s["criteria"])]:
        for r in element.get("inconsistency", []):
            records.append([scope_names[scope], code or None, r["kind"], r["found"], r["text"]])
    bands = wb.create_sheet(BANDS)
    _header(bands, 1, ["Hạng sao", "Điểm tối thiểu"])
    for stars, minimum in sorted(data["bands"].items(), key=lambda kv: -int(kv[0])):
        bands.append([int(stars), float(minimum)])
    bands.append([])
    bands.append(["Theo bộ tiêu chí (không sửa ở đây)"])
    bonus = wb.create_sheet(BONUS)
    _header(bonus, 1, ["Mã", "Điểm", "Mô tả"])
    for item in (data.get("bonus") or {}).get("items", []):
        bonus.append([item["flag"], float(item["points"]), item.get("label", "")])
    bonus.append(["Tối đa", float((data.get("bonus") or {}).get("cap", 0)), "Tổng điểm cộng không vượt quá mức này"])
    for sheet_ in (parts, sections, criteria, gates, knockouts, records, bands, bonus):
        _widths(sheet_, [14, 50, 18, 40, 40, 20, 30])
    if result is not None:
        _result_sheet(wb, data, version, result, product_name)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


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


# -- reading back ----------------------------------------------------------------------------

def _number(value, cell: str, problems, *, blank_ok: bool = False) -> Decimal | None:
    if blank_ok and (value is None or str(value).strip() == ""):
        return None
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


def _multiline(value) -> list[str]:
    if value is None:
        return []
    return [nfc(line) for line in str(value).splitlines() if nfc(line)]


def _flag(value) -> bool:
    return fold_key(_text(value)) in YES


def _rows(ws, min_row=2):
    for row in ws.iter_rows(min_row=min_row):
        if row and row[0].value is not None and str(row[0].value).strip() != "":
            yield row[0].row, [c.value for c in row] + [None] * 10


def parse_sheet_workbook(content: bytes) -> dict:
    """An edited workbook → a sheet document. Raises WorkbookProblems listing every cell at fault,
    the problems of the sheet itself (sums, gates, repeated options…) included."""
    try:
        wb = load_workbook(io.BytesIO(content), data_only=True)
    except Exception:
        raise WorkbookProblems([("tệp", "không phải sổ tính Excel (.xlsx) đọc được")]) from None
    problems: list[tuple[str, str]] = []
    for name in (MAIN, PARTS, GATES):
        if name not in wb.sheetnames:
            problems.append((name, "thiếu trang tính này"))
    if problems:
        raise WorkbookProblems(problems)
    ws = wb[MAIN]
    meta, meta_rows, table_row = {}, {}, None
    labels = {fold_key(label): key for key, label in META}
    for row in ws.iter_rows(min_row=1, max_row=40):
        first = row[0].value
        if first is None:
            continue
        if fold_key(str(first)) == fold_key(TABLE[0]) and row[3].value is not None and fold_key(str(row[3].value)) == fold_key(TABLE[3]):
            table_row = row[0].row
            break
        key = labels.get(fold_key(str(first)))
        if key:
            meta[key] = row[1].value
            meta_rows[key] = row[0].row
    if table_row is None:
        raise WorkbookProblems([(f"{MAIN}!A1:A40", "không tìm thấy dòng tiêu đề bảng tiêu chí (Phần, Mục, ..., Điểm)")])
    for key in ("code", "name", "set"):
        if not _text(meta.get(key)):
            problems.append((f"{MAIN}!B{meta_rows.get(key, '')}", f"thiếu «{dict(META)[key]}»"))

    cells: dict[tuple, str] = {("sheet",): f"{MAIN}!B{meta_rows.get('code', 2)}"}
    sections: dict[str, dict] = {}
    criteria: dict[str, dict] = {}
    for row in ws.iter_rows(min_row=table_row + 1):
        values = [c.value for c in row[:len(TABLE)]] + [None] * len(TABLE)
        if all(v is None or str(v).strip() == "" for v in values[:8]):
            continue
        r = row[0].row
        part, section_code, section_name, ccode, cname, ocode, otext, points = values[:8]
        effort, case, knockout, derived, text_note = values[9:14]
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
            cells[("criterion", criterion["code"])] = f"{MAIN}!D{r}"
        elif criterion["name"] != _text(cname):
            problems.append((f"{MAIN}!E{r}", f"tiêu chí {ccode} đã có tên khác ở dòng trên"))
        option_code = _text(ocode)
        if any(o["code"] == option_code for o in criterion["options"]):
            problems.append((f"{MAIN}!F{r}", f"tiêu chí {ccode} đã có lựa chọn {option_code} ở dòng trên"))
        option = {"code": option_code, "text": _text(otext), "points": str(number.normalize()), "effort": _text(effort)}
        for key, value in (("case", _text(case)), ("text_note", _text(text_note))):
            if value:
                option[key] = value
        if _flag(knockout):
            option["knockout"] = True
        if _flag(derived):
            option["derived"] = True
        criterion["options"].append(option)
        for column, letter in (("code", "F"), ("points", "H"), ("effort", "J"), ("case", "K")):
            cells.setdefault(("option", criterion["code"], option_code, column), f"{MAIN}!{letter}{r}")

    parts = []
    for r, v in _rows(wb[PARTS]):
        part = {"code": _text(v[0]), "name": _text(v[1]), "max": str(_number(v[2], f"{PARTS}!C{r}", problems).normalize())}
        if _text(v[3]):
            part["name_en"] = _text(v[3])
        title = _number(v[4], f"{PARTS}!E{r}", problems, blank_ok=True)
        if title is not None:
            part["title_max"] = str(title.normalize())
        parts.append(part)
        cells[("part", part["code"])] = f"{PARTS}!C{r}"
    if SECTIONS in wb.sheetnames:
        ordered: dict[str, dict] = {}
        listed = list(_rows(wb[SECTIONS]))
        parents = {_text(v[5]) for _r, v in listed if _text(v[5])}
        for r, v in listed:
            code = _text(v[0])
            section = sections.get(code)
            if section is None:  # a section made only of sub-sections (e.g. 6 → 6.1, 6.2)
                if code not in parents:
                    problems.append((f"{SECTIONS}!A{r}", f"mục {code} không có tiêu chí nào trên trang «{MAIN}»"))
                section = {"code": code, "name": _text(v[1]), "part": _text(v[3]), "criteria": []}
            maximum = _number(v[4], f"{SECTIONS}!E{r}", problems, blank_ok=True)
            section.update({"name_en": _text(v[2]), "max": str(maximum.normalize()) if maximum is not None else "",
                            "parent": _text(v[5]), "notes": _multiline(v[6]), "text_note": _text(v[7])})
            cells[("section", code)] = f"{SECTIONS}!E{r}"
            ordered[code] = section
        sections = {**ordered, **{code: s for code, s in sections.items() if code not in ordered}}
    if CRITERIA in wb.sheetnames:
        for r, v in _rows(wb[CRITERIA]):
            criterion = criteria.get(_text(v[0]))
            if criterion is None:
                problems.append((f"{CRITERIA}!A{r}", f"tiêu chí {_text(v[0])} không có trên trang «{MAIN}»"))
                continue
            maximum = _number(v[2], f"{CRITERIA}!C{r}", problems, blank_ok=True)
            cases = []
            for line in _multiline(v[5]):
                code, _sep, name = line.partition(":")
                cases.append({"code": code.strip(), "name": name.strip()})
            criterion.update({"max": str(maximum.normalize()) if maximum is not None else "", "notes": _multiline(v[3]),
                              "evidence": _text(v[4]), "cases": cases, "text_note": _text(v[6])})
            if maximum is not None:
                cells[("criterion", criterion["code"])] = f"{CRITERIA}!C{r}"
    gates = []
    for r, v in _rows(wb[GATES]):
        stars = _number(v[0], f"{GATES}!A{r}", problems)
        cells[("gate", len(gates), "stars")] = f"{GATES}!A{r}"
        cells[("gate", len(gates), "criterion")] = f"{GATES}!B{r}"
        cells[("gate", len(gates), "option")] = f"{GATES}!C{r}"
        gates.append({"stars": int(stars), "criterion": _text(v[1]), "min_option": _text(v[2]), "note": _text(v[3])})
    knockouts = []
    if KNOCKOUTS in wb.sheetnames:
        for r, v in _rows(wb[KNOCKOUTS]):
            cells[("knockout", len(knockouts))] = f"{KNOCKOUTS}!A{r}"
            knockout = {"code": _text(v[0]), "text": _text(v[1]), "criterion": _text(v[2])}
            if _text(v[3]):
                knockout["text_note"] = _text(v[3])
            knockouts.append(knockout)
    sheet_records: list[dict] = []
    if RECORDS in wb.sheetnames:
        elements = {("part", p["code"]): p for p in parts}
        elements.update({("section", s["code"]): s for s in sections.values()})
        elements.update({("criterion", c["code"]): c for c in criteria.values()})
        for r, v in _rows(wb[RECORDS]):
            scope = SCOPES.get(_text(v[0]).lower())
            record = {"kind": _text(v[2]), "found": _text(v[3]), "text": _text(v[4])}
            if scope == "sheet":
                sheet_records.append(record)
            elif scope and (scope, _text(v[1])) in elements:
                elements[(scope, _text(v[1]))].setdefault("inconsistency", []).append(record)
            else:
                problems.append((f"{RECORDS}!A{r}", f"không có {_text(v[0])} {_text(v[1])} trên phiếu"))
    bonus = {"cap": 0, "items": []}
    if BONUS in wb.sheetnames:
        for r, v in _rows(wb[BONUS]):
            if fold_key(str(v[0])) == fold_key("Tối đa"):
                bonus["cap"] = str(_number(v[1], f"{BONUS}!B{r}", problems).normalize())
            else:
                bonus["items"].append({"flag": _text(v[0]), "points": str(_number(v[1], f"{BONUS}!B{r}", problems).normalize()),
                                       "label": _text(v[2])})
    if problems:
        raise WorkbookProblems(problems)
    set_code = _text(meta["set"])
    used_parts = {s["part"] for s in sections.values()}
    document = canonical({
        "code": _text(meta["code"]), "name": _text(meta["name"]), "name_en": _text(meta.get("name_en")), "set": set_code,
        "taxonomy": set_code, "groups": [g.strip() for g in _text(meta.get("groups")).split(",") if g.strip()],
        "verified": _flag(meta.get("verified")), "official": _flag(meta.get("official")),
        "note": _text(meta.get("note")), "heading": _text(meta.get("heading")), "labels": _text(meta.get("labels")),
        "knockout_heading": _text(meta.get("knockout_heading")), "total_printed": _text(meta.get("total_printed")),
        "text_note": _text(meta.get("text_note")), "inconsistency": sheet_records,
        "parts": [p for p in parts if p["code"] in used_parts] or parts,
        "sections": list(sections.values()),
        "gates": gates, "knockouts": knockouts, "bonus": bonus, "total_max": 100,
    })
    _raise_with_cells(document, cells)
    return document


def _raise_with_cells(document: dict, cells: dict[tuple, str]) -> None:
    """The sheet's own problems (sums, gates, repeated options…), each at its cell."""
    found = problems_of(document)
    if not found:
        return
    located = []
    for problem in found:
        where = problem.where
        cell = cells.get(where)
        if cell is None and where[0] == "option":
            cell = cells.get(("option", where[1], where[2], "code")) or cells.get(("criterion", where[1]))
        if cell is None and where[0] == "gate":
            cell = cells.get(("gate", where[1], "criterion"))
        located.append((cell or cells[("sheet",)], problem.localized()))
    raise WorkbookProblems(located)
