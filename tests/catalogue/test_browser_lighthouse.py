"""Lighthouse-style checks of the public pages in headless Chromium, on a 360×740 phone and a 1280×900 desktop:
contrast of text and star glyphs (from the computed styles, backgrounds composited), tap targets in the main
content on the phone, no duplicate ids, a skip link that is the first thing to focus, aria-live on live results,
images with alt, nothing cut off at the right edge; the weight of a product page with its thumbnail (bytes
transferred); and "nearest first" among the points of sale when the browser shares a location.

The audit itself is `lighthouse.js`. The figures are printed (pytest -s) and appended to OCOP_LIGHTHOUSE (a JSON
lines file) when that is set; docs/public.md records them."""

import gzip
import json
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ocop.catalogue.traceability import trace_path
from ocop.certificates.models import Certificate
from ocop.producers.models import Product
from ocop.recognitions.models import Recognition

from ..test_browser import CHROMIUM, shot
from .test_browser_public import photo, served_media  # noqa: F401 (a fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]

AUDIT = (Path(__file__).with_name("lighthouse.js")).read_text(encoding="utf-8")
SCREENS = {"phone": (360, 740), "desktop": (1280, 900)}
MIN_CONTRAST = 4.5
MIN_TAP = 44
MAX_PRODUCT_PAGE = 100_000


def report(figures: dict) -> None:
    print("\nLighthouse-style checks:", json.dumps(figures, ensure_ascii=False))
    if os.environ.get("OCOP_LIGHTHOUSE"):
        with open(os.environ["OCOP_LIGHTHOUSE"], "a", encoding="utf-8") as handle:
            handle.write(json.dumps(figures, ensure_ascii=False) + "\n")


def public_pages(product) -> dict[str, str]:
    certificate = Certificate.objects.get(recognition__in=Recognition.objects.in_force().filter(product=product))
    return {  # the product page first: weighed with nothing in the browser's cache
        "product": f"/register/products/{product.pk}/",
        "home": "/",
        "search": "/?q=m%E1%BA%ADt+ong",  # "mật ong"
        "province": f"/provinces/{product.producer.province_id}/",
        "verification": f"/v/{certificate.public_id}",
        "traceability": trace_path(product),
        "open data": "/open-data/",
    }


def audit(page, phone: bool) -> dict:
    result = page.evaluate(AUDIT, phone)
    problems = []
    if result["contrast"]["min"] is not None and result["contrast"]["min"] < MIN_CONTRAST:
        problems.append(("text contrast", result["contrast"]["worst"]))
    if result["stars"]["min"] is not None and result["stars"]["min"] < MIN_CONTRAST:
        problems.append(("star contrast", result["stars"]["min"]))
    if phone and result["taps"]["small"]:
        problems.append(("tap targets", result["taps"]["small"]))
    for key in ("duplicate_ids", "images_without_alt", "links_without_name", "overflowing"):
        if result[key]:
            problems.append((key, result[key]))
    if not result["skip_link"]:
        problems.append(("skip link", "missing or not the first thing to focus"))
    return {"result": result, "problems": problems}


def weight(loaded, base_url) -> dict:
    """Bytes of the page's own requests: as transferred here (HTML compressed by the app), and as production sends
    them (static files compressed by WhiteNoise, which the test server does not do)."""
    transferred, production, kinds = 0, 0, {}
    for request in loaded:
        response = request.response()
        if response is None or not request.url.startswith(base_url):
            continue
        sizes = request.sizes()
        transferred += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        body_size = sizes["responseBodySize"]
        compressible = request.resource_type in ("script", "stylesheet") or request.url.endswith(".svg")
        if "/static/" in request.url and compressible and "content-encoding" not in response.headers:
            body_size = len(gzip.compress(response.body(), 6))
        production += body_size + sizes["responseHeadersSize"]
        kinds[request.resource_type] = kinds.get(request.resource_type, 0) + body_size
    return {"requests": len(loaded), "transferred": transferred, "production": production, "by kind": kinds}


@pytest.fixture
def shown_product(demo, served_media):  # noqa: F811 (the fixture imported above)
    in_force = Recognition.objects.in_force().values("product_id")
    product = (Product.objects.filter(name__startswith="Mật ong", pk__in=in_force).order_by("pk").first()
               or Product.objects.filter(pk__in=in_force).order_by("pk").first())
    photo(product)
    return product


