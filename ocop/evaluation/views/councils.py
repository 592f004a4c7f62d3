from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ..services.dossiers import DossierRefused

from ocop.core.forms import first_error

from ..forms import SessionActionForm, SessionCreateForm, score_form
from ..models import AgendaItem, Council, Dossier, Member, Session
from ..workflow import AGENDA_SOURCE
from ..services.councils import latest_scores, council_manages, agenda_add, quorum_problem, score_submit, session_close, session_create, session_open, visible_scores


def _councils_for(user):
    """The councils a person sits on, and those of the offices they belong to."""
    return (Council.objects.filter(members__user=user) | Council.objects.visible_to(user)).distinct()


@login_required
def sessions(request):
    councils = _councils_for(request.user)
    if not councils.exists():
        raise PermissionDenied
    managed = [c.pk for c in councils if council_manages(request.user, c)]
    form = SessionCreateForm(request.POST or None, councils=councils.filter(pk__in=managed))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = session_create(council=data["council"], date=data["date"], place=data["place"], user=request.user)
        except DossierRefused as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("councils:session", pk=session.pk)
    listed = Session.objects.filter(council__in=councils).select_related("council")
    return render(request, "councils/sessions.html", {"sessions": listed, "form": form if managed else None},
                  status=400 if form.errors else 200)


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
        form = SessionActionForm(request.POST, session=session)
        if not form.is_valid():
            messages.error(request, first_error(form))
            return redirect("councils:session", pk=session.pk)
        data = form.cleaned_data
        try:
            if data["action"] == "agenda":
                agenda_add(session=session, dossier=data["dossier"], user=request.user)
            elif data["action"] == "open":
                session_open(session=session, present=list(data["present"]), user=request.user)
            else:
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
        candidates = Dossier.objects.filter(state=AGENDA_SOURCE[session.council.level]).select_related("product")
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
    form = score_form(sheet, request.POST or None)
    if request.method == "POST" and form.is_valid():
        answers = {code: value for code, value in form.cleaned_data.items() if value}
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
