"""Trade promotion recorded in the office's pages (no admin): the seed article's Cà Mau 2021 figures read back
from the records, every form's happy path, bad input refused beside the field, and each role trying another
province's ids (refused, nothing written)."""

import pytest

from ocop.places.models import Commune
from ocop.producers.models import Product
from ocop.promotion.models import Channel, Event, ExportRecord, Listing, Participation, PointOfSale

from ..conftest import make_producer, make_product

pytestmark = pytest.mark.django_db


def ca_mau_products(n=3):
    return list(Product.objects.filter(producer__province_id="96", is_demo=True).order_by("pk")[:n])


def point_data(**changes):
    data = {"name": "Điểm bán OCOP chợ Cà Mau", "kind": "shop", "address": "Số 5 đường Lý Thường Kiệt",
            "phone": "0290 3831 234", "opening_hours": "7:00–21:00 hằng ngày", "latitude": "9,176543",
            "longitude": "105.152345", "website": "https://shop.example.vn", "opened_on": "10/11/2022",
            "published": "on"}
    data.update(changes)
    return data


def errors_of(response) -> dict:
    return response.context["form"].errors


# -- the seed article's figures ----------------------------------------------------------------

def test_the_office_pages_show_the_seed_articles_cà_mau_2021_figures(demo, client, users):
    client.force_login(users["province"])
    office = client.get("/promotion/?year=2021")
    figures = office.context["figures"]
    assert (figures["distribution"]["products"], figures["distribution"]["producers"]) == (29, 16)
    assert figures["exports"]["products"] == 3 and figures["exports"]["countries"] == ["Canada", "Singapore", "Úc"]
    assert figures["points_of_sale"]["by_kind"]["tourism_display"] == 5
    body = office.content.decode()
    assert "sản phẩm của 16 chủ thể" in body and "5 điểm trưng bày" in body.lower()
    # The lists behind each figure count the same.
    listed = client.get("/promotion/distribution/?year=2021")
    assert (listed.context["counts"]["products"], listed.context["counts"]["producers"]) == (29, 16)
    exports = client.get("/promotion/exports/?year=2021")
    assert exports.context["counts"]["products"] == 3 and exports.context["table"].paginator.count == 9
    points = client.get("/promotion/points/?kind=tourism_display")
    assert points.context["table"].paginator.count == 5
    assert [n for _label, n in points.context["by_kind"]] == [5]
    assert ("Điểm trưng bày gắn với du lịch" in points.content.decode()
            or "Tourism display point" not in points.content.decode())


def test_a_provincial_officer_sees_only_the_provinces_records(demo, client, users):
    client.force_login(users["other_province"])  # Cần Thơ: no promotion records in the demo
    assert client.get("/promotion/points/").context["table"].paginator.count == 0
    assert client.get("/promotion/distribution/?year=2021").context["counts"]["products"] == 0
    assert client.get("/promotion/exports/").context["table"].paginator.count == 0
    assert client.get("/promotion/events/").context["table"].paginator.count == 0
    # a bad filter value is said beside it and the page still renders
    response = client.get("/promotion/points/?province=96&kind=castle")
    assert response.status_code == 200


# -- happy paths -------------------------------------------------------------------------------

def test_a_point_of_sale_is_recorded_with_its_products_and_vietnamese_date(demo, client, users):
    client.force_login(users["province"])
    products = ca_mau_products(2)
    commune = Commune.objects.filter(province_id="96").order_by("code").first()
    response = client.post("/promotion/points/new/", point_data(commune=commune.code, products=[p.pk for p in products]))
    assert response.status_code == 302, errors_of(response)
    point = PointOfSale.objects.get(name="Điểm bán OCOP chợ Cà Mau")
    assert point.province_id == "96" and point.commune == commune and point.opened_on.isoformat() == "2022-11-10"
    assert set(point.products.all()) == set(products) and str(point.latitude) == "9.176543"
    response = client.post(f"/promotion/points/{point.pk}/", point_data(name="Điểm bán OCOP chợ Tắc Vân",
                                                                        commune=commune.code, products=[]))
    assert response.status_code == 302
    point.refresh_from_db()
    assert point.name == "Điểm bán OCOP chợ Tắc Vân" and not point.products.exists()
    page = client.get(f"/promotion/points/{point.pk}/")
    assert "Điểm bán OCOP chợ Tắc Vân" in page.content.decode()
    assert client.post(f"/promotion/points/{point.pk}/delete/").status_code == 302
    assert not PointOfSale.objects.filter(pk=point.pk).exists()


