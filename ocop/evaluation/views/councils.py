import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ..services.dossiers import DossierRefused

from ..models import AgendaItem, Council, Dossier, Member, Session
from ..services.councils import latest_scores, council_manages, agenda_add, quorum_problem, score_submit, session_close, session_create, session_open, visible_scores


def _councils_for(user):
    """The councils a person sits on, and those of the offices they belong to."""
    return (Council.objects.filter(members__user=user) | Council.objects.visible_to(user)).distinct()


@login_required
def sessions(request):
    councils = _councils_for(request.user)
    if not councils.exists():
        raise PermissionDenied
    if request.method == "POST":
        council = get_object_or_404(councils, pk=request.POST.get("council"))
        try:
            date = dt.date.fromisoformat(request.POST.get("date", ""))
            session = session_create(council=council, date=date, place=request.POST.get("place", ""), user=request.user)
        except ValueError:
            messages.error(request, _("The date is not valid."))
        except DossierRefused as exc:
            messages.error(request, str(exc))
        else:
            return redirect("councils:session", pk=session.pk)
    listed = Session.objects.filter(council__in=councils).select_related("council")
    return render(request, "councils/sessions.html", {"sessions": listed, "councils": [c for c in councils if council_manages(request.user, c)]})


def _session_for(request, pk) -> Session:
    session = get_object_or_404(Session.objects.select_related("council"), pk=pk)
    if not _councils_for(request.user).filter(pk=session.council_id).exists():
        raise Http404
    return session


@login_required
def session(request, pk):
    session = _session_for(request, pk)
    manage = council_manages(request.user, session.council)
    if request.method == "POST":
        if not manage:
            raise PermissionDenied
        try:
            action = request.POST.get("action")
            if action == "agenda":
                agenda_add(session=session, dossier=get_object_or_404(Dossier, pk=request.POST.get("dossier")), user=request.user)
            elif action == "open":
                present = list(Member.objects.filter(council=session.council, pk__in=request.POST.getlist("present")))
                session_open(session=session, present=present, user=request.user)
            elif action == "close":
                session_close(session=session, user=request.user)
            messages.success(request, _("Done."))
        except DossierRefused as exc:
            messages.error(request, str(exc))
        return redirect("councils:session", pk=session.pk)
    agenda = list(session.agenda.select_related("dossier__product", "dossier__producer"))
    me = Member.objects.filter(council=session.council, user=request.user).first()
    for item in agenda:
        latest = latest_scores(item)
        item.scored = len(latest)
        item.mine = latest.get(me.pk) if me else None
    candidates = []
    if manage and session.state == Session.State.PLANNED:
        state = "central_review" if session.council.level == Council.Level.CENTRAL else "accepted"
        candidates = Dossier.objects.filter(state=state).select_related("product")
        if session.council.province_id:
            candidates = candidates.filter(province_id=session.council.province_id)
    return render(request, "councils/session.html", {
        "session": session, "agenda": agenda, "manage": manage, "members": session.council.members.select_related("user"),
        "present": set(session.present.values_list("pk", flat=True)), "candidates": candidates, "me": me,
        "quorum": quorum_problem(session) if session.state == Session.State.OPEN else None,
    })


@login_required
def score(request, pk):
    item = get_object_or_404(AgendaItem.objects.select_related("session__council", "dossier__product", "dossier__sheet"), pk=pk)
    member = Member.objects.filter(council=item.session.council, user=request.user).first()
    if member is None:
        raise Http404
    sheet = item.dossier.sheet
    if request.method == "POST":
        codes = {c["code"] for s in sheet.data["sections"] for c in s["criteria"]}
        answers = {code: request.POST[code] for code in codes if request.POST.get(code)}
        try:
            score_submit(item=item, user=request.user, answers=answers)
        except DossierRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Your score was recorded."))
            return redirect("councils:session", pk=item.session_id)
    mine = item.scores.filter(member=member).order_by("-round").first()
    answers = mine.answers if mine else {}
    sections = [{**s, "criteria": [{**c, "options": [{**o, "checked": answers.get(c["code"]) == o["code"]} for o in c["options"]]}
                                   for c in s["criteria"]]} for s in sheet.data["sections"]]
    return render(request, "councils/score.html", {"item": item, "sheet": sheet, "sections": sections, "mine": mine,
                                                   "others": visible_scores(item, request.user), "member": member})
