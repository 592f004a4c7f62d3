import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from openpyxl import load_workbook

from ocop.criteria.loader import load_criteria_sets
from ocop.criteria.models import Sheet
from ocop.criteria.services import assessment_save, sheet_for_group, sheet_import, sheets_under
from ocop.criteria.sheets import SheetInvalid
from ocop.criteria.xlsx import WorkbookProblems, parse_sheet_workbook, sheet_workbook
from ocop.taxonomy.models import CriteriaVersion, ProductGroup

from ..conftest import make_producer, make_product
from .test_engine import GOLDEN_148_FOOD

pytestmark = pytest.mark.django_db


def test_every_set_arrives_with_migrate_one_sheet_per_group_or_product_set():
    assert Sheet.objects.filter(criteria_version__code="148-2023").count() >= 6
    assert Sheet.objects.filter(criteria_version__code="1048-2019").count() >= 6
    assert Sheet.objects.filter(criteria_version__code="26-2026").count() == 26
    for group in ProductGroup.objects.filter(depth=0).exclude(version__code="26-2026"):
        assert sheet_for_group(group, group.version) is not None, group.code
    # 26/2026 has one sheet per product set (the leaves of Annex I), none per group
    leaves = ProductGroup.objects.filter(version__code="26-2026", depth=2).order_by("position")
    assert [sheet_for_group(leaf, leaf.version).code for leaf in leaves] == [f"26-{n:02d}" for n in range(1, 27)]
    assert sheet_for_group(ProductGroup.objects.get(code="26-1"), CriteriaVersion.objects.get(code="26-2026")) is None


def test_loading_the_repository_files_again_changes_nothing():
    before = Sheet.objects.count()
    report = load_criteria_sets(Sheet, CriteriaVersion, ProductGroup)
    assert all(line.endswith("unchanged") for line in report)
    assert Sheet.objects.count() == before


def test_a_published_sheet_is_never_edited_in_place():
    sheet = Sheet.objects.resolve("148-TP")
    sheet.data = {**sheet.data, "name": "changed"}
    with pytest.raises(ValidationError):
        sheet.save()


def test_a_product_set_leaf_and_an_old_group_find_the_sheet_of_a_version():
    v148 = CriteriaVersion.objects.get(code="148-2023")
    assert sheet_for_group(ProductGroup.objects.get(code="148-1.2.1"), v148).code == "148-TP"
    assert sheet_for_group(ProductGroup.objects.get(code="1048-3"), v148).code == "148-DL", "Thảo dược → Dược liệu"
    assert sheet_for_group(ProductGroup.objects.get(code="1048-4"), v148).code == "148-TC", "Vải → Thủ công mỹ nghệ"
    # today (26/2026 in force): the sheet of the product set, through the chain 1048 → 148 → 26
    assert sheet_for_group(ProductGroup.objects.get(code="148-1.2.1")).code == "26-03"
    assert sheet_for_group(ProductGroup.objects.get(code="1048-1.3.5")).code == "26-08", "thủy sản chế biến"
    assert sheet_for_group(ProductGroup.objects.get(code="1048-4")).code == "26-22", "Vải → Vải, may mặc"
    # a group coarser than a product set has no single sheet: its product sets are offered
    assert sheet_for_group(ProductGroup.objects.get(code="1048-3")) is None
    assert [s.code for s in sheets_under(ProductGroup.objects.get(code="1048-3"))] == ["26-18", "26-19", "26-20"]


def test_xlsx_round_trip_unchanged_is_refused_edited_is_a_new_version_and_old_ratings_keep_theirs(province):
    original = Sheet.objects.resolve("148-TP")
    product = make_product(make_producer(province))
    old = assessment_save(product=product, sheet=original, answers=GOLDEN_148_FOOD, user=None)
    content = sheet_workbook(original.data, version=original.version)
    with pytest.raises(SheetInvalid, match="không có thay đổi"):
        sheet_import(data=parse_sheet_workbook(content))

    wb = load_workbook(io.BytesIO(content))
    ws = wb["Phiếu chấm"]
    for row in ws.iter_rows():
        if row[3].value == "A1.1":
            row[4].value = "Nguồn nguyên liệu (theo văn bản chính thức)"
    buffer = io.BytesIO()
    wb.save(buffer)
    new = sheet_import(data=parse_sheet_workbook(buffer.getvalue()))
    assert (new.code, new.version) == ("148-TP", original.version + 1)
    assert Sheet.objects.resolve("148-TP") == new
    old.refresh_from_db()
    assert old.sheet == original and old.total == 64


