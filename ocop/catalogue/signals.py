"""Keep the search documents in step when a product or its producer changes through the ORM
(bulk imports refresh them explicitly)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from ocop.producers.models import Producer, Product


@receiver(post_save, sender=Product)
def _product_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        from .search import refresh

        refresh([instance.pk])


@receiver(post_save, sender=Producer)
def _producer_saved(sender, instance, created=False, raw=False, **kwargs):
    if not raw and not created:
        from .search import refresh

        refresh(instance.products.values_list("pk", flat=True))
