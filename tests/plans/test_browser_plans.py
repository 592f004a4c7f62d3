"""An officer opens the province's plan and downloads the report (headless Chromium)."""

import io

import pytest
from openpyxl import load_workbook


from ..test_browser import CHROMIUM, shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not __import__("os").path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]


def test_officer_opens_the_plan_and_downloads_the_report(demo, live_server, page, users):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "province")
    page.fill("#id_password", "pw")
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Kế hoạch").first.click()
    page.get_by_role("link", name="Cà Mau 2021").click()
    row = page.locator('tr[data-indicator="recognised_products"]')
    assert "147%" in row.inner_text() and "44" in row.inner_text()
    shot(page, "plan-ca-mau-2021")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Báo cáo (.xlsx)").click()
    content = open(download_info.value.path(), "rb").read()
    wb = load_workbook(io.BytesIO(content))
    progress = {r[0]: r for r in wb["Tiến độ kế hoạch"].iter_rows(values_only=True)}
    assert progress["recognised_products"][2:5] == (30, 44, 147)
