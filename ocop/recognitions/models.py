"""Recognitions ("công nhận"): a product rated 3-5 stars by a decision, valid for a period.

The status is derived: revoked and superseded are recorded facts, "expired" follows from
valid_until and today's date, so a lapsed recognition is never shown as in force even before
any nightly job has run. "Current stars" of a product is derived from its recognitions too.
"""

import datetime as dt

from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simple_history.models import HistoricalRecords

from ocop.accounts.access import ScopedQuerySet, ScopePath

REFORM_DATE = dt.date(2025, 7, 1)  # two-level local government (Decision 1489/QĐ-TTg)


class Level(models.TextChoices):
    DISTRICT = "district", _("District")
    PROVINCE = "province", _("Province")
    CENTRAL = "central", _("Central")


class Status(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")
    SUPERSEDED = "superseded", _("Superseded")


class RevocationGround(models.TextChoices):
    """The six grounds of Decision 26/2026/QĐ-TTg Art. 8.1 (letters a to e)."""

    FALSE_DOSSIER = "false_dossier", _("False or forged information in the dossier (Art. 8.1.a)")
    CRITERIA_NOT_MET = "criteria_not_met", _("No longer meets the criteria, as an inspection concluded (Art. 8.1.b)")
    LAW_BREACH = "law_breach", _("Breach of the law on quality, food safety, environment, IP or labelling (Art. 8.1.c)")
    MARK_MISUSE = "mark_misuse", _("Misuse of the OCOP mark, misleading about the certified product (Art. 8.1.d)")
    STOPPED_PRODUCING = "stopped_producing", _("The producer no longer makes the product (Art. 8.1.đ)")
    OTHER = "other", _("Other conclusion of a competent authority (Art. 8.1.e)")


# Art. 8.4: the certificate is revoked within 15 days of the authority's conclusion (calendar days: where
# the decision means working days it says so, as in Art. 7.2).
REVOCATION_DAYS = 15
# Art. 12.3: a re-evaluation filed outside the window keeps the certificate valid until the result, at most
# this many days past its expiry.
LATE_REEVALUATION_GRACE_DAYS = 180


def revocation_authority(stars: int) -> str:
    """Who decides a revocation (Art. 8.2): the provincial chair for 3 and 4 stars, the minister for 5."""
    return Level.CENTRAL if stars >= 5 else Level.PROVINCE


def default_level(stars: int, decision_date: dt.date) -> str:
    """The level that rated a product: before July 2025 district 3★, province 4★, centre 5★;
    since then the province rates 3★ and 4★ and the centre 5★."""
    if stars >= 5:
        return Level.CENTRAL
    if decision_date < REFORM_DATE and stars == 3:
        return Level.DISTRICT
    return Level.PROVINCE


def status_of(*, revoked: bool, superseded: bool, valid_until, today, extended_until=None) -> str:
    """The status rule for one row already read (dates or ISO strings): revoked, then superseded,
    then expired after valid-until (or after `extended_until`, the Art. 12.3 extension, when later),
    else in force. status_expression() is the same rule in SQL."""
    if revoked:
        return Status.REVOKED.value
    if superseded:
        return Status.SUPERSEDED.value
    last = max(str(valid_until)[:10], str(extended_until)[:10]) if extended_until else str(valid_until)[:10]
    if last < str(today)[:10]:
        return Status.EXPIRED.value
    return Status.IN_FORCE.value


def _lapsed_q(today: dt.date, p: str) -> Q:
    """Past valid-until and past any extension (Art. 12.3)."""
    return Q(**{f"{p}valid_until__lt": today}) & (
        Q(**{f"{p}extended_until__isnull": True}) | Q(**{f"{p}extended_until__lt": today}))


def status_expression(today: dt.date, prefix: str = ""):
    """The recognition's status as of `today`, as one SQL expression (`prefix` is the path to the
    recognition from another model, e.g. "recognition__"): the single definition every reader uses."""
    return Case(
        When(**{f"{prefix}revoked_at__isnull": False}, then=Value(Status.REVOKED.value)),
        When(**{f"{prefix}superseded_by__isnull": False}, then=Value(Status.SUPERSEDED.value)),
        When(_lapsed_q(today, prefix), then=Value(Status.EXPIRED.value)),
        default=Value(Status.IN_FORCE.value),
        output_field=models.CharField(),
    )


def status_q(status: str, today: dt.date, prefix: str = "") -> Q:
    """The filter matching one status (the same rule as status_expression)."""
    p = prefix
    if status == Status.REVOKED:
        return Q(**{f"{p}revoked_at__isnull": False})
    if status == Status.SUPERSEDED:
        return Q(**{f"{p}revoked_at__isnull": True, f"{p}superseded_by__isnull": False})
    live = Q(**{f"{p}revoked_at__isnull": True, f"{p}superseded_by__isnull": True})
    if status == Status.EXPIRED:
        return live & _lapsed_q(today, p)
    return live & (Q(**{f"{p}valid_until__gte": today}) | Q(**{f"{p}extended_until__gte": today}))


class RecognitionQuerySet(ScopedQuerySet):
    def with_status(self, today: dt.date | None = None):
        return self.annotate(current_status=status_expression(today or timezone.localdate()))

    def in_force(self, today: dt.date | None = None):
        return self.filter(status_q(Status.IN_FORCE, today or timezone.localdate()))


class Recognition(models.Model):
    product = models.ForeignKey(
        "producers.Product", verbose_name=_("product"), on_delete=models.PROTECT, related_name="recognitions",
        db_index=False,  # the index on (product, decision_date) serves it
    )
    stars = models.PositiveSmallIntegerField(_("stars"), choices=[(3, "3★"), (4, "4★"), (5, "5★")])
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    criteria_version = models.ForeignKey(
        "taxonomy.CriteriaVersion", verbose_name=_("criteria version"), on_delete=models.PROTECT
    )
    group = models.ForeignKey(
        "taxonomy.ProductGroup", verbose_name=_("product group"), on_delete=models.PROTECT, related_name="+",
        help_text=_("The group the product was rated in, in the taxonomy of that criteria version."),
    )
    level = models.CharField(_("rating level"), max_length=10, choices=Level.choices)
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"), db_index=True)
    valid_until = models.DateField(_("valid until"))
    province = models.ForeignKey(
        "places.Province", verbose_name=_("province"), on_delete=models.PROTECT, related_name="recognitions",
        help_text=_("The 2025 province the recognition counts under."),
        db_index=False,  # the index on (province, decision_date) serves it
    )
    legacy_province = models.ForeignKey(
        "places.LegacyProvince", verbose_name=_("province at the time"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="recognitions",
    )
    revoked_at = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    revocation_decision = models.CharField(_("revocation decision"), max_length=60, blank=True)
    revocation_ground = models.CharField(_("ground for revocation"), max_length=20, choices=RevocationGround.choices,
                                         blank=True)
    revocation_found_on = models.DateField(_("finding dated"), null=True, blank=True,
                                           help_text=_("The date of the conclusion the revocation rests on (Art. 8.4)."))
    extended_until = models.DateField(
        _("valid (extended) until"), null=True, blank=True,
        help_text=_("Art. 12.3: a late re-evaluation keeps the certificate valid until the result, at most 180 days past expiry."))
    superseded_by = models.ForeignKey(
        "self", verbose_name=_("superseded by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="supersedes",
    )
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope_path = ScopePath(producer="product__producer", province="province")
    objects = RecognitionQuerySet.as_manager()
    history = HistoricalRecords()  # every change, who made it (offices see it)

    class Meta:
        ordering = ["-decision_date", "-pk"]
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")
        constraints = [
            models.UniqueConstraint(fields=["product", "decision_number"], name="recognition_unique_decision"),
            models.CheckConstraint(condition=Q(stars__gte=3, stars__lte=5), name="recognition_stars_3_to_5"),
            models.CheckConstraint(condition=Q(valid_until__gt=F("decision_date")), name="recognition_valid_after_decision"),
        ]
        indexes = [
            models.Index(fields=["province", "decision_date"]),
            models.Index(fields=["product", "decision_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.product} {self.stars}★ ({self.decision_number})"

    def status_on(self, day: dt.date | None = None) -> str:
        return Status(status_of(revoked=self.revoked_at is not None, superseded=self.superseded_by_id is not None,
                                valid_until=self.valid_until.isoformat(), today=(day or timezone.localdate()).isoformat(),
                                extended_until=self.extended_until))

    @property
    def status(self) -> str:
        return getattr(self, "current_status", None) or self.status_on()

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def revocation_authority(self) -> str:
        return revocation_authority(self.stars)

    @property
    def province_at_the_time(self) -> str:
        """The province name as the decision named it (pre-2025 name where that applies)."""
        return (self.legacy_province or self.province).short_name
