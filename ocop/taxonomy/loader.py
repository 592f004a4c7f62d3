"""Load the versioned taxonomy from the JSON files in ./data (one file per criteria version):
the version (dates, bands, validity: their one home, see versions.py), its group tree and the
mapping of groups to the next version.

Used by a data migration with historical models and by `ocop load_taxonomy`; idempotent
(upsert by code). Published versions are replaced only by a new file with a new code.
"""

import datetime as dt
import json
from pathlib import Path

from ocop.core.text import fold, nfc

from .versions import DATA_DIR, version_files  # noqa: F401  (DATA_DIR: where the files are)


def _date(value):
    return dt.date.fromisoformat(value) if value else None


def load_taxonomy(CriteriaVersion, ProductGroup, files=None) -> None:
    """Every version with its group tree, then the mappings (they may name a later file's groups)."""
    files = files or version_files()
    if not files:
        raise FileNotFoundError(f"no criteria/taxonomy files in {DATA_DIR}")
    documents = [json.loads(Path(f).read_text(encoding="utf-8")) for f in files]
    by_code = {}
    for doc in documents:
        version = _load_version(CriteriaVersion, doc["version"])
        by_code.update(_load_groups(ProductGroup, version, doc["groups"]))
    for doc in documents:
        _load_mapping(ProductGroup, doc.get("mapping", []), by_code)


def _load_version(CriteriaVersion, meta: dict):
    if not meta.get("star_bands"):
        raise ValueError(f"version {meta.get('code')!r} has no star_bands: bands are data on the version")
    version, _ = CriteriaVersion.objects.update_or_create(
        code=meta["code"],
        defaults={
            "decision": meta["decision"],
            "decision_date": _date(meta["decision_date"]),
            "in_force_from": _date(meta["in_force_from"]),
            "in_force_to": _date(meta.get("in_force_to")),
            "name": nfc(meta["name"]),
            "name_en": meta.get("name_en", ""),
            "level_names": meta.get("level_names", []),
            "star_bands": meta["star_bands"],
            "recognised_min_stars": meta.get("recognised_min_stars", 3),
            "validity_months": meta.get("validity_months", 36),
            "source": meta.get("source", ""),
        },
    )
    return version


def _load_groups(ProductGroup, version, roots: list[dict]) -> dict:
    """The version's group tree, depth first: each group's position in that order (from 1), its
    parent, depth and top-level group. Returns the groups by code."""
    by_code = {}
    position = 0

    def walk(nodes, parent, top, depth):
        nonlocal position
        for node in nodes:
            position += 1
            group, _ = ProductGroup.objects.update_or_create(
                code=node["code"],
                defaults={
                    "version": version,
                    "name": nfc(node["name"]),
                    "name_en": node.get("name_en", ""),
                    "name_folded": fold(node["name"]),
                    "aliases": [nfc(a) for a in node.get("aliases", [])],
                    "parent": parent,
                    "depth": depth,
                    "position": position,
                    "lead_ministry": node.get("lead_ministry", "") or "",
                    "lead_ministry_note": node.get("lead_ministry_note", "") or "",
                    "verified": bool(node.get("verified", False)),
                },
            )
            if top is None:
                group.top = group
                group.save(update_fields=["top"])
            else:
                ProductGroup.objects.filter(pk=group.pk).update(top=top)
            by_code[group.code] = group
            walk(node.get("children", []), group, top or group, depth + 1)

    walk(roots, None, None, 0)
    return by_code


def _load_mapping(ProductGroup, mapping: list[dict], by_code: dict) -> None:
    """Each group's counterpart in the next version, as the files map it (no "to": none)."""
    for item in mapping:
        source = by_code.get(item["from"])
        if source is None:
            raise ValueError(f"mapping names unknown group {item['from']!r}")
        target = by_code.get(item["to"]) if item.get("to") else None
        if item.get("to") and target is None:
            raise ValueError(f"mapping names unknown group {item['to']!r}")
        ProductGroup.objects.filter(pk=source.pk).update(maps_to=target, mapping_note=item.get("note", ""))
