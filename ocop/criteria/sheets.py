"""Criteria set files → expanded sheets → engine objects.

A set file (data/<code>.json) holds the set's metadata, its parts with their maxima, modules
(groups of sections written once and shared by many sheets) and the sheets, each naming the
product groups it applies to and either the modules it is made of (the reconstructed 148/1048
sets) or its own parts and sections (the official 26/2026 sheets, transcribed one by one).
Expanding a sheet gives a self-contained document in its canonical form (ocop.criteria.canonical;
stored on the Sheet row) from which the engine sheet is built, once the validator
(ocop.criteria.validation) finds nothing wrong with it. Star bands and the first recognised level
are not in these files: they come from the criteria version (ocop/taxonomy/data, see
ocop.taxonomy.versions).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from . import scoresheet
from .canonical import canonical
from .validation import SheetInvalid, problems_of, validate

# The document's form and its validator, read from here by the tests and the benchmarks.
__all__ = ["DATA_DIR", "SheetInvalid", "build", "canonical", "expand", "problems_of", "read_set", "set_files", "validate"]

DATA_DIR = Path(__file__).resolve().parent / "data"


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
