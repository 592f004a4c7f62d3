"""Certificates: one per recognition, with a public identifier; their append-only history and
the log of public verifications. The status is the recognition's (derived, never stale)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop.accounts.access import ScopedQuerySet, ScopePath

from .ids import display


class Certificate(models.Model):
    recognition = models.OneToOneField(
        "recognitions.Recognition", on_delete=models.PROTECT, related_name="certificate", verbose_name=_("recognition")
    )
    public_id = models.CharField(_("certificate number"), max_length=11, unique=True)
    issued_at = models.DateTimeField(auto_now_add=True)

    scope_path = ScopePath(producer="recognition__product__producer", province="recognition__province")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return self.display_id

    @property
    def display_id(self) -> str:
        return display(self.public_id)

    @property
    def status(self) -> str:
        return self.recognition.status


class Event(models.Model):
    """One line of a certificate's history. Rows are only ever added."""

    class Kind(models.TextChoices):
        ISSUED = "issued", _("Issued")
        REMINDER = "reminder", _("Expiry reminder sent")
        EXPIRED = "expired", _("Expired")
        SUPERSEDED = "superseded", _("Superseded by a newer certificate")
        REVOKED = "revoked", _("Revoked")
        RENEWAL = "renewal", _("Renewal started")

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    detail = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("certificate event")
        verbose_name_plural = _("certificate events")
        indexes = [models.Index(fields=["certificate", "kind"])]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("certificate history is append-only")
        super().save(*args, **kwargs)


class Verification(models.Model):
    """A public look-up of a certificate number: when, what was asked, what was answered, and
    coarse client information only (network prefix, browser family)."""

    certificate = models.ForeignKey(Certificate, null=True, blank=True, on_delete=models.CASCADE, related_name="verifications")
    asked = models.CharField(max_length=40)
    outcome = models.CharField(max_length=12)
    channel = models.CharField(max_length=4)  # page | api
    client = models.CharField(max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("verification")
        verbose_name_plural = _("verifications")
