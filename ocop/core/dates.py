"""Date helpers: month arithmetic and the date forms Vietnamese registers use."""

import calendar
import datetime as dt
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

EXCEL_EPOCH = dt.date(1899, 12, 30)


def add_months(day: dt.date, months: int) -> dt.date:
    """day + months, clamped to the month's last day (31/01 + 1 month → 28/02 or 29/02)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")


class DateFormatError(ValueError):
    pass


def parse_date(value) -> dt.date:
    """Accepts a date/datetime, an Excel serial number, dd/mm/yyyy (also with . or -), or yyyy-mm-dd.

    Raises DateFormatError("format") for an unknown form and DateFormatError("impossible")
    for a date that does not exist (31/02/2021).
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise DateFormatError("format")
    text = str(value).strip()
    if match := _DMY.match(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := _YMD.match(text):
        year, month, day = (int(g) for g in match.groups())
    elif re.fullmatch(r"\d{5}(\.0+)?", text):
        return EXCEL_EPOCH + dt.timedelta(days=int(float(text)))
    else:
        raise DateFormatError("format")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateFormatError("impossible") from None


def first_year() -> int:
    """The first year of the programme (setting OCOP_FIRST_YEAR): the one floor for years everywhere."""
    return settings.OCOP_FIRST_YEAR


def programme_years(today: dt.date | None = None) -> range:
    """This year back to the first year of the programme (for year pickers)."""
    return range((today or timezone.localdate()).year, first_year() - 1, -1)


def validate_programme_year(value: int) -> None:
    if value < first_year():
        raise ValidationError(_("The year must be %(year)s or later.") % {"year": first_year()})
