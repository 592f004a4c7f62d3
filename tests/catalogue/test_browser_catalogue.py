"""A buyer on a phone types "nuoc mam" without diacritics, opens the product and sees where to buy."""

import pytest
from playwright.sync_api import expect


from ..test_browser import CHROMIUM, shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not __import__("os").path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]


def test_search_without_diacritics_then_where_to_buy_on_a_phone(demo, live_server, page):
    page.goto(live_server.url + "/")
    page.fill("input[name=q]", "nuoc mam")
    expect(page.locator("ul.products")).to_contain_text("Nước mắm")  # no string eval: the pages' CSP forbids it
    shot(page, "catalogue-search")
    results = page.locator("ul.products li a")
    first = results.first.inner_text()
    assert "Nước mắm" in first and "★" in first
    results.first.click()
    page.wait_for_selector("h1")
    assert "Nước mắm" in page.inner_text("h1")
    body = page.inner_text("main")
    assert "Nơi mua" in body and ("Điểm trưng bày" in body or "Trung tâm" in body or "Liên hệ chủ thể" in body)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "catalogue-product")
