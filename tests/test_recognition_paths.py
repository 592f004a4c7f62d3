"""Every way a recognition enters the register goes through the one write path
(ocop.recognitions.services) and so yields the same facts for the same decision: the import, the
admin (add, then a correction), a decision recorded directly, and a dossier recognised at the end of
the evaluation. The facts: rating level, valid-until (36 months unless given), supersession of the
product's older recognition still valid on the new decision date, a certificate with a public
number and an ISSUED event, and a search document that finds the product."""

import datetime as dt
from decimal import Decimal

import pytest

from ocop.accounts.models import Role, User
from ocop.catalogue.models import SearchDoc
from ocop.catalogue.search import ranked_ids
from ocop.certificates.facts import facts
from ocop.certificates.ids import normalize
from ocop.certificates.models import Certificate, Event
from ocop.certificates.revocation import certificate_revoke
from ocop.evaluation.models import Dossier
from ocop.criteria.services import sheet_for_product
from ocop.evaluation.services.dossiers import dossier_create, dossier_move
from ocop.imports.service import register_import
from ocop.recognitions.models import Recognition
from ocop.recognitions.services import recognition_record
from ocop.taxonomy.models import CriteriaVersion, ProductGroup

from .conftest import xlsx_bytes
from .evaluation.conftest import vault  # noqa: F401  (the producer's vault and its product "Khô cá dứa")

pytestmark = pytest.mark.django_db

OLD_DAY = dt.date(2023, 9, 1)  # 3 stars, valid until 1 September 2026
DAY = dt.date(2025, 9, 15)  # the new decision: 4 stars, while the old one is still valid
NUMBER = "301/QĐ-UBND"
GROUP = "148-1.3.4"  # the vault product's group (a 148 product set: sheet 26-08 today)


@pytest.fixture
def product(vault):  # noqa: F811
    product = vault["product"]
    old = recognition_record(product=product, stars=3, criteria_version=CriteriaVersion.objects.get(code="148-2023"),
                             group=product.group, decision_number="12/QĐ-UBND", decision_date=OLD_DAY,
                             province=product.producer.province, score=Decimal("62"))
    assert old.valid_until == dt.date(2026, 9, 1) and old.superseded_by_id is None
    return product


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser(username="root", email="root@example.vn", password="pw", role=Role.CENTRAL)


def admin_fields(recognition=None, **changes):
    """The admin form's fields, as a browser posts them."""
    version, group = CriteriaVersion.objects.get(code="148-2023"), ProductGroup.objects.get(code=GROUP)
    fields = {"stars": 4, "score": "80", "criteria_version": version.pk, "group": group.pk, "level": "",
              "decision_number": NUMBER, "decision_date": DAY.isoformat(), "valid_until": "", "province": "96",
              "legacy_province": ""}
    if recognition is not None:
        for name in ("criteria_version", "decision_number"):  # read-only on a recorded recognition
            fields.pop(name)
        fields.update(stars=recognition.stars, score=str(recognition.score), level=recognition.level,
                      decision_date=recognition.decision_date.isoformat(), valid_until=recognition.valid_until.isoformat(),
                      group=recognition.group_id)
    fields.update(changes)
    return fields


def by_import(product, users, client, superuser, valid_until=None):
    row = [product.name, product.producer.name, "Doanh nghiệp", None, None, "Cà Mau", GROUP, 4, 80, NUMBER,
           DAY.strftime("%d/%m/%Y"), valid_until.strftime("%d/%m/%Y") if valid_until else None]
    report = register_import(data=xlsx_bytes([row]), filename="so-dang-ky.xlsx", user=users["province"])
    assert report.ok, report.errors
    assert report.created == {"producers": 0, "products": 0, "recognitions": 1}, "matched on the natural keys"


def by_admin(product, users, client, superuser, valid_until=None):
    client.force_login(superuser)
    url = "/admin/recognitions/recognition/add/"
    response = client.post(url, {**admin_fields(score="75", valid_until=valid_until.isoformat() if valid_until else ""),
                                 "product": product.pk})
    assert response.status_code == 302, response.content.decode()[:3000]
    recognition = Recognition.objects.get(product=product, decision_number=NUMBER)
    assert recognition.score == Decimal("75")
    # the office corrects the score it typed: the change form, through the same write path
    response = client.post(f"/admin/recognitions/recognition/{recognition.pk}/change/", admin_fields(recognition, score="80"))
    assert response.status_code == 302, response.content.decode()[:3000]


def by_decision(product, users, client, superuser, valid_until=None):
    recognition_record(product=product, stars=4, criteria_version=CriteriaVersion.objects.get(code="148-2023"),
                       group=ProductGroup.objects.get(code=GROUP), decision_number=NUMBER, decision_date=DAY,
                       province=product.producer.province, score=Decimal("80"), valid_until=valid_until)


