"""Working days for an office's deadlines: Vietnam's public holidays (ocop.core.workdays) and the days the
office adds (OfficeDay rows). The central office's own days have no province."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from ocop.accounts.access import may_act_for_province
from ocop.core.workdays import WorkCalendar, add_working_days

from ..models import OfficeDay
from .errors import Refused


def calendar_for(province_id: str | None) -> WorkCalendar:
    """The calendar of a province's office (None: the central office)."""
    rows = OfficeDay.objects.filter(province_id=province_id).values_list("day", "off")
    return WorkCalendar(days_off=[d for d, off in rows if off], working_days=[d for d, off in rows if not off])


def working_deadline(province_id: str | None, start: dt.date, days: int) -> dt.date:
    return add_working_days(start, days, calendar_for(province_id))


@transaction.atomic
def office_day_set(*, province, day: dt.date, off: bool, note: str, user) -> OfficeDay:
    if not may_act_for_province(user, province.code if province is not None else None):
        raise Refused(_("You may not change this office's calendar."), 403)
    row, _created = OfficeDay.objects.update_or_create(province=province, day=day,
                                                       defaults={"off": off, "note": note[:200], "created_by": user})
    return row


@transaction.atomic
def office_day_remove(*, row: OfficeDay, user) -> None:
    if not may_act_for_province(user, row.province_id):
        raise Refused(_("You may not change this office's calendar."), 403)
    row.delete()
