"""In headless Chromium (Debian's, driven by Playwright): log in, import a spreadsheet through
the page, and see the dashboard numbers change. Phone-sized screen."""

import os

import pytest
from playwright.sync_api import expect


from .conftest import CHROMIUM, GOOD_ROWS, xlsx_bytes

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed (make test-deps)"),
]

SCREENSHOTS = os.environ.get("OCOP_SCREENSHOTS")


def shot(page, name):
    if SCREENSHOTS:
        os.makedirs(SCREENSHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


def figure(page, name) -> int:
    return int(page.locator(f'[data-figure="{name}"] b').inner_text().replace(".", "").replace(",", ""))


def test_officer_imports_a_register_and_sees_the_dashboard_change(demo, live_server, page, users, tmp_path):
    page.goto(f"{live_server.url}/dashboard/?province=96")
    assert page.locator("html").get_attribute("lang") == "vi"
    before = figure(page, "products")
    assert before == 77
    shot(page, "dashboard-before")

    page.get_by_role("link", name="Đăng nhập").click()
    page.fill("#id_username", "province@example.vn")
    page.fill("#id_password", "pw")
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Nhập dữ liệu").click()
    register = tmp_path / "so-ocop-ca-mau.xlsx"
    register.write_bytes(xlsx_bytes(GOOD_ROWS, title="DANH SÁCH SẢN PHẨM OCOP TỈNH CÀ MAU"))
    page.set_input_files("#id_file", str(register))
    page.get_by_role("button", name="Tải lên và nhập").click()
    page.wait_for_selector('#job-status[data-state="done"]', timeout=20_000)
    assert "5 quyết định công nhận mới" in page.locator("#import-summary").inner_text()
    shot(page, "import-done")

    page.goto(f"{live_server.url}/dashboard/?province=96")
    assert figure(page, "products") == before + len(GOOD_ROWS)
    page.select_option("select[name=year]", "2021")
    expect(page.locator("[data-figure=products] b")).to_have_text("48")  # no string eval: the pages' CSP forbids it
    shot(page, "dashboard-after-2021")


def test_a_broken_file_is_refused_in_the_page_with_its_rows(live_server, page, users, tmp_path):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "central")
    page.fill("#id_password", "pw")
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(f"{live_server.url}/imports/")
    rows = [list(r) for r in GOOD_ROWS]
    rows[1][7] = 7
    bad = tmp_path / "hong.xlsx"
    bad.write_bytes(xlsx_bytes(rows))
    page.set_input_files("#id_file", str(bad))
    page.get_by_role("button", name="Tải lên và nhập").click()
    page.wait_for_selector('#job-status[data-state="refused"]', timeout=20_000)
    table = page.locator("table.errors").inner_text()
    assert "Số sao" in table and "7" in table
    shot(page, "import-refused")


def test_deactivating_an_account_asks_first(live_server, page, users):
    """One click on "Khóa tài khoản" must not lock somebody out: the page asks, and "Cancel" changes nothing."""
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "province")
    page.fill("#id_password", "pw")
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(f"{live_server.url}/people/")
    clerk = users["commune"]  # a provincial office manages its communes' and producers' accounts
    form = page.locator(f'form[action="/people/{clerk.pk}/"]').filter(has=page.locator('button[value="deactivate"]'))
    questions = []

    def answer(dialog, accept):
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, False))
    form.get_by_role("button", name="Khóa tài khoản").click()
    page.wait_for_timeout(300)
    assert questions and "Khóa tài khoản của commune?" in questions[0] and "mở lại" in questions[0]
    clerk.refresh_from_db()
    assert clerk.is_active

    page.once("dialog", lambda dialog: answer(dialog, True))
    form.get_by_role("button", name="Khóa tài khoản").click()
    page.wait_for_load_state()
    expect(page.locator("p.msg").first).to_contain_text("không còn đăng nhập được")
    clerk.refresh_from_db()
    assert not clerk.is_active
