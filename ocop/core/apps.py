from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ocop.core"

    def ready(self):
        from django.db.models import ForeignKey, IntegerField

        from .lookups import Among

        IntegerField.register_lookup(Among)
        ForeignKey.register_lookup(Among)
