from django.tasks import task

from .lifecycle import certificates_daily


@task()
def certificates_daily_task() -> dict:
    """Reminders, expiry and supersession in the history; enqueued each day by `ocop certificates_daily`."""
    return certificates_daily()
