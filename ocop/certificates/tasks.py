from django.tasks import task

from .answers import answers_missing
from .lifecycle import certificates_daily


@task()
def certificates_daily_task() -> dict:
    """The re-evaluation window's notices, expiry, supersession and overdue revocation cases; enqueued once a
    day by the worker's scheduler (OCOP_DAILY_JOBS)."""
    return certificates_daily()


@task()
def answers_missing_task() -> int:
    """The verification answers of certificates that have none (after a large import), computed in the worker."""
    return answers_missing()
