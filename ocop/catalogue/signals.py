"""Keep the search documents in step: after the recognition write path announces a change, and
when a product or its producer is saved through the ORM."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from ocop.producers.models import Producer, Product
from ocop.recognitions.signals import recognitions_changed

from .search import refresh


@receiver(recognitions_changed)
def _recognitions_changed(sender, product_ids, **kwargs):
    refresh(product_ids)


@receiver(post_save, sender=Product)
def _product_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh([instance.pk])


@receiver(post_save, sender=Producer)
def _producer_saved(sender, instance, created=False, raw=False, **kwargs):
    if not raw and not created:
        refresh(instance.products.values_list("pk", flat=True))
