"""Where to buy: points of sale with address, phone, opening hours and a map link from their coordinates, online
shop links of the product's listings, in the page and the API; coordinates come in pairs."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ocop.promotion.models import Channel, Listing, PointOfSale

from ..conftest import make_product, recognise

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(users, province):
    product = recognise(make_product(users["producer_record"], name="Mật ong rừng U Minh")).product
    point = PointOfSale.objects.create(name="Trung tâm OCOP Cà Mau", kind=PointOfSale.Kind.OCOP_CENTRE, address="Phường An Xuyên",
                                       province=province, phone="0290 3831 234", opening_hours="7:30–21:00 hằng ngày",
                                       latitude=Decimal("9.190000"), longitude=Decimal("105.152000"))
    point.products.add(product)
    channel = Channel.objects.create(name="Sàn OCOP", kind=Channel.Kind.ECOMMERCE, website="https://san.example.vn")
    Listing.objects.create(channel=channel, product=product, since=dt.date(2024, 1, 1),
                           url="https://san.example.vn/mat-ong-rung-u-minh")
    return product, point


def test_the_product_page_gives_hours_map_and_online_shop(client, shop):
    product, point = shop
    page = client.get(f"/register/products/{product.pk}/").content.decode()
    assert "Giờ mở cửa: 7:30–21:00 hằng ngày" in page and 'href="tel:02903831234"' in page
    assert 'href="https://www.google.com/maps/search/?api=1&amp;query=9.190000,105.152000"' in page
    assert 'data-lat="9.190000" data-lon="105.152000"' in page
    assert 'href="https://san.example.vn/mat-ong-rung-u-minh"' in page and "Mua trực tuyến" in page
    assert "data-nearest" not in page, "one located point: nothing to sort"


def test_the_api_gives_hours_and_coordinates(client, shop):
    product, point = shop
    record = next(r for r in client.get("/api/v1/points-of-sale").json()["results"] if r["id"] == point.pk)
    assert record["opening_hours"] == "7:30–21:00 hằng ngày"
    assert (record["latitude"], record["longitude"]) == (9.19, 105.152)


@pytest.mark.parametrize("latitude,longitude", [(Decimal("9.19"), None), (None, Decimal("105.15")),
                                                (Decimal("91"), Decimal("105")), (Decimal("9"), Decimal("181"))])
def test_coordinates_come_in_pairs_and_within_range(shop, latitude, longitude):
    _product, point = shop
    point.latitude, point.longitude = latitude, longitude
    with pytest.raises(ValidationError):
        point.full_clean()
