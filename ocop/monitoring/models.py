"""Monitoring after certification (Decision 26/2026/QĐ-TTg Art. 9): inspection plans per province (periodic and
unannounced), inspections of certified products against the certified criteria and the use of the OCOP mark,
findings with a deadline to correct, and the outcome (kept, corrected, proposed for revocation, which opens a
revocation case of the certificate)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ocop.accounts.access import ScopedQuerySet, ScopePath


class Kind(models.TextChoices):
    PERIODIC = "periodic", _("Periodic")
    UNANNOUNCED = "unannounced", _("Unannounced")


class InspectionPlan(models.Model):
    province = models.ForeignKey("places.Province", verbose_name=_("province"), on_delete=models.PROTECT,
                                 related_name="inspection_plans")
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    scope_path = ScopePath(province="province")
    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-starts_on", "pk"]
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        constraints = [models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")),
                                              name="inspection_plan_dates")]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class Inspection(models.Model):
    class Criteria(models.TextChoices):
        KEPT = "kept", _("Kept as certified")
        PARTLY = "partly", _("Partly kept")
        NOT_KEPT = "not_kept", _("No longer met")

    class MarkUse(models.TextChoices):
        CORRECT = "correct", _("Used as allowed")
        MISUSE = "misuse", _("Misused (misleading, on other products, wrong stars…)")
        NOT_USED = "not_used", _("Not used")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Waiting for the findings to be corrected")
        KEPT = "kept", _("Kept: nothing to correct")
        CORRECTED = "corrected", _("Corrected")
        PROPOSED_REVOCATION = "revocation", _("Proposed for revocation")

    plan = models.ForeignKey(InspectionPlan, verbose_name=_("plan"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="inspections")
    certificate = models.ForeignKey("certificates.Certificate", verbose_name=_("certificate"), on_delete=models.PROTECT,
                                    related_name="inspections")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    inspected_on = models.DateField(_("inspected on"))
    inspectors = models.CharField(_("inspectors"), max_length=300)
    criteria = models.CharField(_("certified criteria"), max_length=10, choices=Criteria.choices)
    criteria_notes = models.TextField(_("on the criteria"), blank=True)
    mark_use = models.CharField(_("use of the OCOP mark"), max_length=10, choices=MarkUse.choices)
    mark_notes = models.TextField(_("on the mark"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_note = models.TextField(_("note on the outcome"), blank=True)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    revocation_case = models.ForeignKey("certificates.RevocationCase", null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+", verbose_name=_("revocation case"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    scope_path = ScopePath(producer="certificate__recognition__product__producer",
                           province="certificate__recognition__province")
    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-inspected_on", "-pk"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")

    def __str__(self) -> str:
        return f"{self.certificate} · {self.inspected_on:%d/%m/%Y}"


class Finding(models.Model):
    class Subject(models.TextChoices):
        CRITERIA = "criteria", _("Certified criteria")
        MARK = "mark", _("Use of the OCOP mark")
        OTHER = "other", _("Other")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    subject = models.CharField(_("about"), max_length=10, choices=Subject.choices)
    description = models.TextField(_("finding"))
    correct_by = models.DateField(_("correct by"))
    corrected_on = models.DateField(_("corrected on"), null=True, blank=True)
    correction_note = models.TextField(_("how it was corrected"), blank=True)
    overdue_notified = models.BooleanField(default=False, editable=False)

    scope_path = ScopePath(producer="inspection__certificate__recognition__product__producer",
                           province="inspection__certificate__recognition__province")
    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["correct_by", "pk"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self) -> str:
        return self.description[:60]

    def overdue_on(self, day) -> bool:
        return self.corrected_on is None and day > self.correct_by
