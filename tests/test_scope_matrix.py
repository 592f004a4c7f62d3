"""The scope matrix: every model that declares a `scope_path` (found by scanning the models, so a new
scoped model is covered as soon as it exists), one row in Cà Mau and one in Cần Thơ, and each role
against the rules of ocop.accounts.access:

- central office: everything;
- provincial office: its province's rows, and writes them;
- commune officer: the rows of its communes (through the producer, or a commune of their own), no writing;
- producer: its own rows (those that reach a producer), and writes them;
- anyone else, anonymous included: nothing (published data is the selectors' business).

Then the surfaces that show those rows: pages, the API and the admin give an out-of-scope person
nothing (404, 403 or a redirect, never the other province's data), while the right office gets it."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict

from ocop.accounts.access import may_see, may_write, roles_on
from ocop.catalogue.models import FakeReport
from ocop.criteria.models import Assessment, Sheet
from ocop.evaluation.models import Council, Decision, Dossier, OfficeDay, Round, Session
from ocop.evaluation.services.documents import document_upload
from ocop.imports.models import ImportJob
from ocop.places.models import Commune, Province
from ocop.plans.models import BudgetLine, Disbursement, Plan, Support
from ocop.certificates.models import RevocationCase
from ocop.monitoring.models import Finding, Inspection, InspectionPlan
from ocop.producers.models import Batch, ChangeRequest, Producer, Product, ProductPhoto
from ocop.promotion.models import Channel, Event, ExportRecord, Inquiry, Listing, PointOfSale

from .conftest import make_producer, make_product, recognise

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class Side:
    """One province's records: its office, a producer (in a commune), an unpublished product."""

    name: str
    province: Province
    commune: Commune
    producer: Producer
    product: Product
    officer: object


@pytest.fixture
def sides(users, province, other_province):
    ca_producer = users["producer_record"]  # the producer account's own, in the commune officer's commune
    ct_producer = make_producer(other_province, name="HTX Nông nghiệp Phong Điền", phone="0988777666",
                                email="phongdien@example.vn", commune=Commune.objects.filter(province=other_province).order_by("code").first())
    return {
        "ca": Side("ca", province, ca_producer.commune, ca_producer, make_product(ca_producer, name="Mật ong rừng U Minh"),
                   users["province"]),
        "ct": Side("ct", other_province, ct_producer.commune, ct_producer, make_product(ct_producer, name="Bưởi Năm Roi sấy"),
                   users["other_province"]),
    }


def _council(side):
    return Council.objects.get_or_create(province=side.province, defaults={
        "level": "province", "name": f"Hội đồng OCOP {side.province.short_name}"})[0]


def _plan(side, year=2026):
    return Plan.objects.get_or_create(province=side.province, year=year)[0]


def _inspection_plan(side):
    return InspectionPlan.objects.create(province=side.province, year=2026, kind="periodic", title="Kiểm tra định kỳ 2026",
                                         starts_on=dt.date(2026, 3, 1), ends_on=dt.date(2026, 11, 30))


def _inspection(side):
    return Inspection.objects.create(certificate=recognise(side.product).certificate, plan=_inspection_plan(side),
                                     kind="periodic", inspected_on=dt.date(2026, 4, 2), inspectors="Đoàn kiểm tra",
                                     criteria="kept", mark_use="misuse")


