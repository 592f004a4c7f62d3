"""Every POST of the evaluation pages goes through one of these forms."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.core.forms import DateField, TextField
from ocop.criteria.models import Sheet
from ocop.taxonomy.models import ProductGroup
from ocop.taxonomy.versions import version_in_force

from . import workflow
from .models import Council, Document, Dossier, Member, Review
from .paperwork.papers import FORM02_CHECKS
from .services.documents import document_kinds, needs_issue_date
from .services.dossiers import LOCAL_CRITERIA

STARS = [(3, "3★"), (4, "4★"), (5, "5★")]


def _not_future(form, name):
    day = form.cleaned_data.get(name)
    if day and day > timezone.localdate():
        raise forms.ValidationError(_("The date cannot be in the future."))
    return day


def product_sets():
    """The product sets of the criteria in force that have a score sheet (for a new product)."""
    version = version_in_force()
    return (ProductGroup.objects.filter(version=version, sheets__isnull=False).distinct()
            .select_related("parent").order_by("position"))


class ProductSetChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.parent.name} – {obj.name}" if obj.parent_id else obj.name


class SheetChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}"


class DossierCreateForm(forms.Form):
    product = forms.ModelChoiceField(label=_("Product"), queryset=None, required=False, empty_label=_("— a new product —"))
    new_name = TextField(label=_("New product's name"), max_length=255, required=False)
    new_group = ProductSetChoice(label=_("New product's product set"), queryset=None, required=False)
    kind = forms.ChoiceField(label=_("Kind of dossier"), choices=Dossier.Kind.choices)
    stars = forms.TypedChoiceField(label=_("Stars sought"), choices=STARS, coerce=int)
    sheet = SheetChoice(label=_("Product set (score sheet)"), queryset=None, required=False, widget=forms.RadioSelect,
                        help_text=_("Asked when the product's group covers several product sets."))

    def __init__(self, *args, products, producer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.producer = producer
        self.fields["product"].queryset = products
        self.fields["new_group"].queryset = product_sets()
        self.fields["sheet"].queryset = Sheet.objects.latest_versions().filter(criteria_version=version_in_force()).order_by("code")
        if producer is None:  # an office opens dossiers for products on the register only
            self.fields["product"].empty_label = None
            self.fields["product"].required = True
            del self.fields["new_name"], self.fields["new_group"]

    def clean(self):
        data = super().clean()
        if self.producer is not None and not data.get("product"):
            if not data.get("new_name"):
                self.add_error("new_name", _("Choose a product or give the new product's name."))
            if not data.get("new_group"):
                self.add_error("new_group", _("Choose the new product's product set."))
        return data


class MoveForm(forms.Form):
    action = forms.ChoiceField(choices=[(name, move.label) for name, move in workflow.MOVES.items()])
    reason = TextField(label=_("Reason"), max_length=2000, required=False)
    decision_number = TextField(label=_("Decision number"), max_length=60, required=False)
    decision_date = DateField(label=_("Decision date"), required=False)
    decision_file = forms.FileField(label=_("Signed decision (PDF)"), required=False)
    stars = forms.TypedChoiceField(label=_("Stars"), choices=[(3, "3"), (4, "4"), (5, "5")], coerce=int, required=False,
                                   empty_value=None)
    approval_number = TextField(label=_("Number of the chair's approval"), max_length=60, required=False)
    approval_date = DateField(label=_("Date of the approval"), required=False)
    approved_by = TextField(label=_("Approved by"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, text in LOCAL_CRITERIA.items():
            self.fields[f"lc_{code}"] = TextField(label=text, max_length=4000, required=False, widget=forms.Textarea)

    def clean_decision_date(self):
        day = self.cleaned_data.get("decision_date")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("A decision cannot be dated in the future."))
        return day

    def clean_approval_date(self):
        return _not_future(self, "approval_date")

    def clean(self):
        data = super().clean()
        if data.get("action") == "recognise" and not data.get("decision_file"):
            self.add_error("decision_file", _("Attach the signed decision (PDF)."))
        return data

    def move_data(self) -> dict:
        data = self.cleaned_data
        return {"reason": data.get("reason", ""), "decision_number": data.get("decision_number", ""),
                "decision_date": data.get("decision_date"), "stars": data.get("stars"),
                "decision_file": data.get("decision_file"), "approval_number": data.get("approval_number", ""),
                "approval_date": data.get("approval_date"), "approved_by": data.get("approved_by", ""),
                "local_criteria": {code: data.get(f"lc_{code}") or False for code in LOCAL_CRITERIA}}


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
    issued_on = DateField(label=_("Issued on"), required=False,
                          help_text=_("Required for documents valid only for a time (test reports, certificates)."))
    expires_on = DateField(label=_("Expires on"), required=False)
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, producer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(document_kinds().items())
        self.fields["product"].queryset = producer.products.order_by("name")

    def clean_issued_on(self):
        return _not_future(self, "issued_on")

    def clean(self):
        data = super().clean()
        if data.get("issued_on") and data.get("expires_on") and data["expires_on"] <= data["issued_on"]:
            self.add_error("expires_on", _("The expiry date must be after the issue date."))
        if data.get("kind") and needs_issue_date(data["kind"]) and not data.get("issued_on") and "issued_on" not in self.errors:
            self.add_error("issued_on", _("This kind of document is valid only for a time: give its issue date."))
        return data


def self_assessment_form(sheet, documents, data=None, initial_answers=None, initial_evidence=None) -> forms.Form:
    """One choice per criterion of the dossier's sheet and, for each, the vault documents offered as evidence."""
    fields = {}
    choices = [(d.pk, d.title) for d in documents]
    for section in sheet.data["sections"]:
        for c in section["criteria"]:
            fields[f"c_{c['code']}"] = forms.ChoiceField(
                label=c["code"], required=False, widget=forms.RadioSelect,
                choices=[(o["code"], o["code"]) for o in c["options"]],
                initial=(initial_answers or {}).get(c["code"]))
            fields[f"e_{c['code']}"] = forms.TypedMultipleChoiceField(
                label=_("Evidence"), required=False, choices=choices, coerce=int, widget=forms.CheckboxSelectMultiple,
                initial=(initial_evidence or {}).get(c["code"], []))
    form_class = type("SelfAssessmentForm", (forms.Form,), fields)
    return form_class(data)


