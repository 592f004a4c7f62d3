"""The rating engine: plain Python, no database. A sheet (parts → criteria → options, gates,
knock-outs, star bands, bonus rules: ocop.criteria.scoresheet) and answers in; part totals, total,
stars, failed gates, disqualifying conditions and the way to the next star (ocop.criteria.next_star)
out. Points are Decimals, so band edges are exact (69.99 is 3★, 70.00 is 4★).

Rules kept here (their one home):
- a criterion counts the points of the chosen option, never more than the criterion's printed
  maximum (an official sheet may print an option above it); an unanswered criterion counts as
  its lowest option and is listed as unanswered;
- a gate {stars, criterion, min_option} must be met for that star level and every level above
  (cumulative); "met" means the chosen option is min_option or comes after it on the sheet;
- a knock-out (a condition of the sheet reported as applying, or an option marked knockout)
  disqualifies: no stars, the reasons instead;
- the way to the next star aims one star up, but never below the first recognised level (3★);
  how it is found is next_star's rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from .next_star import Describe, NextStar, plain_text, ways_to
from .scoresheet import (DEFAULT_EFFORT, EFFORT_CLASSES, TWO_PLACES, Bonus, Criterion, Gate, Knockout, Option,
                         Part, Sheet)

# The sheet's vocabulary is the engine's: callers write engine.Sheet, engine.Option, engine.DEFAULT_EFFORT.
__all__ = ["DEFAULT_EFFORT", "EFFORT_CLASSES", "TWO_PLACES", "AnswerError", "Bonus", "Criterion", "Gate", "Knockout",
           "NextStar", "Option", "Part", "Result", "Sheet", "band_for", "check_answers", "check_knockouts", "score"]


class AnswerError(ValueError):
    """Answers that cannot be scored. `kind` is unknown_criterion, unknown_option, missing or
    unknown_knockout; `item` names the criterion (and option) at fault; `more` counts further
    missing criteria."""

    def __init__(self, message: str, item: str = "", *, kind: str = "", criterion: str = "", option: str = "",
                 more: int = 0):
        super().__init__(message)
        self.item, self.kind, self.criterion, self.option, self.more = item, kind, criterion, option, more


@dataclass
class Result:
    sheet: str
    parts: dict[str, Decimal]
    bonus: Decimal
    total: Decimal
    band_stars: int  # the stars the total alone would give
    stars: int | None  # after the gates; None when disqualified
    gates_failed: list[Gate]
    next_star: NextStar | None
    unanswered: list[str] = field(default_factory=list)
    disqualified: list[Knockout] = field(default_factory=list)
    alternatives: list[NextStar] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "sheet": self.sheet,
            "total": float(self.total),
            "parts": {k: float(v) for k, v in self.parts.items()},
            "bonus": float(self.bonus),
            "band_stars": self.band_stars,
            "stars": self.stars,
            "gates_failed": [
                {"stars": g.stars, "criterion": g.criterion, "min_option": g.min_option, "note": g.note}
                for g in self.gates_failed
            ],
            "disqualified": [{"code": k.code, "text": k.text, "criterion": k.criterion} for k in self.disqualified],
            "next_star": self.next_star.as_dict() if self.next_star else None,
            "alternatives": [a.as_dict() for a in self.alternatives],
            "unanswered": self.unanswered,
        }


# -- scoring ---------------------------------------------------------------------------------------

def check_answers(sheet: Sheet, answers: dict[str, str], *, partial: bool = False) -> dict[str, int]:
    """Answers → option index per criterion. Unknown criterion/option, or (unless partial) a
    missing criterion, raise AnswerError naming it."""
    chosen: dict[str, int] = {}
    for code, option in answers.items():
        criterion = sheet.by_code.get(code)
        if criterion is None:
            raise AnswerError(f"unknown criterion {code!r}", code, kind="unknown_criterion", criterion=code)
        if option not in criterion.index:
            raise AnswerError(f"unknown option {option!r} for criterion {code!r}", f"{code}={option}",
                              kind="unknown_option", criterion=code, option=str(option))
        chosen[code] = criterion.index[option]
    if not partial:
        missing = [c.code for c in sheet.criteria if c.code not in chosen]
        if missing:
            raise AnswerError(
                f"no answer for criterion {missing[0]!r}" + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""),
                missing[0], kind="missing", criterion=missing[0], more=len(missing) - 1,
            )
    return chosen


def check_knockouts(sheet: Sheet, codes: Iterable[str]) -> list[Knockout]:
    found = []
    for code in codes or ():
        knockout = sheet.knockout_codes.get(code)
        if knockout is None:
            raise AnswerError(f"unknown disqualifying condition {code!r}", str(code), kind="unknown_knockout")
        found.append(knockout)
    return found


def band_for(sheet: Sheet, total: Decimal) -> int:
    for stars in sorted(sheet.bands, reverse=True):
        if total >= sheet.bands[stars]:
            return stars
    return 1


def _filled(sheet: Sheet, chosen: dict[str, int]) -> dict[str, int]:
    """Every criterion's option: the answer, else the lowest option."""
    return {c.code: chosen.get(c.code, c.lowest) for c in sheet.criteria}


