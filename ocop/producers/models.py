"""Producers ("chủ thể") and their products."""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

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
    history = HistoricalRecords(excluded_fields=["name_folded"])  # every change, who made it (offices see it)

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
    history = HistoricalRecords(excluded_fields=["name_folded"])

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


class ChangeRequest(models.Model):
    """A producer's edit of a certified fact (a certified product's name, product set or code, or the name of
    a producer with certified products): it waits for the provincial office, which approves (the edit is
    applied) or refuses it. Which facts are certified is the certificates' answer (signals.certified_facts)."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for the office")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    producer = models.ForeignKey(Producer, verbose_name=_("producer"), on_delete=models.CASCADE,
                                 related_name="change_requests")
    product = models.ForeignKey(Product, verbose_name=_("product"), null=True, blank=True, on_delete=models.CASCADE,
                                related_name="change_requests", help_text=_("Empty for a change of the producer itself."))
    changes = models.JSONField(_("changes"), help_text='{"field": {"from": old, "to": new}}')
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.TextField(_("office's note"), blank=True)

    scope_path = ScopePath(producer="producer")
    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        constraints = [models.CheckConstraint(condition=models.Q(state__in=["pending", "approved", "refused"]),
                                              name="change_request_state")]

    def __str__(self) -> str:
        return f"{self.product or self.producer}: {', '.join(self.changes)}"

    @property
    def target(self):
        return self.product or self.producer

    @property
    def lines(self) -> list[tuple]:
        """(field label, from, to) for each change, for pages."""
        meta = type(self.target)._meta
        return [(meta.get_field(name).verbose_name, v.get("from_label", ""), v.get("to_label", ""))
                for name, v in self.changes.items()]


class Batch(models.Model):
    """A lot of a product as the producer records it for traceability (criterion 2.3 of 26/2026: an electronic
    traceability code on the label): lot number, production date, best-before date, where the raw material came
    from. Shown on the product's public traceability page."""

    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="batches")
    lot = models.CharField(_("lot number"), max_length=40)
    produced_on = models.DateField(_("production date"))
    best_before = models.DateField(_("best before"), null=True, blank=True)
    origin = models.CharField(_("raw-material area"), max_length=200, blank=True,
                              help_text=_("Where the raw material of this lot came from (commune, farm, area)."))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    scope_path = ScopePath(producer="product__producer")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-produced_on", "-pk"]
        verbose_name = _("batch")
        verbose_name_plural = _("batches")
        constraints = [
            models.UniqueConstraint(fields=["product", "lot"], name="batch_unique_lot_per_product"),
            models.CheckConstraint(condition=models.Q(best_before__isnull=True) | models.Q(best_before__gt=models.F("produced_on")),
                                   name="batch_best_before_after_production"),
        ]

    def __str__(self) -> str:
        return f"{self.product} · {self.lot}"
