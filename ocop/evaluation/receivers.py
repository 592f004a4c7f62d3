"""Evaluation's answers to what other apps announce."""

from django.dispatch import receiver

from ocop.certificates.signals import renewal_due

from .services.dossiers import DossierRefused, renewal_open


@receiver(renewal_due)
def _open_renewal(sender, certificate, **kwargs):
    try:
        return renewal_open(certificate.recognition)
    except DossierRefused:
        return None
