"""The dossier workflow, in one place: the states with their public labels, every allowed move
with the roles that may make it, whether a reason is required, and the working days each state may
last. No other module names a state by its string.

Roles: producer (the dossier's own), commune (officer of the producer's commune), province (officer
of the dossier's province), central (central office, which also decides five stars for the ministry),
advisor (a member of the advisory group, "Tổ tư vấn", of the council that will score the dossier),
system (moves made by a council session when it closes or is cancelled).

Decision 26/2026 (Art. 7): the producer files with the commune; the commune checks the dossier within
15 working days, assesses the four local contents (Form 03) and proposes it to the province; the
provincial office checks it is complete; the advisory group reviews it (and may visit); the council
scores it; the provincial chair recognises 3★/4★. A result of 90 or more may be proposed, with the
provincial chair's approval, to the central council; the ministry decides 5★; below 90 at the centre the
province may still recognise 3★/4★.
"""

from typing import NamedTuple

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted: waiting for the commune")
    COMMUNE_CONFIRMED = "commune_confirmed", _("Confirmed by the commune: completeness check by the province")
    RETURNED = "returned", _("Returned to the producer for completion")
    ACCEPTED = "accepted", _("Complete: waiting for the advisory group")
    REVIEWED = "reviewed", _("Reviewed by the advisory group: waiting for the council")
    IN_EVALUATION = "in_evaluation", _("On a council's agenda")
    EVALUATED = "evaluated", _("Scored by the provincial council")
    CENTRAL_REVIEW = "central_review", _("Sent to the central council (90 points or more)")
    CENTRAL_EVALUATED = "central_evaluated", _("Scored by the central council: five stars for the ministry to decide")
    CENTRAL_RETURNED = "central_returned", _("Below 90 at the central council: back to the province")
    RECOGNISED = "recognised", _("Recognised")
    NOT_RECOGNISED = "not_recognised", _("Not recognised")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Role(models.TextChoices):
    PRODUCER = "producer", _("producer")
    COMMUNE = "commune", _("commune officer")
    PROVINCE = "province", _("provincial office")
    CENTRAL = "central", _("central office")
    ADVISOR = "advisor", _("advisory group")
    SYSTEM = "system", _("council")


class Move(NamedTuple):
    sources: frozenset[State]
    target: State | None  # None: back to the state the dossier was returned from
    roles: frozenset[Role]
    needs_reason: bool
    label: Promise
    only: dict  # source state → the roles that may make the move from there (narrower than `roles`)


def _move(sources, target, roles, needs_reason, label, only=None) -> Move:
    return Move(frozenset(sources), target, frozenset(roles), needs_reason, label,
                {state: frozenset(r) for state, r in (only or {}).items()})


S, R = State, Role
OFFICE = {R.PROVINCE, R.CENTRAL}
FINAL = frozenset({S.RECOGNISED, S.NOT_RECOGNISED, S.REJECTED, S.WITHDRAWN})
EDITABLE = frozenset({S.DRAFT, S.RETURNED})  # states in which the dossier's documents may change
DECIDED_BY_THE_MINISTRY = {S.CENTRAL_EVALUATED: {R.CENTRAL}}

MOVES: dict[str, Move] = {
    "submit": _move({S.DRAFT}, S.SUBMITTED, {R.PRODUCER}, False, _("Submit to the commune")),
    "commune_confirm": _move({S.SUBMITTED}, S.COMMUNE_CONFIRMED, {R.COMMUNE, *OFFICE}, False,
                             _("Confirm the four local contents and propose to the province")),
    "commune_return": _move({S.SUBMITTED}, S.RETURNED, {R.COMMUNE, *OFFICE}, True, _("Return to the producer")),
    "resubmit": _move({S.RETURNED}, None, {R.PRODUCER}, False, _("Resubmit")),
    "accept": _move({S.COMMUNE_CONFIRMED}, S.ACCEPTED, OFFICE, False, _("Accept as complete")),
    "return": _move({S.COMMUNE_CONFIRMED, S.ACCEPTED, S.REVIEWED}, S.RETURNED, OFFICE, True, _("Return for completion")),
    "advisory_review": _move({S.ACCEPTED}, S.REVIEWED, {*OFFICE, R.ADVISOR}, False,
                             _("Record the advisory group's review")),
    "schedule": _move({S.REVIEWED}, S.IN_EVALUATION, {*OFFICE, R.SYSTEM}, False, _("Put on a council's agenda")),
    "unschedule": _move({S.IN_EVALUATION}, S.REVIEWED, {R.SYSTEM}, True, _("Taken off the agenda")),
    "evaluate": _move({S.IN_EVALUATION}, S.EVALUATED, {R.SYSTEM}, False, _("Council result")),
    "forward_central": _move({S.EVALUATED}, S.CENTRAL_REVIEW, OFFICE, False,
                             _("Propose to the central council (90 points or more, approved by the provincial chair)")),
    "schedule_central": _move({S.CENTRAL_REVIEW}, S.IN_EVALUATION, {R.CENTRAL, R.SYSTEM}, False,
                              _("Put on the central council's agenda")),
    "unschedule_central": _move({S.IN_EVALUATION}, S.CENTRAL_REVIEW, {R.SYSTEM}, True,
                                _("Taken off the central council's agenda")),
    "evaluate_central": _move({S.IN_EVALUATION}, S.CENTRAL_EVALUATED, {R.SYSTEM}, False,
                              _("Central council result: 90 or more")),
    "central_below": _move({S.IN_EVALUATION}, S.CENTRAL_RETURNED, {R.SYSTEM}, False,
                           _("Central council result: below 90, back to the province")),
    "recognise": _move({S.EVALUATED, S.CENTRAL_EVALUATED, S.CENTRAL_RETURNED}, S.RECOGNISED, OFFICE, False,
                       _("Record the recognition decision"), only=DECIDED_BY_THE_MINISTRY),
    "not_recognise": _move({S.EVALUATED, S.CENTRAL_EVALUATED, S.CENTRAL_RETURNED}, S.NOT_RECOGNISED, OFFICE, True,
                           _("Not recognised"), only=DECIDED_BY_THE_MINISTRY),
    "reject": _move({S.SUBMITTED, S.COMMUNE_CONFIRMED, S.ACCEPTED, S.REVIEWED}, S.REJECTED, {R.COMMUNE, *OFFICE}, True,
                    _("Reject"), only={S.COMMUNE_CONFIRMED: OFFICE, S.ACCEPTED: OFFICE, S.REVIEWED: OFFICE}),
    "withdraw": _move({S.DRAFT, S.SUBMITTED, S.RETURNED, S.COMMUNE_CONFIRMED, S.ACCEPTED, S.REVIEWED}, S.WITHDRAWN,
                      {R.PRODUCER}, False, _("Withdraw")),
}

