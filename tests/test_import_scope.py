"""What an importer may write as a whole: other provinces' rows and 5★ rows are refused once for the file
(never row by row), with the reason; the central office imports anything; nothing is written on refusal."""

import pytest
from django.utils import translation

from ocop.imports.service import register_import
from ocop.recognitions.models import Recognition

from .conftest import GOOD_ROWS, xlsx_bytes

pytestmark = pytest.mark.django_db


def can_tho(n: int) -> list[list]:
    return [["Bánh pía %d" % i, "Cơ sở Tân Huê Viên", None, None, None, "Cần Thơ", "Thực phẩm", 3, None,
             f"{i}/QĐ-UBND", "01/02/2022", None] for i in range(n)]


HA_NOI = ["Trà sen Tây Hồ", "HTX Quảng An", None, None, None, "Hà Nội", "Đồ uống", 4, 80, "9/QĐ-UBND", "03/03/2023", None]
FIVE_STARS = ["Nước mắm Sông Đốc", "Công ty TNHH Sông Đốc", "Doanh nghiệp", "0312345678", None, "Cà Mau", "Thực phẩm",
              5, 92, "1500/QĐ-BNN", "20/12/2023", None]


def test_rows_of_other_provinces_are_one_file_level_problem_naming_them(users):
    rows = [*GOOD_ROWS, *can_tho(12), HA_NOI]
    report = register_import(data=xlsx_bytes(rows), filename="r.xlsx", user=users["province"])
    assert len(report.errors) == 1, report.errors
    problem = report.errors[0]
    assert problem.row is None and problem.column == "Tỉnh/Thành phố"
    assert "Cần Thơ (12 dòng: 7, 8, 9, 10, 11…)" in problem.value and "Hà Nội (1 dòng: 19)" in problem.value
    assert "13 dòng của tỉnh khác" in problem.reason and "Không có dữ liệu nào được ghi" in problem.reason
    assert Recognition.objects.count() == 0


def test_the_file_level_problem_comes_first_and_row_problems_are_still_listed(users):
    rows = [list(r) for r in GOOD_ROWS] + can_tho(2)
    rows[0][7] = 9
    report = register_import(data=xlsx_bytes(rows), filename="r.xlsx", user=users["province"])
    assert [p.row for p in report.errors] == [None, 2]
    assert "Cần Thơ" in report.errors[0].value and report.errors[1].column == "Số sao"


def test_the_central_office_and_the_command_line_import_any_province(users):
    rows = [*GOOD_ROWS, *can_tho(3), HA_NOI]
    report = register_import(data=xlsx_bytes(rows), filename="r.xlsx", user=users["central"], dry_run=True)
    assert report.ok, report.errors
    report = register_import(data=xlsx_bytes(rows), filename="r.xlsx")
    assert report.ok and Recognition.objects.filter(province_id="92").count() == 3


def test_pre_2025_names_of_the_officers_own_province_are_its_own(users):
    """Bạc Liêu joined Cà Mau in 2025: a Cà Mau officer imports its older rows."""
    report = register_import(data=xlsx_bytes(GOOD_ROWS), filename="r.xlsx", user=users["province"])
    assert report.ok, report.errors


def test_a_provincial_file_with_5_star_rows_is_refused_with_the_reason(users):
    report = register_import(data=xlsx_bytes([*GOOD_ROWS, FIVE_STARS]), filename="r.xlsx", user=users["province"])
    assert len(report.errors) == 1
    problem = report.errors[0]
    assert problem.row is None and problem.column == "Số sao" and problem.value == "1 dòng: 7"
    assert "Bộ Nông nghiệp và Môi trường" in problem.reason and "trung ương" in problem.reason
    assert Recognition.objects.count() == 0


def test_5_star_rows_are_accepted_from_a_central_account(users):
    report = register_import(data=xlsx_bytes([*GOOD_ROWS, FIVE_STARS]), filename="r.xlsx", user=users["central"])
    assert report.ok, report.errors
    assert Recognition.objects.get(decision_number="1500/QĐ-BNN").stars == 5


def test_both_file_level_problems_together_and_in_english(users):
    with translation.override("en"):
        report = register_import(data=xlsx_bytes([FIVE_STARS, *can_tho(1)]), filename="r.xlsx",
                                 user=users["province"])
    assert [p.column for p in report.errors] == ["Tỉnh/Thành phố", "Số sao"]
    assert "1 row of another province" in report.errors[0].reason
    assert "only a central office account may import 5★ rows" in report.errors[1].reason


@pytest.mark.parametrize("role", ["commune", "producer", "nobody"])
def test_accounts_outside_the_offices_are_refused_before_reading(users, role):
    report = register_import(data=xlsx_bytes(GOOD_ROWS), filename="r.xlsx", user=users[role])
    assert len(report.errors) == 1 and report.errors[0].row is None
    assert Recognition.objects.count() == 0
