"""Transcribe Decision 26/2026/QĐ-TTg into the repository's data files.

    python tools/qd26_sheets.py /work/shared/domain/qd-26-2026.txt            # writes both files
    python tools/qd26_sheets.py TEXT --sheets OUT.json --taxonomy OUT.json --check

Reads the plain-text rendering of the decision (one table row per line, cells separated by " | ")
and writes
- `ocop/criteria/data/26-2026.json`: Annex II, the 26 score sheets (codes 26-01 … 26-26 in the
  annex's order): parts, sections, criteria with the codes printed on the sheet, every option in
  the printed order (codes a, b, c …) with its points, the notes, the star minima as gates, the
  knock-outs, an effort class and the evidence for every option/criterion, and a record of every
  place where the printed text is inconsistent;
- `ocop/taxonomy/data/26-2026.json`: Annex I, the product tree (6 product groups → 17 nhóm →
  26 product sets, each with its lead ministry) and the mapping from the 148/2023 groups.

The text is parsed line by line; what a parser cannot decide is in REVIEW below (hand review,
each entry says why), so running the tool again gives the same files. `--check` compares instead
of writing (exit 1 on a difference).

Star markers: an option ending in ***, **** or ***** is the minimum a 3★, 4★ or 5★ product must
reach on that criterion (footnote of every sheet). The marker is stripped from the option text
and becomes a gate of the sheet {"stars": n, "criterion": code, "min_option": option}.

Knock-outs: the sheet's "Hồ sơ bị loại khi: …" line is split into its conditions at "; hoặc" /
" hoặc " outside brackets (K1, K2 …); every "Bị loại nếu …" note and the "… sẽ bị loại bỏ" note
printed inside an option become knock-outs of their criterion. "… sẽ không đánh giá các bước tiếp
theo" notes are kept as notes (the text does not say the dossier is rejected).

Effort class of an option (how hard it is to reach it from below), by the keyword rule EFFORT_RULE
applied to the option text (first match wins, checked from class 3 down to class 1), else 2:
  3  a certification, a mark or a market that takes months (HACCP/ISO/GMP, VietGAP/GlobalGAP/
     organic, registered trademark or geographical indication, patents, export or international
     markets, modern retail chains, results that need a year or more: 12-month contracts, two
     years of growth, new-rural-area or tourist-site recognition);
  2  an investment of weeks (machines, technology, packaging, lab tests, facility certificates,
     quality declaration, distribution staff, training, infrastructure, a better product);
  1  a paper or label change (label, instructions, product story, leaflet, website, plans and
     internal rules, records, bilingual label).
The lowest option of a criterion is where a product starts: class 1. REVIEW changes a few.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from decimal import Decimal
from pathlib import Path

from qd26_review import (PART_EN, REVIEW_EFFORT, REVIEW_KNOCKOUTS, REVIEW_SHEET_NOTES, SENSORY, effort_for, evidence_for,
                         low, nfc, section_en)

ROOT = Path(__file__).resolve().parent.parent
SHEETS_OUT = ROOT / "ocop" / "criteria" / "data" / "26-2026.json"
TAXONOMY_OUT = ROOT / "ocop" / "taxonomy" / "data" / "26-2026.json"
TAXONOMY_148 = ROOT / "ocop" / "taxonomy" / "data" / "148-2023.json"

SET_CODE = "26-2026"
TOURISM_SHEET = 26
OPTION_CODES = "abcdefghijklmnopqrstuvwxyz"


# -- reading the text --------------------------------------------------------------------------
RE_SHEET = re.compile(r"^(\d{1,2})\. (?:Bộ sản phẩm: )?(.+)$")
RE_PART = re.compile(r"^(?:Phần|PHẦN)\s+([ABC])\s*:?\s*(.*?)\s*\((\d+)\s*[Đđ]iểm\)\s*\|\s*(\S+)\s*$")
RE_NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+(.+?)\s*\|\s*(.*?)\s*$")
RE_OPTION = re.compile(r"^(□|o)\s+(.*?)\s*\|\s*(.*?)\s*$")
RE_STARS = re.compile(r"\s*((?:\*\s*){3,5})(?=\s*(?:Ghi chú:|$))")
RE_CASE = re.compile(r"^([a-z])\.\s+(Trường hợp \d+:.*?)\s*\|?\s*$")
SKIP = re.compile(r"^(Tên sản phẩm|Mã số sản phẩm|T: Mã tỉnh|Tên chủ thể|Số điện thoại|Địa chỉ|Các tiêu chí \|"
                  r"|Ý kiến của người đánh giá|…|_{3,}|-{3,}|\| \.\.\.,|Ghi chú: Dấu sao)")


class Problem(Exception):
    pass


def annex_lines(text: str, start: str, end: str) -> list[tuple[int, str]]:
    lines = text.splitlines()
    begin = next(i for i, line in enumerate(lines) if line.strip() == start)
    finish = next(i for i, line in enumerate(lines) if line.strip() == end and i > begin)
    return [(i + 1, nfc(line)) for i, line in enumerate(lines[begin + 1:finish], start=begin + 1)]


def form02_rows(text: str) -> dict[str, str]:
    """Form 02's evidence table (Annex III): subject → what the copy must show."""
    rows, inside = {}, False
    for line in text.splitlines():
        if line.startswith("TT | Nội dung | Yêu cầu"):
            inside = True
            continue
        if inside:
            if not line.startswith("- | "):
                break
            _dash, subject, requirement = [nfc(c) for c in line.split(" | ", 2)]
            rows[subject] = requirement
    if len(rows) < 10:
        raise SystemExit("Form 02's evidence table not found")
    return rows


