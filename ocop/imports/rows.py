"""One row of a register file: each column's cell through its parser (the PARSERS table), then
the rules across columns (dates, province, criteria version and group, score against stars,
commune); every problem reported with its row and column. What each row says about scope (its
province and stars) is kept in `seen` for the file-level checks (checks.py)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ocop.core.dates import DateFormatError, add_months, first_year, parse_date
from ocop.core.text import fold
from ocop.core.validators import normalize_tax_code, validate_tax_code

from .checks import Seen
from .columns import BY_KEY, COLUMNS
from .report import ImportReport, Problem
from .resolve import Resolver
from .values import legal_form_from_name, parse_legal_form, parse_score, parse_stars, text_value


def _text(limit: int):
    def parse(value) -> str:
        text = text_value(value)
        if len(text) > limit:
            raise ValueError(_("longer than %(n)s characters") % {"n": limit})
        return text
    return parse


def _tax_code(value) -> str:
    code = normalize_tax_code(text_value(value))
    validate_tax_code(code)
    return code


def _date(value) -> dt.date:
    try:
        return parse_date(value)
    except DateFormatError as exc:
        raise ValueError(_("this date does not exist") if str(exc) == "impossible" else _("not a date (use dd/mm/yyyy)")) from None


# Column → parser of its cell (text columns resolved against the reference data are checked across columns).
PARSERS = {
    "product": _text(255), "producer": _text(255), "legal_form": parse_legal_form, "tax_code": _tax_code,
    "stars": parse_stars, "score": parse_score, "decision_number": _text(60), "decision_date": _date, "expiry": _date,
}


@dataclass(slots=True)
class Row:
    number: int
    product: str
    producer: str
    legal_form: str
    tax_code: str
    commune_code: str | None
    commune_text: str
    province: object
    legacy_province: object
    version: object
    group: object
    stars: int
    score: Decimal | None
    decision_number: str
    decision_date: dt.date
    valid_until: dt.date
    producer_key: tuple = ()
    product_key: tuple = ()
    producer_folded: str = ""  # fold(producer) and fold(product), worked out once for the keys and the writer
    product_folded: str = ""


def _cell(values: list, index: int | None):
    if index is None or index >= len(values):
        return None
    value = values[index]
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)[:120]


class RowChecker:
    def __init__(self, sheet, resolver: Resolver, report: ImportReport, today: dt.date, user):
        self.sheet, self.resolver, self.report, self.today, self.user = sheet, resolver, report, today, user
        self.seen: list[Seen] = []  # every row's province and stars, for the file-level checks

    def problem(self, number, key, value, reason, warning=False):
        target = self.report.warnings if warning else self.report.errors
        target.append(Problem(number, BY_KEY[key].title, _shown(value), str(reason)))

    def check(self, number: int, values: list) -> Row | None:
        col = self.sheet.columns
        raw = {c.key: _cell(values, col.get(c.key)) for c in COLUMNS}
        before = len(self.report.errors)
        for c in COLUMNS:
            if c.required and raw[c.key] is None:
                self.problem(number, c.key, None, _("required value is missing"))

        v = self._values(number, raw)
        product, producer, stars, score = v["product"], v["producer"], v["stars"], v["score"]
        decision_number, tax_code = v["decision_number"], v["tax_code"] or ""
        legal_form = v["legal_form"] or (legal_form_from_name(producer) if producer else "")
        decision_date = self._decision_date(number, raw["decision_date"], v["decision_date"])
        expiry = v["expiry"]
        if expiry and decision_date and expiry <= decision_date:
            self.problem(number, "expiry", raw["expiry"], _("the expiry date must be after the decision date"))
            expiry = None

        province, legacy_province = self._province(number, raw["province"], decision_date)
        version, group = self._version_and_group(number, raw, decision_date)
        self.seen.append(Seen(number, province, stars))

        if score is not None and stars is not None and version is not None:
            minimum = version.min_score_for(stars)
            if minimum is not None and score < minimum:
                self.problem(
                    number, "score", raw["score"],
                    _("%(score)s points is below the %(min)s needed for %(stars)s stars")
                    % {"score": score, "min": minimum, "stars": stars},
                )

        commune_code, commune_text = None, text_value(raw["commune"])
        if commune_text and province is not None:
            commune_code = self.resolver.commune(commune_text, province, legacy_province)
            if commune_code is None:
                self.problem(
                    number, "commune", raw["commune"],
                    _("commune not found on the 2025 map of %(p)s; kept as text in the address") % {"p": province.short_name},
                    warning=True,
                )

        if len(self.report.errors) > before:
            return None
        valid_until = expiry or add_months(decision_date, version.validity_months)
        return Row(
            number, product, producer, legal_form, tax_code, commune_code, commune_text, province, legacy_province,
            version, group, stars, score, decision_number, decision_date, valid_until,
            producer_folded=fold(producer), product_folded=fold(product),
        )

    def _province(self, number: int, raw, decision_date):
        """The 2025 province (and the one named at the time); whether the importer may write it is a file-level check."""
        if raw is None:
            return None, None
        try:
            province, legacy_province, warning = self.resolver.province(text_value(raw), decision_date)
        except ValueError as exc:
            self.problem(number, "province", raw, exc)
            return None, None
        if warning:
            self.problem(number, "province", raw, warning, warning=True)
        return province, legacy_province

    def _version_and_group(self, number: int, raw: dict, decision_date):
        """The criteria version in force on the decision date, and the group named in that version's tree."""
        if decision_date is None:
            return None, None
        version, before_first = self.resolver.version_on(decision_date)
        if before_first:
            self.problem(
                number, "decision_date", raw["decision_date"],
                _("no criteria set was in force before %(date)s; recorded under %(version)s")
                % {"date": version.in_force_from.strftime("%d/%m/%Y"), "version": version.decision},
                warning=True,
            )
        group = None
        if raw["group"] is not None:
            try:
                group = self.resolver.group(text_value(raw["group"]), version)
            except ValueError as exc:
                self.problem(number, "group", raw["group"], exc)
        return version, group

    def _values(self, number: int, raw: dict) -> dict:
        """Each cell through its column's parser (PARSERS); a refused cell is reported, its value None."""
        values = {}
        for key, parse in PARSERS.items():
            values[key] = None
            if raw[key] is None:
                continue
            try:
                values[key] = parse(raw[key])
            except (ValueError, ValidationError) as exc:
                self.problem(number, key, raw[key], " ".join(getattr(exc, "messages", [str(exc)])))
        return values

    def _decision_date(self, number: int, raw, day: dt.date | None) -> dt.date | None:
        if day and day > self.today:
            self.problem(number, "decision_date", raw, _("the date is in the future"))
            return None
        if day and day.year < first_year():
            self.problem(number, "decision_date", raw, _("the date is before the OCOP programme"))
            return None
        return day
