"""Import pages: upload, the job's progress and report, "import now" after a dry run, restart after a
failure, the template and the error report as .xlsx. Offices only; a job is seen by the office it was
run for (access.py through `ImportJob.objects.visible_to`) and run again only by the person who ran it."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ocop.accounts.access import is_office

from .forms import ImportForm
from .jobs import JobRefused, import_now, mark_if_stale, restart, start_job, waiting_without_worker
from .models import ImportJob
from .workbooks import error_report_response, template_response


def _office(request) -> None:
    if not is_office(request.user):
        raise PermissionDenied


def _visible_job(request, pk) -> ImportJob:
    _office(request)
    return get_object_or_404(ImportJob.objects.visible_to(request.user).select_related("user"), pk=pk)


def _own_job(request, pk) -> ImportJob:
    job = _visible_job(request, pk)
    if job.user_id != request.user.pk:
        raise PermissionDenied  # seen by the office, run again only by the person who checked it
    return job


@login_required
def upload(request):
    _office(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = start_job(user=request.user, upload=form.cleaned_data["file"], dry_run=form.cleaned_data["dry_run"])
        return redirect("imports:job", pk=job.pk)
    jobs = ImportJob.objects.filter(user=request.user)[:10]
    return render(request, "imports/upload.html", {"form": form, "jobs": jobs})


@login_required
def template(request):
    _office(request)
    return template_response(request.user)


@login_required
def job(request, pk):
    job = mark_if_stale(_visible_job(request, pk))
    template = "imports/job.html#status" if request.htmx else "imports/job.html"
    no_worker, worker_last_seen = waiting_without_worker(job)
    return render(request, template, {
        "job": job, "report": job.report, "mine": job.user_id == request.user.pk,
        "next_run": job.runs.exclude(state=ImportJob.State.FAILED).first(),
        "no_worker": no_worker, "worker_last_seen": worker_last_seen,
        "file_days": settings.OCOP_IMPORT_FILES_DAYS,
    })


def _run_again(request, pk, action):
    job = _own_job(request, pk)
    try:
        new = action(job=job, user=request.user)
    except JobRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("imports:job", pk=job.pk)
    return redirect("imports:job", pk=new.pk)


@login_required
@require_POST
def run_now(request, pk):
    return _run_again(request, pk, import_now)


@login_required
@require_POST
def run_again(request, pk):
    return _run_again(request, pk, restart)


@login_required
def report_xlsx(request, pk):
    job = _visible_job(request, pk)
    if not job.finished or not job.report:
        raise Http404("no report yet")
    return error_report_response(job)
