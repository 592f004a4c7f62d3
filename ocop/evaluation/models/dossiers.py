"""The document vault (each document uploaded once, reused by every dossier of its producer),
dossiers of three kinds, the documents they use, and their append-only history."""

import datetime as dt
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop.accounts.access import ScopedQuerySet, ScopePath

from ..workflow import REEVALUATION_DAYS, State, role_label, state_label


def vault_storage():
    return FileSystemStorage(location=settings.DATA_DIR / "private" / "vault")


def vault_path(instance, filename):
    return f"{instance.producer_id}/{uuid.uuid4().hex}{instance.extension}"


class Document(models.Model):
    producer = models.ForeignKey("producers.Producer", on_delete=models.CASCADE, related_name="documents")
    product = models.ForeignKey("producers.Product", null=True, blank=True, on_delete=models.SET_NULL, related_name="documents",
                                help_text=_("For documents about one product, such as a test report."))
    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(upload_to=vault_path, storage=vault_storage)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    extension = models.CharField(max_length=6)
    size = models.PositiveIntegerField()
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    scope_path = ScopePath(producer="producer")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-issued_on", "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title


class Dossier(models.Model):
    class Kind(models.TextChoices):
        FIRST = "first", _("First rating")
        RENEWAL = "renewal", _("Re-rating after 36 months")
        UPGRADE = "upgrade", _("Upgrade")

    producer = models.ForeignKey("producers.Producer", on_delete=models.PROTECT, related_name="dossiers")
    product = models.ForeignKey("producers.Product", on_delete=models.PROTECT, related_name="dossiers")
    kind = models.CharField(_("kind of dossier"), max_length=10, choices=Kind.choices)
    stars_sought = models.PositiveSmallIntegerField(_("stars sought"), choices=[(3, "3★"), (4, "4★"), (5, "5★")])
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    previous_recognition = models.ForeignKey("recognitions.Recognition", null=True, blank=True, on_delete=models.SET_NULL,
                                             related_name="+")
    province = models.ForeignKey("places.Province", on_delete=models.PROTECT)
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT, db_index=True)
    state_since = models.DateTimeField(auto_now_add=True)
    due_on = models.DateField(null=True, blank=True)
    returned_from = models.CharField(max_length=20, blank=True)
    local_criteria = models.JSONField(_("commune confirmation of the four local criteria"), default=dict, blank=True)
    answers = models.JSONField(_("self-assessment answers"), default=dict, blank=True)
    sheet = models.ForeignKey("criteria.Sheet", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    result_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    result_stars = models.PositiveSmallIntegerField(null=True, blank=True)
    result_on = models.DateField(_("date of the council's result"), null=True, blank=True)
    round = models.ForeignKey("evaluation.Round", verbose_name=_("round"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="dossiers")
    central_round = models.ForeignKey("evaluation.Round", verbose_name=_("central round"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="central_dossiers")
    complete_on = models.DateField(_("complete dossier received on"), null=True, blank=True)
    # The provincial chair's approval of a result of 90 or more, recorded when it is proposed to the centre.
    central_proposal = models.JSONField(default=dict, blank=True)
    central_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    central_stars = models.PositiveSmallIntegerField(null=True, blank=True)
    central_result_on = models.DateField(null=True, blank=True)
    # What the forms need beyond the records: Form 01 (samples), Form 02 (the producer's narrative parts),
    # Form 03 (the commune's assessment of the four local contents).
    forms = models.JSONField(default=dict, blank=True)
    decision = models.ForeignKey("evaluation.Decision", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="dossiers")
    recognition = models.OneToOneField("recognitions.Recognition", null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="dossier")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    scope_path = ScopePath(producer="producer", province="province")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")

    def __str__(self) -> str:
        return f"{self.product} ({self.get_kind_display()}, {self.stars_sought}★)"

    @property
    def state_label(self) -> str:
        return state_label(self.state)

    @property
    def reevaluation_due(self):
        """A re-evaluation is finished within 45 days of the complete dossier (Art. 7.6.g)."""
        if self.kind != self.Kind.RENEWAL or self.complete_on is None:
            return None
        return self.complete_on + dt.timedelta(days=REEVALUATION_DAYS)


class Evidence(models.Model):
    """A vault document the producer offers as evidence for one criterion of the dossier's sheet (Form 02)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="evidence")
    criterion = models.CharField(max_length=20)
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="evidence_uses")

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["dossier", "criterion", "document"], name="evidence_unique")]


class Review(models.Model):
    """The advisory group's review of a dossier, or its record of a site visit ("biên bản khảo sát")."""

    class Kind(models.TextChoices):
        REVIEW = "review", _("Review of the dossier")
        SITE_VISIT = "site_visit", _("Site visit")

    class Recommendation(models.TextChoices):
        PROCEED = "proceed", _("Ready for the council")
        COMPLETE = "complete", _("Needs completion")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    participants = models.CharField(_("participants"), max_length=500, blank=True)
    findings = models.TextField(_("findings"))
    recommendation = models.CharField(_("recommendation"), max_length=10, choices=Recommendation.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "pk"]


class Item(models.Model):
    """A vault document used by a dossier for one checklist item."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=40)
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="uses")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["dossier", "kind"], name="dossier_item_unique_kind")]


class Transition(models.Model):
    """One move of a dossier: who, when, why. Rows are only ever added."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(max_length=30)
    from_state = models.CharField(max_length=20)
    to_state = models.CharField(max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    role = models.CharField(max_length=20)
    reason = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("dossier history is append-only")
        super().save(*args, **kwargs)

    @property
    def to_label(self) -> str:
        return state_label(self.to_state)

    @property
    def role_label(self) -> str:
        return role_label(self.role)