class Form01Form(forms.Form):
    position = TextField(label=_("Position of the legal representative"), max_length=100, required=False)
    samples = TextField(label=_("Product samples (quantity)"), max_length=100, required=False)


class Form02Form(forms.Form):
    gender = forms.ChoiceField(label=_("Gender of the legal representative"), required=False,
                               choices=[("", "—"), ("Nam", _("Male")), ("Nữ", _("Female"))])
    ethnicity = TextField(label=_("Ethnicity"), max_length=60, required=False)
    residence = TextField(label=_("Permanent address"), max_length=300, required=False)
    founded = TextField(label=_("Founded / registered on"), max_length=60, required=False)
    registration_number = TextField(label=_("Registration number"), max_length=60, required=False)
    specification = TextField(label=_("Product specification and standard"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    history = TextField(label=_("History of the producer"), max_length=4000, required=False,
                        widget=forms.Textarea(attrs={"rows": 3}))
    organisation = TextField(label=_("Organisation of the producer"), max_length=4000, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))
    results = TextField(label=_("Part II: results of the business plan"), max_length=8000, required=False,
                        widget=forms.Textarea(attrs={"rows": 5}))
    plan = TextField(label=_("Part IV: production and business plan"), max_length=8000, required=False,
                     widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in FORM02_CHECKS:
            self.fields[f"check_{code}"] = forms.BooleanField(label=label, required=False)

    def form_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith("check_")}
        data["checks"] = {code: bool(self.cleaned_data.get(f"check_{code}")) for code, _label in FORM02_CHECKS}
        return data


class Form03Form(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, text in LOCAL_CRITERIA.items():
            self.fields[code] = TextField(label=text, max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReviewForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Review.Kind.choices)
    on = DateField(label=_("Date"))
    place = TextField(label=_("Place"), max_length=200, required=False)
    participants = TextField(label=_("Participants"), max_length=500, required=False)
    findings = TextField(label=_("Findings"), max_length=8000, widget=forms.Textarea(attrs={"rows": 4}))
    recommendation = forms.ChoiceField(label=_("Recommendation"), choices=Review.Recommendation.choices)

    def clean_on(self):
        return _not_future(self, "on")


class DecisionCorrectForm(forms.Form):
    date = DateField(label=_("Right decision date"), required=False)
    file = forms.FileField(label=_("Signed decision (PDF)"), required=False)
    reason = TextField(label=_("Reason for the correction"), max_length=100)

    def clean_date(self):
        day = self.cleaned_data.get("date")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("A decision cannot be dated in the future."))
        return day


class RoundOpenForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    number = forms.TypedChoiceField(label=_("Round"), coerce=int, choices=[
        (1, _("Round 1 (statutory dates)")), (2, _("Round 2 (statutory dates)")), (0, _("An added round (your dates)"))])
    proposals_by = DateField(label=_("Proposals accepted until"), required=False)
    finish_by = DateField(label=_("Results due by"), required=False)
    note = TextField(label=_("Note"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        if data.get("number") == 0:
            for name in ("proposals_by", "finish_by"):
                if not data.get(name):
                    self.add_error(name, _("An added round needs its cut-off and its end date."))
            if data.get("proposals_by") and data.get("finish_by") and data["finish_by"] < data["proposals_by"]:
                self.add_error("finish_by", _("The results cannot be due before the cut-off for proposals."))
        return data


class OfficeDayForm(forms.Form):
    day = DateField(label=_("Day"))
    off = forms.TypedChoiceField(label=_("The office"), coerce=lambda v: v == "1",
                                 choices=[("1", _("does not work that day")), ("0", _("works that day"))])
    note = TextField(label=_("Note"), max_length=200, required=False)


class CouncilForm(forms.Form):
    name = TextField(label=_("Name of the council"), max_length=200)
    decision_number = TextField(label=_("Number of the establishing decision"), max_length=60)
    decision_date = DateField(label=_("Date of the establishing decision"))
    quorum = forms.IntegerField(label=_("Quorum, as a percentage of members"), min_value=50, max_value=100, initial=75)
    chair_required = forms.BooleanField(label=_("The chair must be present"), required=False, initial=True)
    divergence = forms.DecimalField(label=_("Divergence that calls for discussion (points)"), min_value=1, max_value=50,
                                    max_digits=4, decimal_places=1, initial=10)
    regulation = TextField(label=_("Council regulation (decision)"), max_length=200, required=False)

    def clean_decision_date(self):
        return _not_future(self, "decision_date")

    def regulation_data(self) -> dict:
        data = self.cleaned_data
        return {"quorum": Decimal(data["quorum"]) / 100, "chair_required": data["chair_required"],
                "divergence": data["divergence"], "regulation": data.get("regulation", "")}


class RegulationForm(forms.Form):
    quorum = forms.IntegerField(label=_("Quorum, as a percentage of members"), min_value=50, max_value=100)
    chair_required = forms.BooleanField(label=_("The chair must be present"), required=False)
    divergence = forms.DecimalField(label=_("Divergence that calls for discussion (points)"), min_value=1, max_value=50,
                                    max_digits=4, decimal_places=1)
    regulation = TextField(label=_("Council regulation (decision)"), max_length=200, required=False)
    reason = TextField(label=_("Reason for the change"), max_length=100)

    def regulation_data(self) -> dict:
        data = self.cleaned_data
        return {"quorum": Decimal(data["quorum"]) / 100, "chair_required": data["chair_required"],
                "divergence": data["divergence"], "regulation": data.get("regulation", "")}


class MemberAddForm(forms.Form):
    person = forms.ModelChoiceField(label=_("An existing account"), queryset=None, required=False,
                                    empty_label=_("— invite a new person by e-mail —"))
    full_name = TextField(label=_("Full name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Member.Role.choices)
    agency = TextField(label=_("Department"), max_length=200, required=False)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = candidates
        self.fields["person"].label_from_instance = lambda u: f"{u.get_full_name() or u.username} ({u.email or u.username})"

    def clean(self):
        data = super().clean()
        if not data.get("person"):
            if not data.get("full_name"):
                self.add_error("full_name", _("Give the new member's full name, or pick an existing account."))
            if not data.get("email") and "email" not in self.errors:
                self.add_error("email", _("Give the new member's e-mail address, or pick an existing account."))
        return data


class MemberUpdateForm(forms.Form):
    member = forms.ModelChoiceField(queryset=None)
    role = forms.ChoiceField(label=_("Role"), choices=Member.Role.choices)
    agency = TextField(label=_("Department"), max_length=200, required=False)
    active = forms.BooleanField(label=_("Sits on the council"), required=False)

    def __init__(self, *args, council: Council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = council.members.all()


class SessionCreateForm(forms.Form):
    council = forms.ModelChoiceField(label=_("Council"), queryset=None, empty_label=None)
    date = DateField(label=_("Date"))
    place = TextField(label=_("Place"), max_length=200, required=False)

    def __init__(self, *args, councils, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils


SESSION_ACTIONS = ["agenda", "open", "attendance", "reschedule", "adjourn", "cancel", "close", "meeting"]


class SessionActionForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in SESSION_ACTIONS])
    dossier = forms.ModelChoiceField(label=_("Dossier"), queryset=None, required=False)
    present = forms.ModelMultipleChoiceField(label=_("Members present"), queryset=None, required=False)
    date = DateField(label=_("Date"), required=False)
    place = TextField(label=_("Place"), max_length=200, required=False)
    reason = TextField(label=_("Reason"), max_length=2000, required=False)

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dossier"].queryset = Dossier.objects.filter(state=workflow.AGENDA_SOURCE[session.council.level])
        self.fields["present"].queryset = Member.objects.filter(council=session.council, active=True)

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == "agenda" and not data.get("dossier"):
            self.add_error("dossier", _("Choose a dossier."))
        if action in ("reschedule", "adjourn", "meeting") and not data.get("date") and "date" not in self.errors:
            self.add_error("date", _("Give the date."))
        if action in ("reschedule", "adjourn", "cancel") and not data.get("reason"):
            self.add_error("reason", _("A reason is required."))
        return data


class OpinionsForm(forms.Form):
    dossiers = forms.ModelMultipleChoiceField(label=_("Re-evaluation dossiers"), queryset=None,
                                              widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, council: Council, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = Dossier.objects.filter(kind=Dossier.Kind.RENEWAL, state=workflow.AGENDA_SOURCE[council.level])
        if council.province_id:
            queryset = queryset.filter(province_id=council.province_id)
        self.fields["dossiers"].queryset = queryset.select_related("product")
        self.fields["dossiers"].label_from_instance = lambda d: f"{d.product.name} ({d.producer.name})"


def score_form(sheet, data=None) -> forms.Form:
    """One radio choice per criterion of the sheet (unanswered criteria are allowed: the engine lists them)."""
    fields = {}
    for section in sheet.data["sections"]:
        for criterion in section["criteria"]:
            fields[criterion["code"]] = forms.ChoiceField(
                label=criterion["code"], required=False,
                choices=[("", "—")] + [(o["code"], o["code"]) for o in criterion["options"]])
    fields["opinion"] = TextField(label=_("Opinion"), max_length=4000, required=False)
    form_class = type("ScoreForm", (forms.Form,), fields)
    return form_class(data)
