from django import forms
from django.utils.translation import gettext_lazy as _

from ocop.core.spreadsheets import FileProblem, detect_kind


class SheetUploadForm(forms.Form):
    file = forms.FileField(label=_("Edited score sheet (.xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": 5})
        head = upload.read()
        upload.seek(0)
        try:
            kind = detect_kind(head, upload.name)
        except FileProblem as exc:
            raise forms.ValidationError(str(exc)) from None
        if kind != "xlsx":
            raise forms.ValidationError(_("The file is not an Excel workbook (.xlsx)."))
        return upload


class SaveActionForm(forms.Form):
    """Only what a posted self-assessment asks to do: score it (empty), save a draft or save it as final."""

    action = forms.ChoiceField(choices=[("", ""), ("save", "save"), ("final", "final")], required=False)

    @property
    def saves(self) -> bool:
        return self.is_valid() and self.cleaned_data["action"] in ("save", "final")


class _TickedCodes(forms.MultipleChoiceField):
    """Ticked boxes: codes the sheet does not know are dropped, not refused (a stale page still scores)."""

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")

    def clean(self, value):
        return [code for code in super().clean(value) if self.valid_value(code)]


class AssessmentForm(SaveActionForm):
    """The self-assessment as posted: one choice per criterion of the sheet (unanswered allowed: the
    engine counts it at its lowest option and lists it), the knock-out conditions ticked, the flags,
    and what to do (score only, save a draft, save as final)."""

    woman_led = forms.BooleanField(required=False)
    ethnic_minority = forms.BooleanField(required=False)

    def __init__(self, *args, sheet, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = [c for s in sheet.data["sections"] for c in s["criteria"]]
        for criterion in self.criteria:
            self.fields[criterion["code"]] = forms.ChoiceField(
                label=criterion["code"], required=False,
                choices=[("", "—")] + [(o["code"], o["code"]) for o in criterion["options"]])
        self.fields["knockout"] = _TickedCodes(
            required=False, choices=[(k["code"], k["code"]) for k in sheet.data.get("knockouts", [])])

    @property
    def answers(self) -> dict[str, str]:
        return {c["code"]: self.cleaned_data[c["code"]] for c in self.criteria if self.cleaned_data.get(c["code"])}

    @property
    def knockouts(self) -> list[str]:
        return list(self.cleaned_data.get("knockout") or [])

    @property
    def flags(self) -> dict[str, bool]:
        return {"woman_led": self.cleaned_data.get("woman_led", False),
                "ethnic_minority": self.cleaned_data.get("ethnic_minority", False)}
