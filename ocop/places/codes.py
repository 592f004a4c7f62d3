"""The one province-code parser: "96", " 96 ", "9" (→ "09") for the 2025 map."""

from django.utils.translation import gettext as _

from .models import Province


class ProvinceCodeError(ValueError):
    """A value that is not the code of a province; the message says why."""


def parse_province_code(value, *, must_exist: bool = True) -> str:
    text = str(value).strip()
    if not text.isdigit() or len(text) > 2:
        raise ProvinceCodeError(_("'%(value)s' is not a province code (e.g. 96 for Cà Mau).") % {"value": text[:40]})
    code = text.zfill(2)
    if must_exist and not Province.objects.filter(code=code).exists():
        raise ProvinceCodeError(_("there is no province with code %(value)s.") % {"value": text[:40]})
    return code