def split_conditions(text: str) -> list[str]:
    """'A hoặc B; hoặc C' → [A, B, C], never inside brackets."""
    parts, depth, current, i = [], 0, "", 0
    while i < len(text):
        if depth == 0:
            sep = next((s for s in ("; hoặc ", " hoặc ", "; ") if text.startswith(s, i)), None)
            if sep:
                parts.append(current)
                current, i = "", i + len(sep)
                continue
        depth += text[i] == "("
        depth -= text[i] == ")"
        current += text[i]
        i += 1
    parts.append(current)
    return [nfc(p).rstrip(".;") for p in parts if nfc(p)]


def read_points(raw: str) -> tuple[str, str]:
    """A printed cell → (points, text note when the cell is not a plain number)."""
    if re.fullmatch(r"\d+(?:[.,]\d+)?", raw):
        return raw.replace(",", "."), ""
    if raw == "":
        return "0", "không in điểm; tính 0 điểm"
    first = re.match(r"(\d+)\b", raw)
    if first:
        return first.group(1), f"ô điểm in «{raw}»; đọc là {first.group(1)}"
    raise Problem(f"cannot read the points «{raw}»")


def split_sheets(text: str) -> tuple[dict[int, str], list[dict]]:
    lines = annex_lines(text, "PHỤ LỤC II", "PHỤ LỤC III")
    index: dict[int, str] = {}
    sheets: list[dict] = []
    for n, (lineno, line) in enumerate(lines):
        if not line:
            continue
        m = re.match(r"^(\d+) \| Bộ sản phẩm: (.+)$", line)
        if m and not sheets:
            index[int(m.group(1))] = m.group(2)
            continue
        m = RE_SHEET.match(line)
        following = lines[n + 1][1] if n + 1 < len(lines) else ""
        if m and " | " not in line and following.startswith("(Sản phẩm:"):
            sheets.append({"number": int(m.group(1)), "heading": m.group(2), "line": lineno, "rows": []})
            continue
        if sheets:
            sheets[-1]["rows"].append((lineno, line))
    if [s["number"] for s in sheets] != list(range(1, 27)) or sorted(index) != list(range(1, 27)):
        raise SystemExit(f"expected sheets 1-26 in order, found {[s['number'] for s in sheets]}")
    return index, sheets


