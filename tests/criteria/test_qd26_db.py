"""26/2026 with the database: versions by date, the product tree and its mapping chain, the sheet
for a product on a date, the API and CLI answers, the workbook round trip and its refusals, pages."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from ocop.criteria.models import Sheet
from ocop.criteria.services import sheet_for_product, sheet_for_product_set, sheet_import
from ocop.criteria.sheets import SheetInvalid
from ocop.criteria.xlsx import WorkbookProblems, parse_sheet_workbook, sheet_workbook
from ocop.taxonomy import versions
from ocop.taxonomy.mapping import groups_placed_under, place
from ocop.taxonomy.models import CriteriaVersion, ProductGroup

from ..conftest import make_producer, make_product
from .test_engine import GOLDEN_26_08

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("day,code", [
    (dt.date(2020, 1, 1), "1048-2019"), (dt.date(2023, 2, 23), "1048-2019"), (dt.date(2023, 2, 24), "148-2023"),
    (dt.date(2026, 5, 21), "148-2023"), (dt.date(2026, 5, 22), "26-2026"), (dt.date(2026, 7, 21), "26-2026"),
])
def test_the_version_in_force_on_a_day(day, code):
    assert versions.version_in_force(day).code == code
    assert versions.version_code_on(day) == code, "the files and the database say the same"


def test_a_dossier_filed_before_22_may_2026_stays_on_the_148_sheet(province):
    product = make_product(make_producer(province), group_code="148-1.3.4")
    assert sheet_for_product(product, dt.date(2026, 5, 21)).code == "148-TP"
    assert sheet_for_product(product, dt.date(2026, 5, 22)).code == "26-08"
    old = make_product(make_producer(province, name="HTX cũ"), group_code="1048-1.3.5")
    assert sheet_for_product(old, dt.date(2022, 1, 1)).code == "1048-TP"
    assert sheet_for_product(old, dt.date(2026, 6, 1)).code == "26-08"


def test_bands_and_dates_have_one_home():
    for version in CriteriaVersion.objects.all():
        rules = versions.rules(version.code)
        assert rules["bands"] == version.star_bands and rules["in_force_from"] == version.in_force_from
        for sheet in Sheet.objects.filter(criteria_version=version):
            assert sheet.data["bands"] == version.star_bands
            assert sheet.data["recognised_min_stars"] == version.recognised_min_stars


def test_annex_i_is_the_26_2026_tree_with_lead_ministries():
    v26 = CriteriaVersion.objects.get(code="26-2026")
    groups = ProductGroup.objects.filter(version=v26)
    assert [g.name for g in groups.filter(depth=0)] == [
        "Thực phẩm", "Đồ uống", "Dược liệu và sản phẩm từ dược liệu", "Hàng thủ công mỹ nghệ", "Sinh vật cảnh",
        "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch"]
    assert groups.filter(depth=1).count() == 17 and groups.filter(depth=2).count() == 26
    assert ProductGroup.objects.get(code="26-1.3.1").lead_ministry == "Bộ Công Thương"
    assert ProductGroup.objects.get(code="26-2.2.1").lead_ministry == "Bộ Y tế"
    assert ProductGroup.objects.get(code="26-6.1.1").lead_ministry == "Bộ Văn hóa, Thể thao và Du lịch; Bộ Nông nghiệp và Môi trường"
    assert all(g.verified for g in groups)


@pytest.mark.parametrize("code,top,product_set", [
    ("148-1.3.4", "26-1", "26-1.3.4"), ("148-5", "26-5", None), ("1048-1.3.5", "26-1", "26-1.3.4"),
    ("1048-3", "26-3", None), ("1048-4", "26-4", "26-4.2.1"), ("1048-3.3.1", "26-3", "26-3.3.1"),
    ("26-2.1.1", "26-2", "26-2.1.1"),
])
def test_any_group_of_any_version_finds_its_place_in_26_2026(code, top, product_set):
    placement = place(code)
    assert (placement.top, placement.product_set) == (top, product_set)
    assert placement.chain[0] == code and placement.chain[-1].startswith("26-")


def test_the_chain_keeps_the_notes_of_partial_matches_and_filters_can_use_it():
    placement = place("1048-3.3.1")
    assert placement.chain == ("1048-3.3.1", "148-3.3.1", "26-3.3.1") and placement.exact
    assert any(note.startswith("Một phần") for note in placement.notes), "medical equipment has no true counterpart"
    under = {ProductGroup.objects.get(pk=pk).code for pk in groups_placed_under("26-1.3")}
    assert {"26-1.3", "26-1.3.4", "148-1.3", "148-1.3.4", "1048-1.3", "1048-1.3.4", "1048-1.3.5"} <= under
    assert "148-1" not in under and "1048-1.1" not in under
    assert place("nope") is None


def test_which_26_2026_sheet_applies_to_a_product_group():
    assert sheet_for_product_set("148-1.3.4").code == "26-08"
    assert sheet_for_product_set("1048-2.1.1").code == "26-14"
    assert sheet_for_product_set("26-6").code == "26-26", "a group with one product set determines it"
    assert sheet_for_product_set("148-1") is None, "Thực phẩm covers 13 product sets"
    assert sheet_for_product_set("148-1.3.4", "148-2023").code == "148-TP"
    assert sheet_for_product_set("nope") is None


def test_score_api_returns_the_cheapest_way_alternatives_and_unanswered(client):
    response = client.post("/api/v1/assessments/score", {"sheet": "26-08", "answers": GOLDEN_26_08},
                           content_type="application/json")
    data = response.json()
    assert response.status_code == 200 and data["total"] == 64 and data["stars"] == 3 and data["sheet"] == "26-08@1"
    nxt = data["next_star"]
    assert nxt["stars"] == 4 and nxt["effort"] == 16 and data["alternatives"] == []
    assert {(c["criterion"], c["option"]) for c in nxt["changes"]} >= {("9", "b"), ("5.1", "e")}
    assert all({"criterion", "option", "points", "effort", "text", "evidence"} <= set(c) for c in nxt["changes"])
    assert "Minh chứng" in nxt["changes"][0]["text"], "each step in plain Vietnamese with its evidence"
    partial = client.post("/api/v1/assessments/score", {"sheet": "26-08", "answers": {"1.1": "c"}, "partial": True},
                          content_type="application/json").json()
    assert "1.2" in partial["unanswered"] and "1.1" not in partial["unanswered"] and partial["next_star"]["stars"] == 3


def test_score_api_disqualifies_and_refuses_unknown_conditions(client):
    data = client.post("/api/v1/assessments/score", {"sheet": "26-08", "answers": GOLDEN_26_08, "knockouts": ["K1"]},
                       content_type="application/json").json()
    assert data["stars"] is None and data["disqualified"] == [{"code": "K1", "text": "Giả mạo hồ sơ", "criterion": ""}]
    assert data["next_star"] is None and data["band_stars"] == 3
    response = client.post("/api/v1/assessments/score", {"sheet": "26-08", "answers": GOLDEN_26_08, "knockouts": ["K9"]},
                           content_type="application/json")
    assert response.status_code == 400 and response.json()["item"] == "K9" and "K9" in response.json()["detail"]
    response = client.post("/api/v1/assessments/score", {"sheet": "26-08", "answers": {"1.1": "z"}, "partial": True},
                           content_type="application/json")
    assert response.status_code == 400 and response.json()["item"] == "1.1=z"


def test_rate_cli_with_a_knockout_and_partial_answers(tmp_path, capsys):
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps(GOLDEN_26_08))
    call_command("rate", "--sheet", "26-08", "--answers", str(answers))
    out = json.loads(capsys.readouterr().out)
    assert out["total"] == 64 and out["next_star"]["stars"] == 4 and "effort" in out["next_star"]
    assert out["alternatives"] == []
    call_command("rate", "--sheet", "26-08", "--answers", str(answers), "--knockout", "K4")
    assert json.loads(capsys.readouterr().out)["stars"] is None
    answers.write_text("{}")
    call_command("rate", "--sheet", "26-01", "--answers", str(answers), "--partial", "--lang", "en")
    out = json.loads(capsys.readouterr().out)
    assert out["total"] == 15 and out["next_star"]["stars"] == 3 and len(out["unanswered"]) == 32
    assert "Evidence the council will ask for" in out["next_star"]["changes"][0]["text"]


def _edited(sheet: Sheet, edit) -> bytes:
    wb = load_workbook(io.BytesIO(sheet_workbook(sheet.data, version=sheet.version)))
    edit(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _rows(ws, criterion, option=None):
    return [row for row in ws.iter_rows() if row[3].value == criterion and (option is None or row[5].value == option)]


def test_a_26_sheet_makes_the_round_trip_whole_and_an_edited_effort_is_a_new_version():
    original = Sheet.objects.resolve("26-11")
    document = parse_sheet_workbook(sheet_workbook(original.data, version=original.version))
    assert document == original.data, "every field comes back: sub-sections, notes, evidence, records, knock-outs"
    with pytest.raises(SheetInvalid, match="không có thay đổi|nothing changed"):
        sheet_import(data=document)

    def effort(wb):  # the office judges national ISO/HACCP for tea a matter of weeks
        _rows(wb["Phiếu chấm"], "9", "b")[0][9].value = 2

    new = sheet_import(data=parse_sheet_workbook(_edited(original, effort)))
    assert new.version == original.version + 1
    assert [o["effort"] for o in next(c for s in new.data["sections"] for c in s["criteria"] if c["code"] == "9")["options"]] == [1, 2, 3]


@pytest.mark.parametrize("edit,cell,words", [
    (lambda wb: setattr(_rows(wb["Phiếu chấm"], "1.1", "c")[0][7], "value", 4), "Tiêu chí!C", ["1.1", "4", "3"]),
    (lambda wb: setattr(_rows(wb["Phiếu chấm"], "6.1.1", "b")[0][7], "value", 12), "Tiêu chí!C", ["6.1.1", "12"]),
    (lambda wb: wb["Tiêu chí bắt buộc"].append([4, "99.9", "a", ""]), "Tiêu chí bắt buộc!B", ["99.9"]),
    (lambda wb: setattr(_rows(wb["Phiếu chấm"], "1.2", "c")[0][5], "value", "b"), "Phiếu chấm!F", ["1.2", "b"]),
    (lambda wb: setattr(_rows(wb["Phiếu chấm"], "1.2", "c")[0][9], "value", 5), "Phiếu chấm!J", ["1.2", "5"]),
    (lambda wb: setattr(wb["Mục"]["E2"], "value", 19), "Mục!E2", ["19", "18"]),
])
def test_a_workbook_that_breaks_the_sheet_is_refused_with_the_cell(edit, cell, words):
    with pytest.raises(WorkbookProblems) as excinfo:
        parse_sheet_workbook(_edited(Sheet.objects.resolve("26-11"), edit))
    problems = excinfo.value.problems
    assert any(where.startswith(cell) and all(w in message for w in words) for where, message in problems), problems


def test_sheet_pages_show_star_minima_effort_knockouts_and_english_around_vietnamese_criteria(client):
    page = client.get("/criteria/26-01/").content.decode()
    assert "Văn bản chính thức" in page and "Giả mạo hồ sơ" in page and "5★" in page and "chứng nhận" in page
    assert "không in: suy ra" in page, "the derived options of 2.4 say they are not printed"
    english = client.get("/criteria/26-01/?lang=en").content.decode()
    assert "Production organisation" in english and "Product and community strength" in english
    assert "Nguồn gốc sản phẩm" in english and "<b>1.1</b>" in english, "criteria stay in Vietnamese with their codes"
    assert "a certification, a mark or a market (months)" in english
    assert "/criteria/26-26/" in client.get("/criteria/").content.decode()
