"""Import a provincial register (.xlsx/.csv): all or nothing, with a per-row report.

Steps: read the sheet (content-checked) → parse and check every row (pure values, then
reference look-ups) → check the file as a whole (checks.py: other provinces, 5★ rows) → if
anything has a problem, report it all and write nothing → otherwise write producers, products and recognitions in one transaction, matched on
natural keys so that importing the same file again changes nothing.

Natural keys: a producer is its tax code, else its name within the province; a product is
its name within the producer; a recognition is its decision number within the product.
"""

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.access import is_office
from ocop.core import bulk
from ocop.core.text import fold_key

from .checks import file_problems
from .columns import BY_KEY, COLUMNS
from .reader import FileProblem, read_sheet
from .report import ImportReport, Problem
from .resolve import Resolver
from .rows import Row, RowChecker
from .writer import rows_write, written_models

# Vacuumed after a large import on PostgreSQL: the tables read by index-only scans (the counts' cells; the product
# facts a search reads of its matches), which need the table's visibility map.
VACUUMED = {"stats.StatsCell", "stats.StatsProductFacts"}

Progress = Callable[[int, int, str], None]


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
    resolver = Resolver()
    checker = RowChecker(sheet, resolver, report, today, user)
    rows: list[Row] = []
    total = sheet.total  # the rows are streamed: the sheet's height is known, the blank rows among them are not
    try:
        for done, (number, values) in enumerate(sheet.rows, start=1):
            row = checker.check(number, values)
            if row is not None:
                rows.append(row)
            report.rows = done
            if progress and done % 500 == 0:
                progress(done, max(total, done), "check")
    except FileProblem as exc:
        report.errors.append(Problem(None, "", filename, str(exc)))
        return report
    if not report.rows:
        report.errors.append(Problem(None, "", filename, _("The file has a header but no rows.")))
        return report
    total = report.rows
    _assign_keys(rows, report)
    report.errors[:0] = file_problems(checker.seen, user)  # said once for the file, before the rows' problems
    if progress:
        progress(total, total, "check")
    if report.errors:
        return report
    if progress:
        progress(0, total, "write")
    with transaction.atomic():
        rows_write(rows, report)
        if dry_run:
            transaction.set_rollback(True)
    if not dry_run and total >= bulk.ANALYZE_AFTER:
        tables = written_models()
        bulk.refresh_statistics(*tables, vacuum=[m for m in tables if m._meta.label in VACUUMED])
    if progress:
        progress(total, total, "done")
    return report


def _assign_keys(rows: list[Row], report: ImportReport) -> None:
    """Give each row its producer and product key and refuse duplicates within the file."""
    by_name: dict[tuple, tuple] = {}
    for row in rows:
        if row.tax_code:
            by_name.setdefault((row.province.code, row.producer_folded), ("tax", row.tax_code))
    seen: dict[tuple, int] = {}
    for row in rows:
        name_key = (row.province.code, row.producer_folded)
        row.producer_key = ("tax", row.tax_code) if row.tax_code else by_name.get(name_key, ("name", *name_key))
        row.product_key = (row.producer_key, row.product_folded)
        key = (row.product_key, fold_key(row.decision_number))
        if key in seen:
            report.errors.append(
                Problem(row.number, BY_KEY["decision_number"].title, row.decision_number,
                        _("duplicate: row %(row)s already has this product with this decision") % {"row": seen[key]})
            )
        else:
            seen[key] = row.number


