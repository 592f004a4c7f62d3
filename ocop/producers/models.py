"""Producers ("chủ thể") and their products."""

import uuid
from pathlib import Path

from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop.accounts.access import ScopedQuerySet, ScopePath
from ocop.core.text import fold, nfc
from ocop.core.validators import validate_gtin, validate_tax_code


class LegalForm(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    COOPERATIVE = "cooperative", _("Cooperative")
    COOPERATIVE_GROUP = "cooperative_group", _("Cooperative group")
    HOUSEHOLD = "household", _("Household business")


class Producer(models.Model):
    legal_form = models.CharField(_("legal form"), max_length=20, choices=LegalForm.choices, blank=True)
    name = models.CharField(_("name"), max_length=255)
    name_folded = models.CharField(max_length=255, db_index=True, editable=False)
    tax_code = models.CharField(
        _("tax / registration code"), max_length=20, blank=True, validators=[validate_tax_code]
    )
    representative = models.CharField(_("representative"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    province = models.ForeignKey(
        "places.Province", verbose_name=_("province"), on_delete=models.PROTECT, related_name="producers"
    )
    commune = models.ForeignKey(
        "places.Commune", verbose_name=_("commune / ward"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="producers",
    )
    woman_led = models.BooleanField(_("woman-led"), default=False)
    ethnic_minority = models.BooleanField(_("ethnic-minority owned"), default=False)
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope_path = ScopePath(producer="")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("producer")
        verbose_name_plural = _("producers")
        constraints = [
            models.UniqueConstraint(
                fields=["tax_code"], condition=~models.Q(tax_code=""), name="producer_unique_tax_code"
            )
        ]
        indexes = [models.Index(fields=["province", "name_folded"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = nfc(self.name)
        self.name_folded = fold(self.name)
        if self.commune_id and not self.province_id:
            self.province_id = self.commune.province_id
        super().save(*args, **kwargs)


class Product(models.Model):
    producer = models.ForeignKey(Producer, verbose_name=_("producer"), on_delete=models.PROTECT, related_name="products")
    name = models.CharField(_("product name"), max_length=255)
    name_folded = models.CharField(max_length=255, db_index=True, editable=False)
    group = models.ForeignKey(
        "taxonomy.ProductGroup", verbose_name=_("product group"), on_delete=models.PROTECT, related_name="products",
        help_text=_("The group in the taxonomy of the criteria version that applied."),
    )
    description = models.TextField(_("description"), blank=True)
    gtin = models.CharField(_("GTIN barcode"), max_length=14, blank=True, validators=[validate_gtin])
    # (T)-(X)-(STT)-year: province and commune codes of the 2025 map, the commune's running number, the year of
    # evaluation; given when the commune proposes the product's first dossier (evaluation decides it).
    product_code = models.CharField(_("OCOP product code"), max_length=30, unique=True, null=True, blank=True,
                                    editable=False)
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope_path = ScopePath(producer="producer")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        constraints = [models.UniqueConstraint(fields=["producer", "name_folded"], name="product_unique_name_per_producer")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = nfc(self.name)
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)


def photo_path(instance, filename):
    return f"products/{instance.product_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()[:5]}"


class ProductPhoto(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=photo_path)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    scope_path = ScopePath(producer="product__producer")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("product photo")
        verbose_name_plural = _("product photos")
