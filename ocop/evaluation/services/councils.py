"""Council sessions: agenda, attendance, members' individual scores (hidden from one another
until one's own is in), divergence and re-scoring, quorum, the council's result (the mean, stars
by the criteria engine with gates met by a majority of members), and closing (scores locked)."""

import math
from collections import Counter
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.access import is_central, may_act_for_province
from ocop.criteria import engine
from ocop.criteria.answers import describe
from .dossiers import DossierRefused, add_working_days, dossier_move

from ..models import AgendaItem, Council, Member, Score, Session
from ..workflow import State


def council_manages(user, council: Council) -> bool:
    if is_central(user):
        return True
    if council.level == Council.Level.PROVINCE and may_act_for_province(user, council.province_id):
        return True
    return Member.objects.filter(council=council, user=user, role=Member.Role.SECRETARY).exists()


@transaction.atomic
def session_create(*, council: Council, date, place: str, user) -> Session:
    if not council_manages(user, council):
        raise DossierRefused(_("Only the council's secretary or its office may plan a session."), 403)
    return Session.objects.create(council=council, date=date, place=place[:200])


@transaction.atomic
def agenda_add(*, session: Session, dossier, user) -> AgendaItem:
    if not council_manages(user, session.council):
        raise DossierRefused(_("Only the council's secretary or its office may set the agenda."), 403)
    if session.state != Session.State.PLANNED:
        raise DossierRefused(_("The agenda is fixed once the session has opened."), 409)
    dossier = type(dossier).objects.select_for_update().get(pk=dossier.pk)
    central = session.council.level == Council.Level.CENTRAL
    if central and dossier.state != State.CENTRAL_REVIEW:
        raise DossierRefused(_("Only dossiers sent to the central council go on its agenda."), 409)
    if not central and (dossier.state != State.ACCEPTED or dossier.province_id != session.council.province_id):
        raise DossierRefused(_("Only complete dossiers of the council's province go on its agenda."), 409)
    if add_working_days(timezone.localdate(), 1) > session.date:
        raise DossierRefused(_("Members must have the dossier at least one working day before the session."), 409)
    item = AgendaItem.objects.create(session=session, dossier=dossier)
    dossier_move(dossier=dossier, action="schedule_central" if central else "schedule", system=True, user=user,
                 reason=_("Session of %(date)s") % {"date": session.date.strftime("%d/%m/%Y")})
    return item


@transaction.atomic
def session_open(*, session: Session, present: list[Member], user) -> Session:
    if not council_manages(user, session.council):
        raise DossierRefused(_("Only the council's secretary or its office may open the session."), 403)
    if session.state != Session.State.PLANNED:
        raise DossierRefused(_("The session is already open or closed."), 409)
    if any(m.council_id != session.council_id for m in present):
        raise DossierRefused(_("Only members of the council can be present."))
    session.state = Session.State.OPEN
    session.save(update_fields=["state"])
    session.present.set(present)
    return session


def quorum_problem(session: Session) -> str | None:
    members = session.council.members.exclude(role=Member.Role.SECRETARY)
    present = session.present.exclude(role=Member.Role.SECRETARY)
    needed = math.ceil(Decimal(members.count()) * Decimal(str(session.council.quorum)))
    if present.count() < needed:
        return _("No quorum: %(present)s of %(total)s members present, %(needed)s needed.") % {
            "present": present.count(), "total": members.count(), "needed": needed}
    if not present.filter(role=Member.Role.CHAIR).exists():
        return _("No quorum: the chair is not present.")
    return None


def latest_scores(item: AgendaItem) -> dict[int, Score]:
    latest: dict[int, Score] = {}
    for score in item.scores.order_by("round", "submitted_at"):
        latest[score.member_id] = score
    return latest


def _scorers(session: Session):
    return session.present.exclude(role=Member.Role.SECRETARY)


