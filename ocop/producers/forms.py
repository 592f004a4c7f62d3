import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.core.forms import DateField, TextField
from ocop.core.validators import normalize_tax_code
from ocop.places.models import Commune

from .models import Batch, ChangeRequest, Producer, Product


class ProducerForm(forms.ModelForm):
    class Meta:
        model = Producer
        fields = ["name", "legal_form", "tax_code", "representative", "phone", "email", "address", "commune",
                  "woman_led", "ethnic_minority"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The commune must stay in the producer's province: an officer cannot move a producer
        # into another province through the form.
        self.fields["commune"].queryset = Commune.objects.filter(province_id=self.instance.province_id)

    def clean_tax_code(self):
        value = normalize_tax_code(self.cleaned_data.get("tax_code", ""))
        if value and Producer.objects.filter(tax_code=value).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another producer already has this tax code."))
        return value


class ProductForm(forms.ModelForm):
    class Meta:
        model = Product
        fields = ["name", "description", "gtin"]


class PhotoForm(forms.Form):
    image = forms.ImageField(label=_("Add a photo (JPEG, PNG or WebP, up to 5 MB)"), required=False)
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)

    MAX_BYTES = 5 * 1024 * 1024
    FORMATS = {"JPEG", "PNG", "WEBP"}

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if not image:
            return image
        if image.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The photo is larger than 5 MB."))
        # ImageField has opened the file with Pillow: the type comes from the content, not the name.
        if getattr(image, "image", None) is None or image.image.format not in self.FORMATS:
            raise forms.ValidationError(_("Only JPEG, PNG or WebP photos are accepted."))
        return image


class ChangeDecisionForm(forms.Form):
    """The office's decision on one change request: approve, or refuse with a reason."""

    change = forms.ModelChoiceField(queryset=ChangeRequest.objects.none(), widget=forms.HiddenInput,
                                    error_messages={"invalid_choice": _("This change request is not waiting for you.")})
    action = forms.ChoiceField(choices=[("approve", _("Approve")), ("refuse", _("Refuse"))])
    note = TextField(label=_("Note (required to refuse)"), max_length=1000, required=False,
                     widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["change"].queryset = ChangeRequest.objects.visible_to(user).filter(state=ChangeRequest.State.PENDING)


class BatchForm(forms.Form):
    """A lot of the product: dates as dd/mm/yyyy; the lot number once per product; best before after production."""

    lot = TextField(label=_("Lot number"), max_length=40, help_text=_("As printed on the package, e.g. L2026-11-A."))
    produced_on = DateField(label=_("Production date"))
    best_before = DateField(label=_("Best before"), required=False)
    origin = TextField(label=_("Raw-material area"), max_length=200, required=False,
                       help_text=_("Where the raw material of this lot came from (commune, farm, area)."))
    note = TextField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, product, **kwargs):
        super().__init__(*args, **kwargs)
        self.product = product

    def clean_lot(self):
        lot = self.cleaned_data["lot"].strip()
        if not re.fullmatch(r"[0-9A-Za-z][0-9A-Za-z._\-]*", lot):
            raise forms.ValidationError(_("Use letters without marks, digits, dots and dashes (it goes into the QR code)."))
        if Batch.objects.filter(product=self.product, lot__iexact=lot).exists():
            raise forms.ValidationError(_("This product already has a lot numbered %(lot)s.") % {"lot": lot})
        return lot

    def clean_produced_on(self):
        day = self.cleaned_data["produced_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("The production date cannot be in the future."))
        return day

    def clean(self):
        data = super().clean()
        if data.get("produced_on") and data.get("best_before") and data["best_before"] <= data["produced_on"]:
            self.add_error("best_before", _("The best-before date must come after the production date."))
        return data