def read_sheet(raw: dict) -> dict:
    """One sheet's lines → parts, sections (with sub-sections), criteria, options, notes."""
    sheet = {"number": raw["number"], "heading": raw["heading"], "line": raw["line"], "labels": "",
             "knockout_heading": "", "knockout_conditions": [], "parts": [], "sections": [], "total_printed": "",
             "notes": []}
    part = section = criterion = None
    case = None
    for lineno, line in raw["rows"]:
        where = f"sheet {raw['number']} line {lineno}"
        if line.startswith("(Sản phẩm:"):
            sheet["labels"] = line[1:-1] if line.endswith(")") else line[1:]
            continue
        if SKIP.match(line):
            continue
        m = re.match(r"^((?:Hồ sơ )?[Bb]ị loại khi):\s*(.+)$", line)
        if m:
            sheet["knockout_heading"] = m.group(1)
            sheet["knockout_conditions"] = split_conditions(m.group(2))
            continue
        if line.startswith("TỔNG CỘNG"):
            sheet["total_printed"] = line.split("|")[-1].strip()
            continue
        m = RE_PART.match(line)
        if m:
            part = {"code": m.group(1), "name": m.group(2).rstrip(":").strip(), "max": m.group(4),
                    "title_max": m.group(3), "printed": line.split(" | ")[0]}
            sheet["parts"].append(part)
            section = criterion = case = None
            continue
        m = RE_OPTION.match(line)
        if m:
            if criterion is None:
                criterion = section_as_criterion(section, where)
            bullet, body, raw_points = m.groups()
            option = {"text": body, "raw_points": raw_points, "line": lineno, "stars": 0, "inline_note": "",
                      "bullet": bullet}
            found = RE_STARS.search(body)
            if found:
                option["stars"] = found.group(1).count("*")
                option["inline_note"] = body[found.end():].strip()
                option["text"] = body[:found.start()].strip()
            if case is not None:
                option["case"] = case
            criterion["options"].append(option)
            continue
        m = RE_CASE.match(line)
        if m and section is not None:
            if criterion is None:
                criterion = section_as_criterion(section, where)
            case = m.group(1)
            criterion.setdefault("cases", []).append({"code": case, "name": m.group(2)})
            continue
        m = RE_NUMBERED.match(line)
        if m and part is not None:
            code, name, raw_max = m.groups()
            case = None
            if "." not in code:
                section = {"code": code, "name": name, "part": part["code"], "raw_max": raw_max, "parent": "",
                           "criteria": [], "notes": [], "line": lineno}
                sheet["sections"].append(section)
                criterion = None
                continue
            parent = code.rsplit(".", 1)[0]
            holder = next((s for s in reversed(sheet["sections"]) if s["code"] == parent), None)
            if holder is None:
                holder = promote(sheet, parent, where)
            criterion = {"code": code, "name": name, "raw_max": raw_max, "notes": [], "options": [], "line": lineno}
            holder["criteria"].append(criterion)
            continue
        text = line.rstrip(" |").strip()
        if "chỉ tiêu trên" in text and section is not None:
            section["notes"].append(text)  # "… một trong các chỉ tiêu trên …": about the whole section
        else:
            (criterion or section or sheet)["notes"].append(text)
    return sheet


def section_as_criterion(section: dict | None, where: str) -> dict:
    """'7. DINH DƯỠNG | 3' followed by options: the section is also the criterion '7'."""
    if section is None or section["criteria"]:
        raise Problem(f"{where}: an option outside a criterion")
    criterion = {"code": section["code"], "name": section["name"], "raw_max": section["raw_max"],
                 "notes": section["notes"], "options": [], "line": section["line"]}
    section["notes"] = []
    section["criteria"].append(criterion)
    return criterion


def promote(sheet: dict, code: str, where: str) -> dict:
    """'6.1. Ngoại hình | 4' read as a criterion, then '6.1.1 …': 6.1 becomes a sub-section of 6."""
    for owner in reversed(sheet["sections"]):
        for item in owner["criteria"]:
            if item["code"] == code:
                if item["options"]:
                    raise Problem(f"{where}: {code} has options and sub-criteria")
                owner["criteria"].remove(item)
                sub = {"code": code, "name": item["name"], "part": owner["part"], "raw_max": item["raw_max"],
                       "parent": owner["code"], "criteria": [], "notes": item["notes"], "line": item["line"]}
                sheet["sections"].append(sub)
                return sub
    raise Problem(f"{where}: {code} is not on the sheet")


