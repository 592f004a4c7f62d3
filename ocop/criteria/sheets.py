"""Criteria set files → expanded sheets → engine objects, with the validator.

A set file (data/<code>.json) holds the set's metadata, its parts with their maxima, modules
(groups of sections written once and shared by many sheets) and the sheets, each naming the
product groups it applies to and either the modules it is made of (the reconstructed 148/1048
sets) or its own parts and sections (the official 26/2026 sheets, transcribed one by one).
Expanding a sheet gives a self-contained document (stored on the Sheet row) from which the engine
sheet is built. Star bands and the first recognised level are not in these files: they come
from the criteria version (ocop/taxonomy/data, see ocop.taxonomy.versions).

The validator lists every reason a sheet cannot be used, each with where it is (for the cell
of a workbook). On an official sheet, a sum or order that the printed text itself gets wrong is
accepted only when the data records that very inconsistency (same kind, same figure) on the
element at fault, so a slip in the transcription is still caught.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ocop.taxonomy import versions

from . import scoresheet

DATA_DIR = Path(__file__).resolve().parent / "data"


def gettext_noop(message: str) -> str:
    """Marks a message for translation (makemessages knows the name) without needing Django's
    settings: the engine, the validator and the benchmarks run without them."""
    return message



# Inconsistencies of the printed text that an official sheet may record (and so keep).
TEXT_KINDS = {"options_max", "order", "equal_points", "no_options", "section_sum", "part_sum", "part_title", "total"}


class SheetInvalid(ValueError):
    """A set or sheet that cannot be used; `problems` lists every reason (sums shown)."""

    def __init__(self, problems: list):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = [str(p) for p in problems]
        self.details = [p for p in problems if isinstance(p, Problem)]


@dataclass
class Problem:
    """One reason a sheet cannot be used. `where` names the element: ("part", code),
    ("section", code), ("criterion", code), ("option", criterion, option, column), ("gate",
    index, column), ("knockout", index), ("band", stars) or ("sheet",). `template` is English
    with %(name)s fields (translated where shown); `kind`/`found` let a recorded inconsistency
    of the printed text match it."""

    where: tuple
    template: str
    params: dict = field(default_factory=dict)
    kind: str = ""
    found: str = ""

    def __str__(self) -> str:
        return self.template % self.params

    def localized(self) -> str:
        from django.utils.translation import gettext

        return gettext(self.template) % self.params


def set_files() -> list[Path]:
    return sorted(DATA_DIR.glob("*.json"))


def read_set(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def expand(doc: dict) -> list[dict]:
    """The sheets of a set document, each self-contained."""
    meta = doc["set"]
    parts = {p["code"]: p for p in doc["parts"]}
    sheets = []
    for spec in doc["sheets"]:
        if "sections" in spec:
            sections = spec["sections"]
            sheet_parts = spec.get("parts") or [parts[c] for c in sorted({s["part"] for s in sections}, key=list(parts).index)]
        else:
            sections = []
            for module_code in spec["modules"]:
                module = doc["modules"].get(module_code)
                if module is None:
                    raise SheetInvalid([f"sheet {spec['code']}: unknown module {module_code!r}"])
                for section in module["sections"]:
                    sections.append({**section, "part": module["part"], "module": module_code})
            sheet_parts = [parts[code] for code in sorted({s["part"] for s in sections}, key=list(parts).index)]
        sheets.append(canonical({
            **{k: v for k, v in spec.items() if k not in ("modules", "parts", "sections")},
            "set": meta["code"],
            "taxonomy": meta.get("taxonomy", meta["code"]),
            "verified": bool(spec.get("verified", meta.get("verified", False))),
            "official": bool(spec.get("official", meta.get("official", False))),
            "parts": sheet_parts,
            "sections": sections,
            "bonus": meta.get("bonus", {"cap": 0, "items": []}),
            "total_max": meta.get("total_max", 100),
        }))
    return sheets


def _num(value) -> str:
    try:
        return f"{Decimal(str(value)).normalize():f}"
    except (InvalidOperation, ValueError):
        return str(value)


def _effort(value) -> int | str:
    if value in (None, ""):
        return scoresheet.DEFAULT_EFFORT
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    return int(number) if number == number.to_integral_value() else str(value)


def _records(element: dict) -> list[dict]:
    return [{"kind": str(r.get("kind", "")), "found": _num(r.get("found", "")) if r.get("found", "") != "" else "",
             "text": r.get("text", "") or ""} for r in element.get("inconsistency") or []]


def _extra(out: dict, element: dict, *keys: str) -> dict:
    """Optional fields: present in the document only when they say something."""
    for key in keys:
        value = element.get(key)
        if key == "inconsistency":
            value = _records(element)
        elif key in ("max", "title_max") and value not in (None, ""):
            value = _num(value)
        if value not in (None, "", [], {}, False):
            out[key] = value
    return out


def canonical(sheet: dict) -> dict:
    """One form for a sheet document whatever it came from (repository file or workbook), so
    that an unchanged sheet hashes the same and stored documents are uniform. Bands and the
    first recognised level are those of the sheet's criteria version."""
    taxonomy = sheet.get("taxonomy") or sheet["set"]
    try:
        rules = versions.rules(taxonomy)
        bands, recognised = rules["bands"], rules["recognised_min_stars"]
    except KeyError:  # an unknown version: reported by the import, bands kept as given
        bands, recognised = sheet.get("bands") or {}, sheet.get("recognised_min_stars") or 3
    out = {
        "code": sheet["code"], "name": sheet["name"], "name_en": sheet.get("name_en", "") or "",
        "set": sheet["set"], "taxonomy": taxonomy, "groups": list(sheet.get("groups", [])),
        "verified": bool(sheet.get("verified")), "official": bool(sheet.get("official")), "note": sheet.get("note", "") or "",
    }
    _extra(out, sheet, "text_note", "heading", "labels", "knockout_heading", "total_printed", "inconsistency")
    out["parts"] = [_extra({"code": p["code"], "name": p["name"], "max": _num(p["max"])}, p,
                           "name_en", "title_max", "inconsistency") for p in sheet["parts"]]
    out["sections"] = []
    for sec in sheet["sections"]:
        section = _extra({"code": sec["code"], "name": sec["name"]}, sec, "name_en")
        section["part"] = sec["part"]
        _extra(section, sec, "max", "parent", "notes", "text_note", "inconsistency")
        section["criteria"] = []
        for c in sec["criteria"]:
            criterion = _extra({"code": c.get("code", ""), "name": c.get("name", "")}, c,
                               "max", "notes", "evidence", "cases", "text_note", "inconsistency")
            criterion["options"] = [
                _extra({"code": o.get("code", ""), "text": o.get("text", ""), "points": _num(o.get("points")),
                        "effort": _effort(o.get("effort"))}, o, "case", "knockout", "derived", "text_note")
                for o in c.get("options", [])
            ]
            section["criteria"].append(criterion)
        out["sections"].append(section)
    out["gates"] = [{"stars": g.get("stars"), "criterion": g.get("criterion"), "min_option": g.get("min_option"),
                     "note": g.get("note", "") or ""} for g in sheet.get("gates", [])]
    out["knockouts"] = [_extra({"code": k.get("code", ""), "text": k.get("text", ""), "criterion": k.get("criterion", "") or ""},
                               k, "text_note") for k in sheet.get("knockouts", [])]
    out["bands"] = {str(k): _num(v) for k, v in bands.items()}
    out["recognised_min_stars"] = int(recognised)
    out["bonus"] = {"cap": _num((sheet.get("bonus") or {}).get("cap", 0)),
                    "items": [{"flag": b["flag"], "points": _num(b["points"]), "label": b.get("label", "")}
                              for b in (sheet.get("bonus") or {}).get("items", [])]}
    out["total_max"] = _num(sheet.get("total_max", 100))
    return out