@transaction.atomic
def score_submit(*, item: AgendaItem, user, answers: dict) -> Score:
    session = item.session
    member = Member.objects.filter(council=session.council, user=user).exclude(role=Member.Role.SECRETARY).first()
    if member is None:
        raise DossierRefused(_("Only members of this council score its agenda."), 403)
    if session.state != Session.State.OPEN:
        raise DossierRefused(_("Scores can be given only while the session is open; once closed they are locked."), 409)
    if not session.present.filter(pk=member.pk).exists():
        raise DossierRefused(_("Only members present at the session score."), 403)
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
        round_ = 2
    score = Score.objects.create(item=item, member=member, round=round_, answers=answers, total=result.total)
    _check_divergence(item)
    return score


def _check_divergence(item: AgendaItem) -> None:
    latest = latest_scores(item)
    scorers = set(_scorers(item.session).values_list("pk", flat=True))
    if not scorers or not scorers <= set(latest):
        return
    totals = [latest[m].total for m in scorers]
    mean = sum(totals, Decimal(0)) / len(totals)
    limit = Decimal(str(item.session.council.divergence))
    flagged = any(abs(t - mean) > limit for t in totals)
    if flagged != item.flagged and not (item.flagged and not flagged and any(s.round == 2 for s in latest.values())):
        item.flagged = flagged
        item.save(update_fields=["flagged"])


def visible_scores(item: AgendaItem, user) -> list[Score] | None:
    """Other members' scores, only once the user's own is in (None before)."""
    member = Member.objects.filter(council=item.session.council, user=user).first()
    if member is None:
        return None
    if member.role != Member.Role.SECRETARY and not item.scores.filter(member=member).exists():
        return None
    return list(item.scores.select_related("member__user").order_by("member_id", "round"))


def item_result(item: AgendaItem) -> tuple[Decimal, int]:
    latest = latest_scores(item)
    scorers = list(_scorers(item.session).values_list("pk", flat=True))
    scores = [latest[m] for m in scorers if m in latest]
    sheet = item.dossier.sheet.engine()
    mean = (sum((s.total for s in scores), Decimal(0)) / len(scores)).quantize(Decimal("0.01"))
    band = engine.band_for(sheet, mean)
    # A gate counts as met when a majority of the members' answers meet it.
    majority = {}
    for criterion in sheet.criteria:
        votes = Counter(criterion.index[s.answers[criterion.code]] for s in scores)
        ordered = sorted(votes.elements())
        majority[criterion.code] = ordered[(len(ordered) - 1) // 2]  # the median answer
    stars = band
    while stars > 1 and engine._gates_met(sheet, majority, stars):
        stars -= 1
    return mean, stars


@transaction.atomic
def session_close(*, session: Session, user) -> Session:
    if not council_manages(user, session.council):
        raise DossierRefused(_("Only the council's secretary or its office may close the session."), 403)
    if session.state != Session.State.OPEN:
        raise DossierRefused(_("Only an open session can be closed."), 409)
    problem = quorum_problem(session)
    if problem:
        raise DossierRefused(problem, 409)
    scorers = set(_scorers(session).values_list("pk", flat=True))
    for item in session.agenda.select_related("dossier"):
        missing = scorers - set(latest_scores(item))
        if missing:
            raise DossierRefused(_("%(n)s present members have not scored %(product)s yet.") % {
                "n": len(missing), "product": item.dossier.product.name}, 409)
        if item.flagged and not item.scores.filter(round=2).exists():
            raise DossierRefused(_("Scores for %(product)s differ by more than %(d)s points: discuss and re-score first.") % {
                "product": item.dossier.product.name, "d": session.council.divergence}, 409)
    for item in session.agenda.select_related("dossier__sheet"):
        mean, stars = item_result(item)
        item.result_score, item.result_stars = mean, stars
        item.save(update_fields=["result_score", "result_stars"])
        dossier = item.dossier
        dossier.result_score, dossier.result_stars = mean, stars
        dossier.save(update_fields=["result_score", "result_stars"])
        central = session.council.level == Council.Level.CENTRAL
        dossier_move(dossier=dossier, action="evaluate_central" if central else "evaluate", system=True, user=user,
                     reason=_("%(score)s points, %(stars)s stars") % {"score": mean, "stars": stars})
    session.state = Session.State.CLOSED
    session.closed_at = timezone.now()
    session.save(update_fields=["state", "closed_at"])
    return session
