"""Format checks for identifiers: GTIN barcodes, Vietnamese tax/registration codes, and a person's contact
(an e-mail address or a Vietnamese phone number)."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

_GTIN = re.compile(r"^\d{8}$|^\d{12,14}$")
# Enterprise/cooperative tax code: 10 digits, or 13 as 10-3 for branches; household businesses
# and cooperative groups may hold a 12-digit personal ID number or a registration number instead.
_TAX = re.compile(r"^\d{10}(-\d{3})?$|^\d{12}$|^\d{13}$")


def gtin_check_digit(body: str) -> int:
    """GS1 check digit for the digits before the last one."""
    total = 0
    for position, digit in enumerate(reversed(body)):
        total += int(digit) * (3 if position % 2 == 0 else 1)
    return (10 - total % 10) % 10


def is_valid_gtin(code: str) -> bool:
    return bool(_GTIN.match(code)) and gtin_check_digit(code[:-1]) == int(code[-1])


def validate_gtin(value: str) -> None:
    if not _GTIN.match(value or ""):
        raise ValidationError(_("A GTIN barcode has 8, 12, 13 or 14 digits."), code="gtin_format")
    if gtin_check_digit(value[:-1]) != int(value[-1]):
        raise ValidationError(
            _("The barcode's check digit is wrong (expected %(digit)s)."),
            code="gtin_check",
            params={"digit": gtin_check_digit(value[:-1])},
        )


def normalize_tax_code(value: str) -> str:
    return re.sub(r"[\s.]", "", value or "")


def validate_tax_code(value: str) -> None:
    if not _TAX.match(normalize_tax_code(value)):
        raise ValidationError(
            _("A tax or registration code has 10 digits (10-3 for a branch) or 12-13 digits."),
            code="tax_code_format",
        )


# Vietnamese phone numbers, separators removed: mobiles 0 + 3/5/7/8/9 + 8 digits; landlines 02 + 9 digits; both
# also written with +84 (or 84) instead of the leading 0.
_PHONE = re.compile(r"^(?:\+?84|0)(?:[35789]\d{8}|2\d{9})$")
_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")


def is_vietnamese_phone(value: str) -> bool:
    return bool(_PHONE.match(_PHONE_SEPARATORS.sub("", value or "")))


def is_email(value: str) -> bool:
    try:
        validate_email((value or "").strip())
    except ValidationError:
        return False
    return True


def validate_contact(value: str) -> None:
    """An e-mail address or a Vietnamese phone number (kept as typed: nothing is rewritten)."""
    if "@" in (value or ""):
        if not is_email(value):
            raise ValidationError(_("This e-mail address is not complete, e.g. ten@example.com."), code="email")
    elif not is_vietnamese_phone(value):
        raise ValidationError(_("Write an e-mail address or a Vietnamese phone number, e.g. 0912 345 678."),
                              code="contact")
