"""Load the criteria set files into Sheet rows. A sheet whose expanded document differs from
its newest stored version becomes a new version; identical documents change nothing."""

from .sheets import expand, read_set, set_files
from .validation import SheetInvalid, validate


def load_criteria_sets(Sheet, CriteriaVersion, ProductGroup, files=None, *, source="repository") -> list[str]:
    """Returns what happened, one line per sheet. Raises SheetInvalid (every problem) before writing."""
    from .models import document_hash

    documents = [read_set(f) for f in (files or set_files())]
    if not documents:
        raise FileNotFoundError("no criteria set files")
    expanded = [sheet for doc in documents for sheet in expand(doc)]
    problems = [p for sheet in expanded for p in validate(sheet)]
    if problems:
        raise SheetInvalid(problems)
    report = []
    for data in expanded:
        version_row = CriteriaVersion.objects.get(code=data["taxonomy"])
        newest = Sheet.objects.filter(code=data["code"]).order_by("-version").first()
        digest = document_hash(data)
        if newest is not None and newest.digest == digest:
            report.append(f"{data['code']} v{newest.version}: unchanged")
            continue
        sheet = Sheet(
            criteria_version=version_row, code=data["code"], version=(newest.version + 1) if newest else 1,
            name=data["name"], name_en=data.get("name_en", ""), verified=data["verified"], data=data, digest=digest,
            source=source,
        )
        sheet.save()
        sheet.groups.set(ProductGroup.objects.filter(code__in=data["groups"]))
        report.append(f"{sheet.code} v{sheet.version}: loaded")
    return report
