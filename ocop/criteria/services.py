"""Criteria reads and writes: which sheet applies to a product (by its group and the day its
dossier is filed), scoring with the producer's record, saving self-assessments, importing a
sheet as a new version."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.taxonomy.mapping import place
from ocop.taxonomy.models import CriteriaVersion, ProductGroup
from ocop.taxonomy.versions import version_in_force  # noqa: F401  (the one rule: which version applies on a day)

from . import engine
from .advice import describe_change
from .models import Assessment, Sheet, document_hash
from .validation import SheetInvalid, problems_of


def _counterpart(group: ProductGroup, version: CriteriaVersion) -> ProductGroup | None:
    """The group itself, or its counterpart in `version` through the mapping chain."""
    if group.version_id == version.pk:
        return group
    placement = place(group.code, version.code)
    if placement is None:
        return None
    return ProductGroup.objects.filter(code=placement.group).first()


def sheet_for_group(group: ProductGroup, version: CriteriaVersion | None = None) -> Sheet | None:
    """The newest sheet of `version` (default: in force today) for a group or its nearest
    ancestor, or the one product set below it. A group of another version is first mapped to its
    counterpart (following the chain 1048 → 148 → 26). None when the counterpart covers several
    product sets of a version whose sheets are per product set (see sheets_under)."""
    version = version or version_in_force()
    counterpart = node = _counterpart(group, version)
    while node is not None:
        sheet = Sheet.objects.filter(groups=node).order_by("-version").first()
        if sheet is not None:
            return Sheet.objects.resolve(sheet.code)
        node = node.parent
    below = _sheets_below(counterpart) if counterpart is not None else []
    return below[0] if len(below) == 1 else None  # a group with a single product set determines it


def _sheets_below(node: ProductGroup) -> list[Sheet]:
    below, frontier = [], [node]
    while frontier:
        frontier = list(ProductGroup.objects.filter(parent__in=frontier))
        below += frontier
    codes = Sheet.objects.filter(groups__in=below).values_list("code", flat=True).distinct()
    return sorted((Sheet.objects.resolve(code) for code in set(codes)), key=lambda s: s.code)


def sheets_under(group: ProductGroup, version: CriteriaVersion | None = None) -> list[Sheet]:
    """The sheets a product of `group` may be rated on in `version`: its own one, else those of
    every product set below its counterpart (to choose from when the group is too coarse)."""
    version = version or version_in_force()
    own = sheet_for_group(group, version)
    if own is not None:
        return [own]
    node = _counterpart(group, version)
    return _sheets_below(node) if node is not None else []


def sheet_for_product_set(code: str, version: str | None = None) -> Sheet | None:
    """Which sheet applies to the product group `code` (of any criteria version) under `version`
    (a version code; default: in force today): e.g. "148-1.3.4" → 26-08 under 26/2026. None when
    the code is unknown or coarser than one product set."""
    group = ProductGroup.objects.filter(code=code).first()
    if group is None:
        return None
    target = CriteriaVersion.objects.filter(code=version).first() if version else version_in_force()
    return sheet_for_group(group, target) if target is not None else None


def sheet_for_product(product, filed_on: dt.date | None = None) -> Sheet | None:
    """The sheet a product's dossier is rated on (Art. 12): the version in force on the day the
    dossier is filed (default today) — on or after 22/05/2026 the 26/2026 sheet of its product
    set, before it the 148/2023 sheet."""
    return sheet_for_group(product.group, version_in_force(filed_on or timezone.localdate()))


def producer_flags(producer) -> dict[str, bool]:
    return {"woman_led": bool(producer.woman_led), "ethnic_minority": bool(producer.ethnic_minority)}


def assessment_score(*, sheet: Sheet, answers: dict, flags: dict | None = None, partial: bool = False,
                     knockouts=()) -> engine.Result:
    return engine.score(sheet.engine(), answers, flags=flags, partial=partial, knockouts=knockouts,
                        describe=describe_change)


@transaction.atomic
def assessment_save(*, product, sheet: Sheet, answers: dict, user, final: bool = False, knockouts=()) -> Assessment:
    result = assessment_score(sheet=sheet, answers=answers, flags=producer_flags(product.producer), partial=True,
                              knockouts=knockouts)
    assessment = Assessment.objects.filter(product=product, sheet=sheet, state=Assessment.State.DRAFT).first()
    assessment = assessment or Assessment(product=product, sheet=sheet, created_by=user)
    assessment.answers = answers
    assessment.knockouts = list(knockouts)
    assessment.total = result.total
    assessment.stars = result.stars
    assessment.result = result.as_dict()
    if final:
        assessment.state = Assessment.State.SAVED
    assessment.save()
    return assessment


@transaction.atomic
def sheet_import(*, data: dict, user=None, source: str = "") -> Sheet:
    """A new version of a sheet from an imported document (validated like the repository files)."""
    problems = problems_of(data)
    version = CriteriaVersion.objects.filter(code=data.get("taxonomy") or data.get("set")).first()
    if version is None:
        problems.append(_("unknown criteria set %(code)s") % {"code": data.get("set")})
    groups = list(ProductGroup.objects.filter(code__in=data.get("groups", [])))
    unknown = set(data.get("groups", [])) - {g.code for g in groups}
    if unknown:
        problems.append(_("unknown product groups: %(codes)s") % {"codes": ", ".join(sorted(unknown))})
    if problems:
        raise SheetInvalid(problems)
    newest = Sheet.objects.filter(code=data["code"]).order_by("-version").first()
    if newest is not None and newest.digest == document_hash(data):
        raise SheetInvalid([_("nothing changed: the file is the same as version %(v)s") % {"v": newest.version}])
    sheet = Sheet.objects.create(
        criteria_version=version, code=data["code"], version=(newest.version + 1) if newest else 1,
        name=data["name"], name_en=data.get("name_en", ""), verified=bool(data.get("verified")), data=data,
        source=source, created_by=user,
    )
    sheet.groups.set(groups)
    return sheet


def sheet_as_json(sheet: Sheet) -> dict:
    """The export format: parts, sections, criteria and options with their codes, points and
    effort classes, the gates (star minima), the disqualifying conditions and the bands."""
    data = sheet.data
    return {
        "code": sheet.code,
        "version": sheet.version,
        "reference": sheet.reference,
        "name": sheet.name,
        "name_en": sheet.name_en,
        "set": data["set"],
        "groups": data.get("groups", []),
        "verified": sheet.verified,
        "official": bool(data.get("official")),
        "parts": [{"code": p["code"], "name": p["name"], "name_en": p.get("name_en", ""), "max": float(p["max"])}
                  for p in data["parts"]],
        "sections": [{"code": s["code"], "name": s["name"], "name_en": s.get("name_en", ""), "part": s["part"],
                      "parent": s.get("parent", ""), "max": float(s["max"]) if s.get("max") else None}
                     for s in data["sections"]],
        "criteria": [
            {
                "code": c["code"], "part": s["part"], "section": s["code"], "section_name": s["name"], "name": c["name"],
                "max": float(c["max"]) if c.get("max") else max(float(o["points"]) for o in c["options"]),
                "notes": c.get("notes", []), "evidence": c.get("evidence", ""),
                "options": [{"code": o["code"], "text": o["text"], "points": float(o["points"]), "effort": o.get("effort"),
                             **({"case": o["case"]} if o.get("case") else {}),
                             **({"derived": True} if o.get("derived") else {})} for o in c["options"]],
                **({"cases": c["cases"]} if c.get("cases") else {}),
                **({"inconsistency": c["inconsistency"]} if c.get("inconsistency") else {}),
            }
            for s in data["sections"] for c in s["criteria"]
        ],
        "gates": data.get("gates", []),
        "knockouts": data.get("knockouts", []),
        "bands": data["bands"],
        "recognised_min_stars": data.get("recognised_min_stars", 3),
        "bonus": data.get("bonus", {}),
    }
