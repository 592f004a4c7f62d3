"""Public forms of the catalogue: the certificate-number box and the report of a suspected fake."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from ocop.core.forms import TextField
from ocop.core.validators import validate_contact
from ocop.places.models import Province

from .models import FakeReport

_NOT_IN_A_NUMBER = re.compile(r"[^0-9A-Za-z]+")


class CertificateNumberForm(forms.Form):
    number = TextField(label=_("Certificate number"), max_length=40,
                       error_messages={"required": _("Type the number printed beside the OCOP mark."),
                                       "max_length": _("A certificate number has 11 characters, e.g. 3K7Q-9XW2-MF4.")},
                       widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                                     "spellcheck": "false", "placeholder": "XXXX-XXXX-XXX"}))

    def clean_number(self):
        value = _NOT_IN_A_NUMBER.sub("-", self.cleaned_data["number"]).strip("-")
        if not value:
            raise forms.ValidationError(_("A certificate number has 11 characters, e.g. 3K7Q-9XW2-MF4."))
        return value


class FakeReportForm(forms.Form):
    number = TextField(label=_("Certificate number as printed"), max_length=40, required=False)
    province = forms.ModelChoiceField(label=_("Province where you saw the product"), queryset=Province.objects.all(),
                                      to_field_name="code", empty_label=_("Choose the province"))
    place = TextField(label=_("Where (shop, market, website)"), max_length=200)
    product_name = TextField(label=_("Product and producer on the package"), max_length=200, required=False)
    details = TextField(label=_("What looks wrong"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    contact = TextField(label=_("Your e-mail or phone, if the office may ask you more"), max_length=120, required=False,
                        validators=[validate_contact])
    reason = forms.ChoiceField(choices=FakeReport.Reason.choices, required=False, widget=forms.HiddenInput)
    website = forms.CharField(max_length=200, required=False, label="Website",
                              widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].label_from_instance = lambda p: p.short_name
        self.fields["details"].widget.attrs.pop("maxlength", None)
