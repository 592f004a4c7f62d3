from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "ocop.certificates"

    def ready(self):
        from . import issuing, receivers  # noqa: F401  (subscribe to recognitions_changed, certified_facts)
