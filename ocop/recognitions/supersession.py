"""Which recognition supersedes which: a plain function over one product's recognitions."""

import datetime as dt


def supersession_plan(recognitions: list[tuple[int, dt.date, dt.date, bool]]) -> dict[int, int]:
    """(id, decision_date, valid_until, revoked) for one product → {id: id of the one superseding it}.

    A recognition is superseded by the next later, non-revoked recognition of the same product
    when it was still valid on that one's decision date (an upgrade or a re-recognition).
    Revoked recognitions are neither superseded nor superseding; one that had lapsed before
    the next decision simply expired.
    """
    live = sorted((r for r in recognitions if not r[3]), key=lambda r: (r[1], r[0]))
    plan = {}
    for current, following in zip(live, live[1:]):
        if current[2] >= following[1] and following[1] > current[1]:
            plan[current[0]] = following[0]
    return plan
