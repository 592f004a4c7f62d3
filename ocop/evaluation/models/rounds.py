"""Evaluation rounds ("đợt") with their cut-off dates, and the days an office adds to the national
calendar of working days."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop.accounts.access import ScopedQuerySet, ScopePath


class Round(models.Model):
    """A provincial round (dossiers the communes propose by `proposals_by` are finished by `finish_by`) or a
    central one (proposals from the provinces). Rounds 1 and 2 of a year carry the statutory dates (Art. 5);
    an office may add rounds of its own."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Provincial round")
        CENTRAL = "central", _("Central round")

    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    province = models.ForeignKey("places.Province", verbose_name=_("province"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="rounds")
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("round number"))
    statutory = models.BooleanField(_("statutory round"), default=False)
    proposals_by = models.DateField(_("proposals accepted until"))
    finish_by = models.DateField(_("results due by"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    closed = models.BooleanField(_("closed"), default=False)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)

    scope_path = ScopePath(province="province")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "level", "province", "number"]
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")
        constraints = [
            models.UniqueConstraint(fields=["level", "province", "year", "number"], name="round_unique_number"),
            models.UniqueConstraint(fields=["level", "year", "number"], condition=models.Q(level="central"),
                                    name="central_round_unique_number"),
            models.CheckConstraint(condition=models.Q(proposals_by__lte=models.F("finish_by")), name="round_dates_in_order"),
        ]

    def __str__(self) -> str:
        return _("Round %(n)s/%(year)s") % {"n": self.number, "year": self.year}


class OfficeDay(models.Model):
    """A day an office does not work although the national calendar says it does (off=True), or works
    although it would be off (off=False, e.g. a make-up Saturday). Province empty: the central office."""

    province = models.ForeignKey("places.Province", verbose_name=_("province"), null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="office_days")
    day = models.DateField(_("day"))
    off = models.BooleanField(_("day off"), default=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    scope_path = ScopePath(province="province")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["day"]
        verbose_name = _("office calendar day")
        verbose_name_plural = _("office calendar days")
        constraints = [
            models.UniqueConstraint(fields=["province", "day"], name="office_day_unique"),
            models.UniqueConstraint(fields=["day"], condition=models.Q(province__isnull=True), name="central_day_unique"),
        ]
