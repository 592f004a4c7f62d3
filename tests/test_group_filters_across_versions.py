"""A group filter counts the records of every criteria version alike, through the mapping 1048 → 148 → 26:
on the dashboard, /api/v1/stats, the catalogue, the register page and /api/v1/products."""

import re

import pytest

from ocop.recognitions.filters import RegisterFilter, filtered_recognitions
from ocop.recognitions.models import Recognition
from ocop.stats.selectors import register_stats

from .conftest import make_producer, make_product, recognise

pytestmark = pytest.mark.django_db

CA_MAU = "96"


def test_ca_mau_food_counts_the_2019_criteria_records(demo):
    """The demo's 62 Cà Mau food products were all rated under 1048/2019 ("Thực phẩm" 1048-1)."""
    rated_2019 = Recognition.objects.filter(province_id=CA_MAU, group__code__startswith="1048-1").values("product").distinct().count()
    assert rated_2019 == 62
    for code in ("26-1", "148-1", "1048-1"):
        assert register_stats(RegisterFilter.parse(province=CA_MAU, group=code)).products == 62, code


def test_the_stats_api_and_the_dashboard_count_through_the_mapping(demo, client):
    body = client.get("/api/v1/stats", {"province": CA_MAU, "group": "26-1"}).json()
    assert body["products"] == 62
    page = client.get("/dashboard/", {"province": CA_MAU, "group": "26-1"}).content.decode()
    assert re.search(r"<b>\s*62\s*</b>", page), "the dashboard's product card shows 62"


def test_the_catalogue_the_register_and_the_products_api_too(demo, client):
    assert client.get("/api/v1/products", {"province": CA_MAU, "group": "26-1"}).json()["count"] == 62
    register = client.get("/register/", {"province": CA_MAU, "group": "26-1"}).content.decode()
    assert "62 sản phẩm" in register
    home = client.get("/", {"province": CA_MAU, "group": "26-1"}).content.decode()
    assert "62 sản phẩm" in home


def test_each_version_of_a_group_and_a_subgroup(province):
    producer = make_producer(province)
    old = recognise(make_product(producer, name="Khô cá 2019", group_code="1048-1"), group_code="1048-1").product
    mid = recognise(make_product(producer, name="Khô cá 2023", group_code="148-1.1"), group_code="148-1.1").product
    drink = recognise(make_product(producer, name="Rượu 2019", group_code="1048-2"), group_code="1048-2").product

    def ids(code):
        return set(filtered_recognitions(RegisterFilter.parse(group=code)).values_list("product_id", flat=True))

    assert ids("26-1") == {old.pk, mid.pk}  # today's "Thực phẩm": both versions
    assert ids("148-1") == {old.pk, mid.pk}
    assert ids("1048-1") == {old.pk}  # an old group: as rated (no mapping leads back in time)
    assert ids("26-2") == {drink.pk}
    # A subgroup: the 148 subgroup maps to it; the 2019 group maps only to the coarser "Thực phẩm", so it cannot
    # be told to belong there and is left out rather than guessed.
    assert ids("26-1.1") == {mid.pk}