# -- the validator ---------------------------------------------------------------------------

def _dec(value, where: tuple, label: str, problems: list[Problem]) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        problems.append(Problem(where, gettext_noop("%(label)s: %(value)s is not a number"), {"label": label, "value": repr(value)}))
        return Decimal(0)
    if not number.is_finite() or number < 0:
        problems.append(Problem(where, gettext_noop("%(label)s: %(value)s must be a number of 0 or more"),
                                {"label": label, "value": repr(value)}))
        return Decimal(0)
    return number


def _fmt(value: Decimal) -> str:
    return f"{value.normalize():f}" if value else "0"


def problems_of(sheet: dict) -> list[Problem]:
    """Every reason a sheet cannot be published, with where it is."""
    found: list[Problem] = []
    code = sheet.get("code", "?")
    part_max = {p["code"]: _dec(p["max"], ("part", p["code"]), f"{code} part {p['code']} maximum", found)
                for p in sheet["parts"]}
    for p in sheet["parts"]:
        if p.get("title_max") not in (None, "") and _num(p["title_max"]) != _num(p["max"]):
            found.append(Problem(("part", p["code"]), gettext_noop("%(sheet)s part %(part)s: its title says %(title)s points, "
                                                         "its maximum is %(max)s"),
                                 {"sheet": code, "part": p["code"], "title": _num(p["title_max"]), "max": _num(p["max"])},
                                 "part_title", _num(p["title_max"])))
    official = bool(sheet.get("official"))
    contribution: dict[str, Decimal] = {}  # criterion → what it adds to its section and part
    seen: set[str] = set()
    section_codes = {s.get("code") for s in sheet["sections"]}
    for section in sheet["sections"]:
        if section["part"] not in part_max:
            found.append(Problem(("section", section.get("code")), gettext_noop("%(sheet)s section %(section)s: unknown part %(part)s"),
                                 {"sheet": code, "section": section.get("code"), "part": repr(section["part"])}))
            continue
        if section.get("parent") and section["parent"] not in section_codes:
            found.append(Problem(("section", section.get("code")), gettext_noop("%(sheet)s section %(section)s: unknown parent section %(parent)s"),
                                 {"sheet": code, "section": section.get("code"), "parent": repr(section["parent"])}))
        for criterion in section["criteria"]:
            ccode = criterion.get("code", "")
            if not ccode:
                found.append(Problem(("section", section.get("code")), gettext_noop("%(sheet)s section %(section)s: a criterion has no code"),
                                     {"sheet": code, "section": section.get("code")}))
                continue
            if ccode in seen:
                found.append(Problem(("criterion", ccode), gettext_noop("%(sheet)s: criterion %(criterion)s appears twice"),
                                     {"sheet": code, "criterion": ccode}))
            seen.add(ccode)
            contribution[ccode] = _criterion_problems(code, criterion, official, found)
    for section in sheet["sections"]:
        if section.get("max") in (None, ""):
            continue
        maximum = _dec(section["max"], ("section", section["code"]), f"{code} section {section['code']} maximum", found)
        children = sum((contribution.get(c.get("code"), Decimal(0)) for c in section["criteria"]), Decimal(0)) + sum(
            (Decimal(_num(s.get("max") or 0)) for s in sheet["sections"] if s.get("parent") == section["code"]), Decimal(0))
        if children != maximum:
            found.append(Problem(("section", section["code"]),
                                 gettext_noop("%(sheet)s section %(section)s: its criteria add up to %(sum)s points, the section's "
                                    "maximum is %(max)s"),
                                 {"sheet": code, "section": section["code"], "sum": _fmt(children), "max": _fmt(maximum)},
                                 "section_sum", _fmt(children)))
    sums = {p: Decimal(0) for p in part_max}
    for part in part_max:
        tops = [s for s in sheet["sections"] if s["part"] == part and not s.get("parent")]
        if tops and all(s.get("max") not in (None, "") for s in tops):
            sums[part] = sum((Decimal(_num(s["max"])) for s in tops), Decimal(0))
        else:
            sums[part] = sum((contribution.get(c.get("code"), Decimal(0)) for s in sheet["sections"] if s["part"] == part
                              for c in s["criteria"]), Decimal(0))
    for part, maximum in part_max.items():
        if sums[part] != maximum:
            found.append(Problem(("part", part), gettext_noop("%(sheet)s part %(part)s: the criteria add up to %(sum)s points, the "
                                                    "part's maximum is %(max)s"),
                                 {"sheet": code, "part": part, "sum": _fmt(sums[part]), "max": _fmt(maximum)},
                                 "part_sum", _fmt(sums[part])))
    total_max = _dec(sheet.get("total_max", 100), ("sheet",), f"{code} total", found)
    all_parts, all_criteria = sum(part_max.values(), Decimal(0)), sum(sums.values(), Decimal(0))
    printed = sheet.get("total_printed")
    if all_criteria != total_max or all_parts != total_max or (printed not in (None, "") and _num(printed) != _num(total_max)):
        found.append(Problem(("sheet",), gettext_noop("%(sheet)s: parts add up to %(parts)s (criteria %(criteria)s), not %(total)s"),
                             {"sheet": code, "parts": _fmt(all_parts), "criteria": _fmt(all_criteria), "total": _fmt(total_max)},
                             "total", _fmt(all_parts)))
    found += _gate_problems(sheet)
    found += _knockout_problems(sheet)
    bands = {}
    for k, v in sheet.get("bands", {}).items():
        bands[int(k)] = _dec(v, ("band", str(k)), f"{code} band {k}★", found)
    ordered = [bands[k] for k in sorted(bands)]
    if ordered != sorted(ordered) or len(set(ordered)) != len(ordered):
        found.append(Problem(("band", ""), gettext_noop("%(sheet)s: star bands must rise with the stars"), {"sheet": code}))
    return _waive(sheet, found) if official else found


