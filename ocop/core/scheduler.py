"""Daily jobs without cron: every task worker checks once a minute whether a job's time has come
today; the first worker to record the day's run (a unique row) enqueues the task, so a job runs
exactly once a day however many workers there are, and a worker started late still runs the day's job.

Jobs are settings (`OCOP_DAILY_JOBS`: name → {"task": dotted path of a django task, "at": "HH:MM"}),
so this module names no app. Periodic jobs (`OCOP_PERIODIC_JOBS`: name → {"call": dotted path of a plain function,
"every": seconds}) run in every worker, for work that cannot wait a day (the verification counts, import jobs whose
worker died).
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


def run_periodic(name: str, job: dict) -> None:
    """One periodic job (`OCOP_PERIODIC_JOBS`: name → {"call": dotted path of a function, "every": seconds})."""
    try:
        import_string(job["call"])()
    except Exception:  # noqa: BLE001 - the job keeps what it could not do and runs again
        log.exception("periodic job %s failed", name)
    finally:
        close_old_connections()


def start_periodic() -> list[threading.Thread]:
    """Run each periodic job every `every` seconds in a background thread of the worker."""
    threads = []
    for name, job in getattr(settings, "OCOP_PERIODIC_JOBS", {}).items():

        def loop(name=name, job=job):
            while True:
                time.sleep(float(job.get("every", 5)))
                run_periodic(name, job)

        thread = threading.Thread(target=loop, name=f"periodic-{name}", daemon=True)
        thread.start()
        threads.append(thread)
    return threads
