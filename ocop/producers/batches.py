"""Batches (lots) a producer records for the traceability of a product."""

from django.db import transaction

from .models import Batch


@transaction.atomic
def batch_record(*, product, lot: str, produced_on, best_before=None, origin: str = "", note: str = "") -> Batch:
    return Batch.objects.create(product=product, lot=lot.strip(), produced_on=produced_on, best_before=best_before,
                                origin=origin.strip(), note=note.strip())


@transaction.atomic
def batch_delete(*, batch: Batch) -> None:
    batch.delete()
