from django.apps import AppConfig


class TaxonomyConfig(AppConfig):
    name = "ocop.taxonomy"