def _criterion_problems(code: str, criterion: dict, official: bool, found: list[Problem]) -> Decimal:
    """Problems of one criterion; returns what it adds to its section (its printed maximum, or
    its highest option)."""
    ccode = criterion["code"]
    options = criterion.get("options", [])
    where = ("criterion", ccode)
    if len(options) < 2:
        found.append(Problem(where, gettext_noop("%(sheet)s criterion %(criterion)s: needs at least two options"),
                             {"sheet": code, "criterion": ccode}))
        return _dec(criterion.get("max", 0) or 0, where, f"{code} criterion {ccode} maximum", found)
    codes: list[str] = []
    for option in options:
        ocode = option.get("code", "")
        if not ocode or ocode in codes:
            found.append(Problem(("option", ccode, ocode, "code"),
                                 gettext_noop("%(sheet)s criterion %(criterion)s: option codes must be present and different "
                                    "(%(option)s)"), {"sheet": code, "criterion": ccode, "option": repr(ocode)}))
        codes.append(ocode)
        effort = option.get("effort", scoresheet.DEFAULT_EFFORT)
        if effort not in scoresheet.EFFORT_CLASSES:
            found.append(Problem(("option", ccode, ocode, "effort"),
                                 gettext_noop("%(sheet)s criterion %(criterion)s option %(option)s: the effort class must be 1, 2 "
                                    "or 3, not %(value)s"), {"sheet": code, "criterion": ccode, "option": ocode, "value": effort}))
        cases = {c.get("code") for c in criterion.get("cases", [])}
        if option.get("case") and option["case"] not in cases:
            found.append(Problem(("option", ccode, ocode, "case"),
                                 gettext_noop("%(sheet)s criterion %(criterion)s option %(option)s: unknown case %(case)s"),
                                 {"sheet": code, "criterion": ccode, "option": ocode, "case": repr(option["case"])}))
    points = [_dec(o.get("points"), ("option", ccode, o.get("code", ""), "points"),
                   f"{code} criterion {ccode} option {o.get('code')}", found) for o in options]
    by_case: dict[str, list[Decimal]] = {}
    for option, value in zip(options, points):
        by_case.setdefault(option.get("case", ""), []).append(value)
    for values in by_case.values():
        sequence = ", ".join(_fmt(v) for v in values)
        if values != sorted(values):
            found.append(Problem(where, gettext_noop("%(sheet)s criterion %(criterion)s: options must go from the lowest points to the "
                                           "highest (%(points)s)"), {"sheet": code, "criterion": ccode, "points": sequence},
                                 "order", sequence))
        if len(set(values)) != len(values):
            found.append(Problem(where, gettext_noop("%(sheet)s criterion %(criterion)s: two options give the same points (%(points)s)"),
                                 {"sheet": code, "criterion": ccode, "points": sequence}, "equal_points", sequence))
    if not official and points[0] != 0:
        found.append(Problem(("option", ccode, options[0].get("code", ""), "points"),
                             gettext_noop("%(sheet)s criterion %(criterion)s: the lowest option must give 0 points"),
                             {"sheet": code, "criterion": ccode}))
    if any(o.get("derived") for o in options):
        found.append(Problem(where, gettext_noop("%(sheet)s criterion %(criterion)s: options not printed on the sheet were derived"),
                             {"sheet": code, "criterion": ccode}, "no_options", "0"))
    top = max(points)
    if criterion.get("max") in (None, ""):
        return top
    maximum = _dec(criterion["max"], where, f"{code} criterion {ccode} maximum", found)
    if top != maximum:
        found.append(Problem(where, gettext_noop("%(sheet)s criterion %(criterion)s: the options reach %(top)s points, the criterion's "
                                       "maximum is %(max)s"),
                             {"sheet": code, "criterion": ccode, "top": _fmt(top), "max": _fmt(maximum)},
                             "options_max", _fmt(top)))
    return maximum


