import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop.accounts.access import ScopedQuerySet, ScopePath


def private_storage():
    """Uploaded registers hold contact details: kept outside MEDIA_ROOT, never served."""
    return FileSystemStorage(location=settings.DATA_DIR / "private")


def upload_path(instance, filename):
    suffix = Path(filename).suffix.lower()
    return f"imports/{uuid.uuid4().hex}{suffix if suffix in {'.xlsx', '.csv'} else ''}"


class ImportJob(models.Model):
    """One run of the import over an uploaded file: a dry run (check only) or an import. "Import now"
    after a dry run and "restart" after a failure are new jobs over the same stored file (`source`)."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Imported")
        CHECKED = "checked", _("Checked (dry run): nothing written")
        REFUSED = "refused", _("Refused: nothing written")
        FAILED = "failed", _("Failed: nothing written")

    class Step(models.TextChoices):
        READ = "read", _("reading the file")
        CHECK = "check", _("checking rows")
        WRITE = "write", _("writing")

    class Failure(models.TextChoices):
        STALE = "stale", _("the worker stopped")
        ERROR = "error", _("an unexpected error")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="imports")
    # The province the importer acted for (None: the central office); who may see the job (access.py).
    province = models.ForeignKey("places.Province", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    scope_key = models.CharField(max_length=200, blank=True)  # the importer's scope when the file was checked
    file = models.FileField(upload_to=upload_path, storage=private_storage)
    file_sha256 = models.CharField(max_length=64, blank=True)
    original_name = models.CharField(max_length=255)
    language = models.CharField(max_length=10, default="vi")
    dry_run = models.BooleanField(default=False)
    source = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="runs")
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    step = models.CharField(max_length=10, choices=Step.choices, blank=True)
    failure = models.CharField(max_length=10, choices=Failure.choices, blank=True)
    processed = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    report = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)  # written while running; stale = worker gone
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = ScopePath(province="province")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("register import")
        verbose_name_plural = _("register imports")

    def __str__(self) -> str:
        return self.original_name

    @property
    def finished(self) -> bool:
        return self.state in {self.State.DONE, self.State.CHECKED, self.State.REFUSED, self.State.FAILED}

    @property
    def percent(self) -> int:
        return int(100 * self.processed / self.total) if self.total else 0
