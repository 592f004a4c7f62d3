"""Checks on the whole file, run over the rows once each has been parsed: what the importer may
write as a whole, reported once for the file rather than on every row.

- a provincial office imports the rows of its own province only: rows of other provinces are
  named once (which provinces, how many rows, the first row numbers);
- 5★ is decided by the Ministry (Decision 26/2026: the central council proposes, the minister
  recognises), so 5★ rows are accepted from a central account only.

The command line (no user) and the central office may import any province and any star level.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ocop.accounts.access import is_central, may_act_for_province

from .columns import BY_KEY
from .report import Problem

CENTRAL_STARS = 5
SHOWN_ROWS = 5


@dataclass(frozen=True)
class Seen:
    """What a row says about its scope, whatever else is wrong with it."""

    number: int
    province: object  # the 2025 Province, or None when it could not be read
    stars: int | None


def _rows_text(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:SHOWN_ROWS])
    if len(numbers) > SHOWN_ROWS:
        shown += "…"
    return ngettext("%(n)s row: %(rows)s", "%(n)s rows: %(rows)s", len(numbers)) % {"n": len(numbers), "rows": shown}


def other_provinces(seen: list[Seen], user) -> Problem | None:
    """One problem naming every province of the file the importer may not write, or None."""
    if user is None or is_central(user):
        return None
    outside: dict[str, tuple[object, list[int]]] = {}
    for row in seen:
        if row.province is not None and not may_act_for_province(user, row.province.code):
            outside.setdefault(row.province.code, (row.province, []))[1].append(row.number)
    if not outside:
        return None
    parts = [f"{province.short_name} ({_rows_text(numbers)})" for province, numbers in outside.values()]
    count = sum(len(numbers) for _province, numbers in outside.values())
    return Problem(
        None, BY_KEY["province"].title, "; ".join(parts),
        ngettext(
            "The file holds %(n)s row of another province; a provincial office imports only its own province's "
            "records. Remove that row, or ask the central office to import it. Nothing was written.",
            "The file holds %(n)s rows of other provinces; a provincial office imports only its own province's "
            "records. Remove those rows, or ask the central office to import them. Nothing was written.",
            count,
        ) % {"n": count},
    )


def central_stars(seen: list[Seen], user) -> Problem | None:
    """One problem listing the 5★ rows when the importer is not the central office, or None."""
    if user is None or is_central(user):
        return None
    numbers = [row.number for row in seen if row.stars is not None and row.stars >= CENTRAL_STARS]
    if not numbers:
        return None
    return Problem(
        None, BY_KEY["stars"].title, _rows_text(numbers),
        _("5★ products are recognised by the Ministry of Agriculture and Environment: only a central office "
          "account may import 5★ rows. Remove them from the provincial file. Nothing was written."),
    )


FILE_CHECKS = (other_provinces, central_stars)


def file_problems(seen: list[Seen], user) -> list[Problem]:
    """Every file-level problem, in the order of FILE_CHECKS."""
    return [problem for check in FILE_CHECKS if (problem := check(seen, user)) is not None]
