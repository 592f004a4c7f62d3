"""Issuing: every recognition gets one certificate with its public number and the facts it certifies,
copied from the register at that moment (product name, producer, stars, product set, product code)."""

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.dispatch import receiver

from ocop.recognitions.models import Recognition
from ocop.recognitions.signals import recognitions_changed

from .ids import new_id
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


def certificates_issue_missing(product_ids=None) -> int:
    """A certificate for every recognition (of these products) that has none."""
    recognitions = Recognition.objects.all() if product_ids is None else Recognition.objects.filter(product_id__in=list(product_ids))
    missing = list(
        recognitions.filter(~Exists(Certificate.objects.filter(recognition=OuterRef("pk")))).values_list("pk", flat=True)
    )
    if missing:
        signing_key()  # the key exists before the first certificate does (and is never silently replaced after)
    created = 0
    for start in range(0, len(missing), 2000):
        chunk = Recognition.objects.filter(pk__in=missing[start:start + 2000]).select_related("product__producer", "group")
        batch = [Certificate(recognition_id=r.pk, public_id=new_id(), **certified_facts_of(r)) for r in chunk]
        try:
            with transaction.atomic():
                made = Certificate.objects.bulk_create(batch)
        except IntegrityError:  # a random number collided (or a concurrent run issued some): one by one
            made = []
            for certificate in batch:
                if Certificate.objects.filter(recognition_id=certificate.recognition_id).exists():
                    continue
                while Certificate.objects.filter(public_id=certificate.public_id).exists():
                    certificate.public_id = new_id()
                certificate.save()
                made.append(certificate)
        made = list(Certificate.objects.filter(recognition_id__in=[c.recognition_id for c in made]))
        Event.objects.bulk_create([Event(certificate=c, kind=Event.Kind.ISSUED) for c in made])
        created += len(made)
    return created
