"""The rating engine: plain Python, no database. A sheet (parts → criteria → options, gates,
knock-outs, star bands, bonus rules) and answers in; part totals, total, stars, failed gates,
disqualifying conditions and the way to the next star out. Points are Decimals, so band edges
are exact (69.99 is 3★, 70.00 is 4★).

Rules kept here (their one home):
- a criterion counts the points of the chosen option, never more than the criterion's printed
  maximum (an official sheet may print an option above it); an unanswered criterion counts as
  its lowest option and is listed as unanswered;
- a gate {stars, criterion, min_option} must be met for that star level and every level above
  (cumulative); "met" means the chosen option is min_option or comes after it on the sheet;
- a knock-out (a condition of the sheet reported as applying, or an option marked knockout)
  disqualifies: no stars, the reasons instead;
- the way to the next star aims one star up, but never below the first recognised level (3★):
  the path of least total effort (effort class of each option reached, summed; then fewest
  changes) that reaches the target band and meets every gate up to the target, and the path
  of fewest changes (then least effort) as an alternative when it differs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from math import gcd

TWO_PLACES = Decimal("0.01")
DEFAULT_EFFORT = 2  # "an investment of weeks": options that carry no effort class
EFFORT_CLASSES = (1, 2, 3)


class AnswerError(ValueError):
    """Answers that cannot be scored. `kind` is unknown_criterion, unknown_option, missing or
    unknown_knockout; `item` names the criterion (and option) at fault; `more` counts further
    missing criteria."""

    def __init__(self, message: str, item: str = "", *, kind: str = "", criterion: str = "", option: str = "",
                 more: int = 0):
        super().__init__(message)
        self.item, self.kind, self.criterion, self.option, self.more = item, kind, criterion, option, more


@dataclass(frozen=True)
class Option:
    code: str
    text: str
    points: Decimal  # as printed
    effort: int = DEFAULT_EFFORT  # how hard it is to reach this option: 1 paper, 2 weeks, 3 months
    case: str = ""  # "a", "b" … when the criterion asks to choose one of several cases first
    knockout: bool = False  # choosing it disqualifies the product


@dataclass(frozen=True)
class Criterion:
    code: str
    part: str
    section: str
    name: str
    options: tuple[Option, ...]  # in the printed order, from the lowest to the highest
    max: Decimal | None = None  # the printed maximum ("Thang điểm"); None: the highest option
    evidence: str = ""

    @cached_property
    def index(self) -> dict[str, int]:
        return {o.code: i for i, o in enumerate(self.options)}

    @cached_property
    def scored(self) -> tuple[Decimal, ...]:
        """What each option counts: its points, never above the printed maximum."""
        if self.max is None:
            return tuple(o.points for o in self.options)
        return tuple(min(o.points, self.max) for o in self.options)

    @cached_property
    def lowest(self) -> int:
        """The option an unanswered criterion counts as (the first of the lowest points)."""
        scored = self.scored
        return min(range(len(scored)), key=lambda i: (scored[i], i))

    @property
    def max_points(self) -> Decimal:
        return max(self.scored)

    def meets(self, chosen: int, minimum: int) -> bool:
        """Is option `chosen` at or above option `minimum`? Later on the sheet within the same
        case; across cases, by the points they count."""
        a, b = self.options[chosen], self.options[minimum]
        if a.case != b.case:
            return self.scored[chosen] >= self.scored[minimum]
        return chosen >= minimum

    def upward(self, current: int, answered: bool) -> list[int]:
        """The options a product can move to from `current`: later ones of the same case; when
        the criterion was not answered, any option of another case as well."""
        here = self.options[current].case
        return [j for j, o in enumerate(self.options)
                if (o.case == here and j > current) or (o.case != here and not answered)]


@dataclass(frozen=True)
class Part:
    code: str
    name: str
    max_points: Decimal


@dataclass(frozen=True)
class Gate:
    """A star minimum: for `stars` and above, the answer must be `min_option` or higher."""

    stars: int
    criterion: str
    min_option: str
    note: str = ""


@dataclass(frozen=True)
class Knockout:
    """A condition that disqualifies the product ("Hồ sơ bị loại khi…", "Bị loại nếu…")."""

    code: str
    text: str
    criterion: str = ""


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
    knockouts: tuple[Knockout, ...] = ()
    recognised_min_stars: int = 3  # the first recognised level: the advice never aims lower

    @cached_property
    def by_code(self) -> dict[str, Criterion]:
        return {c.code: c for c in self.criteria}

    @cached_property
    def knockout_codes(self) -> dict[str, Knockout]:
        return {k.code: k for k in self.knockouts}

    @cached_property
    def unit(self) -> Decimal:
        """The largest step that divides every option's points and every band."""
        g = 0
        for value in [s for c in self.criteria for s in c.scored] + list(self.bands.values()):
            g = gcd(g, int(value * 100))
        return Decimal(g or 100) / 100


