"""The "Done means" walk of issue 15 for people and plans, as a new provincial officer of Cà Mau would do it in
headless Chromium, without the admin: invite a commune officer and a council member who then log in, set the 2022
targets of the seed article (including 28-30 organisations), record budget lines and disbursements, correct one, and
download the 2022 report whose cumulative total is the total at the end of 2022 (not today's)."""

import datetime as dt
import io
import os
import re

import pytest
from django.core import mail
from openpyxl import load_workbook
from pypdf import PdfReader

from ocop.accounts.invitations import user_invite
from ocop.accounts.models import Role, User
from ocop.places.models import Commune, Province
from ocop.plans.models import Disbursement
from ocop.producers.models import Producer
from ocop.recognitions.models import Recognition

from ..conftest import make_product, recognise
from ..test_browser import CHROMIUM, SCREENSHOTS, shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]

# The 2022 plan of the seed article (/work/shared/seeds/000_…): standardise at least 40 products, recognise at least
# 30 new 3-4 star products, upgrade at least 3 from 3 to 4 stars, 28-30 economic organisations.
ARTICLE_TARGETS = {"products_standardised": "40", "new_3_4_star": "30", "upgrades_3_4": "3",
                   "new_economic_organisations": "28-30"}


def _link(outbox_item) -> str:
    return re.search(r"https?://[^/\s]+(/account/reset/\S+/)", outbox_item.body).group(1)


def _choose_password_and_log_in(chromium, live_server, message, login: str, password: str) -> str:
    """The invited person, in their own browser (a phone): the link from the mail, a password, then the login."""
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{live_server.url}{_link(message)}")
    page.fill("#id_new_password1", password)
    page.fill("#id_new_password2", password)
    page.get_by_role("button", name="Lưu mật khẩu mới").click()
    page.get_by_role("link", name="Đăng nhập").last.click()
    page.fill("#id_username", login)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    who = page.locator(".account .who").inner_text()
    context.close()
    return who


@pytest.fixture
def after_2022(demo):
    """Cà Mau recognitions in 2022 and after it: the 2022 report counts the first, never the second."""
    producers = list(Producer.objects.filter(province_id="96").order_by("pk")[:2])
    for i, day in enumerate([dt.date(2022, 4, 12), dt.date(2022, 11, 30), dt.date(2024, 3, 5), dt.date(2025, 8, 1)]):
        recognise(make_product(producers[i % 2], name=f"Sản phẩm thử {i}"), day=day)


def _invite(page, live_server, *, name, email, role, commune=None):
    page.goto(f"{live_server.url}/people/invite/")
    page.fill("#id_full_name", name)
    page.fill("#id_email", email)
    page.select_option("#id_role", label=role)
    if commune:
        page.get_by_label(commune, exact=True).check()
    page.get_by_role("button", name="Gửi lời mời").click()
    assert "Đã gửi lời mời" in page.locator("main").inner_text()


