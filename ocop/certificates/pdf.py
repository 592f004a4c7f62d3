"""Certificate PDFs (A4 landscape, Vietnamese with DejaVu fonts, the stars, the signed QR code),
batches of a whole decision (one file or a zip) and A4 sheets of labels for packaging."""

import io
import zipfile

import segno
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from ocop.core.pdf import clean, fonts, wrap

GREEN = HexColor("#1f6f43")
GOLD = HexColor("#d99a00")
LEVEL_VI = {"district": "Ủy ban nhân dân cấp huyện", "province": "Ủy ban nhân dân cấp tỉnh",
            "central": "Bộ Nông nghiệp và Môi trường"}


def qr_image(text: str, scale: int = 4) -> ImageReader:
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=scale, border=2)
    buffer.seek(0)
    return ImageReader(buffer)


def _centered(c, text, y, font, size, width, color=None):
    c.setFont(font, size)
    if color is not None:
        c.setFillColor(color)
    c.drawCentredString(width / 2, y, clean(text))
    c.setFillColorRGB(0, 0, 0)


def draw_certificate(c, facts: dict, qr: str) -> None:
    regular, bold = fonts()
    width, height = landscape(A4)
    c.setStrokeColor(GREEN)
    c.setLineWidth(3)
    c.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm)
    c.setLineWidth(0.8)
    c.rect(13 * mm, 13 * mm, width - 26 * mm, height - 26 * mm)
    _centered(c, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", height - 28 * mm, bold, 12, width)
    _centered(c, "Độc lập - Tự do - Hạnh phúc", height - 34 * mm, bold, 11, width)
    _centered(c, "GIẤY CHỨNG NHẬN", height - 52 * mm, bold, 26, width, GREEN)
    _centered(c, "SẢN PHẨM OCOP — CHƯƠNG TRÌNH MỖI XÃ MỘT SẢN PHẨM", height - 61 * mm, bold, 13, width, GREEN)
    y = height - 78 * mm
    for line in wrap(facts["product"]["name"], bold, 20, width - 90 * mm)[:2]:
        _centered(c, line, y, bold, 20, width)
        y -= 9 * mm
    for line in wrap(f"Chủ thể: {facts['producer']['name']}", regular, 13, width - 90 * mm)[:2]:
        _centered(c, line, y - 2 * mm, regular, 13, width)
        y -= 6 * mm
    y += 6 * mm
    stars = facts["stars"]
    _centered(c, "★" * stars, y - 18 * mm, bold, 34, width, GOLD)
    _centered(c, f"Đạt hạng {stars} sao", y - 27 * mm, bold, 14, width)
    lines = [
        f"Quyết định số {facts['decision_number']} ngày {_vn_date(facts['decision_date'])}",
        f"Cấp công nhận: {LEVEL_VI.get(facts['issuing_level'], facts['issuing_level'])} — {facts['province_at_the_time']}",
        f"Có giá trị đến hết ngày {_vn_date(facts['valid_until'])}",
    ]
    yy = y - 40 * mm
    for line in lines:
        _centered(c, line, yy, regular, 12, width)
        yy -= 7 * mm
    c.drawImage(qr_image(qr), width - 62 * mm, 18 * mm, 44 * mm, 44 * mm)
    c.setFont(regular, 8)
    c.drawCentredString(width - 40 * mm, 15.5 * mm, clean("Quét mã để kiểm tra"))
    c.setFont(bold, 11)
    c.drawString(20 * mm, 24 * mm, clean(f"Số chứng nhận: {facts['display_id']}"))
    c.setFont(regular, 9)
    c.drawString(20 * mm, 18 * mm, clean("Kiểm tra tại trang xác minh công khai hoặc quét mã QR (có chữ ký số)."))


def _vn_date(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"


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


def labels_pdf(items: list[tuple[dict, str]], *, copies: int = 1, columns: int = 3, rows: int = 7) -> bytes:
    """A4 portrait sheets of labels: QR, stars, product name and certificate number."""
    regular, bold = fonts()
    width, height = A4
    margin = 8 * mm
    cell_w, cell_h = (width - 2 * margin) / columns, (height - 2 * margin) / rows
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    c.setTitle("Tem nhãn OCOP")
    labels = [item for item in items for _ in range(max(1, copies))]
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
        qr_size = cell_h - 8 * mm
        c.drawImage(qr_image(qr, scale=3), x + 3 * mm, y + 4 * mm, qr_size, qr_size)
        text_x, text_w = x + qr_size + 5 * mm, cell_w - qr_size - 8 * mm
        c.setFillColor(GREEN)
        c.setFont(bold, 11)
        c.drawString(text_x, y + cell_h - 9 * mm, "OCOP")
        c.setFillColor(GOLD)
        c.setFont(bold, 13)
        c.drawString(text_x, y + cell_h - 15 * mm, "★" * facts["stars"])
        c.setFillColorRGB(0, 0, 0)
        yy = y + cell_h - 21 * mm
        for line in wrap(facts["product"]["name"], bold, 7.5, text_w)[:3]:
            c.setFont(bold, 7.5)
            c.drawString(text_x, yy, line)
            yy -= 3.4 * mm
        c.setFont(regular, 6.5)
        c.drawString(text_x, y + 5 * mm, clean(facts["display_id"]))
    c.showPage()
    c.save()
    return buffer.getvalue()
