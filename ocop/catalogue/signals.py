"""Keep the search documents in step: after the recognition write path announces a change, and
when a product or its producer is saved through the ORM. Make a photo's thumbnails once, when it is uploaded."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from ocop.core.images import thumbnails_delete, thumbnails_make
from ocop.core.shared_cache import register_changed
from ocop.producers.models import Producer, Product, ProductPhoto
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


@receiver(post_save, sender=ProductPhoto)
def _photo_saved(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    register_changed()  # the catalogue's pages kept in the shared cache show the photos
    if raw or not instance.image:
        return
    if created or update_fields is None or "image" in update_fields:
        thumbnails_make(storage=instance.image.storage, name=instance.image.name)


@receiver(post_delete, sender=ProductPhoto)
def _photo_deleted(sender, instance, **kwargs):
    register_changed()
    if instance.image:
        thumbnails_delete(storage=instance.image.storage, name=instance.image.name)