def test_a_new_ca_mau_officer_invites_people_plans_2022_and_downloads_the_report(after_2022, live_server, chromium, page,
                                                                                 users, tmp_path):
    ca_mau = Province.objects.get(code="96")
    user_invite(inviter=users["central"], email="tinh.camau@example.vn", full_name="Lê Thị Tỉnh", role=Role.PROVINCE,
                province=ca_mau, base_url=live_server.url)
    assert len(mail.outbox) == 1
    officer = _choose_password_and_log_in(chromium, live_server, mail.outbox[0], "tinh.camau@example.vn", "camau-2026-ocop")
    assert officer == "tinh.camau"

    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "tinh.camau@example.vn")
    page.fill("#id_password", "camau-2026-ocop")
    page.get_by_role("button", name="Đăng nhập").click()

    # -- people: a commune officer and a council member, who then log in --------------------------------
    page.get_by_role("link", name="Người dùng").first.click()
    page.get_by_role("link", name="Mời người dùng").click()
    page.fill("#id_full_name", "Nguyễn Văn Xã")
    page.fill("#id_email", "xa.camau@example.vn")
    page.select_option("#id_role", label="Cán bộ xã")
    page.get_by_role("button", name="Gửi lời mời").click()
    assert "Chọn ít nhất một xã" in page.locator("form.invite-form").inner_text(), "no commune ticked: said beside the field"
    shot(page, "people-invite-error-phone")
    commune = Commune.objects.filter(province=ca_mau).order_by("name").first()
    _invite(page, live_server, name="Nguyễn Văn Xã", email="xa.camau@example.vn", role="Cán bộ xã", commune=commune.name)
    _invite(page, live_server, name="Trần Thị Hội Đồng", email="hoidong.camau@example.vn", role="Thành viên hội đồng")
    page.goto(f"{live_server.url}/people/?state=never")
    listing = page.locator("#results").inner_text()
    assert "xa.camau@example.vn" in listing and "hoidong.camau@example.vn" in listing and "Đang chờ nhận lời mời" in listing
    shot(page, "people-pending-phone")
    mails = {m.to[0]: m for m in mail.outbox}
    assert _choose_password_and_log_in(chromium, live_server, mails["xa.camau@example.vn"], "xa.camau@example.vn",
                                       "xa-mat-khau-2026") == "xa.camau"
    assert _choose_password_and_log_in(chromium, live_server, mails["hoidong.camau@example.vn"], "hoidong.camau",
                                       "hd-mat-khau-2026") == "hoidong.camau"
    page.goto(f"{live_server.url}/people/?q=camau")
    assert page.locator('[data-state="active"]').count() == 2
    assert User.objects.get(email="xa.camau@example.vn").communes.get() == commune
    page.set_viewport_size({"width": 1280, "height": 900})
    shot(page, "people-active-desktop")
    page.get_by_role("link", name="Lịch sử: thay đổi tài khoản và đăng nhập không thành công").click()
    assert page.locator("tr.change").count() >= 4
    shot(page, "people-history-desktop")
    page.set_viewport_size({"width": 390, "height": 844})

    # -- the 2022 plan: the article's targets ---------------------------------------------------------
    page.get_by_role("link", name="Kế hoạch").first.click()
    page.fill("#id_year", "2022")
    page.get_by_role("button", name="Tạo kế hoạch").click()
    page.locator("#targets summary").click()
    page.fill("#id_t_new_economic_organisations", "30-28")
    page.get_by_role("button", name="Lưu chỉ tiêu").click()
    assert "bị ngược" in page.locator("#targets").inner_text(), "the error sits beside the box"
    shot(page, "plan-target-error-phone")
    for code, value in ARTICLE_TARGETS.items():
        page.fill(f"#id_t_{code}", value)
    page.get_by_role("button", name="Lưu chỉ tiêu").click()
    organisations = page.locator('tr[data-indicator="new_economic_organisations"]')
    assert organisations.locator("[data-target]").inner_text() == "28–30"
    assert organisations.locator("[data-judgement]").count() == 1

    # -- budget lines and disbursements, one corrected ---------------------------------------------
    for activity, amount in (("Hỗ trợ chủ thể (chứng nhận HACCP, ISO...)", "1.250.000.000"),
                             ("Xúc tiến thương mại", "350.000.000")):
        page.locator("summary", has_text="Thêm khoản dự toán").click()
        page.select_option("#id_activity", label=activity)
        page.fill("#id_allocation", amount)
        page.get_by_role("button", name="Thêm", exact=True).click()
    for activity, day, amount, document in (("Hỗ trợ chủ thể", "15/03/2022", "300.000.000", "CT 15/2022"),
                                            ("Xúc tiến thương mại", "01/06/2022", "120.000.000", "CT 41/2022")):
        page.locator("summary", has_text="Ghi nhận giải ngân").click()
        page.select_option("#id_line", label=next(o for o in page.locator("#id_line option").all_inner_texts()
                                                  if o.startswith(activity)))
        page.fill("#id_date", "-".join(reversed(day.split("/"))))  # the browser's date picker (dd/mm/yyyy on screen)
        page.fill("#id_amount", amount)
        page.fill("#id_document", document)
        page.get_by_role("button", name="Ghi nhận", exact=True).click()
    ours = Disbursement.objects.filter(line__plan__province_id="96", line__plan__year=2022)
    assert ours.count() == 2
    page.locator('tr[data-disbursement]').filter(has_text="120.000.000").get_by_role("link", name="Sửa hoặc xóa").click()
    page.fill("#id_amount", "102.000.000")
    page.get_by_role("button", name="Lưu nội dung sửa").click()
    assert "Đã sửa khoản giải ngân" in page.locator("main").inner_text()
    assert sorted(ours.values_list("amount", flat=True)) == [102_000_000, 300_000_000]
    page.locator("#budget").scroll_into_view_if_needed()
    shot(page, "plan-2022-phone")
    page.get_by_role("link", name="Lịch sử giải ngân (các lần sửa và xóa)").click()
    history = page.locator("main").inner_text()
    assert "120.000.000" in history and "102.000.000" in history and "đã sửa" in history
    page.go_back()
    page.set_viewport_size({"width": 1280, "height": 900})
    shot(page, "plan-2022-desktop")

    # -- the 2022 report: cumulative total at 31/12/2022 --------------------------------------------
    at_end_of_2022 = Recognition.objects.filter(province_id="96", decision_date__lte=dt.date(2022, 12, 31)).values(
        "product").distinct().count()
    today = Recognition.objects.filter(province_id="96").values("product").distinct().count()
    assert at_end_of_2022 == 79 and today == 81, "the demo's 77 by the end of 2021, 2 in 2022 and 2 after"
    with page.expect_download() as xlsx:
        page.get_by_role("link", name="Báo cáo (.xlsx)").click()
    wb = load_workbook(io.BytesIO(open(xlsx.value.path(), "rb").read()))
    summary = {row[0]: row for row in wb["Tổng hợp"].iter_rows(values_only=True) if row and row[0]}
    assert summary["Tổng số sản phẩm OCOP lũy kế đến 31/12/2022"][1] == at_end_of_2022
    progress = {row[0]: row for row in wb["Tiến độ kế hoạch"].iter_rows(values_only=True)}
    assert progress["new_economic_organisations"][2] == "28-30" and progress["new_economic_organisations"][6]
    money = {row[0]: row for row in wb["Kinh phí"].iter_rows(values_only=True)}
    assert money["Tổng cộng"][1:3] == (1_600_000_000, 402_000_000)
    pdf_url = page.get_by_role("link", name="Báo cáo (PDF)").get_attribute("href")
    response = page.request.get(f"{live_server.url}{pdf_url}")  # the officer's session (the browser shows it inline)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    content = response.body()
    if SCREENSHOTS:
        open(os.path.join(SCREENSHOTS, "report-ca-mau-2022.pdf"), "wb").write(content)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert re.search(rf"lũy\s+kế đến 31/12/2022\s+{at_end_of_2022}\s+77\s", text), "cumulative at 31/12/2022, then 2021"
    assert "TM. ỦY BAN NHÂN DÂN" in text and "CHỦ TỊCH" in text and "28–30" in text
    assert re.search(r"1\.250\.000\.000[ \u00a0]đ", text), "money on one line"