def _gate_problems(sheet: dict) -> list[Problem]:
    code = sheet.get("code", "?")
    found = []
    by_code = {c["code"]: c for s in sheet["sections"] for c in s["criteria"] if c.get("code")}
    for i, gate in enumerate(sheet.get("gates", [])):
        criterion = by_code.get(gate.get("criterion"))
        if criterion is None:
            found.append(Problem(("gate", i, "criterion"), gettext_noop("%(sheet)s gate for %(stars)s★: unknown criterion %(criterion)s"),
                                 {"sheet": code, "stars": gate.get("stars"), "criterion": repr(gate.get("criterion"))}))
        elif gate.get("min_option") not in {o.get("code") for o in criterion["options"]}:
            found.append(Problem(("gate", i, "option"), gettext_noop("%(sheet)s gate for %(stars)s★: criterion %(criterion)s has no "
                                                           "option %(option)s"),
                                 {"sheet": code, "stars": gate.get("stars"), "criterion": gate["criterion"],
                                  "option": repr(gate.get("min_option"))}))
        if gate.get("stars") not in (2, 3, 4, 5):
            found.append(Problem(("gate", i, "stars"), gettext_noop("%(sheet)s gate: star level %(stars)s must be 2 to 5"),
                                 {"sheet": code, "stars": repr(gate.get("stars"))}))
    return found


