"""An edited workbook back to a sheet document: one reader per tab, each giving its piece of the
document, the problems it found (cell, message) and the cells where the sheet's own problems
(sums, gates, repeated options…) are shown; the readers of the secondary tabs complete the
sections and criteria of the main table."""

import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ocop.core.text import fold_key, nfc

from ..canonical import canonical
from ..validation import problems_of
from .layout import BONUS, BONUS_CAP, CRITERIA, GATES, KNOCKOUTS, MAIN, META, PARTS, RECORDS, SCOPES, SECTIONS, TABLE

YES = {"co", "yes", "true", "1", "x"}


class WorkbookProblems(ValueError):
    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__("; ".join(f"{cell}: {msg}" for cell, msg in problems))
        self.problems = problems  # (cell reference, message)


@dataclass
class _Read:
    """What one tab gives: its piece of the document, the problems found in it (cell, message)
    and where its elements are (element → cell) for the sheet's own problems."""

    piece: object
    problems: list[tuple[str, str]] = field(default_factory=list)
    cells: dict[tuple, str] = field(default_factory=dict)


def parse_sheet_workbook(content: bytes) -> dict:
    """An edited workbook → a sheet document. Raises WorkbookProblems listing every cell at fault,
    the problems of the sheet itself (sums, gates, repeated options…) included."""
    wb = _open(content)
    table_row = _table_row(wb[MAIN])
    meta = _read_meta(wb[MAIN], table_row)
    table = _read_table(wb[MAIN], table_row)
    sections, criteria = table.piece
    parts = _read_parts(wb[PARTS])
    sections = _read_sections(_tab(wb, SECTIONS), sections)
    notes = _read_criteria_notes(_tab(wb, CRITERIA), criteria)
    gates = _read_gates(wb[GATES])
    knockouts = _read_knockouts(_tab(wb, KNOCKOUTS))
    records = _read_records(_tab(wb, RECORDS), parts.piece, sections.piece, criteria)
    bonus = _read_bonus(_tab(wb, BONUS))
    readings = [meta, table, parts, sections, notes, gates, knockouts, records, bonus]
    problems = [problem for reading in readings for problem in reading.problems]
    if problems:
        raise WorkbookProblems(problems)
    document = _document(meta.piece, parts.piece, list(sections.piece.values()), gates.piece, knockouts.piece,
                         records.piece, bonus.piece)
    cells = {}
    for reading in readings:
        cells.update(reading.cells)
    _raise_with_cells(document, cells)
    return document


# -- cells ---------------------------------------------------------------------------------------

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


def _normal(number: Decimal | None) -> str:
    """A number read from a cell as the document writes it; "" for a blank cell."""
    return str(number.normalize()) if number is not None else ""


def _rows(ws, min_row=2):
    """(row number, values) of each row whose first cell is filled; none when the tab is missing."""
    if ws is None:
        return
    for row in ws.iter_rows(min_row=min_row):
        if row and row[0].value is not None and str(row[0].value).strip() != "":
            yield row[0].row, [c.value for c in row] + [None] * 10


# -- the tabs ------------------------------------------------------------------------------------

def _open(content: bytes):
    """The workbook, with the tabs it cannot do without."""
    try:
        wb = load_workbook(io.BytesIO(content), data_only=True)
    except Exception:
        raise WorkbookProblems([("tệp", "không phải sổ tính Excel (.xlsx) đọc được")]) from None
    missing = [(name, "thiếu trang tính này") for name in (MAIN, PARTS, GATES) if name not in wb.sheetnames]
    if missing:
        raise WorkbookProblems(missing)
    return wb


def _tab(wb, name: str):
    """An optional tab, or None."""
    return wb[name] if name in wb.sheetnames else None


def _table_row(ws) -> int:
    """The heading row of the main table, within the first 40 rows."""
    for row in ws.iter_rows(min_row=1, max_row=40):
        first = row[0].value
        if (first is not None and fold_key(str(first)) == fold_key(TABLE[0]) and row[3].value is not None
                and fold_key(str(row[3].value)) == fold_key(TABLE[3])):
            return row[0].row
    raise WorkbookProblems([(f"{MAIN}!A1:A40", "không tìm thấy dòng tiêu đề bảng tiêu chí (Phần, Mục, ..., Điểm)")])


