from django.tasks import task

from .lifecycle import certificates_daily


@task()
def certificates_daily_task() -> dict:
    """The re-evaluation window's notices, expiry, supersession and overdue revocation cases; enqueued once a
    day by the worker's scheduler (OCOP_DAILY_JOBS)."""
    return certificates_daily()
