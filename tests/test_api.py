import datetime as dt

import pytest
from django.core.management import call_command

from ocop.accounts.models import ApiToken

from .conftest import make_producer, make_product, recognise

pytestmark = pytest.mark.django_db


def test_stats_endpoint_answers_the_contract_without_login(demo, client):
    response = client.get("/api/v1/stats", {"province": "96", "year": "2021"})
    assert response.status_code == 200
    data = response.json()
    assert data["products"] == 44 and data["producers"] == 25
    assert set(data["by_stars"]) == {"3", "4", "5"}
    assert {g["name"]: g["count"] for g in data["by_group"]}["Thực phẩm"] == 35
    assert all({"code", "name", "count"} <= set(g) for g in data["by_group"])


def test_stats_status_filter_and_province_code_without_leading_zero(client, province):
    recognise(make_product(make_producer(province)), stars=5, day=dt.date.today() - dt.timedelta(days=3))
    assert client.get("/api/v1/stats?status=in_force").json()["by_stars"]["5"] == 1
    assert client.get("/api/v1/stats?province=1").json()["products"] == 0


@pytest.mark.parametrize("query", ["province=xx", "year=20x1", "stars=7", "status=dead", "group=zzz", "province=" + "9" * 500])
def test_stats_bad_filter_is_a_400_with_the_reason(client, query):
    response = client.get("/api/v1/stats?" + query)
    assert response.status_code == 400
    assert response.json()["detail"]


def test_products_are_listed_with_filters_and_pagination(client, province, other_province):
    producer = make_producer(province)
    for i in range(5):
        recognise(make_product(producer, name=f"Sản phẩm {i}"), stars=3)
    recognise(make_product(make_producer(other_province, name="HTX Cần Thơ"), name="Bánh pía"), stars=4)
    page = client.get("/api/v1/products", {"province": "96", "page_size": 2, "page": 2}).json()
    assert page["count"] == 5 and page["num_pages"] == 3 and len(page["results"]) == 2
    item = page["results"][0]
    assert item["province"] == {"code": "96", "name": "Cà Mau"}
    assert item["stars"] == 3 and item["current_stars"] == 3 and item["recognition"]["decision_number"]
    assert "contact" not in item["producer"]
    assert client.get("/api/v1/products", {"stars": "4"}).json()["count"] == 1
    assert client.get("/api/v1/products", {"q": "banh pia"}).json()["count"] == 1
    assert client.get("/api/v1/products", {"page": 99}).status_code == 400
    assert client.get("/api/v1/products", {"page_size": 1000}).status_code == 400


def test_unrecognised_products_and_contacts_are_not_public(client, province):
    producer = make_producer(province, phone="0912345678")
    draft = make_product(producer, name="Bản nháp")
    assert client.get(f"/api/v1/products/{draft.pk}").status_code == 404
    shown = make_product(producer, name="Đã công nhận")
    recognise(shown)
    data = client.get(f"/api/v1/products/{shown.pk}").json()
    assert data["name"] == "Đã công nhận" and "contact" not in data["producer"]
    assert "0912345678" not in client.get(f"/api/v1/producers/{producer.pk}").content.decode()


def test_bearer_token_widens_to_the_callers_scope(client, users, token_for):
    producer = users["producer_record"]
    draft = make_product(producer, name="Bản nháp")
    own = client.get(f"/api/v1/products/{draft.pk}", HTTP_AUTHORIZATION=f"Bearer {token_for(users['province'])}")
    assert own.status_code == 200 and own.json()["producer"]["contact"]["phone"] == producer.phone
    other = client.get(f"/api/v1/products/{draft.pk}", HTTP_AUTHORIZATION=f"Bearer {token_for(users['other_province'])}")
    assert other.status_code == 404


def test_bad_or_revoked_token_is_a_401(client, users, token_for):
    assert client.get("/api/v1/stats", HTTP_AUTHORIZATION="Bearer nonsense").status_code == 401
    assert client.get("/api/v1/stats", HTTP_AUTHORIZATION="Basic abc").status_code == 401
    raw = token_for(users["central"])
    ApiToken.objects.update(revoked_at=dt.datetime.now(dt.timezone.utc))
    assert client.get("/api/v1/stats", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_api_token_command_prints_a_working_token(client, users, capsys):
    call_command("api_token", "province")
    raw = capsys.readouterr().out.strip()
    assert raw.startswith("ocop_")
    assert ApiToken.objects.authenticate(raw) == users["province"]
    assert not ApiToken.objects.filter(key_hash=raw).exists(), "only a hash is stored"


def test_openapi_schema_and_docs_are_served(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/stats" in schema["paths"] and "/api/v1/products" in schema["paths"]
    params = {p["name"] for p in schema["paths"]["/api/v1/stats"]["get"]["parameters"]}
    assert {"province", "year", "group", "stars", "status"} <= params
    assert client.get("/api/v1/docs").status_code == 200


def test_api_messages_follow_accept_language(client):
    response = client.get("/api/v1/stats?stars=9", HTTP_ACCEPT_LANGUAGE="en")
    assert "must be 3, 4 or 5" in response.json()["detail"]
    response = client.get("/api/v1/stats?stars=9")
    assert "phải là 3, 4 hoặc 5" in response.json()["detail"]


def test_groups_endpoint_lists_codes_and_cross_version_mapping(client):
    groups = {g["code"]: g for g in client.get("/api/v1/groups").json()}
    assert groups["1048-3"]["maps_to"] == "148-3"
    assert groups["148-1.1"]["parent"] == "148-1" and groups["148-1.1"]["lead_ministry"]
    assert groups["148-5"]["maps_to"] == "26-5" and groups["148-1.3.4"]["maps_to"] == "26-1.3.4"
    assert groups["26-5"]["maps_to"] is None, "the newest version maps nowhere"


def test_stats_also_count_old_groups_under_todays_groups(demo, client):
    data = client.get("/api/v1/stats", {"province": "92"}).json()
    current = {g["code"]: g["count"] for g in data["by_group_current"]}
    assert sum(current.values()) == data["products"] == 92
    as_rated = {(g["version"], g["code"]): g["count"] for g in data["by_group"]}
    # 1048 → 148 → 26: both older versions counted under today's group
    assert current["26-1"] == as_rated[("1048-2019", "1048-1")] + as_rated[("148-2023", "148-1")]


def test_api_docs_load_every_asset_from_the_app(client):
    page = client.get("/api/v1/docs").content.decode()
    assert "swagger-ui-bundle.js" in page
    assert "https://" not in page and "http://" not in page
