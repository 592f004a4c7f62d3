"""Writes to recognitions: record one (superseding what it replaces)."""

import datetime as dt

from django.db import transaction

from ocop.core.dates import add_months

from .models import Recognition, default_level
from .supersession import supersession_plan


def valid_until_for(decision_date: dt.date, criteria_version, given: dt.date | None = None) -> dt.date:
    return given or add_months(decision_date, criteria_version.validity_months)


def product_supersession_refresh(*, product_id: int) -> None:
    """Re-derive which of a product's recognitions supersede which (see supersession_plan)."""
    recs = list(Recognition.objects.filter(product_id=product_id))
    plan = supersession_plan([(r.pk, r.decision_date, r.valid_until, r.revoked_at is not None) for r in recs])
    changed = []
    for rec in recs:
        if rec.superseded_by_id != plan.get(rec.pk):
            rec.superseded_by_id = plan.get(rec.pk)
            changed.append(rec)
    if changed:
        Recognition.objects.bulk_update(changed, ["superseded_by"])


@transaction.atomic
def recognition_record(
    *, product, stars: int, criteria_version, group, decision_number: str, decision_date: dt.date,
    province, legacy_province=None, score=None, level: str | None = None, valid_until: dt.date | None = None,
    is_demo: bool = False,
) -> Recognition:
    recognition = Recognition.objects.create(
        product=product,
        stars=stars,
        score=score,
        criteria_version=criteria_version,
        group=group,
        level=level or default_level(stars, decision_date),
        decision_number=decision_number,
        decision_date=decision_date,
        valid_until=valid_until_for(decision_date, criteria_version, valid_until),
        province=province,
        legacy_province=legacy_province,
        is_demo=is_demo,
    )
    product_supersession_refresh(product_id=product.pk)
    from ocop.certificates.services import certificates_issue_missing

    certificates_issue_missing()
    from ocop.catalogue.search import refresh

    refresh([product.pk])
    recognition.refresh_from_db()
    return recognition