# -- the data ----------------------------------------------------------------------------------

def inconsistency(kind: str, found, text: str) -> dict:
    return {"kind": kind, "found": str(found), "text": text}


def fmt(value: Decimal) -> str:
    return f"{value.normalize():f}"


def sheet_document(raw: dict, index_name: str, leaf: dict, form02: dict[str, str], report: list[str]) -> dict:
    number = raw["number"]
    code = f"26-{number:02d}"
    sheet_notes = []
    if nfc(raw["heading"]) != nfc(index_name):
        sheet_notes.append(f"Tên in ở đầu phiếu «{raw['heading']}» khác tên trong mục lục Phụ lục II «{index_name}».")
    sheet_notes += REVIEW_SHEET_NOTES.get(number, [])
    knockouts = [{"code": f"K{i}", "text": text, "criterion": "",
                  **({"text_note": REVIEW_KNOCKOUTS[(number, f"K{i}")]} if (number, f"K{i}") in REVIEW_KNOCKOUTS else {})}
                 for i, text in enumerate(raw["knockout_conditions"], start=1)]
    gates = []
    sections = []
    for section in raw["sections"]:
        s_max, s_note = read_points(section["raw_max"])
        criteria = []
        chain = [section["name"], *(p["name"] for p in raw["sections"] if p["code"] == section["parent"])]
        sensory = any(SENSORY.search(low(name)) for name in chain)
        for criterion in section["criteria"]:
            criteria.append(criterion_document(number, criterion, knockouts, gates, form02, sensory=sensory))
        if number == TOURISM_SHEET:
            for c in criteria:
                c["evidence"] = evidence_for(c["name"], form02, sensory=False, tourism=True)
        entry = {"code": section["code"], "name": section["name"],
                 "name_en": section_en(section["name"]), "part": section["part"], "max": s_max,
                 "parent": section["parent"], "notes": section["notes"], "criteria": criteria}
        if s_note:
            entry["text_note"] = f"Mục {section['code']}: {s_note}."
        sections.append(entry)
    parts = [{"code": p["code"], "name": p["name"], "name_en": PART_EN[p["code"]], "max": p["max"],
              "title_max": p["title_max"], "printed": p["printed"]} for p in raw["parts"]]
    doc = {
        "code": code, "number": number, "name": index_name, "name_en": leaf.get("name_en", ""),
        "heading": raw["heading"], "labels": raw["labels"], "groups": [leaf["code"]], "official": True,
        "verified": True, "source_line": raw["line"], "knockout_heading": raw["knockout_heading"],
        "knockouts": knockouts, "parts": parts, "sections": sections, "gates": gates,
        "total_printed": raw["total_printed"],
    }
    add_sum_records(doc, report)
    if sheet_notes:
        doc["text_note"] = " ".join(sheet_notes)
    return doc


