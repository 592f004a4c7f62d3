"""The one write path for recognitions, used by decisions, the import (in bulk), the demo and the admin.

It derives once what follows from a recognition (rating level, valid-until, which recognition
supersedes which, the product's group) and announces the change (`recognitions_changed`) so that
certificates and the search index follow.
"""

import datetime as dt
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.access import is_central, may_act_for_province
from ocop.core import bulk
from ocop.core.dates import add_months
from ocop.producers.models import Product
from ocop.taxonomy.models import CriteriaVersion

from .models import LATE_REEVALUATION_GRACE_DAYS, Level, Recognition, RevocationGround, default_level, revocation_authority
from .signals import recognitions_changed
from .supersession import supersession_plan

# Fields an office may correct on a recorded recognition (the admin; everything else is derived or fixed).
CORRECTABLE = ["stars", "score", "group", "decision_date", "valid_until", "province", "legacy_province", "level"]


def valid_until_for(decision_date: dt.date, criteria_version, given: dt.date | None = None) -> dt.date:
    return given or add_months(decision_date, criteria_version.validity_months)


def recognition_prepare(recognition: Recognition) -> Recognition:
    """Fill what follows from the decision: the rating level and valid-until (unless given)."""
    if not recognition.level:
        recognition.level = default_level(recognition.stars, recognition.decision_date)
    if recognition.valid_until is None:
        recognition.valid_until = valid_until_for(recognition.decision_date, recognition.criteria_version)
    return recognition


def _prepare_values(values: dict, versions: dict) -> dict:
    """recognition_prepare for a recognition given as a dict of attribute values (the bulk path)."""
    if not values.get("level"):
        values["level"] = default_level(values["stars"], values["decision_date"])
    if values.get("valid_until") is None:
        version_id = values["criteria_version_id"]
        if version_id not in versions:
            versions[version_id] = CriteriaVersion.objects.get(pk=version_id)
        values["valid_until"] = valid_until_for(values["decision_date"], versions[version_id])
    return values


def _attr(item, name):
    return item[name] if isinstance(item, dict) else getattr(item, name)


def products_refresh(product_ids: Iterable[int]) -> set[int]:
    """Re-derive, for these products, which recognition supersedes which and the product's group
    (that of its latest recognition). Returns the ids of the products whose group changed."""
    ids = sorted(set(product_ids))
    superseded, regrouped = [], set()
    for start in range(0, len(ids), 5000):
        chunk = ids[start:start + 5000]
        by_product: dict[int, list[tuple]] = {}
        for rec in Recognition.objects.filter(product_id__among=chunk).order_by().values_list(
            "id", "decision_date", "valid_until", "revoked_at", "superseded_by_id", "group_id", "product_id"
        ):
            by_product.setdefault(rec[6], []).append(rec)
        groups = dict(Product.objects.filter(pk__among=chunk).order_by().values_list("pk", "group_id"))
        group_updates = []
        for product_id, recs in by_product.items():
            plan = supersession_plan([(pk, day, until, revoked is not None) for pk, day, until, revoked, *_r in recs])
            for pk, _day, _until, _revoked, superseded_by, _group, _product in recs:
                if superseded_by != plan.get(pk):
                    superseded.append((pk, plan.get(pk)))
            latest = max(recs, key=lambda r: (r[1], r[0]))
            if groups.get(product_id) != latest[5]:
                group_updates.append((product_id, latest[5]))
                regrouped.add(product_id)
        bulk.update_rows(Product, ["group_id"], group_updates)
    bulk.update_rows(Recognition, ["superseded_by_id"], superseded)
    return regrouped


def announce(product_ids: Iterable[int]) -> None:
    ids = sorted(set(product_ids))
    if ids:
        recognitions_changed.send(sender=Recognition, product_ids=ids)


@transaction.atomic
def recognitions_write(*, new: list = (), changed: list = (), changed_fields=(),
                       also_touched: Iterable[int] = ()) -> set[int]:
    """Create and update recognitions in bulk, then derive and announce. Recognitions come as model instances
    or, for large imports, as dicts of attribute values ("product_id", "criteria_version_id", …; changed ones
    with their "id" and the `changed_fields`). `also_touched` names products whose register facts changed
    without a recognition changing (e.g. a producer renamed by an import). Returns the ids of the products
    whose group changed."""
    versions: dict = {}
    new = [_prepare_values(r, versions) if isinstance(r, dict) else recognition_prepare(r) for r in new]
    with bulk.indexes_deferred(Recognition, adding=len(new)):
        bulk.insert_objects(Recognition, new, bulk.reserve_ids(Recognition, len(new)))
    fields = [Recognition._meta.get_field(f).attname for f in changed_fields]
    bulk.update_rows(Recognition, fields, [(_attr(r, "id"), *[_attr(r, f) for f in fields]) for r in changed])
    if len(new) >= bulk.ANALYZE_AFTER and connection.vendor == "postgresql":
        # what follows reads these rows back by product and producer: let the planner see the tables as they now are
        bulk.refresh_statistics(Product.producer.field.related_model, Product, Recognition)
    affected = {_attr(r, "product_id") for r in new} | {_attr(r, "product_id") for r in changed}
    regrouped = products_refresh(affected)
    announce(affected | set(also_touched))
    return regrouped


