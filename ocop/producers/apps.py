from django.apps import AppConfig


class ProducersConfig(AppConfig):
    name = "ocop.producers"