def by_dossier(product, users, client, superuser, valid_until=None):
    assert valid_until is None, "a dossier's decision has no valid-until of its own"
    dossier = dossier_create(product=product, kind="upgrade", stars_sought=4, user=users["producer"])
    # filed before 22/05/2026 like the other paths' decision, so rated on its 148/2023 sheet (Art. 12);
    # the council's work (tests/evaluation/test_workflow.py) ends with the dossier evaluated at 80 points, 4 stars
    Dossier.objects.filter(pk=dossier.pk).update(state="evaluated", result_stars=4, result_score=Decimal("80"),
                                                 sheet=sheet_for_product(product, filed_on=DAY - dt.timedelta(days=90)))
    dossier_move(dossier=dossier, action="recognise", user=users["province"], stars=4, decision_number=NUMBER,
                 decision_date=DAY.isoformat())
    dossier.refresh_from_db()
    assert dossier.state == "recognised" and dossier.recognition.decision_number == NUMBER


PATHS = {"import": by_import, "admin": by_admin, "decision": by_decision, "dossier": by_dossier}


def register_facts(product) -> dict:
    """What the register, the certificates and the search index say after the decision."""
    old, new = Recognition.objects.filter(product=product).order_by("decision_date")
    product.refresh_from_db()
    certificate = Certificate.objects.get(recognition=new)
    normalize(certificate.public_id)  # a well-formed public number whose check symbol holds
    public = facts(certificate)
    for key in ("id", "display_id", "product", "producer"):
        public.pop(key)
    return {
        "recognitions": Recognition.objects.filter(product=product).count(),
        "stars": new.stars, "score": new.score, "level": new.level, "decision_date": new.decision_date,
        "valid_until": new.valid_until, "province": new.province_id, "legacy_province": new.legacy_province_id,
        "criteria_version": new.criteria_version.code, "group": new.group.code, "product_group": product.group.code,
        "old_superseded_by_new": old.superseded_by_id == new.pk, "old_status": old.status, "new_status": new.status,
        "certificate_events": list(certificate.events.values_list("kind", flat=True)),
        "certificates": Certificate.objects.filter(recognition__product=product).count(),
        "old_certificate_says": facts(old.certificate).get("superseded", {}).get("by") == certificate.public_id,
        "certificate": public,
        "search_document": SearchDoc.objects.filter(product=product).exists(),
        "found_by_name": product.pk in {pk for pk, _score in ranked_ids("kho ca dua")},
        "found_by_producer": product.pk in {pk for pk, _score in ranked_ids("phuc thinh")},
    }


EXPECTED = {
    "recognitions": 2, "stars": 4, "score": Decimal("80.00"), "level": "province", "decision_date": DAY,
    "valid_until": dt.date(2028, 9, 15), "province": "96", "legacy_province": None, "criteria_version": "148-2023",
    "group": GROUP, "product_group": GROUP, "old_superseded_by_new": True, "old_status": "superseded",
    "new_status": "in_force", "certificate_events": [Event.Kind.ISSUED], "certificates": 2, "old_certificate_says": True,
    "certificate": {"status": "in_force", "product_code": None, "stars": 4, "decision_number": NUMBER, "decision_date": "2025-09-15",
                    "issuing_level": "province", "province": {"code": "96", "name": "Cà Mau"},
                    "province_at_the_time": "Cà Mau", "valid_until": "2028-09-15", "criteria_version": "148-2023"},
    "search_document": True, "found_by_name": True, "found_by_producer": True,
}


@pytest.mark.parametrize("path", PATHS)
def test_every_path_records_the_same_facts(path, product, users, client, superuser):
    PATHS[path](product, users, client, superuser)
    assert register_facts(product) == EXPECTED
    # the public verification agrees: the new number in force, the old one gone, naming the new one
    old, new = Recognition.objects.filter(product=product).order_by("decision_date")
    response = client.get(f"/api/v1/verify/{new.certificate.public_id}")
    assert response.status_code == 200 and response.json()["status"] == "in_force"
    response = client.get(f"/api/v1/verify/{old.certificate.public_id}")
    assert response.status_code == 410 and response.json()["superseded"]["by"] == new.certificate.public_id


@pytest.mark.parametrize("path", ["import", "admin", "decision"])
def test_a_valid_until_given_is_kept_by_every_path_that_takes_one(path, product, users, client, superuser):
    PATHS[path](product, users, client, superuser, valid_until=dt.date(2027, 12, 31))
    new = Recognition.objects.get(product=product, decision_number=NUMBER)
    assert new.valid_until == dt.date(2027, 12, 31)
    assert Recognition.objects.get(product=product, decision_date=OLD_DAY).superseded_by_id == new.pk