def test_public_pages_pass_the_lighthouse_style_checks_on_a_phone_and_a_desktop(shown_product, live_server, chromium):
    figures, failures = {}, []
    for screen, (width, height) in SCREENS.items():
        phone = screen == "phone"
        context = chromium.new_context(viewport={"width": width, "height": height}, locale="vi-VN",
                                       extra_http_headers={"Accept-Encoding": "gzip, deflate"})
        page = context.new_page()
        requests = [[]]
        page.on("requestfinished", lambda request: requests[-1].append(request))
        for name, path in public_pages(shown_product).items():
            loaded = []
            requests.append(loaded)
            response = page.goto(live_server.url + path, wait_until="load")
            assert response.status == 200, (screen, name, response.status)
            if name == "product":
                page.locator("picture img").first.scroll_into_view_if_needed()
                expect(page.locator("picture img").first).to_have_js_property("complete", True)
            page.wait_for_load_state("networkidle")
            checked = audit(page, phone)
            r = checked["result"]
            figures[f"{screen} {name}"] = {"min contrast": round(r["contrast"]["min"], 2),
                                           "min star contrast": r["stars"]["min"] and round(r["stars"]["min"], 2),
                                           "smallest tap target": r["taps"]["smallest"] and round(r["taps"]["smallest"], 1),
                                           "texts": r["contrast"]["checked"], "targets": r["taps"]["checked"]}
            if name in ("home", "search"):
                assert "result-status:polite" in r["live"], (screen, name, r["live"])
            if name == "product" and phone:
                figures["phone product weight"] = weight(loaded, live_server.url)
                images = [request.url for request in loaded if request.resource_type == "image"]
                assert any("page240" in url for url in images) and not any(url.endswith("mat-ong.jpg") for url in images)
            failures += [(screen, name, *problem) for problem in checked["problems"]]
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (screen, name)
            shot(page, f"lighthouse-{screen}-{name.replace(' ', '-')}")
        context.close()
    numbers = [f for key, f in figures.items() if key != "phone product weight"]
    figures["overall"] = {
        "min text contrast": min(f["min contrast"] for f in numbers),
        "min star contrast": min(f["min star contrast"] for f in numbers if f["min star contrast"]),
        "smallest tap target on the phone": min(f["smallest tap target"] for key, f in figures.items()
                                                if key.startswith("phone ") and isinstance(f, dict) and f.get("smallest tap target")),
        "product page bytes (production)": figures["phone product weight"]["production"],
        "product page bytes (this test)": figures["phone product weight"]["transferred"],
    }
    report(figures)
    assert not failures, failures
    heaviest = max(figures["phone product weight"]["production"], figures["phone product weight"]["transferred"])
    assert heaviest < MAX_PRODUCT_PAGE, figures["phone product weight"]


def test_live_results_are_announced_without_duplicating_ids(demo, live_server, chromium):
    context = chromium.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    page = context.new_page()
    page.goto(live_server.url + "/")
    status = page.locator("#result-status")
    before = status.inner_text()
    page.fill("input[name=q]", "honey")
    expect(status).not_to_have_text(before)
    expect(page.locator("ul.products li").first).to_contain_text("Mật ong")
    result = audit(page, True)
    assert "result-status:polite" in result["result"]["live"] and not result["problems"], result
    context.close()


def test_a_shopper_who_shares_a_location_sees_the_nearest_point_of_sale_first(demo, live_server, chromium):
    from django.db.models import Count, Q

    product = (Product.objects.annotate(located=Count("points_of_sale", filter=Q(points_of_sale__latitude__isnull=False)))
               .filter(located__gte=2).order_by("pk").first())
    points = list(product.points_of_sale.filter(latitude__isnull=False))
    here = max(points, key=lambda p: p.name)  # the shopper stands at one of them
    context = chromium.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN", permissions=["geolocation"],
                                   geolocation={"latitude": float(here.latitude), "longitude": float(here.longitude)})
    page = context.new_page()
    page.goto(f"{live_server.url}/register/products/{product.pk}/")
    page.get_by_role("button", name="Nơi gần tôi nhất trước").click()
    expect(page.locator("#nearest-status")).to_contain_text("gần bạn nhất")
    first = page.locator("#buy-points li").first
    expect(first).to_contain_text(here.name)
    expect(first.locator(".distance")).to_have_text(" · 0 km")
    assert page.locator("#buy-points li[data-lat] .distance").count() == len(points)
    assert not audit(page, True)["problems"]
    shot(page, "where-to-buy-nearest")
    context.close()
