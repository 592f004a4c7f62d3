"""The register's filters (province, commune, year, group, stars, status): parsed once from raw
query values with readable reasons, and applied to recognitions. Used by the dashboard, the
statistics API, the register and catalogue pages, the open data and the exports.

A group filter counts the records of every criteria version alike: it matches the recognitions rated in
the group or below it and those rated in a group of an older version whose place in the group's version
(through the mapping chain 1048 → 148 → 26, `taxonomy.mapping`) falls there. "Thực phẩm" of 26/2026 thus
finds products rated under 1048/2019 "Thực phẩm" and 148/2023 "Thực phẩm" as well."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.places.codes import ProvinceCodeError, parse_province_code
from ocop.places.models import Commune
from ocop.taxonomy.models import ProductGroup
from ocop.taxonomy.mapping import groups_placed_under

from .models import Recognition, Status, status_q

STATUS_ALIASES = {
    "in_force": Status.IN_FORCE, "in-force": Status.IN_FORCE, "inforce": Status.IN_FORCE, "active": Status.IN_FORCE,
    "valid": Status.IN_FORCE, "con_hieu_luc": Status.IN_FORCE,
    "expired": Status.EXPIRED, "het_han": Status.EXPIRED,
    "revoked": Status.REVOKED, "thu_hoi": Status.REVOKED,
    "superseded": Status.SUPERSEDED,
}


class FilterError(ValueError):
    """A filter value that cannot be used; the message names the parameter and the reason."""


@dataclass(frozen=True)
class RegisterFilter:
    province: str | None = None
    commune: str | None = None
    year: int | None = None
    group: str | None = None
    stars: int | None = None
    status: str | None = None

    @property
    def active(self) -> list[str]:
        """The names of the filters given (in the order of the fields)."""
        return [name for name in ("province", "commune", "year", "group", "stars", "status") if getattr(self, name)]

    @classmethod
    def parse(cls, *, province=None, commune=None, year=None, group=None, stars=None, status=None) -> "RegisterFilter":
        """Check raw query values (strings or None); raise FilterError with a readable reason."""
        province_code = None
        if province not in (None, ""):
            try:
                province_code = parse_province_code(province)
            except ProvinceCodeError as exc:
                raise FilterError(_("province: %(reason)s") % {"reason": exc}) from None
        commune_code = None
        if commune not in (None, ""):
            text = str(commune).strip()
            if not text.isdigit() or len(text) > 5 or not Commune.objects.filter(code=text.zfill(5)).exists():
                raise FilterError(_("commune: there is no commune with code '%(value)s'.") % {"value": text[:40]})
            commune_code = text.zfill(5)
        year_value = None
        if year not in (None, ""):
            try:
                year_value = int(str(year).strip())
            except ValueError:
                raise FilterError(_("year: '%(value)s' is not a year.") % {"value": str(year)[:40]}) from None
            if not 2000 <= year_value <= 2100:
                raise FilterError(_("year: %(value)s is out of range.") % {"value": year_value})
        group_code = None
        if group not in (None, ""):
            group_code = str(group).strip()
            if not ProductGroup.objects.filter(code=group_code).exists():
                raise FilterError(_("group: there is no product group with code '%(value)s'.") % {"value": group_code[:40]})
        stars_value = None
        if stars not in (None, ""):
            text = str(stars).strip().rstrip("★*").strip()
            if text not in {"3", "4", "5"}:
                raise FilterError(_("stars: must be 3, 4 or 5."))
            stars_value = int(text)
        status_value = None
        if status not in (None, ""):
            status_value = STATUS_ALIASES.get(str(status).strip().lower())
            if status_value is None:
                raise FilterError(_("status: must be one of in_force, expired, revoked, superseded."))
        return cls(province_code, commune_code, year_value, group_code, stars_value, status_value)


def filter_conditions(f: RegisterFilter, today: dt.date | None = None) -> dict[str, Q]:
    """The condition on a recognition of each filter given, by the filter's name."""
    today = today or timezone.localdate()
    conditions = {}
    if f.province:
        conditions["province"] = Q(province_id=f.province)
    if f.commune:
        conditions["commune"] = Q(product__producer__commune_id=f.commune)
    if f.year:
        conditions["year"] = Q(decision_date__gte=dt.date(f.year, 1, 1), decision_date__lte=dt.date(f.year, 12, 31))
    if f.group:
        conditions["group"] = Q(group_id__in=groups_placed_under(f.group))
    if f.stars:
        conditions["stars"] = Q(stars=f.stars)
    if f.status:
        conditions["status"] = status_q(f.status, today)
    return conditions


def filtered_recognitions(f: RegisterFilter, today: dt.date | None = None):
    q = Q()
    for condition in filter_conditions(f, today).values():
        q &= condition
    return Recognition.objects.filter(q)
