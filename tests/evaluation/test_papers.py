"""Forms 01, 02 and 03 of Annex III, a member's score sheet and the minutes: filled from the records, as PDF and
as Word, laid out like the annex (national heading, the form's headings, signature block)."""

import io
import os
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from ocop.evaluation.paperwork.docx import render_docx
from ocop.evaluation.paperwork.papers import form01, form02, form03, minutes, score_sheet
from ocop.evaluation.paperwork.pdf import render_pdf
from ocop.evaluation.services.scoring import latest_scores
from ocop.evaluation.services.dossiers import dossier_move, form_save, self_assessment_save

from ..criteria.test_engine import GOLDEN_26_08
from .flow import FORM03, draft, reviewed, scored

pytestmark = pytest.mark.django_db
KEEP = os.environ.get("OCOP_PAPERS_DIR")  # set it to look at the files


def pdf_text(data: bytes) -> str:
    return " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(data)).pages)


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def both(paper, name):
    pdf, word = render_pdf(paper), render_docx(paper)
    assert pdf.startswith(b"%PDF-") and word.startswith(b"PK")
    if KEEP:
        Path(KEEP).mkdir(parents=True, exist_ok=True)
        Path(KEEP, f"{name}.pdf").write_bytes(pdf)
        Path(KEEP, f"{name}.docx").write_bytes(word)
    return " ".join(pdf_text(pdf).split()), docx_text(word)


def test_forms_01_02_03_are_filled_from_the_records(users, vault):
    product = vault["product"]
    producer = users["producer_record"]
    producer.representative, producer.address, producer.woman_led = "Nguyễn Thị Lan", "Ấp 3, xã Tân Lộc", True
    producer.save()
    dossier = draft(users, product)
    form_save(dossier=dossier, form="form01", data={"position": "Giám đốc", "samples": "05 hộp 500 g"}, user=users["producer"])
    form_save(dossier=dossier, form="form02", data={"ethnicity": "Kinh", "history": "Thành lập năm 2015 <b>từ tổ hợp tác</b>.",
                                                    "plan": "Mở rộng vùng nguyên liệu.", "checks": {"business_registration": True}},
              user=users["producer"])
    self_assessment_save(dossier=dossier, answers=GOLDEN_26_08, evidence={"9": [vault["docs"]["test_report"].pk]},
                         user=users["producer"])
    dossier = dossier_move(dossier=dossier, action="submit", user=users["producer"])
    dossier = dossier_move(dossier=dossier, action="commune_confirm", user=users["commune"], local_criteria=FORM03)
    code = dossier.product.product_code

    text, word = both(form01(dossier), "mau-01")
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "PHIẾU ĐĂNG KÝ",
                     "Tham gia đánh giá, phân hạng sản phẩm OCOP của tỉnh Cà Mau", "Công ty TNHH Phúc Thịnh",
                     "Nguyễn Thị Lan", "Giám đốc", "Khô cá dứa", "05 hộp 500 g", "PHẦN DÀNH CHO CƠ QUAN QUẢN LÝ", "ĐẠI DIỆN"):
        assert expected in text and expected in word, expected
    assert "Lần đầu √" in word and "Nâng hạng □" in word

    text, word = both(form02(dossier), "mau-02")
    for expected in ("BÁO CÁO TỰ ĐÁNH GIÁ VỀ SẢN PHẨM", "THÔNG TIN CHUNG", "Doanh nghiệp",
                     "Nữ", "Kinh", "<b>từ tổ hợp tác</b>", "Phần III", "ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN THEO BỘ TIÊU CHÍ",
                     "26-08", code, "Phần IV", "ĐẠI DIỆN THEO PHÁP LUẬT CỦA CƠ SỞ", "TỔNG CỘNG"):
        assert expected in word, expected
    assert "64" in word and "test_report" in word, "the self-assessment with its points and the evidence's title"
    assert "BÁO CÁO TỰ ĐÁNH GIÁ" in text and "<b>từ tổ hợp tác</b>" in text, "user text printed as typed, never as markup"

    text, word = both(form03(dossier), "mau-03")
    commune = dossier.producer.commune.name.upper()
    for expected in ("BÁO CÁO", "Đánh giá một số nội dung của hồ sơ đăng ký", "I. THÔNG TIN CHUNG VỀ HỒ SƠ SẢN PHẨM",
                     "1. Về sử dụng nguyên liệu địa phương", "4. Bản sắc/trí tuệ địa phương", FORM03["identity"], code,
                     f"TM. ỦY BAN NHÂN DÂN {commune}"):
        assert expected in word, expected
    assert "ỦY BAN NHÂN DÂN" in text and FORM03["labour"][:30] in text


def test_a_members_score_sheet_and_the_minutes(users, vault, council, round_, clock):
    dossier = reviewed(users, vault["product"])
    session, (item,), seats = scored(users, council, clock, [dossier], GOLDEN_26_08)
    member = seats["m1"]
    text, word = both(score_sheet(item, member, latest_scores(item)[member.pk]), "phieu-danh-gia")
    for expected in ("PHIẾU ĐÁNH GIÁ", "Khô cá dứa", dossier.product.product_code or "", "Người đánh giá", member.full_name,
                     "TỔNG CỘNG"):
        assert expected in word, expected
    assert "√" in word and "64" in word
    text, word = both(minutes(session, latest_scores), "bien-ban")
    for expected in ("BIÊN BẢN", "HỘI ĐỒNG ĐÁNH GIÁ,", "PHÂN HẠNG SẢN PHẨM OCOP", "UBND TỈNH CÀ MAU", "THÀNH PHẦN", seats["chair"].full_name,
                     "THƯ KÝ HỘI ĐỒNG", "CHỦ TỊCH HỘI ĐỒNG", "Khô cá dứa", "3 sao", "12/QĐ-UBND"):
        assert expected in word, expected
    assert "BIÊN BẢN" in text


def test_the_forms_download_as_pdf_and_docx_for_the_dossiers_people_only(client, users, vault):
    dossier = draft(users, vault["product"])
    client.force_login(users["producer"])
    for number in ("01", "02", "03"):
        response = client.get(f"/dossiers/{dossier.pk}/forms/{number}.pdf")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        response = client.get(f"/dossiers/{dossier.pk}/forms/{number}.docx")
        assert response.status_code == 200 and response.content.startswith(b"PK")
    assert client.get(f"/dossiers/{dossier.pk}/forms/04.pdf").status_code == 404
    assert client.get(f"/dossiers/{dossier.pk}/forms/01.exe").status_code == 404
    client.force_login(users["other_province"])
    assert client.get(f"/dossiers/{dossier.pk}/forms/01.pdf").status_code == 404