@dataclass
class Change:
    criterion: str
    option: str
    points_gained: Decimal
    text: str
    effort: int = DEFAULT_EFFORT
    from_option: str = ""
    evidence: str = ""

    def as_dict(self) -> dict:
        return {"criterion": self.criterion, "option": self.option, "from": self.from_option,
                "points": float(self.points_gained), "points_gained": float(self.points_gained),
                "effort": self.effort, "text": self.text, "evidence": self.evidence}


@dataclass
class NextStar:
    stars: int
    points_needed: Decimal
    changes: list[Change]
    reachable: bool = True
    kind: str = "least_effort"  # or "fewest_changes"

    @property
    def effort(self) -> int:
        return sum(c.effort for c in self.changes)

    def key(self) -> tuple:
        return tuple(sorted((c.criterion, c.option) for c in self.changes))

    def as_dict(self) -> dict:
        return {"stars": self.stars, "points_needed": float(self.points_needed), "effort": self.effort,
                "changes": [c.as_dict() for c in self.changes], "reachable": self.reachable, "kind": self.kind}


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


Describe = Callable[[Criterion, Option, Option, Decimal], str]


def plain_text(criterion: Criterion, start: Option, target: Option, gained: Decimal) -> str:
    return f"{criterion.code} {criterion.name} — {target.text}: +{_fmt(gained)} điểm"


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


# -- the way to the next star -------------------------------------------------------------------

_K = 1 << 10  # packs three counts in one integer: primary * _K² + secondary * _K + option steps
_NONE = 1 << 62


