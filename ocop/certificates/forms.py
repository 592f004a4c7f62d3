from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.core.forms import DateField, TextField
from ocop.recognitions.models import RevocationGround


def _not_future(value):
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("The date cannot be in the future."))


class GroundField(forms.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(label=_("Ground (Art. 8.1)"), choices=[("", "—")] + list(RevocationGround.choices),
                         error_messages={"invalid_choice": _("Choose one of the grounds of Art. 8.1."),
                                         "required": _("Choose one of the grounds of Art. 8.1.")}, **kwargs)


class RevokeForm(forms.Form):
    """The authority's revocation decision."""

    ground = GroundField()
    reason = TextField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                       help_text=_("What was found, as the decision states it."))
    found_on = DateField(label=_("Date of the finding"), required=False, validators=[_not_future],
                         help_text=_("The conclusion the revocation rests on: the decision is due within 15 days of it."))
    decision = TextField(label=_("Revocation decision (number)"), max_length=60)
    decided_on = DateField(label=_("Date of the decision"), required=False, validators=[_not_future],
                           help_text=_("Today when left empty."))

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["ground"].initial = case.ground
            self.fields["reason"].initial = case.details
            self.fields["found_on"].initial = case.found_on

    def clean(self):
        data = super().clean()
        found, decided = data.get("found_on"), data.get("decided_on")
        if found and decided and decided < found:
            self.add_error("decided_on", _("The revocation cannot come before the finding it rests on."))
        return data


class CaseForm(forms.Form):
    """An office proposes revocation (a case for the authority)."""

    ground = GroundField()
    details = TextField(label=_("Finding"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    found_on = DateField(label=_("Date of the finding"), validators=[_not_future])


class DropCaseForm(forms.Form):
    note = TextField(label=_("Why close the case without revocation"), max_length=4000,
                     widget=forms.Textarea(attrs={"rows": 2}))


class ReevaluationForm(forms.Form):
    filed_on = DateField(label=_("Re-evaluation dossier filed on"), validators=[_not_future])