def _read_meta(ws, table_row: int) -> _Read:
    """The sheet's fields above the table (label in A, value in B); code, name and set required."""
    meta, meta_rows = {}, {}
    labels = {fold_key(label): key for key, label in META}
    for row in ws.iter_rows(min_row=1, max_row=table_row):
        first = row[0].value
        if row[0].row == table_row:
            break
        key = labels.get(fold_key(str(first))) if first is not None else None
        if key:
            meta[key] = row[1].value
            meta_rows[key] = row[0].row
    problems = [(f"{MAIN}!B{meta_rows.get(key, '')}", f"thiếu «{dict(META)[key]}»")
                for key in ("code", "name", "set") if not _text(meta.get(key))]
    return _Read(meta, problems, {("sheet",): f"{MAIN}!B{meta_rows.get('code', 2)}"})


def _read_table(ws, table_row: int) -> _Read:
    """The main table, one row per option: the sections (code → section, with their criteria in
    order) and the criteria (code → criterion)."""
    read = _Read(None)
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
                read.problems.append((f"{MAIN}!{get_column_letter(col)}{r}", f"thiếu «{label}»"))
        number = _number(points, f"{MAIN}!H{r}", read.problems)
        if number < 0:
            read.problems.append((f"{MAIN}!H{r}", "điểm không được âm"))
        section = sections.setdefault(_text(section_code), {"code": _text(section_code), "name": _text(section_name),
                                                             "part": _text(part), "criteria": []})
        if section["part"] != _text(part):
            read.problems.append((f"{MAIN}!A{r}", f"mục {section_code} đã thuộc phần {section['part']}"))
        criterion = criteria.get(_text(ccode))
        if criterion is None:
            criterion = {"code": _text(ccode), "name": _text(cname), "options": []}
            criteria[_text(ccode)] = criterion
            section["criteria"].append(criterion)
            read.cells[("criterion", criterion["code"])] = f"{MAIN}!D{r}"
        elif criterion["name"] != _text(cname):
            read.problems.append((f"{MAIN}!E{r}", f"tiêu chí {ccode} đã có tên khác ở dòng trên"))
        option_code = _text(ocode)
        if any(o["code"] == option_code for o in criterion["options"]):
            read.problems.append((f"{MAIN}!F{r}", f"tiêu chí {ccode} đã có lựa chọn {option_code} ở dòng trên"))
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
            read.cells.setdefault(("option", criterion["code"], option_code, column), f"{MAIN}!{letter}{r}")
    read.piece = (sections, criteria)
    return read


def _read_parts(ws) -> _Read:
    read = _Read([])
    for r, v in _rows(ws):
        part = {"code": _text(v[0]), "name": _text(v[1]), "max": str(_number(v[2], f"{PARTS}!C{r}", read.problems).normalize())}
        if _text(v[3]):
            part["name_en"] = _text(v[3])
        title = _number(v[4], f"{PARTS}!E{r}", read.problems, blank_ok=True)
        if title is not None:
            part["title_max"] = _normal(title)
        read.piece.append(part)
        read.cells[("part", part["code"])] = f"{PARTS}!C{r}"
    return read


def _read_sections(ws, sections: dict[str, dict]) -> _Read:
    """The sections in the tab's order (those only in the main table after them), completed in
    place with their maxima, parents and notes; a section made only of sub-sections (e.g. 6 →
    6.1, 6.2) is listed here alone."""
    read = _Read(None)
    ordered: dict[str, dict] = {}
    listed = list(_rows(ws))
    parents = {_text(v[5]) for _r, v in listed if _text(v[5])}
    for r, v in listed:
        code = _text(v[0])
        section = sections.get(code)
        if section is None:
            if code not in parents:
                read.problems.append((f"{SECTIONS}!A{r}", f"mục {code} không có tiêu chí nào trên trang «{MAIN}»"))
            section = {"code": code, "name": _text(v[1]), "part": _text(v[3]), "criteria": []}
        maximum = _number(v[4], f"{SECTIONS}!E{r}", read.problems, blank_ok=True)
        section.update({"name_en": _text(v[2]), "max": _normal(maximum), "parent": _text(v[5]),
                        "notes": _multiline(v[6]), "text_note": _text(v[7])})
        read.cells[("section", code)] = f"{SECTIONS}!E{r}"
        ordered[code] = section
    read.piece = {**ordered, **{code: s for code, s in sections.items() if code not in ordered}}
    return read


