"""Certificates' answers to what the apps below them ask or announce."""

from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.producers.services import Certified
from ocop.producers.signals import certified_facts
from ocop.recognitions.models import Status, status_q

from .models import Certificate

PRODUCT_FACTS = frozenset({"name", "group", "code"})  # name, product set, product code "(T)-(X)-(STT)-year"
PRODUCER_FACTS = frozenset({"name"})


@receiver(certified_facts)
def _certified_facts(sender, product=None, producer=None, **kwargs):
    """A certificate in force freezes the facts it certifies; a product whose certificate was revoked (and has
    none in force) keeps them for good: renaming it would shed the revocation."""
    today = timezone.localdate()
    if product is not None:
        certificates = Certificate.objects.filter(recognition__product=product)
        facts = PRODUCT_FACTS
    else:
        certificates = Certificate.objects.filter(recognition__product__producer=producer)
        facts = PRODUCER_FACTS
    if certificates.filter(status_q(Status.IN_FORCE, today, prefix="recognition__")).exists():
        return Certified(facts)
    if product is not None:
        latest = certificates.select_related("recognition").order_by("-recognition__decision_date", "-pk").first()
        if latest is not None and latest.recognition.revoked_at is not None:
            return Certified(facts, _("The OCOP certificate of this product was revoked on %(date)s: its certified name, "
                                      "product set and code can no longer change.") % {
                "date": latest.recognition.revoked_at.strftime("%d/%m/%Y")})
    return None
