from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ocop.core.dates import validate_programme_year
from ocop.core.forms import DateField, TextField

from .indicators import INDICATORS
from .models import Activity, BudgetLine, Support
from .targets import TargetError, parse_value


class PlanCreateForm(forms.Form):
    province = forms.ChoiceField(label=_("Province"))
    year = forms.IntegerField(label=_("Year"), max_value=2100, validators=[validate_programme_year])

    def __init__(self, *args, provinces=(), national=False, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("VN", _("The whole country"))] if national else []
        self.fields["province"].choices = choices + [(p.code, p.short_name) for p in provinces]


class MoneyField(TextField):
    """An amount in đồng as people type it ("1.250.000", "1 250 000 đ"); checked by the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 30)
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "numeric", "class": "money-input"}


class BudgetLineForm(forms.Form):
    activity = forms.ChoiceField(label=_("Activity"), choices=Activity.choices)
    allocation = MoneyField(label=_("Allocation (đồng)"))
    note = TextField(label=_("Note"), max_length=300, required=False)


class DisbursementForm(forms.Form):
    line = forms.ModelChoiceField(label=_("Budget line"), queryset=BudgetLine.objects.none(),
                                  error_messages={"invalid_choice": _("Choose one of this plan's budget lines.")})
    date = DateField(label=_("Date"))
    amount = MoneyField(label=_("Amount (đồng)"))
    document = TextField(label=_("Document reference"), max_length=200, required=False)
    note = TextField(label=_("Note"), max_length=300, required=False)
    override = forms.BooleanField(label=_("Record it even beyond the allocation"), required=False)
    override_reason = TextField(label=_("Reason for exceeding the allocation"), max_length=300, required=False)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = plan.budget_lines.all()


class DisbursementDeleteForm(forms.Form):
    reason = TextField(label=_("Why it is deleted"), max_length=100)


class ProducerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} — {obj.commune.name}" if obj.commune_id else obj.name


class ProductChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.producer.name})"


class SupportForm(forms.Form):
    """The producer and product are picked by name among those of the plan's province (the view gives the choices)."""

    producer = ProducerChoice(label=_("Producer"), queryset=None, empty_label=_("— choose the producer —"),
                              error_messages={"invalid_choice": _("Choose a producer of this province from the list.")})
    product = ProductChoice(label=_("Product (if the support was for one product)"), queryset=None, required=False,
                            error_messages={"invalid_choice": _("Choose a product of this province from the list.")})
    kind = forms.ChoiceField(label=_("Kind of support"), choices=Support.Kind.choices)
    date = DateField(label=_("Date"))
    amount = MoneyField(label=_("Amount (đồng)"), required=False)
    description = TextField(label=_("Description"), max_length=300, required=False)

    def __init__(self, *args, producers, products, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["producer"].queryset = producers.select_related("commune").order_by("name")
        self.fields["product"].queryset = products.select_related("producer").order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("product") and data.get("producer") and data["product"].producer_id != data["producer"].pk:
            self.add_error("product", _("This product belongs to another producer."))
        return data


class TargetsUploadForm(forms.Form):
    file = forms.FileField(label=_("Targets (.xlsx)"))


class TargetField(TextField):
    """A target as the plan writes it: 30, or a range such as 28-30."""

    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return None
        try:
            return parse_value(value)
        except TargetError as exc:
            raise ValidationError(capfirst(str(exc))) from None


class TargetsForm(forms.Form):
    """One box per indicator (`t_<code>`), labelled with its name; an empty box removes that target."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for indicator in INDICATORS:
            self.fields[f"t_{indicator.code}"] = TargetField(
                label=indicator.name, max_length=30, required=False, help_text=indicator.counted,
                widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": _("e.g. 30 or 28-30"),
                                              "class": "target-input"}))

    def targets(self) -> dict:
        """{code: TargetValue or None (no target)}."""
        return {i.code: self.cleaned_data.get(f"t_{i.code}") for i in INDICATORS}
