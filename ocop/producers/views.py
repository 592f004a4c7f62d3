"""Edits of producers and products by their owner or office; the office's change requests to decide."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ocop.accounts.access import is_office, may_see, may_write

from .forms import ChangeDecisionForm, PhotoForm, ProducerForm, ProductForm
from .models import ChangeRequest, Producer, Product, ProductPhoto
from .services import EditRefused, change_request_decide, pending_requests, record_edit


def _editable(request, model, pk):
    obj = get_object_or_404(model, pk=pk)
    if not may_see(request.user, obj):
        raise Http404  # outside the caller's scope: do not reveal that it exists
    if not may_write(request.user, obj):
        raise PermissionDenied
    return obj


def _before(form) -> dict:
    return {name: form.initial.get(name) for name in form.changed_data}


def _saved(request, change) -> None:
    if change is None:
        messages.success(request, _("Saved."))
    else:
        messages.info(request, _("Saved. The change of the certified facts (%(fields)s) waits for the provincial "
                                 "office's approval: until then the certificate and the register keep them as they are.")
                      % {"fields": ", ".join(str(change.target._meta.get_field(f).verbose_name) for f in change.changes)})


@login_required
def producer_edit(request, pk):
    producer = _editable(request, Producer, pk)
    form = ProducerForm(request.POST or None, instance=producer)
    if request.method == "POST" and form.is_valid():
        try:
            change = record_edit(instance=form.instance, before=_before(form), user=request.user)
        except EditRefused as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            _saved(request, change)
            return redirect("producers:producer", pk=producer.pk)
    return render(request, "producers/edit.html", {"form": form, "title": producer.name, "back": producer})


@login_required
def product_edit(request, pk):
    product = _editable(request, Product, pk)
    title = product.name
    form = ProductForm(request.POST or None, instance=product)
    photo_form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and photo_form.is_valid():
        try:
            with transaction.atomic():
                change = record_edit(instance=form.instance, before=_before(form), user=request.user)
                if photo_form.cleaned_data.get("image"):
                    ProductPhoto.objects.create(
                        product=product, image=photo_form.cleaned_data["image"],
                        caption=photo_form.cleaned_data.get("caption", ""), position=product.photos.count(),
                    )
        except EditRefused as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            _saved(request, change)
            return redirect("producers:product", pk=product.pk)
    return render(request, "producers/edit.html", {
        "form": form, "photo_form": photo_form, "title": title, "back": product, "multipart": True,
    })


@login_required
def change_requests(request):
    """The office's list of change requests waiting for a decision, each with approve / refuse."""
    if not is_office(request.user):
        raise PermissionDenied
    form, failed = None, None
    if request.method == "POST":
        form = ChangeDecisionForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                change_request_decide(change=form.cleaned_data["change"], approve=form.cleaned_data["action"] == "approve",
                                      note=form.cleaned_data["note"], user=request.user)
            except EditRefused as exc:
                form.add_error("note" if exc.field == "note" else None, str(exc))
            else:
                messages.success(request, _("Decided."))
                return redirect("producers:changes")
        failed = form.data.get("change")
    decided = ChangeRequest.objects.visible_to(request.user).exclude(state=ChangeRequest.State.PENDING).select_related(
        "producer", "product", "decided_by")[:20]
    return render(request, "producers/changes.html", {
        "pending": pending_requests(request.user), "decided": decided, "form": form, "failed": failed,
    }, status=400 if form is not None and form.errors else 200)