# One row of each scoped model for one side. A new scoped model needs its line here (the first test says so).
FACTORIES = {
    "producers.Producer": lambda s: s.producer,
    "producers.Product": lambda s: s.product,
    "producers.ProductPhoto": lambda s: ProductPhoto.objects.create(product=s.product, image=f"products/{s.name}.png"),
    "producers.Batch": lambda s: Batch.objects.create(product=s.product, lot=f"L-{s.name}", produced_on=dt.date(2026, 3, 1)),
    "recognitions.Recognition": lambda s: recognise(s.product),
    "certificates.Certificate": lambda s: recognise(s.product).certificate,
    "certificates.RevocationCase": lambda s: RevocationCase.objects.create(
        certificate=recognise(s.product).certificate, ground="mark_misuse", details="Dùng nhãn OCOP cho sản phẩm khác",
        found_on=dt.date(2026, 4, 2), deadline=dt.date(2026, 4, 17)),
    "producers.ChangeRequest": lambda s: ChangeRequest.objects.create(
        producer=s.producer, product=s.product, changes={"name": {"from": s.product.name, "to": "Tên mới"}}),
    "monitoring.InspectionPlan": _inspection_plan,
    "monitoring.Inspection": _inspection,
    "monitoring.Finding": lambda s: Finding.objects.create(inspection=_inspection(s), subject="mark",
                                                           description="Tem OCOP trên sản phẩm chưa được công nhận",
                                                           correct_by=dt.date(2026, 5, 2)),
    "criteria.Assessment": lambda s: Assessment.objects.create(product=s.product, sheet=Sheet.objects.order_by("pk").first()),
    "plans.Plan": _plan,
    "plans.BudgetLine": lambda s: BudgetLine.objects.create(plan=_plan(s), activity="guidance", allocation=50_000_000),
    "plans.Disbursement": lambda s: Disbursement.objects.create(
        line=BudgetLine.objects.create(plan=_plan(s), activity="promotion", allocation=50_000_000),
        date=dt.date(2026, 3, 2), amount=10_000_000, document=f"CT {s.name}"),
    "plans.Support": lambda s: Support.objects.create(producer=s.producer, product=s.product, kind="training",
                                                      date=dt.date(2026, 3, 2), amount=2_000_000),
    "evaluation.Council": _council,
    "evaluation.Session": lambda s: Session.objects.create(council=_council(s), date=dt.date(2026, 12, 15)),
    "evaluation.Document": lambda s: document_upload(
        producer=s.producer, upload=SimpleUploadedFile(f"giay-phep-{s.name}.pdf", PDF), kind="business_registration",
        title=f"Giấy phép kinh doanh {s.producer.name}", user=s.officer),
    "evaluation.Dossier": lambda s: Dossier.objects.create(producer=s.producer, product=s.product, kind="first",
                                                           stars_sought=3, province=s.province),
    "evaluation.Round": lambda s: Round.objects.create(level="province", province=s.province, year=2027, number=1,
                                                       proposals_by=dt.date(2027, 4, 30), finish_by=dt.date(2027, 6, 30)),
    "evaluation.OfficeDay": lambda s: OfficeDay.objects.create(province=s.province, day=dt.date(2027, 2, 12), off=True),
    "evaluation.Decision": lambda s: Decision.objects.create(level="province", province=s.province, number=f"9/QĐ-{s.name}",
                                                             date=dt.date(2026, 3, 2)),
    "promotion.PointOfSale": lambda s: PointOfSale.objects.create(name=f"Điểm bán OCOP {s.commune.name}", kind="shop",
                                                                  province=s.province, commune=s.commune),
    "promotion.Channel": lambda s: Channel.objects.create(name=f"Siêu thị {s.province.short_name}", kind="supermarket",
                                                          province=s.province),
    "promotion.Listing": lambda s: Listing.objects.create(
        channel=Channel.objects.get_or_create(name="Co.opmart", defaults={"kind": "supermarket"})[0], product=s.product,
        since=dt.date(2025, 1, 1)),
    "promotion.ExportRecord": lambda s: ExportRecord.objects.create(product=s.product, country="JP", country_name="Nhật Bản",
                                                                    year=2025),
    "promotion.Event": lambda s: Event.objects.create(name=f"Hội chợ OCOP {s.province.short_name}", kind="fair",
                                                      starts_on=dt.date(2026, 4, 1), ends_on=dt.date(2026, 4, 5),
                                                      place="Nhà văn hoá", province=s.province),
    "catalogue.FakeReport": lambda s: FakeReport.objects.create(reason="unknown", province=s.province, number="3K7Q-9XW2-MF4",
                                                                place=f"Chợ {s.commune.name}", client="test"),
    "imports.ImportJob": lambda s: ImportJob.objects.create(
        user=s.officer, province=s.province, file=SimpleUploadedFile(f"so-ocop-{s.name}.csv", b"x"),
        original_name=f"so-ocop-{s.name}.csv", state="refused"),
    "promotion.Inquiry": lambda s: Inquiry.objects.create(product=s.product, producer=s.producer, buyer_name="Chị Lan",
                                                          buyer_contact="lan@example.vn", client="test",
                                                          message=f"Cần 200 hộp {s.product.name} mỗi tháng"),
}

SCOPED = sorted(m._meta.label for m in apps.get_models() if hasattr(m, "scope_path"))
ROLES = ["central", "province", "other_province", "commune", "producer", "nobody", "anonymous"]


def test_the_scan_finds_the_scoped_models_and_each_has_a_row_factory():
    assert len(SCOPED) >= 17 and {"producers.Producer", "evaluation.Dossier", "plans.Plan"} <= set(SCOPED)
    missing = sorted(set(SCOPED) - set(FACTORIES))
    assert not missing, f"new scoped models: add a row factory to FACTORIES for {missing}"
    assert not set(FACTORIES) - set(SCOPED), "a factory for a model that no longer declares scope_path"


