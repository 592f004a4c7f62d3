from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "ocop.certificates"

    def ready(self):
        from . import answer_hooks, issuing, receivers  # noqa: F401  (recognitions_changed, certified_facts, saves)
