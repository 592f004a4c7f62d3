"""The shared PDF base: DejaVu fonts (every Vietnamese glyph), safe text, and the frame of an official
Vietnamese administrative document (layout of Decree 30/2020/NĐ-CP, Appendix I).

Text rules for every PDF:
- ``clean(text)`` for the canvas (``drawString``): NFC, control characters dropped;
- ``escape(text)`` (or ``para()``) for anything that reaches a reportlab ``Paragraph``, whose text is markup:
  ``<b>``, ``<img src=…/>`` or a lone ``<para>`` in a producer's name must print as typed, never be obeyed.
"""

import datetime as dt
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu")]
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


# -- fonts ---------------------------------------------------------------------------------

def _font_dirs() -> list[Path]:

    configured = getattr(settings, "OCOP_FONT_DIR", "")
    return ([Path(configured)] if configured else []) + FONT_DIRS


def _find(name: str) -> Path | None:
    return next((folder / name for folder in _font_dirs() if (folder / name).exists()), None)


@lru_cache(maxsize=1)
def fonts() -> tuple[str, str]:
    """Register DejaVu Sans regular and bold (all Vietnamese glyphs and ★). Raises if not installed."""
    regular, bold = _find("DejaVuSans.ttf"), _find("DejaVuSans-Bold.ttf")
    if regular is None or bold is None:
        raise RuntimeError("DejaVu fonts not found: install Debian's fonts-dejavu-core")
    pdfmetrics.registerFont(TTFont("OCOP-Sans", str(regular)))
    pdfmetrics.registerFont(TTFont("OCOP-Sans-Bold", str(bold)))
    return "OCOP-Sans", "OCOP-Sans-Bold"


@dataclass(frozen=True)
class Fonts:
    regular: str
    bold: str
    italic: str
    bold_italic: str


@lru_cache(maxsize=1)
def serif() -> Fonts:
    """DejaVu Serif for administrative documents (the closest installed face to the prescribed Times).

    fonts-dejavu-core has the regular and bold faces; the italics come with fonts-dejavu-extra and fall back to
    the upright faces when it is not installed. ``<b>``/``<i>`` in trusted markup use this family.
    """
    regular, bold = _find("DejaVuSerif.ttf"), _find("DejaVuSerif-Bold.ttf")
    if regular is None or bold is None:
        raise RuntimeError("DejaVu fonts not found: install Debian's fonts-dejavu-core")
    italic = _find("DejaVuSerif-Italic.ttf") or regular
    bold_italic = _find("DejaVuSerif-BoldItalic.ttf") or bold
    names = Fonts("OCOP-Serif", "OCOP-Serif-Bold", "OCOP-Serif-Italic", "OCOP-Serif-BoldItalic")
    for name, path in zip((names.regular, names.bold, names.italic, names.bold_italic), (regular, bold, italic, bold_italic)):
        pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(names.regular, normal=names.regular, bold=names.bold, italic=names.italic,
                                  boldItalic=names.bold_italic)
    return names


# -- text ----------------------------------------------------------------------------------

def nfc(text) -> str:
    """Unicode NFC of str(text) (None → ""): Vietnamese typed in decomposed form prints as one glyph."""
    return unicodedata.normalize("NFC", "" if text is None else str(text))


def clean(text) -> str:
    """NFC without control characters: for the canvas, which prints text as it is."""
    return _CONTROL.sub("", nfc(text))


