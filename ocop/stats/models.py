"""The register's counts kept ready (see aggregates.py): cells of a summary table, the facts each product
contributed to them (so that a change is applied as a difference), and the day their status was taken on."""

from django.db import models


class StatsCell(models.Model):
    """How many recognitions share one combination of the counting keys, and how many of them count for their
    product and for their producer under each combination of filters.

    `variant` names the group key a group filter compares ("" when no group filter is used; "26-2026/0" for the
    top-level groups of 26/2026, "148-2023/1" for the second level of 148/2023 ...) and `gkey` its value (the
    group of that version and depth in which the rated group is placed). `top` is the rated group's top-level
    group. `pT` (T = 0..15) counts the recognitions that are their product's latest among those agreeing with
    them on the filter keys in T (province 1, year 2, stars 4, status 8) and on the variant's group key; `qT`
    the same for the producer. A filter on the keys T then counts each product once, with its latest matching
    recognition, as the sum of `pT` over its cells."""

    variant = models.CharField(max_length=20)
    gkey = models.CharField(max_length=30)
    province = models.CharField(max_length=2)
    year = models.PositiveSmallIntegerField()
    top = models.PositiveIntegerField()
    stars = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10)
    legal_form = models.CharField(max_length=20)
    n = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["variant", "gkey", "province", "year", "top", "stars", "status", "legal_form"],
            name="stats_cell_unique_key")]
        indexes = [models.Index(fields=["variant", "gkey", "province"], name="stats_cell_variant_province")]


KEY = ("variant", "gkey", "province", "year", "top", "stars", "status", "legal_form")
COUNTERS = ("n", *(f"p{t}" for t in range(16)), *(f"q{t}" for t in range(16)))
for _name in COUNTERS[1:]:
    models.PositiveIntegerField(default=0).contribute_to_class(StatsCell, _name)


class StatsProductFacts(models.Model):
    """What one product's recognitions contributed to the cells (compact JSON, read back when it changes), and
    the next day on which the calendar changes one of their statuses (an expiry), for the daily task."""

    # IntegerField, not PositiveIntegerField: SQLite then keeps the rows in the key's own B-tree ("integer
    # primary key", the rowid), so a search's join to its matches' facts is one look-up per match, not two.
    product_id = models.IntegerField(primary_key=True)
    producer_id = models.PositiveIntegerField(db_index=True)
    rows = models.JSONField(default=list)
    next_change = models.DateField(null=True, db_index=True)
    # The catalogue's orders, kept with the facts so that a page of the catalogue is read from an index:
    # in force (as of StatsState.as_of) first, then the producer's province and the name; the stars in force;
    # the latest decision.
    in_force = models.BooleanField(default=False)
    province = models.CharField(max_length=2, default="")
    name_folded = models.CharField(max_length=255, default="")
    stars_now = models.PositiveSmallIntegerField(default=0)
    newest = models.DateField(null=True)
    # A product with one recognition: that recognition's filter values, "province|stars|group id|status|year|
    # commune" (the commune is the producer's; aggregates.signature), so that a search counts its matches per
    # filter value from the row it already reads here; "" when the product has several (read from the recognitions).
    signature = models.CharField(max_length=100, default="")
    # The producer's commune (2025 map; "" when not recorded): where the product counts in `StatsCommuneCell`.
    commune = models.CharField(max_length=5, default="")
    # Whether one of its recognitions was recorded in a province other than the producer's (`province`): the
    # products a walk along a province's stretch of the orders would miss (`counts.FilteredOrder`).
    elsewhere = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["-in_force", "province", "name_folded", "product_id"], name="stats_facts_in_force_first"),
            models.Index(fields=["-stars_now", "province", "name_folded", "product_id"], name="stats_facts_stars"),
            models.Index(fields=["-newest", "name_folded", "product_id"], name="stats_facts_newest"),
            models.Index(fields=["elsewhere", "product_id"], name="stats_facts_elsewhere"),
        ]


COMMUNE_KEY = ("province", "commune", "stars", "in_force")
COMMUNE_T = (1, 5, 9, 13)  # the sets T a commune count is asked for: the province, with the stars, "in force", both
COMMUNE_COUNTERS = ("n", *(f"p{t}" for t in COMMUNE_T))


class StatsCommuneCell(models.Model):
    """The catalogue's counts per commune of a chosen province: how many recognitions of that province fall in
    one commune (the producer's, "" when not recorded) × stars × in force or not, and `pT` as in `StatsCell` (the
    recognitions that are their product's latest among those agreeing with them on the keys in T) for the sets T
    the catalogue's commune facet asks: province (1), with stars (5), with "in force" (9), with both (13). Only
    the "no group filter" variant: a group filter with a province counts its communes directly."""

    province = models.CharField(max_length=2)
    commune = models.CharField(max_length=5)
    stars = models.PositiveSmallIntegerField()
    in_force = models.BooleanField()
    n = models.PositiveIntegerField(default=0)
    p1 = models.PositiveIntegerField(default=0)
    p5 = models.PositiveIntegerField(default=0)
    p9 = models.PositiveIntegerField(default=0)
    p13 = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=list(COMMUNE_KEY), name="stats_commune_cell_unique_key")]


class StatsState(models.Model):
    """One row: the day the statuses in the cells were taken on."""

    as_of = models.DateField()
