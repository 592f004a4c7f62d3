import logging

from django.tasks import task
from django.utils import timezone, translation

from .models import ImportJob
from .service import register_import

log = logging.getLogger(__name__)


@task()
def run_import_job(job_id: int) -> None:
    """Background import of an uploaded register, updating the job's progress as it goes."""
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    ImportJob.objects.filter(pk=job_id).update(state=ImportJob.State.RUNNING)

    def progress(done: int, total: int, phase: str) -> None:
        ImportJob.objects.filter(pk=job_id).update(processed=done, total=total)

    with translation.override(job.language):
        try:
            with job.file.open("rb") as handle:
                data = handle.read()
            report = register_import(
                data=data, filename=job.original_name, user=job.user, dry_run=job.dry_run, progress=progress
            )
        except Exception:
            log.exception("import job %s failed", job_id)
            ImportJob.objects.filter(pk=job_id).update(state=ImportJob.State.FAILED, finished_at=timezone.now())
            raise
    if not report.ok:
        state = ImportJob.State.REFUSED
    elif job.dry_run:
        state = ImportJob.State.CHECKED
    else:
        state = ImportJob.State.DONE
    ImportJob.objects.filter(pk=job_id).update(
        state=state, report=report.as_dict(), processed=report.rows, total=report.rows, finished_at=timezone.now()
    )