def escape(text) -> str:
    """clean() with & < > escaped: the only way user text may enter Paragraph markup."""
    return clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def para(text, style: ParagraphStyle) -> Paragraph:
    """A Paragraph of plain text (escaped; line breaks kept)."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def wrap(text, font: str, size: float, max_width: float) -> list[str]:
    """Lines of clean text no wider than max_width, broken at spaces (a word too long is broken anywhere)."""
    lines, line = [], ""
    for word in clean(text).split():
        while pdfmetrics.stringWidth(word, font, size) > max_width and len(word) > 1:
            if line:
                lines.append(line)
                line = ""
            cut = max(1, next((i for i in range(len(word), 0, -1)
                               if pdfmetrics.stringWidth(word[:i], font, size) <= max_width), 1))
            lines.append(word[:cut])
            word = word[cut:]
        candidate = f"{line} {word}".strip()
        if pdfmetrics.stringWidth(candidate, font, size) <= max_width:
            line = candidate
        else:
            if line:
                lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def vn_date_line(place: str, day: dt.date | None) -> str:
    """"Cà Mau, ngày 05 tháng 3 năm 2026": day below 10 and months 1–2 with a leading zero (Decree 30).

    Without a date the line is left to be filled in by hand when signed.
    """
    if day is None:
        return f"{place}, ngày      tháng      năm"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


# -- the administrative document frame ----------------------------------------------------

@dataclass
class Signature:
    """The signing block: "TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH", room for signature and seal, the signer's name."""

    authority: str = "TM. ỦY BAN NHÂN DÂN"
    position: str = "CHỦ TỊCH"
    name: str = ""


@dataclass
class Letterhead:
    """What frames an official document.

    parent: the superior body (regular capitals, may be empty); issuer: the issuing body's lines (bold capitals);
    number: after "Số: " (e.g. "…/QĐ-UBND", "125/BC-UBND"); place and date (None leaves the date to be
    written by hand); title: the kind of document ("QUYẾT ĐỊNH", "BÁO CÁO …"); subject: the summary line below it.
    """

    issuer: Sequence[str]
    number: str
    place: str
    title: str
    parent: str = ""
    date: dt.date | None = None
    subject: str = ""
    signature: Signature = field(default_factory=Signature)
    recipients: Sequence[str] = ()


class Rule(Flowable):
    """A centred horizontal line (under the issuer, the motto, the subject)."""

    def __init__(self, width: float, thickness: float = 0.6, space: float = 1.5 * mm):
        super().__init__()
        self.line_width, self.thickness, self.space = width, thickness, space

    def wrap(self, available_width, available_height):
        self.available = available_width
        return available_width, self.space + self.thickness

    def draw(self):
        x = (self.available - self.line_width) / 2
        self.canv.setLineWidth(self.thickness)
        self.canv.line(x, self.thickness / 2, x + self.line_width, self.thickness / 2)


@lru_cache(maxsize=1)
def styles() -> dict[str, ParagraphStyle]:
    """Paragraph styles of the frame, for bodies written with it (shared: copy one before changing it)."""
    f = serif()
    return {
        "parent": ParagraphStyle("parent", fontName=f.regular, fontSize=10, leading=13.5, alignment=TA_CENTER),
        "issuer": ParagraphStyle("issuer", fontName=f.bold, fontSize=10.5, leading=13.5, alignment=TA_CENTER),
        "number": ParagraphStyle("number", fontName=f.regular, fontSize=11.5, leading=15, alignment=TA_CENTER),
        "nation": ParagraphStyle("nation", fontName=f.bold, fontSize=10.5, leading=14, alignment=TA_CENTER),
        "motto": ParagraphStyle("motto", fontName=f.bold, fontSize=12, leading=15, alignment=TA_CENTER),
        "dateline": ParagraphStyle("dateline", fontName=f.italic, fontSize=12, leading=15, alignment=TA_CENTER),
        "title": ParagraphStyle("title", fontName=f.bold, fontSize=13, leading=17, alignment=TA_CENTER),
        "subject": ParagraphStyle("subject", fontName=f.bold, fontSize=12.5, leading=16, alignment=TA_CENTER),
        "heading": ParagraphStyle("heading", fontName=f.bold, fontSize=12, leading=16, spaceBefore=8, spaceAfter=4,
                                  keepWithNext=1),
        "body": ParagraphStyle("body", fontName=f.regular, fontSize=12, leading=17, alignment=TA_JUSTIFY,
                               firstLineIndent=10 * mm, spaceAfter=4),
        "cell": ParagraphStyle("cell", fontName=f.regular, fontSize=9.5, leading=12),
        "cell_head": ParagraphStyle("cell_head", fontName=f.bold, fontSize=9.5, leading=12),
        "sign": ParagraphStyle("sign", fontName=f.bold, fontSize=12, leading=15, alignment=TA_CENTER),
        "recipients_head": ParagraphStyle("recipients_head", fontName=f.bold_italic, fontSize=11, leading=14),
        "recipients": ParagraphStyle("recipients", fontName=f.regular, fontSize=10, leading=12.5, alignment=TA_LEFT),
    }


