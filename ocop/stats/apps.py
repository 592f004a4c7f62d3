from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "ocop.stats"

    def ready(self):
        from . import receivers  # noqa: F401  (the recognition write path's signal)
