import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ocop.accounts.models import ApiToken
from ocop.evaluation.models import Dossier
from ocop.evaluation.services.dossiers import LOCAL_CRITERIA

from ..criteria.test_engine import GOLDEN_26_08
from .conftest import PDF

pytestmark = pytest.mark.django_db


def bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.objects.issue(user)[1]}"}


def test_the_whole_path_through_the_api(client, users, vault, council):
    council, seats = council
    producer = bearer(users["producer"])
    response = client.post("/api/v1/dossiers", {"product": vault["product"].pk, "kind": "first", "stars_sought": 3},
                           content_type="application/json", **producer)
    assert response.status_code == 201
    dossier = response.json()["id"]
    upload = client.post("/api/v1/documents", {"file": SimpleUploadedFile("dk.pdf", PDF), "kind": "registration_form",
                                               "title": "Phiếu đăng ký"}, **producer)
    assert upload.status_code == 201
    client.post(f"/api/v1/dossiers/{dossier}/items", {"kind": "registration_form", "document": upload.json()["id"]},
                content_type="application/json", **producer)
    client.post(f"/api/v1/dossiers/{dossier}/items", {"kind": "self_assessment_report",
                                                      "document": vault["docs"]["self_assessment_report"].pk},
                content_type="application/json", **producer)

    def move(action, headers, **body):
        return client.post(f"/api/v1/dossiers/{dossier}/transitions/{action}", body, content_type="application/json", **headers)

    assert move("submit", producer).json()["state"] == "submitted"
    assert move("accept", bearer(users["province"])).status_code == 409, "not before the commune"
    assert move("commune_confirm", bearer(users["commune"]), local_criteria={c: True for c in LOCAL_CRITERIA}).status_code == 200
    assert move("accept", producer).status_code == 403, "a producer cannot approve their own dossier"
    assert move("accept", bearer(users["province"])).status_code == 200
    secretary = bearer(seats["secretary"].user)
    session = client.post(f"/api/v1/councils/{council.pk}/sessions", {"date": (dt.date.today() + dt.timedelta(days=7)).isoformat()},
                          content_type="application/json", **secretary).json()
    assert client.post(f"/api/v1/sessions/{session['id']}/agenda", {"dossier": dossier}, content_type="application/json",
                       **secretary).status_code == 200
    present = [seats[n].pk for n in ("chair", "m1", "m2", "m3")]
    opened = client.post(f"/api/v1/sessions/{session['id']}/open", {"present": present}, content_type="application/json", **secretary).json()
    item = opened["agenda"][0]["id"]
    assert client.get(f"/api/v1/agenda-items/{item}/scores", **bearer(seats["m1"].user)).status_code == 403
    for name in ("chair", "m1", "m2", "m3"):
        response = client.post(f"/api/v1/agenda-items/{item}/scores", {"answers": GOLDEN_26_08}, content_type="application/json",
                               **bearer(seats[name].user))
        assert response.status_code == 201 and response.json()["total"] == 64
    assert len(client.get(f"/api/v1/agenda-items/{item}/scores", **bearer(seats["m1"].user)).json()) == 4
    closed = client.post(f"/api/v1/sessions/{session['id']}/close", content_type="application/json", **secretary).json()
    assert closed["agenda"][0]["result_score"] == 64 and closed["agenda"][0]["result_stars"] == 3
    done = move("recognise", bearer(users["province"]), decision_number="77/QĐ-UBND", decision_date=dt.date.today().isoformat(), stars=3)
    assert done.status_code == 200 and done.json()["state"] == "recognised"
    history = done.json()["history"]
    assert [h["to"] for h in history] == ["draft", "submitted", "commune_confirmed", "accepted", "in_evaluation", "evaluated", "recognised"]
    assert client.get("/api/v1/products", {"q": "kho ca dua"}).json()["results"][0]["name"] == "Khô cá dứa"


def test_a_renamed_executable_is_refused_by_the_api(client, users):
    response = client.post("/api/v1/documents", {"file": SimpleUploadedFile("a.pdf", b"MZ\x90\x00program"), "kind": "other"},
                           **bearer(users["producer"]))
    assert response.status_code == 400


def test_people_see_only_their_dossiers_and_sessions(client, users, vault, council):
    from ocop.evaluation.services.dossiers import dossier_create

    council, seats = council
    dossier = dossier_create(product=vault["product"], kind="first", stars_sought=3, user=users["producer"])
    assert client.get(f"/api/v1/dossiers/{dossier.pk}", **bearer(users["other_province"])).status_code == 404
    assert client.get(f"/api/v1/dossiers/{dossier.pk}", **bearer(seats["m1"].user)).status_code == 404, "not on their agenda"
    client.force_login(users["producer"])
    assert client.get(f"/dossiers/{dossier.pk}/").status_code == 200
    document = vault["docs"]["test_report"]
    assert client.get(f"/dossiers/documents/{document.pk}/").status_code == 200
    client.force_login(users["other_province"])
    assert client.get(f"/dossiers/{dossier.pk}/").status_code == 404
    assert client.get(f"/dossiers/documents/{document.pk}/").status_code == 404
    from ocop.evaluation.models import Council, Session

    other = Council.objects.create(level="province", province_id="92", name="Hội đồng Cần Thơ")
    session = Session.objects.create(council=other, date=dt.date.today())
    client.force_login(seats["m1"].user)
    assert client.get(f"/councils/sessions/{session.pk}/").status_code == 404


def test_pages_show_checklist_actions_queue_and_overdue(client, users, vault):
    from ocop.evaluation.services.dossiers import dossier_create

    dossier = dossier_create(product=vault["product"], kind="first", stars_sought=3, user=users["producer"])
    client.force_login(users["producer"])
    page = client.get(f"/dossiers/{dossier.pk}/").content.decode()
    assert 'data-status="missing"' in page and 'data-action="submit"' in page and 'data-action="withdraw"' in page
    client.post(f"/dossiers/{dossier.pk}/", {"action": "submit"})
    assert Dossier.objects.get(pk=dossier.pk).state == "draft", "refused: documents missing"
    Dossier.objects.filter(pk=dossier.pk).update(state="submitted", due_on=dt.date.today() - dt.timedelta(days=2))
    client.force_login(users["province"])
    home = client.get("/dossiers/").content.decode()
    assert "Khô cá dứa" in home and "revoked" in home  # the overdue badge