def expected(role: str, path) -> tuple[set, set]:
    """(sides seen, sides written) by a role, for a model reaching the register through `path`:
    the rules of the access module's docstring."""
    own_commune = path.producer is not None or path.commune is not None
    own_producer = path.producer is not None
    return {
        "central": ({"ca", "ct"}, {"ca", "ct"}),
        "province": ({"ca"}, {"ca"}),
        "other_province": ({"ct"}, {"ct"}),
        "commune": ({"ca"} if own_commune else set(), set()),
        "producer": ({"ca"} if own_producer else set(), {"ca"} if own_producer else set()),
        "nobody": (set(), set()),
        "anonymous": (set(), set()),
    }[role]


def expected_roles(role: str, side: str, seen: set) -> set:
    if side not in seen or role in ("nobody", "anonymous"):
        return set()
    return {"other_province": {"province"}}.get(role, {role})


@pytest.mark.parametrize("label", SCOPED)
def test_scope_matrix(label, sides, users):
    model = apps.get_model(label)
    assert label in FACTORIES, f"add a row factory to FACTORIES for {label}"
    rows = {name: FACTORIES[label](side) for name, side in sides.items()}
    assert all(isinstance(row, model) and row.pk for row in rows.values())
    assert sides["ca"].province.code == "96" and sides["ct"].province.code == "92"
    people = {**users, "anonymous": AnonymousUser()}
    for role in ROLES:
        user = people[role]
        seen, written = expected(role, model.scope_path)
        visible = set(model.objects.visible_to(user).filter(pk__in=[r.pk for r in rows.values()]).values_list("pk", flat=True))
        assert visible == {rows[s].pk for s in seen}, f"{label}: {role} sees {visible}, rules say {seen}"
        for side, row in rows.items():
            assert may_see(user, row) == (side in seen), f"{label}: may_see({role}, {side})"
            assert may_write(user, row) == (side in written), f"{label}: may_write({role}, {side})"
            assert roles_on(user, row) == expected_roles(role, side, seen), f"{label}: roles_on({role}, {side})"


# -- pages -----------------------------------------------------------------------------------

@pytest.fixture
def can_tho(sides, users, other_province):
    """Cần Thơ's unpublished records, each reachable from a page, the API or the admin; and a second
    producer with one recognised product (its page is public) and one draft."""
    ct = sides["ct"]
    baker = make_producer(other_province, name="Cơ sở bánh pía Năm Sang", phone="0977111222", email="namsang@example.vn",
                          commune=ct.commune)
    recognition = recognise(make_product(baker, name="Bánh pía sầu riêng"), stars=4)
    return {
        "side": ct,
        "draft": ct.product,
        "baker": baker,
        "baker_draft": make_product(baker, name="Bánh pía kim sa"),
        "dossier": FACTORIES["evaluation.Dossier"](ct),
        "document": FACTORIES["evaluation.Document"](ct),
        "plan": _plan(ct),
        "inquiry": FACTORIES["promotion.Inquiry"](ct),
        "certificate": recognition.certificate,
    }


def refused(response, *secrets):
    """404, 403 or the login page; never the record."""
    if response.status_code == 302:
        assert "/login/" in response["Location"] or "/admin/" in response["Location"], response["Location"]
    else:
        assert response.status_code in (403, 404), response.status_code
    body = response.content.decode()
    for secret in secrets:
        assert secret not in body
    return True


OUTSIDERS = ["province", "commune", "producer", "nobody", "anonymous"]  # all of them outside Cần Thơ


def page_urls(ct):
    """Pages of unpublished records, and something each shows to those who may see it."""
    return {
        f"/register/products/{ct['draft'].pk}/": ct["draft"].name,
        f"/register/producers/{ct['side'].producer.pk}/": ct["side"].producer.name,
        f"/dossiers/{ct['dossier'].pk}/": ct["draft"].name,
        f"/certificates/{ct['certificate'].public_id}/": ct["certificate"].display_id,
        f"/plans/{ct['plan'].pk}/": "Cần Thơ",
        f"/dossiers/documents/{ct['document'].pk}/": "%PDF",
        f"/register/products/{ct['baker_draft'].pk}/": ct["baker_draft"].name,
    }