def test_exports_channels_and_events_are_recorded(demo, client, users):
    client.force_login(users["province"])
    product, other = ca_mau_products(2)
    before = client.get("/promotion/?year=2022").context["figures"]
    response = client.post("/promotion/exports/new/", {"product": product.pk, "country": "JP", "year": 2022,
                                                      "value_usd": "125000", "volume": "12,5".replace(",", "."), "unit": "tấn"})
    assert response.status_code == 302, errors_of(response)
    record = ExportRecord.objects.get(product=product, year=2022)
    assert record.country_name == "Nhật Bản" and record.value_usd == 125_000
    # a channel of the province, and the province's product in a national channel
    response = client.post("/promotion/channels/new/", {"name": "Siêu thị Cà Mau Mart", "kind": "supermarket"})
    assert response.status_code == 302, errors_of(response)
    mine = Channel.objects.get(name="Siêu thị Cà Mau Mart")
    assert mine.province_id == "96"
    national = Channel.objects.get(name="Co.opmart")
    response = client.post(f"/promotion/channels/{national.pk}/", {"product": other.pk, "since": "01/03/2022"})
    assert response.status_code == 302, errors_of(response)
    assert Listing.objects.filter(channel=national, product=other, since="2022-03-01").exists()
    response = client.post("/promotion/events/new/", {"name": "Hội chợ OCOP Cà Mau 2022", "kind": "fair",
                                                     "starts_on": "10/11/2022", "ends_on": "14/11/2022",
                                                     "place": "Quảng trường Hùng Vương", "booths": "120", "published": "on"})
    assert response.status_code == 302, errors_of(response)
    event = Event.objects.get(name="Hội chợ OCOP Cà Mau 2022")
    response = client.post(f"/promotion/events/{event.pk}/", {"producer": product.producer_id, "products": [product.pk],
                                                             "booths": "2"})
    assert response.status_code == 302, errors_of(response)
    assert Participation.objects.get(event=event).booths == 2
    after = client.get("/promotion/?year=2022").context["figures"]
    assert after["exports"]["products"] == before["exports"]["products"] + 1
    assert after["events"]["events"] == before["events"]["events"] + 1
    assert after["events"]["booths"] == before["events"]["booths"] + 120


# -- bad input ---------------------------------------------------------------------------------

@pytest.mark.parametrize("changes, field", [
    ({"opened_on": "31/02/2022"}, "opened_on"),
    ({"opened_on": "2022/11/10x"}, "opened_on"),
    ({"latitude": "51.5", "longitude": "-0.12"}, "latitude"),
    ({"longitude": ""}, "longitude"),
    ({"phone": "12345"}, "phone"),
    ({"name": ""}, "name"),
    ({"website": "not a link"}, "website"),
    ({"commune": "01001"}, "commune"),  # a commune of Hà Nội
])
def test_a_bad_point_of_sale_is_refused_beside_the_field(changes, field, demo, client, users):
    client.force_login(users["province"])
    count = PointOfSale.objects.count()
    response = client.post("/promotion/points/new/", point_data(**changes))
    assert response.status_code == 400
    assert field in errors_of(response)
    assert f'id="id_{field}_error"' in response.content.decode()
    assert PointOfSale.objects.count() == count


