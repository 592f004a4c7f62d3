"""Edits of producers and products by their owner or office."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ocop.accounts.access import may_see, may_write

from .forms import PhotoForm, ProducerForm, ProductForm
from .models import Producer, Product, ProductPhoto


def _editable(request, model, pk):
    obj = get_object_or_404(model, pk=pk)
    if not may_see(request.user, obj):
        raise Http404  # outside the caller's scope: do not reveal that it exists
    if not may_write(request.user, obj):
        raise PermissionDenied
    return obj


@login_required
def producer_edit(request, pk):
    producer = _editable(request, Producer, pk)
    form = ProducerForm(request.POST or None, instance=producer)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("producers:producer", pk=producer.pk)
    return render(request, "producers/edit.html", {"form": form, "title": producer.name, "back": producer})


@login_required
def product_edit(request, pk):
    product = _editable(request, Product, pk)
    form = ProductForm(request.POST or None, instance=product)
    photo_form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and photo_form.is_valid():
        with transaction.atomic():
            form.save()
            if photo_form.cleaned_data.get("image"):
                ProductPhoto.objects.create(
                    product=product, image=photo_form.cleaned_data["image"],
                    caption=photo_form.cleaned_data.get("caption", ""), position=product.photos.count(),
                )
        messages.success(request, _("Saved."))
        return redirect("producers:product", pk=product.pk)
    return render(request, "producers/edit.html", {
        "form": form, "photo_form": photo_form, "title": product.name, "back": product, "multipart": True,
    })
