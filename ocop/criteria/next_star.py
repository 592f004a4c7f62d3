"""The way to the next star: plain Python, no database. From a scored sheet (every criterion's
option, the raw total) to the changes that reach a target star level.

Rule kept here (its one home): the way aims at the target the engine names (one star up, never
below the first recognised level); it is the path of least total effort (effort class of each
option reached, summed; then fewest changes) that reaches the target band and meets every gate up
to the target, with the path of fewest changes (then least effort) as an alternative when it
differs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from .scoresheet import DEFAULT_EFFORT, TWO_PLACES, Criterion, Option, Sheet


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


Describe = Callable[[Criterion, Option, Option, Decimal], str]


def plain_text(criterion: Criterion, start: Option, target: Option, gained: Decimal) -> str:
    return f"{criterion.code} {criterion.name} — {target.text}: +{_fmt(gained)} điểm"


_K = 1 << 10  # packs three counts in one integer: primary * _K² + secondary * _K + option steps
_NONE = 1 << 62
KINDS = ("least_effort", "fewest_changes")  # the two measures, in the order the programme keeps them

Move = tuple[int, int, int, int]  # (points gained in the sheet's unit, effort class, option index, option steps)


@dataclass(frozen=True)
class _Layer:
    """One criterion that can move: where it is, whether it may stay there and its useful moves."""

    criterion: Criterion
    current: int
    stay: bool
    moves: list[Move]


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
    need = int((needed / sheet.unit).to_integral_value(rounding="ROUND_CEILING"))
    layers = _layers(sheet, filled, answered, _gate_minima(sheet, target), need)
    if layers is None:
        return NextStar(target, needed.quantize(TWO_PLACES), [], reachable=False), []
    best, trail = _programme(layers, need)
    cheapest, fewest = [_way(target, needed, kind, _walk(layers, trail, best[which], which, need), describe)
                        for which, kind in enumerate(KINDS)]
    alternatives = [fewest] if fewest.reachable and fewest.key() != cheapest.key() else []
    return cheapest, alternatives


def _gate_minima(sheet: Sheet, target: int) -> dict[str, int]:
    """The option each gated criterion must reach for `target` stars: the highest of its gates up
    to that level."""
    required: dict[str, int] = {}
    for gate in sheet.gates:
        if gate.stars <= target:
            criterion = sheet.by_code[gate.criterion]
            minimum = criterion.index[gate.min_option]
            if gate.criterion not in required or criterion.meets(minimum, required[gate.criterion]):
                required[gate.criterion] = minimum
    return required


def _layers(sheet: Sheet, filled: dict[str, int], answered: set[str], required: dict[str, int],
            need: int) -> list[_Layer] | None:
    """The criteria that can move, each with its useful moves; None when a gate asks for an option
    that a criterion cannot reach."""
    unit = sheet.unit
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
            return None
        if moves:
            layers.append(_Layer(criterion, current, stay, _undominated(moves, need)))
    return layers


def _programme(layers: list[_Layer], need: int) -> tuple[tuple[list[int], list[int]], list]:
    """The best value of each state after the last criterion, by each measure (least effort,
    fewest changes), and per criterion the back-pointers (state before, move index or -1 for
    staying) by each measure."""
    effort_best = [_NONE] * (need + 1)
    count_best = [_NONE] * (need + 1)
    effort_best[0] = count_best[0] = 0
    trail = []
    for layer in layers:
        new_effort = [_NONE] * (need + 1)
        new_count = [_NONE] * (need + 1)
        back_effort = [None] * (need + 1)
        back_count = [None] * (need + 1)
        for state in range(need + 1):
            e, c = effort_best[state], count_best[state]
            if e == _NONE and c == _NONE:
                continue
            if layer.stay:
                if e < new_effort[state]:
                    new_effort[state], back_effort[state] = e, (state, -1)
                if c < new_count[state]:
                    new_count[state], back_count[state] = c, (state, -1)
            for k, (gain, effort, _j, steps) in enumerate(layer.moves):
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
    return (effort_best, count_best), trail


def _walk(layers: list[_Layer], trail: list, final: list[int], which: int, need: int) -> list[tuple[_Layer, int]] | None:
    """The moves (criterion, option index) of the best way by measure `which`, followed back from
    the full need; None when no way reaches it."""
    if final[need] == _NONE:
        return None
    chosen, state = [], need
    for layer, backs in zip(reversed(layers), reversed(trail)):
        state, k = backs[which][state]
        if k >= 0:
            chosen.append((layer, layer.moves[k][2]))
    return chosen


def _way(target: int, needed: Decimal, kind: str, chosen: list[tuple[_Layer, int]] | None,
         describe: Describe) -> NextStar:
    """The changes of a way, the most points first (then the least effort)."""
    if chosen is None:
        return NextStar(target, needed.quantize(TWO_PLACES), [], reachable=False, kind=kind)
    changes = []
    for layer, j in chosen:
        criterion = layer.criterion
        start, option = criterion.options[layer.current], criterion.options[j]
        gained = criterion.scored[j] - criterion.scored[layer.current]
        changes.append(Change(criterion.code, option.code, gained, describe(criterion, start, option, gained),
                              effort=int(option.effort), from_option=start.code, evidence=criterion.evidence))
    changes.sort(key=lambda ch: (-ch.points_gained, ch.effort, ch.criterion))
    return NextStar(target, needed.quantize(TWO_PLACES), changes, kind=kind)


def _undominated(moves: list[Move], need: int) -> list[Move]:
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
