"""Every public page: Open Graph, canonical and hreflang links, a skip link, a favicon, no duplicate ids, pages
compressed; the browser's language on a first visit; Vietnamese 404 and 500 pages that lead home and to search."""

import gzip
import re
from collections import Counter
from html.parser import HTMLParser

import pytest
from django.test import Client, override_settings
from django.urls import path

from ocop import urls as project_urls
from ocop.producers.models import Product

pytestmark = pytest.mark.django_db


class Page(HTMLParser):
    def __init__(self, html):
        super().__init__()
        self.ids, self.meta, self.links = Counter(), {}, []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids[attrs["id"]] += 1
        if tag == "meta" and attrs.get("property"):
            self.meta[attrs["property"]] = attrs.get("content", "")
        if tag == "link":
            self.links.append(attrs)


def public_urls():
    product = Product.objects.filter(recognitions__isnull=False).order_by("pk").first()
    producer = product.producer
    return ["/", "/?q=mat+ong", "/?q=nuoc+mamm", "/?province=96&group=26-1", "/provinces/96/", "/open-data/",
            f"/register/products/{product.pk}/", f"/register/producers/{producer.pk}/", f"/p/{product.pk}", "/check/",
            "/report-fake/?number=3K7Q-9XW2-MF4&reason=unknown", "/v/3K7Q9XW2MF0", "/register/", "/dashboard/",
            "/nowhere/", "/login/"]


def test_every_public_page_has_open_graph_canonical_hreflang_a_skip_link_and_unique_ids(demo, client):
    for url in public_urls():
        response = client.get(url)
        assert response.status_code in (200, 400, 404), url
        html = response.content.decode()
        page = Page(html)
        assert not [i for i, n in page.ids.items() if n > 1], (url, [i for i, n in page.ids.items() if n > 1])
        for prop in ("og:title", "og:type", "og:url", "og:image", "og:site_name", "og:locale", "og:description"):
            assert page.meta.get(prop), (url, prop)
        assert page.meta["og:image"].startswith("http"), url
        rels = {(link.get("rel"), link.get("hreflang")): link.get("href") for link in page.links}
        assert rels[("canonical", None)].startswith("http://testserver/"), url
        assert rels[("alternate", "vi")] and "lang=en" in rels[("alternate", "en")], url
        assert ("icon", None) in rels and ("apple-touch-icon", None) in rels
        assert '<a class="skip" href="#main">Chuyển đến nội dung chính</a>' in html and 'id="main"' in html, url


def test_the_english_page_is_canonical_to_itself_and_the_vietnamese_one_has_no_lang(demo, client):
    page = Page(client.get("/open-data/?lang=en").content.decode())
    canonical = next(link["href"] for link in page.links if link.get("rel") == "canonical")
    assert canonical == "http://testserver/open-data/?lang=en" and page.meta["og:locale"] == "en_US"
    page = Page(client.get("/open-data/").content.decode())
    assert next(link["href"] for link in page.links if link.get("rel") == "canonical") == "http://testserver/open-data/"


@pytest.mark.parametrize("header, lang", [
    ("en-US,en;q=0.9,vi;q=0.8", "en"), ("vi-VN,vi;q=0.9,en;q=0.8", "vi"), ("fr-FR,fr;q=0.9", "vi"),
    ("fr;q=0.9, en;q=0.5", "en"), ("", "vi"), ("en;q=0, vi;q=0.1", "vi"), ("garbage;;q=x,,", "vi"),
])
def test_the_browsers_language_is_honoured_on_a_first_visit(client, header, lang):
    response = client.get("/open-data/", HTTP_ACCEPT_LANGUAGE=header)
    assert f'<html lang="{lang}">' in response.content.decode()
    assert "Accept-Language" in response["Vary"]


def test_a_chosen_language_wins_over_the_browsers(client):
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert '<html lang="vi">' in client.get("/open-data/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in Client().get("/open-data/?lang=en", HTTP_ACCEPT_LANGUAGE="vi").content.decode()


def test_the_404_page_is_vietnamese_and_leads_home_and_to_search(client):
    response = client.get("/khong-co-trang-nay/")
    html = response.content.decode()
    assert response.status_code == 404 and "Không tìm thấy" in html
    assert 'action="/"' in html and 'name="q"' in html and ">Trang chủ</a>" in html


def _boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", _boom), *project_urls.urlpatterns]


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_the_500_page_is_vietnamese_and_leads_home_and_to_search():
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    html = response.content.decode()
    assert response.status_code == 500 and '<html lang="vi">' in html and "Đã xảy ra lỗi" in html
    assert 'action="/"' in html and 'name="q"' in html and ">Trang chủ</a>" in html
    english = client.get("/boom/?lang=en").content.decode()
    assert "Something went wrong" in english


def test_pages_are_compressed_and_the_favicon_is_found(demo, client):
    response = client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert b"<html" in gzip.decompress(response.content)
    favicon = client.get("/favicon.ico")
    assert favicon.status_code == 301 and favicon["Location"].endswith("ocop/favicon.ico")
    assert client.get(favicon["Location"]).status_code == 200


def test_star_glyphs_carry_a_dark_enough_colour(client):
    """The CSS star colour against white and the page background: at least 4.5:1 (WCAG AA for text)."""
    from django.contrib.staticfiles import finders

    css = open(finders.find("ocop/app.css"), encoding="utf-8").read()
    colour = re.search(r"--star:(#[0-9a-fA-F]{6})", css).group(1)

    def luminance(hex_colour):
        channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for background in ("#ffffff", "#f7f9f8", "#e7f3ec"):
        light, dark = sorted((luminance(colour), luminance(background)), reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5, background
