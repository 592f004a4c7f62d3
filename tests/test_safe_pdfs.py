"""Every PDF the app makes prints a producer's or a product's name as typed: markup is not obeyed (no bold,
no image read from the server's disk), control characters are dropped, and nothing answers 500."""

import datetime as dt
import io
import zipfile

import pytest
from pypdf import PdfReader

from ocop.certificates.answers import answers_refresh
from ocop.certificates.models import Certificate
from ocop.certificates.revocation import certificate_revoke
from ocop.plans.services import plan_create, support_add
from ocop.producers.models import Producer, Product

from .conftest import make_producer, make_product, recognise

pytestmark = pytest.mark.django_db

# no NUL: PostgreSQL refuses it before any PDF is made
PRODUCER = 'HTX <b>Đậm</b> & Co \x01\x08\x1b\x7f\x85'
PRODUCT = '<para><img src="/etc/passwd"/> Mắm & "tôm"\x0b\x9f'
DAY = dt.date.today() - dt.timedelta(days=20)
NUMBER = "501/QĐ-UBND"


def _text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _assert_literal(text: str, *, product_only: bool = False):
    for expected in ['<img src="/etc/passwd"/>', '<para>', 'Mắm & "tôm"'] + ([] if product_only else ["<b>Đậm</b> & Co"]):
        assert expected in text, expected
    assert not any(ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F for ch in text)
    assert "root:" not in text


@pytest.fixture
def certificate(users, province):
    """A recognised product whose names (written with update(), as a hand-edited row may hold them) are markup."""
    producer = make_producer(province, name="HTX")
    product = make_product(producer, name="Mắm")
    recognition = recognise(product, stars=4, day=DAY, number=NUMBER)
    Producer.objects.filter(pk=producer.pk).update(name=PRODUCER)
    Product.objects.filter(pk=product.pk).update(name=PRODUCT)
    # the certificate prints its certified facts (frozen when issued): hand-edited the same way
    Certificate.objects.filter(pk=recognition.certificate.pk).update(product_name=PRODUCT, producer_name=PRODUCER)
    # what the public is told (the verification answer, which the certificate PDF prints too) follows the edit
    answers_refresh([recognition.certificate.pk])
    return Certificate.objects.get(pk=recognition.certificate.pk)


def _get_pdf(client, url):
    response = client.get(url)
    assert response.status_code == 200 and response.content[:4] == b"%PDF"
    return response.content


def test_certificate_pdf(client, users, certificate):
    client.force_login(users["province"])
    _assert_literal(_text(_get_pdf(client, f"/certificates/{certificate.public_id}/pdf/")))


def test_decision_batch_as_one_pdf_and_as_a_zip(client, users, certificate):
    client.force_login(users["province"])
    _assert_literal(_text(_get_pdf(client, f"/certificates/decision/?decision={NUMBER}&format=pdf")))
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/certificates/decision/?decision={NUMBER}&format=zip").content))
    _assert_literal(_text(archive.read(archive.namelist()[0])))


def test_recognition_and_revocation_decisions(client, users, certificate):
    client.force_login(users["province"])
    _assert_literal(_text(_get_pdf(client, f"/certificates/decision/?decision={NUMBER}&format=decision")))
    certificate_revoke(certificate=certificate, ground="mark_misuse", reason='<b>tem</b> & "giả"\x07', decision="9/QĐ",
                       user=users["province"])
    text = _text(_get_pdf(client, f"/certificates/{certificate.public_id}/revocation.pdf"))
    _assert_literal(text)
    assert '<b>tem</b> & "giả"' in text


def test_inspection_record(client, users, certificate):
    from ocop.monitoring.models import Finding, Inspection

    inspection = Inspection.objects.create(certificate=certificate, kind="periodic", inspected_on=DAY, inspectors=PRODUCER,
                                           criteria="partly", criteria_notes=PRODUCT, mark_use="correct")
    Finding.objects.create(inspection=inspection, subject="criteria", description=PRODUCT, correct_by=DAY)
    client.force_login(users["province"])
    _assert_literal(_text(_get_pdf(client, f"/monitoring/inspections/{inspection.pk}/record.pdf")))


def test_labels(client, users, certificate):
    client.force_login(users["province"])
    for url in (f"/certificates/labels.pdf?id={certificate.public_id}&copies=2",
                f"/certificates/decision/?decision={NUMBER}&format=labels"):
        text = _text(_get_pdf(client, url)).replace(" ", "")
        assert '<para><imgsrc="/etc/passwd"/>' in text and "Mắm&" in text  # labels wrap the name in a narrow box
        assert not any(ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F for ch in text)


def test_plan_report_pdf(client, users, province, certificate):
    plan = plan_create(province=province, year=DAY.year, user=users["province"])
    product = Product.objects.get(pk=certificate.recognition.product_id)
    support_add(plan=plan, producer=product.producer, product=product, kind="training", date=DAY, amount=0,
                user=users["province"])
    client.force_login(users["province"])
    text = _text(_get_pdf(client, f"/plans/{plan.pk}/report.pdf"))
    _assert_literal(text)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "TM. ỦY BAN NHÂN DÂN" in text and "Nơi nhận:" in text
    assert f"BÁO CÁO KẾT QUẢ CHƯƠNG TRÌNH OCOP NĂM {DAY.year}" in text
