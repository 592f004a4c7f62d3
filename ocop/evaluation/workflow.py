"""The dossier workflow, in one place: states with their public labels, every allowed move with
the roles that may make it, whether a reason is required, and the working days each step may take.

Roles: producer (the dossier's own), commune (officer of the producer's commune), province (officer of
the dossier's province), central (central office), system (moves made by the council session).
"""

from django.utils.translation import gettext_lazy as _

STATES = {
    "draft": _("Draft"),
    "submitted": _("Submitted: waiting for the commune"),
    "commune_confirmed": _("Confirmed by the commune: completeness check by the province"),
    "returned": _("Returned to the producer for completion"),
    "accepted": _("Complete: waiting for the council"),
    "in_evaluation": _("On a council's agenda"),
    "evaluated": _("Scored by the provincial council"),
    "central_review": _("Sent to the central council (90 points or more)"),
    "central_evaluated": _("Scored by the central council"),
    "recognised": _("Recognised"),
    "not_recognised": _("Not recognised"),
    "rejected": _("Rejected"),
    "withdrawn": _("Withdrawn"),
}
ROLE_LABELS = {"producer": _("producer"), "commune": _("commune officer"), "province": _("provincial office"),
               "central": _("central office"), "system": _("council")}
FINAL = {"recognised", "not_recognised", "rejected", "withdrawn"}

# name: (from states, to state, roles, reason required, label)
TRANSITIONS = {
    "submit": ({"draft"}, "submitted", {"producer"}, False, _("Submit")),
    "commune_confirm": ({"submitted"}, "commune_confirmed", {"commune", "province", "central"}, False,
                        _("Confirm the four local criteria")),
    "commune_return": ({"submitted"}, "returned", {"commune", "province", "central"}, True, _("Return to the producer")),
    "resubmit": ({"returned"}, None, {"producer"}, False, _("Resubmit")),  # back to where it was returned from
    "accept": ({"commune_confirmed"}, "accepted", {"province", "central"}, False, _("Accept as complete")),
    "return": ({"commune_confirmed", "accepted"}, "returned", {"province", "central"}, True, _("Return for completion")),
    "schedule": ({"accepted"}, "in_evaluation", {"province", "central", "system"}, False, _("Put on a council's agenda")),
    "evaluate": ({"in_evaluation"}, "evaluated", {"system"}, False, _("Council result")),
    "forward_central": ({"evaluated"}, "central_review", {"province", "central"}, False, _("Send to the central council")),
    "schedule_central": ({"central_review"}, "in_evaluation", {"central", "system"}, False, _("Put on the central council's agenda")),
    "evaluate_central": ({"in_evaluation"}, "central_evaluated", {"system"}, False, _("Central council result")),
    "recognise": ({"evaluated", "central_evaluated"}, "recognised", {"province", "central"}, False, _("Record the recognition decision")),
    "not_recognise": ({"evaluated", "central_evaluated"}, "not_recognised", {"province", "central"}, True, _("Not recognised")),
    "reject": ({"submitted", "commune_confirmed", "accepted"}, "rejected", {"commune", "province", "central"}, True, _("Reject")),
    "withdraw": ({"draft", "submitted", "returned", "commune_confirmed", "accepted"}, "withdrawn", {"producer"}, False,
                 _("Withdraw")),
}

# Working days each state may last before the dossier is overdue (configurable here, data not code).
DEADLINES = {"submitted": 5, "commune_confirmed": 10, "returned": 15, "accepted": 20, "evaluated": 10,
             "central_review": 30, "central_evaluated": 10}


def allowed(name: str, state: str, roles: set[str]) -> tuple[bool, str, int]:
    """Whether a move may be made; when not, the reason (to show the person) and the HTTP status
    that fits (400 unknown move, 403 not this role, 409 not from this state)."""
    if name not in TRANSITIONS:
        return False, str(_("Unknown action.")), 400
    sources, _to, who, _reason, label = TRANSITIONS[name]
    if not roles & who:
        return False, str(_("Your role may not “%(action)s”.") % {"action": label}), 403
    if state not in sources:
        return False, str(_("“%(action)s” is not possible while the dossier is “%(state)s”.") % {
            "action": label, "state": STATES[state]}), 409
    return True, "", 200


def actions_for(state: str, roles: set[str]) -> list[str]:
    """The moves a person with these roles can make from this state (system moves excluded)."""
    return [name for name, (sources, _to, who, _r, _l) in TRANSITIONS.items()
            if state in sources and (roles - {"system"}) & who]
