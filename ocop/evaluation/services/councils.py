"""Councils an office sets up (by the decision that establishes them), their members (invited by e-mail or
picked from existing accounts) and advisory group; sessions without dead ends (plan, reschedule, take or
re-take attendance, adjourn, cancel, close), written opinions for re-evaluations (a meeting only when they
diverge), and the closing that records the council's result. Members' scores, quorum and the result itself:
scoring.py."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.conf import settings

from ocop.accounts.access import is_central, may_act_for_province
from ocop.accounts.invitations import InvitationRefused, user_invite
from ocop.accounts.models import Role as AccountRole
from ocop.accounts.models import User
from ocop.notifications.services import notify

from .. import workflow
from ..models import AgendaItem, Council, Dossier, Member, Session, SessionEvent
from ..workflow import State
from .calendar import working_deadline
from .errors import DossierRefused
from .dossiers import dossier_move
from .scoring import divergence_check, present_scorers, item_result, latest_scores, quorum_problem, scoring_members


# -- councils and members ----------------------------------------------------------------------

def office_manages(user, council: Council) -> bool:
    """The office that set the council up: the province's office, or the central office."""
    if is_central(user):
        return True
    return council.level == Council.Level.PROVINCE and may_act_for_province(user, council.province_id)


def council_manages(user, council: Council) -> bool:
    """Who runs the council's sessions: its office, or its secretary."""
    if office_manages(user, council):
        return True
    return Member.objects.filter(council=council, user=user, role=Member.Role.SECRETARY, active=True).exists()


