from django.apps import AppConfig


class CriteriaConfig(AppConfig):
    name = "ocop.criteria"
