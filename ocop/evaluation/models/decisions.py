"""Recognition decisions: one per issuer and number (a decision may recognise several products), with the
signed copy and every correction kept (django-simple-history, with the reason)."""

import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ocop.accounts.access import ScopedQuerySet, ScopePath


def decision_storage():
    return FileSystemStorage(location=settings.DATA_DIR / "private" / "decisions")


def decision_path(instance, filename):
    folder = "central" if instance.level == "central" else f"province-{instance.province_id}"
    return f"{folder}/{uuid.uuid4().hex}.pdf"


class Decision(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", _("Provincial People's Committee")
        CENTRAL = "central", _("Ministry of Agriculture and Environment")

    level = models.CharField(_("issued by"), max_length=10, choices=Level.choices)
    province = models.ForeignKey("places.Province", verbose_name=_("province"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    issuer = models.CharField(max_length=20, editable=False)  # "province:96" or "central": numbers are unique per issuer
    number = models.CharField(_("decision number"), max_length=60)
    date = models.DateField(_("decision date"))
    file = models.FileField(_("signed decision (PDF)"), upload_to=decision_path, storage=decision_storage, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["created_at"])

    scope_path = ScopePath(province="province")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("recognition decision")
        verbose_name_plural = _("recognition decisions")
        constraints = [models.UniqueConstraint(fields=["issuer", "number"], name="decision_number_unique_per_issuer")]

    def __str__(self) -> str:
        return f"{self.number} ({self.date:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        self.issuer = "central" if self.level == self.Level.CENTRAL else f"province:{self.province_id}"
        super().save(*args, **kwargs)
