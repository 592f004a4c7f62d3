"""The whole path in headless Chromium on a phone-sized screen: the producer submits, the commune
confirms, the province returns it for a test report, the producer adds one from the vault, the
council scores, the product is recognised and appears in the register."""

import datetime as dt

import pytest

from ocop.evaluation.services.dossiers import dossier_attach, dossier_create

from ..criteria.test_engine import GOLDEN_26_08
from ..test_browser import CHROMIUM, shot
from .conftest import PDF

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not __import__("os").path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]


def login(page, base, username):
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.get_by_role("button", name="Đăng nhập").click()


def act(page, action, **fields):
    form = page.locator(f'form[data-action="{action}"]')
    for name, value in fields.items():
        if value is True:
            form.locator(f'input[name="{name}"]').check()
        else:
            form.locator(f'[name="{name}"]').fill(value)
    form.locator("button[type=submit]").click()


def test_the_whole_path_on_a_phone(live_server, page, users, vault, council, tmp_path):
    base = live_server.url
    council, seats = council
    dossier = dossier_create(product=vault["product"], kind="first", stars_sought=3, user=users["producer"])
    for kind in ("registration_form", "self_assessment_report"):
        dossier_attach(dossier=dossier, kind=kind, document=vault["docs"][kind], user=users["producer"])
    url = f"{base}/dossiers/{dossier.pk}/"

    login(page, base, "producer")
    page.goto(url)
    act(page, "submit")
    assert page.locator("[data-state]").get_attribute("data-state") == "submitted"

    login(page, base, "commune")
    page.goto(url)
    act(page, "commune_confirm", lc_origin=True, lc_labour=True, lc_idea=True, lc_identity=True)
    assert page.locator("[data-state]").get_attribute("data-state") == "commune_confirmed"

    login(page, base, "province")
    page.goto(url)
    act(page, "return", reason="Cần phiếu kiểm nghiệm mới nhất")
    assert page.locator("[data-state]").get_attribute("data-state") == "returned"

    login(page, base, "producer")
    page.goto(f"{base}/dossiers/vault/")
    report = tmp_path / "kiem-nghiem.pdf"
    report.write_bytes(PDF)
    page.select_option("select[name=kind]", "test_report")
    page.fill("input[name=title]", "Phiếu kiểm nghiệm 2026")
    page.select_option("select[name=product]", str(vault["product"].pk))
    page.fill("input[name=issued_on]", dt.date.today().isoformat())
    page.set_input_files("input[name=file]", str(report))
    page.get_by_role("button", name="Thêm vào kho").click()
    page.goto(url)
    attach = page.locator('li[data-kind="test_report"] form')
    attach.locator("select").select_option(label=f"Phiếu kiểm nghiệm 2026 ({dt.date.today():%d/%m/%Y})")
    attach.locator("button").click()
    act(page, "resubmit")
    assert page.locator("[data-state]").get_attribute("data-state") == "commune_confirmed"
    shot(page, "dossier-resubmitted")

    login(page, base, "province")
    page.goto(url)
    act(page, "accept")

    login(page, base, "council_secretary")
    page.goto(f"{base}/councils/")
    page.locator("summary").click()
    page.fill("input[name=date]", (dt.date.today() + dt.timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Lên lịch").click()
    page.get_by_role("button", name="Thêm").click()
    page.get_by_role("button", name="Mở phiên họp").click()
    session_url = page.url

    for name in ("chair", "m1", "m2", "m3"):
        login(page, base, f"council_{name}")
        page.goto(session_url)
        page.get_by_role("link", name="Chấm điểm").first.click()
        for criterion, option in GOLDEN_26_08.items():
            page.locator(f'input[name="{criterion}"][value="{option}"]').check()
        if name == "chair":
            shot(page, "council-score-phone")
        page.get_by_role("button", name="Gửi điểm của tôi").click()

    login(page, base, "council_secretary")
    page.goto(session_url)
    page.get_by_role("button", name="Kết thúc phiên họp (khóa điểm)").click()
    assert "64,00" in page.inner_text("main") or "64.00" in page.inner_text("main")

    login(page, base, "province")
    page.goto(url)
    act(page, "recognise", decision_number="101/QĐ-UBND", decision_date=dt.date.today().isoformat())
    assert page.locator("[data-state]").get_attribute("data-state") == "recognised"
    history = page.inner_text("ul.history")
    assert "Cần phiếu kiểm nghiệm mới nhất" in history and "cán bộ xã" in history
    shot(page, "dossier-recognised")
    page.goto(f"{base}/?q=kho+ca+dua")
    assert "Khô cá dứa" in page.inner_text("ul.products")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