def criterion_document(number, criterion, knockouts, gates, form02, *, sensory: bool) -> dict:
    ccode = criterion["code"]
    c_max, c_note = read_points(criterion["raw_max"])
    text_notes = [f"điểm tối đa: {c_note}"] if c_note else []
    notes = []
    for note in criterion["notes"]:
        m = re.match(r"^Ghi chú:\s*(Bị loại nếu .+?)\.?$", note)
        if m:
            knockouts.append({"code": f"K{len(knockouts) + 1}", "text": m.group(1), "criterion": ccode})
        else:
            notes.append(note)
    name = criterion["name"]
    m = re.match(r"^(.+?)\s+((?:Yêu cầu|Ghi chú):\s.+)$", name)
    if m:  # a requirement printed in the name's cell
        name = m.group(1)
        notes.insert(0, m.group(2))
    options = []
    for i, raw in enumerate(criterion["options"]):
        ocode = OPTION_CODES[i]
        points, p_note = read_points(raw["raw_points"])
        option = {"code": ocode, "text": raw["text"], "points": points}
        if "case" in raw:
            option["case"] = raw["case"]
        o_notes = []
        if p_note:
            o_notes.append(p_note)
        if raw["bullet"] != "□":
            o_notes.append(f"in với dấu «{raw['bullet']}» thay cho «□»")
        if raw["inline_note"]:
            notes.append(raw["inline_note"])
            text_notes.append(f"ghi chú «{raw['inline_note']}» in trong ô của lựa chọn {ocode}")
            m = re.match(r"^Ghi chú:\s*Nếu (.+), sẽ bị loại bỏ$", raw["inline_note"])
            if m:
                knockouts.append({"code": f"K{len(knockouts) + 1}", "text": f"Bị loại nếu {m.group(1)}", "criterion": ccode})
        if raw["stars"]:
            gates.append({"stars": raw["stars"], "criterion": ccode, "min_option": ocode,
                          "note": f"Dấu {'*' * raw['stars']} trên phiếu: tối thiểu cho hạng {raw['stars']} sao"})
        if o_notes:
            option["text_note"] = "; ".join(o_notes)
        options.append(option)
    records = []
    if not options:
        # The sheet prints a maximum but no options: two options are derived (never printed).
        options = [{"code": "a", "text": "Không", "points": "0", "derived": True},
                   {"code": "b", "text": "Có", "points": c_max, "derived": True, "effort": effort_for(name)[0]}]
        records.append(inconsistency("no_options", 0, f"Tiêu chí in thang điểm {c_max} nhưng không in lựa chọn nào; "
                                     f"hai lựa chọn «Không» (0) / «Có» ({c_max}) được suy ra để chấm, không có trong văn bản."))
    records += option_records(criterion, options, c_max)
    # effort: lowest option is where a product starts
    review = {**REVIEW_EFFORT.get(("*", ccode), {}), **REVIEW_EFFORT.get((number, ccode), {})}
    for i, option in enumerate(options):
        klass = 1 if i == 0 else option.get("effort") or effort_for(option["text"])[0]
        option["effort"] = review.get(option["code"], klass)
    sensory = sensory or bool(SENSORY.search(low(name)))
    entry = {"code": ccode, "name": name, "max": c_max, "notes": notes, "options": options,
             "evidence": evidence_for(name, form02, sensory=sensory, tourism=False)}
    if criterion.get("cases"):
        entry["cases"] = criterion["cases"]
    if records:
        entry["inconsistency"] = records
    if text_notes:
        entry["text_note"] = "; ".join(text_notes)
    return entry


def option_records(criterion: dict, options: list[dict], c_max: str) -> list[dict]:
    records = []
    cases = {}
    for option in options:
        cases.setdefault(option.get("case", ""), []).append(Decimal(option["points"]))
    top = max(Decimal(o["points"]) for o in options)
    if top != Decimal(c_max):
        records.append(inconsistency(
            "options_max", fmt(top),
            f"Các lựa chọn đạt tối đa {fmt(top)} điểm nhưng thang điểm của tiêu chí in {c_max}; giữ số in trong văn bản, "
            f"khi chấm một lựa chọn tính không quá {c_max} điểm."))
    for case, points in cases.items():
        sequence = ", ".join(fmt(p) for p in points)
        if points != sorted(points):
            records.append(inconsistency("order", sequence, f"Điểm các lựa chọn không tăng dần theo thứ tự in ({sequence})."))
        if len(set(points)) != len(points):
            records.append(inconsistency("equal_points", sequence,
                                         f"Hai lựa chọn in cùng số điểm ({sequence}); giữ số in trong văn bản."))
    return records


