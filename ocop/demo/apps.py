from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data reproducing the seed articles' figures, and demo accounts (an entry point: it may use every app)."""

    name = "ocop.demo"
    verbose_name = "Demo data"
