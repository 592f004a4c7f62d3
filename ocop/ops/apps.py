from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operating the system: backup and restore (an entry point: it may read every app's data)."""

    name = "ocop.ops"
    verbose_name = "Operations"
