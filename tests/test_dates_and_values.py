import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from ocop.core.dates import DateFormatError, add_months, parse_date
from ocop.imports.values import legal_form_from_name, parse_legal_form, parse_score, parse_stars


@pytest.mark.parametrize("value,expected", [
    ("05/03/2021", dt.date(2021, 3, 5)), ("5/3/2021", dt.date(2021, 3, 5)), ("05.03.2021", dt.date(2021, 3, 5)),
    ("2021-03-05", dt.date(2021, 3, 5)), (dt.datetime(2021, 3, 5, 0, 0), dt.date(2021, 3, 5)), (44260, dt.date(2021, 3, 5)),
    ("44260", dt.date(2021, 3, 5)),
])
def test_parse_date_accepts_register_forms(value, expected):
    assert parse_date(value) == expected


def test_parse_date_tells_impossible_from_malformed():
    with pytest.raises(DateFormatError, match="impossible"):
        parse_date("31/02/2021")
    with pytest.raises(DateFormatError, match="format"):
        parse_date("March 2021")


def test_add_months_clamps_to_month_end():
    assert add_months(dt.date(2021, 3, 5), 36) == dt.date(2024, 3, 5)
    assert add_months(dt.date(2020, 2, 29), 36) == dt.date(2023, 2, 28)
    assert add_months(dt.date(2021, 1, 31), 1) == dt.date(2021, 2, 28)


@pytest.mark.parametrize("value", [3, 3.0, "3", "3 sao", "3 Sao", "3★", "★★★", "3*", "3 stars"])
def test_parse_stars_accepts_the_ways_people_write_three(value):
    assert parse_stars(value) == 3


@pytest.mark.parametrize("value", [2, 6, "1 sao", "0", "ba sao", 3.5, True])
def test_parse_stars_refuses_other_values(value):
    with translation.override("vi"), pytest.raises(ValueError):
        parse_stars(value)


def test_parse_score_reads_comma_decimals_and_checks_range():
    assert parse_score("75,5") == Decimal("75.50")
    assert parse_score(69.99) == Decimal("69.99")
    with pytest.raises(ValueError):
        parse_score("101")
    with pytest.raises(ValueError):
        parse_score("abc")


@pytest.mark.parametrize("text,form", [
    ("Hợp tác xã", "cooperative"), ("HTX", "cooperative"), ("doanh nghiệp", "enterprise"), ("Công ty", "enterprise"),
    ("Tổ hợp tác", "cooperative_group"), ("hộ kinh doanh", "household"), ("Household business", "household"),
])
def test_parse_legal_form(text, form):
    assert parse_legal_form(text) == form


def test_legal_form_is_guessed_from_the_producer_name():
    assert legal_form_from_name("HTX Nông nghiệp Tân Lộc") == "cooperative"
    assert legal_form_from_name("Công ty TNHH Phúc Thịnh") == "enterprise"
    assert legal_form_from_name("Cơ sở Ba Thưa") == "household"
    assert legal_form_from_name("Nguyễn Văn A") == ""
