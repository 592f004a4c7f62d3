import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from ocop.plans.indicators import compute, percent
from ocop.plans.models import Plan
from ocop.plans.report_pdf import report_pdf
from ocop.plans.reports import national_rollup, province_report, report_xlsx
from ocop.plans.services import (PlanRefused, budget, budget_line_add, disbursement_add, plan_create, plan_set_targets,
                                 progress, support_add, support_outcomes)
from ocop.core.money import vnd, vnd_short

from ..conftest import make_producer, make_product, recognise

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("actual,target,expected", [(44, 30, 147), (2, 3, 67), (1, 8, 13), (0, 5, 0), (5, 0, None), (3, None, None)])
def test_percentages_round_half_up(actual, target, expected):
    assert percent(actual, target) == expected


def test_amounts_the_vietnamese_way():
    assert vnd(1_250_000) == "1.250.000 đ"
    assert vnd_short(3_800_000_000) == "3,8 tỷ đồng"
    assert vnd_short(250_000_000) == "250 triệu đồng"


@pytest.fixture
def history(province):
    """A: 3★ 2021 then 4★ 2023 (upgrade); B: 3★ 2020 then 3★ 2023 (renewal); C: new 5★ in 2023; D: new 3★ 2023 revoked later."""
    coop = make_producer(province, name="HTX Mới", legal_form="cooperative")
    household = make_producer(province, name="Hộ Bà Tư", legal_form="household")
    a = make_product(coop, name="A")
    recognise(a, stars=3, day=dt.date(2021, 5, 1), group_code="1048-1")
    recognise(a, stars=4, day=dt.date(2023, 6, 1), group_code="148-1")
    b = make_product(household, name="B")
    recognise(b, stars=3, day=dt.date(2020, 5, 1), group_code="1048-1")
    recognise(b, stars=3, day=dt.date(2023, 5, 2), group_code="148-1")
    c = make_product(coop, name="C")
    recognise(c, stars=5, day=dt.date(2023, 8, 1), group_code="148-1")
    d = make_product(household, name="D")
    revoked = recognise(d, stars=3, day=dt.date(2023, 9, 1), group_code="148-1")
    revoked.revoked_at = dt.date(2024, 1, 5)
    revoked.save()
    return {"a": a, "b": b, "c": c, "d": d}


def test_each_indicator_is_counted_from_the_records(history, province):
    actual = {k: v.value for k, v in compute(province=province.code, year=2023).items()}
    assert actual["recognised_products"] == 4, "a later revocation does not change a past year's count"
    assert actual["new_products"] == 2 and actual["new_5_star"] == 1 and actual["new_3_star"] == 1
    assert actual["new_3_4_star"] == 1
    assert actual["upgrades_3_4"] == 1 and actual["upgrades_4_5"] == 0
    assert actual["re_recognitions"] == 1
    assert actual["producers_cooperatives"] == 1 and actual["producers_enterprises"] == 0
    assert actual["new_economic_organisations"] == 0, "the cooperative first joined in 2021"
    assert compute(province=province.code, year=2021)["new_economic_organisations"].value == 1
    ytd = compute(province=province.code, year=2023, as_of=dt.date(2023, 6, 30))
    assert ytd["recognised_products"].value == 2, "year to date"
    assert compute(province="92", year=2023)["recognised_products"].value == 0


def test_by_commune(history, province):
    actual = compute(province=province.code, year=2023)["recognised_products"]
    assert sum(actual.by_commune.values()) == 4


def test_the_ca_mau_2021_figures_come_back_from_the_demo_data(demo):
    plan = Plan.objects.get(province_id="96", year=2021)
    row = next(r for r in progress(plan) if r.code == "recognised_products")
    assert (row.target, row.actual, row.percent) == (30, 44, 147)


def test_a_duplicate_plan_is_refused(users, province):
    plan_create(province=province, year=2022, user=users["province"])
    with pytest.raises(PlanRefused) as err:
        plan_create(province=province, year=2022, user=users["province"])
    assert err.value.status == 409
    with pytest.raises(PlanRefused) as err:
        plan_create(province=province, year=2022, user=users["other_province"])
    assert err.value.status == 403


@pytest.mark.parametrize("targets,fragment", [
    ({"recognised_products": -1}, "negative"), ({"recognised_products": "ba mươi"}, "number"),
    ({"nope": 3}, "unknown"), ({"recognised_products": 2.5}, "whole"), ({"recognised_products": True}, "number"),
])
def test_bad_targets_are_refused_and_nothing_changes(users, province, targets, fragment):
    from django.utils import translation

    plan = plan_create(province=province, year=2022, user=users["province"])
    with translation.override("en"), pytest.raises(PlanRefused) as err:
        plan_set_targets(plan=plan, targets=targets, user=users["province"])
    assert fragment in str(err.value)
    assert not plan.targets.exists()


