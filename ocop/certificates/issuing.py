"""Issuing: every recognition gets one certificate with its public number and the facts it certifies,
copied from the register at that moment (product name, producer, stars, product set, product code)."""

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.dispatch import receiver

from ocop.core import bulk
from ocop.recognitions.models import Recognition
from ocop.recognitions.signals import recognitions_changed

from .ids import new_id, new_ids
from .models import Certificate, Event
from .signing import signing_key


@receiver(recognitions_changed)
def _recognitions_changed(sender, product_ids, **kwargs):
    certificates_issue_missing(product_ids)


def certified_facts_of(recognition: Recognition) -> dict:
    """What a certificate for this recognition certifies (the register's facts now)."""
    product = recognition.product
    return {"product_name": product.name, "producer_name": product.producer.name, "stars": recognition.stars,
            "product_set_code": recognition.group.code, "product_set_name": recognition.group.name,
            # Product.code ("(T)-(X)-(STT)-year") arrives with the product-code work; empty until then
            "product_code": getattr(product, "product_code", "") or ""}


FACT_VALUES = ["product__name", "product__producer__name", "stars", "group__code", "group__name", "product__product_code"]


def _facts(product_name, producer_name, stars, set_code, set_name, product_code) -> dict:
    """certified_facts_of, from plain values read in bulk (the same facts)."""
    return {"product_name": product_name, "producer_name": producer_name, "stars": stars,
            "product_set_code": set_code, "product_set_name": set_name, "product_code": product_code or ""}


def _missing(product_ids) -> list[tuple]:
    """(recognition id, *FACT_VALUES) of the recognitions (of these products) without a certificate."""
    without = ~Exists(Certificate.objects.filter(recognition=OuterRef("pk")))
    if product_ids is None:
        return list(Recognition.objects.filter(without).order_by("pk").values_list("pk", *FACT_VALUES))
    ids, found = sorted(set(product_ids)), []
    for start in range(0, len(ids), 5000):
        found += Recognition.objects.filter(without, product_id__among=ids[start:start + 5000]).order_by("pk").values_list(
            "pk", *FACT_VALUES)
    return found


def certificates_issue_missing(product_ids=None) -> int:
    """A certificate for every recognition (of these products) that has none, and its "issued" event."""
    missing = _missing(product_ids)
    if missing:
        signing_key()  # the key exists before the first certificate does (and is never silently replaced after)
    created = 0
    for start in range(0, len(missing), 20000):
        chunk = missing[start:start + 20000]
        batch = [{"recognition_id": pk, "public_id": public_id, **_facts(*facts)}
                 for (pk, *facts), public_id in zip(chunk, new_ids(len(chunk)))]
        ids = bulk.reserve_ids(Certificate, len(batch))
        try:
            with transaction.atomic():
                bulk.insert_objects(Certificate, batch, ids)
            made = ids
        except IntegrityError:  # a random number collided (or a concurrent run issued some): one by one
            made = []
            for values in batch:
                certificate = Certificate(**values)
                if Certificate.objects.filter(recognition_id=certificate.recognition_id).exists():
                    continue
                while Certificate.objects.filter(public_id=certificate.public_id).exists():
                    certificate.public_id = new_id()
                certificate.save()
                made.append(certificate.pk)
        events = [{"certificate_id": pk, "kind": Event.Kind.ISSUED.value} for pk in made]
        bulk.insert_objects(Event, events, bulk.reserve_ids(Event, len(events)))
        created += len(made)
    return created
