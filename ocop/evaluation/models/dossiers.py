"""The document vault (each document uploaded once, reused by every dossier of its producer),
dossiers of three kinds, the documents they use, and their append-only history."""

import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop.accounts.access import ScopedQuerySet, ScopePath

from ..workflow import State, role_label, state_label


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
