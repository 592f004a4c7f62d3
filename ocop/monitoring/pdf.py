"""The inspection record ("biên bản kiểm tra") in the administrative frame of ocop.core.pdf."""

from django.utils import translation
from reportlab.lib.units import mm

from ocop.certificates.facts import facts
from ocop.certificates.pdf import vn_date
from ocop.core import pdf as base

from .models import Inspection


def inspection_pdf(inspection: Inspection) -> bytes:
    with translation.override("vi"):
        return _inspection_pdf(inspection)


def _inspection_pdf(inspection: Inspection) -> bytes:
    f = facts(inspection.certificate)
    s = base.styles()
    central = inspection.certificate.stars >= 5 and inspection.created_by is not None and inspection.created_by.province_id is None
    issuer = ["Bộ Nông nghiệp", "và Môi trường"] if central else ["Sở Nông nghiệp và Môi trường",
                                                                   f["province"].get("official_name") or f["province"]["name"]]
    code = f" (mã sản phẩm {f['product_code']})" if f.get("product_code") else ""
    body = [base.para(f"Hôm nay, ngày {inspection.inspected_on:%d/%m/%Y}, đoàn kiểm tra gồm: {inspection.inspectors}, đã tiến "
                      f"hành kiểm tra {inspection.get_kind_display().lower()} sản phẩm OCOP theo Điều 9 Quyết định số "
                      "26/2026/QĐ-TTg.", s["body"]),
            base.para(f"Sản phẩm: «{f['product']['name']}»{code}, hạng {f['stars']} sao, giấy chứng nhận số {f['display_id']} "
                      f"(Quyết định số {f['decision_number']} ngày {vn_date(f['decision_date'])}); chủ thể: {f['producer']['name']}.",
                      s["body"]),
            base.para("1. Việc duy trì các tiêu chí đã được công nhận", s["heading"]),
            base.para(f"{inspection.get_criteria_display()}. {inspection.criteria_notes}", s["body"]),
            base.para("2. Việc sử dụng nhãn hiệu OCOP, thông tin và quảng bá sản phẩm", s["heading"]),
            base.para(f"{inspection.get_mark_use_display()}. {inspection.mark_notes}", s["body"])]
    findings = list(inspection.findings.all())
    body.append(base.para("3. Tồn tại và thời hạn khắc phục", s["heading"]))
    if findings:
        rows = [["STT", "Nội dung", "Tồn tại", "Hạn khắc phục", "Đã khắc phục"]]
        rows += [[i, x.get_subject_display(), x.description, f"{x.correct_by:%d/%m/%Y}",
                  f"{x.corrected_on:%d/%m/%Y}" if x.corrected_on else ""] for i, x in enumerate(findings, start=1)]
        body.append(base.data_table(rows, [10 * mm, 30 * mm, 70 * mm, 27 * mm, 28 * mm]))
    else:
        body.append(base.para("Không có tồn tại.", s["body"]))
    body += [base.para("4. Kết luận", s["heading"]),
             base.para(f"{inspection.get_outcome_display()}. {inspection.outcome_note}", s["body"])]
    letter = base.Letterhead(
        parent="" if central else "Ủy ban nhân dân " + (f["province"].get("official_name") or ""),
        issuer=issuer, number=f"{inspection.pk}/BB-KT", place="Hà Nội" if central else f["province"]["name"],
        date=inspection.inspected_on, title="BIÊN BẢN KIỂM TRA", subject="Sản phẩm OCOP sau khi được công nhận",
        signature=base.Signature("ĐẠI DIỆN ĐOÀN KIỂM TRA", "TRƯỞNG ĐOÀN"),
        recipients=[f"{f['producer']['name']};", "Cơ quan tham mưu quản lý OCOP;", "Lưu: VT, OCOP."])
    return base.official_pdf(letter, body, author="Chương trình OCOP")