def test_bad_dates_and_values_elsewhere_are_refused(demo, client, users):
    client.force_login(users["province"])
    product = ca_mau_products(1)[0]
    counts = (Event.objects.count(), ExportRecord.objects.count(), Listing.objects.count())
    response = client.post("/promotion/events/new/", {"name": "Hội chợ", "kind": "fair", "starts_on": "14/11/2022",
                                                     "ends_on": "10/11/2022", "place": "Cà Mau"})
    assert "ends_on" in errors_of(response) and "trước ngày bắt đầu" in " ".join(errors_of(response)["ends_on"])
    response = client.post("/promotion/exports/new/", {"product": product.pk, "country": "XX", "year": 2999,
                                                      "value_usd": "-5"})
    assert {"country", "year", "value_usd"} <= set(errors_of(response))
    national = Channel.objects.get(name="Co.opmart")
    response = client.post(f"/promotion/channels/{national.pk}/", {"product": product.pk, "since": "01/03/2022",
                                                                  "until": "01/01/2022"})
    assert "until" in errors_of(response)
    response = client.post("/promotion/channels/new/", {"name": "co.opmart", "kind": "supermarket"})
    assert "name" in errors_of(response)
    assert (Event.objects.count(), ExportRecord.objects.count(), Listing.objects.count()) == counts


# -- scope -------------------------------------------------------------------------------------

@pytest.fixture
def ca_mau_records(demo, users):
    point = PointOfSale.objects.filter(province_id="96").first()
    return {
        "point": point,
        "export": ExportRecord.objects.filter(product__producer__province_id="96").first(),
        "event": Event.objects.filter(province_id="96").first(),
        "listing": Listing.objects.filter(product__producer__province_id="96").first(),
        "channel": Channel.objects.create(name="Siêu thị Minh Hải", kind="supermarket", province_id="96"),
        "participation": Participation.objects.filter(event__province_id="96").first(),
    }


def record_urls(r) -> list[str]:
    return [f"/promotion/points/{r['point'].pk}/", f"/promotion/points/{r['point'].pk}/delete/",
            f"/promotion/exports/{r['export'].pk}/", f"/promotion/exports/{r['export'].pk}/delete/",
            f"/promotion/events/{r['event'].pk}/", f"/promotion/events/{r['event'].pk}/edit/",
            f"/promotion/events/{r['event'].pk}/delete/", f"/promotion/listings/{r['listing'].pk}/",
            f"/promotion/listings/{r['listing'].pk}/delete/", f"/promotion/channels/{r['channel'].pk}/",
            f"/promotion/channels/{r['channel'].pk}/edit/", f"/promotion/channels/{r['channel'].pk}/delete/"]


OFFICE_LISTS = ["/promotion/points/", "/promotion/channels/", "/promotion/distribution/", "/promotion/exports/",
                "/promotion/events/", "/promotion/points/new/", "/promotion/exports/new/", "/promotion/events/new/",
                "/promotion/channels/new/"]


def _snapshot():
    return (list(PointOfSale.objects.order_by("pk").values()), list(ExportRecord.objects.order_by("pk").values()),
            list(Event.objects.order_by("pk").values()), list(Listing.objects.order_by("pk").values()),
            list(Channel.objects.order_by("pk").values()), list(Participation.objects.order_by("pk").values()))


@pytest.mark.parametrize("who", ["other_province", "commune", "producer", "nobody", "anonymous"])
def test_other_roles_get_nothing_of_cà_mau_and_write_nothing(who, ca_mau_records, client, users):
    if who != "anonymous":
        client.force_login(users[who])
    before = _snapshot()
    for url in record_urls(ca_mau_records):
        for response in (client.get(url), client.post(url, {"name": "Đổi tên", "since": "01/01/2023"})):
            if response.status_code == 302:
                assert "/login/" in response["Location"], (url, response["Location"])
            else:
                assert response.status_code in (403, 404), (who, url, response.status_code)
            assert ca_mau_records["point"].name not in response.content.decode()
    response = client.post(f"/promotion/participations/{ca_mau_records['participation'].pk}/delete/")
    assert response.status_code in (302, 403, 404) and (response.status_code != 302 or "/login/" in response["Location"])
    if who != "other_province":
        for url in OFFICE_LISTS:
            response = client.get(url)
            assert response.status_code == 403 or "/login/" in response.get("Location", ""), (who, url)
    assert _snapshot() == before


