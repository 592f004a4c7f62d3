from django import forms
from django.utils.translation import gettext_lazy as _

from ocop.core.forms import TextField


class TokenCodeForm(forms.Form):
    code = forms.RegexField(label=_("6-digit code from your authenticator app"), regex=r"^\s*\d{6}\s*$",
                            error_messages={"invalid": _("Type the 6 digits shown in the app.")},
                            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}))


class ApiTokenForm(forms.Form):
    name = TextField(label=_("What the token is for"), max_length=100)
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=365, initial=90)


class RevokeTokenForm(forms.Form):
    token = forms.ModelChoiceField(queryset=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["token"].queryset = user.api_tokens.filter(revoked_at__isnull=True)
