"""Which recognition supersedes which: a plain function over one product's recognitions."""

import datetime as dt


def supersession_plan(recognitions: list[tuple[int, dt.date, dt.date, bool]]) -> dict[int, int]:
    """(id, decision_date, valid_until, revoked) for one product → {id: id of the one superseding it}.

    A recognition is superseded by the next later recognition of the same product when it was
    still valid on that one's decision date (an upgrade or a re-recognition). A revoked
    recognition keeps its revoked status (it is never marked superseded), but it did replace
    the one before it: revoking an upgrade does not bring the older certificate back. One that
    had lapsed before the next decision simply expired.
    """
    ordered = sorted(recognitions, key=lambda r: (r[1], r[0]))
    plan = {}
    for current, following in zip(ordered, ordered[1:]):
        if not current[3] and current[2] >= following[1] and following[1] > current[1]:
            plan[current[0]] = following[0]
    return plan