def test_an_edited_workbook_that_breaks_the_sums_is_refused_with_the_sums(tmp_path):
    sheet = Sheet.objects.resolve("148-TP")
    wb = load_workbook(io.BytesIO(sheet_workbook(sheet.data, version=sheet.version)))
    ws = wb["Phiếu chấm"]
    for row in ws.iter_rows():
        if row[3].value == "A1.1" and row[5].value == "c":
            row[7].value = 9
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(WorkbookProblems) as excinfo:
        parse_sheet_workbook(buffer.getvalue())
    assert any(cell == "Phần!C2" and "45" in message and "40" in message for cell, message in excinfo.value.problems), \
        excinfo.value.problems


def test_bad_cells_are_reported_by_cell():
    sheet = Sheet.objects.resolve("148-TP")
    wb = load_workbook(io.BytesIO(sheet_workbook(sheet.data, version=sheet.version)))
    ws = wb["Phiếu chấm"]
    target = None
    for row in ws.iter_rows():
        if row[3].value == "B1.1" and row[5].value == "b":
            row[7].value = "hai"
            target = f"Phiếu chấm!H{row[0].row}"
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(WorkbookProblems) as excinfo:
        parse_sheet_workbook(buffer.getvalue())
    assert excinfo.value.problems[0][0] == target
    with pytest.raises(WorkbookProblems):
        parse_sheet_workbook(b"not a workbook")


def test_cli_list_export_import_and_rate(tmp_path, capsys):
    call_command("criteria", "list", "--format", "json")
    sets = json.loads(capsys.readouterr().out)
    assert {s["code"] for s in sets} == {"1048-2019", "148-2023", "26-2026"}
    assert len(next(s for s in sets if s["code"] == "26-2026")["sheets"]) == 26
    assert any(sheet["code"] == "148-TP" for s in sets for sheet in s["sheets"])

    call_command("criteria", "export", "148-TP", "--format", "json")
    exported = json.loads(capsys.readouterr().out)
    assert [p["max"] for p in exported["parts"]] == [40, 25, 35]
    assert exported["criteria"][0]["options"][0]["points"] == 0 and exported["gates"]

    xlsx = tmp_path / "tp.xlsx"
    call_command("criteria", "export", "148-TP", "--format", "xlsx", "--output", str(xlsx))
    assert xlsx.read_bytes()[:2] == b"PK"

    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(GOLDEN_148_FOOD))
    capsys.readouterr()
    call_command("rate", "--sheet", "148-TP", "--answers", str(answers))
    result = json.loads(capsys.readouterr().out)
    assert result["total"] == 64 and result["stars"] == 3 and result["gates_failed"] == []
    assert result["parts"] == {"A": 30, "B": 12, "C": 22}
    assert result["next_star"]["stars"] == 4 and result["next_star"]["points_needed"] == 6
    assert {"criterion", "option", "points_gained"} <= set(result["next_star"]["changes"][0])


@pytest.mark.parametrize("content,fragment", [
    ('{"A1.1": "a", "A1.1": "b"}', "A1.1"),
    ('{"Z9": "a"}', "Z9"),
    ('{"A1.1": "q"}', "A1.1"),
    ('{"A1.1": "a"', "JSON"),
])
def test_rate_refuses_bad_answers_naming_the_item_and_exits_nonzero(tmp_path, capsys, content, fragment):
    answers = tmp_path / "a.json"
    answers.write_text(content)
    with pytest.raises(SystemExit) as exit_info:
        call_command("rate", "--sheet", "148-TP", "--answers", str(answers))
    assert exit_info.value.code != 0
    assert fragment in capsys.readouterr().err


def test_rate_and_export_refuse_an_unknown_sheet(tmp_path):
    from django.core.management.base import CommandError

    answers = tmp_path / "a.json"
    answers.write_text("{}")
    with pytest.raises(CommandError, match="NOPE"):
        call_command("rate", "--sheet", "NOPE", "--answers", str(answers))
    with pytest.raises(CommandError, match="NOPE"):
        call_command("criteria", "export", "NOPE")


def test_cli_import_refuses_a_broken_workbook_and_saves_nothing(tmp_path, capsys):
    before = Sheet.objects.count()
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 nonsense")
    with pytest.raises(SystemExit):
        call_command("criteria", "import", str(bad))
    assert Sheet.objects.count() == before
