from django import forms
from django.utils.translation import gettext_lazy as _

from ocop.core.forms import TextField


class RevokeForm(forms.Form):
    decision = TextField(label=_("Revocation decision (number)"), max_length=60)
    reason = TextField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