def _gates_met(sheet: Sheet, chosen: dict[str, int], stars: int) -> list[Gate]:
    """The gates up to `stars` that `chosen` does not meet (an unanswered criterion counts as its
    lowest option). The name says what callers ask: "are the gates (not) met?"."""
    failed = []
    for gate in sheet.gates:
        if gate.stars <= stars:
            criterion = sheet.by_code[gate.criterion]
            if not criterion.meets(chosen.get(gate.criterion, criterion.lowest), criterion.index[gate.min_option]):
                failed.append(gate)
    return failed


def _stars_after_gates(sheet: Sheet, chosen: dict[str, int], band: int) -> int:
    stars = band
    while stars > 1 and _gates_met(sheet, chosen, stars):
        stars -= 1
    return stars


def _bonus(sheet: Sheet, flags: dict[str, bool]) -> Decimal:
    earned = sum((b.points for b in sheet.bonuses if flags.get(b.flag)), Decimal(0))
    return min(earned, sheet.bonus_cap)


def _totals(sheet: Sheet, filled: dict[str, int], bonus: Decimal) -> tuple[dict[str, Decimal], Decimal, Decimal]:
    """(part totals, total capped at the sheet's maximum, raw sum with the bonus)."""
    parts = {p.code: Decimal(0) for p in sheet.parts}
    for criterion in sheet.criteria:
        parts[criterion.part] += criterion.scored[filled[criterion.code]]
    raw = sum(parts.values(), Decimal(0)) + bonus
    return parts, min(raw, sheet.total_max).quantize(TWO_PLACES), raw


def score(sheet: Sheet, answers: dict[str, str], *, flags: dict[str, bool] | None = None,
          knockouts: Iterable[str] = (), partial: bool = False, with_next: bool = True,
          describe: Describe = plain_text) -> Result:
    chosen = check_answers(sheet, answers, partial=partial)
    disqualified = check_knockouts(sheet, knockouts)
    for code, index in chosen.items():
        option = sheet.by_code[code].options[index]
        if option.knockout:
            disqualified.append(Knockout(f"{code}={option.code}", option.text, code))
    filled = _filled(sheet, chosen)
    bonus = _bonus(sheet, flags or {})
    parts, total, raw = _totals(sheet, filled, bonus)
    band = band_for(sheet, total)
    stars = _stars_after_gates(sheet, filled, band)
    result = Result(
        sheet=sheet.code, parts={k: v.quantize(TWO_PLACES) for k, v in parts.items()}, bonus=bonus, total=total,
        band_stars=band, stars=None if disqualified else stars, gates_failed=_gates_met(sheet, filled, band),
        next_star=None, unanswered=[c.code for c in sheet.criteria if c.code not in chosen], disqualified=disqualified,
    )
    top = max(sheet.bands, default=5)
    target = max(stars + 1, sheet.recognised_min_stars)
    if with_next and not disqualified and stars < top and target <= top:
        result.next_star, result.alternatives = ways_to(sheet, filled, set(chosen), raw, target, describe=describe)
    return result

