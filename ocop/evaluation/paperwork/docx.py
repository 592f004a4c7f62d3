"""A paper as a Word document (python-docx), from the same blocks as the PDF: Times New Roman 13 as Decree
30/2020 asks, the national heading, the title, the blocks, the signature blocks."""

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from ocop.core.pdf import MOTTO, NATIONAL_NAME, clean

from .layout import Field, Heading, Paper, Para, Signatures, Table, date_line

FONT = "Times New Roman"


def _para(container, text: str, *, bold=False, italic=False, center=False, size=13, after=2):
    p = container.add_paragraph()
    run = p.add_run(clean(text))
    run.bold, run.italic, run.font.size, run.font.name = bold, italic, Pt(size), FONT
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(after)
    return p


def _cell(cell, lines) -> None:
    cell.paragraphs[0].text = ""
    first = True
    for text, bold, italic, size in lines:
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        run = p.add_run(clean(text))
        run.bold, run.italic, run.font.size, run.font.name = bold, italic, Pt(size), FONT
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)


def _nation() -> list:
    return [(NATIONAL_NAME, True, False, 12), (MOTTO, True, False, 13), ("―――――――――", False, False, 10)]


def _head(doc, paper: Paper) -> None:
    if not paper.issuer:
        for text, bold, italic, size in _nation():
            _para(doc, text, bold=bold, italic=italic, center=True, size=size, after=0)
        return
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left = [(paper.parent.upper(), False, False, 12)] if paper.parent else []
    left += [(line.upper(), True, False, 12) for line in paper.issuer] + [("―――――", False, False, 10)]
    if paper.number:
        left.append((f"Số: {paper.number}", False, False, 13))
    right = _nation()
    if paper.place:
        right.append((date_line(paper.place, paper.date), False, True, 13))
    _cell(table.rows[0].cells[0], left)
    _cell(table.rows[0].cells[1], right)
    table.rows[0].cells[0].width, table.rows[0].cells[1].width = Mm(70), Mm(95)


def _sign_lines(sign) -> list:
    if sign is None:
        return []
    lines = []
    if sign.place is not None:
        lines.append((date_line(sign.place or "……", sign.date), False, True, 13))
    lines.append((sign.title, True, False, 13))
    if sign.note:
        lines.append((sign.note, False, True, 12))
    lines += [("", False, False, 13)] * 4 + [(sign.name, True, False, 13)]
    return lines


def render_docx(paper: Paper) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin, section.top_margin, section.bottom_margin = Mm(30), Mm(15), Mm(20), Mm(20)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(13)
    if paper.caption:
        p = _para(doc, paper.caption, bold=True, size=12)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _head(doc, paper)
    _para(doc, "", after=0)
    _para(doc, paper.title, bold=True, center=True, size=14, after=0)
    if paper.subject:
        _para(doc, paper.subject, bold=True, center=True, after=6)
    for block in paper.blocks:
        if isinstance(block, Heading):
            _para(doc, block.text, bold=True, center=block.center, after=4)
        elif isinstance(block, Para):
            p = _para(doc, block.text, bold=block.bold, italic=block.italic, center=block.center)
            if not block.center:
                p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        elif isinstance(block, Field):
            p = doc.add_paragraph()
            p.paragraph_format.space_after = Pt(2)
            prefix = "- " if block.dash else ""
            if block.value:
                run = p.add_run(clean(f"{prefix}{block.label}: {block.value}"))
            else:
                run = p.add_run(clean(f"{prefix}{block.label}"))
            run.font.name, run.font.size = FONT, Pt(13)
        elif isinstance(block, Table):
            table = doc.add_table(rows=len(block.rows), cols=len(block.widths))
            table.style = "Table Grid"
            for i, row in enumerate(block.rows):
                for j, value in enumerate(row):
                    cell = table.rows[i].cells[j]
                    cell.width = Mm(165 * block.widths[j])
                    cell.paragraphs[0].text = ""
                    run = cell.paragraphs[0].add_run(clean(value))
                    run.font.name, run.font.size = FONT, Pt(11)
                    run.bold = (block.header and i == 0) or i in block.bold_rows
            _para(doc, "", after=0)
        elif isinstance(block, Signatures):
            table = doc.add_table(rows=1, cols=2)
            _cell(table.rows[0].cells[0], _sign_lines(block.left) or [("", False, False, 13)])
            _cell(table.rows[0].cells[1], _sign_lines(block.right) or [("", False, False, 13)])
        else:
            raise TypeError(f"unknown block {block!r}")
    if paper.footnote:
        _para(doc, "_____________________", size=10, after=0)
        _para(doc, paper.footnote, size=10)
    buffer = io.BytesIO()
    doc.core_properties.title = clean(f"{paper.title} {paper.subject}".strip())[:255]
    doc.save(buffer)
    return buffer.getvalue()
