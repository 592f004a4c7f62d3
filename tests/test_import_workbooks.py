"""The import's workbooks: the template (headers, an example row, drop-down lists for the groups of the
criteria in force and for the stars the account may import), and a job's error report (the file's rows at
their own row numbers, bad cells filled red, an error column, the list of problems; Vietnamese headers)."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from ocop.imports.columns import COLUMNS
from ocop.imports.models import ImportJob
from ocop.imports.service import register_import
from ocop.recognitions.models import Recognition
from ocop.taxonomy.versions import version_in_force

from .conftest import GOOD_ROWS, xlsx_bytes

pytestmark = pytest.mark.django_db


def workbook(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def template(client, user):
    client.force_login(user)
    return client.get("/imports/mau-danh-sach-ocop.xlsx")


def validations(ws) -> dict[str, object]:
    return {str(dv.sqref).split(":")[0].rstrip("0123456789"): dv for dv in ws.data_validations.dataValidation}


def test_the_template_has_the_headers_an_example_and_drop_down_lists(client, users):
    response = template(client, users["province"])
    assert "M%E1%BA%ABu" in response["Content-Disposition"]  # "Mẫu danh sách sản phẩm OCOP.xlsx"
    wb = workbook(response)
    ws, groups = wb["Danh sách OCOP"], wb["Nhóm sản phẩm"]
    header = [c.value for c in ws[1]]
    assert header[: len(COLUMNS)] == [c.title + (" (*)" if c.required else "") for c in COLUMNS]
    example = [c.value for c in ws[2]]
    assert example[5] == "Cà Mau" and example[7] == 3 and example[11] is None
    assert ws.cell(2, 11).value.date() == timezone.localdate() and ws.cell(2, 11).number_format == "DD/MM/YYYY"
    version = version_in_force()
    names = [row[0].value for row in groups.iter_rows(min_row=4) if row[0].value]
    assert version.decision in groups["A1"].value
    assert "Thực phẩm" in names and len(names) == len(set(names)) and example[6] in names
    lists = validations(ws)
    assert lists["G"].formula1 == f"'Nhóm sản phẩm'!$A$4:$A${3 + len(names)}" and lists["G"].type == "list"
    assert lists["H"].formula1 == '"3,4"', "a province imports 3★ and 4★"
    assert "Bộ Nông nghiệp và Môi trường" in lists["H"].error


def test_the_central_template_offers_5_stars(client, users):
    lists = validations(workbook(template(client, users["central"]))["Danh sách OCOP"])
    assert lists["H"].formula1 == '"3,4,5"'


def test_the_template_filled_in_as_given_passes_a_dry_run(client, users):
    data = b"".join(template(client, users["province"]).streaming_content)
    report = register_import(data=data, filename="mau.xlsx", user=users["province"], dry_run=True)
    assert report.ok, report.errors
    assert report.rows == 1 and not report.warnings, report.warnings  # the note column is not an unknown column


@pytest.mark.parametrize("who", ["commune", "producer", "nobody"])
def test_the_template_is_for_offices(client, users, who):
    assert template(client, users[who]).status_code == 403


def refused_job(client, user) -> ImportJob:
    rows = [list(r) for r in GOOD_ROWS]
    rows[1][7] = 9  # Số sao, second data row (sheet row 4 below a title and the header)
    rows[3][10] = "31/02/2021"  # Ngày quyết định, fourth data row (row 6)
    client.force_login(user)
    upload = SimpleUploadedFile("sổ OCOP.xlsx", xlsx_bytes(rows, title="DANH SÁCH OCOP"))
    client.post("/imports/", {"file": upload, "extra": "x"})
    return ImportJob.objects.get()


def test_the_error_report_highlights_the_bad_cells_of_the_original_rows(client, users):
    job = refused_job(client, users["province"])
    assert job.state == "refused"
    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert f'href="/imports/{job.pk}/report.xlsx"' in page and "Tải báo cáo lỗi (.xlsx)" in page
    response = client.get(f"/imports/{job.pk}/report.xlsx")
    assert "B%C3%A1o%20c%C3%A1o%20l%E1%BB%97i" in response["Content-Disposition"]
    wb = workbook(response)
    rows, listed = wb["Dữ liệu và lỗi"], wb["Danh sách lỗi"]
    assert "Báo cáo lỗi" in rows["A1"].value
    header = [c.value for c in rows[2]]
    assert header[:12] == [c.title for c in COLUMNS[:2]] + ["Loại hình chủ thể", "Mã số thuế", "Xã/Phường",
                                                           "Tỉnh/Thành phố", "Nhóm sản phẩm", "Số sao", "Điểm",
                                                           "Số quyết định", "Ngày quyết định", "Ngày hết hạn"]
    assert header[12:] == ["Lỗi", "Lưu ý"]
    assert rows["A4"].value == GOOD_ROWS[1][0], "each row at its own row number"
    assert rows["H4"].value == 9 and rows["H4"].fill.fgColor.rgb.endswith("FFC7CE")
    assert rows["K6"].value == "31/02/2021" and rows["K6"].fill.fgColor.rgb.endswith("FFC7CE")
    assert rows["A4"].fill.fill_type is None, "only the bad cells are highlighted"
    assert rows["M4"].value.startswith("Số sao: ") and "3, 4 hoặc 5" in rows["M4"].value
    assert rows["M3"].value is None and rows["M6"].value.startswith("Ngày quyết định: ")
    assert [c.value for c in listed[1]] == ["Loại", "Dòng", "Cột", "Giá trị", "Lý do"]
    assert [(r[1].value, r[2].value) for r in listed.iter_rows(min_row=2)] == [(4, "Số sao"), (6, "Ngày quyết định")]
    assert Recognition.objects.count() == 0


def test_file_level_problems_come_first_in_the_list(client, users):
    rows = [*GOOD_ROWS, ["Bánh pía", "Cơ sở Tân Huê Viên", None, None, None, "Cần Thơ", "Thực phẩm", 5, None,
                         "7/QĐ-UBND", "01/02/2022", None]]
    client.force_login(users["province"])
    client.post("/imports/", {"file": SimpleUploadedFile("r.xlsx", xlsx_bytes(rows))})
    job = ImportJob.objects.get()
    listed = workbook(client.get(f"/imports/{job.pk}/report.xlsx"))["Danh sách lỗi"]
    firsts = [(r[1].value, r[2].value) for r in listed.iter_rows(min_row=2)]
    assert firsts == [("Cả tệp", "Tỉnh/Thành phố"), ("Cả tệp", "Số sao")]


def test_the_error_report_uploaded_again_ignores_its_own_columns(client, users):
    job = refused_job(client, users["central"])
    data = b"".join(client.get(f"/imports/{job.pk}/report.xlsx").streaming_content)
    report = register_import(data=data, filename="loi.xlsx", dry_run=True)
    assert [(p.row, p.column) for p in report.errors] == [(4, "Số sao"), (6, "Ngày quyết định")]
    assert not [w for w in report.warnings if "cột không xác định" in w.reason]


def test_a_report_whose_file_is_gone_still_lists_the_problems(client, users):
    job = refused_job(client, users["province"])
    job.file.storage.delete(job.file.name)
    wb = workbook(client.get(f"/imports/{job.pk}/report.xlsx"))
    assert wb.sheetnames == ["Danh sách lỗi"] and wb["Danh sách lỗi"].max_row == 3


def test_no_report_before_the_job_is_finished(client, users):
    client.force_login(users["province"])
    job = ImportJob.objects.create(user=users["province"], file=SimpleUploadedFile("r.xlsx", b"x"), original_name="r.xlsx",
                                   province_id="96", state="running", started_at=timezone.now(),
                                   heartbeat_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get(f"/imports/{job.pk}/report.xlsx").status_code == 404
