from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.accounts.access import office_provinces
from ocop.core.forms import DateField, TextField
from ocop.recognitions.models import RevocationGround

from .models import Finding, Inspection, InspectionPlan, Kind
from .services import FindingIn

FINDING_ROWS = 3


def _not_future(value):
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("The date cannot be in the future."))


class ProvinceChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.short_name


class PlanForm(forms.Form):
    province = ProvinceChoice(label=_("Province"), queryset=None, to_field_name="code")
    year = forms.IntegerField(label=_("Year"), min_value=2013, max_value=2100)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    title = TextField(label=_("Title"), max_length=200)
    starts_on = DateField(label=_("From"))
    ends_on = DateField(label=_("To"))
    notes = TextField(label=_("Notes"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = office_provinces(user)
        self.fields["year"].initial = timezone.localdate().year

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The plan cannot end before it starts."))
        return data


class InspectionForm(forms.Form):
    plan = forms.ModelChoiceField(label=_("Plan"), queryset=InspectionPlan.objects.none(), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    inspected_on = DateField(label=_("Inspected on"), validators=[_not_future])
    inspectors = TextField(label=_("Inspectors"), max_length=300)
    criteria = forms.ChoiceField(label=_("Certified criteria"), choices=Inspection.Criteria.choices)
    criteria_notes = TextField(label=_("On the criteria"), max_length=4000, required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))
    mark_use = forms.ChoiceField(label=_("Use of the OCOP mark"), choices=Inspection.MarkUse.choices)
    mark_notes = TextField(label=_("On the mark"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, certificate, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = InspectionPlan.objects.visible_to(user).filter(
            province_id=certificate.recognition.province_id)
        for i in range(1, FINDING_ROWS + 1):
            self.fields[f"finding_{i}_subject"] = forms.ChoiceField(
                label=_("Finding %(n)s: about") % {"n": i}, choices=[("", "—")] + list(Finding.Subject.choices), required=False)
            self.fields[f"finding_{i}_description"] = TextField(
                label=_("Finding %(n)s") % {"n": i}, max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
            self.fields[f"finding_{i}_correct_by"] = DateField(label=_("Finding %(n)s: correct by") % {"n": i}, required=False)

    def clean(self):
        data = super().clean()
        findings = []
        for i in range(1, FINDING_ROWS + 1):
            subject, text, by = (data.get(f"finding_{i}_subject"), data.get(f"finding_{i}_description"),
                                 data.get(f"finding_{i}_correct_by"))
            if not (subject or text or by):
                continue
            if not text:
                self.add_error(f"finding_{i}_description", _("Describe the finding."))
            if not subject:
                self.add_error(f"finding_{i}_subject", _("Say what the finding is about."))
            if not by:
                self.add_error(f"finding_{i}_correct_by", _("Give the deadline to correct it."))
            elif data.get("inspected_on") and by < data["inspected_on"]:
                self.add_error(f"finding_{i}_correct_by", _("A finding's deadline cannot come before the inspection."))
            if text and subject and by:
                findings.append(FindingIn(subject, text, by))
        data["findings"] = findings
        return data

    def finding_rows(self):
        return [(self[f"finding_{i}_subject"], self[f"finding_{i}_description"], self[f"finding_{i}_correct_by"])
                for i in range(1, FINDING_ROWS + 1)]

    def main_fields(self):
        return [self[name] for name in ("plan", "kind", "inspected_on", "inspectors", "criteria", "criteria_notes",
                                        "mark_use", "mark_notes")]


class CorrectForm(forms.Form):
    finding = forms.ModelChoiceField(queryset=Finding.objects.none(), widget=forms.HiddenInput)
    corrected_on = DateField(label=_("Corrected on"), validators=[_not_future])
    note = TextField(label=_("How"), max_length=2000, required=False)

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finding"].queryset = inspection.findings.filter(corrected_on__isnull=True)


class ConcludeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[
        (Inspection.Outcome.KEPT, Inspection.Outcome.KEPT.label),
        (Inspection.Outcome.CORRECTED, Inspection.Outcome.CORRECTED.label),
        (Inspection.Outcome.PROPOSED_REVOCATION, Inspection.Outcome.PROPOSED_REVOCATION.label)])
    ground = forms.ChoiceField(label=_("Ground, when proposing revocation"), required=False,
                               choices=[("", _("From the findings"))] + list(RevocationGround.choices))
    note = TextField(label=_("Note"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
