"""A new provincial officer of Cà Mau records the seed article's promotion figures for 2021 in the office's
pages (no admin), on a phone: 5 tourism display points, 29 products of 16 producers in distribution systems,
3 products exported to Australia, Canada and Singapore, and a fair with its participants; then reads the
figures back. The demo register gives the products; its promotion records are removed first."""

import datetime as dt
import unicodedata

import pytest
from playwright.sync_api import expect

from ocop.accounts.models import Role, User
from ocop.places.models import Commune, Province
from ocop.producers.models import Product
from ocop.promotion.models import Channel, Event, ExportRecord, Listing, PointOfSale

from ..test_browser import CHROMIUM, shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not __import__("os").path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]

PLACES = ["Khu du lịch Mũi Cà Mau", "Khu du lịch Hòn Đá Bạc", "Vườn quốc gia U Minh Hạ", "Chợ nổi Cà Mau", "Đầm Thị Tường"]


def _seed_plan():
    """What the article reports, taken from the demo's records (which products, which channels, since when),
    then the records removed: the officer enters them again through the pages."""
    listings = [(l.channel_id, l.product_id, l.since) for l in Listing.objects.filter(
        product__producer__province_id="96").order_by("pk")]
    exports = sorted({(e.product_id, e.country) for e in ExportRecord.objects.filter(product__producer__province_id="96")})
    shown = list(PointOfSale.objects.filter(province_id="96").values_list("products", flat=True).distinct()[:10])
    Listing.objects.all().delete()
    ExportRecord.objects.all().delete()
    PointOfSale.objects.all().delete()
    Event.objects.all().delete()
    return listings, exports, shown


def _fold(text: str) -> str:
    return unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D")).encode("ascii", "ignore").decode().lower()


def _log_in(page, url, username):
    page.goto(f"{url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-ca-mau-2026")
    page.get_by_role("button", name="Đăng nhập").click()


def _points(page, shown):
    communes = list(Commune.objects.filter(province_id="96").order_by("code").values_list("code", flat=True)[:5])
    for i, place in enumerate(PLACES):
        page.get_by_role("link", name="Thêm điểm bán").click()
        page.fill("#id_name", f"Điểm trưng bày OCOP {place}")
        page.select_option("#id_kind", "tourism_display")
        page.select_option("#id_commune", communes[i])
        page.fill("#id_address", place)
        page.fill("#id_phone", "0290 3831 234")
        page.fill("#id_opening_hours", "7:00–17:00 hằng ngày")
        page.fill("#id_opened_on", "01/06/2021")
        if i == 0:  # the list of the province's products is searched, accents ignored
            name = Product.objects.get(pk=shown[0]).name
            page.fill('[data-filter-for="id_products"]', _fold(name))
            expect(page.locator(f'input[name="products"][value="{shown[0]}"]')).to_be_visible()
            assert page.locator("#id_products > div:visible").count() < page.locator("#id_products > div").count()
            page.check(f'input[name="products"][value="{shown[0]}"]')
            page.fill('[data-filter-for="id_products"]', "")
        for pk in shown[2 * i:2 * i + 2]:
            page.check(f'input[name="products"][value="{pk}"]')
        if i == 0:
            page.fill("#id_latitude", "8.6")  # a typing slip: refused beside the field, nothing written
            page.get_by_role("button", name="Lưu").click()
            expect(page.locator("#id_longitude_error")).to_contain_text("vĩ độ và kinh độ")
            shot(page, "promotion-point-refused")
            page.fill("#id_longitude", "104.72")
        page.get_by_role("button", name="Lưu").click()
        expect(page.locator(".msg")).to_contain_text("Đã lưu")


def _listings(page, url, listings):
    for channel_id, product_id, since in listings:
        page.goto(f"{url}/promotion/channels/{channel_id}/")
        page.select_option("#id_product", str(product_id))
        page.fill("#id_since", since.strftime("%d/%m/%Y"))
        page.get_by_role("button", name="Ghi nhận").click()
        expect(page.locator(".msg")).to_contain_text("Đã ghi nhận")


def _exports(page, url, exports):
    for product_id, country in exports:
        page.goto(f"{url}/promotion/exports/new/")
        page.select_option("#id_product", str(product_id))
        page.select_option("#id_country", country)
        page.fill("#id_year", "2021")
        page.get_by_role("button", name="Lưu").click()
        expect(page.locator(".msg")).to_contain_text("Đã lưu")


