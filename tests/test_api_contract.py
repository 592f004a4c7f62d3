"""The API's contract as its schema states it: unique request model names, the shared answers (400, 401, 429)
declared, every input bounded and without control characters (`ocop.core.api_utils`). Outside test: a huge
integer in a session's attendance and a multipart body without boundary answered 500, a session dated 1970 was
accepted, two request models shared one name."""

import collections
import datetime as dt

import pytest
from pydantic import ValidationError

from ocop.api import api
from ocop.core.api_utils import Day, Id, Input, Text
from ocop.evaluation.models import Council
from ocop.plans.models import Plan

pytestmark = pytest.mark.django_db


def _operations():
    for router in api._get_bound_routers():
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                yield path, operation


def _models_of(model, found):
    """The pydantic models a request model is made of, itself included."""
    for field in model.model_fields.values():
        for kind in (field.annotation, *getattr(field.annotation, "__args__", ())):
            for inner in (kind, *getattr(kind, "__args__", ())):
                if isinstance(inner, type) and hasattr(inner, "model_fields") and inner not in found:
                    found.add(inner)
                    _models_of(inner, found)
    return found


def test_request_models_have_unique_names_in_the_openapi_schema(client):
    classes = collections.defaultdict(set)
    for _path, operation in _operations():
        for params in operation.models:  # ninja's wrappers (BodyParams, QueryParams...) never become components
            for model in _models_of(params, set()):
                classes[model.__name__].add(f"{model.__module__}.{model.__qualname__}")
    clashes = {name: where for name, where in classes.items() if len(where) > 1}
    assert not clashes, f"two request models share a name (the schema keeps only one): {clashes}"

    schema = client.get("/api/v1/openapi.json").json()
    components = schema["components"]["schemas"]
    assert {"AssessmentScoreIn", "MemberScoresIn"} <= set(components)
    assert not [name for name in components if name.endswith("Params")], "auto-generated names in the schema"
    bodies = collections.Counter()
    for methods in schema["paths"].values():
        for details in methods.values():
            for content in details.get("requestBody", {}).get("content", {}).values():
                body = content["schema"]
                bodies[body.get("$ref") or body["title"]] += 0 if "$ref" in body else 1
                if "$ref" in body:
                    assert body["$ref"].rsplit("/", 1)[1] in components
    assert bodies["#/components/schemas/AssessmentScoreIn"] == 0
    assert {title: n for title, n in bodies.items() if n > 1} == {}, "two inline bodies with one title"
    assert {"UploadForm", "DecisionCreateForm"} <= set(bodies)


def test_the_shared_answers_are_declared_where_they_can_happen(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    verify = paths["/api/v1/verify/{certificate_id}"]["get"]["responses"]
    assert {"400", "429"} <= set(verify) and "401" not in verify  # public, rate-limited, ignores tokens
    assert {"400", "401", "429"} <= set(paths["/api/v1/products"]["get"]["responses"])
    assert "401" in paths["/api/v1/todo"]["get"]["responses"]
    assert "401" in paths["/api/v1/plans/{province_code}/{year}/progress"]["get"]["responses"]
    for methods in paths.values():
        for details in methods.values():
            if details.get("parameters") or details.get("requestBody"):
                assert "400" in details["responses"], details["operationId"]


def test_control_characters_are_stripped_at_the_schema_layer():
    class Sample(Input):
        name: str
        tags: list[str] = []
        answers: dict[str, str] = {}
        note: Text = ""

    sample = Sample(name="Mật\x00 ong\x1b", tags=["a\x07b"], answers={"C\x001": "x\ud800y"}, note="dòng 1\ndòng\x0c 2")
    assert (sample.name, sample.tags, sample.answers) == ("Mật ong", ["ab"], {"C1": "xy"})
    assert sample.note == "dòng 1\ndòng 2"  # line breaks kept


@pytest.mark.parametrize("value", [0, -1, 2 ** 31, 10 ** 30])
def test_ids_are_bounded(value):
    with pytest.raises(ValidationError):
        type("Holder", (Input,), {"__annotations__": {"id": Id}})(id=value)


@pytest.mark.parametrize("day", ["1970-01-01", "1989-12-31", "2101-01-01"])
def test_dates_are_in_a_sane_range(day):
    with pytest.raises(ValidationError):
        type("Holder", (Input,), {"__annotations__": {"on": Day}})(on=day)


def test_search_and_plan_inputs_with_control_characters_are_cleaned_not_refused(client, users, token_for):
    assert client.get("/api/v1/products", {"q": "m\x00at o\x1bng"}).status_code == 200
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token_for(users['province'])}"}
    response = client.put("/api/v1/plans/96/2022", {"targets": {"new_3_4_star\x00": 3}},
                          content_type="application/json", **auth)
    assert response.status_code == 200 and response.json()["targets"] == {"new_3_4_star": 3}
    assert Plan.objects.get(province_id="96", year=2022).targets.get().indicator == "new_3_4_star"


