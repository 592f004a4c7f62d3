"""Evaluation rounds: an office opens the statutory rounds of a year (dates from the decision) or rounds of
its own; a dossier joins the open round whose cut-off comes first; the office sees each round's dossiers,
their states and the deadlines at risk."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.access import is_central, may_act_for_province

from .. import workflow
from ..models import Round
from ..rounds import statutory_cutoffs
from .calendar import calendar_for
from ocop.core.workdays import working_days_between
from .errors import Refused

AT_RISK_WORKING_DAYS = 10  # a round whose results are due within this many working days puts its open dossiers at risk


def _may_run(user, level: str, province) -> bool:
    if level == Round.Level.CENTRAL:
        return is_central(user)
    return province is not None and may_act_for_province(user, province.code)


@transaction.atomic
def round_open(*, level: str, province, year: int, user, number: int | None = None, proposals_by: dt.date | None = None,
               finish_by: dt.date | None = None, note: str = "") -> Round:
    """Round 1 or 2 with the statutory dates, or (no number, or dates given) a round the office adds."""
    if level not in Round.Level.values:
        raise Refused(_("Unknown level."))
    if level == Round.Level.CENTRAL:
        province = None
    if not _may_run(user, level, province):
        raise Refused(_("You may not open rounds for this office."), 403)
    if not 2000 <= int(year) <= 2100:
        raise Refused(_("The year must be between 2000 and 2100."))
    rounds = Round.objects.filter(level=level, province=province, year=year)
    statutory = number in (1, 2) and proposals_by is None and finish_by is None
    if statutory:
        proposals_by, finish_by = statutory_cutoffs(level, year, number)
    else:
        if proposals_by is None or finish_by is None:
            raise Refused(_("An added round needs its cut-off and its end date."))
        if finish_by < proposals_by:
            raise Refused(_("The results cannot be due before the cut-off for proposals."))
        if number is None or number in (1, 2):
            number = max([3, *[r.number + 1 for r in rounds]])
    if rounds.filter(number=number).exists():
        raise Refused(_("Round %(n)s of %(year)s is already open.") % {"n": number, "year": year}, 409)
    try:
        with transaction.atomic():
            return Round.objects.create(level=level, province=province, year=year, number=number, statutory=statutory,
                                        proposals_by=proposals_by, finish_by=finish_by, note=note[:300], opened_by=user)
    except IntegrityError:
        raise Refused(_("Round %(n)s of %(year)s is already open.") % {"n": number, "year": year}, 409) from None


@transaction.atomic
def round_close(*, round: Round, user) -> Round:
    if not _may_run(user, round.level, round.province):
        raise Refused(_("You may not close this round."), 403)
    waiting = round.dossiers.exclude(state__in=workflow.FINAL).count() if round.level == "province" else \
        round.central_dossiers.exclude(state__in=workflow.FINAL).count()
    if waiting:
        raise Refused(_("%(n)s dossiers of this round are not finished yet.") % {"n": waiting}, 409)
    round.closed = True
    round.save(update_fields=["closed"])
    return round


def round_for(*, level: str, province_id: str | None, day: dt.date) -> Round | None:
    """The open round a proposal sent on `day` joins: the first cut-off on or after the day."""
    rounds = Round.objects.filter(level=level, closed=False, proposals_by__gte=day)
    rounds = rounds.filter(province__isnull=True) if level == Round.Level.CENTRAL else rounds.filter(province_id=province_id)
    return rounds.order_by("proposals_by", "number").first()


def round_overview(round: Round, today: dt.date | None = None) -> dict:
    """A round's dossiers by state, the working days left to its end, and the dossiers at risk (not finished
    and the round ends within AT_RISK_WORKING_DAYS working days, or past their own deadline)."""
    today = today or timezone.localdate()
    dossiers = round.dossiers if round.level == "province" else round.central_dossiers
    counts = {row["state"]: row["n"] for row in dossiers.values("state").annotate(n=Count("pk"))}
    left = working_days_between(today, round.finish_by, calendar_for(round.province_id))
    open_ones = dossiers.exclude(state__in=workflow.FINAL).select_related("product", "producer")
    at_risk = [d for d in open_ones if left <= AT_RISK_WORKING_DAYS or (d.due_on and d.due_on < today)]
    return {"round": round, "states": [(code, label, counts[code]) for code, label in workflow.State.choices if counts.get(code)],
            "total": sum(counts.values()), "working_days_left": left, "at_risk": at_risk,
            "cutoff_passed": round.proposals_by < today}
