"""/register/: the register's filters through RegisterFilter.parse, the search's order, 50 a page, htmx."""

import re

import pytest

from ocop.catalogue.selectors import product_page
from ocop.demo.register import load_demo
from ocop.places.models import Commune
from ocop.recognitions.filters import RegisterFilter
from ocop.recognitions.selectors import register_products

from ..conftest import make_producer, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    load_demo()


def product_links(html: str) -> list[str]:
    return re.findall(r'<td class="lead"><a href="/register/products/(\d+)/">', html)


def count(html: str) -> int:
    return int(re.search(r'<p class="muted small">(\d+) sản phẩm', html).group(1))


def test_it_filters_by_the_register_values(client, demo):
    html = client.get("/register/?province=96&year=2021").content.decode()
    assert count(html) == 44 == register_products(RegisterFilter.parse(province="96", year="2021")).count()
    assert 'value="96" selected' in html
    four_stars = client.get("/register/?province=96&stars=4").content.decode()
    assert count(four_stars) == register_products(RegisterFilter.parse(province="96", stars="4")).count() > 0
    assert "★★★★" in four_stars and "aria-label=\"3 sao\"" not in four_stars


def test_it_shows_50_a_page_past_the_end_the_last_and_nonsense_the_first(client, demo):
    total = register_products(RegisterFilter()).count()
    assert total > 100
    first = product_links(client.get("/register/").content.decode())
    second_html = client.get("/register/?page=2").content.decode()
    assert len(first) == 50 and len(product_links(second_html)) == 50 and not set(first) & set(product_links(second_html))
    last_number = -(-total // 50)
    assert f"Trang 2/{last_number}" in second_html and 'rel="prev"' in second_html and 'rel="next"' in second_html
    last = product_links(client.get(f"/register/?page={last_number}").content.decode())
    assert len(last) == total - 50 * (last_number - 1)
    assert product_links(client.get("/register/?page=999").content.decode()) == last
    assert product_links(client.get("/register/?page=abc").content.decode()) == first
    assert 'href="?page=2"' in client.get("/register/").content.decode()
    assert 'href="?province=96&amp;page=2"' in client.get("/register/?province=96").content.decode()


def test_a_bad_value_is_reported_beside_its_field_and_the_others_still_apply(client, demo):
    response = client.get("/register/?province=96&year=abc&stars=9&group=nope")
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'id="id_year_error"[^>]*>year: &#x27;abc&#x27; không phải là năm\.</small>', html)
    assert re.search(r'id="id_stars_error"[^>]*>stars: phải là 3, 4 hoặc 5\.</small>', html)
    assert re.search(r'id="id_group_error"[^>]*>group: không có nhóm sản phẩm nào', html)
    assert 'aria-invalid="true" aria-describedby="id_year_error"' in html
    assert count(html) == register_products(RegisterFilter.parse(province="96")).count()
    bad_province = client.get("/register/?province=99").content.decode()
    assert re.search(r'id="id_province_error"[^>]*>province: không có tỉnh nào mang mã 99\.', bad_province)


def test_the_search_keeps_its_order(client, demo):
    expected = [str(p.pk) for p in product_page(RegisterFilter.parse(province="96"), q="kho ca", per_page=50).products]
    assert expected
    assert product_links(client.get("/register/?province=96&q=kho ca").content.decode()) == expected
    assert count(client.get("/register/?q=%25%25%25").content.decode()) == 0


def test_htmx_gets_the_results_and_the_reasons_beside_the_fields(client, demo):
    body = client.get("/register/?province=96&year=abc", HTTP_HX_REQUEST="true").content.decode()
    assert body.startswith('<div id="results">') and "<html" not in body and "<form" not in body
    assert re.search(r'<small class="field-error" id="id_year_error" aria-live="polite" hx-swap-oob="true">year:', body)
    assert re.search(r'<small class="field-error" id="id_stars_error" aria-live="polite" hx-swap-oob="true"></small>', body)
    assert '<label id="id_commune_label" hx-swap-oob="true">' in body  # the communes of the chosen province
    assert "Vary" in client.get("/register/").headers and "HX-Request" in client.get("/register/").headers["Vary"]


def test_the_commune_picker_follows_the_province_and_a_stale_commune_is_dropped(client, demo):
    ca_mau = Commune.objects.filter(province_id="96").order_by("code").first()
    html = client.get("/register/?province=96").content.decode()
    assert f'<option value="{ca_mau.code}">' in html
    assert 'name="commune"' in html and 'type="hidden" name="commune"' not in html
    assert 'type="hidden" name="commune"' in client.get("/register/").content.decode()
    stale = client.get(f"/register/?province=92&commune={ca_mau.code}").content.decode()
    assert count(stale) == register_products(RegisterFilter.parse(province="92")).count() > 0


def test_unrecognised_products_never_appear(client, users, other_province):
    make_product(make_producer(other_province, name="HTX Chưa công nhận"), name="Sản phẩm chưa công nhận")
    for who in (None, "central", "other_province"):
        if who:
            client.force_login(users[who])
        assert "Sản phẩm chưa công nhận" not in client.get("/register/?province=92").content.decode()
