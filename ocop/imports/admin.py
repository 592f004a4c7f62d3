from django.contrib import admin

from ocop.accounts.admin_scope import ScopedAdminMixin

from .models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Jobs as their office sees them on the pages (ImportJob.scope_path); nothing to edit by hand."""

    list_display = ["original_name", "user", "province", "state", "dry_run", "created_at", "finished_at"]
    list_filter = ["state", "dry_run"]
    readonly_fields = ["user", "province", "scope_key", "file", "file_sha256", "source", "state", "step", "failure",
                       "report", "processed", "total", "started_at", "heartbeat_at", "finished_at"]
