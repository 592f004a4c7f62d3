from django import forms
from django.utils.translation import gettext_lazy as _

from ocop.core.dates import validate_programme_year
from ocop.core.forms import TextField

from .indicators import INDICATORS
from .models import Activity, Support


class PlanCreateForm(forms.Form):
    province = forms.ChoiceField(label=_("Province"))
    year = forms.IntegerField(label=_("Year"), max_value=2100, validators=[validate_programme_year])

    def __init__(self, *args, provinces=(), national=False, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("VN", _("The whole country"))] if national else []
        self.fields["province"].choices = choices + [(p.code, p.short_name) for p in provinces]


class BudgetLineForm(forms.Form):
    activity = forms.ChoiceField(label=_("Activity"), choices=Activity.choices)
    allocation = forms.CharField(label=_("Allocation (đồng)"), max_length=30)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class DisbursementForm(forms.Form):
    line = forms.IntegerField(widget=forms.HiddenInput)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    amount = forms.CharField(label=_("Amount (đồng)"), max_length=30)
    document = forms.CharField(label=_("Document reference"), max_length=200, required=False)
    override = forms.BooleanField(label=_("Record it even beyond the allocation"), required=False)
    override_reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class SupportForm(forms.Form):
    producer = forms.IntegerField(label=_("Producer (id)"))
    product = forms.IntegerField(label=_("Product (id)"), required=False)
    kind = forms.ChoiceField(label=_("Kind of support"), choices=Support.Kind.choices)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    amount = forms.CharField(label=_("Amount (đồng)"), max_length=30, required=False)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)


class TargetsUploadForm(forms.Form):
    file = forms.FileField(label=_("Targets (.xlsx)"))


class TargetsForm(forms.Form):
    """One box per indicator (`t_<code>`); an empty box removes that target."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for indicator in INDICATORS:
            self.fields[f"t_{indicator.code}"] = TextField(label=indicator.name, max_length=30, required=False)

    def targets(self) -> dict[str, str]:
        return {i.code: self.cleaned_data.get(f"t_{i.code}", "").strip() for i in INDICATORS}
