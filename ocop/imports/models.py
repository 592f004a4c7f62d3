import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _


def private_storage():
    """Uploaded registers hold contact details: kept outside MEDIA_ROOT, never served."""
    return FileSystemStorage(location=settings.DATA_DIR / "private")


def upload_path(instance, filename):
    suffix = Path(filename).suffix.lower()
    return f"imports/{uuid.uuid4().hex}{suffix if suffix in {'.xlsx', '.csv'} else ''}"


class ImportJob(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Checking rows")
        DONE = "done", _("Imported")
        CHECKED = "checked", _("Checked (dry run): nothing written")
        REFUSED = "refused", _("Refused: nothing written")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="imports")
    file = models.FileField(upload_to=upload_path, storage=private_storage)
    original_name = models.CharField(max_length=255)
    language = models.CharField(max_length=10, default="vi")
    dry_run = models.BooleanField(default=False)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    processed = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    report = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

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
