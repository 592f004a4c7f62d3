import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ocop.producers.models import Product

from ..conftest import make_producer, make_product, recognise

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def test_home_searches_without_diacritics(demo, client):
    page = client.get("/", {"q": "nuoc mam"}).content.decode()
    assert "Nước mắm" in page and "★" in page
    fragment = client.get("/", {"q": "nuoc mam"}, HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<div id="results">')


def test_province_page_counts_distribution_and_exports_from_records(demo, client):
    page = client.get("/provinces/96/?year=2021").content.decode()
    assert "29 sản phẩm của 16 chủ thể" in page
    assert "3 sản phẩm của 1 chủ thể" in page and "Singapore" in page and "Úc" in page
    assert client.get("/provinces/99/").status_code == 404


def test_product_page_has_where_to_buy_schema_org_og_and_is_light(demo, client):
    product = Product.objects.filter(points_of_sale__isnull=False, listings__isnull=False).first()
    with CaptureQueriesContext(connection) as first:
        response = client.get(f"/register/products/{product.pk}/")
    page = response.content.decode()
    assert "Điểm trưng bày OCOP" in page and '"@type": "Product"' in page and 'property="og:title"' in page
    assert len(response.content) < 100_000
    other = Product.objects.filter(points_of_sale__isnull=False).exclude(pk=product.pk).last()
    with CaptureQueriesContext(connection) as second:
        client.get(f"/register/products/{other.pk}/")
    assert len(first.captured_queries) == len(second.captured_queries), "a fixed number of queries"


def test_open_data_api_endpoints(demo, client):
    producers = client.get("/api/v1/producers", {"province": "96"}).json()
    assert producers["count"] > 0 and "contact" not in producers["results"][0]
    points = client.get("/api/v1/points-of-sale", {"province": "96", "kind": "tourism_display"}).json()
    assert points["count"] == 5 and points["results"][0]["products"]
    events = client.get("/api/v1/events", {"year": 2021}).json()
    assert events["results"][0]["booths"] == 52
    assert client.get("/api/v1/events", {"kind": "nope"}).status_code == 400
    assert client.get("/api/v1/points-of-sale", {"page": 99}).status_code == 400
    schema = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/producers", "/api/v1/points-of-sale", "/api/v1/events", "/api/v1/products"} <= set(schema["paths"])


def test_open_data_downloads_hold_only_published_data_under_a_licence(client, province):
    producer = make_producer(province, phone="0977000111")
    recognise(make_product(producer, name="Mắm ba khía"))
    make_product(producer, name="Sản phẩm nháp")
    csv_text = client.get("/open-data/register.csv").getvalue().decode("utf-8-sig")
    assert "Mắm ba khía" in csv_text and "Sản phẩm nháp" not in csv_text and "0977000111" not in csv_text
    data = json.loads(client.get("/open-data/register.json").getvalue())
    assert data["meta"]["licence"].startswith("CC BY 4.0") and data["records"][0]["certificate_id"]


def test_sitemap_and_robots(client, province):
    recognise(make_product(make_producer(province), name="Mắm"))
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/register/products/" in sitemap and "/provinces/96/" in sitemap
    assert "Sitemap:" in client.get("/robots.txt").content.decode()


def test_api_products_search_q_and_bad_input(client, province):
    recognise(make_product(make_producer(province), name="Nước mắm Sông Đốc"))
    assert client.get("/api/v1/products", {"q": "song doc"}).json()["results"][0]["name"] == "Nước mắm Sông Đốc"
    assert client.get("/api/v1/products", {"q": "x" * 300}).status_code == 400
    assert client.get("/api/v1/products", {"stars": "9"}).status_code == 400


def test_a_provincial_officer_records_promotion_in_the_admin_for_their_province_only(client, users, province, other_province):
    from django.contrib.auth.models import Permission

    from ocop.promotion.models import PointOfSale

    officer = users["province"]
    officer.is_staff = True
    officer.save()
    officer.user_permissions.set(Permission.objects.filter(content_type__app_label="promotion"))
    PointOfSale.objects.create(name="Điểm Cà Mau", kind="shop", province=province)
    PointOfSale.objects.create(name="Điểm Cần Thơ", kind="shop", province=other_province)
    client.force_login(officer)
    page = client.get("/admin/promotion/pointofsale/").content.decode()
    assert "Điểm Cà Mau" in page and "Điểm Cần Thơ" not in page
    other = PointOfSale.objects.get(name="Điểm Cần Thơ")
    assert client.get(f"/admin/promotion/pointofsale/{other.pk}/change/").status_code in (302, 404)
