"""The dossier workflow, in one place: the states with their public labels, every allowed move
with the roles that may make it, whether a reason is required, and the working days each state may
last. No other module names a state by its string.

Roles: producer (the dossier's own), commune (officer of the producer's commune), province (officer
of the dossier's province), central (central office), system (moves made by the council session).
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
    ACCEPTED = "accepted", _("Complete: waiting for the council")
    IN_EVALUATION = "in_evaluation", _("On a council's agenda")
    EVALUATED = "evaluated", _("Scored by the provincial council")
    CENTRAL_REVIEW = "central_review", _("Sent to the central council (90 points or more)")
    CENTRAL_EVALUATED = "central_evaluated", _("Scored by the central council")
    RECOGNISED = "recognised", _("Recognised")
    NOT_RECOGNISED = "not_recognised", _("Not recognised")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Role(models.TextChoices):
    PRODUCER = "producer", _("producer")
    COMMUNE = "commune", _("commune officer")
    PROVINCE = "province", _("provincial office")
    CENTRAL = "central", _("central office")
    SYSTEM = "system", _("council")


class Move(NamedTuple):
    sources: frozenset[State]
    target: State | None  # None: back to the state the dossier was returned from
    roles: frozenset[Role]
    needs_reason: bool
    label: Promise


def _move(sources, target, roles, needs_reason, label) -> Move:
    return Move(frozenset(sources), target, frozenset(roles), needs_reason, label)


S, R = State, Role
OFFICE = {R.PROVINCE, R.CENTRAL}
FINAL = frozenset({S.RECOGNISED, S.NOT_RECOGNISED, S.REJECTED, S.WITHDRAWN})
EDITABLE = frozenset({S.DRAFT, S.RETURNED})  # states in which the dossier's documents may change

MOVES: dict[str, Move] = {
    "submit": _move({S.DRAFT}, S.SUBMITTED, {R.PRODUCER}, False, _("Submit")),
    "commune_confirm": _move({S.SUBMITTED}, S.COMMUNE_CONFIRMED, {R.COMMUNE, *OFFICE}, False,
                             _("Confirm the four local criteria")),
    "commune_return": _move({S.SUBMITTED}, S.RETURNED, {R.COMMUNE, *OFFICE}, True, _("Return to the producer")),
    "resubmit": _move({S.RETURNED}, None, {R.PRODUCER}, False, _("Resubmit")),
    "accept": _move({S.COMMUNE_CONFIRMED}, S.ACCEPTED, OFFICE, False, _("Accept as complete")),
    "return": _move({S.COMMUNE_CONFIRMED, S.ACCEPTED}, S.RETURNED, OFFICE, True, _("Return for completion")),
    "schedule": _move({S.ACCEPTED}, S.IN_EVALUATION, {*OFFICE, R.SYSTEM}, False, _("Put on a council's agenda")),
    "evaluate": _move({S.IN_EVALUATION}, S.EVALUATED, {R.SYSTEM}, False, _("Council result")),
    "forward_central": _move({S.EVALUATED}, S.CENTRAL_REVIEW, OFFICE, False, _("Send to the central council")),
    "schedule_central": _move({S.CENTRAL_REVIEW}, S.IN_EVALUATION, {R.CENTRAL, R.SYSTEM}, False,
                              _("Put on the central council's agenda")),
    "evaluate_central": _move({S.IN_EVALUATION}, S.CENTRAL_EVALUATED, {R.SYSTEM}, False, _("Central council result")),
    "recognise": _move({S.EVALUATED, S.CENTRAL_EVALUATED}, S.RECOGNISED, OFFICE, False,
                       _("Record the recognition decision")),
    "not_recognise": _move({S.EVALUATED, S.CENTRAL_EVALUATED}, S.NOT_RECOGNISED, OFFICE, True, _("Not recognised")),
    "reject": _move({S.SUBMITTED, S.COMMUNE_CONFIRMED, S.ACCEPTED}, S.REJECTED, {R.COMMUNE, *OFFICE}, True, _("Reject")),
    "withdraw": _move({S.DRAFT, S.SUBMITTED, S.RETURNED, S.COMMUNE_CONFIRMED, S.ACCEPTED}, S.WITHDRAWN, {R.PRODUCER},
                      False, _("Withdraw")),
}

# Moves that end a dossier badly: shown apart from the main action and confirmed before they are made.
DESTRUCTIVE = frozenset({"reject", "withdraw", "not_recognise"})

# Working days each state may last before the dossier is overdue.
DEADLINES: dict[State, int] = {S.SUBMITTED: 5, S.COMMUNE_CONFIRMED: 10, S.RETURNED: 15, S.ACCEPTED: 20,
                               S.EVALUATED: 10, S.CENTRAL_REVIEW: 30, S.CENTRAL_EVALUATED: 10}

# The state a council's agenda takes its dossiers from, by council level.
AGENDA_SOURCE = {"province": S.ACCEPTED, "central": S.CENTRAL_REVIEW}


class Refusal(NamedTuple):
    message: str
    status: int  # 400 unknown move, 403 not this role, 409 not from this state


def refusal(name: str, state: str, roles: set[str]) -> Refusal | None:
    """Why a move may not be made (to show the person, with the HTTP status that fits), or None."""
    move = MOVES.get(name)
    if move is None:
        return Refusal(str(_("Unknown action.")), 400)
    if not set(roles) & move.roles:
        return Refusal(str(_("Your role may not “%(action)s”.") % {"action": move.label}), 403)
    if state not in move.sources:
        return Refusal(str(_("“%(action)s” is not possible while the dossier is “%(state)s”.") % {
            "action": move.label, "state": State(state).label}), 409)
    return None


def actions_for(state: str, roles: set[str]) -> list[str]:
    """The moves a person with these roles can make from this state (system moves excluded)."""
    people = set(roles) - {Role.SYSTEM}
    return [name for name, move in MOVES.items() if state in move.sources and people & move.roles]


def target_of(name: str, returned_from: str) -> State:
    move = MOVES[name]
    return move.target if move.target is not None else State(returned_from or State.SUBMITTED)


def state_label(state: str) -> str:
    return str(State(state).label) if state in State.values else state


def role_label(role: str) -> str:
    return str(Role(role).label) if role in Role.values else role
