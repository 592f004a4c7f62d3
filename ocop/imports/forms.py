from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ocop.core.spreadsheets import FileProblem, detect_kind


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Register file (.xlsx or .csv)"))
    dry_run = forms.BooleanField(label=_("Only check the file, write nothing"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.OCOP_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB.") % {"mb": settings.OCOP_IMPORT_MAX_BYTES // (1024 * 1024)}
            )
        head = upload.read()
        upload.seek(0)
        try:
            detect_kind(head, upload.name)
        except FileProblem as exc:
            raise forms.ValidationError(str(exc)) from None
        return upload
