"""One form for a sheet document whatever it came from (a set file in the repository or an
office's workbook), so that an unchanged sheet hashes the same and stored documents are uniform:
numbers as their shortest text, optional fields present only when they say something, the star
bands and the first recognised level those of the sheet's criteria version
(ocop/taxonomy/data, see ocop.taxonomy.versions).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from ocop.taxonomy import versions

from .scoresheet import DEFAULT_EFFORT


def number_text(value) -> str:
    """A number as its shortest text ("10.50" → "10.5"); anything else as it is."""
    try:
        return f"{Decimal(str(value)).normalize():f}"
    except (InvalidOperation, ValueError):
        return str(value)


def _effort(value) -> int | str:
    if value in (None, ""):
        return DEFAULT_EFFORT
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    return int(number) if number == number.to_integral_value() else str(value)


def records_of(element: dict) -> list[dict]:
    """The inconsistencies of the printed text recorded on an element, each {kind, found, text}."""
    return [{"kind": str(r.get("kind", "")), "found": number_text(r.get("found", "")) if r.get("found", "") != "" else "",
             "text": r.get("text", "") or ""} for r in element.get("inconsistency") or []]


def _extra(out: dict, element: dict, *keys: str) -> dict:
    """Optional fields: present in the document only when they say something."""
    for key in keys:
        value = element.get(key)
        if key == "inconsistency":
            value = records_of(element)
        elif key in ("max", "title_max") and value not in (None, ""):
            value = number_text(value)
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
    out["parts"] = [_extra({"code": p["code"], "name": p["name"], "max": number_text(p["max"])}, p,
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
                _extra({"code": o.get("code", ""), "text": o.get("text", ""), "points": number_text(o.get("points")),
                        "effort": _effort(o.get("effort"))}, o, "case", "knockout", "derived", "text_note")
                for o in c.get("options", [])
            ]
            section["criteria"].append(criterion)
        out["sections"].append(section)
    out["gates"] = [{"stars": g.get("stars"), "criterion": g.get("criterion"), "min_option": g.get("min_option"),
                     "note": g.get("note", "") or ""} for g in sheet.get("gates", [])]
    out["knockouts"] = [_extra({"code": k.get("code", ""), "text": k.get("text", ""), "criterion": k.get("criterion", "") or ""},
                               k, "text_note") for k in sheet.get("knockouts", [])]
    out["bands"] = {str(k): number_text(v) for k, v in bands.items()}
    out["recognised_min_stars"] = int(recognised)
    out["bonus"] = {"cap": number_text((sheet.get("bonus") or {}).get("cap", 0)),
                    "items": [{"flag": b["flag"], "points": number_text(b["points"]), "label": b.get("label", "")}
                              for b in (sheet.get("bonus") or {}).get("items", [])]}
    out["total_max"] = number_text(sheet.get("total_max", 100))
    return out
