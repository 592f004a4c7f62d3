from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ocop.accounts.access import is_central, is_office, office_provinces
from ocop.core.forms import first_error

from ..forms import (CouncilForm, MemberAddForm, MemberUpdateForm, OpinionsForm, RegulationForm, SessionActionForm,
                     SessionCreateForm, score_form)
from ..models import AgendaItem, Council, Dossier, Member, Session
from ..paperwork.papers import minutes, score_sheet
from ..paperwork.pdf import render_pdf
from ..services import councils as services
from ..services import scoring
from ..services.councils import council_manages, office_manages
from ..services.scoring import item_status, latest_scores, quorum_problem, visible_scores
from ..services.dossiers import DossierRefused
from ..workflow import AGENDA_SOURCE


EVENTS = {"planned": _l("planned"), "rescheduled": _l("rescheduled"), "opened": _l("opened"),
          "attendance": _l("attendance taken again"), "adjourned": _l("adjourned"), "cancelled": _l("cancelled"),
          "opinions": _l("written opinions asked"), "meeting": _l("meeting called"), "closed": _l("closed")}


def _councils_for(user):
    """The councils a person sits on, and those of the offices they belong to."""
    return (Council.objects.filter(members__user=user, members__active=True) | Council.objects.visible_to(user)).distinct()


@login_required
def sessions(request):
    councils = _councils_for(request.user)
    if not councils.exists() and not is_office(request.user):
        raise PermissionDenied
    managed = [c.pk for c in councils if c.active and council_manages(request.user, c)]
    form = SessionCreateForm(request.POST or None, councils=councils.filter(pk__in=managed))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.session_create(council=data["council"], date=data["date"], place=data["place"], user=request.user)
        except DossierRefused as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("councils:session", pk=session.pk)
    listed = Session.objects.filter(council__in=councils).select_related("council")
    return render(request, "councils/sessions.html", {
        "sessions": listed[:100], "form": form if managed else None, "councils": councils.order_by("-active", "name"),
        "may_setup": is_office(request.user)}, status=400 if form.errors else 200)


@login_required
def setup(request):
    """The office's councils and the form to set one up by its establishing decision."""
    if not is_office(request.user):
        raise PermissionDenied
    central = is_central(request.user)
    form = CouncilForm(request.POST or None, initial={"quorum": 75, "divergence": 10, "chair_required": True})
    provinces = office_provinces(request.user)
    province = None if central and not request.POST.get("province") else provinces.filter(
        code=request.POST.get("province") or request.GET.get("province") or "").first() or (None if central else provinces.first())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            council = services.council_create(level="central" if province is None else "province", province=province,
                                              name=data["name"], decision_number=data["decision_number"],
                                              decision_date=data["decision_date"], user=request.user, **form.regulation_data())
        except DossierRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The council is set up: now seat its members."))
            return redirect("councils:council", pk=council.pk)
    councils = Council.objects.visible_to(request.user) if not central else Council.objects.all()
    return render(request, "councils/setup.html", {
        "form": form, "councils": councils.select_related("province").order_by("-active", "level", "province"),
        "provinces": provinces if central else None, "province": province}, status=400 if form.errors else 200)


def _council_for(request, pk) -> Council:
    council = get_object_or_404(Council.objects.select_related("province"), pk=pk)
    if not _councils_for(request.user).filter(pk=council.pk).exists() and not is_central(request.user):
        raise Http404
    return council


@login_required
def council(request, pk):
    council = _council_for(request, pk)
    manage = office_manages(request.user, council)
    action = request.POST.get("action") if request.method == "POST" else None
    if action and not (manage or (action == "opinions" and council_manages(request.user, council))):
        raise PermissionDenied
    add_form = MemberAddForm(request.POST if action == "add" else None, candidates=services.member_candidates(council))
    regulation_form = RegulationForm(request.POST if action == "regulation" else None, initial={
        "quorum": int(council.quorum * 100), "chair_required": council.chair_required, "divergence": council.divergence,
        "regulation": council.regulation})
    opinions_form = OpinionsForm(request.POST if action == "opinions" else None, council=council)
    try:
        if action == "add" and add_form.is_valid():
            data = add_form.cleaned_data
            services.member_add(council=council, role=data["role"], agency=data["agency"], user=request.user,
                                person=data.get("person"), email=data.get("email", ""), full_name=data.get("full_name", ""),
                                base_url=request.build_absolute_uri("/").rstrip("/"))
            messages.success(request, _("Member seated."))
            return redirect("councils:council", pk=council.pk)
        if action == "regulation" and regulation_form.is_valid():
            services.council_update(council=council, user=request.user, reason=regulation_form.cleaned_data["reason"],
                                    **regulation_form.regulation_data())
            messages.success(request, _("The regulation is changed; the earlier one is kept in the history."))
            return redirect("councils:council", pk=council.pk)
        if action == "member":
            form = MemberUpdateForm(request.POST, council=council)
            if form.is_valid():
                data = form.cleaned_data
                services.member_update(member=data["member"], user=request.user, role=data["role"], agency=data["agency"],
                                       active=data["active"])
                messages.success(request, _("Saved."))
            else:
                messages.error(request, first_error(form))
            return redirect("councils:council", pk=council.pk)
        if action == "opinions" and opinions_form.is_valid():
            session = services.opinions_start(council=council, dossiers=list(opinions_form.cleaned_data["dossiers"]),
                                              user=request.user)
            messages.success(request, _("The members are asked for their written opinions."))
            return redirect("councils:session", pk=session.pk)
    except DossierRefused as exc:
        {"add": add_form, "regulation": regulation_form, "opinions": opinions_form}.get(action, add_form).add_error(None, str(exc))
    members = council.members.select_related("user").order_by("-active", "role", "pk")
    return render(request, "councils/council.html", {
        "council": council, "manage": manage, "runs": council_manages(request.user, council), "members": members,
        "add_form": add_form, "regulation_form": regulation_form, "opinions_form": opinions_form,
        "role_choices": Member.Role.choices, "sessions": council.sessions.all()[:30],
        "history": council.history.select_related("history_user").order_by("-history_date")[:20],
    }, status=400 if action and request.method == "POST" else 200)