def add_sum_records(doc: dict, report: list[str]) -> None:
    """Sums of the printed maxima: section = its criteria and sub-sections, part = its sections,
    total = the parts; title of a part = its column. A difference is recorded where it is."""
    sections = doc["sections"]
    for section in sections:
        children = sum((Decimal(c["max"]) for c in section["criteria"]), Decimal(0)) + sum(
            (Decimal(s["max"]) for s in sections if s["parent"] == section["code"]), Decimal(0))
        if children != Decimal(section["max"]):
            section.setdefault("inconsistency", []).append(inconsistency(
                "section_sum", fmt(children),
                f"Các tiêu chí của mục {section['code']} cộng lại {fmt(children)} điểm, mục in {section['max']} điểm."))
    for part in doc["parts"]:
        total = sum((Decimal(s["max"]) for s in sections if s["part"] == part["code"] and not s["parent"]), Decimal(0))
        if total != Decimal(part["max"]):
            part.setdefault("inconsistency", []).append(inconsistency(
                "part_sum", fmt(total), f"Các mục của phần {part['code']} cộng lại {fmt(total)} điểm, phần in {part['max']}."))
        if part["title_max"] != part["max"]:
            part.setdefault("inconsistency", []).append(inconsistency(
                "part_title", part["title_max"],
                f"Tiêu đề phần {part['code']} ghi «({part['title_max']} Điểm)» nhưng cột thang điểm in {part['max']}; "
                f"các mục cộng lại {fmt(total)}, dùng {part['max']}."))
    total = sum((Decimal(p["max"]) for p in doc["parts"]), Decimal(0))
    if total != 100 or doc["total_printed"] != "100":
        doc.setdefault("inconsistency", []).append(inconsistency(
            "total", fmt(total), f"Các phần cộng lại {fmt(total)} điểm, dòng TỔNG CỘNG in {doc['total_printed']}."))
    for where in [doc, *doc["parts"], *sections, *(c for s in sections for c in s["criteria"])]:
        for record in where.get("inconsistency", []):
            report.append(f"{doc['code']} {where.get('code', '')}: {record['kind']} ({record['found']}) — {record['text']}")


# -- Annex I: the product tree -----------------------------------------------------------------
MINISTRY_NOTE = "Quyết định ghi cơ quan chủ trì ở cấp phân nhóm; giá trị ở cấp nhóm là tổng hợp của các phân nhóm."
SAME_AS_GROUP = "Nhóm không chia phân nhóm trong Phụ lục I; bộ sản phẩm (phiếu chấm) trùng tên nhóm."


def sentence_case(text: str) -> str:
    lowered = text.lower()
    return lowered[:1].upper() + lowered[1:]


def read_annex_i(text: str) -> list[dict]:
    """Annex I rows → [group {name, children: [nhóm {name, ministry, children: [phân nhóm]}]}]."""
    groups: list[dict] = []
    for _lineno, line in annex_lines(text, "PHỤ LỤC I", "PHỤ LỤC II"):
        cells = [c.strip() for c in line.split("|")]
        if len(cells) != 3 or cells[0] == "STT":
            continue
        mark, name, ministry = cells
        if re.fullmatch(r"[IVX]+", mark):
            groups.append({"name": sentence_case(re.sub(r"^SẢN PHẨM\s+", "", name)), "children": []})
        elif mark.isdigit() and name.startswith("Nhóm: "):
            groups[-1]["children"].append({"name": name[len("Nhóm: "):], "ministry": ministry, "children": []})
        elif re.fullmatch(r"[a-z]", mark) and name.startswith("Phân nhóm: "):
            groups[-1]["children"][-1]["children"].append({"name": name[len("Phân nhóm: "):], "ministry": ministry})
        else:
            raise SystemExit(f"Annex I: cannot read «{line}»")
    return groups