def _knockout_problems(sheet: dict) -> list[Problem]:
    code = sheet.get("code", "?")
    found, seen = [], set()
    criteria = {c["code"] for s in sheet["sections"] for c in s["criteria"] if c.get("code")}
    for i, knockout in enumerate(sheet.get("knockouts", [])):
        kcode = knockout.get("code", "")
        if not kcode or kcode in seen or not knockout.get("text"):
            found.append(Problem(("knockout", i), gettext_noop("%(sheet)s disqualifying condition %(code)s: needs its own code and a "
                                                     "text"), {"sheet": code, "code": repr(kcode)}))
        seen.add(kcode)
        if knockout.get("criterion") and knockout["criterion"] not in criteria:
            found.append(Problem(("knockout", i), gettext_noop("%(sheet)s disqualifying condition %(code)s: unknown criterion "
                                                     "%(criterion)s"), {"sheet": code, "code": kcode,
                                                                        "criterion": repr(knockout["criterion"])}))
    return found


def _waive(sheet: dict, found: list[Problem]) -> list[Problem]:
    """Drop the problems of the printed text that the sheet records exactly where they are."""
    records: dict[tuple, set[tuple[str, str]]] = {("sheet",): {(r["kind"], r["found"]) for r in _records(sheet)}}
    for part in sheet["parts"]:
        records[("part", part["code"])] = {(r["kind"], r["found"]) for r in _records(part)}
    for section in sheet["sections"]:
        records[("section", section["code"])] = {(r["kind"], r["found"]) for r in _records(section)}
        for criterion in section["criteria"]:
            records[("criterion", criterion.get("code"))] = {(r["kind"], r["found"]) for r in _records(criterion)}
    return [p for p in found if not (p.kind in TEXT_KINDS and (p.kind, p.found) in records.get(p.where, set()))]


def validate(sheet: dict) -> list[str]:
    """Every reason a sheet cannot be published, as text: sums per part and in all, codes, gates, bands."""
    return [str(p) for p in problems_of(sheet)]


def build(sheet: dict) -> scoresheet.Sheet:
    found = problems_of(sheet)
    if found:
        raise SheetInvalid(found)
    criteria = []
    for section in sheet["sections"]:
        for c in section["criteria"]:
            criteria.append(scoresheet.Criterion(
                code=c["code"], part=section["part"], section=section["code"], name=c["name"],
                options=tuple(
                    scoresheet.Option(o["code"], o["text"], Decimal(str(o["points"])), int(o.get("effort", scoresheet.DEFAULT_EFFORT)),
                                  case=o.get("case", ""), knockout=bool(o.get("knockout")))
                    for o in c["options"]
                ),
                max=Decimal(str(c["max"])) if c.get("max") not in (None, "") else None,
                evidence=c.get("evidence", ""),
            ))
    bonus = sheet.get("bonus") or {}
    return scoresheet.Sheet(
        code=sheet["code"], name=sheet["name"],
        parts=tuple(scoresheet.Part(p["code"], p["name"], Decimal(str(p["max"]))) for p in sheet["parts"]),
        criteria=tuple(criteria),
        bands={int(k): Decimal(str(v)) for k, v in sheet["bands"].items()},
        gates=tuple(scoresheet.Gate(int(g["stars"]), g["criterion"], g["min_option"], g.get("note", "")) for g in sheet.get("gates", [])),
        bonuses=tuple(scoresheet.Bonus(b["flag"], Decimal(str(b["points"])), b.get("label", "")) for b in bonus.get("items", [])),
        bonus_cap=Decimal(str(bonus.get("cap", 0))),
        total_max=Decimal(str(sheet.get("total_max", 100))),
        knockouts=tuple(scoresheet.Knockout(k["code"], k["text"], k.get("criterion", "")) for k in sheet.get("knockouts", [])),
        recognised_min_stars=int(sheet.get("recognised_min_stars", 3)),
    )
