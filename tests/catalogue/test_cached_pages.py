"""What is the same for everyone is kept in the shared cache, and a change to the register shows at once."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ocop.stats.models import StatsProductFacts
from tests.conftest import make_producer, make_product, recognise

pytestmark = pytest.mark.django_db


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(ctx.captured_queries)


def test_a_cached_catalogue_page_changes_when_the_register_does(client, province):
    producer = make_producer(province)
    recognise(make_product(producer, name="Mật ong rừng U Minh"), stars=3, day=dt.date(2025, 3, 1))
    first, cold = _queries(client, "/")
    again, warm = _queries(client, "/")
    assert "Mật ong rừng U Minh" in again.content.decode()
    assert warm < cold, "the second visitor gets the page's data from the shared cache"

    recognise(make_product(producer, name="Khô cá lóc"), stars=4, day=dt.date(2025, 6, 1))
    page = client.get("/").content.decode()
    assert "Khô cá lóc" in page, "a new recognition shows on the cached page at once"

    product = producer.products.get(name="Khô cá lóc")
    product.name = "Khô cá lóc Cà Mau"
    product.save()
    assert "Khô cá lóc Cà Mau" in client.get("/").content.decode(), "an edit too"
    assert StatsProductFacts.objects.get(product_id=product.pk).name_folded == "kho ca loc ca mau"


def test_cached_statistics_change_with_a_decision(client, province):
    producer = make_producer(province)
    recognise(make_product(producer, name="Trà"), stars=3, day=dt.date(2025, 3, 1))
    assert client.get("/api/v1/stats?province=96").json()["products"] == 1
    _, warm = _queries(client, "/api/v1/stats?province=96")
    assert warm <= 3, "read from the shared cache"
    recognise(make_product(producer, name="Cà phê"), stars=4, day=dt.date(2025, 5, 1))
    body = client.get("/api/v1/stats?province=96").json()
    assert body["products"] == 2 and body["by_stars"]["4"] == 1


def test_the_catalogue_lists_in_force_first_then_province_and_name_from_the_index(client, province, other_province):
    old = make_product(make_producer(province, name="HTX A"), name="An Phát trà")
    recognise(old, stars=3, day=dt.date(2019, 9, 1))  # long expired
    fresh = make_product(make_producer(other_province, name="HTX B"), name="Bưởi")
    recognise(fresh, stars=4, day=dt.date.today() - dt.timedelta(days=20))
    page = client.get("/").content.decode()
    assert page.index("Bưởi") < page.index("An Phát trà"), "in force first"
    page = client.get("/?sort=newest").content.decode()
    assert page.index("Bưởi") < page.index("An Phát trà")
    assert "An Phát trà" not in client.get("/?status=in_force").content.decode()
