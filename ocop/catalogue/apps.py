from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "ocop.catalogue"

    def ready(self):
        from . import opendata_files, signals  # noqa: F401
