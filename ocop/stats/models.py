"""The register's counts kept ready (see aggregates.py): cells of a summary table, the facts each product
contributed to them (so that a change is applied as a difference), and the day their status was taken on."""

from django.db import models


class StatsCell(models.Model):
    """How many recognitions share one combination of the counting keys.

    `variant` names the group key a group filter compares ("" when no group filter is used; "26-2026/0" for the
    top-level groups of 26/2026, "148-2023/1" for the second level of 148/2023 ...). `pmask` and `qmask` are
    16-bit sets: bit T is on when the recognition is its product's (pmask) or its producer's (qmask) latest among
    those agreeing with it on the filter keys in T (province 1, year 2, stars 4, status 8) and on the variant's
    group key: a product then counts once under any filter, with its latest matching recognition."""

    variant = models.CharField(max_length=20)
    province = models.CharField(max_length=2)
    year = models.PositiveSmallIntegerField()
    group_id = models.PositiveIntegerField()
    stars = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10)
    legal_form = models.CharField(max_length=20)
    pmask = models.PositiveIntegerField()
    qmask = models.PositiveIntegerField()
    n = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["variant", "province", "year", "group_id", "stars", "status", "legal_form", "pmask", "qmask"],
            name="stats_cell_unique_key")]
        indexes = [models.Index(fields=["variant", "province", "year"], name="stats_cell_variant_province")]


class StatsProductFacts(models.Model):
    """What one product's recognitions contributed to the cells (compact JSON, read back when it changes), and
    the next day on which the calendar changes one of their statuses (an expiry), for the daily task."""

    product_id = models.PositiveIntegerField(primary_key=True)
    producer_id = models.PositiveIntegerField(db_index=True)
    rows = models.JSONField(default=list)
    next_change = models.DateField(null=True, db_index=True)


class StatsState(models.Model):
    """One row: the day the statuses in the cells were taken on."""

    as_of = models.DateField()
