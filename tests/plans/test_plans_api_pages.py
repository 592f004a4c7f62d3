import pytest

from ocop.plans.models import Plan

pytestmark = pytest.mark.django_db


def test_indicators_are_listed_with_how_they_are_counted(client):
    items = client.get("/api/v1/plan-indicators").json()
    assert {"code", "name", "counted"} <= set(items[0])
    assert {"recognised_products", "upgrades_3_4", "products_exported", "producers_trained"} <= {i["code"] for i in items}


def test_put_targets_then_progress(client, users, token_for):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token_for(users['province'])}"}
    body = {"targets": {"new_3_4_star": 30, "upgrades_3_4": 3, "products_standardised": 40, "new_economic_organisations": 28}}
    response = client.put("/api/v1/plans/96/2022", body, content_type="application/json", **auth)
    assert response.status_code == 200 and response.json()["targets"]["new_3_4_star"] == 30
    progress = client.get("/api/v1/plans/96/2022/progress", **auth).json()
    row = next(r for r in progress if r["code"] == "new_3_4_star")
    assert set(row) >= {"code", "name", "target", "actual", "percent"} and row["target"] == 30
    again = client.put("/api/v1/plans/96/2022", {"targets": {"upgrades_3_4": 4}}, content_type="application/json", **auth)
    assert again.json()["targets"] == {"new_3_4_star": 30, "upgrades_3_4": 4, "products_standardised": 40,
                                       "new_economic_organisations": 28}
    assert Plan.objects.filter(province_id="96", year=2022).count() == 1


@pytest.mark.parametrize("url,body,status", [
    ("/api/v1/plans/96/2022", {"targets": {"new_3_4_star": -3}}, 400),
    ("/api/v1/plans/96/2022", {"targets": {"new_3_4_star": "many"}}, 400),
    ("/api/v1/plans/96/2022", {"targets": {"bogus": 1}}, 400),
    ("/api/v1/plans/99/2022", {"targets": {"new_3_4_star": 1}}, 404),
    ("/api/v1/plans/92/2022", {"targets": {"new_3_4_star": 1}}, 403),
    ("/api/v1/plans/96/twenty", {"targets": {"new_3_4_star": 1}}, 400),
])
def test_bad_plan_input_is_refused_and_nothing_is_written(client, users, token_for, url, body, status):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token_for(users['province'])}"}
    response = client.put(url, body, content_type="application/json", **auth)
    assert response.status_code == status and response.json()["detail"]
    assert not Plan.objects.exists() or not Plan.objects.filter(targets__isnull=False).exists()


def test_put_needs_a_token(client):
    assert client.put("/api/v1/plans/96/2022", {"targets": {}}, content_type="application/json").status_code == 401


def test_national_plan_by_central_office(client, users, token_for):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token_for(users['central'])}"}
    assert client.put("/api/v1/plans/VN/2025", {"targets": {"recognised_products": 3000}}, content_type="application/json", **auth).status_code == 200
    assert client.get("/api/v1/plans/VN/2025/progress", **auth).status_code == 200
    assert client.get("/api/v1/plans/96/2031/progress", **auth).status_code in (400, 404)


def test_plan_progress_follows_the_plan_pages_permissions(client, users, token_for):
    """Outside test: the progress API was public while the plan pages are for the offices only."""
    Plan.objects.create(province_id="96", year=2022)
    url = "/api/v1/plans/96/2022/progress"

    def status(user=None):
        auth = {"HTTP_AUTHORIZATION": f"Bearer {token_for(users[user])}"} if user else {}
        return client.get(url, **auth).status_code

    assert status() == 401
    assert status("producer") == 403 and status("nobody") == 403
    assert status("other_province") == 404  # another province's plan: as if it did not exist
    assert status("province") == 200 and status("central") == 200
    client.force_login(users["province"])  # the browser session of the plan pages works too
    rows = client.get(url).json()
    assert {"code", "name", "target", "actual", "percent"} <= set(rows[0])


def test_plan_pages_and_downloads(demo, client, users):
    client.force_login(users["province"])
    plan = Plan.objects.get(province_id="96", year=2021)
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert "147%" in page and 'data-indicator="recognised_products"' in page
    assert client.get(f"/plans/{plan.pk}/report.xlsx").getvalue()[:2] == b"PK"
    assert client.get(f"/plans/{plan.pk}/report.pdf").content[:4] == b"%PDF"
    other = Plan.objects.get(province_id="92", year=2023)
    assert client.get(f"/plans/{other.pk}/").status_code == 404
    assert client.post("/plans/", {"province": "96", "year": 2021}).status_code == 200  # duplicate: form error
    assert Plan.objects.filter(province_id="96", year=2021).count() == 1
    for role in ("commune", "producer"):
        client.force_login(users[role])
        assert client.get("/plans/").status_code == 403
    client.force_login(users["central"])
    assert "Cà Mau" in client.get("/plans/national/?year=2021").content.decode()


def test_budget_forms_on_the_page(demo, client, users):
    client.force_login(users["other_province"])
    plan = Plan.objects.get(province_id="92", year=2023)
    line = plan.budget_lines.get(activity="digital")
    client.post(f"/plans/{plan.pk}/", {"action": "disbursement", "line": line.pk, "date": "2023-05-01", "amount": "500.000.000"})
    assert not line.disbursements.exists(), "beyond the allocation without the override"
    client.post(f"/plans/{plan.pk}/", {"action": "disbursement", "line": line.pk, "date": "2023-05-01", "amount": "50.000.000",
                                        "document": "CT 1"})
    assert line.disbursements.get().amount == 50_000_000
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert "3,8 tỷ đồng" in page
