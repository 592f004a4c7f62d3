"""Members' individual scores at a council's session (hidden from one another until one's own is in), divergence
and re-scoring, quorum from the council's regulation, and the council's result: the mean, with stars by the
criteria engine and a gate met when the median member's answer meets it."""

import math
from collections import Counter
from decimal import Decimal

from django.db import transaction
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

from ocop.criteria import engine
from ocop.criteria.answers import AnswersInvalid, describe

from ..models import AgendaItem, Council, Member, Score, Session
from .errors import DossierRefused


def scoring_members(council: Council):
    return council.members.filter(active=True, role__in=[Member.Role.CHAIR, Member.Role.MEMBER])


def present_scorers(session: Session):
    return session.present.filter(role__in=[Member.Role.CHAIR, Member.Role.MEMBER])


def quorum_problem(session: Session) -> str | None:
    council = session.council
    members = scoring_members(council)
    present = present_scorers(session).filter(active=True)
    needed = math.ceil(Decimal(members.count()) * Decimal(str(council.quorum)))
    if present.count() < needed:
        return _("No quorum: %(present)s of %(total)s members present, %(needed)s needed.") % {
            "present": present.count(), "total": members.count(), "needed": needed}
    if council.chair_required and not present.filter(role=Member.Role.CHAIR).exists():
        return _("No quorum: the chair is not present.")
    return None


def latest_scores(item: AgendaItem) -> dict[int, Score]:
    latest: dict[int, Score] = {}
    for score in item.scores.order_by("round", "submitted_at"):
        latest[score.member_id] = score
    return latest


@transaction.atomic
def score_submit(*, item: AgendaItem, user, answers: dict, opinion: str = "") -> Score:
    session = item.session
    member = Member.objects.filter(council=session.council, user=user, active=True,
                                   role__in=[Member.Role.CHAIR, Member.Role.MEMBER]).first()
    if member is None:
        raise DossierRefused(_("Only members of this council score its agenda."), 403)
    if session.state != Session.State.OPEN or item.removed:
        raise DossierRefused(_("Scores can be given only while the session is open; once closed they are locked."), 409)
    if not session.present.filter(pk=member.pk).exists():
        raise DossierRefused(_("Only members present at the session score."), 403)
    if not isinstance(answers, dict):
        raise DossierRefused(describe(AnswersInvalid("shape")))
    sheet = item.dossier.sheet
    try:
        result = engine.score(sheet.engine(), answers, with_next=False)
    except engine.AnswerError as exc:
        raise DossierRefused(describe(exc)) from None
    mine = item.scores.filter(member=member).order_by("-round").first()
    round_ = 1
    if mine is not None:
        if not item.flagged or mine.round >= 2:
            raise DossierRefused(_("You have already scored this product; a second round is opened only when scores diverge."), 409)
        if session.written:
            raise DossierRefused(_("The written opinions diverge: the re-scoring is done at a meeting."), 409)
        round_ = 2
    score = Score.objects.create(item=item, member=member, round=round_, answers=answers, total=result.total,
                                 opinion=(opinion or "")[:4000])
    divergence_check(item)
    return score


def _diverges(item: AgendaItem, latest: dict[int, Score]) -> bool:
    totals = [s.total for s in latest.values()]
    if len(totals) < 2:
        return False
    mean = sum(totals, Decimal(0)) / len(totals)
    limit = Decimal(str(item.session.council.divergence))
    return any(abs(t - mean) > limit for t in totals)


def _present_latest(item: AgendaItem) -> dict[int, Score]:
    scorers = set(present_scorers(item.session).values_list("pk", flat=True))
    return {m: s for m, s in latest_scores(item).items() if m in scorers}


def divergence_check(item: AgendaItem) -> None:
    """Flag the item once every present member has scored and the totals diverge (kept as history)."""
    scorers = set(present_scorers(item.session).values_list("pk", flat=True))
    latest = _present_latest(item)
    if not item.flagged and scorers and scorers <= set(latest) and _diverges(item, latest):
        item.flagged = True
        item.save(update_fields=["flagged"])


def item_status(item: AgendaItem) -> tuple[str, str]:
    """(code, label) of an agenda item, for its badge: the final one once the session has a result."""
    if item.removed:
        return "removed", str(_("taken off the agenda"))
    if item.result_score is not None:
        return "result", str(_("result: %(score)s points, %(stars)s★") % {"score": floatformat(item.result_score, -2),
                                                                          "stars": item.result_stars})
    latest = _present_latest(item)
    if item.flagged:
        rescored = any(s.round >= 2 for s in latest.values())
        if rescored and not _diverges(item, latest):
            return "rescored", str(_("re-scored: the scores now agree"))
        if rescored:
            return "rescored", str(_("re-scored after discussion"))
        return "diverged", str(_("scores differ: discuss and re-score"))
    scorers = set(present_scorers(item.session).values_list("pk", flat=True))
    if scorers and scorers <= set(latest):
        return "scored", str(_("every member present has scored"))
    return "scoring", str(_("%(n)s scores in") % {"n": len(latest)})


def visible_scores(item: AgendaItem, user) -> list[Score] | None:
    """Other members' scores, only once the user's own is in (None before)."""
    member = Member.objects.filter(council=item.session.council, user=user).first()
    if member is None:
        return None
    if member.role not in (Member.Role.SECRETARY,) and not item.scores.filter(member=member).exists():
        return None
    return list(item.scores.select_related("member__user").order_by("member_id", "round"))


def item_result(item: AgendaItem) -> tuple[Decimal, int]:
    scores = list(_present_latest(item).values())
    sheet = item.dossier.sheet.engine()
    mean = (sum((s.total for s in scores), Decimal(0)) / len(scores)).quantize(Decimal("0.01"))
    band = engine.band_for(sheet, mean)
    # A gate counts as met when the median member's answer meets it.
    majority = {}
    for criterion in sheet.criteria:
        votes = Counter(criterion.index[s.answers[criterion.code]] for s in scores if criterion.code in s.answers)
        ordered = sorted(votes.elements()) or [criterion.lowest]
        majority[criterion.code] = ordered[(len(ordered) - 1) // 2]
    stars = band
    while stars > 1 and engine._gates_met(sheet, majority, stars):
        stars -= 1
    return mean, stars
