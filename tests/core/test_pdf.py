"""The shared PDF base: text escaped for Paragraph markup, control characters dropped, Vietnamese kept in NFC,
and the official document frame in the places an administrative document puts things."""

import datetime as dt
import io
import unicodedata

from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from ocop.core.pdf import Letterhead, Signature, escape, fonts, official_pdf, para, styles, vn_date_line, wrap

HOSTILE = 'HTX <b>Đậm</b> & <img src="/etc/passwd"/> <para> Mắm\x00\x07\x1b\x7f\x85\ud800 tôm'


def _text(content: bytes) -> str:
    """All the text, whitespace (line breaks included) collapsed to single spaces."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def _positions(content: bytes, page: int = 0) -> dict[str, tuple[float, float]]:
    """Where each piece of text starts on a page: {text: (x, y)} (x from the left edge, y from the bottom)."""
    found = {}

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            found.setdefault(text.strip(), (tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]))

    PdfReader(io.BytesIO(content)).pages[page].extract_text(visitor_text=visit)
    return found


def test_escape_leaves_no_markup_and_no_control_characters():
    assert escape(HOSTILE) == 'HTX &lt;b&gt;Đậm&lt;/b&gt; &amp; &lt;img src="/etc/passwd"/&gt; &lt;para&gt; Mắm tôm'
    assert escape(None) == "" and escape(0) == "0"
    assert escape(unicodedata.normalize("NFD", "Mạ")) == "Mạ"


def test_vietnamese_date_line_pads_the_day_and_the_first_two_months():
    assert vn_date_line("Cà Mau", dt.date(2026, 3, 5)) == "Cà Mau, ngày 05 tháng 3 năm 2026"
    assert vn_date_line("Hà Nội", dt.date(2027, 2, 15)) == "Hà Nội, ngày 15 tháng 02 năm 2027"
    assert vn_date_line("Huế", dt.date(2026, 12, 9)) == "Huế, ngày 09 tháng 12 năm 2026"
    assert vn_date_line("Huế", None).startswith("Huế, ngày ")


def test_wrap_keeps_every_line_inside_the_width_even_for_one_long_word():
    regular, _bold = fonts()
    lines = wrap("Hợp tác xã " + "A" * 120 + " nông nghiệp\x00", regular, 10, 60 * mm)
    assert len(lines) > 3 and all(stringWidth(line, regular, 10) <= 60 * mm for line in lines)
    assert "".join(lines).replace(" ", "") == ("Hợptácxã" + "A" * 120 + "nôngnghiệp")


LETTER = Letterhead(issuer=["Ủy ban nhân dân", "Tỉnh Cà Mau"], number="125/QĐ-UBND", place="Cà Mau",
                    date=dt.date(2026, 3, 5), title="QUYẾT ĐỊNH", subject="Về việc công nhận sản phẩm OCOP năm 2026",
                    signature=Signature("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn <A> & B"),
                    recipients=["Như Điều 3;", "Sở Nông nghiệp và Môi trường;", "Lưu: VT."])


def test_the_official_frame_puts_each_part_where_a_decision_has_it():
    content = official_pdf(LETTER, [para("Điều 1. Công nhận sản phẩm " + HOSTILE, styles()["body"])])
    text = _text(content)
    for expected in ("ỦY BAN NHÂN DÂN", "TỈNH CÀ MAU", "Số: 125/QĐ-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc", "Cà Mau, ngày 05 tháng 3 năm 2026", "QUYẾT ĐỊNH",
                     "Về việc công nhận sản phẩm OCOP năm 2026", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn <A> & B",
                     "Nơi nhận:", "- Như Điều 3;", "- Lưu: VT.", '<img src="/etc/passwd"/>', "<b>Đậm</b> &", "<para>"):
        assert expected in text, expected
    assert "\x00" not in text and "\x1b" not in text
    at = _positions(content)
    page_width = float(PdfReader(io.BytesIO(content)).pages[0].mediabox.width)
    issuer, number, nation = at["ỦY BAN NHÂN DÂN"], at["Số: 125/QĐ-UBND"], at["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    motto, dateline = at["Độc lập - Tự do - Hạnh phúc"], at["Cà Mau, ngày 05 tháng 3 năm 2026"]
    assert issuer[0] < 0.3 * page_width and nation[0] > 0.45 * page_width  # issuer left, nation right…
    assert abs(issuer[1] - nation[1]) < 2 and issuer[1] > 0.9 * 842  # …side by side at the top
    assert number[1] < issuer[1] and number[0] < 0.3 * page_width
    assert dateline[1] < motto[1] < nation[1] and dateline[0] > 0.5 * page_width
    title, signer, recipients = at["QUYẾT ĐỊNH"], at["CHỦ TỊCH"], at["Nơi nhận:"]
    assert title[1] < dateline[1] and 0.4 * page_width < title[0] < 0.5 * page_width
    assert recipients[0] < 0.2 * page_width and signer[0] > 0.6 * page_width
    assert abs(recipients[1] - at["TM. ỦY BAN NHÂN DÂN"][1]) < 3 and at["Nguyễn Văn <A> & B"][1] < signer[1] - 50


def test_later_pages_are_numbered_at_the_top():
    body = [para(f"Đoạn {i}: " + "nội dung báo cáo " * 20, styles()["body"]) for i in range(40)]
    reader = PdfReader(io.BytesIO(official_pdf(LETTER, body)))
    assert len(reader.pages) > 2
    assert reader.pages[1].extract_text().lstrip().startswith("2")
    assert not reader.pages[0].extract_text().lstrip().startswith("1")
    assert reader.metadata.title == "QUYẾT ĐỊNH Về việc công nhận sản phẩm OCOP năm 2026"
