"""A paper as an A4 PDF: the national heading (with the issuing body on the left when there is one), the
title, the blocks, the signature blocks; fonts, safe text and frame pieces from ocop.core.pdf."""

import io

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table as RLTable, TableStyle

from ocop.core.pdf import MOTTO, NATIONAL_NAME, Rule, clean, escape, para, serif, styles

from .layout import Field, Heading, Paper, Para, Signatures, Table, date_line

LEFT, RIGHT, TOP, BOTTOM = 30 * mm, 15 * mm, 20 * mm, 20 * mm
WIDTH = A4[0] - LEFT - RIGHT


def _style(name: str, **changes) -> ParagraphStyle:
    base = styles()[name]
    return ParagraphStyle(f"{name}-paper-{id(changes)}", parent=base, **changes)


def _head(paper: Paper) -> list:
    s = styles()
    nation = [para(NATIONAL_NAME, s["nation"]), para(MOTTO, s["motto"]), Spacer(1, 1 * mm), Rule(55 * mm, space=1 * mm)]
    if not paper.issuer:
        return nation
    left = [para(paper.parent.upper(), s["parent"])] if paper.parent else []
    left += [para(line.upper(), s["issuer"]) for line in paper.issuer] + [Spacer(1, 1 * mm), Rule(25 * mm)]
    if paper.number:
        left += [Spacer(1, 2 * mm), para(f"Số: {paper.number}", s["number"])]
    right = [*nation, Spacer(1, 3 * mm)]
    if paper.place:
        right.append(para(date_line(paper.place, paper.date), s["dateline"]))
    table = RLTable([[left, right]], colWidths=[WIDTH * 0.42, WIDTH * 0.58])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return [table]


def _sign(sign) -> list:
    if sign is None:
        return []
    s = styles()
    out = []
    if sign.place is not None:
        out.append(para(date_line(sign.place or "……", sign.date), s["dateline"]))
    out.append(para(sign.title, s["sign"]))
    if sign.note:
        out.append(para(sign.note, _style("dateline", fontSize=11)))
    out += [Spacer(1, 20 * mm), para(sign.name, s["sign"])]
    return out


def _block(block) -> list:
    s = styles()
    if isinstance(block, Heading):
        return [para(block.text, _style("heading", alignment=TA_CENTER) if block.center else s["heading"])]
    if isinstance(block, Para):
        f = serif()
        font = f.bold_italic if block.bold and block.italic else f.bold if block.bold else f.italic if block.italic else f.regular
        return [para(block.text, _style("body", fontName=font, firstLineIndent=0,
                                        alignment=TA_CENTER if block.center else TA_JUSTIFY))]
    if isinstance(block, Field):
        text = escape(block.label) if not block.value else f"{escape(block.label)}: {escape(block.value)}"
        if block.dash:
            text = "- " + text
        return [Paragraph(text.replace("\n", "<br/>"), _style("body", firstLineIndent=0))]
    if isinstance(block, Table):
        rows = [[para(value, s["cell_head"] if (block.header and i == 0) or i in block.bold_rows else s["cell"])
                 for value in row] for i, row in enumerate(block.rows)]
        table = RLTable(rows, colWidths=[WIDTH * w for w in block.widths], repeatRows=1 if block.header else 0)
        commands = [("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]
        if block.header:
            commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef3ef")))
        table.setStyle(TableStyle(commands))
        return [Spacer(1, 2 * mm), table, Spacer(1, 2 * mm)]
    if isinstance(block, Signatures):
        table = RLTable([[_sign(block.left), _sign(block.right)]], colWidths=[WIDTH * 0.45, WIDTH * 0.55])
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        return [Spacer(1, 4 * mm), KeepTogether([table])]
    raise TypeError(f"unknown block {block!r}")


def render_pdf(paper: Paper) -> bytes:
    s, f = styles(), serif()
    story = []
    if paper.caption:
        story.append(para(paper.caption, _style("number", alignment=2, fontName=f.bold)))
    story += _head(paper)
    story += [Spacer(1, 6 * mm), para(paper.title, s["title"])]
    if paper.subject:
        story.append(para(paper.subject, s["subject"]))
    story += [Spacer(1, 1.5 * mm), Rule(40 * mm), Spacer(1, 5 * mm)]
    for block in paper.blocks:
        story += _block(block)
    if paper.footnote:
        story += [Spacer(1, 4 * mm), Rule(40 * mm), para(paper.footnote, _style("recipients", fontSize=9))]

    def number_pages(canvas, doc):
        canvas.setFont(f.regular, 11)
        canvas.drawCentredString(A4[0] / 2, A4[1] - 12 * mm, str(doc.page))

    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=LEFT, rightMargin=RIGHT, topMargin=TOP,
                                 bottomMargin=BOTTOM, title=clean(f"{paper.title} {paper.subject}".strip()),
                                 author=clean(" ".join(paper.issuer) or "OCOP"))
    document.build(story, onLaterPages=number_pages)
    return buffer.getvalue()
