"""The statutory evaluation rounds of Decision 26/2026 (Art. 5), as plain data and arithmetic.

Provincial rounds: round 1 finishes by 30/6 for dossiers the communes proposed by 30/4; round 2 by 30/12 for
those proposed by 30/10. Central rounds: round 1 by 30/9 for proposals from the provinces by 30/7; round 2 by
30/3 for proposals by 30/01 — of the following year, since the article lists it after round 1 (round 2 of
2026 takes the proposals sent until 30/01/2027 and finishes by 30/03/2027). An office may add rounds of its own
(numbers 3 and up) with its own dates.
"""

import datetime as dt
from typing import NamedTuple


class Cutoffs(NamedTuple):
    proposals_by: dt.date
    finish_by: dt.date


# level → round number → ((month, day) proposals, (month, day) results, years after the round's year)
STATUTORY = {
    "province": {1: ((4, 30), (6, 30), 0), 2: ((10, 30), (12, 30), 0)},
    "central": {1: ((7, 30), (9, 30), 0), 2: ((1, 30), (3, 30), 1)},
}


def statutory_cutoffs(level: str, year: int, number: int) -> Cutoffs | None:
    """The statutory dates of round `number` of `year`, or None for a round an office adds."""
    rule = STATUTORY.get(level, {}).get(number)
    if rule is None:
        return None
    (pm, pd), (fm, fd), later = rule
    return Cutoffs(dt.date(year + later, pm, pd), dt.date(year + later, fm, fd))


def statutory_round_for(level: str, day: dt.date) -> tuple[int, int]:
    """(year, number) of the statutory round a proposal sent on `day` belongs to: the first whose cut-off
    is on or after the day."""
    candidates = []
    for year in (day.year - 1, day.year, day.year + 1):
        for number in STATUTORY[level]:
            cutoffs = statutory_cutoffs(level, year, number)
            if cutoffs.proposals_by >= day:
                candidates.append((cutoffs.proposals_by, year, number))
    _day, year, number = min(candidates)
    return year, number
