"""Certificate PDFs in the layout of a Vietnamese administrative document (issuing body and number top left,
national name and motto top right, place and date, the certified facts with the product code, signature and
seal block, the QR code), a decision's documents (the certificates, the recognition decision with its list,
label sheets) and the revocation decision. Vietnamese with DejaVu fonts; user text always through clean()
(canvas) or escape() (paragraphs).

A certificate not in force prints with a stamp ("ĐÃ THU HỒI" with the date and ground, "HẾT HIỆU LỰC",
"ĐÃ ĐƯỢC THAY THẾ") and a QR code carrying only the verification address, never a signature."""

import datetime as dt
import io
import zipfile
from functools import lru_cache

import segno
from django.utils import translation
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import Spacer

from ocop.core import pdf as base
from ocop.core.pdf import clean, fonts, wrap
from ocop.recognitions.models import RevocationGround

GREEN = HexColor("#1f6f43")
GOLD = HexColor("#d99a00")
RED = HexColor("#c0262d")
LEVEL_VI = {"district": "Ủy ban nhân dân cấp huyện", "province": "Ủy ban nhân dân cấp tỉnh",
            "central": "Bộ Nông nghiệp và Môi trường"}
MINISTRY = ["BỘ NÔNG NGHIỆP", "VÀ MÔI TRƯỜNG"]
STAMPS = {"revoked": "ĐÃ THU HỒI", "expired": "HẾT HIỆU LỰC", "superseded": "ĐÃ ĐƯỢC THAY THẾ"}


QR_BORDER = 2  # quiet zone, in modules


@lru_cache(maxsize=4096)
def qr_runs(text: str, error: str = "m") -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """The code's width in modules (quiet zone included) and its dark modules as horizontal runs (row, first
    column, length): encoded once per text (a certificate prints the same code on its PDF and its labels)."""
    matrix = segno.make(text, error=error).matrix
    runs = []
    for row, line in enumerate(matrix):
        start = None
        for col, dark in enumerate((*line, 0)):
            if dark and start is None:
                start = col
            elif not dark and start is not None:
                runs.append((row, start, col - start))
                start = None
    return len(matrix) + 2 * QR_BORDER, tuple(runs)


def draw_qr(c, text: str, x: float, y: float, size: float, error: str = "m") -> None:
    """The QR code as vector squares (sharp at any print resolution, no image to encode), quiet zone white."""
    width, runs = qr_runs(text, error)
    module = size / width
    c.saveState()
    c.setFillColorRGB(1, 1, 1)
    c.rect(x, y, size, size, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    path = c.beginPath()
    top = y + size - QR_BORDER * module
    for row, col, length in runs:
        path.rect(x + (QR_BORDER + col) * module, top - (row + 1) * module, length * module, module)
    c.drawPath(path, stroke=0, fill=1)
    c.restoreState()


def qr_modules(text: str, error: str = "m") -> int:
    """The width of the code in modules, quiet zone of 2 included (as drawn here)."""
    return qr_runs(text, error)[0]


def vn_date(iso: str | None) -> str:
    if not iso:
        return ""
    year, month, day = iso[:10].split("-")
    return f"{day}/{month}/{year}"


def ground_vi(ground: str) -> str:
    if ground not in RevocationGround.values:
        return ""
    with translation.override("vi"):
        return str(RevocationGround(ground).label)


def issuer_lines(facts: dict) -> list[str]:
    """The issuing body of the recognition, as printed top left (capitals)."""
    level = facts.get("issuing_level")
    if level == "central":
        return MINISTRY
    province = (facts.get("province_official_name") or facts.get("province_at_the_time") or "").upper()
    if level == "district":
        return ["ỦY BAN NHÂN DÂN CẤP HUYỆN", province]
    return ["ỦY BAN NHÂN DÂN", province]


def signature_lines(facts: dict) -> list[str]:
    if facts.get("issuing_level") == "central":
        return ["BỘ TRƯỞNG"]
    return ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]


def place_of(facts: dict) -> str:
    return "Hà Nội" if facts.get("issuing_level") == "central" else (facts.get("province_at_the_time") or "")


def _centered(c, text, x, y, font, size, color=None):
    c.setFont(font, size)
    if color is not None:
        c.setFillColor(color)
    c.drawCentredString(x, y, clean(text))
    c.setFillColorRGB(0, 0, 0)


