"""The rating engine: plain Python, no database. A sheet (parts → criteria → options, gates,
star bands, bonus rules) and answers in; part totals, total, stars, failed gates and the way
to the next star out. Points are Decimals, so band edges are exact (69.99 is 3★, 70.00 is 4★).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

TWO_PLACES = Decimal("0.01")


class AnswerError(ValueError):
    """Answers that cannot be scored. `kind` is unknown_criterion, unknown_option or missing;
    `item` names the criterion (and option) at fault; `more` counts further missing criteria."""

    def __init__(self, message: str, item: str = "", *, kind: str = "", criterion: str = "", option: str = "",
                 more: int = 0):
        super().__init__(message)
        self.item, self.kind, self.criterion, self.option, self.more = item, kind, criterion, option, more


@dataclass(frozen=True)
class Option:
    code: str
    text: str
    points: Decimal
    effort: Decimal  # how hard it is to reach this option from the one below it


@dataclass(frozen=True)
class Criterion:
    code: str
    part: str
    section: str
    name: str
    options: tuple[Option, ...]  # from the lowest to the highest

    @cached_property
    def index(self) -> dict[str, int]:
        return {o.code: i for i, o in enumerate(self.options)}

    @property
    def max_points(self) -> Decimal:
        return max(o.points for o in self.options)


@dataclass(frozen=True)
class Part:
    code: str
    name: str
    max_points: Decimal


@dataclass(frozen=True)
class Gate:
    """A mandatory criterion: for `stars` and above, the answer must be `min_option` or higher."""

    stars: int
    criterion: str
    min_option: str
    note: str = ""


@dataclass(frozen=True)
class Bonus:
    """Points added from the producer's record (e.g. woman-led), within `cap` for all bonuses."""

    flag: str
    points: Decimal
    label: str


@dataclass(frozen=True)
class Sheet:
    code: str
    name: str
    parts: tuple[Part, ...]
    criteria: tuple[Criterion, ...]
    bands: dict[int, Decimal]  # stars → minimum total, e.g. {5: 90, 4: 70, 3: 50, 2: 30}
    gates: tuple[Gate, ...] = ()
    bonuses: tuple[Bonus, ...] = ()
    bonus_cap: Decimal = Decimal(0)
    total_max: Decimal = Decimal(100)

    @cached_property
    def by_code(self) -> dict[str, Criterion]:
        return {c.code: c for c in self.criteria}


@dataclass
class Change:
    criterion: str
    option: str
    points_gained: Decimal
    text: str

    def as_dict(self) -> dict:
        return {"criterion": self.criterion, "option": self.option, "points_gained": float(self.points_gained),
                "text": self.text}


@dataclass
class NextStar:
    stars: int
    points_needed: Decimal
    changes: list[Change]
    reachable: bool = True

    def as_dict(self) -> dict:
        return {"stars": self.stars, "points_needed": float(self.points_needed),
                "changes": [c.as_dict() for c in self.changes], "reachable": self.reachable}


@dataclass
class Result:
    sheet: str
    parts: dict[str, Decimal]
    bonus: Decimal
    total: Decimal
    band_stars: int  # the stars the total alone would give
    stars: int  # after the gates
    gates_failed: list[Gate]
    next_star: NextStar | None
    unanswered: list[str] = field(default_factory=list)

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
            "next_star": self.next_star.as_dict() if self.next_star else None,
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


def band_for(sheet: Sheet, total: Decimal) -> int:
    for stars in sorted(sheet.bands, reverse=True):
        if total >= sheet.bands[stars]:
            return stars
    return 1


def _gates_met(sheet: Sheet, chosen: dict[str, int], stars: int) -> list[Gate]:
    failed = []
    for gate in sheet.gates:
        if gate.stars <= stars:
            criterion = sheet.by_code[gate.criterion]
            if chosen.get(gate.criterion, 0) < criterion.index[gate.min_option]:
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


def _totals(sheet: Sheet, chosen: dict[str, int], bonus: Decimal) -> tuple[dict[str, Decimal], Decimal]:
    parts = {p.code: Decimal(0) for p in sheet.parts}
    for criterion in sheet.criteria:
        index = chosen.get(criterion.code)
        if index is not None:
            parts[criterion.part] += criterion.options[index].points
    total = min(sum(parts.values(), Decimal(0)) + bonus, sheet.total_max)
    return parts, total.quantize(TWO_PLACES)


