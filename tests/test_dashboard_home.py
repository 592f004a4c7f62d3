"""The dashboard opens on an officer's own province, with its figures by commune; the national view is one
click away; everyone else opens on the national view."""

import datetime as dt
from collections import Counter

import pytest

from ocop.places.models import Commune
from ocop.recognitions.filters import RegisterFilter
from ocop.recognitions.models import Recognition
from ocop.stats.by_commune import products_by_commune
from ocop.stats.selectors import register_stats

from .conftest import make_producer, make_product, recognise

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who, lands", [("province", "/dashboard/?province=96"), ("province_clerk", "/dashboard/?province=96"),
                                        ("other_province", "/dashboard/?province=92"),
                                        ("commune", "/dashboard/?province=96")])
def test_an_officer_lands_on_the_own_province(who, lands, client, users):
    client.force_login(users[who])
    response = client.get("/dashboard/")
    assert response.status_code == 302 and response["Location"] == lands


@pytest.mark.parametrize("who", ["central", "producer", "nobody", "anonymous"])
def test_everyone_else_opens_on_the_national_view(who, client, users):
    if who != "anonymous":
        client.force_login(users[who])
    response = client.get("/dashboard/")
    assert response.status_code == 200 and response.context["filters"].province is None
    assert 'data-panel="communes"' not in response.content.decode()


def test_the_province_by_commune_and_the_national_view_one_click_away(demo, client, users):
    client.force_login(users["province"])
    page = client.get("/dashboard/", follow=True)
    body = page.content.decode()
    assert page.context["filters"].province == "96" and page.context["stats"].products == 77
    by_commune = page.context["commune_bars"]
    assert sum(c["count"] for c in by_commune) == 77 and 'data-panel="communes"' in body
    expected = Counter(Recognition.objects.filter(province_id="96").values_list("product_id", "product__producer__commune_id")
                       .distinct().values_list("product__producer__commune_id", flat=True))
    assert {c["code"] or None: c["count"] for c in by_commune} == dict(expected)
    assert by_commune[0]["name"] in body
    assert 'href="/dashboard/?province="' in body and "Toàn quốc" in body
    national = client.get("/dashboard/?province=")
    assert national.context["filters"].province is None
    assert national.context["stats"].products == register_stats(RegisterFilter()).products
    assert 'href="/dashboard/?province=96"' in national.content.decode()  # and back again
    assert 'data-panel="communes"' not in national.content.decode()
    # other filters stay when switching; a year narrows the communes as it narrows the total
    year = client.get("/dashboard/?province=96&year=2021")
    assert sum(c["count"] for c in year.context["commune_bars"]) == year.context["stats"].products
    assert 'href="/dashboard/?province=&amp;year=2021"' in year.content.decode()


def test_by_commune_counts_each_product_once_with_its_latest_recognition(province):
    communes = list(Commune.objects.filter(province=province).order_by("code")[:2])
    a = make_producer(province, name="HTX A", commune=communes[0])
    b = make_producer(province, name="HTX B", commune=communes[1])
    honey = make_product(a, name="Mật ong")
    recognise(honey, stars=3, day=dt.date(2021, 5, 1))
    recognise(honey, stars=4, day=dt.date(2024, 5, 1))
    recognise(make_product(a, name="Khô cá"), stars=3, day=dt.date(2022, 5, 1))
    recognise(make_product(b, name="Rượu"), stars=3, day=dt.date(2022, 5, 1))
    rows = {r["code"]: (r["count"], r["producers"]) for r in products_by_commune(RegisterFilter(province=province.code))}
    assert rows == {communes[0].code: (2, 1), communes[1].code: (1, 1)}
    rows = {r["code"]: r["count"] for r in products_by_commune(RegisterFilter(province=province.code, stars=4))}
    assert rows == {communes[0].code: 1}
    assert products_by_commune(RegisterFilter()) == []
