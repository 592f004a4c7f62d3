from django.contrib import admin

from .models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["original_name", "user", "state", "dry_run", "created_at", "finished_at"]
    list_filter = ["state", "dry_run"]
    readonly_fields = ["report"]