def _stamp(c, facts: dict, x: float, y: float, size: float, angle: float = 18) -> None:
    """The status stamp across a certificate or label that is not in force."""
    text = STAMPS.get(facts["status"])
    if not text:
        return
    regular, bold = fonts()
    c.saveState()
    c.translate(x, y)
    c.rotate(angle)
    c.setStrokeColor(RED)
    c.setFillColor(RED)
    c.setLineWidth(max(1.0, size / 10))
    width = c.stringWidth(text, bold, size) + size
    c.roundRect(-width / 2, -size * 0.45, width, size * 1.3, size / 4)
    c.setFont(bold, size)
    c.drawCentredString(0, -size * 0.1, text)
    c.restoreState()


def status_line(facts: dict) -> str:
    """Why a certificate is not in force, in one Vietnamese line (empty when it is)."""
    if facts["status"] == "revoked":
        r = facts["revoked"]
        ground = ground_vi(r.get("ground", ""))
        return (f"Đã thu hồi ngày {vn_date(r['date'])} theo Quyết định số {r['decision']}"
                + (f" — căn cứ: {ground}" if ground else ""))
    if facts["status"] == "expired":
        return f"Hết hiệu lực từ ngày {vn_date(facts['expired']['date'])}"
    if facts["status"] == "superseded":
        s = facts["superseded"]
        return f"Đã được thay thế bởi giấy chứng nhận số {s.get('by') or ''} ({s.get('by_stars')} sao, {vn_date(s.get('date'))})"
    return ""


def draw_certificate(c, facts: dict, qr: str) -> None:
    regular, bold = fonts()
    width, height = landscape(A4)
    c.setStrokeColor(GREEN)
    c.setLineWidth(3)
    c.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm)
    c.setLineWidth(0.8)
    c.rect(13 * mm, 13 * mm, width - 26 * mm, height - 26 * mm)
    c.setStrokeColorRGB(0, 0, 0)
    # top left: the issuing body, its rule, the number
    left_x, right_x, top = 70 * mm, width - 85 * mm, height - 26 * mm
    y = top
    for line in issuer_lines(facts):
        _centered(c, line, left_x, y, bold, 11)
        y -= 5 * mm
    c.setLineWidth(0.6)
    c.line(left_x - 14 * mm, y + 3 * mm, left_x + 14 * mm, y + 3 * mm)
    _centered(c, f"Số: {facts['display_id']}", left_x, y - 2.5 * mm, regular, 11)
    # top right: national name, motto, rule, place and date
    _centered(c, base.NATIONAL_NAME, right_x, top, bold, 11)
    _centered(c, base.MOTTO, right_x, top - 5.5 * mm, bold, 12)
    motto_w = c.stringWidth(base.MOTTO, bold, 12)
    c.line(right_x - motto_w / 2, top - 7 * mm, right_x + motto_w / 2, top - 7 * mm)
    day = dt.date.fromisoformat(facts["decision_date"])
    place_font = base.serif().italic
    _centered(c, base.vn_date_line(place_of(facts), day), right_x, top - 13.5 * mm, place_font, 11)
    # title and the certified facts
    _centered(c, "GIẤY CHỨNG NHẬN", width / 2, height - 58 * mm, bold, 26, GREEN)
    _centered(c, "SẢN PHẨM OCOP — CHƯƠNG TRÌNH MỖI XÃ MỘT SẢN PHẨM", width / 2, height - 66 * mm, bold, 12.5, GREEN)
    _centered(c, f"Căn cứ Quyết định số {facts['decision_number']} ngày {vn_date(facts['decision_date'])} "
                 f"của {LEVEL_VI.get(facts['issuing_level'], facts['issuing_level'])}, chứng nhận sản phẩm:",
              width / 2, height - 75 * mm, regular, 11)
    y = height - 86 * mm
    for line in wrap(facts["product"]["name"], bold, 20, width - 90 * mm)[:2]:
        _centered(c, line, width / 2, y, bold, 20)
        y -= 8.5 * mm
    details = [f"Chủ thể: {facts['producer']['name']}"]
    if facts.get("product_code"):
        details.append(f"Mã sản phẩm: {facts['product_code']}")
    if facts.get("product_set", {}).get("name"):
        details.append(f"Bộ sản phẩm: {facts['product_set']['name']}")
    for text in details:
        for line in wrap(text, regular, 12, width - 90 * mm)[:2]:
            _centered(c, line, width / 2, y, regular, 12)
            y -= 5.5 * mm
    stars = facts["stars"]
    _centered(c, "★" * stars, width / 2, y - 11 * mm, bold, 30, GOLD)
    _centered(c, f"Đạt hạng {stars} sao", width / 2, y - 18.5 * mm, bold, 13)
    _centered(c, f"Có giá trị đến hết ngày {vn_date(facts['valid_until'])}", width / 2, y - 25 * mm, regular, 12)
    # bottom: QR and number on the left, signature and seal block on the right
    draw_qr(c, qr, 20 * mm, 19 * mm, 36 * mm)
    c.setFont(bold, 10)
    c.drawString(58 * mm, 42 * mm, clean(f"Số chứng nhận: {facts['display_id']}"))
    c.setFont(regular, 8.5)
    c.drawString(58 * mm, 37 * mm, clean("Quét mã QR hoặc nhập số chứng nhận tại trang xác minh công khai"))
    c.drawString(58 * mm, 33 * mm, clean("để kiểm tra hiệu lực (mã QR có chữ ký số của chương trình OCOP)."))
    yy = 52 * mm
    for line in signature_lines(facts):
        _centered(c, line, right_x, yy, bold, 11.5)
        yy -= 5 * mm
    _centered(c, "(Ký, đóng dấu)", right_x, yy, place_font, 9.5)
    if facts["status"] != "in_force":
        _stamp(c, facts, width / 2, height / 2 - 12 * mm, 40)
        c.setFont(bold, 10.5)
        c.setFillColor(RED)
        for i, line in enumerate(wrap(status_line(facts), bold, 10.5, width - 120 * mm)[:2]):
            c.drawString(58 * mm, 25 * mm - i * 4.5 * mm, line)
        c.setFillColorRGB(0, 0, 0)