@transaction.atomic
def recognition_record(
    *, product, stars: int, criteria_version, group, decision_number: str, decision_date: dt.date,
    province, legacy_province=None, score=None, level: str | None = None, valid_until: dt.date | None = None,
    is_demo: bool = False,
) -> Recognition:
    """Record one recognition decision (a council's decision, a correction by the office)."""
    recognition = Recognition(
        product=product, stars=stars, score=score, criteria_version=criteria_version, group=group, level=level or "",
        decision_number=decision_number, decision_date=decision_date, valid_until=valid_until, province=province,
        legacy_province=legacy_province, is_demo=is_demo,
    )
    recognition_prepare(recognition)
    recognition.save()
    products_refresh([product.pk])
    announce([product.pk])
    recognition.refresh_from_db()
    return recognition


@transaction.atomic
def recognition_correct(recognition: Recognition, fields: Iterable[str]) -> Recognition:
    """Save an office's correction of a recorded recognition (only CORRECTABLE fields) and re-derive;
    a rating level or valid-until left empty is derived again, as when recording."""
    fields = [f for f in fields if f in CORRECTABLE]
    if fields:
        recognition_prepare(recognition)
        recognition.save(update_fields=[*fields, "updated_at"])
        products_refresh([recognition.product_id])
        announce([recognition.product_id])
    return recognition


class RevocationRefused(Exception):
    """Why a revocation cannot be recorded: `status` is the HTTP status that fits (400 bad input, 403 no
    authority, 409 conflict with the record), `field` the form field the message belongs beside (or None)."""

    def __init__(self, message: str, status: int = 400, field: str | None = None):
        super().__init__(message)
        self.status, self.field = status, field


def may_sign_revocation(user, recognition: Recognition) -> bool:
    """Art. 8.2: the provincial chair decides revocations of 3★ and 4★, the minister of 5★.

    The chair is a provincial office account with `may_sign_decisions` (the chair, or whom the chair
    delegates) of the recognition's province; the minister's office is the central office, which may
    also record a provincial revocation on the province's behalf."""
    if is_central(user):
        return True
    if revocation_authority(recognition.stars) == Level.CENTRAL:
        return False
    return bool(getattr(user, "may_sign_decisions", False)) and may_act_for_province(user, recognition.province_id)


def revocation_authority_check(user, recognition: Recognition) -> None:
    """Raises RevocationRefused (403) unless the user may sign this recognition's revocation."""
    if may_sign_revocation(user, recognition):
        return
    if revocation_authority(recognition.stars) == Level.CENTRAL:
        raise RevocationRefused(_("Only the central office (the Ministry) revokes a 5-star certificate (Art. 8.2.b)."), 403)
    raise RevocationRefused(_("Only the provincial chair (an account of the province that may sign decisions) "
                              "revokes a 3- or 4-star certificate (Art. 8.2.a)."), 403)


def revocation_check(*, recognition: Recognition, ground: str, found_on: dt.date | None, on: dt.date, user) -> None:
    """Everything that must hold before a revocation is recorded (raises RevocationRefused)."""
    today = timezone.localdate()
    revocation_authority_check(user, recognition)
    if ground not in RevocationGround.values:
        raise RevocationRefused(_("Choose one of the grounds of Art. 8.1."), 400, "ground")
    if found_on is not None and found_on > today:
        raise RevocationRefused(_("The date of the finding cannot be in the future."), 400, "found_on")
    if on > today:
        raise RevocationRefused(_("The revocation cannot be dated in the future."), 400, "decided_on")
    if found_on is not None and on < found_on:
        raise RevocationRefused(_("The revocation cannot come before the finding it rests on."), 400, "decided_on")
    if on < recognition.decision_date:
        raise RevocationRefused(_("The revocation cannot come before the recognition decision."), 400, "decided_on")
    if recognition.revoked_at is not None:
        raise RevocationRefused(_("This certificate was already revoked on %(date)s.") % {
            "date": recognition.revoked_at.strftime("%d/%m/%Y")}, 409)
    if recognition.superseded_by_id is not None:
        raise RevocationRefused(_("This certificate was already superseded by a newer one; revoke that one instead."), 409)


@transaction.atomic
def recognition_revoke(*, recognition: Recognition, on: dt.date, ground: str, reason: str, decision: str,
                       found_on: dt.date | None, user) -> Recognition:
    """Record a revocation decision (Art. 8): its ground, the finding's date, the decision; then re-derive
    and announce (the certificate records the event and the case)."""
    recognition = Recognition.objects.select_for_update().get(pk=recognition.pk)
    revocation_check(recognition=recognition, ground=ground, found_on=found_on, on=on, user=user)
    recognition.revoked_at, recognition.revocation_reason, recognition.revocation_decision = on, reason, decision
    recognition.revocation_ground, recognition.revocation_found_on = ground, found_on
    recognition._change_reason = f"revoked: {ground}"
    recognition.save(update_fields=["revoked_at", "revocation_reason", "revocation_decision", "revocation_ground",
                                    "revocation_found_on", "updated_at"])
    products_refresh([recognition.product_id])
    announce([recognition.product_id])
    return recognition


def late_extension_until(valid_until: dt.date) -> dt.date:
    return valid_until + dt.timedelta(days=LATE_REEVALUATION_GRACE_DAYS)


@transaction.atomic
def recognition_extend(*, recognition: Recognition, until: dt.date | None) -> Recognition:
    """Set (or end, with None) the Art. 12.3 extension of a recognition's validity; never past the 180 days."""
    if until is not None:
        until = min(until, late_extension_until(recognition.valid_until))
        if until <= recognition.valid_until:
            until = None
    recognition.extended_until = until
    recognition.save(update_fields=["extended_until", "updated_at"])
    announce([recognition.product_id])
    return recognition