@pytest.mark.parametrize("who", OUTSIDERS)
def test_pages_give_nothing_of_another_province(who, client, users, can_tho):
    if who != "anonymous":
        client.force_login(users[who])
    for url, secret in page_urls(can_tho).items():
        assert refused(client.get(url), secret), url
    # a producer with a recognised product has a public page: its public facts only
    page = client.get(f"/register/producers/{can_tho['baker'].pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Bánh pía sầu riêng" in body
    assert "0977111222" not in body and "namsang@example.vn" not in body and can_tho["baker_draft"].name not in body
    inbox = client.get("/inquiries/")
    assert inbox.status_code in (200, 302, 403)
    assert can_tho["inquiry"].message not in inbox.content.decode()
    answer = client.post("/inquiries/", {"inquiry": can_tho["inquiry"].pk, "answer": "Có, liên hệ em nhé"})
    assert refused(answer)
    can_tho["inquiry"].refresh_from_db()
    assert can_tho["inquiry"].answer == "" and can_tho["inquiry"].state == "new"


def test_the_provinces_own_office_gets_those_pages(client, users, can_tho):
    """The control: the same addresses work for Cần Thơ's office, so the refusals above are about scope."""
    client.force_login(users["other_province"])
    for url, secret in page_urls(can_tho).items():
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert secret.encode() in body, url
    body = client.get(f"/register/producers/{can_tho['baker'].pk}/").content.decode()
    assert "0977111222" in body and can_tho["baker_draft"].name in body
    # Buyers' messages are the producer's alone: the office sees how many and how fast they are answered.
    figures = client.get("/promotion/").content.decode()
    assert can_tho["side"].producer.name in figures and can_tho["inquiry"].message not in figures


# -- API -------------------------------------------------------------------------------------

def api(client, token, method, url, **body):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    if body:
        return getattr(client, method)(url, body, content_type="application/json", **headers)
    return getattr(client, method)(url, **headers)


@pytest.mark.parametrize("who", OUTSIDERS)
def test_the_api_gives_nothing_of_another_province(who, client, users, can_tho, token_for):
    token = None if who == "anonymous" else token_for(users[who])
    ct = can_tho
    response = api(client, token, "get", f"/api/v1/products/{ct['draft'].pk}")
    assert response.status_code == 404 and ct["draft"].name not in response.content.decode()
    response = api(client, token, "get", f"/api/v1/dossiers/{ct['dossier'].pk}")
    assert response.status_code in (401, 403, 404) and ct["draft"].name not in response.content.decode()
    response = api(client, token, "post", f"/api/v1/certificates/{ct['certificate'].public_id}/revoke",
                   reason="Thử thu hồi", decision="1/QĐ-UBND")
    assert response.status_code in (401, 403, 404)
    ct["certificate"].recognition.refresh_from_db()
    assert ct["certificate"].recognition.revoked_at is None
    response = api(client, token, "put", "/api/v1/plans/92/2027", targets={"recognised_products": 5})
    assert response.status_code in (401, 403)
    assert not Plan.objects.filter(province_id="92", year=2027).exists()


def test_the_api_serves_the_provinces_own_office(client, users, can_tho, token_for):
    token, ct = token_for(users["other_province"]), can_tho
    assert api(client, token, "get", f"/api/v1/products/{ct['draft'].pk}").json()["name"] == ct["draft"].name
    assert api(client, token, "get", f"/api/v1/dossiers/{ct['dossier'].pk}").status_code == 200
    assert api(client, token, "put", "/api/v1/plans/92/2027", targets={"recognised_products": 5}).status_code == 200
    response = api(client, token, "post", f"/api/v1/certificates/{ct['certificate'].public_id}/revoke",
                   reason="Vi phạm nhãn mác", decision="2/QĐ-UBND")
    assert response.status_code == 200 and response.json()["status"] == "revoked"


# -- admin -----------------------------------------------------------------------------------

ADMIN_SCOPED = sorted((m._meta.label for m in admin.site._registry if hasattr(m, "scope_path")))


def admin_officer(user):
    """A provincial officer as the demo makes them (staff), with the permissions the admin part needs:
    the register and promotion models, and viewing the map for the province and commune pickers."""
    user.is_staff = True
    user.save()
    apps_ = ["producers", "recognitions", "promotion", "catalogue", "imports"]
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=apps_))
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="places", codename__startswith="view_"))
    return user


def admin_url(row, view="changelist"):
    meta = row._meta
    if view == "changelist":
        return f"/admin/{meta.app_label}/{meta.model_name}/"
    return f"/admin/{meta.app_label}/{meta.model_name}/{row.pk}/{view}/"