# Moves that end a dossier badly: shown apart from the main action and confirmed before they are made.
DESTRUCTIVE = frozenset({"reject", "withdraw", "not_recognise"})

# Working days each state may last before the dossier is overdue (the commune's 15: Art. 7.2).
DEADLINES: dict[State, int] = {S.SUBMITTED: 15, S.COMMUNE_CONFIRMED: 10, S.RETURNED: 15, S.ACCEPTED: 10,
                               S.REVIEWED: 20, S.EVALUATED: 10, S.CENTRAL_REVIEW: 30, S.CENTRAL_EVALUATED: 10,
                               S.CENTRAL_RETURNED: 10}

# A re-evaluation is finished within 45 days of the complete dossier (Art. 7.6.g): calendar days.
REEVALUATION_DAYS = 45

# The state a council's agenda takes its dossiers from, by council level, and where they go back.
AGENDA_SOURCE = {"province": S.REVIEWED, "central": S.CENTRAL_REVIEW}
AGENDA_MOVES = {"province": ("schedule", "unschedule", "evaluate"),
                "central": ("schedule_central", "unschedule_central", "evaluate_central")}

# Only a council result of this many points or more may be proposed to the central council.
CENTRAL_THRESHOLD = 90

# Who moves a dossier on from each state that is not final: the roles of its moves, and for the states a
# council session holds, the council (its secretary or its office closes or cancels the session).
HELD_BY_A_SESSION = frozenset({S.IN_EVALUATION})

# Whom a dossier waits for in each state that is not final: told in the app and by e-mail when it arrives,
# listed in their to-do. Each is one of the roles that may move it on from there (tested).
WAITS_FOR: dict[State, Role] = {
    S.DRAFT: R.PRODUCER, S.SUBMITTED: R.COMMUNE, S.RETURNED: R.PRODUCER, S.COMMUNE_CONFIRMED: R.PROVINCE,
    S.ACCEPTED: R.ADVISOR, S.REVIEWED: R.PROVINCE, S.IN_EVALUATION: R.SYSTEM, S.EVALUATED: R.PROVINCE,
    S.CENTRAL_REVIEW: R.CENTRAL, S.CENTRAL_EVALUATED: R.CENTRAL, S.CENTRAL_RETURNED: R.PROVINCE,
}


class Refusal(NamedTuple):
    message: str
    status: int  # 400 unknown move, 403 not this role, 409 not from this state


def allowed_roles(name: str, state: str) -> frozenset[Role]:
    move = MOVES[name]
    return move.only.get(state, move.roles)


def refusal(name: str, state: str, roles: set[str]) -> Refusal | None:
    """Why a move may not be made (to show the person, with the HTTP status that fits), or None."""
    move = MOVES.get(name)
    if move is None:
        return Refusal(str(_("Unknown action.")), 400)
    if not set(roles) & move.roles:
        return Refusal(str(_("Your role may not “%(action)s”.") % {"action": move.label}), 403)
    if state not in move.sources:
        return Refusal(str(_("“%(action)s” is not possible while the dossier is “%(state)s”.") % {
            "action": move.label, "state": State(state).label if state in State.values else state}), 409)
    if not set(roles) & allowed_roles(name, state):
        if state in DECIDED_BY_THE_MINISTRY:
            return Refusal(str(_("Five stars are decided by the ministry (the central office).")), 403)
        return Refusal(str(_("Your role may not “%(action)s” at this stage.") % {"action": move.label}), 403)
    return None


def actions_for(state: str, roles: set[str]) -> list[str]:
    """The moves a person with these roles can make from this state (system moves excluded)."""
    people = set(roles) - {Role.SYSTEM}
    return [name for name, move in MOVES.items() if state in move.sources and people & allowed_roles(name, state)]


def movers(state: str) -> set[Role]:
    """Who can move a dossier on from this state (Role.SYSTEM: the council whose session holds it)."""
    found: set[Role] = set()
    for name, move in MOVES.items():
        if state in move.sources:
            found |= allowed_roles(name, state)
    return found


def target_of(name: str, returned_from: str) -> State:
    move = MOVES[name]
    return move.target if move.target is not None else State(returned_from or State.SUBMITTED)


def state_label(state: str) -> str:
    return str(State(state).label) if state in State.values else state


def role_label(role: str) -> str:
    return str(Role(role).label) if role in Role.values else role
