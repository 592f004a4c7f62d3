"""The office's pages around the dossiers: everyone's to-do, evaluation rounds, the office calendar, decisions."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.access import is_central, is_office, office_provinces
from ocop.core.workdays import public_holidays

from ..forms import DecisionCorrectForm, OfficeDayForm, RoundOpenForm
from ..models import Decision, Dossier, OfficeDay, Round
from ..services.calendar import office_day_remove, office_day_set
from ..services.decisions import decision_correct, decision_history
from ..services.dossiers import DossierRefused
from ..services.rounds import round_close, round_open, round_overview
from ..services.todo import todo_for


@login_required
def todo(request):
    items = todo_for(request.user)
    return render(request, "dossiers/todo.html", {"items": items, "overdue": sum(1 for i in items if i.overdue)})


def _office_province(request):
    """The province an office acts for on these pages (a central officer may pick one with ?province=)."""
    if not is_office(request.user):
        raise PermissionDenied
    provinces = office_provinces(request.user)
    wanted = request.GET.get("province") or request.POST.get("province")
    if is_central(request.user):
        return provinces.filter(code=wanted).first() if wanted else None
    return provinces.first()


@login_required
def rounds(request):
    province = _office_province(request)
    level = Round.Level.PROVINCE if province is not None else Round.Level.CENTRAL
    form = RoundOpenForm(request.POST or None, initial={"year": timezone.localdate().year, "number": 1})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round_open(level=level, province=province, year=data["year"], user=request.user,
                       number=data["number"] or None, proposals_by=data.get("proposals_by") if not data["number"] else None,
                       finish_by=data.get("finish_by") if not data["number"] else None, note=data.get("note", ""))
        except DossierRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The round is open."))
            return redirect(request.get_full_path())
    listed = Round.objects.filter(level=level, province=province).order_by("-year", "number")
    return render(request, "dossiers/rounds.html", {
        "form": form, "province": province, "level": level,
        "rounds": [round_overview(r) for r in listed[:20]],
        "provinces": office_provinces(request.user) if is_central(request.user) else None,
    }, status=400 if form.errors else 200)


@login_required
def round_detail(request, pk):
    round = get_object_or_404(Round.objects.select_related("province"), pk=pk)
    if not (is_central(request.user) or (round.province_id and office_provinces(request.user).filter(code=round.province_id).exists())):
        raise Http404
    if request.method == "POST":
        try:
            round_close(round=round, user=request.user)
        except DossierRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The round is closed."))
        return redirect("dossiers:round", pk=round.pk)
    dossiers = (round.dossiers if round.level == "province" else round.central_dossiers).select_related("product", "producer")
    return render(request, "dossiers/round.html", {"overview": round_overview(round), "dossiers": dossiers})


@login_required
def calendar(request):
    province = _office_province(request)
    form = OfficeDayForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("remove"):
            row = get_object_or_404(OfficeDay, pk=request.POST["remove"] if request.POST["remove"].isdigit() else 0,
                                    province=province)
            try:
                office_day_remove(row=row, user=request.user)
            except DossierRefused as exc:
                messages.error(request, str(exc))
            return redirect(request.get_full_path())
        if form.is_valid():
            try:
                office_day_set(province=province, user=request.user, **form.cleaned_data)
            except DossierRefused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Saved."))
                return redirect(request.get_full_path())
    year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", year))
    except ValueError:
        pass
    year = min(max(year, 2000), 2100)
    return render(request, "dossiers/calendar.html", {
        "form": form, "province": province, "year": year,
        "days": OfficeDay.objects.filter(province=province, day__year=year),
        "holidays": public_holidays(year).items(),
        "provinces": office_provinces(request.user) if is_central(request.user) else None,
    }, status=400 if form.errors else 200)


def _decision_for(request, pk) -> Decision:
    """A decision, for the office that issued it, the central office and the people of its dossiers."""
    decision = get_object_or_404(Decision.objects.select_related("province"), pk=pk)
    issuer = is_central(request.user) or (decision.province_id is not None and
                                          office_provinces(request.user).filter(code=decision.province_id).exists())
    if not issuer and not Dossier.objects.visible_to(request.user).filter(decision=decision).exists():
        raise Http404
    return decision


@login_required
def decision(request, pk):
    decision = _decision_for(request, pk)
    form = DecisionCorrectForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision_correct(decision=decision, reason=data["reason"], date=data.get("date"), file=data.get("file"),
                             user=request.user)
        except DossierRefused as exc:
            if exc.status == 403:
                raise PermissionDenied from None
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The decision is corrected; the earlier version is kept in its history."))
            return redirect("dossiers:decision", pk=decision.pk)
    return render(request, "dossiers/decision.html", {
        "decision": decision, "form": form if is_office(request.user) else None, "history": decision_history(decision),
        "dossiers": decision.dossiers.select_related("product", "producer", "recognition"),
    }, status=400 if form.errors else 200)


@login_required
def decision_file(request, pk):
    decision = _decision_for(request, pk)
    if not decision.file:
        raise Http404
    return FileResponse(decision.file.open("rb"), as_attachment=True, content_type="application/pdf",
                        filename=f"quyet-dinh-{decision.pk}.pdf")