def _read_criteria_notes(ws, criteria: dict[str, dict]) -> _Read:
    """The criteria's maxima, notes, evidence and cases, completing the main table's criteria in
    place."""
    read = _Read(criteria)
    for r, v in _rows(ws):
        criterion = criteria.get(_text(v[0]))
        if criterion is None:
            read.problems.append((f"{CRITERIA}!A{r}", f"tiêu chí {_text(v[0])} không có trên trang «{MAIN}»"))
            continue
        maximum = _number(v[2], f"{CRITERIA}!C{r}", read.problems, blank_ok=True)
        cases = []
        for line in _multiline(v[5]):
            code, _sep, name = line.partition(":")
            cases.append({"code": code.strip(), "name": name.strip()})
        criterion.update({"max": _normal(maximum), "notes": _multiline(v[3]), "evidence": _text(v[4]), "cases": cases,
                          "text_note": _text(v[6])})
        if maximum is not None:
            read.cells[("criterion", criterion["code"])] = f"{CRITERIA}!C{r}"
    return read


def _read_gates(ws) -> _Read:
    read = _Read([])
    for r, v in _rows(ws):
        stars = _number(v[0], f"{GATES}!A{r}", read.problems)
        index = len(read.piece)
        for column, letter in (("stars", "A"), ("criterion", "B"), ("option", "C")):
            read.cells[("gate", index, column)] = f"{GATES}!{letter}{r}"
        read.piece.append({"stars": int(stars), "criterion": _text(v[1]), "min_option": _text(v[2]), "note": _text(v[3])})
    return read


def _read_knockouts(ws) -> _Read:
    read = _Read([])
    for r, v in _rows(ws):
        read.cells[("knockout", len(read.piece))] = f"{KNOCKOUTS}!A{r}"
        knockout = {"code": _text(v[0]), "text": _text(v[1]), "criterion": _text(v[2])}
        if _text(v[3]):
            knockout["text_note"] = _text(v[3])
        read.piece.append(knockout)
    return read


def _read_records(ws, parts: list[dict], sections: dict[str, dict], criteria: dict[str, dict]) -> _Read:
    """The recorded inconsistencies of the printed text: the sheet's own are the piece, those of a
    part, section or criterion are attached to it in place."""
    read = _Read([])
    elements = {("part", p["code"]): p for p in parts}
    elements.update({("section", s["code"]): s for s in sections.values()})
    elements.update({("criterion", c["code"]): c for c in criteria.values()})
    for r, v in _rows(ws):
        scope = SCOPES.get(_text(v[0]).lower())
        record = {"kind": _text(v[2]), "found": _text(v[3]), "text": _text(v[4])}
        if scope == "sheet":
            read.piece.append(record)
        elif scope and (scope, _text(v[1])) in elements:
            elements[(scope, _text(v[1]))].setdefault("inconsistency", []).append(record)
        else:
            read.problems.append((f"{RECORDS}!A{r}", f"không có {_text(v[0])} {_text(v[1])} trên phiếu"))
    return read


def _read_bonus(ws) -> _Read:
    """The bonus items, and the cap on the row named «Tối đa»."""
    read = _Read({"cap": 0, "items": []})
    for r, v in _rows(ws):
        points = str(_number(v[1], f"{BONUS}!B{r}", read.problems).normalize())
        if fold_key(str(v[0])) == fold_key(BONUS_CAP):
            read.piece["cap"] = points
        else:
            read.piece["items"].append({"flag": _text(v[0]), "points": points, "label": _text(v[2])})
    return read


# -- the document --------------------------------------------------------------------------------

def _document(meta: dict, parts: list[dict], sections: list[dict], gates: list[dict], knockouts: list[dict],
              records: list[dict], bonus: dict) -> dict:
    """The sheet document in its canonical form; only the parts that have sections (else all)."""
    set_code = _text(meta["set"])
    used_parts = {s["part"] for s in sections}
    return canonical({
        "code": _text(meta["code"]), "name": _text(meta["name"]), "name_en": _text(meta.get("name_en")), "set": set_code,
        "taxonomy": set_code, "groups": [g.strip() for g in _text(meta.get("groups")).split(",") if g.strip()],
        "verified": _flag(meta.get("verified")), "official": _flag(meta.get("official")),
        "note": _text(meta.get("note")), "heading": _text(meta.get("heading")), "labels": _text(meta.get("labels")),
        "knockout_heading": _text(meta.get("knockout_heading")), "total_printed": _text(meta.get("total_printed")),
        "text_note": _text(meta.get("text_note")), "inconsistency": records,
        "parts": [p for p in parts if p["code"] in used_parts] or parts,
        "sections": sections,
        "gates": gates, "knockouts": knockouts, "bonus": bonus, "total_max": 100,
    })


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
