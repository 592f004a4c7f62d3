import logging

from django.tasks import task
from django.utils import timezone, translation

from .jobs import Heartbeat, beat, old_files_delete
from .models import ImportJob
from .service import register_import

log = logging.getLogger(__name__)

STEPS = {"read": ImportJob.Step.READ, "check": ImportJob.Step.CHECK, "write": ImportJob.Step.WRITE}


def _claim(job_id: int) -> bool:
    """Queued → running, once: a job already taken, or marked failed before a worker came, is left alone."""
    now = timezone.now()
    return bool(ImportJob.objects.filter(pk=job_id, state=ImportJob.State.QUEUED).update(
        state=ImportJob.State.RUNNING, step=ImportJob.Step.READ, started_at=now, heartbeat_at=now,
    ))


def _progress(job_id: int):
    def progress(done: int, total: int, phase: str) -> None:
        step = STEPS.get(phase)
        beat(job_id, processed=done, total=total, **({"step": step} if step else {}))
    return progress


@task()
def run_import_job(job_id: int) -> None:
    """Background import of an uploaded register: the job says which step it is on (reading, checking,
    writing) and beats while it runs, so a job whose worker died is seen as failed (jobs.py)."""
    if not _claim(job_id):
        log.warning("import job %s was not waiting; not run", job_id)
        return
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    with translation.override(job.language), Heartbeat(job_id):
        try:
            with job.file.open("rb") as handle:
                data = handle.read()
            report = register_import(
                data=data, filename=job.original_name, user=job.user, dry_run=job.dry_run, progress=_progress(job_id),
            )
        except Exception:
            log.exception("import job %s failed", job_id)
            ImportJob.objects.filter(pk=job_id).update(
                state=ImportJob.State.FAILED, failure=ImportJob.Failure.ERROR, step="", finished_at=timezone.now(),
            )
            raise
    if not report.ok:
        state = ImportJob.State.REFUSED
    elif job.dry_run:
        state = ImportJob.State.CHECKED
    else:
        state = ImportJob.State.DONE
    # What happened, even if a sweep took the job for dead meanwhile (its writes are what they are).
    ImportJob.objects.filter(pk=job_id).update(
        state=state, failure="", step="", report=report.as_dict(), processed=report.rows, total=report.rows,
        finished_at=timezone.now(),
    )


@task()
def import_files_cleanup_task() -> int:
    """The stored files of imports finished long ago deleted (`jobs.old_files_delete`); enqueued once a day by the
    worker's scheduler (OCOP_DAILY_JOBS)."""
    return old_files_delete()