def test_a_three_star_decision_before_july_2025_was_the_districts_by_every_path_that_can_backdate(
        product, users, client, superuser):
    """The level follows the decision date (3 stars: district before the 2025 reform, province since)."""
    rows, day = [], dt.date(2024, 5, 10)
    for name in ("Mắm ba khía", "Mắm tôm chà", "Mắm cá lóc"):
        rows.append(product.producer.products.create(name=name, group=product.group))
    by = dict(zip(("import", "admin", "decision"), rows))
    register_import(data=xlsx_bytes([[by["import"].name, product.producer.name, None, None, None, "Cà Mau", GROUP, 3,
                                      None, "7/QĐ-UBND", day.strftime("%d/%m/%Y"), None]]), user=users["province"],
                    filename="r.xlsx")
    client.force_login(superuser)
    fields = admin_fields(stars=3, score="", decision_number="7/QĐ-UBND", decision_date=day.isoformat())
    assert client.post("/admin/recognitions/recognition/add/", {**fields, "product": by["admin"].pk}).status_code == 302
    recognition_record(product=by["decision"], stars=3, criteria_version=CriteriaVersion.objects.get(code="148-2023"),
                       group=product.group, decision_number="7/QĐ-UBND", decision_date=day, province=product.producer.province)
    recorded = {name: Recognition.objects.get(product=p) for name, p in by.items()}
    assert {name: (r.level, r.valid_until) for name, r in recorded.items()} == {
        name: ("district", dt.date(2027, 5, 10)) for name in by}
    # the import names the province as it was called then (Cà Mau before the merger), the others leave it empty
    assert recorded["import"].legacy_province.short_name == "Cà Mau"


def test_changing_the_decision_date_in_the_admin_re_derives_supersession(product, users, client, superuser):
    by_decision(product, users, client, superuser)
    old = Recognition.objects.get(product=product, decision_date=OLD_DAY)
    new = Recognition.objects.get(product=product, decision_number=NUMBER)
    assert old.superseded_by_id == new.pk
    client.force_login(superuser)
    url = f"/admin/recognitions/recognition/{new.pk}/change/"
    # the decision was in fact taken after the old recognition had lapsed (1 September 2026): nothing superseded,
    # and valid-until, left empty, is derived again from the corrected date
    response = client.post(url, admin_fields(new, decision_date="2026-10-01", valid_until=""))
    assert response.status_code == 302, response.content.decode()[:3000]
    old.refresh_from_db()
    new.refresh_from_db()
    assert (new.decision_date, new.valid_until) == (dt.date(2026, 10, 1), dt.date(2029, 10, 1))
    assert old.superseded_by_id is None and old.status == "expired"
    assert facts(new.certificate)["decision_date"] == "2026-10-01"
    # corrected back: superseded again
    response = client.post(url, admin_fields(new, decision_date=DAY.isoformat(), valid_until=""))
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.superseded_by_id == new.pk and old.status == "superseded"


def test_the_admin_cannot_delete_a_recognition(product, client, superuser):
    recognition = Recognition.objects.get(product=product)
    client.force_login(superuser)
    assert client.get(f"/admin/recognitions/recognition/{recognition.pk}/delete/").status_code == 403
    assert client.post(f"/admin/recognitions/recognition/{recognition.pk}/delete/", {"post": "yes"}).status_code == 403
    changelist = client.get("/admin/recognitions/recognition/")
    assert changelist.status_code == 200 and "delete_selected" not in changelist.content.decode()
    client.post("/admin/recognitions/recognition/", {"action": "delete_selected", "_selected_action": [recognition.pk],
                                                      "post": "yes"})
    change = client.get(f"/admin/recognitions/recognition/{recognition.pk}/change/").content.decode()
    assert f"/admin/recognitions/recognition/{recognition.pk}/delete/" not in change
    assert Recognition.objects.filter(pk=recognition.pk).exists()
    assert Certificate.objects.filter(recognition=recognition).exists()


@pytest.mark.parametrize("path", PATHS)
def test_revoking_the_new_certificate_keeps_the_old_one_superseded(path, product, users, client, superuser):
    PATHS[path](product, users, client, superuser)
    old = Recognition.objects.get(product=product, decision_date=OLD_DAY)
    new = Recognition.objects.get(product=product, decision_number=NUMBER)
    certificate_revoke(certificate=new.certificate, reason="Vi phạm an toàn thực phẩm", decision="99/QĐ-UBND",
                       user=users["province"], day=dt.date(2026, 1, 5))
    old.refresh_from_db()
    new.refresh_from_db()
    assert new.status == "revoked" and new.revoked_at == dt.date(2026, 1, 5)
    assert old.superseded_by_id == new.pk and old.status == "superseded", "revoking an upgrade does not bring the old one back"
    assert list(new.certificate.events.values_list("kind", flat=True)) == [Event.Kind.ISSUED, Event.Kind.REVOKED]
    assert client.get(f"/api/v1/verify/{old.certificate.public_id}").status_code == 410
    assert client.get(f"/api/v1/verify/{new.certificate.public_id}").json()["status"] == "revoked"
    assert product.pk in {pk for pk, _score in ranked_ids("kho ca dua")}, "still in the index (the catalogue filters)"
