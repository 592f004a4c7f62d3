"""A score sheet as the rating engine reads it: plain frozen dataclasses, no database. Parts,
criteria with their options in the printed order, gates (star minima), disqualifying conditions,
bonus rules and star bands. Built from a sheet document by ocop.criteria.sheets.build; scored
by ocop.criteria.engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from math import gcd

TWO_PLACES = Decimal("0.01")
DEFAULT_EFFORT = 2  # "an investment of weeks": options that carry no effort class
EFFORT_CLASSES = (1, 2, 3)


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