@pytest.fixture
def council_session(client, users, token_for):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token_for(users['province'])}"}
    made = client.post("/api/v1/councils", {"name": "Hội đồng tỉnh", "decision_number": "12/QĐ-UBND",
                                            "decision_date": dt.date.today().isoformat(), "province": "96"},
                       content_type="application/json", **auth)
    assert made.status_code == 201
    return Council.objects.get(pk=made.json()["id"]), auth


def test_a_session_dated_1970_is_refused_and_nothing_is_written(client, council_session):
    council, auth = council_session
    response = client.post(f"/api/v1/councils/{council.pk}/sessions", {"date": "1970-01-01"},
                           content_type="application/json", **auth)
    assert response.status_code == 400 and response.json()["detail"]
    assert not council.sessions.exists()


@pytest.mark.parametrize("present", [[2 ** 63], [10 ** 40], [-1], ["1" * 5000]])
def test_a_huge_integer_in_the_attendance_is_a_400(client, council_session, present):
    _council, auth = council_session
    response = client.post("/api/v1/sessions/1/attendance", {"present": present}, content_type="application/json", **auth)
    assert response.status_code == 400 and response.json()["detail"]


@pytest.mark.parametrize("path", ["/api/v1/documents", "/api/v1/decisions"])
@pytest.mark.parametrize("body", [b"", b"--x\r\nContent-Disposition: form-data; name=kind\r\n\r\nother\r\n--x--"])
def test_a_multipart_body_without_boundary_is_a_400(client, users, token_for, path, body):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token_for(users['central'])}"}
    response = client.generic("POST", path, body, content_type="multipart/form-data", **auth)
    assert response.status_code == 400 and response.json()["detail"]


@pytest.mark.parametrize("path", ["/api/v1/dossiers/99999999999999999999", "/api/v1/councils/0",
                                  "/api/v1/products/-1", "/api/v1/producers/2147483648"])
def test_ids_out_of_range_in_paths_are_a_400(client, users, token_for, path):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token_for(users['central'])}"}
    assert client.get(path, **auth).status_code == 400


@pytest.mark.django_db(transaction=True)
def test_recording_a_decision_outside_a_test_transaction_answers_not_500(client, users, token_for):
    """schemathesis on PostgreSQL: the decision service locked rows (SELECT ... FOR UPDATE) outside a transaction
    and answered 500; inside the suite's per-test transaction it never showed."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    auth = {"HTTP_AUTHORIZATION": f"Bearer {token_for(users['central'])}"}
    response = client.post("/api/v1/decisions", {"number": "0" * 59, "date": "2000-01-01", "province": "",
                                                 "file": SimpleUploadedFile("file.png", b"\x89PNG\r\n\x1a\n")}, **auth)
    assert response.status_code == 400 and response.json()["detail"]


def test_lengths_count_what_the_client_sent_then_control_characters_go():
    """schemathesis: a 201-character search of which a few were control characters was accepted past maxLength."""
    class Search(Input):
        q: str = ""
        note: Text = ""

    from pydantic import Field as PydanticField
    Bounded = type("Bounded", (Input,), {"__annotations__": {"q": str}, "q": PydanticField(max_length=5)})
    with pytest.raises(ValidationError):
        Bounded(q="abcd\x00\x01")
    assert Bounded(q="ab\x00c").q == "abc"
    assert Search(q="m\x1bật").q == "mật"
