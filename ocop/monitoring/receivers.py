"""Monitoring's answers to what the certificates announce."""

from django.dispatch import receiver

from ocop.certificates.signals import daily_work

from .services import monitoring_daily


@receiver(daily_work)
def _daily(sender, today, **kwargs):
    return monitoring_daily(today)
