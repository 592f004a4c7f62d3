"""The office's events and fairs: list, form, and on an event's page the producers taking part with the products
they show and their booths."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.accounts.access import may_act_for_province

from . import office_lists as lists
from . import services
from .models import Event, Participation
from .office_forms import EventForm, ParticipationForm
from .office_views import _choose_province, _delete_page, _form_page, _list, _office, _province_for_new, _refused
from .services import PromotionRefused

EVENT_FIELDS = ("name", "kind", "starts_on", "ends_on", "place", "organiser", "booths", "published")


@login_required
def events(request):
    _office(request)
    qs = (Event.objects.visible_to(request.user).select_related("province")
          .annotate(n_producers=Count("participations", distinct=True)).order_by("-starts_on", "name"))
    filters = lists.EventFilterSet(request.GET, queryset=qs, request=request)
    return _list(request, "promotion/office/events.html", filters, lists.EventTable(filters.qs))


def _event(request, pk) -> Event:
    _office(request)
    event = get_object_or_404(Event.objects.visible_to(request.user).select_related("province"), pk=pk)
    if not may_act_for_province(request.user, event.province_id):
        raise Http404
    return event


def _event_form_page(request, event=None):
    province = event.province if event else _province_for_new(request)
    if province is None:
        return _choose_province(request, _("New event"))
    initial = {k: getattr(event, k) for k in EVENT_FIELDS} if event else None
    form = EventForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.event_save(user=request.user, event=event, province=province,
                                        **{k: form.cleaned_data[k] for k in EVENT_FIELDS})
        except PromotionRefused as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("“%(name)s” is saved.") % {"name": saved.name})
            return redirect("promotion:event", pk=saved.pk)
    title = _("Event: %(name)s") % {"name": event.name} if event else _("New event")
    return _form_page(request, form, title=title, back="promotion:events", record=event, province=province,
                      delete_url="promotion:event_delete" if event else None)


@login_required
def event_new(request):
    _office(request)
    return _event_form_page(request)


@login_required
def event_edit(request, pk):
    return _event_form_page(request, _event(request, pk))


@login_required
def event_delete(request, pk):
    event = _event(request, pk)
    return _delete_page(request, event, lambda: services.event_delete(user=request.user, event=event), "promotion:events")


@login_required
def event(request, pk):
    """An event and who takes part; the form records a producer of the event's province (again: changes its row)."""
    event = _event(request, pk)
    form = ParticipationForm(request.POST or None, user=request.user, province=event.province)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.participation_save(user=request.user, event=event, producer=data["producer"],
                                        products=list(data["products"]), booths=data["booths"])
        except PromotionRefused as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("%(name)s takes part.") % {"name": data["producer"].name})
            return redirect("promotion:event", pk=event.pk)
    taking_part = event.participations.select_related("producer").prefetch_related("products").order_by("producer__name")
    return render(request, "promotion/office/event.html", {
        "event": event, "form": form, "taking_part": taking_part,
        "booths_taken": taking_part.aggregate(n=Sum("booths"))["n"] or 0,
    }, status=400 if form.errors else 200)


@require_POST
@login_required
def participation_delete(request, pk):
    """Take a producer off an event (a button on the event's page)."""
    _office(request)
    participation = get_object_or_404(Participation.objects.select_related("event__province", "producer"), pk=pk)
    if not may_act_for_province(request.user, participation.event.province_id):
        raise Http404
    try:
        services.participation_delete(user=request.user, participation=participation)
    except PromotionRefused as exc:
        raise PermissionDenied from exc
    messages.success(request, _("%(name)s no longer takes part.") % {"name": participation.producer.name})
    return redirect("promotion:event", pk=participation.event_id)
