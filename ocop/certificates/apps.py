from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "ocop.certificates"

    def ready(self):
        from . import issuing  # noqa: F401  (subscribes to recognitions_changed)