def _session_for(request, pk) -> Session:
    session = get_object_or_404(Session.objects.select_related("council__province"), pk=pk)
    if not _councils_for(request.user).filter(pk=session.council_id).exists() and not is_central(request.user):
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
        _session_action(request, session, form.cleaned_data)
        return redirect("councils:session", pk=session.pk)
    agenda = list(session.agenda.select_related("dossier__product", "dossier__producer"))
    me = Member.objects.filter(council=session.council, user=request.user, active=True).first()
    present = set(session.present.values_list("pk", flat=True))
    for item in agenda:
        latest = latest_scores(item)
        item.scored = len(latest)
        item.mine = latest.get(me.pk) if me else None
        item.status, item.status_label = item_status(item)
    candidates = []
    if manage and session.state in (Session.State.PLANNED, Session.State.OPEN):
        candidates = Dossier.objects.filter(state=AGENDA_SOURCE[session.council.level]).select_related("product")
        if session.council.province_id:
            candidates = candidates.filter(province_id=session.council.province_id)
        if session.written:
            candidates = candidates.filter(kind=Dossier.Kind.RENEWAL)
    members = session.council.members.filter(active=True).select_related("user")
    return render(request, "councils/session.html", {
        "session": session, "agenda": agenda, "manage": manage, "members": members, "present": present, "me": me,
        "candidates": candidates, "events": [(EVENTS.get(e.action, e.action), e) for e in session.events.select_related("actor")],
        "scorer": me is not None and me.role in ("chair", "member") and me.pk in present,
        "quorum": quorum_problem(session) if session.state == Session.State.OPEN else None, "today": timezone.localdate(),
    })


def _session_action(request, session: Session, data: dict) -> None:
    action, user = data["action"], request.user
    try:
        if action == "agenda":
            services.agenda_add(session=session, dossier=data["dossier"], user=user)
        elif action == "open":
            services.session_open(session=session, present=list(data["present"]), user=user)
        elif action == "attendance":
            services.session_attendance(session=session, present=list(data["present"]), user=user)
        elif action == "reschedule":
            services.session_reschedule(session=session, date=data["date"], place=data.get("place") or None,
                                        reason=data["reason"], user=user)
        elif action == "adjourn":
            services.session_adjourn(session=session, date=data["date"], reason=data["reason"], user=user)
        elif action == "cancel":
            services.session_cancel(session=session, reason=data["reason"], user=user)
        elif action == "meeting":
            services.meeting_call(session=session, date=data["date"], place=data.get("place", ""), user=user)
        else:
            services.session_close(session=session, user=user)
        messages.success(request, _("Done."))
    except DossierRefused as exc:
        messages.error(request, str(exc))


@login_required
def score(request, pk):
    item = get_object_or_404(AgendaItem.objects.select_related("session__council", "dossier__product", "dossier__sheet",
                                                               "dossier__producer"), pk=pk)
    member = Member.objects.filter(council=item.session.council, user=request.user).first()
    if member is None:
        raise Http404
    sheet = item.dossier.sheet
    form = score_form(sheet, request.POST or None)
    if request.method == "POST" and form.is_valid():
        answers = {code: value for code, value in form.cleaned_data.items() if value and code != "opinion"}
        try:
            scoring.score_submit(item=item, user=request.user, answers=answers, opinion=form.cleaned_data.get("opinion", ""))
        except DossierRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Your score was recorded."))
            return redirect("councils:session", pk=item.session_id)
    mine = item.scores.filter(member=member).order_by("-round").first()
    answers = mine.answers if mine else {}
    sections = [{**s, "criteria": [{**c, "options": [{**o, "checked": answers.get(c["code"]) == o["code"]} for o in c["options"]]}
                                   for c in s["criteria"]]} for s in sheet.data["sections"]]
    status, status_label = item_status(item)
    return render(request, "councils/score.html", {
        "item": item, "sheet": sheet, "sections": sections, "mine": mine, "others": visible_scores(item, request.user),
        "member": member, "status": status, "status_label": status_label,
        "may_score": member.role in ("chair", "member") and item.session.state == Session.State.OPEN and (
            mine is None or (item.flagged and mine.round < 2 and not item.session.written))})


@login_required
def score_sheet_pdf(request, pk, member_pk):
    """A member's score sheet: the member, the council's secretary and office."""
    item = get_object_or_404(AgendaItem.objects.select_related("session__council__province", "dossier__sheet",
                                                               "dossier__product", "dossier__producer"), pk=pk)
    member = get_object_or_404(Member.objects.select_related("user"), pk=member_pk, council=item.session.council)
    if member.user_id != request.user.pk and not council_manages(request.user, item.session.council):
        raise Http404
    paper = score_sheet(item, member, latest_scores(item).get(member.pk))
    response = HttpResponse(render_pdf(paper), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{paper.filename}.pdf"'
    return response


@login_required
def minutes_pdf(request, pk):
    session = _session_for(request, pk)
    paper = minutes(session, latest_scores)
    response = HttpResponse(render_pdf(paper), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{paper.filename}.pdf"'
    return response
