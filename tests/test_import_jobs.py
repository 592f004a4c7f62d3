"""Import jobs through the pages: a dry run then "import now" on the same stored file (refused when the file
or the person's scope changed), progress wording by step, a job whose worker died marked failed and
restarted, and who may see, run, restart and download what."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ocop.imports import jobs
from ocop.imports.models import ImportJob
from ocop.imports.service import register_import
from ocop.imports.tasks import run_import_job
from ocop.recognitions.models import Recognition

from .conftest import GOOD_ROWS, xlsx_bytes

pytestmark = pytest.mark.django_db


def dry_run(client, user, rows=GOOD_ROWS) -> ImportJob:
    client.force_login(user)
    response = client.post("/imports/", {"file": SimpleUploadedFile("so-ocop.xlsx", xlsx_bytes(rows)), "dry_run": "on"})
    assert response.status_code == 302
    return ImportJob.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[1])


def test_import_now_runs_the_checked_file_once_without_a_new_upload(client, users):
    job = dry_run(client, users["province"])
    assert job.state == "checked" and Recognition.objects.count() == 0
    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert 'id="import-now"' in page and "không phát hiện lỗi, chưa ghi dữ liệu nào" in page
    response = client.post(f"/imports/{job.pk}/import/")
    imported = ImportJob.objects.get(source=job)
    assert response["Location"] == f"/imports/{imported.pk}/"
    assert imported.state == "done" and not imported.dry_run and imported.file.name == job.file.name
    assert Recognition.objects.count() == len(GOOD_ROWS)
    again = client.post(f"/imports/{job.pk}/import/")  # a second click
    assert again["Location"] == f"/imports/{imported.pk}/" and ImportJob.objects.count() == 2
    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert 'id="import-now"' not in page and f"/imports/{imported.pk}/" in page


def test_import_now_is_refused_when_the_stored_file_changed(client, users):
    job = dry_run(client, users["province"])
    with open(job.file.path, "wb") as handle:
        handle.write(xlsx_bytes(GOOD_ROWS[:1]))
    page = client.post(f"/imports/{job.pk}/import/", follow=True).content.decode()
    assert "Tệp đã lưu không còn là tệp đã được kiểm tra" in page
    assert ImportJob.objects.count() == 1 and Recognition.objects.count() == 0


def test_import_now_is_refused_when_the_scope_changed(client, users, other_province):
    job = dry_run(client, users["central"])
    users["central"].role, users["central"].province = "province", other_province
    users["central"].save()
    response = client.post(f"/imports/{job.pk}/import/", follow=True)
    # Now a Cần Thơ officer: the central office's job is out of sight, and nothing is written.
    assert response.status_code == 404 and Recognition.objects.count() == 0
    job = dry_run(client, users["province"])
    users["province"].role = "central"
    users["province"].save()
    page = client.post(f"/imports/{job.pk}/import/", follow=True).content.decode()
    assert "Phạm vi tỉnh của tài khoản bạn đã thay đổi" in page
    assert Recognition.objects.count() == 0 and not ImportJob.objects.filter(source=job).exists()


def test_a_refused_dry_run_cannot_be_imported(client, users):
    rows = [list(r) for r in GOOD_ROWS]
    rows[0][7] = 9
    job = dry_run(client, users["province"], rows)
    assert job.state == "refused"
    page = client.post(f"/imports/{job.pk}/import/", follow=True).content.decode()
    assert "Chỉ nhập được tệp đã chạy thử mà không phát hiện lỗi" in page and Recognition.objects.count() == 0


def running(user, *, dry: bool, step: str, beat_seconds_ago: int = 1) -> ImportJob:
    now = timezone.now()
    data = xlsx_bytes(GOOD_ROWS)  # once: the workbook records when it was written, so two calls may differ
    return ImportJob.objects.create(
        user=user, file=SimpleUploadedFile("r.xlsx", data), original_name="r.xlsx",
        dry_run=dry, state="running", step=step, processed=3, total=5, province_id=user.province_id,
        scope_key=jobs.scope_key(user), file_sha256=jobs.file_digest(io.BytesIO(data)),
        started_at=now - dt.timedelta(seconds=beat_seconds_ago), heartbeat_at=now - dt.timedelta(seconds=beat_seconds_ago),
    )


@pytest.mark.parametrize("dry,step,says,never", [
    (True, "read", "Đang đọc tệp…", "Đang ghi"),
    (True, "check", "Đang kiểm tra các dòng…", "Đang ghi"),
    (True, "write", "không ghi dữ liệu nào", "Đang ghi"),
    (False, "check", "Đang kiểm tra các dòng…", "Đang ghi"),
    (False, "write", "Đang ghi vào sổ đăng ký…", "chạy thử"),
])
def test_progress_says_the_step_and_a_dry_run_never_says_it_writes(client, users, dry, step, says, never):
    job = running(users["province"], dry=dry, step=step)
    client.force_login(users["province"])
    status = client.get(f"/imports/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert says in status and never not in status
    assert 'data-state="running"' in status and "3/5 dòng" in status


def test_the_import_reports_its_steps_in_order():
    phases = []
    register_import(data=xlsx_bytes(GOOD_ROWS), filename="r.xlsx", dry_run=True,
                    progress=lambda done, total, phase: phases.append(phase))
    assert phases == ["check", "write", "done"]
    refused = []
    rows = [list(r) for r in GOOD_ROWS]
    rows[0][7] = 9
    register_import(data=xlsx_bytes(rows), filename="r.xlsx", progress=lambda d, t, phase: refused.append(phase))
    assert refused == ["check"], "a refused file never reaches the writing step"


def test_a_job_whose_worker_died_is_failed_on_its_page_and_can_be_restarted(client, users):
    job = running(users["province"], dry=False, step="check", beat_seconds_ago=jobs.STALE_SECONDS + 5)
    client.force_login(users["province"])
    page = client.get(f"/imports/{job.pk}/").content.decode()
    job.refresh_from_db()
    assert job.state == "failed" and job.failure == "stale" and job.finished_at
    assert "Tiến trình xử lý lần nhập này đã dừng" in page and "Không có dữ liệu nào được ghi" in page
    assert 'id="restart"' in page
    response = client.post(f"/imports/{job.pk}/restart/")
    again = ImportJob.objects.get(source=job)
    assert response["Location"] == f"/imports/{again.pk}/" and again.state == "done" and not again.dry_run
    assert Recognition.objects.count() == len(GOOD_ROWS)
    assert "Xem lần chạy lại" in client.get(f"/imports/{job.pk}/").content.decode()


def test_the_workers_sweep_fails_stale_jobs_only(users):
    stale = running(users["province"], dry=True, step="read", beat_seconds_ago=jobs.STALE_SECONDS + 1)
    alive = running(users["province"], dry=True, step="check", beat_seconds_ago=5)
    assert jobs.sweep_stale_jobs() == 1
    stale.refresh_from_db()
    alive.refresh_from_db()
    assert (stale.state, stale.failure, alive.state) == ("failed", "stale", "running")
    later = timezone.now() + dt.timedelta(seconds=jobs.STALE_SECONDS)
    assert jobs.sweep_stale_jobs(now=later) == 1  # within a minute of its last beat


def test_the_sweep_is_one_of_the_workers_periodic_jobs(settings, users, monkeypatch):
    from ocop.core import scheduler

    monkeypatch.setattr(scheduler, "close_old_connections", lambda: None)  # the test's connection holds its transaction

    running(users["province"], dry=True, step="read", beat_seconds_ago=jobs.STALE_SECONDS + 1)
    scheduler.run_periodic("stale_import_jobs", settings.OCOP_PERIODIC_JOBS["stale_import_jobs"])
    assert ImportJob.objects.get().state == "failed"


def test_a_task_runs_only_a_waiting_job(users):
    job = running(users["province"], dry=False, step="check", beat_seconds_ago=jobs.STALE_SECONDS + 1)
    jobs.sweep_stale_jobs()
    run_import_job.call(job.pk)  # a late worker picking the failed job up
    job.refresh_from_db()
    assert job.state == "failed" and Recognition.objects.count() == 0


def test_only_a_failed_job_can_be_restarted(client, users):
    job = dry_run(client, users["province"])
    page = client.post(f"/imports/{job.pk}/restart/", follow=True).content.decode()
    assert "Chỉ chạy lại được lần nhập bị thất bại" in page and ImportJob.objects.count() == 1


# -- who may see, run, restart and download ------------------------------------------------------

def _urls(job):
    return {"see": f"/imports/{job.pk}/", "report": f"/imports/{job.pk}/report.xlsx"}, {
        "run": f"/imports/{job.pk}/import/", "restart": f"/imports/{job.pk}/restart/"}


@pytest.mark.parametrize("who,reads,writes", [
    ("other_province", 404, 404),
    ("commune", 403, 403),
    ("producer", 403, 403),
    ("nobody", 403, 403),
    ("central", 200, 403),         # the central office sees every job, runs only its own
    ("province_clerk", 200, 403),  # a colleague of the same province sees it, does not run it
])
def test_others_cannot_see_run_restart_or_download_a_job(client, users, who, reads, writes):
    rows = [list(r) for r in GOOD_ROWS]
    rows[0][7] = 9
    refused = dry_run(client, users["province"], rows)
    checked = dry_run(client, users["province"])
    failed = running(users["province"], dry=True, step="read", beat_seconds_ago=jobs.STALE_SECONDS + 1)
    jobs.sweep_stale_jobs()
    client.force_login(users[who])
    for job in (refused, checked, failed):
        read_urls, write_urls = _urls(job)
        for url in read_urls.values():
            expected = 404 if reads == 200 and url.endswith(".xlsx") and job is failed else reads
            assert client.get(url).status_code == expected, (who, url)
        for url in write_urls.values():
            assert client.post(url).status_code == writes, (who, url)
    assert ImportJob.objects.count() == 3 and Recognition.objects.count() == 0


def test_anonymous_visitors_are_sent_to_log_in(client, users):
    job = dry_run(client, users["province"])
    client.logout()
    for url in (f"/imports/{job.pk}/", f"/imports/{job.pk}/report.xlsx", "/imports/mau-danh-sach-ocop.xlsx"):
        assert client.get(url).status_code == 302
    assert client.post(f"/imports/{job.pk}/import/").status_code == 302
    assert ImportJob.objects.count() == 1


def test_the_upload_page_lists_only_ones_own_jobs(client, users):
    dry_run(client, users["province"])
    client.force_login(users["province_clerk"])
    assert "so-ocop.xlsx" not in client.get("/imports/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_heartbeat_thread_beats_while_the_job_runs(users):
    job = running(users["province"], dry=True, step="read", beat_seconds_ago=100)
    before = job.heartbeat_at
    with jobs.Heartbeat(job.pk, period=0.05):
        import time

        time.sleep(0.3)
    job.refresh_from_db()
    assert job.heartbeat_at > before


def test_a_job_that_fails_on_an_error_says_so_and_a_vanished_file_cannot_be_restarted(client, users):
    client.force_login(users["province"])
    upload = SimpleUploadedFile("r.xlsx", xlsx_bytes(GOOD_ROWS))
    job = jobs.start_job(user=users["province"], upload=upload, dry_run=True)
    job.file.storage.delete(job.file.name)
    ImportJob.objects.filter(pk=job.pk).update(state="queued")
    run_import_job.enqueue(job.pk)  # the worker finds no file
    job.refresh_from_db()
    assert (job.state, job.failure) == ("failed", "error")
    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert "Việc nhập bị dừng do lỗi ngoài dự kiến" in page and 'id="restart"' in page
    page = client.post(f"/imports/{job.pk}/restart/", follow=True).content.decode()
    assert "Tệp đã lưu không còn là tệp đã được kiểm tra" in page and ImportJob.objects.count() == 1


def test_a_job_waiting_with_no_worker_running_says_so_until_a_worker_sweeps(client, users):
    """A queued job says nothing for its first seconds (its turn is coming); after that, with no worker seen for a
    minute, the page says no background worker runs, when one was last seen, and that nothing is lost."""
    from django.core.cache import cache

    cache.delete(jobs.WORKER_SEEN_KEY)
    job = running(users["province"], dry=True, step="read")
    ImportJob.objects.filter(pk=job.pk).update(state="queued", started_at=None, heartbeat_at=None)
    client.force_login(users["province"])

    def page():
        return client.get(f"/imports/{job.pk}/", headers={"HX-Request": "true"}).content.decode()

    assert "Đang chờ tiến trình xử lý nền" in page() and 'id="no-worker"' not in page()  # just queued
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(minutes=3))
    assert "Không có tiến trình xử lý nền nào đang chạy." in page()  # never seen
    jobs.worker_seen(timezone.now() - dt.timedelta(minutes=2))
    seen = page()
    assert 'id="no-worker"' in seen and "lần cuối thấy lúc" in seen and "không mất dữ liệu nào" in seen
    jobs.sweep_stale_jobs()  # a worker runs again
    assert 'id="no-worker"' not in page() and "Đang chờ tiến trình xử lý nền" in page()


def test_stored_files_of_imports_finished_long_ago_are_deleted_and_the_jobs_keep_their_reports(client, users, settings):
    """A register file holds producers' contacts: 90 days (OCOP_IMPORT_FILES_DAYS) after its import finished the
    stored file is deleted, unless a newer job shares it; the job keeps its page and error sheet, and "import now"
    asks for the file again."""
    settings.OCOP_IMPORT_FILES_DAYS = 90
    bad_rows = [[*GOOD_ROWS[0][:7], 9, *GOOD_ROWS[0][8:]]]  # 9 stars
    old = dry_run(client, users["province"])  # checked: could be imported
    refused = dry_run(client, users["province"], rows=bad_rows)
    shared = dry_run(client, users["province"])
    again = jobs.import_now(job=shared, user=users["province"])  # reuses the stored file of `shared`
    long_ago = timezone.now() - dt.timedelta(days=100)
    ImportJob.objects.filter(pk__in=[old.pk, refused.pk, shared.pk]).update(finished_at=long_ago)
    ImportJob.objects.filter(pk=again.pk).update(finished_at=timezone.now() - dt.timedelta(days=10))
    storage = ImportJob._meta.get_field("file").storage
    old_name, refused_name, shared_name = old.file.name, refused.file.name, shared.file.name
    assert all(storage.exists(name) for name in (old_name, refused_name, shared_name))

    assert jobs.old_files_delete() == 2
    assert not storage.exists(old_name) and not storage.exists(refused_name)
    assert storage.exists(shared_name)  # a job of ten days ago still uses it
    old.refresh_from_db()
    assert not old.file
    page = client.get(f"/imports/{old.pk}/").content.decode()
    assert "chưa ghi dữ liệu nào" in page  # the dry run's report is still shown
    assert 'id="import-now"' not in page and "Tệp đã lưu được xóa 90 ngày sau" in page
    report = client.get(f"/imports/{refused.pk}/report.xlsx")
    assert report.status_code == 200 and b"".join(report.streaming_content)[:2] == b"PK"  # its problems, no rows
    with pytest.raises(jobs.JobRefused, match="Upload the file again|Hãy tải tệp lên lại"):
        jobs.import_now(job=old, user=users["province"])
    assert jobs.old_files_delete() == 0


def test_the_file_cleanup_is_one_of_the_daily_jobs(settings):
    from django.utils.module_loading import import_string

    job = settings.OCOP_DAILY_JOBS["import_files"]
    task = import_string(job["task"])
    assert task.func() == 0  # nothing old to delete; the task runs the cleanup