def taxonomy_document(text: str, index: dict[int, str], old: dict) -> dict:
    """The 26/2026 taxonomy in the format of ocop/taxonomy/data (English names and other names
    taken from the 148/2023 group in the same place of the tree, which Annex I keeps)."""
    old_by_code = {}

    def walk(nodes):
        for node in nodes:
            old_by_code[node["code"]] = node
            walk(node.get("children", []))

    walk(old["groups"])
    tree, mapping, number = [], [], 0
    for g, group in enumerate(read_annex_i(text), start=1):
        gcode = f"26-{g}"
        nhoms = []
        for n, nhom in enumerate(group["children"], start=1):
            ncode = f"{gcode}.{n}"
            leaves = nhom["children"] or [{"name": nhom["name"], "ministry": nhom["ministry"], "same": True}]
            children = []
            for s, leaf in enumerate(leaves, start=1):
                number += 1
                lcode = f"{ncode}.{s}"
                node = {"code": lcode, "name": leaf["name"], "name_en": old_by_code.get(f"148-{g}.{n}.{s}", {}).get("name_en", ""),
                        "lead_ministry": leaf["ministry"], "verified": True, "sheet_no": number,
                        "sheet_code": f"26-{number:02d}"}
                if nfc(index[number]) != nfc(leaf["name"]):
                    node["sheet_name"] = index[number]
                if leaf.get("same"):
                    node["note"] = SAME_AS_GROUP
                children.append(node)
            ministries = []
            for leaf in leaves:
                for m in leaf["ministry"].split("; "):
                    if m and m not in ministries:
                        ministries.append(m)
            nhom_node = {"code": ncode, "name": nhom["name"], "name_en": old_by_code.get(f"148-{g}.{n}", {}).get("name_en", ""),
                         "lead_ministry": "; ".join(ministries), "verified": True, "children": children}
            if nhom["children"]:
                nhom_node["lead_ministry_note"] = MINISTRY_NOTE
            nhoms.append(nhom_node)
        previous = old_by_code.get(f"148-{g}", {})
        node = {"code": gcode, "name": group["name"], "name_en": previous.get("name_en", ""), "verified": True,
                "children": nhoms}
        if previous.get("aliases"):
            node["aliases"] = previous["aliases"]
        tree.append(node)
    if number != 26:
        raise SystemExit(f"Annex I has {number} product sets, not 26")
    # 148/2023 → 26/2026: Annex I keeps the tree of 148/2023 (same groups, nhóm and phân nhóm in
    # the same order); names compared, any difference stated in the note.
    new_by_code = {}

    def index_new(nodes):
        for node in nodes:
            new_by_code[node["code"]] = node
            index_new(node.get("children", []))

    index_new(tree)
    for code, node in old_by_code.items():
        target = new_by_code.get("26-" + code.split("-", 1)[1])
        if target is None:
            mapping.append({"from": code, "to": None, "note": "Không có nhóm tương ứng trong 26/2026"})
            continue
        same = nfc(node["name"]).lower() == nfc(target["name"]).lower()
        mapping.append({"from": code, "to": target["code"],
                        "note": f"{node['name']} ↔ " + ("cùng tên" if same else target["name"])})
    return {
        "version": {
            "code": SET_CODE, "decision": "26/2026/QĐ-TTg", "decision_date": "2026-05-22",
            "in_force_from": "2026-05-22", "in_force_to": None,
            "name": "Bộ tiêu chí OCOP 2026 (Quyết định 26/2026/QĐ-TTg)",
            "name_en": "OCOP criteria 2026 (Decision 26/2026/QĐ-TTg)",
            "level_names": ["nhóm sản phẩm", "nhóm", "bộ sản phẩm"],
            "star_bands": {"5": "90", "4": "70", "3": "50", "2": "30"},
            "recognised_min_stars": 3, "validity_months": 36,
            "source": "Phụ lục I «Danh mục phân loại sản phẩm tham gia đánh giá, phân hạng sản phẩm OCOP» của QĐ "
                      "26/2026/QĐ-TTg (22/05/2026): 6 nhóm sản phẩm → 17 nhóm → phân nhóm, cơ quan chủ trì quản lý theo "
                      "Nghị định 15/2018/NĐ-CP (chú thích 1 của phụ lục); lá = phân nhóm, hoặc chính nhóm khi nhóm không "
                      "chia phân nhóm; mỗi lá là một bộ sản phẩm có phiếu chấm riêng ở Phụ lục II (sheet_code). Điều 3: "
                      "hạng sao theo tổng điểm trung bình (5★ từ 90, 4★ từ 70, 3★ từ 50, 2★ từ 30); Điều 4: giấy chứng "
                      "nhận 36 tháng, công nhận từ 3 sao. Tên tiếng Anh và tên khác theo nhóm cùng vị trí của 148/2023.",
        },
        "groups": tree,
        "mapping": mapping,
    }


