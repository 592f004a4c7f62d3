"""Criteria versions and the product taxonomy that belongs to each of them.

A version (1048/2019, 148/2023) carries its in-force dates, star bands and certificate
validity; its groups form a tree (ngành/nhóm → nhóm/phân nhóm → bộ sản phẩm). Groups of
one version map to the closest group of the next, so reports can span years.
"""

from decimal import Decimal

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class BilingualName:
    """`display_name`: the English name when the page is in English and one exists."""

    @property
    def display_name(self) -> str:
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name


class CriteriaVersion(BilingualName, models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    decision = models.CharField(_("decision"), max_length=40)
    decision_date = models.DateField(_("decision date"))
    in_force_from = models.DateField(_("in force from"))
    in_force_to = models.DateField(_("in force until"), null=True, blank=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    level_names = models.JSONField(_("level names"), default=list)
    # {"5": "90", "4": "70", "3": "50", "2": "30"}: the minimum total for each star level.
    star_bands = models.JSONField(_("star bands"), default=dict)
    recognised_min_stars = models.PositiveSmallIntegerField(_("lowest recognised star level"), default=3)
    validity_months = models.PositiveSmallIntegerField(_("certificate validity (months)"), default=36)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["in_force_from"]
        verbose_name = _("criteria version")
        verbose_name_plural = _("criteria versions")

    def __str__(self) -> str:
        return self.display_name


    def min_score_for(self, stars: int) -> Decimal | None:
        value = self.star_bands.get(str(stars))
        return Decimal(value) if value is not None else None


class ProductGroup(BilingualName, models.Model):
    version = models.ForeignKey(CriteriaVersion, on_delete=models.PROTECT, related_name="groups")
    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_folded = models.CharField(max_length=200, db_index=True, editable=False)
    aliases = models.JSONField(_("other names"), default=list, blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    top = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="The top-level group of this branch (itself for a top-level group).",
    )
    depth = models.PositiveSmallIntegerField(default=0)
    position = models.PositiveIntegerField(default=0)
    lead_ministry = models.CharField(_("lead ministry"), max_length=200, blank=True)
    lead_ministry_note = models.CharField(max_length=300, blank=True)
    verified = models.BooleanField(
        _("verified against the official text"), default=False,
        help_text=_("False where the entry was reconstructed from secondary sources."),
    )
    maps_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="mapped_from",
        verbose_name=_("corresponds to"),
    )
    mapping_note = models.CharField(_("mapping note"), max_length=300, blank=True)

    class Meta:
        ordering = ["version__in_force_from", "position"]
        verbose_name = _("product group")
        verbose_name_plural = _("product groups")

    def __str__(self) -> str:
        return self.display_name

    @property
    def level_name(self) -> str:
        names = self.version.level_names
        return names[self.depth] if self.depth < len(names) else ""