def data_table(rows: Sequence[Sequence], widths: Sequence[float], *, header: bool = True) -> Table:
    """A ruled table; every cell is plain text (escaped), the first row is the header."""
    s = styles()
    cells = [[para(value, s["cell_head"] if header and i == 0 else s["cell"]) for value in row] for i, row in enumerate(rows)]
    table = Table(cells, colWidths=widths, repeatRows=1 if header else 0)
    commands = [("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef3ef")))
    table.setStyle(TableStyle(commands))
    return table


def _width(text, style: ParagraphStyle) -> float:
    return pdfmetrics.stringWidth(clean(text), style.fontName, style.fontSize)


def _head(letter: Letterhead, width: float) -> Table:
    s = styles()
    left_w, right_w = width * 0.43, width * 0.57
    left = []
    if letter.parent:
        left.append(para(letter.parent.upper(), s["parent"]))
    left += [para(line.upper(), s["issuer"]) for line in letter.issuer]
    issuer_width = max((_width(line.upper(), s["issuer"]) for line in letter.issuer), default=0)
    left += [Rule(min(issuer_width, left_w) / 2.5), Spacer(1, 2 * mm), para(f"Số: {letter.number}", s["number"])]
    motto_width = _width(MOTTO, s["motto"])
    right = [para(NATIONAL_NAME, s["nation"]), para(MOTTO, s["motto"]), Rule(motto_width, space=1 * mm),
             Spacer(1, 3.5 * mm), para(vn_date_line(letter.place, letter.date), s["dateline"])]
    table = Table([[left, right]], colWidths=[left_w, right_w])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _tail(letter: Letterhead, width: float) -> Table:
    s = styles()
    recipients = [para("Nơi nhận:", s["recipients_head"])]
    recipients += [para(f"- {line}", s["recipients"]) for line in letter.recipients]
    sign = [para(line, s["sign"]) for line in (letter.signature.authority, letter.signature.position) if line]
    sign += [Spacer(1, 24 * mm), para(letter.signature.name, s["sign"])]
    table = Table([[recipients, sign]], colWidths=[width * 0.45, width * 0.55])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def official_pdf(letter: Letterhead, body: Sequence[Flowable], *, author: str = "") -> bytes:
    """An A4 administrative document: heading block, title, the body, signature and recipients.

    Margins 20/15/20/30 mm (top/right/bottom/left); from page 2 the page number is printed top centre.
    """
    s, f = styles(), serif()
    page_w, page_h = A4
    left, right, top, bottom = 30 * mm, 15 * mm, 20 * mm, 20 * mm
    width = page_w - left - right
    story = [_head(letter, width), Spacer(1, 8 * mm), para(letter.title, s["title"])]
    if letter.subject:
        story.append(para(letter.subject, s["subject"]))
    subject_width = _width(letter.subject, s["subject"]) if letter.subject else _width(letter.title, s["title"])
    story += [Rule(min(subject_width, width) / 3), Spacer(1, 6 * mm), *body, Spacer(1, 8 * mm),
              KeepTogether([_tail(letter, width)])]

    def number_pages(canvas, doc):
        canvas.setFont(f.regular, 11)
        canvas.drawCentredString(page_w / 2, page_h - 12 * mm, str(doc.page))

    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=left, rightMargin=right, topMargin=top,
                                 bottomMargin=bottom, title=clean(" ".join(x for x in (letter.title, letter.subject) if x)),
                                 author=clean(author or " ".join(letter.issuer)))
    document.build(story, onLaterPages=number_pages)
    return buffer.getvalue()
