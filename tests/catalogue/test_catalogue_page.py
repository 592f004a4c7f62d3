"""The catalogue page: in force first, the order asked for, counts beside each filter value, the commune filter,
"Có phải bạn muốn tìm", live results announced, and hostile search strings answered quickly and never with 500."""

import datetime as dt
import re
import time

import pytest
from django.db import connection

from ocop.catalogue.selectors import facet_counts, product_page
from ocop.places.models import Commune
from ocop.recognitions.filters import RegisterFilter

from ..conftest import make_producer, make_product, recognise

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


@pytest.fixture
def shelf(province, other_province):
    """Honey from three producers: one lapsed long ago (3★), one in force (4★), one newest (3★); a tea elsewhere."""
    communes = list(Commune.objects.filter(province=province).order_by("code")[:2])
    old = recognise(make_product(make_producer(province, name="HTX Ong U Minh", commune=communes[0]), name="Mật ong rừng"),
                    stars=3, day=dt.date(2019, 11, 5)).product
    gold = recognise(make_product(make_producer(province, name="Cơ sở Ong Trần", commune=communes[1]), name="Mật ong hoa tràm"),
                     stars=4, day=TODAY - dt.timedelta(days=400)).product
    new = recognise(make_product(make_producer(other_province, name="HTX Ong Phong Điền"), name="Mật ong bạc hà"),
                    stars=3, day=TODAY - dt.timedelta(days=10)).product
    tea = recognise(make_product(make_producer(other_province, name="HTX Trà Cờ Đỏ"), name="Trà mãng cầu", group_code="148-2"),
                    stars=3, day=TODAY - dt.timedelta(days=30)).product
    return {"old": old, "gold": gold, "new": new, "tea": tea, "communes": communes}


def names(**kw):
    return [p.name for p in product_page(RegisterFilter.parse(**kw.pop("filters", {})), **kw).products]


def test_products_in_force_come_first_and_sorts_follow_the_choice(shelf):
    assert names(q="mat ong", sort="relevance")[-1] == "Mật ong rừng", "the lapsed one last among equals"
    assert names(sort="relevance")[-1] == "Mật ong rừng", "no words: in force first too"
    assert names(q="mat ong", sort="stars")[0] == "Mật ong hoa tràm"
    assert names(sort="stars")[0] == "Mật ong hoa tràm"
    assert names(q="mat ong", sort="newest") == ["Mật ong bạc hà", "Mật ong hoa tràm", "Mật ong rừng"]
    assert names(sort="newest")[0] == "Mật ong bạc hà"


def test_counts_beside_each_filter_leave_out_that_filter_and_follow_the_words(shelf):
    counts = facet_counts(RegisterFilter.parse(province="96"), "mat ong")
    assert counts["province"] == {"96": 2, "92": 1}, "the province count ignores the province chosen"
    assert counts["stars"] == {3: 1, 4: 1} and counts["in_force"] == 1
    assert counts["group"] == {"26-1": 2}, "148 groups counted under today's group through the mapping"
    assert sum(counts["commune"].values()) == 2
    everything = facet_counts(RegisterFilter())
    assert everything["group"] == {"26-1": 3, "26-2": 1} and everything["in_force"] == 3


def test_the_commune_filter_and_its_counts_on_the_page(shelf, client):
    commune = shelf["communes"][1]
    page = client.get("/", {"province": "96", "commune": commune.code}).content.decode()
    assert "Mật ong hoa tràm" in page and "Mật ong rừng" not in page
    assert re.search(rf'<option value="{commune.code}" selected>[^<]+ \(1\)</option>', page)
    assert re.search(r'<option value="96" selected>Cà Mau \(2\)</option>', page)
    assert re.search(r'<option value="in_force">Chứng nhận còn hiệu lực \(1\)</option>', page)
    assert 'id="result-status"' in page and 'aria-live="polite"' in page


def test_did_you_mean_is_shown_with_the_results_of_the_nearest_words(shelf, client):
    page = client.get("/", {"q": "mat onng"}).content.decode()
    assert "Có phải bạn muốn tìm" in page and "mật ong" in page and "Mật ong hoa tràm" in page


def test_htmx_updates_the_results_the_counts_and_the_announcement(shelf, client):
    body = client.get("/", {"q": "mat ong", "province": "92"}, HTTP_HX_REQUEST="true").content.decode()
    assert body.lstrip().startswith('<div id="results">') and "<html" not in body
    assert 'id="choices" hx-swap-oob="true"' in body and 'hx-swap-oob="innerHTML:#result-status">1 sản phẩm' in body
    assert body.count('id="results"') == 1


HOSTILE = ['"', "*", "AND OR NOT", "' OR 1=1 --", "<script>alert(1)</script>", "x" * 5000, "nuoc) OR (mam",
           "NEAR(a b)", "col:val", "name : mat*", "mat ong \x00\x01\x1b[31m", "%", "mật ong" * 800,
           "a:* & !b | (c <-> d)", "\\", "{}[]()^~-+", "ñ∑∂ 漢字 🍯", "  ", "0" * 300]


@pytest.mark.parametrize("q", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_strings_answer_quickly_and_never_500(shelf, client, q):
    started = time.perf_counter()
    response = client.get("/", {"q": q})
    assert response.status_code == 200
    assert client.get("/register/", {"q": q}).status_code == 200
    assert client.get("/api/v1/products", {"q": q[:200]}).status_code in (200, 400)
    assert client.get("/api/v1/products", {"q": q}).status_code in (200, 400)
    assert time.perf_counter() - started < 3


def test_invalid_utf8_and_raw_bytes_in_the_query(shelf, client):
    for raw in ("q=%FF%FE%FD", "q=%C3%28", "q=%ED%A0%80", "q=mat%00ong", "province=%FF&q=%E2%82"):
        assert client.get(f"/?{raw}").status_code == 200, raw
        assert client.get(f"/api/v1/products?{raw}").status_code in (200, 400), raw


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")
def test_postgresql_has_the_trigram_extension_for_typing_mistakes(shelf):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone()
    assert product_page(RegisterFilter(), q="matt ong").suggestion == "mật ong"


def test_the_api_takes_the_order_and_says_what_it_searched(shelf, client):
    body = client.get("/api/v1/products", {"q": "mat onng", "sort": "newest"}).json()
    assert body["suggestion"] == "mật ong" and [r["name"] for r in body["results"]][0] == "Mật ong bạc hà"
    assert client.get("/api/v1/products", {"sort": "cheapest"}).status_code in (400, 422)
    assert client.get("/api/v1/products", {"q": "mat ong"}).json()["suggestion"] is None
