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