# -- the whole set -----------------------------------------------------------------------------

def set_document(text: str, report: list[str]) -> tuple[dict, dict]:
    old = json.loads(TAXONOMY_148.read_text(encoding="utf-8"))
    index, raw_sheets = split_sheets(text)
    taxonomy = taxonomy_document(text, index, old)
    leaves = {leaf["sheet_no"]: leaf for group in taxonomy["groups"] for nhom in group["children"]
              for leaf in nhom["children"]}
    form02 = form02_rows(text)
    sheets = [sheet_document(read_sheet(raw), index[raw["number"]], leaves[raw["number"]], form02, report)
              for raw in raw_sheets]
    document = {
        "set": {
            "code": SET_CODE, "taxonomy": SET_CODE, "official": True, "verified": True, "total_max": 100,
            "bonus": {"cap": 0, "items": [], "note": "QĐ 26/2026 không có điểm cộng riêng: người đại diện pháp luật là "
                                                      "nữ, dân tộc thiểu số hoặc khuyết tật được 1 điểm ở tiêu chí 3.2."},
            "source": "Phụ lục II «Bộ tiêu chí đánh giá sản phẩm OCOP (kiêm phiếu đánh giá sản phẩm OCOP)» của QĐ "
                      "26/2026/QĐ-TTg, chép bằng tools/qd26_sheets.py từ bản văn bản (vanban.chinhphu.vn, docid 218267) "
                      "và rà soát thủ công; chưa đối chiếu bản PDF Công báo.",
            "note": "Phiếu chính thức: nội dung, mã và điểm theo văn bản. Chỗ văn bản không nhất quán giữ nguyên số in và "
                    "ghi ở trường «inconsistency»; ghi chú khác ở «text_note». Mức công sức (effort) 1-3 và minh chứng "
                    "(evidence) của từng lựa chọn, tiêu chí do phần mềm gán theo quy tắc từ khóa, sửa được cùng phiếu.",
            "effort_rule": __doc__.split("Effort class of an option")[1].split("\n\n")[0].strip(),
        },
        "parts": [{"code": code, "name": name, "name_en": PART_EN[code], "max": points} for code, name, points in (
            ("A", "Sản phẩm và sức mạnh cộng đồng", 40), ("B", "Khả năng tiếp thị", 25), ("C", "Chất lượng sản phẩm", 35))],
        "modules": {},
        "sheets": sheets,
    }
    return document, taxonomy


def dumps(data: dict, indent: int) -> str:
    return json.dumps(data, ensure_ascii=False, indent=indent) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("text", help="the decision as plain text (e.g. /work/shared/domain/qd-26-2026.txt)")
    parser.add_argument("--sheets", default=str(SHEETS_OUT))
    parser.add_argument("--taxonomy", default=str(TAXONOMY_OUT))
    parser.add_argument("--check", action="store_true", help="compare with the files instead of writing them")
    parser.add_argument("--report", action="store_true", help="list the inconsistencies found in the text")
    args = parser.parse_args(argv)
    report: list[str] = []
    sheets, taxonomy = set_document(Path(args.text).read_text(encoding="utf-8"), report)
    status = 0
    # the indentation of the files beside them (criteria sets 1, taxonomy 2)
    for path, data, indent in ((Path(args.sheets), sheets, 1), (Path(args.taxonomy), taxonomy, 2)):
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != dumps(data, indent):
                print(f"{path}: differs from the text", file=sys.stderr)
                status = 1
        else:
            path.write_text(dumps(data, indent), encoding="utf-8")
    if args.report:
        print("\n".join(report))
    return status


if __name__ == "__main__":
    sys.exit(main())
