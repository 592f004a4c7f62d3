"""Lighthouse-style checks in headless Chromium on a 390×844 phone: tap targets of at least 44 px, star glyphs at
4.5:1 or more against what is behind them, a product page with its thumbnail under 100 KB, live results that are
announced and never duplicate an id; and a buyer's trip (typo, suggestion, product, message, reference).

The figures are printed (pytest -s) and written to OCOP_LIGHTHOUSE (a JSON file) when that is set."""

import gzip
import io
import json
import os

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import override_settings
from django.urls import re_path
from django.views.static import serve
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from ocop import urls as project_urls
from ocop.producers.models import Product, ProductPhoto

from ..test_browser import CHROMIUM, shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]

urlpatterns = [re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}), *project_urls.urlpatterns]

TAP_TARGETS = """() => {
  const small = [];
  for (const el of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary')) {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (!r.width || !r.height || style.visibility === 'hidden' || el.closest('[aria-hidden=true], .hp')) continue;
    if (r.height >= 44 || (el.tagName === 'INPUT' && (el.type === 'checkbox' || el.type === 'radio'))) continue;
    // WCAG 2.5.5's exception: a link inside a sentence (its block holds more text than the link).
    const block = el.parentElement.closest('p, li, dd, td, span, figcaption, footer, small, div');
    const inline = el.tagName === 'A' && style.display === 'inline' && block &&
                   block.textContent.trim().length > el.textContent.trim().length + 2;
    if (!inline) small.push(`${el.tagName} "${(el.textContent || el.name || '').trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`);
  }
  return small;
}"""

STAR_CONTRAST = """() => {
  const rgb = s => s.match(/[\\d.]+/g).map(Number);
  const lum = c => { const v = c.slice(0, 3).map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
                     return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
  const background = el => { for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor);
                                                                      if (c.length < 4 || c[3] > 0) return c; } return [255, 255, 255]; };
  return [...document.querySelectorAll('.stars')].filter(el => el.getBoundingClientRect().width).map(el => {
    const a = lum(rgb(getComputedStyle(el).color)), b = lum(background(el));
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  });
}"""

DUPLICATE_IDS = """() => { const seen = {}; for (const el of document.querySelectorAll('[id]')) seen[el.id] = (seen[el.id] || 0) + 1;
                          return Object.keys(seen).filter(k => seen[k] > 1); }"""


def photo(product):
    image = Image.new("RGB", (1600, 1200), (235, 190, 80))
    draw = ImageDraw.Draw(image)
    for y in range(0, 1200, 24):
        draw.line([(0, y), (1600, y + 300)], fill=(150 + y % 90, 100, 30), width=9)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=92)
    picture = ProductPhoto(product=product, caption="Hũ 500 ml")
    picture.image.save("mat-ong.jpg", ContentFile(buffer.getvalue()))
    return picture


def report(figures: dict) -> None:
    print("\nLighthouse-style checks:", json.dumps(figures, ensure_ascii=False))
    if os.environ.get("OCOP_LIGHTHOUSE"):
        with open(os.environ["OCOP_LIGHTHOUSE"], "a", encoding="utf-8") as handle:
            handle.write(json.dumps(figures, ensure_ascii=False) + "\n")


@pytest.fixture
def served_media(tmp_path):
    global urlpatterns
    urlpatterns = [re_path(r"^media/(?P<path>.*)$", serve, {"document_root": tmp_path}), *project_urls.urlpatterns]
    with override_settings(MEDIA_ROOT=tmp_path, ROOT_URLCONF=__name__):
        yield tmp_path