def certificate_pdf(items: list[tuple[dict, str]]) -> bytes:
    """One PDF with a page per certificate: items are (facts, qr text)."""
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=landscape(A4), pageCompression=1)
    c.setTitle("Giấy chứng nhận sản phẩm OCOP")
    c.setAuthor("Chương trình OCOP")
    for facts, qr in items:
        draw_certificate(c, facts, qr)
        c.showPage()
    c.save()
    return buffer.getvalue()


def certificates_zip(items: list[tuple[dict, str]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for facts, qr in items:
            archive.writestr(f"chung-nhan-OCOP-{facts['display_id']}.pdf", certificate_pdf([(facts, qr)]))
    return buffer.getvalue()


LABEL_COLUMNS, LABEL_ROWS, LABEL_MARGIN = 3, 7, 8 * mm


def label_qr_size() -> float:
    """The printed width of a label's QR code (points): the label's height less 5 mm."""
    return (A4[1] - 2 * LABEL_MARGIN) / LABEL_ROWS - 5 * mm


def labels_pdf(items: list[tuple[dict, str]], *, copies: int = 1, columns: int = LABEL_COLUMNS, rows: int = LABEL_ROWS) -> bytes:
    """A4 portrait sheets of labels: the short signed QR (large enough to scan when printed at 100 dpi), stars,
    product name, product code and certificate number; a label not in force carries its stamp."""
    regular, bold = fonts()
    width, height = A4
    margin = LABEL_MARGIN
    cell_w, cell_h = (width - 2 * margin) / columns, (height - 2 * margin) / rows
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    c.setTitle("Tem nhãn OCOP")
    labels = [item for item in items for _ in range(max(1, copies))]
    qr_size = cell_h - 5 * mm
    for index, (facts, qr) in enumerate(labels):
        slot = index % (columns * rows)
        if slot == 0 and index:
            c.showPage()
        col, row = slot % columns, slot // columns
        x, y = margin + col * cell_w, height - margin - (row + 1) * cell_h
        c.setStrokeColor(HexColor("#cccccc"))
        c.setDash(2, 2)
        c.rect(x, y, cell_w, cell_h)
        c.setDash()
        draw_qr(c, qr, x + 1.5 * mm, y + 2.5 * mm, qr_size, error="l")
        text_x, text_w = x + qr_size + 2.5 * mm, cell_w - qr_size - 4 * mm
        c.setFillColor(GREEN)
        c.setFont(bold, 11)
        c.drawString(text_x, y + cell_h - 8 * mm, "OCOP")
        c.setFillColor(GOLD)
        c.setFont(bold, 12)
        c.drawString(text_x, y + cell_h - 13.5 * mm, "★" * facts["stars"])
        c.setFillColorRGB(0, 0, 0)
        yy = y + cell_h - 18.5 * mm
        for line in wrap(facts["product"]["name"], bold, 7, text_w)[:3]:
            c.setFont(bold, 7)
            c.drawString(text_x, yy, line)
            yy -= 3.1 * mm
        c.setFont(regular, 6)
        if facts.get("product_code"):
            c.drawString(text_x, y + 7.5 * mm, clean(facts["product_code"])[:24])
        c.drawString(text_x, y + 4 * mm, clean(facts["display_id"]))
        if facts["status"] != "in_force":
            _stamp(c, facts, x + cell_w / 2, y + cell_h / 2, 11, angle=12)
    c.showPage()
    c.save()
    return buffer.getvalue()


# -- official documents (the administrative frame of ocop.core.pdf) ---------------------------

def _recognition_letterhead(facts: dict, number: str, day: dt.date, title: str, subject: str, recipients) -> base.Letterhead:
    lines = issuer_lines(facts)
    position = signature_lines(facts)
    signature = base.Signature(position[0], position[1]) if len(position) == 2 else base.Signature("", position[0])
    return base.Letterhead(issuer=lines, number=number, place=place_of(facts), date=day, title=title, subject=subject,
                           signature=signature, recipients=recipients)


def _criteria_basis(facts: dict) -> str:
    """"Căn cứ …" naming the criteria decision the product was rated under."""
    decision = facts.get("criteria_decision") or {}
    if not decision.get("number"):
        return "Căn cứ Bộ tiêu chí đánh giá, phân hạng sản phẩm OCOP áp dụng tại thời điểm đánh giá;"
    day = dt.date.fromisoformat(decision["date"]) if decision.get("date") else None
    when = f" ngày {day.day:02d} tháng {day.month:02d} năm {day.year}" if day else ""
    return (f"Căn cứ Quyết định số {decision['number']}{when} của Thủ tướng Chính phủ ban hành Bộ tiêu chí đánh giá, "
            "phân hạng sản phẩm Chương trình Mỗi xã một sản phẩm;")


def decision_pdf(items: list[dict]) -> bytes:
    """The recognition decision of a batch of certificates (one decision number): the decision and its list."""
    first = items[0]
    s = base.styles()
    authority = ("BỘ TRƯỞNG BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG" if first["issuing_level"] == "central"
                 else f"CHỦ TỊCH ỦY BAN NHÂN DÂN {(first.get('province_official_name') or '').upper()}")
    body = [base.para(authority, s["title"]), Spacer(1, 3 * mm),
            base.para(_criteria_basis(first), s["body"]),
            base.para("Căn cứ kết quả đánh giá, phân hạng của Hội đồng đánh giá, phân hạng sản phẩm OCOP;", s["body"]),
            base.para("Theo đề nghị của cơ quan tham mưu quản lý OCOP.", s["body"]),
            base.para("QUYẾT ĐỊNH:", s["title"]),
            base.para(f"Điều 1. Công nhận {len(items)} sản phẩm đạt chuẩn OCOP và cấp giấy chứng nhận (danh sách kèm theo).",
                      s["body"]),
            base.para("Điều 2. Giấy chứng nhận có giá trị trong thời hạn 36 tháng kể từ ngày ban hành Quyết định này "
                      f"(đến hết ngày {vn_date(first['valid_until'])}).", s["body"]),
            base.para("Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Cơ quan tham mưu quản lý OCOP, các chủ thể có "
                      "tên tại Điều 1 và các cơ quan có liên quan chịu trách nhiệm thi hành Quyết định này.", s["body"]),
            base.para("DANH SÁCH SẢN PHẨM ĐƯỢC CÔNG NHẬN", s["heading"])]
    rows = [["STT", "Tên sản phẩm", "Mã sản phẩm", "Chủ thể", "Hạng", "Số chứng nhận"]]
    rows += [[i, f["product"]["name"], f.get("product_code") or "", f["producer"]["name"], f"{f['stars']} sao",
              f["display_id"]] for i, f in enumerate(items, start=1)]
    body.append(base.data_table(rows, [12 * mm, 42 * mm, 25 * mm, 38 * mm, 14 * mm, 34 * mm]))
    letter = _recognition_letterhead(first, first["decision_number"], dt.date.fromisoformat(first["decision_date"]),
                                     "QUYẾT ĐỊNH", "Về việc công nhận sản phẩm đạt chuẩn OCOP",
                                     ["Như Điều 3;", "Lưu: VT, OCOP."])
    return base.official_pdf(letter, body, author="Chương trình OCOP")


def revocation_pdf(facts: dict, *, details: str = "") -> bytes:
    """The revocation decision (Art. 8), by the authority of Art. 8.2, with the ground and the finding."""
    r = facts["revoked"]
    s = base.styles()
    central = facts["stars"] >= 5
    authority_facts = {**facts, "issuing_level": "central" if central else "province",
                       "province_official_name": facts["province"].get("official_name") or facts.get("province_official_name"),
                       "province_at_the_time": facts["province"]["name"]}
    authority = ("BỘ TRƯỞNG BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG" if central
                 else f"CHỦ TỊCH ỦY BAN NHÂN DÂN {(authority_facts['province_official_name'] or '').upper()}")
    ground = ground_vi(r.get("ground", ""))
    code = f" (mã sản phẩm {facts['product_code']})" if facts.get("product_code") else ""
    body = [base.para(authority, s["title"]), Spacer(1, 3 * mm),
            base.para("Căn cứ Quyết định số 26/2026/QĐ-TTg ngày 22 tháng 5 năm 2026 của Thủ tướng Chính phủ ban hành "
                      "Bộ tiêu chí và quy trình đánh giá, phân hạng sản phẩm mỗi xã một sản phẩm, Điều 8;", s["body"]),
            base.para(f"Căn cứ Quyết định số {facts['decision_number']} ngày {vn_date(facts['decision_date'])} công nhận "
                      "sản phẩm OCOP;", s["body"])]
    if r.get("found_on"):
        body.append(base.para(f"Căn cứ kết luận của cơ quan có thẩm quyền ngày {vn_date(r['found_on'])}"
                              + (f": {details}" if details else "") + ";", s["body"]))
    body += [base.para("Theo đề nghị của cơ quan tham mưu quản lý OCOP.", s["body"]),
             base.para("QUYẾT ĐỊNH:", s["title"]),
             base.para(f"Điều 1. Thu hồi Giấy chứng nhận sản phẩm OCOP số {facts['display_id']} cấp cho sản phẩm "
                       f"«{facts['product']['name']}»{code}, hạng {facts['stars']} sao, của chủ thể "
                       f"{facts['producer']['name']}, theo Quyết định số {facts['decision_number']} ngày "
                       f"{vn_date(facts['decision_date'])}.", s["body"]),
             base.para(f"Lý do thu hồi: {ground or 'theo kết luận của cơ quan có thẩm quyền'}. {r.get('reason') or ''}",
                       s["body"]),
             base.para("Điều 2. Kể từ ngày Quyết định này có hiệu lực, chủ thể không được sử dụng giấy chứng nhận, "
                       "nhãn hiệu và thông tin OCOP cho sản phẩm nêu tại Điều 1; mã QR của giấy chứng nhận được xác minh "
                       "là «đã thu hồi».", s["body"]),
             base.para("Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Cơ quan tham mưu quản lý OCOP, chủ thể có tên "
                       "tại Điều 1 và các cơ quan, tổ chức có liên quan chịu trách nhiệm thi hành Quyết định này.", s["body"])]
    letter = _recognition_letterhead(authority_facts, r["decision"], dt.date.fromisoformat(r["date"]), "QUYẾT ĐỊNH",
                                     "Về việc thu hồi Giấy chứng nhận sản phẩm OCOP",
                                     ["Như Điều 3;", f"{facts['producer']['name']};", "Ủy ban nhân dân cấp xã nơi chủ thể sản xuất;",
                                      "Lưu: VT, OCOP."])
    return base.official_pdf(letter, body, author="Chương trình OCOP")
