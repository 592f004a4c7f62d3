"""The life of an import job: started from an upload, run again as an import after a dry run
("import now", on the same stored file), restarted after a failure, and marked failed when its
worker stops giving signs of life.

While a job runs its worker writes `heartbeat_at` every HEARTBEAT_SECONDS (a thread beside the
import, and every progress report). A running job whose heartbeat is older than STALE_SECONDS
has lost its worker (killed, out of memory, machine restarted): the job page and the workers'
sweep (`sweep_stale_jobs`, every 15 s in `ocop worker`) mark it failed, so it shows as failed
within a minute. Nothing was written: the import writes in one transaction, which died with it.

"Import now" and "restart" are refused when the stored file is no longer the one checked (its
SHA-256 differs) or the person's scope is no longer the one it was checked under.
"""

import datetime as dt
import hashlib
import logging
import threading

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connections, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ocop.accounts.access import office_province_codes

from .models import ImportJob

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 10
STALE_SECONDS = 45


class JobRefused(Exception):
    """Why a job cannot be run again (shown to the person as it is)."""


def scope_key(user) -> str:
    """The provinces an office acts for, as a short text: "*" for the central office."""
    codes = office_province_codes(user)
    return "*" if codes is None else ",".join(sorted(codes))


def _single_province(user) -> str | None:
    codes = office_province_codes(user)
    return next(iter(codes)) if codes and len(codes) == 1 else None


def file_digest(handle) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1024 * 1024), b""):
        digest.update(chunk)
    return digest.hexdigest()


def start_job(*, user, upload, dry_run: bool) -> ImportJob:
    """Store the uploaded file, record who checks it under which scope, and hand it to the worker."""
    upload.seek(0)
    digest = file_digest(upload)
    upload.seek(0)
    job = ImportJob.objects.create(
        user=user, file=upload, original_name=upload.name[:255], language=get_language() or "vi", dry_run=dry_run,
        province_id=_single_province(user), scope_key=scope_key(user), file_sha256=digest,
    )
    _enqueue(job)
    return job


def _enqueue(job: ImportJob) -> None:
    from .tasks import run_import_job  # the task module imports this one

    run_import_job.enqueue(job.pk)


def _stored_file_unchanged(job: ImportJob) -> bool:
    try:
        with job.file.open("rb") as handle:
            return file_digest(handle) == job.file_sha256
    except (FileNotFoundError, ValueError, OSError):
        return False


def _again(job: ImportJob, user, *, dry_run: bool) -> ImportJob:
    """A new job over the same stored file, after the file and the scope are checked unchanged."""
    live = job.runs.exclude(state=ImportJob.State.FAILED).first()
    if live is not None:
        return live  # a second click does not import twice
    if not job.file_sha256 or not _stored_file_unchanged(job):
        raise JobRefused(_("The stored file is no longer the one that was checked. Upload the file again."))
    if scope_key(user) != job.scope_key:
        raise JobRefused(_("Your account's provinces have changed since the file was checked. "
                           "Upload the file again so it is checked for your current scope."))
    new = ImportJob.objects.create(
        user=user, file=job.file.name, original_name=job.original_name, language=get_language() or job.language,
        dry_run=dry_run, province_id=job.province_id, scope_key=job.scope_key, file_sha256=job.file_sha256, source=job,
    )
    _enqueue(new)
    return new


@transaction.atomic
def import_now(*, job: ImportJob, user) -> ImportJob:
    """Import the file a successful dry run checked: a new job, checked again as it is written."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if not (job.dry_run and job.state == ImportJob.State.CHECKED):
        raise JobRefused(_("Only a dry run that found no problem can be imported."))
    return _again(job, user, dry_run=False)


@transaction.atomic
def restart(*, job: ImportJob, user) -> ImportJob:
    """Run a failed job again (a dry run stays a dry run)."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.state != ImportJob.State.FAILED:
        raise JobRefused(_("Only a failed import can be restarted."))
    return _again(job, user, dry_run=job.dry_run)


# -- signs of life ---------------------------------------------------------------------------

def _stale_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) - dt.timedelta(seconds=STALE_SECONDS)


def _stale(queryset, now: dt.datetime | None = None):
    return queryset.filter(state=ImportJob.State.RUNNING, heartbeat_at__lt=_stale_cutoff(now))


WORKER_SEEN_KEY = "ocop:imports:worker-seen"
WORKER_SILENT_SECONDS = 60  # a worker sweeps every 15 s (OCOP_SWEEP_SECONDS); four sweeps missed: none is running
WAITING_SECONDS = 20  # a queued job younger than this is simply waiting its turn


