from django.apps import AppConfig


class PromotionConfig(AppConfig):
    name = "ocop.promotion"
