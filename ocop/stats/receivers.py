"""Keep the counts (aggregates.py) in step with the register: the recognition write path's announcement, and
the edits and deletions that change what is counted (a producer's legal form, a product moved or deleted)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from ocop.core.shared_cache import register_changed

from ocop.producers.models import Producer, Product
from ocop.recognitions.models import Recognition
from ocop.recognitions.signals import recognitions_changed

from . import aggregates


def refresh(product_ids):
    """Recount these products, and retire what the shared cache keeps from the register (now and, for readers
    that started before the write, again when it commits)."""
    aggregates.refresh(product_ids)
    register_changed()
    transaction.on_commit(register_changed)


def refresh_producers(producer_ids):
    aggregates.refresh_producers(producer_ids)
    register_changed()
    transaction.on_commit(register_changed)


@receiver(recognitions_changed)
def _recognitions_changed(sender, product_ids, **kwargs):
    refresh(product_ids)


@receiver(post_save, sender=Producer)
def _producer_saved(sender, instance, created=False, raw=False, **kwargs):
    if not raw and not created:
        refresh_producers([instance.pk])


@receiver(post_save, sender=Product)
def _product_saved(sender, instance, created=False, raw=False, **kwargs):
    if not raw and not created:
        refresh([instance.pk])


@receiver(post_delete, sender=Recognition)
@receiver(post_delete, sender=Product)
def _deleted(sender, instance, **kwargs):
    refresh([instance.product_id if sender is Recognition else instance.pk])
