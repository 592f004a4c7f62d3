"""What waits for each person, with due dates and overdue marks: the producer's drafts and returned dossiers,
the commune's dossiers to check (15 working days), the provincial office's checks, agendas, decisions and
rounds, the advisory group's reviews, each council member's scores and written opinions, the secretary's
sessions to open or close, the central office's proposals and five-star decisions. Reads only."""

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.access import is_central, is_commune, is_office, office_province_codes, own_producer_id

from .. import workflow
from ..models import AgendaItem, Council, Decision, Dossier, Member, Round, Session
from ..workflow import Role, State
from .scoring import latest_scores
from .rounds import round_overview


@dataclass
class Todo:
    title: str
    detail: str
    url: str
    due: dt.date | None
    role: str
    overdue: bool = False


def _states_for(role: Role) -> list[State]:
    return [state for state, waits in workflow.WAITS_FOR.items() if waits == role]


def _dossier_todo(dossier: Dossier, role: Role, today: dt.date) -> Todo:
    actions = ", ".join(str(workflow.MOVES[a].label) for a in workflow.actions_for(dossier.state, {role})
                        if a not in workflow.DESTRUCTIVE)
    return Todo(title=f"{dossier.product.name} · {dossier.producer.name}", detail=f"{dossier.state_label} — {actions}",
                url=reverse("dossiers:detail", args=[dossier.pk]), due=dossier.due_on, role=str(workflow.role_label(role)))


def _dossiers(queryset, role: Role, today: dt.date) -> list[Todo]:
    queryset = queryset.filter(state__in=_states_for(role)).select_related("product", "producer").order_by("due_on", "pk")
    return [_dossier_todo(d, role, today) for d in queryset[:200]]


def todo_for(user, today: dt.date | None = None) -> list[Todo]:
    today = today or timezone.localdate()
    items: list[Todo] = []
    if own_producer_id(user):
        items += _dossiers(Dossier.objects.filter(producer_id=own_producer_id(user)), Role.PRODUCER, today)
    if is_commune(user):
        items += _dossiers(Dossier.objects.visible_to(user), Role.COMMUNE, today)
    if is_office(user) and not is_central(user):
        items += _province_office(user, today)
    if is_central(user):
        items += _central_office(user, today)
    items += _advisor(user, today)
    items += _council_member(user, today)
    for item in items:
        item.overdue = item.due is not None and item.due < today
    return sorted(items, key=lambda t: (t.due is None, t.due or today, t.title))


def _province_office(user, today: dt.date) -> list[Todo]:
    provinces = office_province_codes(user) or frozenset()
    items = _dossiers(Dossier.objects.visible_to(user), Role.PROVINCE, today)
    label = str(workflow.role_label(Role.PROVINCE))
    for decision in Decision.objects.filter(level="province", province_id__in=provinces, file=""):
        items.append(Todo(_("Attach the signed decision %(n)s") % {"n": decision.number}, _("The signed copy (PDF) is missing."),
                          reverse("dossiers:decision", args=[decision.pk]), decision.date, label))
    items += _sessions(Session.objects.filter(council__province_id__in=provinces, council__level="province"), label, today)
    waiting = Dossier.objects.filter(province_id__in=provinces, state=State.COMMUNE_CONFIRMED)
    if waiting.exists() and not Round.objects.filter(level="province", province_id__in=provinces, closed=False,
                                                     finish_by__gte=today).exists():
        items.append(Todo(_("Open an evaluation round"), _("%(n)s dossiers wait for a round.") % {"n": waiting.count()},
                          reverse("dossiers:rounds"), today, label))
    for round in Round.objects.filter(level="province", province_id__in=provinces, closed=False):
        overview = round_overview(round, today)
        if overview["at_risk"]:
            items.append(Todo(_("%(round)s: %(n)s dossiers at risk") % {"round": round, "n": len(overview["at_risk"])},
                              _("Results due by %(d)s.") % {"d": round.finish_by.strftime("%d/%m/%Y")},
                              reverse("dossiers:round", args=[round.pk]), round.finish_by, label))
    if not Council.objects.filter(level="province", province_id__in=provinces, active=True).exists():
        items.append(Todo(_("Set up the provincial council"), _("No council can score dossiers yet."),
                          reverse("councils:setup"), None, label))
    return items


