"""Targets as ranges judged against both ends; the report as of 31/12 of its year with the rule beside each figure;
disbursements corrected and deleted with history; overspent lines; support against a producer picked by name."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from ocop.plans.models import Disbursement, Plan, Support
from ocop.plans.report_pdf import report_pdf
from ocop.plans.reports import province_report, report_xlsx
from ocop.plans.services import PlanRefused, budget, budget_line_add, disbursement_add, plan_create, plan_set_targets, progress
from ocop.plans.targets import Judgement, TargetError, TargetValue, parse_value

from ..conftest import make_producer, make_product, recognise

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("raw,expected", [
    (30, TargetValue(30)), ("30", TargetValue(30)), ("28-30", TargetValue(28, 30)), ("28 – 30", TargetValue(28, 30)),
    ("28–30", TargetValue(28, 30)), ("5-5", TargetValue(5)), ("0", TargetValue(0)),
])
def test_targets_read_as_numbers_or_ranges(raw, expected):
    assert parse_value(raw) == expected


@pytest.mark.parametrize("raw", ["30-28", "-3", "abc", "2.5", "28-", "28-30-32", "1e12", True])
def test_bad_targets_are_refused(raw):
    with pytest.raises(TargetError):
        parse_value(raw)


@pytest.mark.parametrize("actual,judgement", [(27, Judgement.NOT_MET), (28, Judgement.MET), (30, Judgement.MET),
                                              (31, Judgement.EXCEEDED)])
def test_a_range_is_judged_against_both_ends(actual, judgement):
    assert TargetValue(28, 30).judge(actual) == judgement


def test_a_single_number_is_met_at_it_and_exceeded_above_it():
    assert [TargetValue(30).judge(a) for a in (29, 30, 44)] == [Judgement.NOT_MET, Judgement.MET, Judgement.EXCEEDED]
    assert TargetValue(28, 30).percent(29) == 104 and TargetValue(30).percent(44) == 147


def test_a_range_is_stored_shown_and_judged(users, province):
    plan = plan_create(province=province, year=2022, user=users["province"])
    plan_set_targets(plan=plan, targets={"new_economic_organisations": "28-30", "new_3_4_star": 30}, user=users["province"])
    rows = {r.code: r for r in progress(plan)}
    assert rows["new_economic_organisations"].target_text == "28-30"
    assert rows["new_economic_organisations"].as_dict()["target_upper"] == 30
    assert rows["new_economic_organisations"].judgement == Judgement.NOT_MET
    assert rows["new_3_4_star"].as_dict()["target"] == 30


def test_the_error_names_the_indicator_in_the_users_language_not_its_code(users, province):
    plan = plan_create(province=province, year=2022, user=users["province"])
    with pytest.raises(PlanRefused) as err:
        plan_set_targets(plan=plan, targets={"new_economic_organisations": "30-28"}, user=users["province"])
    assert "new_economic_organisations" not in str(err.value)
    assert str(err.value).startswith("Tổ chức kinh tế mới tham gia chương trình: khoảng 30-28 bị ngược")


def test_targets_on_the_page_accept_ranges_and_errors_sit_beside_the_field(client, users, province):
    plan = plan_create(province=province, year=2022, user=users["province"])
    client.force_login(users["province"])
    response = client.post(f"/plans/{plan.pk}/", {"action": "targets", "t_new_economic_organisations": "30-28",
                                                  "t_new_3_4_star": "30"})
    assert response.status_code == 400
    assert "t_new_economic_organisations" in response.context["targets_form"].errors
    page = response.content.decode()
    assert "Khoảng 30-28 bị ngược" in page and "new_economic_organisations:" not in page
    assert not plan.targets.exists(), "nothing written"
    client.post(f"/plans/{plan.pk}/", {"action": "targets", "t_new_economic_organisations": "28-30", "t_new_3_4_star": "30"})
    assert {t.indicator: t.text for t in plan.targets.all()} == {"new_economic_organisations": "28-30", "new_3_4_star": "30"}
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert "28–30" in page and 'value="28-30"' in page


def test_api_put_accepts_ranges_and_keeps_numbers(client, users, token_for):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token_for(users['province'])}"}
    response = client.put("/api/v1/plans/96/2022", {"targets": {"new_economic_organisations": "28-30", "upgrades_3_4": 3}},
                          content_type="application/json", **auth)
    assert response.status_code == 200
    assert response.json()["targets"] == {"new_economic_organisations": "28-30", "upgrades_3_4": 3}
    row = next(r for r in client.get("/api/v1/plans/96/2022/progress", **auth).json() if r["code"] == "new_economic_organisations")
    assert (row["target"], row["target_upper"], row["target_text"], row["judgement"]) == (28, 30, "28-30", "not_met")
    bad = client.put("/api/v1/plans/96/2022", {"targets": {"upgrades_3_4": "3-1"}}, content_type="application/json", **auth)
    assert bad.status_code == 400 and Plan.objects.get(province_id="96", year=2022).targets.get(indicator="upgrades_3_4").value == 3


@pytest.fixture
def later(province):
    """Recognitions in 2021 and 2022, and more after 2022 (which a 2022 report must not count)."""
    coop = make_producer(province, name="HTX Năm Căn")
    products = [make_product(coop, name=f"Sản phẩm {i}") for i in range(6)]
    recognise(products[0], day=dt.date(2021, 3, 1))
    recognise(products[1], day=dt.date(2022, 4, 1))
    recognise(products[2], day=dt.date(2022, 9, 1))
    recognise(products[0], day=dt.date(2022, 10, 1), stars=4)
    for p in products[3:]:
        recognise(p, day=dt.date(2024, 6, 1))
    return products


def test_the_report_counts_as_of_the_end_of_its_year_and_its_sheets_agree(later, province):
    data = province_report(province, 2022)
    assert data["all_time"]["products"] == 3, "products recognised up to 31/12/2022, not today's 6"
    wb = load_workbook(io.BytesIO(report_xlsx(data)))
    summary = {row[0]: row for row in wb["Tổng hợp"].iter_rows(values_only=True) if row and row[0]}
    assert summary["Tổng số sản phẩm OCOP lũy kế đến 31/12/2022"][1:3] == (3, 1)
    assert "31/12" in summary["Tổng số sản phẩm OCOP lũy kế đến 31/12/2022"][3], "the rule is written beside it"
    in_year = summary["Sản phẩm được công nhận trong năm"][1]
    by_year = {row[0]: row[1] for row in wb["Theo năm"].iter_rows(values_only=True) if row and row[0]}
    assert in_year == by_year[2022] == 3 and 2024 not in by_year
    assert any(str(k).startswith("Ghi chú") for k in by_year), "years add up to 4 > 3: the sheet says why"
    groups = list(wb["Theo nhóm"].iter_rows(values_only=True))
    assert groups[-1][-1] == in_year
    figures = [row for row in summary.values() if row[0] != "Chỉ tiêu" and not row[0].startswith("BÁO CÁO")]
    assert len(figures) > 20 and all(row[3] for row in figures), "every figure has its rule"


def test_the_pdf_has_the_rules_the_signature_block_and_money_on_one_line(users, province, later):
    plan = plan_create(province=province, year=2022, user=users["province"])
    plan_set_targets(plan=plan, targets={"new_economic_organisations": "28-30"}, user=users["province"])
    line = budget_line_add(plan=plan, activity="support", allocation=1_250_000_000, user=users["province"])
    disbursement_add(line=line, date=dt.date(2022, 5, 1), amount=1_300_000_000, user=users["province"], override=True,
                     override_reason="Bổ sung")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(report_pdf(province_report(province, 2022)))).pages)
    assert "CHỦ TỊCH" in text and "TM. ỦY BAN NHÂN DÂN" in text and "Nơi nhận" in text
    assert "28–30" in text and "chưa đạt" in text
    assert "1.250.000.000\u00a0đ" in text or "1.250.000.000 đ" in text.replace("\n", " ")
    assert "1.250.000.000\nđ" not in text and "1.300.000.000\nđ" not in text, "money never breaks"
    assert "(104%), vượt dự toán 50 triệu đồng" in text.replace("\n", " ")
    assert "tính đến ngày 31/12/2022" in " ".join(text.split())


def test_an_overspent_line_shows_its_real_percentage_and_a_warning(client, users, province):
    plan = plan_create(province=province, year=2022, user=users["province"])
    line = budget_line_add(plan=plan, activity="support", allocation=1_000_000_000, user=users["province"])
    disbursement_add(line=line, date=dt.date(2022, 5, 1), amount=1_100_000_000, user=users["province"], override=True,
                     override_reason="Bổ sung theo Quyết định 12")
    row = budget(plan)[0][0]
    assert (row.percent, row.bar, row.overspent) == (110, 100, True) and "110%" in row.warnings[0]
    client.force_login(users["province"])
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert "110%" in page and "vượt dự toán" in page and 'role="alert"' in page


def test_a_disbursement_is_corrected_then_deleted_and_its_history_kept(client, users, province, other_province):
    plan = plan_create(province=province, year=2022, user=users["province"])
    line = budget_line_add(plan=plan, activity="promotion", allocation=500_000_000, user=users["province"])
    client.force_login(users["province"])
    client.post(f"/plans/{plan.pk}/", {"action": "disbursement", "line": line.pk, "date": "15/03/2022",
                                       "amount": "120.000.000", "document": "CT 01"})
    item = Disbursement.objects.get()
    url = f"/plans/{plan.pk}/disbursements/{item.pk}/"
    bad = client.post(url, {"action": "save", "line": line.pk, "date": "15/03/2021", "amount": "12.000.000"})
    assert bad.status_code == 400 and "date" in bad.context["form"].errors
    bad = client.post(url, {"action": "save", "line": line.pk, "date": "15/03/2022", "amount": "nhiều"})
    assert bad.status_code == 400 and "amount" in bad.context["form"].errors and "Số tiền" in bad.content.decode()
    bad = client.post(url, {"action": "save", "line": line.pk, "date": "15/03/2022", "amount": "600.000.000"})
    assert bad.status_code == 400 and "override_reason" in bad.context["form"].errors
    assert client.post(url, {"action": "save", "line": line.pk, "date": "16/03/2022", "amount": "102.000.000",
                             "document": "CT 01"}).status_code == 302
    item.refresh_from_db()
    assert (item.amount, item.date) == (102_000_000, dt.date(2022, 3, 16))
    page = client.get(url).content.decode()
    assert "120.000.000" in page and "102.000.000" in page, "the earlier amount is in the history"
    assert client.post(url, {"action": "delete", "reason": ""}).status_code == 400
    assert client.post(url, {"action": "delete", "reason": "nhập trùng"}).status_code == 302
    assert not Disbursement.objects.exists()
    history = client.get(f"/plans/{plan.pk}/disbursements/history/").content.decode()
    assert "nhập trùng" in history and history.count("CT 01") >= 3
    client.force_login(users["other_province"])
    assert client.get(f"/plans/{plan.pk}/disbursements/history/").status_code == 404
    other_plan = plan_create(province=other_province, year=2022, user=users["other_province"])
    other_line = budget_line_add(plan=other_plan, activity="promotion", allocation=9, user=users["other_province"])
    theirs = disbursement_add(line=other_line, date=dt.date(2022, 1, 2), amount=5, user=users["other_province"])
    client.force_login(users["province"])
    assert client.get(f"/plans/{plan.pk}/disbursements/{theirs.pk}/").status_code == 404
    assert client.post(f"/plans/{other_plan.pk}/disbursements/{theirs.pk}/", {"action": "delete", "reason": "x"}).status_code == 404
    response = client.post(f"/plans/{plan.pk}/", {"action": "disbursement", "line": other_line.pk, "date": "02/01/2022",
                                                  "amount": "1"})
    assert response.status_code == 400 and "line" in response.context["disbursement_form"].errors
    for who in ("commune", "producer"):
        client.force_login(users[who])
        assert client.get(f"/plans/{plan.pk}/disbursements/history/").status_code == 403


def test_support_is_recorded_against_a_producer_picked_by_name_within_the_province(client, users, province, other_province):
    plan = plan_create(province=province, year=2022, user=users["province"])
    ours = users["producer_record"]
    theirs = make_producer(other_province, name="HTX Hậu Giang")
    client.force_login(users["province"])
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert ours.name in page and "HTX Hậu Giang" not in page
    response = client.post(f"/plans/{plan.pk}/", {"action": "support", "producer": theirs.pk, "kind": "training",
                                                  "date": "01/06/2022"})
    assert response.status_code == 400 and "producer" in response.context["support_form"].errors
    assert not Support.objects.exists()
    assert client.post(f"/plans/{plan.pk}/", {"action": "support", "producer": ours.pk, "kind": "training",
                                              "date": "01/06/2022", "amount": "15.000.000"}).status_code == 302
    assert Support.objects.get().producer == ours
