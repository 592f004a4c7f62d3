from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "ocop.monitoring"
    verbose_name = _("Monitoring after certification")

    def ready(self):
        from . import receivers  # noqa: F401  (the certificates' daily work)
