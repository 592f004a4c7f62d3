"""Annual plans (per province, or national), their targets, budgets with allocations and
disbursements in integer đồng, and the support given to producers."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ocop.accounts.access import ScopedQuerySet, ScopePath
from ocop.core.dates import validate_programme_year


class Plan(models.Model):
    province = models.ForeignKey("places.Province", verbose_name=_("province"), null=True, blank=True,
                                 on_delete=models.PROTECT, help_text=_("Empty for the national plan."))
    year = models.PositiveSmallIntegerField(_("year"), validators=[validate_programme_year])
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    scope_path = ScopePath(province="province")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "province"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.UniqueConstraint(fields=["province", "year"], name="plan_unique_province_year"),
            models.UniqueConstraint(fields=["year"], condition=models.Q(province__isnull=True), name="plan_unique_national_year"),
        ]

    def __str__(self) -> str:
        return f"{self.province.short_name if self.province_id else 'Toàn quốc'} {self.year}"

    @property
    def scope_code(self) -> str:
        return self.province_id or "VN"


class Target(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    indicator = models.CharField(_("indicator"), max_length=40)
    value = models.DecimalField(_("target"), max_digits=12, decimal_places=0, validators=[MinValueValidator(0)],
                                help_text=_("The target, or the lower end of a range such as 28-30."))
    upper = models.DecimalField(_("upper end of the target"), max_digits=12, decimal_places=0, null=True, blank=True,
                                help_text=_("Empty unless the target is a range (28-30: 28 here in value, 30 here)."))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "indicator"], name="target_unique_indicator"),
                       models.CheckConstraint(condition=models.Q(upper__isnull=True) | models.Q(upper__gt=models.F("value")),
                                              name="target_range_ordered")]

    @property
    def text(self) -> str:
        """"30" or "28-30": how the plan writes it."""
        return f"{int(self.value)}-{int(self.upper)}" if self.upper is not None else str(int(self.value))


class Activity(models.TextChoices):
    GUIDANCE = "guidance", _("Guidance and training")
    COUNCILS = "councils", _("Evaluation councils")
    PROMOTION = "promotion", _("Trade promotion")
    SUPPORT = "support", _("Support to producers (HACCP, ISO certification...)")
    DESIGN = "design", _("Packaging and design")
    DIGITAL = "digital", _("Digital transformation")
    OTHER = "other", _("Other")


class BudgetLine(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="budget_lines")
    activity = models.CharField(_("activity"), max_length=20, choices=Activity.choices)
    allocation = models.BigIntegerField(_("allocation (đồng)"), validators=[MinValueValidator(0)])
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    scope_path = ScopePath(province="plan__province")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        constraints = [models.CheckConstraint(condition=models.Q(allocation__gte=0), name="budget_allocation_not_negative")]

    def __str__(self) -> str:
        return self.get_activity_display()


class Disbursement(models.Model):
    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="disbursements")
    date = models.DateField(_("date"))
    amount = models.BigIntegerField(_("amount (đồng)"), validators=[MinValueValidator(1)])
    document = models.CharField(_("document reference"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    override_reason = models.CharField(_("reason for exceeding the allocation"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()  # corrections and deletions, who made them and when

    scope_path = ScopePath(province="line__plan__province")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["date", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="disbursement_positive")]


class Support(models.Model):
    class Kind(models.TextChoices):
        CREDIT = "credit", _("Access to credit")
        CERTIFICATION = "certification", _("Certification costs (HACCP, ISO, VietGAP...)")
        TRAINING = "training", _("Training")
        DESIGN = "design", _("Packaging and design")
        FAIR = "fair", _("Fair participation")
        OTHER = "other", _("Other")

    producer = models.ForeignKey("producers.Producer", on_delete=models.CASCADE, related_name="supports")
    product = models.ForeignKey("producers.Product", null=True, blank=True, on_delete=models.SET_NULL, related_name="supports")
    kind = models.CharField(_("kind of support"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    amount = models.BigIntegerField(_("amount (đồng)"), default=0, validators=[MinValueValidator(0)])
    description = models.CharField(_("description"), max_length=300, blank=True)
    budget_line = models.ForeignKey(BudgetLine, null=True, blank=True, on_delete=models.SET_NULL, related_name="supports")
    is_demo = models.BooleanField(default=False, editable=False)

    scope_path = ScopePath(producer="producer")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gte=0), name="support_amount_not_negative")]