def test_another_provinces_officer_cannot_pick_cà_mau_products_or_communes(ca_mau_records, client, users):
    client.force_login(users["other_province"])
    product = ca_mau_products(1)[0]
    own_event = Event.objects.create(name="Hội chợ Cần Thơ", kind="fair", starts_on="2022-05-01", ends_on="2022-05-03",
                                     place="Ninh Kiều", province_id="92")
    before = _snapshot()
    response = client.post("/promotion/points/new/", point_data(products=[product.pk],
                                                               commune=Commune.objects.filter(province_id="96").first().code))
    assert {"products", "commune"} <= set(errors_of(response))
    response = client.post("/promotion/exports/new/", {"product": product.pk, "country": "JP", "year": 2022})
    assert "product" in errors_of(response)
    national = Channel.objects.get(name="Co.opmart")
    response = client.post(f"/promotion/channels/{national.pk}/", {"product": product.pk, "since": "01/03/2022"})
    assert "product" in errors_of(response)
    response = client.post(f"/promotion/events/{own_event.pk}/", {"producer": product.producer_id,
                                                                 "products": [product.pk], "booths": 1})
    assert {"producer", "products"} <= set(errors_of(response))
    # the picker offers Cần Thơ's products only
    can_tho = make_product(make_producer(users["other_province"].province, name="HTX Phong Điền"), name="Bánh tét lá cẩm")
    page = client.get("/promotion/exports/new/").content.decode()
    assert can_tho.name in page and product.name not in page
    assert _snapshot() == before


def test_national_channels_are_used_by_provinces_and_changed_by_the_centre_only(ca_mau_records, client, users):
    national = Channel.objects.get(name="Co.opmart")
    client.force_login(users["province"])
    page = client.get(f"/promotion/channels/{national.pk}/")
    assert page.status_code == 200 and f"/promotion/channels/{national.pk}/edit/" not in page.content.decode()
    assert client.get(f"/promotion/channels/{national.pk}/edit/").status_code == 403
    assert client.post(f"/promotion/channels/{national.pk}/edit/", {"name": "X", "kind": "other"}).status_code == 403
    assert client.post(f"/promotion/channels/{national.pk}/delete/").status_code == 403
    national.refresh_from_db()
    assert national.name == "Co.opmart"
    # Cần Thơ's officer cannot see Cà Mau's own channel; Cà Mau's can change it
    client.force_login(users["other_province"])
    assert client.get(f"/promotion/channels/{ca_mau_records['channel'].pk}/").status_code == 404
    client.force_login(users["province"])
    response = client.post(f"/promotion/channels/{ca_mau_records['channel'].pk}/edit/",
                           {"name": "Siêu thị Minh Hải Mart", "kind": "supermarket"})
    assert response.status_code == 302
    client.force_login(users["central"])
    response = client.post(f"/promotion/channels/{national.pk}/edit/", {"name": "Co.opmart toàn quốc", "kind": "supermarket"})
    assert response.status_code == 302
    national.refresh_from_db()
    assert national.name == "Co.opmart toàn quốc"
    response = client.post("/promotion/channels/new/", {"name": "Sàn OCOP quốc gia", "kind": "ecommerce"})
    assert Channel.objects.get(name="Sàn OCOP quốc gia").province_id is None


def test_the_central_office_names_the_province_then_picks_its_products(demo, client, users):
    client.force_login(users["central"])
    chooser = client.get("/promotion/exports/new/")
    assert chooser.status_code == 200 and 'name="province"' in chooser.content.decode()
    product = ca_mau_products(1)[0]
    page = client.get("/promotion/exports/new/?province=96")
    assert product.name in page.content.decode()
    response = client.post("/promotion/points/new/?province=96", point_data(products=[product.pk]))
    assert response.status_code == 302
    assert PointOfSale.objects.get(name="Điểm bán OCOP chợ Cà Mau").province_id == "96"
    # the national view of the lists
    assert client.get("/promotion/distribution/?year=2021").context["counts"]["products"] == 29
    assert client.get("/promotion/distribution/?year=2021&province=92").context["counts"]["products"] == 0
