"""Form fields every app uses: text without control characters, Vietnamese dates in a sane range."""

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
EARLIEST = dt.date(1990, 1, 1)
LATEST = dt.date(2100, 12, 31)


def strip_control(text: str) -> str:
    """Remove control characters (tab and line breaks kept) and lone surrogates."""
    return CONTROL.sub("", text or "")


class TextField(forms.CharField):
    """A CharField whose value never holds control characters."""

    def to_python(self, value):
        return super().to_python(strip_control(value) if isinstance(value, str) else value)


class DateField(forms.DateField):
    """A date typed as dd/mm/yyyy (or picked in the browser), between 1990 and 2100."""

    input_formats = DATE_FORMATS
    default_error_messages = {"invalid": _("Enter a date as dd/mm/yyyy.")}

    def __init__(self, *args, earliest: dt.date = EARLIEST, latest: dt.date = LATEST, **kwargs):
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(*args, **kwargs)
        self.earliest, self.latest = earliest, latest

    def validate(self, value):
        super().validate(value)
        if value and not self.earliest <= value <= self.latest:
            raise ValidationError(_("The date must be between %(a)s and %(b)s.") % {
                "a": self.earliest.strftime("%d/%m/%Y"), "b": self.latest.strftime("%d/%m/%Y")})


def first_error(form: forms.BaseForm) -> str:
    """The first problem of a form as one sentence naming the field ("Ngày quyết định: …")."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        return f"{label}: {errors[0]}" if label else str(errors[0])
    return ""