def _fair(page, url, producer_id, product_id):
    page.goto(f"{url}/promotion/events/")
    page.get_by_role("link", name="Thêm sự kiện").click()
    page.fill("#id_name", "Hội chợ kết nối cung cầu sản phẩm OCOP Cà Mau")
    page.select_option("#id_kind", "trade_conference")
    page.fill("#id_starts_on", "14/12/2021")
    page.fill("#id_ends_on", "10/12/2021")
    page.fill("#id_place", "Trung tâm Hội nghị tỉnh Cà Mau")
    page.fill("#id_booths", "52")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#id_ends_on_error")).to_have_text("Ngày kết thúc không thể trước ngày bắt đầu.")
    page.fill("#id_starts_on", "10/12/2021")
    page.fill("#id_ends_on", "14/12/2021")
    page.get_by_role("button", name="Lưu").click()
    page.select_option("#id_producer", str(producer_id))
    page.check(f'input[name="products"][value="{product_id}"]')
    page.fill("#id_booths", "2")
    page.get_by_role("button", name="Ghi nhận").click()
    expect(page.locator("[data-participants]")).to_contain_text("2 gian hàng")
    shot(page, "promotion-event")


def test_a_new_cà_mau_officer_records_the_seed_articles_promotion_figures(demo, live_server, page, chromium):
    listings, exports, shown = _seed_plan()
    assert len(listings) == 29 and len({p for p, _c in exports}) == 3
    User.objects.create_user(username="xttm.camau", email="xttm@camau.gov.vn", password="pw-ca-mau-2026",
                             role=Role.PROVINCE, province=Province.objects.get(code="96"))
    _log_in(page, live_server.url, "xttm.camau")
    page.get_by_role("link", name="Xúc tiến thương mại").first.click()
    page.get_by_role("link", name="Điểm bán", exact=True).click()
    _points(page, shown)
    shot(page, "promotion-points")
    _listings(page, live_server.url, listings)
    shot(page, "promotion-channel")
    _exports(page, live_server.url, exports)
    product = ExportRecord.objects.first().product
    _fair(page, live_server.url, product.producer_id, product.pk)

    page.goto(f"{live_server.url}/promotion/?year=2021")
    expect(page.locator('[data-figure="distribution"]')).to_contain_text("29")
    expect(page.locator('[data-figure="distribution"]')).to_contain_text("của 16 chủ thể")
    expect(page.locator('[data-figure="exports"] b')).to_have_text("3")
    expect(page.locator('[data-figure="exports"]')).to_contain_text("Canada, Singapore, Úc")
    expect(page.locator('[data-figure="points"] b')).to_have_text("5")
    expect(page.locator('[data-figure="points"]')).to_contain_text("5 điểm trưng bày gắn với du lịch")
    expect(page.locator('[data-figure="events"]')).to_contain_text("52 gian hàng")
    shot(page, "promotion-figures-2021")
    page.locator('[data-figure="distribution"] a').click()
    expect(page.locator("[data-counts]")).to_contain_text("29 sản phẩm của 16 chủ thể")
    shot(page, "promotion-distribution-2021")
    # A national channel is used, never changed, by the province.
    national = Channel.objects.get(name="Co.opmart")
    page.goto(f"{live_server.url}/promotion/channels/{national.pk}/")
    expect(page.get_by_role("link", name="Sửa kênh phân phối")).to_have_count(0)
    # the same pages at desktop size
    wide = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN",
                                storage_state=page.context.storage_state())
    desk = wide.new_page()
    for name, path in (("figures", "/promotion/?year=2021"), ("exports", "/promotion/exports/?year=2021"),
                       ("points", "/promotion/points/"), ("dashboard", "/dashboard/")):
        desk.goto(f"{live_server.url}{path}")
        shot(desk, f"promotion-desktop-{name}")
    expect(desk.locator('[data-panel="communes"]')).to_be_visible()  # the dashboard opened on Cà Mau
    wide.close()
    assert PointOfSale.objects.filter(province_id="96", kind="tourism_display").count() == 5
    assert Event.objects.get().starts_on == dt.date(2021, 12, 10)
