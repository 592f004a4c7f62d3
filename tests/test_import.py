import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import translation

from ocop.imports.service import register_import
from ocop.producers.models import Producer, Product
from ocop.recognitions.models import Recognition

from .conftest import GOOD_ROWS, HEADERS, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

GOOD = GOOD_ROWS


def counts():
    return Producer.objects.count(), Product.objects.count(), Recognition.objects.count()


def test_a_good_register_imports_with_derived_fields():
    report = register_import(data=xlsx_bytes(GOOD, title="DANH SÁCH SẢN PHẨM OCOP"), filename="r.xlsx")
    assert report.ok, report.errors
    assert counts() == (4, 5, 5)
    first = Recognition.objects.get(decision_number="1234/QĐ-UBND")
    assert first.valid_until == dt.date(2024, 6, 15)
    assert first.level == "district" and first.criteria_version.code == "1048-2019"
    assert str(first.score) == "62.50"
    honey = Recognition.objects.get(decision_number="88/QĐ-UBND")
    assert honey.stars == 4 and honey.level == "province"
    bac_lieu = Recognition.objects.get(decision_number="2001/QĐ-UBND")
    assert bac_lieu.province_id == "96" and bac_lieu.legacy_province.short_name == "Bạc Liêu"
    assert bac_lieu.province_at_the_time == "Bạc Liêu"
    assert bac_lieu.valid_until == dt.date(2024, 10, 20)
    tea = Recognition.objects.get(decision_number="301/QĐ-UBND")
    assert tea.criteria_version.code == "148-2023" and tea.group.code == "148-2"
    assert Producer.objects.get(name="Tổ hợp tác dệt Tân Hưng").legal_form == "cooperative_group"


def test_reimporting_the_same_file_changes_nothing():
    data = xlsx_bytes(GOOD)
    register_import(data=data, filename="r.xlsx")
    before = list(Recognition.objects.order_by("pk").values())
    report = register_import(data=data, filename="r.xlsx")
    assert report.ok
    assert report.unchanged == len(GOOD)
    assert report.created == {"producers": 0, "products": 0, "recognitions": 0}
    assert list(Recognition.objects.order_by("pk").values()) == before


def test_csv_with_english_headers_imports_too():
    headers = ["Product name", "Producer", "Legal form", "Tax code", "Commune", "Province", "Product group", "Stars",
               "Score", "Decision No.", "Decision date", "Valid until"]
    report = register_import(data=csv_bytes(GOOD, headers=headers), filename="r.csv")
    assert report.ok, report.errors
    assert counts() == (4, 5, 5)


def test_headers_match_regardless_of_case_spaces_and_diacritics():
    headers = ["TEN SAN PHAM", "chu the", "Loai hinh chu the", "MA SO THUE", "xa/phuong", "TINH/THANH PHO",
               "nhom san pham", "so sao", "diem", "so quyet dinh", "ngay quyet dinh", "ngay het han"]
    assert register_import(data=xlsx_bytes(GOOD, headers=headers), filename="r.xlsx").ok


def test_unknown_columns_are_reported_but_not_fatal():
    headers = [*HEADERS, "Màu bao bì"]
    rows = [[*row, "xanh"] for row in GOOD]
    report = register_import(data=xlsx_bytes(rows, headers=headers), filename="r.xlsx")
    assert report.ok
    assert any(w.column == "Màu bao bì" for w in report.warnings)


def bad_report(rows):
    report = register_import(data=xlsx_bytes(rows), filename="bad.xlsx")
    assert not report.ok
    assert counts() == (0, 0, 0), "a refused file writes nothing"
    return report


@pytest.mark.parametrize("column,value,fragment", [
    (5, "Atlantis", "tỉnh"),  # unknown province
    (6, "Điện tử", "nhóm"),  # unknown group
    (7, 2, "3, 4"),  # stars outside 3-5
    (7, "sáu sao", "sao"),
    (10, "31/02/2021", "không tồn tại"),  # impossible date
    (10, "hôm qua", "dd/mm/yyyy"),
    (10, "01/01/2099", "tương lai"),
    (8, "55", "70"),  # a 4-star score below the band
    (3, "12AB", "mã số thuế"),
])
def test_each_bad_value_is_reported_with_row_column_value_and_reason_and_nothing_is_written(column, value, fragment):
    rows = [list(r) for r in GOOD]
    rows[1][column] = value
    with translation.override("vi"):
        report = bad_report(rows)
    problem = report.errors[0]
    assert problem.row == 3  # header is row 1, second data row is row 3
    assert problem.value == str(value)
    assert fragment.lower() in problem.reason.lower()


def test_a_2019_group_on_a_2024_decision_is_refused_naming_the_version():
    rows = [list(r) for r in GOOD]
    rows[4][6] = "Thảo dược"
    with translation.override("vi"):
        report = bad_report(rows)
    assert "1048" in report.errors[0].reason and "148/QĐ-TTg" in report.errors[0].reason


def test_every_problem_in_the_file_is_reported_not_only_the_first():
    rows = [list(r) for r in GOOD]
    rows[0][5] = "Atlantis"
    rows[2][7] = 7
    rows[3][0] = None
    report = bad_report(rows)
    assert sorted(p.row for p in report.errors) == [2, 4, 5]


def test_duplicate_rows_within_a_file_are_refused():
    report = bad_report([GOOD[0], GOOD[1], GOOD[0]])
    assert report.errors[0].row == 4 and "2" in report.errors[0].reason