def ways_to(sheet: Sheet, filled: dict[str, int], answered: set[str], raw_total: Decimal, target: int, *,
            describe: Describe = plain_text) -> tuple[NextStar, list[NextStar]]:
    """The least-effort way to `target` stars and, when it differs, the fewest-changes way.

    A dynamic programme over the criteria: the state is the points gained in the sheet's unit,
    capped at what is needed; each state keeps its best (effort, changes, steps) and its best
    (changes, effort, steps), packed in integers, with a back-pointer per criterion. The option
    steps (how far up the sheet each change goes) break ties: between two ways of equal effort
    and changes, the one asking for less (e.g. a national certificate rather than an
    international one when the extra points are not needed).
    """
    needed = max(sheet.bands[target] - raw_total, Decimal(0))
    unit = sheet.unit
    need = int((needed / unit).to_integral_value(rounding="ROUND_CEILING"))
    required: dict[str, int] = {}
    for gate in sheet.gates:
        if gate.stars <= target:
            criterion = sheet.by_code[gate.criterion]
            minimum = criterion.index[gate.min_option]
            if gate.criterion not in required or criterion.meets(minimum, required[gate.criterion]):
                required[gate.criterion] = minimum
    layers = []
    for criterion in sheet.criteria:
        current = filled[criterion.code]
        minimum = required.get(criterion.code)
        stay = minimum is None or criterion.meets(current, minimum)
        moves = []
        for j in criterion.upward(current, criterion.code in answered):
            if minimum is not None and not criterion.meets(j, minimum):
                continue
            gain = criterion.scored[j] - criterion.scored[current]
            if gain <= 0 and stay:
                continue  # a move that neither adds points nor meets a gate is never useful
            moves.append((int(gain / unit) if gain > 0 else 0, int(criterion.options[j].effort), j, abs(j - current)))
        if not moves and not stay:
            return NextStar(target, needed.quantize(TWO_PLACES), [], reachable=False), []
        if moves:
            layers.append((criterion, current, stay, _undominated(moves, need)))

    effort_best = [_NONE] * (need + 1)
    count_best = [_NONE] * (need + 1)
    effort_best[0] = count_best[0] = 0
    trail = []
    for _criterion, _current, stay, moves in layers:
        new_effort = [_NONE] * (need + 1)
        new_count = [_NONE] * (need + 1)
        back_effort = [None] * (need + 1)
        back_count = [None] * (need + 1)
        for state in range(need + 1):
            e, c = effort_best[state], count_best[state]
            if e == _NONE and c == _NONE:
                continue
            if stay:
                if e < new_effort[state]:
                    new_effort[state], back_effort[state] = e, (state, -1)
                if c < new_count[state]:
                    new_count[state], back_count[state] = c, (state, -1)
            for k, (gain, effort, _j, steps) in enumerate(moves):
                to = state + gain
                if to > need:
                    to = need
                if e != _NONE:
                    value = e + effort * _K * _K + _K + steps
                    if value < new_effort[to]:
                        new_effort[to], back_effort[to] = value, (state, k)
                if c != _NONE:
                    value = c + _K * _K + effort * _K + steps
                    if value < new_count[to]:
                        new_count[to], back_count[to] = value, (state, k)
        effort_best, count_best = new_effort, new_count
        trail.append((back_effort, back_count))

    def walk(which: int, kind: str) -> NextStar:
        final = effort_best if which == 0 else count_best
        if final[need] == _NONE:
            return NextStar(target, needed.quantize(TWO_PLACES), [], reachable=False, kind=kind)
        changes, state = [], need
        for (criterion, current, _stay, moves), backs in zip(reversed(layers), reversed(trail)):
            state, k = backs[which][state]
            if k < 0:
                continue
            j = moves[k][2]
            start, option = criterion.options[current], criterion.options[j]
            gained = criterion.scored[j] - criterion.scored[current]
            changes.append(Change(criterion.code, option.code, gained, describe(criterion, start, option, gained),
                                  effort=int(option.effort), from_option=start.code, evidence=criterion.evidence))
        changes.sort(key=lambda ch: (-ch.points_gained, ch.effort, ch.criterion))
        return NextStar(target, needed.quantize(TWO_PLACES), changes, kind=kind)

    cheapest = walk(0, "least_effort")
    fewest = walk(1, "fewest_changes")
    alternatives = [fewest] if fewest.reachable and fewest.key() != cheapest.key() else []
    return cheapest, alternatives


def _undominated(moves: list[tuple[int, int, int, int]], need: int) -> list[tuple[int, int, int, int]]:
    """Drop a move when another adds at least as many points (up to what is needed) for no more
    effort and no more steps up the sheet: it can never be part of a better way, by either
    measure (each move is one change)."""
    def covers(a, b):  # a is at least as good as b
        return min(a[0], need) >= min(b[0], need) and a[1] <= b[1] and a[3] <= b[3]

    kept = []
    for i, move in enumerate(moves):
        if not any(covers(other, move) and (not covers(move, other) or k < i) for k, other in enumerate(moves) if k != i):
            kept.append(move)
    return kept


def _fmt(points: Decimal) -> str:
    return f"{points.normalize():f}".replace(".", ",")