def test_product_page_weight_tap_targets_and_star_contrast_on_a_phone(demo, served_media, live_server, chromium):
    product = Product.objects.filter(name__startswith="Mật ong rừng", points_of_sale__isnull=False).first() or \
        Product.objects.filter(name__startswith="Mật ong rừng").first()
    photo(product)
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN",
                                   extra_http_headers={"Accept-Encoding": "gzip, deflate"})
    page = context.new_page()
    loaded = []
    page.on("requestfinished", lambda request: loaded.append(request))
    page.goto(f"{live_server.url}/register/products/{product.pk}/", wait_until="load")
    page.locator("picture img").first.scroll_into_view_if_needed()
    expect(page.locator("picture img").first).to_have_js_property("complete", True)
    page.wait_for_load_state("networkidle")
    shot(page, "public-product")

    transferred, production = 0, 0
    kinds = {}
    for request in loaded:
        response = request.response()
        if response is None or not request.url.startswith(live_server.url):
            continue
        body = response.body()
        sent = request.sizes()["responseBodySize"] + request.sizes()["responseHeadersSize"]
        transferred += sent
        # What production sends: WhiteNoise serves static files compressed (CompressedManifestStaticFilesStorage).
        static = "/static/" in request.url and "content-encoding" not in response.headers
        kind = request.resource_type
        size = len(gzip.compress(body, 6)) if static and kind in ("script", "stylesheet", "document") or \
            (static and request.url.endswith(".svg")) else request.sizes()["responseBodySize"]
        production += size + request.sizes()["responseHeadersSize"]
        kinds[kind] = kinds.get(kind, 0) + size
    images = [r.url for r in loaded if r.resource_type == "image"]
    assert any("page240" in url for url in images) and not any(url.endswith("mat-ong.jpg") for url in images)

    small = page.evaluate(TAP_TARGETS)
    ratios = page.evaluate(STAR_CONTRAST)
    figures = {"page": "product page with its thumbnail, 390×844", "requests": len(loaded),
               "bytes transferred in this test (HTML gzip, static files uncompressed)": transferred,
               "bytes as production serves them (static files gzip)": production, "by kind": kinds,
               "tap targets under 44 px": small, "star glyph contrast (min)": round(min(ratios), 2) if ratios else None}
    report(figures)
    assert production < 100_000, figures
    assert not small, small
    assert ratios and min(ratios) >= 4.5, ratios
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


def test_home_and_search_tap_targets_contrast_and_live_results_on_a_phone(demo, live_server, page):
    page.goto(live_server.url + "/")
    assert not page.evaluate(TAP_TARGETS), page.evaluate(TAP_TARGETS)
    page.fill("input[name=q]", "tra")
    expect(page.locator("#result-status")).to_contain_text("sản phẩm")
    expect(page.locator("ul.products li").first).to_contain_text("Trà")
    assert page.locator("#result-status").get_attribute("aria-live") == "polite"
    assert page.evaluate(DUPLICATE_IDS) == []
    page.select_option("select[name=province]", "92")
    expect(page.locator("select[name=commune]")).to_be_visible()
    assert page.evaluate(DUPLICATE_IDS) == []
    assert min(page.evaluate(STAR_CONTRAST)) >= 4.5
    assert not page.evaluate(TAP_TARGETS), page.evaluate(TAP_TARGETS)
    shot(page, "public-search")
    report({"page": "home, search 'tra', Cần Thơ", "tap targets under 44 px": page.evaluate(TAP_TARGETS),
            "star glyph contrast (min)": round(min(page.evaluate(STAR_CONTRAST)), 2)})


def test_a_buyer_mistypes_follows_the_suggestion_and_writes_to_the_producer(demo, live_server, page):
    page.goto(live_server.url + "/")
    page.fill("input[name=q]", "nuoc mamm")
    expect(page.locator(".suggest")).to_contain_text("Có phải bạn muốn tìm")
    expect(page.locator(".suggest a")).to_have_text("nước mắm")
    page.locator("ul.products li a").first.click()
    expect(page.locator("h1")).to_contain_text("Nước mắm")
    page.fill("#id_buyer_name", "Chị Lan")
    page.fill("#id_buyer_contact", "khach0@gmail")
    page.fill("#id_message", "Tôi muốn đặt 200 chai cho cửa hàng ở Hà Nội.")
    expect(page.locator("[data-counter-for=id_message]")).to_contain_text("/2000 ký tự")
    page.wait_for_timeout(3100)  # the form refuses what comes in under 3 seconds
    page.click("form.inquiry button[type=submit]")
    expect(page.locator("#id_buyer_contact_error")).to_contain_text("chưa đầy đủ")
    assert page.input_value("#id_message") == "Tôi muốn đặt 200 chai cho cửa hàng ở Hà Nội."
    page.fill("#id_buyer_contact", "khach0@gmail.com")
    page.wait_for_timeout(3100)
    page.click("form.inquiry button[type=submit]")
    expect(page.locator("h1")).to_contain_text("LH-")
    expect(page.locator("main")).to_contain_text("Chưa có câu trả lời")
    shot(page, "public-inquiry-sent")
    assert not page.evaluate(TAP_TARGETS), page.evaluate(TAP_TARGETS)
