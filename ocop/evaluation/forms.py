"""Every POST of the evaluation pages goes through one of these forms."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.core.forms import DateField, TextField

from . import workflow
from .models import Document, Dossier, Member
from .services.dossiers import LOCAL_CRITERIA, document_kinds


class DossierCreateForm(forms.Form):
    product = forms.ModelChoiceField(label=_("Product"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(label=_("Kind of dossier"), choices=Dossier.Kind.choices)
    stars = forms.TypedChoiceField(label=_("Stars sought"), choices=[(3, "3★"), (4, "4★"), (5, "5★")], coerce=int)

    def __init__(self, *args, products, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products


class MoveForm(forms.Form):
    action = forms.ChoiceField(choices=[(name, move.label) for name, move in workflow.MOVES.items()])
    reason = TextField(label=_("Reason"), max_length=2000, required=False)
    decision_number = TextField(label=_("Decision number"), max_length=60, required=False)
    decision_date = DateField(label=_("Decision date"), required=False)
    stars = forms.TypedChoiceField(label=_("Stars"), choices=[(3, "3"), (4, "4"), (5, "5")], coerce=int, required=False,
                                   empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, text in LOCAL_CRITERIA.items():
            self.fields[f"lc_{code}"] = forms.BooleanField(label=text, required=False)

    def clean_decision_date(self):
        day = self.cleaned_data.get("decision_date")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("A decision cannot be dated in the future."))
        return day

    def move_data(self) -> dict:
        data = self.cleaned_data
        return {"reason": data.get("reason", ""), "decision_number": data.get("decision_number", ""),
                "decision_date": data.get("decision_date"), "stars": data.get("stars"),
                "local_criteria": {code: bool(data.get(f"lc_{code}")) for code in LOCAL_CRITERIA}}


class AttachForm(forms.Form):
    kind = forms.CharField(max_length=40)
    document = forms.ModelChoiceField(label=_("Document"), queryset=None)

    def __init__(self, *args, dossier: Dossier, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = Document.objects.filter(producer=dossier.producer)


class VaultUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"))
    title = TextField(label=_("Title"), max_length=200, required=False)
    product = forms.ModelChoiceField(label=_("For the product (if it concerns one)"), queryset=None, required=False)
    issued_on = DateField(label=_("Issued on"), required=False)
    expires_on = DateField(label=_("Expires on"), required=False)
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, producer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(document_kinds().items())
        self.fields["product"].queryset = producer.products.order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("issued_on") and data.get("expires_on") and data["expires_on"] <= data["issued_on"]:
            self.add_error("expires_on", _("The expiry date must be after the issue date."))
        return data


class SessionCreateForm(forms.Form):
    council = forms.ModelChoiceField(label=_("Council"), queryset=None, empty_label=None)
    date = DateField(label=_("Date"))
    place = TextField(label=_("Place"), max_length=200, required=False)

    def __init__(self, *args, councils, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils


class SessionActionForm(forms.Form):
    action = forms.ChoiceField(choices=[("agenda", "agenda"), ("open", "open"), ("close", "close")])
    dossier = forms.ModelChoiceField(queryset=None, required=False)
    present = forms.ModelMultipleChoiceField(queryset=None, required=False)

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dossier"].queryset = Dossier.objects.filter(state=workflow.AGENDA_SOURCE[session.council.level])
        self.fields["present"].queryset = Member.objects.filter(council=session.council)

    def clean(self):
        data = super().clean()
        if data.get("action") == "agenda" and not data.get("dossier"):
            self.add_error("dossier", _("Choose a dossier."))
        return data


def score_form(sheet, data=None) -> forms.Form:
    """One radio choice per criterion of the sheet (unanswered criteria are allowed: the engine lists them)."""
    fields = {}
    for section in sheet.data["sections"]:
        for criterion in section["criteria"]:
            fields[criterion["code"]] = forms.ChoiceField(
                label=criterion["code"], required=False,
                choices=[("", "—")] + [(o["code"], o["code"]) for o in criterion["options"]])
    form_class = type("ScoreForm", (forms.Form,), fields)
    return form_class(data)

