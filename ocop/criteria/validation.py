"""The validator of sheet documents: every reason a sheet cannot be used, each with where it is
(for the cell of a workbook). On an official sheet, a sum or order that the printed text itself
gets wrong is accepted only when the data records that very inconsistency (same kind, same
figure) on the element at fault, so a slip in the transcription is still caught.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext

from .canonical import number_text, records_of
from .scoresheet import DEFAULT_EFFORT, EFFORT_CLASSES


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
        return gettext(self.template) % self.params


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
    part_max = _part_maxima(sheet, found)
    contribution = _section_problems(sheet, part_max, found)
    _section_sum_problems(sheet, contribution, found)
    sums = _part_sums(sheet, part_max, contribution)
    _part_sum_problems(sheet, part_max, sums, found)
    _total_problems(sheet, part_max, sums, found)
    found += _gate_problems(sheet)
    found += _knockout_problems(sheet)
    _band_problems(sheet, found)
    return _waive(sheet, found) if sheet.get("official") else found


def _part_maxima(sheet: dict, found: list[Problem]) -> dict[str, Decimal]:
    """Each part's maximum; a part whose title prints another figure is a problem."""
    code = sheet.get("code", "?")
    part_max = {p["code"]: _dec(p["max"], ("part", p["code"]), f"{code} part {p['code']} maximum", found)
                for p in sheet["parts"]}
    for p in sheet["parts"]:
        if p.get("title_max") not in (None, "") and number_text(p["title_max"]) != number_text(p["max"]):
            found.append(Problem(("part", p["code"]), gettext_noop("%(sheet)s part %(part)s: its title says %(title)s points, "
                                                         "its maximum is %(max)s"),
                                 {"sheet": code, "part": p["code"], "title": number_text(p["title_max"]),
                                  "max": number_text(p["max"])},
                                 "part_title", number_text(p["title_max"])))
    return part_max


def _section_problems(sheet: dict, part_max: dict[str, Decimal], found: list[Problem]) -> dict[str, Decimal]:
    """The sections' parts and parents, their criteria's codes and each criterion's own problems;
    returns what each criterion adds to its section and part."""
    code = sheet.get("code", "?")
    official = bool(sheet.get("official"))
    contribution: dict[str, Decimal] = {}
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
    return contribution


def _section_sum_problems(sheet: dict, contribution: dict[str, Decimal], found: list[Problem]) -> None:
    """A section with a maximum: its criteria and sub-sections must add up to it."""
    code = sheet.get("code", "?")
    for section in sheet["sections"]:
        if section.get("max") in (None, ""):
            continue
        maximum = _dec(section["max"], ("section", section["code"]), f"{code} section {section['code']} maximum", found)
        children = sum((contribution.get(c.get("code"), Decimal(0)) for c in section["criteria"]), Decimal(0)) + sum(
            (Decimal(number_text(s.get("max") or 0)) for s in sheet["sections"] if s.get("parent") == section["code"]), Decimal(0))
        if children != maximum:
            found.append(Problem(("section", section["code"]),
                                 gettext_noop("%(sheet)s section %(section)s: its criteria add up to %(sum)s points, the section's "
                                    "maximum is %(max)s"),
                                 {"sheet": code, "section": section["code"], "sum": _fmt(children), "max": _fmt(maximum)},
                                 "section_sum", _fmt(children)))


def _part_sums(sheet: dict, part_max: dict[str, Decimal], contribution: dict[str, Decimal]) -> dict[str, Decimal]:
    """What each part adds up to: its top sections' maxima when they all print one, else its criteria."""
    sums = {p: Decimal(0) for p in part_max}
    for part in part_max:
        tops = [s for s in sheet["sections"] if s["part"] == part and not s.get("parent")]
        if tops and all(s.get("max") not in (None, "") for s in tops):
            sums[part] = sum((Decimal(number_text(s["max"])) for s in tops), Decimal(0))
        else:
            sums[part] = sum((contribution.get(c.get("code"), Decimal(0)) for s in sheet["sections"] if s["part"] == part
                              for c in s["criteria"]), Decimal(0))
    return sums


def _part_sum_problems(sheet: dict, part_max: dict[str, Decimal], sums: dict[str, Decimal],
                       found: list[Problem]) -> None:
    code = sheet.get("code", "?")
    for part, maximum in part_max.items():
        if sums[part] != maximum:
            found.append(Problem(("part", part), gettext_noop("%(sheet)s part %(part)s: the criteria add up to %(sum)s points, the "
                                                    "part's maximum is %(max)s"),
                                 {"sheet": code, "part": part, "sum": _fmt(sums[part]), "max": _fmt(maximum)},
                                 "part_sum", _fmt(sums[part])))


def _total_problems(sheet: dict, part_max: dict[str, Decimal], sums: dict[str, Decimal], found: list[Problem]) -> None:
    """The parts' maxima, the criteria and the printed total must all be the sheet's total."""
    code = sheet.get("code", "?")
    total_max = _dec(sheet.get("total_max", 100), ("sheet",), f"{code} total", found)
    all_parts, all_criteria = sum(part_max.values(), Decimal(0)), sum(sums.values(), Decimal(0))
    printed = sheet.get("total_printed")
    if all_criteria != total_max or all_parts != total_max or (printed not in (None, "") and number_text(printed) != number_text(total_max)):
        found.append(Problem(("sheet",), gettext_noop("%(sheet)s: parts add up to %(parts)s (criteria %(criteria)s), not %(total)s"),
                             {"sheet": code, "parts": _fmt(all_parts), "criteria": _fmt(all_criteria), "total": _fmt(total_max)},
                             "total", _fmt(all_parts)))


def _band_problems(sheet: dict, found: list[Problem]) -> None:
    code = sheet.get("code", "?")
    bands = {}
    for k, v in sheet.get("bands", {}).items():
        bands[int(k)] = _dec(v, ("band", str(k)), f"{code} band {k}★", found)
    ordered = [bands[k] for k in sorted(bands)]
    if ordered != sorted(ordered) or len(set(ordered)) != len(ordered):
        found.append(Problem(("band", ""), gettext_noop("%(sheet)s: star bands must rise with the stars"), {"sheet": code}))


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
        effort = option.get("effort", DEFAULT_EFFORT)
        if effort not in EFFORT_CLASSES:
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
    records: dict[tuple, set[tuple[str, str]]] = {("sheet",): {(r["kind"], r["found"]) for r in records_of(sheet)}}
    for part in sheet["parts"]:
        records[("part", part["code"])] = {(r["kind"], r["found"]) for r in records_of(part)}
    for section in sheet["sections"]:
        records[("section", section["code"])] = {(r["kind"], r["found"]) for r in records_of(section)}
        for criterion in section["criteria"]:
            records[("criterion", criterion.get("code"))] = {(r["kind"], r["found"]) for r in records_of(criterion)}
    return [p for p in found if not (p.kind in TEXT_KINDS and (p.kind, p.found) in records.get(p.where, set()))]


def validate(sheet: dict) -> list[str]:
    """Every reason a sheet cannot be published, as text: sums per part and in all, codes, gates, bands."""
    return [str(p) for p in problems_of(sheet)]
