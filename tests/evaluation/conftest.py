import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ocop.accounts.models import User
from ocop.evaluation.models import Council, Member
from ocop.evaluation.services.dossiers import document_upload

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="tai-lieu.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def vault(users):
    """The producer's vault with every document a first 3-star food dossier needs."""
    producer = users["producer_record"]
    from ..conftest import make_product

    product = make_product(producer, name="Khô cá dứa", group_code="148-1.3.4")  # today: 26/2026 sheet 26-08
    user = users["producer"]
    today = dt.date.today()
    docs = {}
    for kind in ("registration_form", "self_assessment_report", "business_registration", "business_plan", "food_safety_certificate"):
        docs[kind] = document_upload(producer=producer, upload=pdf(), kind=kind, title=kind, user=user,
                                     issued_on=today - dt.timedelta(days=30))
    for kind in ("test_report", "product_standard"):
        docs[kind] = document_upload(producer=producer, upload=pdf(), kind=kind, title=kind, user=user, product=product,
                                     issued_on=today - dt.timedelta(days=30))
    return {"product": product, "docs": docs}


@pytest.fixture
def council(users, province):
    council = Council.objects.create(level="province", province=province, name="Hội đồng tỉnh Cà Mau")
    seats = {}
    for name, role in (("chair", "chair"), ("m1", "member"), ("m2", "member"), ("m3", "member"), ("secretary", "secretary")):
        user = User.objects.create_user(username=f"council_{name}", password="pw", email=f"{name}@hd.vn")
        seats[name] = Member.objects.create(council=council, user=user, role=role, agency="Sở Nông nghiệp và Môi trường")
    return council, seats
