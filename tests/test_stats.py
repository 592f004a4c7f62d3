import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ocop.demo.register import load_demo
from ocop.recognitions.filters import FilterError, RegisterFilter
from ocop.stats.selectors import register_stats

from .conftest import make_producer, make_product, recognise

pytestmark = pytest.mark.django_db


def stats(**kw):
    return register_stats(RegisterFilter.parse(**kw))


def test_demo_data_reproduces_the_ca_mau_2021_figures(demo):
    year = stats(province="96", year="2021")
    assert (year.products, year.producers) == (44, 25)
    groups = {g["name"]: g["count"] for g in year.by_group}
    assert groups == {"Thực phẩm": 35, "Đồ uống": 5, "Lưu niệm - nội thất - trang trí": 1, "Vải và may mặc": 3}
    total = stats(province="96")
    assert total.products == 77 and total.by_stars["4"] == 3


def test_demo_data_reproduces_the_can_tho_figures(demo):
    assert stats(province="92").products == 92
    year = stats(province="92", year="2023")
    assert (year.products, year.producers) == (36, 20)
    assert stats(province="92").by_stars["5"] == 0


def test_load_demo_twice_changes_nothing():
    assert load_demo() is True
    before = stats().products
    assert load_demo() is False
    assert stats().products == before


def test_each_product_counts_once_with_its_latest_matching_recognition(province):
    product = make_product(make_producer(province))
    recognise(product, stars=3, day=dt.date(2022, 3, 1), group_code="1048-1")
    recognise(product, stars=4, day=dt.date(2024, 6, 1), group_code="148-1")
    all_years = stats()
    assert all_years.products == 1 and all_years.recognitions == 2
    assert all_years.by_stars == {"3": 0, "4": 1, "5": 0}
    assert stats(year="2022").by_stars == {"3": 1, "4": 0, "5": 0}, "a past year's figures stay as reported"
    assert stats(status="superseded").products == 1
    assert stats(status="in_force").by_stars["4"] == 1


def test_status_is_evaluated_today_and_a_lapsed_recognition_is_never_in_force(province):
    old = make_product(make_producer(province), name="Khô cá")
    recognise(old, stars=3, day=dt.date(2020, 1, 10), group_code="1048-1")
    fresh = make_product(make_producer(province, name="HTX B"), name="Mật ong")
    recognise(fresh, stars=4, day=dt.date.today() - dt.timedelta(days=30))
    assert stats(status="in_force").products == 1
    assert stats(status="expired").products == 1
    assert stats().by_status["expired"] == 1 and stats().by_status["in_force"] == 1


def test_filters_by_group_include_subgroups_and_by_stars(province):
    producer = make_producer(province)
    recognise(make_product(producer, name="A", group_code="148-1.1"), stars=3)
    recognise(make_product(producer, name="B", group_code="148-2"), stars=4)
    assert stats(group="148-1").products == 1
    assert stats(group="148-1.1").products == 1
    assert stats(stars="4").products == 1
    assert stats(group="148-1").by_group[0]["code"] == "148-1"


def test_province_filter_counts_old_province_names_under_the_new_one(province, other_province):
    from ocop.places.models import LegacyProvince

    product = make_product(make_producer(province), name="Muối Bạc Liêu")
    recognise(product, stars=3, day=dt.date(2022, 1, 5), group_code="1048-1",
              legacy_province=LegacyProvince.objects.get(code="95"))
    assert stats(province="96").products == 1
    with pytest.raises(FilterError):
        stats(province="95")  # Bạc Liêu's old code is not one of the 34 provinces


@pytest.mark.parametrize("kw", [
    {"province": "abc"}, {"province": "99"}, {"year": "two"}, {"group": "nope"}, {"stars": "2"}, {"status": "alive"},
    {"commune": "x"},
])
def test_bad_filters_are_refused_with_the_parameter_named(kw):
    with pytest.raises(FilterError) as excinfo:
        RegisterFilter.parse(**kw)
    assert next(iter(kw)) in str(excinfo.value)


def test_query_count_is_fixed_whatever_the_data_size(province):
    producer = make_producer(province)

    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            register_stats(RegisterFilter.parse(province="96", status="in_force"))
        return len(ctx.captured_queries)

    recognise(make_product(producer, name="P0"), stars=3)
    small = count_queries()
    for i in range(1, 30):
        recognise(make_product(make_producer(province, name=f"HTX {i}"), name=f"P{i}", group_code="148-2"), stars=3 + i % 3)
    assert count_queries() == small