def test_budget_arithmetic_in_integer_dong_and_the_override(users, province):
    plan = plan_create(province=province, year=dt.date.today().year, user=users["province"])
    line = budget_line_add(plan=plan, activity="support", allocation="1.000.000.000", user=users["province"])
    assert line.allocation == 1_000_000_000
    day = dt.date(plan.year, 1, 15)
    disbursement_add(line=line, date=day, amount=600_000_000, user=users["province"])
    with pytest.raises(PlanRefused):
        disbursement_add(line=line, date=day, amount=500_000_000, user=users["province"])
    with pytest.raises(PlanRefused):
        disbursement_add(line=line, date=day, amount=500_000_000, user=users["province"], override=True, override_reason=" ")
    disbursement_add(line=line, date=day, amount=500_000_000, user=users["province"], override=True,
                     override_reason="Bổ sung theo Quyết định 12")
    rows, totals = budget(plan)
    assert (rows[0].disbursed, rows[0].remaining) == (1_100_000_000, -100_000_000)
    assert rows[0].warnings and "100.000.000\u00a0đ" in rows[0].warnings[0]
    assert totals == {"allocation": 1_000_000_000, "disbursed": 1_100_000_000, "remaining": -100_000_000, "percent": 110}
    for bad in ("-5", "abc", "1,5 tỷ"):
        with pytest.raises(PlanRefused):
            disbursement_add(line=line, date=day, amount=bad, user=users["province"])
    with pytest.raises(PlanRefused):
        budget_line_add(plan=plan, activity="support", allocation=-1, user=users["province"])
    with pytest.raises(PlanRefused):
        disbursement_add(line=line, date=dt.date(plan.year - 1, 5, 1), amount=5, user=users["province"])


def test_nothing_disbursed_late_in_the_year_warns(users, province):
    plan = plan_create(province=province, year=2024, user=users["province"])
    budget_line_add(plan=plan, activity="digital", allocation=200_000_000, user=users["province"])
    rows, _ = budget(plan, today=dt.date(2024, 11, 1))
    assert rows[0].warnings
    rows, _ = budget(plan, today=dt.date(2024, 4, 1))
    assert not rows[0].warnings


def test_support_outcomes(users, province, history):
    plan = plan_create(province=province, year=2022, user=users["province"])
    support_add(plan=plan, producer=history["a"].producer, product=history["a"], kind="certification",
                date=dt.date(2022, 3, 1), amount=50_000_000, user=users["province"])
    support_add(plan=plan, producer=history["b"].producer, product=history["b"], kind="training",
                date=dt.date(2022, 3, 1), amount=0, user=users["province"])
    outcomes = {row["support"].product.name: str(row["outcome"]) for row in support_outcomes(plan)}
    assert "4" in outcomes["A"]
    other = make_producer(__import__("ocop.places.models", fromlist=["Province"]).Province.objects.get(code="92"), name="X")
    with pytest.raises(PlanRefused):
        support_add(plan=plan, producer=other, kind="training", date=dt.date(2022, 1, 1), amount=0, user=users["province"])


def test_report_workbook_opens_and_holds_the_same_numbers_and_the_pdf_is_vietnamese(demo):
    data = province_report(Plan.objects.get(province_id="96", year=2021).province, 2021)
    wb = load_workbook(io.BytesIO(report_xlsx(data)))
    summary = {row[0]: row[1] for row in wb["Tổng hợp"].iter_rows(values_only=True) if row and row[0]}
    assert summary["Sản phẩm được công nhận trong năm"] == 44
    assert summary["Tổng số sản phẩm OCOP lũy kế đến 31/12/2021"] == 77
    plan_rows = {row[0]: row for row in wb["Tiến độ kế hoạch"].iter_rows(values_only=True)}
    assert plan_rows["recognised_products"][2:5] == (30, 44, 147)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(report_pdf(data))).pages)
    assert "BÁO CÁO KẾT QUẢ CHƯƠNG TRÌNH OCOP NĂM 2021" in text and "Tỉnh Cà Mau" in text and "147%" in text


def test_national_rollup_lists_every_province(demo):
    rows = national_rollup(2021)
    assert len(rows) == 34
    ca_mau = next(r for r in rows if r["province"].code == "96")
    assert ca_mau["values"][0] == {"code": "recognised_products", "actual": 44, "target": 30, "percent": 147}


def test_targets_from_a_workbook(users, province, client):
    plan = plan_create(province=province, year=2022, user=users["province"])
    wb = Workbook()
    ws = wb.active
    ws.append(["Mã chỉ tiêu", "Chỉ tiêu", "Kế hoạch"])
    ws.append(["new_3_4_star", "", 30])
    ws.append(["upgrades_3_4", "", 3])
    ws.append(["", "Sản phẩm được công nhận", 40])
    buffer = io.BytesIO()
    wb.save(buffer)
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(users["province"])
    client.post(f"/plans/{plan.pk}/", {"action": "targets_file", "file": SimpleUploadedFile("t.xlsx", buffer.getvalue())})
    assert {t.indicator: int(t.value) for t in plan.targets.all()} == {"new_3_4_star": 30, "upgrades_3_4": 3,
                                                                       "recognised_products": 40}
    ws.append(["không có", "", 5])
    buffer = io.BytesIO()
    wb.save(buffer)
    client.post(f"/plans/{plan.pk}/", {"action": "targets_file", "file": SimpleUploadedFile("t.xlsx", buffer.getvalue())})
    assert plan.targets.count() == 3, "a workbook with a bad row changes nothing"
