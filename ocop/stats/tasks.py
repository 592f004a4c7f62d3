from django.tasks import task

from .aggregates import catch_up


@task()
def stats_daily_task() -> int:
    """Follow the calendar in the register's counts (expiries of the day); enqueued once a day by the worker's
    scheduler (OCOP_DAILY_JOBS). Returns the number of products recounted."""
    return catch_up()
