"""Criteria set files → expanded sheets → engine objects, with the validator.

A set file (data/<code>.json) holds the set's metadata, its parts with their maxima, modules
(groups of sections written once and shared by many sheets) and the sheets, each naming the
product groups it applies to, the modules it is made of and its gates. Expanding a sheet gives
a self-contained document (stored on the Sheet row) from which the engine sheet is built.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

from . import engine

DATA_DIR = Path(__file__).resolve().parent / "data"


class SheetInvalid(ValueError):
    """A set or sheet that cannot be used; `problems` lists every reason (sums shown)."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


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
        sections = []
        for module_code in spec["modules"]:
            module = doc["modules"].get(module_code)
            if module is None:
                raise SheetInvalid([f"sheet {spec['code']}: unknown module {module_code!r}"])
            for section in module["sections"]:
                sections.append({**section, "part": module["part"], "module": module_code})
        sheets.append(canonical({
            "code": spec["code"],
            "name": spec["name"],
            "name_en": spec.get("name_en", ""),
            "set": meta["code"],
            "taxonomy": meta.get("taxonomy", meta["code"]),
            "groups": spec.get("groups", []),
            "verified": bool(spec.get("verified", False)),
            "note": spec.get("note", ""),
            "parts": [parts[code] for code in sorted({s["part"] for s in sections}, key=list(parts).index)],
            "sections": sections,
            "gates": spec.get("gates", []),
            "bands": meta["bands"],
            "bonus": meta.get("bonus", {"cap": 0, "items": []}),
            "total_max": meta.get("total_max", 100),
        }))
    return sheets


def _num(value) -> str:
    try:
        return f"{Decimal(str(value)).normalize():f}"
    except (InvalidOperation, ValueError):
        return str(value)


def canonical(sheet: dict) -> dict:
    """One form for a sheet document whatever it came from (repository file or workbook), so
    that an unchanged sheet hashes the same and stored documents are uniform."""
    return {
        "code": sheet["code"], "name": sheet["name"], "name_en": sheet.get("name_en", "") or "",
        "set": sheet["set"], "taxonomy": sheet.get("taxonomy") or sheet["set"], "groups": list(sheet.get("groups", [])),
        "verified": bool(sheet.get("verified")), "note": sheet.get("note", "") or "",
        "parts": [{"code": p["code"], "name": p["name"], "max": _num(p["max"])} for p in sheet["parts"]],
        "sections": [
            {"code": sec["code"], "name": sec["name"], "part": sec["part"], "criteria": [
                {"code": c.get("code", ""), "name": c.get("name", ""), "options": [
                    {"code": o.get("code", ""), "text": o.get("text", ""), "points": _num(o.get("points")),
                     **({"effort": _num(o["effort"])} if "effort" in o else {})}
                    for o in c.get("options", [])
                ]}
                for c in sec["criteria"]
            ]}
            for sec in sheet["sections"]
        ],
        "gates": [{"stars": g.get("stars"), "criterion": g.get("criterion"), "min_option": g.get("min_option"),
                   "note": g.get("note", "") or ""} for g in sheet.get("gates", [])],
        "bands": {str(k): _num(v) for k, v in sheet["bands"].items()},
        "bonus": {"cap": _num((sheet.get("bonus") or {}).get("cap", 0)),
                  "items": [{"flag": b["flag"], "points": _num(b["points"]), "label": b.get("label", "")}
                            for b in (sheet.get("bonus") or {}).get("items", [])]},
        "total_max": _num(sheet.get("total_max", 100)),
    }


def _dec(value, where: str, problems: list[str]) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError):
        problems.append(f"{where}: {value!r} is not a number")
        return Decimal(0)
    if not number.is_finite() or number < 0:
        problems.append(f"{where}: {value!r} must be a number of 0 or more")
        return Decimal(0)
    return number