def _central_office(user, today: dt.date) -> list[Todo]:
    items = _dossiers(Dossier.objects.all(), Role.CENTRAL, today)
    label = str(workflow.role_label(Role.CENTRAL))
    for decision in Decision.objects.filter(level="central", file=""):
        items.append(Todo(_("Attach the signed decision %(n)s") % {"n": decision.number}, _("The signed copy (PDF) is missing."),
                          reverse("dossiers:decision", args=[decision.pk]), decision.date, label))
    items += _sessions(Session.objects.filter(council__level="central"), label, today)
    return items


def _sessions(sessions, label: str, today: dt.date) -> list[Todo]:
    items = []
    for session in sessions.filter(state__in=[Session.State.PLANNED, Session.State.OPEN]).select_related("council"):
        url = reverse("councils:session", args=[session.pk])
        if session.state == Session.State.PLANNED and session.date <= today:
            items.append(Todo(_("Open the session of %(d)s") % {"d": session.date.strftime("%d/%m/%Y")},
                              _("Take the attendance, or reschedule or cancel it."), url, session.date, label))
        elif session.state == Session.State.PLANNED:
            items.append(Todo(_("Session of %(d)s") % {"d": session.date.strftime("%d/%m/%Y")},
                              _("Put the dossiers on its agenda at least one working day before."), url, session.date, label))
        else:
            due = session.due_on or session.date
            items.append(Todo(_("Close the session of %(d)s") % {"d": session.date.strftime("%d/%m/%Y")},
                              session.council.name, url, due, label))
    return items


def _advisor(user, today: dt.date) -> list[Todo]:
    seats = Member.objects.filter(user=user, role=Member.Role.ADVISOR, active=True, council__active=True).select_related("council")
    items = []
    for seat in seats:
        if seat.council.level == Council.Level.CENTRAL:
            continue  # the central advisory group reviews the proposals the central office lists
        dossiers = Dossier.objects.filter(province_id=seat.council.province_id)
        items += _dossiers(dossiers, Role.ADVISOR, today)
    return items


def _council_member(user, today: dt.date) -> list[Todo]:
    seats = {m.council_id: m for m in Member.objects.filter(user=user, active=True)}
    if not seats:
        return []
    items = []
    label = _("council member")
    sessions = Session.objects.filter(council_id__in=seats, state__in=[Session.State.PLANNED, Session.State.OPEN]).select_related("council")
    for session in sessions:
        seat = seats[session.council_id]
        url = reverse("councils:session", args=[session.pk])
        if seat.role == Member.Role.SECRETARY:
            items += _sessions(Session.objects.filter(pk=session.pk), _("council secretary"), today)
            continue
        if seat.role not in (Member.Role.CHAIR, Member.Role.MEMBER):
            continue
        if session.state == Session.State.PLANNED:
            items.append(Todo(_("Council session of %(d)s") % {"d": session.date.strftime("%d/%m/%Y")},
                              _("Read the dossiers on the agenda before the session."), url, session.date, label))
            continue
        if not session.present.filter(pk=seat.pk).exists():
            continue
        for item in AgendaItem.objects.filter(session=session, removed=False).select_related("dossier__product"):
            mine = latest_scores(item).get(seat.pk)
            if mine is None or (item.flagged and mine.round < 2 and not session.written):
                what = _("Give your written opinion") if session.written else _("Give your score")
                if mine is not None:
                    what = _("Re-score after the discussion")
                items.append(Todo(f"{what}: {item.dossier.product.name}", session.council.name,
                                  reverse("councils:score", args=[item.pk]), session.due_on or session.date, label))
    return items
