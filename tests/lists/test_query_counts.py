"""Each list page reads a fixed number of queries whatever the number of rows on the page (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ocop.demo.register import load_demo
from ocop.evaluation.models import Dossier
from ocop.promotion.models import Inquiry
from ocop.producers.models import Product

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.fixture
def demo(users):
    load_demo()
    products = list(Product.objects.filter(producer__province_id="96").select_related("producer")[:50])
    for p in products:
        Dossier.objects.create(producer=p.producer, product=p, kind="first", stars_sought=3, province=p.producer.province)
        Inquiry.objects.create(product=p, producer=p.producer, buyer_name="Chị Lan", buyer_contact="0900000000",
                               message="Xin báo giá sỉ.", client="test", state="read")
    own = Product.objects.create(producer=users["producer_record"], name="Khô cá dứa", group=products[0].group)
    for i in range(30):  # the producer's own inbox (only the producer reads the buyers' messages)
        Inquiry.objects.create(product=own, producer=own.producer, buyer_name=f"Khách {i}", buyer_contact="0900000000",
                               message="Xin báo giá sỉ.", client="test", state="read")


@pytest.mark.parametrize("url, few, who", [
    ("/register/", "/register/?province=96&year=2021&group=1048-5", "central"),
    ("/certificates/?view=all", "/certificates/?view=all&group=1048-5", "central"),
    ("/dossiers/", "/dossiers/?state=submitted", "central"),
    ("/inquiries/", "/inquiries/?state=answered", "producer"),
])
def test_a_full_page_costs_no_more_queries_than_a_nearly_empty_one(client, users, demo, url, few, who):
    client.force_login(users[who])
    queries(client, url)  # warm the caches (sessions, content types)
    assert queries(client, url) <= queries(client, few) + 1


def test_the_catalogue_cards_cost_the_same_queries_for_a_full_page_and_read_no_relation_they_do_not_show(client, demo):
    from django.core.cache import cache

    def cold(url):
        cache.clear()  # the catalogue keeps its pages in the shared cache
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return response, [q["sql"] for q in captured]

    cold("/")
    full, full_queries = cold("/")
    assert len(full.context["page"].products) == 24
    _few, few_queries = cold("/?province=96&stars=5")
    assert len(full_queries) <= len(few_queries) + 1
    # a card shows the stars and the status: its recognitions are read alone (select_related() with no names
    # would have followed every relation)
    recognitions = [sql for sql in full_queries if sql.startswith('SELECT "recognitions_recognition"."id"')]
    assert recognitions and not any(" JOIN " in sql for sql in recognitions)
