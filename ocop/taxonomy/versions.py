"""Criteria versions: which one is in force on a day, and their rules.

One home: the `version` block of each file in ./data (decision, in-force dates, star bands,
first recognised star level, certificate validity). The data migration loads it into
CriteriaVersion rows; the criteria side (sheets, engine) reads bands and dates from here, never
from its own files.

Which version applies on a day (Art. 11-12 of 26/2026): the newest version in force from that
day or earlier. A dossier filed on or after 22/05/2026 is rated under 26/2026; one filed before
stays under 148/2023 (which stays in force until 20/07/2026 for those dossiers).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

DATA_DIR = Path(__file__).resolve().parent / "data"

T = TypeVar("T")


def version_files() -> list[Path]:
    return sorted(DATA_DIR.glob("*.json"))


@lru_cache(maxsize=1)
def _read() -> dict[str, dict]:
    versions = {}
    for path in version_files():
        meta = json.loads(path.read_text(encoding="utf-8"))["version"]
        for key in ("code", "decision", "decision_date", "in_force_from", "star_bands"):
            if not meta.get(key):
                raise ValueError(f"{path.name}: the version has no {key!r}")
        versions[meta["code"]] = meta
    return versions


def rules(code: str) -> dict:
    """A version's rules as plain data: bands ({"5": "90", …}), recognised_min_stars, dates.
    KeyError for an unknown code."""
    meta = _read()[code]
    return {
        "code": meta["code"], "decision": meta["decision"],
        "in_force_from": dt.date.fromisoformat(meta["in_force_from"]),
        "in_force_to": dt.date.fromisoformat(meta["in_force_to"]) if meta.get("in_force_to") else None,
        "bands": {str(k): str(v) for k, v in meta["star_bands"].items()},
        "recognised_min_stars": int(meta.get("recognised_min_stars", 3)),
        "validity_months": int(meta.get("validity_months", 36)),
    }


def codes() -> list[str]:
    return sorted(_read(), key=lambda code: _read()[code]["in_force_from"])


def choose(versions: Sequence[T], day: dt.date, start: Callable[[T], dt.date]) -> tuple[T, bool]:
    """The version in force on `day`: the newest starting on or before it. Before the first
    version, the first (flagged True). `versions` need not be sorted."""
    if not versions:
        raise LookupError("no criteria versions")
    ordered = sorted(versions, key=start)
    for version in reversed(ordered):
        if start(version) <= day:
            return version, False
    return ordered[0], True


def version_code_on(day: dt.date) -> str:
    """The code of the version in force on `day`, from the data files (no database)."""
    return choose(codes(), day, lambda code: rules(code)["in_force_from"])[0]


def version_in_force(day: dt.date | None = None):
    """The CriteriaVersion row in force on `day` (default today)."""
    from django.utils import timezone

    from .models import CriteriaVersion

    return choose(list(CriteriaVersion.objects.all()), day or timezone.localdate(), lambda v: v.in_force_from)[0]
