import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ocop.accounts.models import Role, User
from ocop.evaluation.models import Round
from ocop.evaluation.services.councils import council_create, member_add
from ocop.evaluation.services.documents import document_upload

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
VAULT_KINDS = ("business_registration", "business_plan", "food_safety_certificate")
PRODUCT_KINDS = ("test_report", "product_standard")


def pdf(name="tai-lieu.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def fill_vault(producer, product, user, today=None):
    """Every document a first 3-star food dossier attaches, issued a month ago."""
    today = today or dt.date.today()
    docs = {}
    for kind in VAULT_KINDS:
        docs[kind] = document_upload(producer=producer, upload=pdf(), kind=kind, title=kind, user=user,
                                     issued_on=today - dt.timedelta(days=30))
    for kind in PRODUCT_KINDS:
        docs[kind] = document_upload(producer=producer, upload=pdf(), kind=kind, title=kind, user=user, product=product,
                                     issued_on=today - dt.timedelta(days=30))
    return docs


@pytest.fixture
def vault(users):
    """The producer's vault with every document a first 3-star food dossier needs."""
    from ..conftest import make_product

    producer = users["producer_record"]
    product = make_product(producer, name="Khô cá dứa", group_code="148-1.3.4")  # today: 26/2026 sheet 26-08
    return {"product": product, "docs": fill_vault(producer, product, users["producer"])}


@pytest.fixture
def council(users, province):
    """The provincial council set up by the office: a chair, three members, a secretary, an adviser."""
    council = council_create(level="province", province=province, name="Hội đồng tỉnh Cà Mau", decision_number="12/QĐ-UBND",
                             decision_date=dt.date.today() - dt.timedelta(days=60), user=users["province"])
    seats = {}
    for name, role in (("chair", "chair"), ("m1", "member"), ("m2", "member"), ("m3", "member"), ("secretary", "secretary"),
                       ("adviser", "advisor")):
        person = User.objects.create_user(username=f"council_{name}", password="pw", email=f"{name}@hd.vn",
                                          first_name="Nguyễn Văn", last_name=name.title(), role=Role.COUNCIL,
                                          province=province)
        seats[name] = member_add(council=council, person=person, role=role, agency="Sở Nông nghiệp và Môi trường",
                                 user=users["province"])
    return council, seats


@pytest.fixture
def round_(users, province):
    today = dt.date.today()
    return Round.objects.create(level="province", province=province, year=today.year, number=3, statutory=False,
                                proposals_by=today + dt.timedelta(days=30), finish_by=today + dt.timedelta(days=120))


@pytest.fixture
def clock(monkeypatch):
    """Set the day the services see (timezone.localdate)."""
    real = timezone.localdate

    class Clock:
        day = None

        def set(self, day):
            self.day = day

        def shift(self, days):
            self.day = (self.day or real()) + dt.timedelta(days=days)
            return self.day

    c = Clock()
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: c.day or real(*a, **k))
    return c
