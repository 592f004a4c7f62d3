"""Import a provincial register (.xlsx/.csv): all or nothing, with a per-row report.

Steps: read the sheet (content-checked) → parse and check every row (pure values, then
reference look-ups) → if any row has a problem, report them all and write nothing →
otherwise write producers, products and recognitions in one transaction, matched on
natural keys so that importing the same file again changes nothing.

Natural keys: a producer is its tax code, else its name within the province; a product is
its name within the producer; a recognition is its decision number within the product.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.access import is_office, may_act_for_province
from ocop.core.dates import DateFormatError, add_months, parse_date
from ocop.core.text import fold, fold_key, nfc
from ocop.core.validators import normalize_tax_code, validate_tax_code
from ocop.producers.models import Producer, Product
from ocop.recognitions.models import Recognition
from ocop.recognitions.services import recognitions_write

from .columns import BY_KEY, COLUMNS
from .reader import FileProblem, read_sheet
from .resolve import Resolver
from .values import legal_form_from_name, parse_legal_form, parse_score, parse_stars, text_value

Progress = Callable[[int, int, str], None]


@dataclass
class Problem:
    row: int | None
    column: str
    value: str
    reason: str


@dataclass
class ImportReport:
    rows: int = 0
    dry_run: bool = False
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    created: dict = field(default_factory=lambda: {"producers": 0, "products": 0, "recognitions": 0})
    updated: dict = field(default_factory=lambda: {"producers": 0, "products": 0, "recognitions": 0})
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        data = asdict(self) | {"ok": self.ok}
        return data


@dataclass
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


class _RowChecker:
    def __init__(self, sheet, resolver: Resolver, report: ImportReport, today: dt.date, user):
        self.sheet, self.resolver, self.report, self.today, self.user = sheet, resolver, report, today, user

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

        product = text_value(raw["product"])
        producer = text_value(raw["producer"])
        for key, text in (("product", product), ("producer", producer)):
            if len(text) > 255:
                self.problem(number, key, text, _("longer than 255 characters"))

        legal_form = ""
        if raw["legal_form"] is not None:
            try:
                legal_form = parse_legal_form(raw["legal_form"])
            except ValueError as exc:
                self.problem(number, "legal_form", raw["legal_form"], exc)
        elif producer:
            legal_form = legal_form_from_name(producer)

        tax_code = ""
        if raw["tax_code"] is not None:
            tax_code = normalize_tax_code(text_value(raw["tax_code"]))
            try:
                validate_tax_code(tax_code)
            except Exception as exc:  # ValidationError
                self.problem(number, "tax_code", raw["tax_code"], " ".join(getattr(exc, "messages", [str(exc)])))

        stars = None
        if raw["stars"] is not None:
            try:
                stars = parse_stars(raw["stars"])
            except ValueError as exc:
                self.problem(number, "stars", raw["stars"], exc)

        score = None
        if raw["score"] is not None:
            try:
                score = parse_score(raw["score"])
            except ValueError as exc:
                self.problem(number, "score", raw["score"], exc)

        decision_number = text_value(raw["decision_number"])
        if len(decision_number) > 60:
            self.problem(number, "decision_number", decision_number, _("longer than 60 characters"))

        decision_date = None
        if raw["decision_date"] is not None:
            decision_date = self._date(number, "decision_date", raw["decision_date"])
            if decision_date and decision_date > self.today:
                self.problem(number, "decision_date", raw["decision_date"], _("the date is in the future"))
                decision_date = None
            elif decision_date and decision_date.year < 2013:
                self.problem(number, "decision_date", raw["decision_date"], _("the date is before the OCOP programme"))
                decision_date = None

        expiry = None
        if raw["expiry"] is not None:
            expiry = self._date(number, "expiry", raw["expiry"])
            if expiry and decision_date and expiry <= decision_date:
                self.problem(number, "expiry", raw["expiry"], _("the expiry date must be after the decision date"))
                expiry = None

        province = legacy_province = None
        if raw["province"] is not None:
            try:
                province, legacy_province, warning = self.resolver.province(text_value(raw["province"]), decision_date)
                if warning:
                    self.problem(number, "province", raw["province"], warning, warning=True)
            except ValueError as exc:
                self.problem(number, "province", raw["province"], exc)
        if province is not None and not self._may_write(province):
            self.problem(number, "province", raw["province"], _("you may only import records of your own province"))

        version = group = None
        if decision_date is not None:
            version, before_first = self.resolver.version_on(decision_date)
            if before_first:
                self.problem(
                    number, "decision_date", raw["decision_date"],
                    _("no criteria set was in force before %(date)s; recorded under %(version)s")
                    % {"date": version.in_force_from.strftime("%d/%m/%Y"), "version": version.decision},
                    warning=True,
                )
            if raw["group"] is not None:
                try:
                    group = self.resolver.group(text_value(raw["group"]), version)
                except ValueError as exc:
                    self.problem(number, "group", raw["group"], exc)

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
        )

    def _date(self, number, key, value):
        try:
            return parse_date(value)
        except DateFormatError as exc:
            reason = _("this date does not exist") if str(exc) == "impossible" else _("not a date (use dd/mm/yyyy)")
            self.problem(number, key, value, reason)
            return None

    def _may_write(self, province) -> bool:
        return self.user is None or may_act_for_province(self.user, province.code)


def register_import(
    *, data: bytes, filename: str = "", user=None, dry_run: bool = False, progress: Progress | None = None,
    today: dt.date | None = None,
) -> ImportReport:
    report = ImportReport(dry_run=dry_run)
    today = today or timezone.localdate()
    if user is not None and not is_office(user):
        report.errors.append(Problem(None, "", "", _("Your account may not import registers.")))
        return report
    try:
        sheet = read_sheet(data, filename)
    except FileProblem as exc:
        report.errors.append(Problem(None, "", filename, str(exc)))
        return report

    missing = [c for c in COLUMNS if c.required and c.key not in sheet.columns]
    for c in missing:
        report.errors.append(Problem(sheet.header_row, c.title, "", _("required column is missing")))
    for _index, text in sheet.unknown:
        report.warnings.append(Problem(sheet.header_row, text, text, _("unknown column: its values are not imported")))
    if missing:
        return report
    report.rows = len(sheet.rows)
    if not sheet.rows:
        report.errors.append(Problem(None, "", filename, _("The file has a header but no rows.")))
        return report

    resolver = Resolver()
    checker = _RowChecker(sheet, resolver, report, today, user)
    rows: list[Row] = []
    total = len(sheet.rows)
    for done, (number, values) in enumerate(sheet.rows, start=1):
        row = checker.check(number, values)
        if row is not None:
            rows.append(row)
        if progress and done % 500 == 0:
            progress(done, total, "check")
    _assign_keys(rows, report)
    if progress:
        progress(total, total, "check")
    if report.errors:
        return report
    with transaction.atomic():
        _write(rows, report)
        if dry_run:
            transaction.set_rollback(True)
    if progress:
        progress(total, total, "done")
    return report


def _assign_keys(rows: list[Row], report: ImportReport) -> None:
    """Give each row its producer and product key and refuse duplicates within the file."""
    by_name: dict[tuple, tuple] = {}
    for row in rows:
        if row.tax_code:
            by_name.setdefault((row.province.code, fold(row.producer)), ("tax", row.tax_code))
    seen: dict[tuple, int] = {}
    for row in rows:
        name_key = (row.province.code, fold(row.producer))
        row.producer_key = ("tax", row.tax_code) if row.tax_code else by_name.get(name_key, ("name", *name_key))
        row.product_key = (row.producer_key, fold(row.product))
        key = (row.product_key, fold_key(row.decision_number))
        if key in seen:
            report.errors.append(
                Problem(row.number, BY_KEY["decision_number"].title, row.decision_number,
                        _("duplicate: row %(row)s already has this product with this decision") % {"row": seen[key]})
            )
        else:
            seen[key] = row.number


RECOGNITION_FIELDS = ["stars", "score", "criteria_version_id", "group_id", "decision_date", "valid_until",
                      "province_id", "legacy_province_id"]


def _write(rows: list[Row], report: ImportReport) -> None:
    # Producers -----------------------------------------------------------------------------
    by_tax = {p.tax_code: p for p in Producer.objects.exclude(tax_code="")}
    by_name = {}
    for p in Producer.objects.all().only("id", "province_id", "name_folded", "tax_code", "legal_form", "commune_id"):
        by_name.setdefault((p.province_id, p.name_folded), p)
    producers: dict[tuple, Producer] = {}
    new_producers, touched_producers = [], {}
    for row in rows:
        if row.producer_key in producers:
            continue
        existing = by_tax.get(row.tax_code) if row.tax_code else None
        existing = existing or by_name.get((row.province.code, fold(row.producer)))
        if existing is None:
            existing = Producer(
                name=nfc(row.producer), name_folded=fold(row.producer), legal_form=row.legal_form,
                tax_code=row.tax_code, province=row.province, commune_id=row.commune_code,
                address="" if row.commune_code else row.commune_text,
            )
            new_producers.append(existing)
        else:
            changed = False
            for attr, value in (("legal_form", row.legal_form), ("tax_code", row.tax_code), ("commune_id", row.commune_code)):
                if value and not getattr(existing, attr):
                    setattr(existing, attr, value)
                    changed = True
            if changed:
                touched_producers[existing.pk] = existing
        producers[row.producer_key] = existing
    Producer.objects.bulk_create(new_producers, batch_size=1000)
    if touched_producers:
        Producer.objects.bulk_update(list(touched_producers.values()), ["legal_form", "tax_code", "commune"], batch_size=1000)
    report.created["producers"] = len(new_producers)
    report.updated["producers"] = len(touched_producers)

    # Products ------------------------------------------------------------------------------
    producer_ids = {p.pk for p in producers.values()}
    existing_products = {
        (p.producer_id, p.name_folded): p for p in Product.objects.filter(producer_id__in=producer_ids)
    }
    products: dict[tuple, Product] = {}
    new_products = []
    latest_row: dict[tuple, Row] = {}
    for row in rows:
        held = latest_row.get(row.product_key)
        if held is None or row.decision_date > held.decision_date:
            latest_row[row.product_key] = row
    for key, row in latest_row.items():
        producer = producers[row.producer_key]
        product = existing_products.get((producer.pk, fold(row.product)))
        if product is None:
            product = Product(producer=producer, name=nfc(row.product), name_folded=fold(row.product), group=row.group)
            new_products.append(product)
        products[key] = product
    Product.objects.bulk_create(new_products, batch_size=1000)
    report.created["products"] = len(new_products)

    # Recognitions --------------------------------------------------------------------------
    product_ids = [p.pk for p in products.values()]
    existing_recs = {}
    for chunk_start in range(0, len(product_ids), 5000):
        for r in Recognition.objects.filter(product_id__in=product_ids[chunk_start:chunk_start + 5000]):
            existing_recs[(r.product_id, fold_key(r.decision_number))] = r
    new_recs, changed_recs = [], []
    for row in rows:
        product = products[row.product_key]
        values = {
            "stars": row.stars, "score": row.score, "criteria_version_id": row.version.pk, "group_id": row.group.pk,
            "decision_date": row.decision_date, "valid_until": row.valid_until, "province_id": row.province.code,
            "legacy_province_id": row.legacy_province.code if row.legacy_province else None,
        }
        existing = existing_recs.get((product.pk, fold_key(row.decision_number)))
        if existing is None:
            new_recs.append(Recognition(product=product, decision_number=row.decision_number, **values))
        elif any(getattr(existing, f) != v for f, v in values.items()):
            for f, v in values.items():
                setattr(existing, f, v)
            changed_recs.append(existing)
        else:
            report.unchanged += 1
    report.created["recognitions"] = len(new_recs)
    report.updated["recognitions"] = len(changed_recs)
    touched_producers_ids = {p.pk for p in new_producers} | set(touched_producers)
    renamed = set(Product.objects.filter(producer_id__in=touched_producers_ids).values_list("pk", flat=True))
    regrouped = recognitions_write(new=new_recs, changed=changed_recs, changed_fields=RECOGNITION_FIELDS,
                                   also_touched=renamed)
    report.updated["products"] = len(regrouped - {p.pk for p in new_products})
