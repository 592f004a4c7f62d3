"""Score sheets as immutable published versions, and producers' self-assessments.

A sheet row holds its expanded document (parts, sections, criteria, options, gates, bands,
bonus). Once published it is never edited: a change (an office importing the official text,
a corrected file in the repository) is a new version with the same code. Ratings keep the row
they were made on, so old ratings still show the version they were rated under.
"""

import hashlib
import json
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ocop.accounts.access import ScopedQuerySet, ScopePath

from . import engine
from .sheets import build


def document_hash(data: dict) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@lru_cache(maxsize=256)
def _engine_sheet(pk: int, digest: str, data_json: str) -> engine.Sheet:
    return build(json.loads(data_json))


class SheetQuerySet(models.QuerySet):
    def latest_versions(self):
        """The newest published version of each sheet code."""
        newest = self.model.objects.filter(code=models.OuterRef("code")).order_by("-version").values("pk")[:1]
        return self.filter(pk=models.Subquery(newest))

    def resolve(self, reference: str):
        """"148-TP" → its newest version; "148-TP@2" → version 2. DoesNotExist otherwise."""
        code, _sep, version = (reference or "").strip().partition("@")
        qs = self.filter(code=code)
        if version:
            if not version.isdigit():
                raise self.model.DoesNotExist
            return qs.get(version=int(version))
        found = qs.order_by("-version").first()
        if found is None:
            raise self.model.DoesNotExist
        return found


class Sheet(models.Model):
    criteria_version = models.ForeignKey(
        "taxonomy.CriteriaVersion", verbose_name=_("criteria version"), on_delete=models.PROTECT, related_name="sheets"
    )
    code = models.CharField(_("code"), max_length=40)
    version = models.PositiveIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    groups = models.ManyToManyField("taxonomy.ProductGroup", verbose_name=_("product groups"), related_name="sheets")
    verified = models.BooleanField(_("verified against the official text"), default=False)
    data = models.JSONField()
    digest = models.CharField(max_length=64, editable=False)
    source = models.CharField(_("source"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    objects = SheetQuerySet.as_manager()

    class Meta:
        ordering = ["criteria_version__in_force_from", "code", "version"]
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="sheet_unique_version")]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"

    @property
    def reference(self) -> str:
        return f"{self.code}@{self.version}"

    @property
    def display_name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name

    def save(self, *args, **kwargs):
        digest = document_hash(self.data)
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values_list("digest", flat=True).first()
            if stored is not None and stored != digest:
                raise ValidationError(_("A published score sheet is never edited: import the change as a new version."))
        self.digest = digest
        super().save(*args, **kwargs)

    def engine(self) -> engine.Sheet:
        return _engine_sheet(self.pk, self.digest, json.dumps(self.data))



class Assessment(models.Model):
    """A self-assessment (or any rating) of a product on one exact sheet version."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SAVED = "saved", _("Saved")

    product = models.ForeignKey("producers.Product", on_delete=models.CASCADE, related_name="assessments")
    sheet = models.ForeignKey(Sheet, on_delete=models.PROTECT, related_name="assessments")
    answers = models.JSONField(default=dict)
    # codes of the sheet's disqualifying conditions reported as applying ("Hồ sơ bị loại khi…")
    knockouts = models.JSONField(default=list, blank=True)
    total = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    stars = models.PositiveSmallIntegerField(null=True)
    result = models.JSONField(default=dict)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    updated_at = models.DateTimeField(auto_now=True)

    scope_path = ScopePath(producer="product__producer")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
