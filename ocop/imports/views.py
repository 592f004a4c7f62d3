from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language

from ocop.accounts.access import is_central, is_office

from .forms import ImportForm
from .models import ImportJob
from .tasks import run_import_job


def _may_import(user) -> bool:
    return is_office(user)


@login_required
def upload(request):
    if not _may_import(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = ImportJob.objects.create(
            user=request.user, file=upload, original_name=upload.name[:255], language=get_language(),
            dry_run=form.cleaned_data["dry_run"],
        )
        run_import_job.enqueue(job.pk)
        return redirect("imports:job", pk=job.pk)
    jobs = ImportJob.objects.filter(user=request.user)[:10]
    return render(request, "imports/upload.html", {"form": form, "jobs": jobs})


@login_required
def job(request, pk):
    job = get_object_or_404(ImportJob, pk=pk)
    if job.user_id != request.user.pk and not is_central(request.user):
        raise PermissionDenied
    template = "imports/job.html#status" if request.htmx else "imports/job.html"
    return render(request, template, {"job": job, "report": job.report})
