"""Criteria reads and writes: which sheet applies to a product, scoring with the producer's
record, saving self-assessments, importing a sheet as a new version."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.taxonomy.models import CriteriaVersion, ProductGroup

from . import engine
from .models import Assessment, Sheet, document_hash
from .sheets import SheetInvalid, validate


def version_in_force(day: dt.date | None = None) -> CriteriaVersion:
    day = day or timezone.localdate()
    return CriteriaVersion.objects.filter(in_force_from__lte=day).order_by("-in_force_from").first() or \
        CriteriaVersion.objects.order_by("in_force_from").first()


def sheet_for_group(group: ProductGroup, version: CriteriaVersion | None = None) -> Sheet | None:
    """The newest sheet of `version` (default: in force today) for a group or its nearest ancestor.
    A group of another version is first mapped to its counterpart."""
    version = version or version_in_force()
    node = group
    if node.version_id != version.pk:
        while node is not None and (node.maps_to_id is None or node.maps_to.version_id != version.pk):
            node = node.parent
        node = node.maps_to if node is not None else None
    while node is not None:
        sheet = Sheet.objects.filter(groups=node).order_by("-version").first()
        if sheet is not None:
            return Sheet.objects.resolve(sheet.code)
        node = node.parent
    return None


def producer_flags(producer) -> dict[str, bool]:
    return {"woman_led": bool(producer.woman_led), "ethnic_minority": bool(producer.ethnic_minority)}


def assessment_score(*, sheet: Sheet, answers: dict, flags: dict | None = None, partial: bool = False) -> engine.Result:
    return engine.score(sheet.engine(), answers, flags=flags, partial=partial, points_word=_("points"))


@transaction.atomic
def assessment_save(*, product, sheet: Sheet, answers: dict, user, final: bool = False) -> Assessment:
    result = assessment_score(sheet=sheet, answers=answers, flags=producer_flags(product.producer), partial=True)
    assessment = Assessment.objects.filter(product=product, sheet=sheet, state=Assessment.State.DRAFT).first()
    assessment = assessment or Assessment(product=product, sheet=sheet, created_by=user)
    assessment.answers = answers
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
    problems = validate(data)
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
    """The export format: parts, criteria and options with their codes and points, and the gates."""
    data = sheet.data
    return {
        "code": sheet.code,
        "version": sheet.version,
        "reference": sheet.reference,
        "name": sheet.name,
        "set": data["set"],
        "groups": data.get("groups", []),
        "verified": sheet.verified,
        "parts": [{"code": p["code"], "name": p["name"], "max": float(p["max"])} for p in data["parts"]],
        "criteria": [
            {
                "code": c["code"], "part": s["part"], "section": s["code"], "section_name": s["name"], "name": c["name"],
                "options": [{"code": o["code"], "text": o["text"], "points": float(o["points"])} for o in c["options"]],
            }
            for s in data["sections"] for c in s["criteria"]
        ],
        "gates": data.get("gates", []),
        "bands": data["bands"],
        "bonus": data.get("bonus", {}),
    }
