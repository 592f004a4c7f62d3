"""Daily jobs without cron: every task worker checks once a minute whether a job's time has come
today; the first worker to record the day's run (a unique row) enqueues the task, so a job runs
exactly once a day however many workers there are, and a worker started late still runs the day's job.

Jobs are settings (`OCOP_DAILY_JOBS`: name → {"task": dotted path of a django task, "at": "HH:MM"}),
so this module names no app. Sweeps (`OCOP_WORKER_SWEEPS`: dotted paths of plain functions) run in every
worker every OCOP_SWEEP_SECONDS, for checks that cannot wait a day (import jobs whose worker died).
"""

import datetime as dt
import logging
import threading
import time

from django.conf import settings
from django.db import IntegrityError, close_old_connections, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import DailyRun

log = logging.getLogger(__name__)


def _due_time(text: str) -> dt.time:
    hour, minute = (int(part) for part in text.split(":"))
    return dt.time(hour, minute)


def run_due(now: dt.datetime | None = None) -> list[str]:
    """Enqueue each daily job whose time has passed today and that no worker has run today."""
    now = timezone.localtime(now or timezone.now())
    started = []
    for name, job in getattr(settings, "OCOP_DAILY_JOBS", {}).items():
        if now.time() < _due_time(job.get("at", "00:05")):
            continue
        if DailyRun.objects.filter(job=name, day=now.date()).exists():
            continue
        try:
            with transaction.atomic():
                DailyRun.objects.create(job=name, day=now.date())
        except IntegrityError:
            continue  # another worker claimed it
        import_string(job["task"]).enqueue()
        log.info("daily job %s enqueued for %s", name, now.date())
        started.append(name)
    return started


def run_sweeps() -> list[str]:
    """Call each sweep once; one failing does not stop the others. The sweeps that ran."""
    ran = []
    for path in getattr(settings, "OCOP_WORKER_SWEEPS", ()):
        try:
            import_string(path)()
            ran.append(path)
        except Exception:  # noqa: BLE001 - a sweep must not stop the worker's other work
            log.exception("worker sweep %s failed", path)
    return ran


def start_sweeps(period: float | None = None) -> threading.Thread:
    """Run the sweeps now and then every `period` seconds, in a background thread of the worker."""
    period = period or getattr(settings, "OCOP_SWEEP_SECONDS", 15)

    def loop():
        while True:
            try:
                run_sweeps()
            finally:
                close_old_connections()
            time.sleep(period)

    thread = threading.Thread(target=loop, name="worker-sweeps", daemon=True)
    thread.start()
    return thread


def start(period: float = 60.0) -> threading.Thread:
    """Check for due jobs now and then every `period` seconds, in a background thread of the worker."""

    def loop():
        while True:
            try:
                run_due()
            except Exception:  # noqa: BLE001 - the scheduler must survive a database hiccup and try again
                log.exception("daily scheduler check failed")
            finally:
                close_old_connections()
            time.sleep(period)

    thread = threading.Thread(target=loop, name="daily-scheduler", daemon=True)
    thread.start()
    return thread