def test_the_scoped_admins_are_found():
    assert {"producers.Producer", "producers.Product", "recognitions.Recognition", "promotion.PointOfSale"} <= set(ADMIN_SCOPED)


@pytest.mark.parametrize("label", ADMIN_SCOPED)
def test_the_admin_gives_an_office_only_its_province(label, client, users, sides):
    rows = {name: FACTORIES[label](side) for name, side in sides.items()}
    ca, ct = rows["ca"], rows["ct"]
    client.force_login(admin_officer(users["province"]))
    changelist = client.get(admin_url(ca))
    assert changelist.status_code == 200
    listed = {obj.pk for obj in changelist.context["cl"].result_list}
    assert ca.pk in listed and ct.pk not in listed
    assert client.get(admin_url(ca, "change")).status_code == 200
    response = client.get(admin_url(ct, "change"))
    assert response.status_code in (302, 404) and str(ct) not in response.content.decode()
    before = model_to_dict(ct)
    response = client.post(admin_url(ct, "change"), {**{k: v for k, v in before.items() if v is not None and not isinstance(v, list)},
                                                      "name": "Đổi tên"})
    assert response.status_code in (302, 403, 404)
    for method in ("get", "post"):
        response = getattr(client, method)(admin_url(ct, "delete"), {"post": "yes"} if method == "post" else None)
        assert response.status_code in (302, 403, 404)
    client.post(admin_url(ca), {"action": "delete_selected", "_selected_action": [ct.pk], "post": "yes"})
    assert type(ct).objects.filter(pk=ct.pk).exists(), "another province's row is never deleted"
    ct.refresh_from_db()
    assert model_to_dict(ct) == before, "nor changed"


def test_the_channel_admin_lists_only_the_offices_listings(client, users, sides):
    """Listings are edited inline on a (national) distribution channel: each office sees its own."""
    listings = {name: FACTORIES["promotion.Listing"](side) for name, side in sides.items()}
    client.force_login(admin_officer(users["province"]))
    response = client.get(f"/admin/promotion/channel/{listings['ca'].channel_id}/change/")
    assert response.status_code == 200
    (inline,) = [f for f in response.context["inline_admin_formsets"] if f.formset.model is Listing]
    assert set(inline.formset.queryset) == {listings["ca"]}
    assert sides["ct"].product.name not in response.content.decode()


def autocomplete_fields():
    """(source model, field) of every autocomplete picker in the admins and inlines of scoped models."""
    found = set()
    for model, model_admin in admin.site._registry.items():
        inlines = [inline(model, admin.site) for inline in model_admin.inlines]
        for holder in [model_admin, *inlines]:
            if hasattr(holder.model, "scope_path") or holder is not model_admin:
                found.update((holder.model._meta.label, name) for name in holder.autocomplete_fields)
    return sorted(found)


AUTOCOMPLETE = autocomplete_fields()


def target_of(model, side):
    """The side's row a picker of `model` would offer, and a search term that finds it."""
    return {
        Producer: (side.producer, side.producer.name),
        Product: (side.product, side.product.name),
        Province: (side.province, side.province.short_name),
        Commune: (side.commune, side.commune.name),
    }[model]


def test_the_autocomplete_pickers_are_found():
    assert ("recognitions.Recognition", "product") in AUTOCOMPLETE and ("producers.Producer", "province") in AUTOCOMPLETE


@pytest.mark.parametrize("source,field", AUTOCOMPLETE)
def test_admin_autocomplete_offers_only_the_offices_choices(source, field, client, users, sides):
    model = apps.get_model(source)
    target_model = model._meta.get_field(field).related_model
    client.force_login(admin_officer(users["province"]))
    app_label, model_name = source.lower().split(".")
    query = {"app_label": app_label, "model_name": model_name, "field_name": field}
    for side, present in (("ca", True), ("ct", False)):
        target, term = target_of(target_model, sides[side])
        response = client.get("/admin/autocomplete/", {**query, "term": term})
        assert response.status_code == 200, response.content[:300]
        ids = {item["id"] for item in response.json()["results"]}
        assert (str(target.pk) in ids) == present, f"{source}.{field}: {side} {target}"
    response = client.get("/admin/autocomplete/", {**query, "term": ""})
    offered = [item["id"] for item in response.json()["results"]]
    out_of_scope = {
        Producer: Producer.objects.exclude(province_id="96"), Product: Product.objects.exclude(producer__province_id="96"),
        Province: Province.objects.exclude(code="96"), Commune: Commune.objects.exclude(province_id="96"),
    }[target_model]
    assert offered and not out_of_scope.filter(pk__in=offered).exists()