def test_missing_required_column_is_refused():
    headers = [h for h in HEADERS if h != "Số sao"]
    rows = [[c for i, c in enumerate(r) if i != 7] for r in GOOD]
    report = register_import(data=xlsx_bytes(rows, headers=headers), filename="r.xlsx")
    assert not report.ok and report.errors[0].column == "Số sao"


@pytest.mark.parametrize("data,fragment", [
    (b"", "rỗng"),
    (b"PK\x03\x04garbage-not-a-zip", "Excel"),
    (b"%PDF-1.7 this is a pdf", "CSV"),
    (b"\x7fELF\x02\x01\x01binary\x00\x00", "CSV"),
    ("chỉ có một dòng chữ\nkhông có tiêu đề\n".encode(), "tiêu đề"),
])
def test_corrupt_empty_or_foreign_files_are_refused(data, fragment):
    with translation.override("vi"):
        report = register_import(data=data, filename="x.xlsx")
    assert not report.ok and fragment.lower() in report.errors[0].reason.lower()
    assert counts() == (0, 0, 0)


def test_header_without_rows_is_refused():
    assert not register_import(data=xlsx_bytes([]), filename="r.xlsx").ok


def test_messages_are_english_when_the_user_language_is_english():
    rows = [list(r) for r in GOOD]
    rows[0][5] = "Atlantis"
    with translation.override("en"):
        report = bad_report(rows)
    assert "unknown province" in report.errors[0].reason


def test_dry_run_checks_but_writes_nothing():
    report = register_import(data=xlsx_bytes(GOOD), filename="r.xlsx", dry_run=True)
    assert report.ok and report.created["recognitions"] == 5
    assert counts() == (0, 0, 0)


def test_an_upgrade_row_supersedes_the_older_recognition():
    upgrade = list(GOOD[0])
    upgrade[7], upgrade[8], upgrade[9], upgrade[10] = 4, 78, "900/QĐ-UBND", "01/03/2024"
    upgrade[6] = "Thực phẩm"
    assert register_import(data=xlsx_bytes([GOOD[0], upgrade]), filename="r.xlsx").ok
    old = Recognition.objects.get(decision_number="1234/QĐ-UBND")
    new = Recognition.objects.get(decision_number="900/QĐ-UBND")
    assert old.superseded_by == new and old.status == "superseded"
    assert Product.objects.get().group.code == "148-1", "the product's group follows its latest recognition"


def test_a_provincial_officer_may_only_import_rows_of_their_province(users):
    rows = [GOOD[0], ["Bánh pía", "Cơ sở Tân Huê Viên", None, None, None, "Cần Thơ", "Thực phẩm", 3, None, "7/QĐ-UBND",
                      "01/02/2022", None]]
    report = register_import(data=xlsx_bytes(rows), filename="r.xlsx", user=users["province"])
    assert not report.ok and [p.row for p in report.errors] == [None]  # said once for the file (test_import_scope.py)


def test_commune_officers_and_producers_may_not_import(users):
    for name in ("commune", "producer", "nobody"):
        assert not register_import(data=xlsx_bytes(GOOD), filename="r.xlsx", user=users[name]).ok
    assert Recognition.objects.count() == 0


def test_cli_imports_and_exits_nonzero_on_a_bad_file(tmp_path, capsys):
    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx_bytes(GOOD))
    call_command("import_register", str(good))
    assert Recognition.objects.count() == 5
    bad = tmp_path / "bad.xlsx"
    rows = [list(r) for r in GOOD]
    rows[0][5] = "Atlantis"
    rows[0][0] = "Sản phẩm mới"
    bad.write_bytes(xlsx_bytes(rows))
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_register", str(bad))
    assert exit_info.value.code == 1
    assert "Atlantis" in capsys.readouterr().out
    assert Recognition.objects.count() == 5


def test_cli_json_report_lists_row_column_value_reason(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    rows = [list(r) for r in GOOD]
    rows[2][7] = 9
    bad.write_bytes(csv_bytes(rows))
    with pytest.raises(SystemExit):
        call_command("import_register", str(bad), "--json", "--lang", "en")
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False
    assert report["errors"][0] | {"reason": ""} == {"row": 4, "column": "Số sao", "value": "9", "reason": ""}
    assert "3, 4 or 5" in report["errors"][0]["reason"]


def test_a_large_import_refreshes_the_planner_statistics_and_a_dry_run_does_not(monkeypatch):
    """PostgreSQL estimates a freshly filled register as nearly empty until ANALYZE: a large import runs it."""
    from ocop.core import bulk

    calls = []
    real = bulk.refresh_statistics
    monkeypatch.setattr(bulk, "ANALYZE_AFTER", 1)
    monkeypatch.setattr(bulk, "refresh_statistics",
                        lambda *models, **kw: calls.append((models, kw)) or real(*models, **kw))
    data = xlsx_bytes(GOOD)

    def after_the_import():  # (PostgreSQL also analyses the new rows inside the write, for what reads them back)
        return [call for call in calls if "vacuum" in call[1]]
    assert register_import(data=data, filename="r.xlsx", dry_run=True).ok and after_the_import() == []
    assert register_import(data=data, filename="r.xlsx").ok
    final = after_the_import()
    assert len(final) == 1 and {m._meta.label for m in final[0][0]} >= {"recognitions.Recognition", "stats.StatsCell"}
    assert [m._meta.label for m in final[0][1]["vacuum"]] == ["stats.StatsCell", "stats.StatsProductFacts"]  # index-only scans
    inside = [call for call in calls if "vacuum" not in call[1]]
    assert len(inside) == (2 if connection.vendor == "postgresql" else 0)  # the dry run's write and the import's