def _decimal(value, low: Decimal, high: Decimal, message: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise DossierRefused(message) from None
    if not number.is_finite() or not low <= number <= high:
        raise DossierRefused(message)
    return number


def _regulation(fields: dict) -> dict:
    out = {}
    if "quorum" in fields and fields["quorum"] is not None:
        out["quorum"] = _decimal(fields["quorum"], Decimal("0.5"), Decimal(1),
                                 _("The quorum is a share of members between 50% and 100%.")).quantize(Decimal("0.01"))
    if "divergence" in fields and fields["divergence"] is not None:
        out["divergence"] = _decimal(fields["divergence"], Decimal(1), Decimal(50),
                                     _("The divergence is between 1 and 50 points.")).quantize(Decimal("0.01"))
    if "chair_required" in fields and fields["chair_required"] is not None:
        out["chair_required"] = bool(fields["chair_required"])
    if "regulation" in fields and fields["regulation"] is not None:
        out["regulation"] = str(fields["regulation"])[:200]
    return out


@transaction.atomic
def council_create(*, level: str, province, name: str, decision_number: str, decision_date: dt.date, user,
                   **regulation) -> Council:
    """A council established by a decision (the province's, or the ministry's for the central council). A new
    council of the same office replaces the active one, unless that one still has sessions under way."""
    if level not in Council.Level.values:
        raise DossierRefused(_("Unknown level."))
    if level == Council.Level.CENTRAL:
        province = None
        if not is_central(user):
            raise DossierRefused(_("Only the central office sets up the central council."), 403)
    elif province is None or not may_act_for_province(user, province.code):
        raise DossierRefused(_("You may not set up a council for this province."), 403)
    name, decision_number = (name or "").strip(), (decision_number or "").strip()
    if not name or not decision_number or decision_date is None:
        raise DossierRefused(_("A council needs its name and the number and date of the decision that establishes it."))
    if decision_date > timezone.localdate():
        raise DossierRefused(_("A decision cannot be dated in the future."))
    current = Council.objects.filter(level=level, province=province, active=True).first()
    if current is not None:
        if current.sessions.filter(state__in=[Session.State.PLANNED, Session.State.OPEN]).exists():
            raise DossierRefused(_("The current council still has sessions planned or open: close or cancel them first."), 409)
        current.active = False
        current._change_reason = _("Replaced by decision %(n)s") % {"n": decision_number}
        current.save(update_fields=["active"])
    council = Council(level=level, province=province, name=name[:200], decision_number=decision_number[:60],
                      decision_date=decision_date, created_by=user, **_regulation(regulation))
    council._change_reason = _("Established by decision %(n)s") % {"n": decision_number}
    council.save()
    return council


@transaction.atomic
def council_update(*, council: Council, user, reason: str = "", **fields) -> Council:
    """The council's regulation (quorum, chair present, divergence) and its name; every change kept."""
    if not office_manages(user, council):
        raise DossierRefused(_("Only the council's office may change it."), 403)
    changes = _regulation(fields)
    if fields.get("name"):
        changes["name"] = str(fields["name"]).strip()[:200]
    for key, value in changes.items():
        setattr(council, key, value)
    council._change_reason = (reason or _("Regulation changed"))[:100]
    council.save()
    return council


def member_candidates(council: Council):
    """Existing accounts an office may seat: council members and officers of the council's office."""
    if council.level == Council.Level.CENTRAL:
        users = User.objects.filter(role__in=[AccountRole.COUNCIL, AccountRole.CENTRAL], province__isnull=True)
    else:
        users = User.objects.filter(role__in=[AccountRole.COUNCIL, AccountRole.PROVINCE], province_id=council.province_id)
    return users.filter(is_active=True).exclude(council_seats__council=council).order_by("last_name", "first_name")


def _check_seat(council: Council, role: str, member: Member | None = None) -> None:
    if role not in Member.Role.values:
        raise DossierRefused(_("Unknown role."))
    if role == Member.Role.CHAIR:
        chairs = council.members.filter(role=Member.Role.CHAIR, active=True)
        if member is not None:
            chairs = chairs.exclude(pk=member.pk)
        if chairs.exists():
            raise DossierRefused(_("The council already has a chair: change that seat first."), 409)


@transaction.atomic
def member_add(*, council: Council, role: str, agency: str, user, person=None, email: str = "", full_name: str = "",
               base_url: str = "") -> Member:
    """Seat an existing account, or invite a new one by e-mail (an account with the council-member role)."""
    if not office_manages(user, council):
        raise DossierRefused(_("Only the council's office may seat members."), 403)
    _check_seat(council, role)
    if person is None:
        if not email or not (full_name or "").strip():
            raise DossierRefused(_("Give the new member's full name and e-mail address, or pick an existing account."))
        try:
            person = user_invite(inviter=user, email=email, full_name=full_name, role=AccountRole.COUNCIL,
                                 province=council.province, base_url=base_url)
        except InvitationRefused as exc:
            raise DossierRefused(str(exc), exc.status) from None
    elif not member_candidates(council).filter(pk=person.pk).exists():
        raise DossierRefused(_("This account cannot sit on this council."), 403)
    try:
        with transaction.atomic():
            member = Member.objects.create(council=council, user=person, role=role, agency=(agency or "")[:200])
    except IntegrityError:
        raise DossierRefused(_("This person already sits on the council."), 409) from None
    with translation.override(settings.LANGUAGE_CODE):
        notify(users=[person], kind="council", url="/councils/",
               title=_("You sit on %(council)s as %(role)s") % {"council": council.name, "role": member.get_role_display()})
    return member


@transaction.atomic
def member_update(*, member: Member, user, role: str | None = None, agency: str | None = None,
                  active: bool | None = None) -> Member:
    if not office_manages(user, member.council):
        raise DossierRefused(_("Only the council's office may change its members."), 403)
    if role is not None and role != member.role:
        _check_seat(member.council, role, member)
        member.role = role
    if agency is not None:
        member.agency = agency[:200]
    if active is not None:
        if active and member.role == Member.Role.CHAIR:
            _check_seat(member.council, Member.Role.CHAIR, member)
        member.active = active
    member.save()
    return member


# -- sessions ------------------------------------------------------------------------------------

def _event(session: Session, action: str, user, reason: str = "", detail: str = "") -> None:
    SessionEvent.objects.create(session=session, action=action, actor=user, reason=reason, detail=detail[:300])


def _tell_members(session: Session, title: str, body: str = "") -> None:
    users = [m.user for m in session.council.members.filter(active=True).select_related("user")]
    notify(users=users, title=title, body=body, url=f"/councils/sessions/{session.pk}/", kind="council")


def _session_line(session: Session) -> str:
    return f"{session.council.name} · {_when(session)}"


def _when(session: Session) -> str:
    return f"{session.date:%d/%m/%Y}" + (f" · {session.place}" if session.place else "")


def _future(day: dt.date | None, message: str) -> dt.date:
    if day is None:
        raise DossierRefused(_("Give the date."))
    if day < timezone.localdate():
        raise DossierRefused(message)
    if day > timezone.localdate() + dt.timedelta(days=730):
        raise DossierRefused(_("The date is too far ahead (two years at most)."))
    return day


@transaction.atomic
def session_create(*, council: Council, date, place: str, user) -> Session:
    if not council_manages(user, council):
        raise DossierRefused(_("Only the council's secretary or its office may plan a session."), 403)
    if not council.active:
        raise DossierRefused(_("This council has been replaced: plan sessions of the current one."), 409)
    _future(date, _("A session cannot be planned in the past."))
    session = Session.objects.create(council=council, date=date, place=(place or "")[:200])
    _event(session, "planned", user, detail=_when(session))
    with translation.override(settings.LANGUAGE_CODE):
        _tell_members(session, _("Council session planned: %(s)s") % {"s": _session_line(session)})
    return session


@transaction.atomic
def session_reschedule(*, session: Session, date, place: str | None, reason: str, user) -> Session:
    if not council_manages(user, session.council):
        raise DossierRefused(_("Only the council's secretary or its office may reschedule the session."), 403)
    if session.state != Session.State.PLANNED:
        raise DossierRefused(_("Only a planned session can be rescheduled; adjourn an open one."), 409)
    if not (reason or "").strip():
        raise DossierRefused(_("A reason is required."))
    _future(date, _("A session cannot be moved into the past."))
    before = _when(session)
    session.date = date
    if place is not None:
        session.place = place[:200]
    session.save(update_fields=["date", "place"])
    _event(session, "rescheduled", user, reason=reason.strip(), detail=f"{before} → {_when(session)}")
    with translation.override(settings.LANGUAGE_CODE):
        _tell_members(session, _("Council session moved: %(s)s") % {"s": _session_line(session)}, reason)
    return session


@transaction.atomic
def agenda_add(*, session: Session, dossier, user) -> AgendaItem:
    if not council_manages(user, session.council):
        raise DossierRefused(_("Only the council's secretary or its office may set the agenda."), 403)
    if session.state != Session.State.PLANNED and not (session.written and session.state == Session.State.OPEN):
        raise DossierRefused(_("The agenda is fixed once the session has opened."), 409)
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    level = session.council.level
    if level == Council.Level.CENTRAL and dossier.state != State.CENTRAL_REVIEW:
        raise DossierRefused(_("Only dossiers sent to the central council go on its agenda."), 409)
    if level == Council.Level.PROVINCE and (dossier.state != State.REVIEWED or dossier.province_id != session.council.province_id):
        raise DossierRefused(_("Only dossiers of the council's province reviewed by the advisory group go on its agenda."), 409)
    if session.written and dossier.kind != Dossier.Kind.RENEWAL:
        raise DossierRefused(_("Only re-evaluations are decided by written opinions; put this dossier on a meeting."), 409)
    if not session.written and working_deadline(session.council.province_id, timezone.localdate(), 1) > session.date:
        raise DossierRefused(_("Members must have the dossier at least one working day before the session."), 409)
    if session.agenda.filter(dossier=dossier).exists():
        raise DossierRefused(_("The dossier is already on this agenda."), 409)
    item = AgendaItem.objects.create(session=session, dossier=dossier)
    schedule = workflow.AGENDA_MOVES[level][0]
    dossier_move(dossier=dossier, action=schedule, system=True, user=user,
                 reason=_("Session of %(date)s") % {"date": session.date.strftime("%d/%m/%Y")})
    return item


@transaction.atomic
def session_open(*, session: Session, present: list[Member], user) -> Session:
    """Open a meeting on (or after) its date with the members present (the attendance)."""
    if not council_manages(user, session.council):
        raise DossierRefused(_("Only the council's secretary or its office may open the session."), 403)
    if session.state != Session.State.PLANNED:
        raise DossierRefused(_("The session is already open, closed or cancelled."), 409)
    if timezone.localdate() < session.date:
        raise DossierRefused(_("A session cannot open before its date (%(d)s): reschedule it if it must be earlier.") % {
            "d": session.date.strftime("%d/%m/%Y")}, 409)
    if not session.agenda.filter(removed=False).exists():
        raise DossierRefused(_("Put at least one dossier on the agenda first."), 409)
    _check_present(session, present)
    session.state = Session.State.OPEN
    session.save(update_fields=["state"])
    session.present.set(present)
    _event(session, "opened", user, detail=_("%(n)s present") % {"n": len(present)})
    return session


def _check_present(session: Session, present: list[Member]) -> None:
    if any(m.council_id != session.council_id or not m.active for m in present):
        raise DossierRefused(_("Only members of the council can be present."))


@transaction.atomic
def session_attendance(*, session: Session, present: list[Member], user) -> Session:
    """Take the attendance again while the session is open (the chair arrived, a member left): scores given so
    far are kept; only the members present count for the quorum and the result."""
    if not council_manages(user, session.council):
        raise DossierRefused(_("Only the council's secretary or its office may take the attendance."), 403)
    if session.state != Session.State.OPEN:
        raise DossierRefused(_("The attendance is taken while the session is open."), 409)
    _check_present(session, present)
    session.present.set(present)
    _event(session, "attendance", user, detail=", ".join(m.full_name for m in present)[:300])
    for item in session.agenda.filter(removed=False):
        divergence_check(item)
    return session


@transaction.atomic
def session_adjourn(*, session: Session, date, reason: str, user) -> Session:
    """Adjourn an open session to another day (no quorum, the chair absent...): it is planned again with its
    agenda, and the scores given so far are kept."""
    if not council_manages(user, session.council):
        raise DossierRefused(_("Only the council's secretary or its office may adjourn the session."), 403)
    if session.state != Session.State.OPEN:
        raise DossierRefused(_("Only an open session can be adjourned."), 409)
    if not (reason or "").strip():
        raise DossierRefused(_("A reason is required."))
    _future(date, _("A session cannot be moved into the past."))
    before = _when(session)
    session.state, session.date, session.kind = Session.State.PLANNED, date, Session.Kind.MEETING
    session.save(update_fields=["state", "date", "kind"])
    session.present.clear()
    _event(session, "adjourned", user, reason=reason.strip(), detail=f"{before} → {_when(session)}")
    with translation.override(settings.LANGUAGE_CODE):
        _tell_members(session, _("Council session adjourned to %(s)s") % {"s": _session_line(session)}, reason)
    return session


@transaction.atomic
def session_cancel(*, session: Session, reason: str, user) -> Session:
    """Cancel a planned or open session: its dossiers go back to waiting for a council, with the reason."""
    if not council_manages(user, session.council):
        raise DossierRefused(_("Only the council's secretary or its office may cancel the session."), 403)
    if session.state not in (Session.State.PLANNED, Session.State.OPEN):
        raise DossierRefused(_("Only a planned or open session can be cancelled."), 409)
    reason = (reason or "").strip()
    if not reason:
        raise DossierRefused(_("A reason is required."))
    unschedule = workflow.AGENDA_MOVES[session.council.level][1]
    for item in session.agenda.filter(removed=False).select_related("dossier"):
        item.removed = True
        item.save(update_fields=["removed"])
        dossier_move(dossier=item.dossier, action=unschedule, system=True, user=user,
                     reason=_("Session of %(date)s cancelled: %(reason)s") % {
                         "date": session.date.strftime("%d/%m/%Y"), "reason": reason})
    session.state, session.reason = Session.State.CANCELLED, reason
    session.save(update_fields=["state", "reason"])
    _event(session, "cancelled", user, reason=reason)
    with translation.override(settings.LANGUAGE_CODE):
        _tell_members(session, _("Council session cancelled: %(s)s") % {"s": _session_line(session)}, reason)
    return session


# -- written opinions (re-evaluation, Art. 7.6) ----------------------------------------------------

@transaction.atomic
def opinions_start(*, council: Council, dossiers: list, user) -> Session:
    """Ask the council's members for written opinions on re-evaluation dossiers: each scores remotely, no
    meeting; due within the 45 days of the re-evaluation."""
    if not council_manages(user, council):
        raise DossierRefused(_("Only the council's secretary or its office may ask for written opinions."), 403)
    if not council.active:
        raise DossierRefused(_("This council has been replaced: plan sessions of the current one."), 409)
    if not dossiers:
        raise DossierRefused(_("Choose the re-evaluation dossiers."))
    members = list(scoring_members(council))
    if not members:
        raise DossierRefused(_("The council has no members to give opinions yet."), 409)
    today = timezone.localdate()
    dues = [d.reevaluation_due for d in dossiers if d.reevaluation_due]
    session = Session.objects.create(council=council, kind=Session.Kind.WRITTEN, date=today, state=Session.State.OPEN,
                                     due_on=min(dues) if dues else working_deadline(council.province_id, today, 10))
    session.present.set(members)
    for dossier in dossiers:
        agenda_add(session=session, dossier=dossier, user=user)
    _event(session, "opinions", user, detail=_("%(n)s members asked") % {"n": len(members)})
    with translation.override(settings.LANGUAGE_CODE):
        _tell_members(session, _("Written opinions asked by %(d)s: %(c)s") % {
            "d": session.due_on.strftime("%d/%m/%Y"), "c": council.name})
    return session


@transaction.atomic
def meeting_call(*, session: Session, date, place: str, user) -> Session:
    """The written opinions diverge: call a meeting to discuss and re-score (the opinions stay as round 1)."""
    if not council_manages(user, session.council):
        raise DossierRefused(_("Only the council's secretary or its office may call a meeting."), 403)
    if not session.written or session.state != Session.State.OPEN:
        raise DossierRefused(_("A meeting is called from written opinions under way."), 409)
    _future(date, _("A session cannot be planned in the past."))
    session.kind, session.state, session.date, session.place = Session.Kind.MEETING, Session.State.PLANNED, date, (place or "")[:200]
    session.save(update_fields=["kind", "state", "date", "place"])
    session.present.clear()
    _event(session, "meeting", user, detail=_when(session), reason=_("The written opinions diverge."))
    with translation.override(settings.LANGUAGE_CODE):
        _tell_members(session, _("The written opinions diverge: meeting on %(s)s") % {"s": _session_line(session)})
    return session


# -- closing: the council's result -------------------------------------------------------------

@transaction.atomic
def session_close(*, session: Session, user) -> Session:
    if not council_manages(user, session.council):
        raise DossierRefused(_("Only the council's secretary or its office may close the session."), 403)
    if session.state != Session.State.OPEN:
        raise DossierRefused(_("Only an open session can be closed."), 409)
    problem = quorum_problem(session)
    if problem:
        raise DossierRefused(problem + " " + _("Take the attendance again, adjourn or cancel the session."), 409)
    scorers = set(present_scorers(session).values_list("pk", flat=True))
    items = list(session.agenda.filter(removed=False).select_related("dossier__product", "dossier__sheet"))
    for item in items:
        missing = scorers - set(latest_scores(item))
        if missing:
            raise DossierRefused(_("%(n)s present members have not scored %(product)s yet.") % {
                "n": len(missing), "product": item.dossier.product.name}, 409)
        if item.flagged and not item.scores.filter(round=2).exists():
            if session.written:
                raise DossierRefused(_("The written opinions on %(product)s differ by more than %(d)s points: call a meeting.") % {
                    "product": item.dossier.product.name, "d": session.council.divergence}, 409)
            raise DossierRefused(_("Scores for %(product)s differ by more than %(d)s points: discuss and re-score first.") % {
                "product": item.dossier.product.name, "d": session.council.divergence}, 409)
    today = timezone.localdate()
    central = session.council.level == Council.Level.CENTRAL
    for item in items:
        mean, stars = item_result(item)
        item.result_score, item.result_stars = mean, stars
        item.save(update_fields=["result_score", "result_stars"])
        dossier = item.dossier
        if central:
            dossier.central_score, dossier.central_stars, dossier.central_result_on = mean, stars, today
            dossier.save(update_fields=["central_score", "central_stars", "central_result_on"])
            action = "evaluate_central" if mean >= workflow.CENTRAL_THRESHOLD else "central_below"
        else:
            dossier.result_score, dossier.result_stars, dossier.result_on = mean, stars, today
            dossier.save(update_fields=["result_score", "result_stars", "result_on"])
            action = "evaluate"
        dossier_move(dossier=dossier, action=action, system=True, user=user,
                     reason=_("%(score)s points, %(stars)s stars") % {"score": mean, "stars": stars})
    session.state = Session.State.CLOSED
    session.closed_at = timezone.now()
    session.save(update_fields=["state", "closed_at"])
    _event(session, "closed", user)
    return session
