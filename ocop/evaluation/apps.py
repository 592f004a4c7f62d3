from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    """Dossiers and the two-level evaluation: vault, checklists, workflow, councils, sessions, scores."""

    name = "ocop.evaluation"
    verbose_name = _("Evaluation")

    def ready(self):
        from . import receivers  # noqa: F401  (opens renewal dossiers when certificates ask)
