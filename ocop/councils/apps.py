from django.apps import AppConfig


class CouncilsConfig(AppConfig):
    name = "ocop.councils"
