"""When the verification answers are recomputed: after the recognition write path announces a change (its own
receiver, after the one that issues certificates), after an edit of a product, a producer or a certificate,
and in the daily work (answers whose day has come, certificates without one)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from ocop.producers.models import Producer, Product
from ocop.recognitions.signals import recognitions_changed

from . import issuing  # noqa: F401 - connected first: new certificates exist before their answers are made
from .answers import answers_missing, answers_refresh, products_changed
from .models import Certificate
from .signals import daily_work


@receiver(recognitions_changed, dispatch_uid="certificates.answers")
def _recognitions_changed(sender, product_ids, **kwargs):
    products_changed(product_ids)


@receiver(post_save, sender=Product, dispatch_uid="certificates.answers.product")
def _product_saved(sender, instance, created=False, raw=False, **kwargs):
    if not raw and not created:
        answers_refresh(Certificate.objects.filter(recognition__product=instance).values_list("pk", flat=True))


@receiver(post_save, sender=Producer, dispatch_uid="certificates.answers.producer")
def _producer_saved(sender, instance, created=False, raw=False, **kwargs):
    if not raw and not created:
        answers_refresh(Certificate.objects.filter(recognition__product__producer=instance).values_list("pk", flat=True))


@receiver(post_save, sender=Certificate, dispatch_uid="certificates.answers.certificate")
def _certificate_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        answers_refresh([instance.pk])


@receiver(daily_work, dispatch_uid="certificates.answers.daily")
def _daily(sender, today, **kwargs):
    return {"answers": answers_missing(today)}