def old_files_delete(now: dt.datetime | None = None) -> int:
    """Delete the stored files of the jobs finished more than OCOP_IMPORT_FILES_DAYS days ago (a register file holds
    producers' names, addresses and telephone numbers); each job keeps its report and its error sheet. A file that
    a job still running, waiting or finished since then shares ("import now" and "restart" reuse the stored file)
    is kept. A job whose file is gone cannot be imported or restarted: the person is asked to upload it again.
    Returns the number of files deleted."""
    days = settings.OCOP_IMPORT_FILES_DAYS
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    old = set(ImportJob.objects.filter(finished_at__lt=cutoff).exclude(file="").values_list("file", flat=True))
    recent = ImportJob.objects.exclude(finished_at__lt=cutoff).filter(file__in=old).values_list("file", flat=True)
    deleted = 0
    storage = ImportJob._meta.get_field("file").storage
    for name in sorted(old - set(recent)):
        try:
            storage.delete(name)
        except OSError:
            log.warning("stored import file %s could not be deleted; kept for the next run", name, exc_info=True)
            continue
        ImportJob.objects.filter(file=name).update(file="")
        deleted += 1
    if deleted:
        log.info("%s stored import file(s) older than %s days deleted", deleted, days)
    return deleted


def worker_seen(now: dt.datetime | None = None) -> None:
    """A worker is alive (its periodic sweep says so): in the shared cache, which every process reads."""
    cache.set(WORKER_SEEN_KEY, (now or timezone.now()).isoformat(), None)


def waiting_without_worker(job: ImportJob, now: dt.datetime | None = None) -> tuple[bool, dt.datetime | None]:
    """Whether a queued job waits with no worker running (none seen for WORKER_SILENT_SECONDS), and when one was
    last seen (None: never, in this shared cache)."""
    now = now or timezone.now()
    if job.state != ImportJob.State.QUEUED or (now - job.created_at).total_seconds() < WAITING_SECONDS:
        return False, None
    seen = cache.get(WORKER_SEEN_KEY)
    last = dt.datetime.fromisoformat(seen) if seen else None
    return last is None or (now - last).total_seconds() > WORKER_SILENT_SECONDS, last


def sweep_stale_jobs(now: dt.datetime | None = None) -> int:
    """Mark failed every running job whose worker has stopped beating; the number marked. (Run by every worker, so
    it also records that a worker is alive.)"""
    worker_seen(now)
    marked = _stale(ImportJob.objects.all(), now).update(
        state=ImportJob.State.FAILED, failure=ImportJob.Failure.STALE, finished_at=timezone.now(),
    )
    if marked:
        log.warning("%s import job(s) marked failed: their worker stopped", marked)
    return marked


def mark_if_stale(job: ImportJob, now: dt.datetime | None = None) -> ImportJob:
    """The job page's check: a job whose worker died is shown failed at once, not "running" forever."""
    if job.state == ImportJob.State.RUNNING and job.heartbeat_at and job.heartbeat_at < _stale_cutoff(now):
        try:
            marked = _stale(ImportJob.objects.filter(pk=job.pk), now).update(
                state=ImportJob.State.FAILED, failure=ImportJob.Failure.STALE, finished_at=timezone.now(),
            )
        except DatabaseError:  # SQLite busy with a long write: the sweep or the next poll will tell
            log.warning("import job %s looks stale but could not be marked now", job.pk, exc_info=True)
            return job
        if marked:
            job.refresh_from_db()
    return job


def beat(job_id: int, **fields) -> None:
    ImportJob.objects.filter(pk=job_id).update(heartbeat_at=timezone.now(), **fields)


class Heartbeat:
    """`with Heartbeat(job_id):` writes the job's heartbeat every HEARTBEAT_SECONDS from a thread
    while the body runs (reading a large workbook or writing rows reports no progress for a while)."""

    def __init__(self, job_id: int, period: float = HEARTBEAT_SECONDS):
        self.job_id, self.period = job_id, period
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"import-heartbeat-{job_id}", daemon=True)

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.period):
                try:
                    beat(self.job_id)
                except Exception:  # noqa: BLE001 - a locked database now and then: beat again next time
                    log.warning("heartbeat of import job %s not written", self.job_id, exc_info=True)
        finally:
            connections.close_all()  # this thread's own connections

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=self.period + 5)