def score(sheet: Sheet, answers: dict[str, str], *, flags: dict[str, bool] | None = None, partial: bool = False,
          with_next: bool = True, points_word: str = "điểm") -> Result:
    chosen = check_answers(sheet, answers, partial=partial)
    bonus = _bonus(sheet, flags or {})
    parts, total = _totals(sheet, chosen, bonus)
    band = band_for(sheet, total)
    stars = _stars_after_gates(sheet, chosen, band)
    failed = _gates_met(sheet, chosen, band)
    result = Result(
        sheet=sheet.code, parts={k: v.quantize(TWO_PLACES) for k, v in parts.items()}, bonus=bonus, total=total,
        band_stars=band, stars=stars, gates_failed=failed, next_star=None,
        unanswered=[c.code for c in sheet.criteria if c.code not in chosen],
    )
    if with_next and stars < max(sheet.bands, default=5):
        result.next_star = way_to_next_star(sheet, chosen, bonus, stars + 1, points_word=points_word)
    return result


# -- the way to the next star -------------------------------------------------------------------

def _unit(sheet: Sheet) -> Decimal:
    """The largest step that divides every option's points, so points become small integers."""
    from math import gcd

    hundredths = [int(o.points * 100) for c in sheet.criteria for o in c.options] + [int(v * 100) for v in sheet.bands.values()]
    g = 0
    for value in hundredths:
        g = gcd(g, value)
    return Decimal(g or 100) / 100


def way_to_next_star(sheet: Sheet, chosen: dict[str, int], bonus: Decimal, target: int, *,
                     points_word: str = "điểm") -> NextStar:
    """The smallest set of answer changes that reaches `target` stars: fewest changes first,
    then least effort. Gates up to the target must be met; points must reach its band.

    Dynamic programme over criteria; the state is the points gained (in the sheet's unit,
    capped at what is needed), the value the (changes, effort) pair, compared in that order.
    """
    current_total = _totals(sheet, chosen, bonus)[1]
    needed = max(sheet.bands[target] - current_total, Decimal(0))
    unit = _unit(sheet)
    need_units = int((needed / unit).to_integral_value(rounding="ROUND_CEILING"))
    floor_index = {c.code: chosen.get(c.code, 0) for c in sheet.criteria}
    required = {}
    for gate in sheet.gates:
        if gate.stars <= target:
            criterion = sheet.by_code[gate.criterion]
            required[gate.criterion] = max(required.get(gate.criterion, 0), criterion.index[gate.min_option])

    best: dict[int, tuple[int, Decimal, tuple]] = {0: (0, Decimal(0), ())}
    for criterion in sheet.criteria:
        current = floor_index[criterion.code]
        low = max(current, required.get(criterion.code, 0))
        moves = []
        if low == current:
            moves.append((0, 0, Decimal(0), None))
        for index in range(max(low, current + 1), len(criterion.options)):
            gain = criterion.options[index].points - criterion.options[current].points
            effort = sum((criterion.options[i].effort for i in range(current + 1, index + 1)), Decimal(0))
            moves.append((int(gain / unit), 1, effort, index))
        if not moves:
            continue
        nxt: dict[int, tuple[int, Decimal, tuple]] = {}
        for gained, (count, effort, picks) in best.items():
            for gain_units, extra, move_effort, index in moves:
                state = min(gained + max(gain_units, 0), need_units)
                candidate = (count + extra, effort + move_effort,
                             picks if index is None else picks + ((criterion.code, index),))
                held = nxt.get(state)
                if held is None or candidate[:2] < held[:2]:
                    nxt[state] = candidate
        best = nxt
    answer = best.get(need_units)
    if answer is None:
        return NextStar(stars=target, points_needed=needed, changes=[], reachable=False)
    changes = []
    for code, index in answer[2]:
        criterion = sheet.by_code[code]
        option = criterion.options[index]
        gained = option.points - criterion.options[floor_index[code]].points
        changes.append(Change(code, option.code, gained, f"{criterion.name} — {option.text}: +{_fmt(gained)} {points_word}"))
    changes.sort(key=lambda c: -c.points_gained)
    return NextStar(stars=target, points_needed=needed.quantize(TWO_PLACES), changes=changes)


def _fmt(points: Decimal) -> str:
    return f"{points.normalize():f}".replace(".", ",")