def validate(sheet: dict) -> list[str]:
    """Every reason a sheet cannot be published: sums per part and in all, codes, gates, bands."""
    problems: list[str] = []
    code = sheet.get("code", "?")
    part_max = {p["code"]: _dec(p["max"], f"{code} part {p['code']} maximum", problems) for p in sheet["parts"]}
    sums = {p: Decimal(0) for p in part_max}
    seen: set[str] = set()
    for section in sheet["sections"]:
        if section["part"] not in part_max:
            problems.append(f"{code} section {section.get('code')}: unknown part {section['part']!r}")
            continue
        for criterion in section["criteria"]:
            ccode = criterion.get("code", "")
            if not ccode:
                problems.append(f"{code} section {section.get('code')}: a criterion has no code")
                continue
            if ccode in seen:
                problems.append(f"{code}: criterion {ccode} appears twice")
            seen.add(ccode)
            options = criterion.get("options", [])
            if len(options) < 2:
                problems.append(f"{code} criterion {ccode}: needs at least two options")
                continue
            codes = [o.get("code", "") for o in options]
            if len(set(codes)) != len(codes) or not all(codes):
                problems.append(f"{code} criterion {ccode}: option codes must be present and different")
            points = [_dec(o.get("points"), f"{code} criterion {ccode} option {o.get('code')}", problems) for o in options]
            if points != sorted(points):
                problems.append(f"{code} criterion {ccode}: options must go from the lowest points to the highest")
            if points and points[0] != 0:
                problems.append(f"{code} criterion {ccode}: the lowest option must give 0 points")
            sums[section["part"]] += max(points, default=Decimal(0))
    for part, maximum in part_max.items():
        if sums[part] != maximum:
            problems.append(f"{code} part {part}: the criteria add up to {sums[part]:f} points, the part's maximum is {maximum:f}")
    total_max = _dec(sheet.get("total_max", 100), f"{code} total", problems)
    if sum(sums.values(), Decimal(0)) != total_max or sum(part_max.values(), Decimal(0)) != total_max:
        problems.append(
            f"{code}: parts add up to {sum(part_max.values(), Decimal(0)):f} (criteria {sum(sums.values(), Decimal(0)):f}), not {total_max:f}"
        )
    by_code = {c["code"]: c for s in sheet["sections"] for c in s["criteria"] if c.get("code")}
    for gate in sheet.get("gates", []):
        criterion = by_code.get(gate.get("criterion"))
        if criterion is None:
            problems.append(f"{code} gate for {gate.get('stars')}★: unknown criterion {gate.get('criterion')!r}")
        elif gate.get("min_option") not in {o.get("code") for o in criterion["options"]}:
            problems.append(f"{code} gate for {gate.get('stars')}★: criterion {gate['criterion']} has no option {gate.get('min_option')!r}")
        if gate.get("stars") not in (2, 3, 4, 5):
            problems.append(f"{code} gate: star level {gate.get('stars')!r} must be 2 to 5")
    bands = {int(k): _dec(v, f"{code} band {k}★", problems) for k, v in sheet.get("bands", {}).items()}
    ordered = [bands[k] for k in sorted(bands)]
    if ordered != sorted(ordered) or len(set(ordered)) != len(ordered):
        problems.append(f"{code}: star bands must rise with the stars")
    return problems


def build(sheet: dict) -> engine.Sheet:
    problems = validate(sheet)
    if problems:
        raise SheetInvalid(problems)
    criteria = []
    for section in sheet["sections"]:
        for c in section["criteria"]:
            criteria.append(engine.Criterion(
                code=c["code"], part=section["part"], section=section["code"], name=c["name"],
                options=tuple(
                    engine.Option(o["code"], o["text"], Decimal(str(o["points"])), Decimal(str(o.get("effort", 1))))
                    for o in c["options"]
                ),
            ))
    bonus = sheet.get("bonus") or {}
    return engine.Sheet(
        code=sheet["code"], name=sheet["name"],
        parts=tuple(engine.Part(p["code"], p["name"], Decimal(str(p["max"]))) for p in sheet["parts"]),
        criteria=tuple(criteria),
        bands={int(k): Decimal(str(v)) for k, v in sheet["bands"].items()},
        gates=tuple(engine.Gate(int(g["stars"]), g["criterion"], g["min_option"], g.get("note", "")) for g in sheet.get("gates", [])),
        bonuses=tuple(engine.Bonus(b["flag"], Decimal(str(b["points"])), b.get("label", "")) for b in bonus.get("items", [])),
        bonus_cap=Decimal(str(bonus.get("cap", 0))),
        total_max=Decimal(str(sheet.get("total_max", 100))),
    )
