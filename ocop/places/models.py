"""The administrative map: 34 provinces and their communes since 1 July 2025, and the
63 provinces / districts / communes before it, each mapped to its successor."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    """A province or centrally-run city of the 2025 map, keyed by its official code ("96")."""

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name = models.CharField(_("official name"), max_length=100)
    short_name = models.CharField(_("name"), max_length=100)
    division_type = models.CharField(_("type"), max_length=40)
    codename = models.SlugField(max_length=60, unique=True)
    name_folded = models.CharField(max_length=100, db_index=True, editable=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.short_name


class Commune(models.Model):
    """A commune, ward or special zone of the 2025 map (official 5-digit code)."""

    code = models.CharField(_("code"), max_length=5, primary_key=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="communes")
    name = models.CharField(_("official name"), max_length=120)
    short_name = models.CharField(_("name"), max_length=120)
    division_type = models.CharField(_("type"), max_length=40)
    name_folded = models.CharField(max_length=120, db_index=True, editable=False)

    class Meta:
        ordering = ["province", "name"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def __str__(self) -> str:
        return self.name


class LegacyProvince(models.Model):
    """One of the 63 provinces before 1 July 2025 and the province it became part of."""

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name = models.CharField(_("official name"), max_length=100)
    short_name = models.CharField(_("name"), max_length=100)
    name_folded = models.CharField(max_length=100, db_index=True, editable=False)
    successor = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="predecessors", verbose_name=_("now part of")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("pre-2025 province")
        verbose_name_plural = _("pre-2025 provinces")

    def __str__(self) -> str:
        return self.short_name


class LegacyDistrict(models.Model):
    """A district of the pre-2025 map (districts were abolished on 1 July 2025)."""

    code = models.CharField(_("code"), max_length=3, primary_key=True)
    province = models.ForeignKey(LegacyProvince, on_delete=models.PROTECT, related_name="districts")
    name = models.CharField(_("official name"), max_length=100)
    short_name = models.CharField(_("name"), max_length=100)
    name_folded = models.CharField(max_length=100, db_index=True, editable=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("pre-2025 district")
        verbose_name_plural = _("pre-2025 districts")

    def __str__(self) -> str:
        return self.name


class LegacyCommune(models.Model):
    """A pre-2025 commune and the 2025 commune that took most of it over."""

    code = models.CharField(_("code"), max_length=5, primary_key=True)
    district = models.ForeignKey(LegacyDistrict, on_delete=models.PROTECT, related_name="communes")
    name = models.CharField(_("official name"), max_length=120)
    name_folded = models.CharField(max_length=120, db_index=True, editable=False)
    successor = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="predecessors"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("pre-2025 commune")
        verbose_name_plural = _("pre-2025 communes")

    def __str__(self) -> str:
        return self.name
