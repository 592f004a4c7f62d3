"""The import flow in headless Chromium on a Vietnamese phone: the template, a refused dry run and its
error report, a dry run then "import now" without uploading again, and a job whose worker died turning
failed on its page and restarted."""

import datetime as dt
import io
import os

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from ocop.imports import jobs
from ocop.imports.models import ImportJob
from ocop.recognitions.models import Recognition

from .conftest import CHROMIUM, GOOD_ROWS, xlsx_bytes
from .test_browser import shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed (make test-deps)"),
]


def log_in(page, base, who="province@example.vn"):
    page.goto(f"{base}/login/")
    page.fill("#id_username", who)
    page.fill("#id_password", "pw")
    page.get_by_role("button", name="Đăng nhập").click()


def upload(page, path, *, dry_run: bool):
    page.set_input_files("#id_file", str(path))
    if dry_run:
        page.check("#id_dry_run")
    page.get_by_role("button", name="Tải lên và nhập").click()


def workbook(download):
    with open(download.path(), "rb") as handle:  # the download's path has no extension
        return load_workbook(handle)


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_dry_run_then_import_now_and_the_error_report(live_server, page, users, tmp_path):
    log_in(page, live_server.url)
    page.get_by_role("link", name="Nhập dữ liệu").click()
    with page.expect_download() as template:
        page.get_by_role("link", name="Tải tệp mẫu (.xlsx)").click()
    ws = workbook(template.value)["Danh sách OCOP"]
    assert ws["A1"].value == "Tên sản phẩm (*)" and ws["F2"].value == "Cà Mau"
    no_sideways_scroll(page)
    shot(page, "import-upload-phone")

    rows = [list(r) for r in GOOD_ROWS]
    rows[2][7] = 7
    bad = tmp_path / "so-ocop-loi.xlsx"
    bad.write_bytes(xlsx_bytes(rows, title="DANH SÁCH SẢN PHẨM OCOP TỈNH CÀ MAU"))
    upload(page, bad, dry_run=True)
    page.wait_for_selector('#job-status[data-state="refused"]', timeout=20_000)
    assert "Phát hiện 1 lỗi; không ghi dữ liệu nào" in page.locator("#import-summary").inner_text()
    assert page.locator("#import-now").count() == 0
    with page.expect_download() as report:
        page.locator("#error-report").click()
    assert report.value.suggested_filename == "Báo cáo lỗi - so-ocop-loi.xlsx"
    sheet = workbook(report.value)["Dữ liệu và lỗi"]
    assert sheet["H5"].value == 7 and sheet["H5"].fill.fgColor.rgb.endswith("FFC7CE") and "Số sao" in sheet["M5"].value
    no_sideways_scroll(page)
    shot(page, "import-refused-report-phone")

    page.get_by_role("link", name="Nhập tệp khác").click()
    good = tmp_path / "so-ocop-ca-mau.xlsx"
    good.write_bytes(xlsx_bytes(GOOD_ROWS, title="DANH SÁCH SẢN PHẨM OCOP TỈNH CÀ MAU"))
    upload(page, good, dry_run=True)
    page.wait_for_selector('#job-status[data-state="checked"]', timeout=20_000)
    summary = page.locator("#import-summary").inner_text()
    assert "không phát hiện lỗi, chưa ghi dữ liệu nào" in summary and "5 quyết định công nhận mới" in summary
    assert Recognition.objects.count() == 0
    shot(page, "import-checked-phone")
    page.get_by_role("button", name="Nhập ngay").click()
    page.wait_for_selector('#job-status[data-state="done"]', timeout=20_000)
    assert "5 quyết định công nhận mới" in page.locator("#import-summary").inner_text()
    assert "Nhập tệp đã kiểm tra" in page.locator("main").inner_text()
    assert Recognition.objects.count() == len(GOOD_ROWS) and ImportJob.objects.count() == 3
    shot(page, "import-now-done-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    shot(page, "import-now-done-desktop")


def test_a_job_whose_worker_died_turns_failed_on_its_page_and_restarts(live_server, page, users, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    user = users["province"]
    almost = timezone.now() - dt.timedelta(seconds=jobs.STALE_SECONDS - 1)
    data = xlsx_bytes(GOOD_ROWS)
    job = ImportJob.objects.create(
        user=user, file=SimpleUploadedFile("so-ocop.xlsx", data), original_name="so-ocop.xlsx", dry_run=True,
        state="running", step="write", processed=5, total=5, province_id="96", scope_key=jobs.scope_key(user),
        file_sha256=jobs.file_digest(io.BytesIO(data)), started_at=almost, heartbeat_at=almost,
    )
    log_in(page, live_server.url)
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now())  # alive while we look
    page.goto(f"{live_server.url}/imports/{job.pk}/")
    step = page.locator("#job-step").inner_text()
    assert "không ghi dữ liệu nào" in step and "Đang ghi" not in step, "a dry run never says it writes"
    shot(page, "import-running-dry-phone")
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=almost)  # then no more beats: the worker is gone
    page.wait_for_selector('#job-status[data-state="failed"]', timeout=15_000)  # the page's poll finds it stale
    assert "Tiến trình xử lý lần nhập này đã dừng" in page.locator("#import-summary").inner_text()
    no_sideways_scroll(page)
    shot(page, "import-worker-died-phone")
    page.get_by_role("button", name="Chạy lại").click()
    page.wait_for_selector('#job-status[data-state="checked"]', timeout=20_000)
    assert ImportJob.objects.get(source=job).dry_run and Recognition.objects.count() == 0
