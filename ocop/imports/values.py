"""Parsing of single cell values: plain functions, no database. Each raises ValueError with
a message for the person who filled the sheet."""

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from django.utils.translation import gettext as _

from ocop.core.text import fold, nfc
from ocop.producers.models import LegalForm

_STAR_TEXT = re.compile(r"^(\d+)(?:[.,]0+)?\s*(?:sao|stars?|★+|\*+)?$")


def parse_stars(value) -> int:
    if isinstance(value, bool):
        raise ValueError(_("not a number of stars"))
    if isinstance(value, (int, float)):
        if value != int(value):
            raise ValueError(_("stars must be a whole number: 3, 4 or 5"))
        stars = int(value)
    else:
        text = nfc(str(value)).lower()
        if text and set(text) <= {"★", " "}:
            stars = text.count("★")
        else:
            match = _STAR_TEXT.match(text.replace("☆", ""))
            if not match:
                raise ValueError(_("not a number of stars (write 3, '3 sao' or '3★')"))
            stars = int(match.group(1))
    if stars not in (3, 4, 5):
        raise ValueError(_("only 3, 4 or 5 stars are recognised as OCOP products"))
    return stars


def parse_score(value) -> Decimal:
    if isinstance(value, bool):
        raise ValueError(_("not a number"))
    if isinstance(value, (int, float)):
        number = Decimal(str(value))
    else:
        text = str(value).strip().replace(" ", "")
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(_("not a number")) from None
    if not number.is_finite() or number < 0 or number > 100:
        raise ValueError(_("a score lies between 0 and 100"))
    return number.quantize(Decimal("0.01"))


LEGAL_FORM_WORDS = [
    (LegalForm.COOPERATIVE_GROUP, ("to hop tac", "tht", "cooperative group")),
    (LegalForm.COOPERATIVE, ("hop tac xa", "htx", "lien hiep hop tac xa", "cooperative")),
    (LegalForm.HOUSEHOLD, ("ho kinh doanh", "hkd", "ho san xuat", "ho gia dinh", "co so", "co so san xuat", "household",
                           "household business")),
    (LegalForm.ENTERPRISE, ("doanh nghiep", "dn", "cong ty", "cong ty tnhh", "cong ty co phan", "doanh nghiep tu nhan",
                            "dntn", "enterprise", "company")),
]


def parse_legal_form(value) -> str:
    return _legal_form(str(value))


@lru_cache(maxsize=4096)  # a register writes the same few forms on every row
def _legal_form(value: str) -> str:
    text = fold(value)
    for form, words in LEGAL_FORM_WORDS:
        if text in words or text == fold(str(form.label)) or text == form.value:
            return form.value
    raise ValueError(_("unknown legal form: use doanh nghiệp, hợp tác xã, tổ hợp tác or hộ kinh doanh"))


_NAME_PREFIXES = [
    (LegalForm.COOPERATIVE_GROUP, ("to hop tac ", "tht ")),
    (LegalForm.COOPERATIVE, ("hop tac xa ", "htx ", "lien hiep htx ")),
    (LegalForm.ENTERPRISE, ("cong ty ", "doanh nghiep ", "dntn ", "cty ")),
    (LegalForm.HOUSEHOLD, ("ho kinh doanh ", "hkd ", "co so ", "ho san xuat ")),
]


def legal_form_from_name(name: str) -> str:
    """Guess the legal form from the producer's name ("HTX Nông nghiệp ..." → cooperative)."""
    text = fold(name) + " "
    for form, prefixes in _NAME_PREFIXES:
        if text.startswith(prefixes):
            return form.value
    return ""


def text_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value == int(value):
        value = int(value)
    return nfc(str(value))
