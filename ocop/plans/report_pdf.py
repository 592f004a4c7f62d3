"""The provincial (or national) report as the official PDF: letterhead, Roman-numbered parts, the rule
beside each figure, money right-aligned on one line, the signature block and recipients."""

import datetime as dt

from django.utils import timezone, translation
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle

from ocop.core import pdf
from ocop.core.money import vnd, vnd_short

from .reports import by_year_rows, report_letterhead, summary_rows

WIDTH = 165 * mm
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
NBSP = "\u00a0"


def money(amount: int) -> str:
    """1250000 → "1.250.000 đ" that never breaks across lines."""
    return vnd(amount).replace(" ", NBSP)


def _styles() -> dict[str, ParagraphStyle]:
    s = pdf.styles()
    return {"head": s["cell_head"], "cell": s["cell"],
            "num": ParagraphStyle("num", parent=s["cell"], alignment=TA_RIGHT),
            "num_head": ParagraphStyle("num_head", parent=s["cell_head"], alignment=TA_RIGHT),
            "rule": ParagraphStyle("rule", parent=s["cell"], fontSize=8, leading=10, textColor=colors.HexColor("#444444")),
            "note": ParagraphStyle("note", parent=s["body"], fontSize=10.5, leading=14, firstLineIndent=0)}


def table(rows, widths, *, numeric=(), small=()) -> Table:
    """A ruled table: header in bold; numeric columns right-aligned; `small` columns (the rules) in small print."""
    st = _styles()

    def style(i, j):
        if i == 0:
            return st["num_head"] if j in numeric else st["head"]
        return st["num"] if j in numeric else st["rule"] if j in small else st["cell"]

    cells = [[v if isinstance(v, list) else pdf.para("" if v is None else v, style(i, j)) for j, v in enumerate(row)]
             for i, row in enumerate(rows)]
    result = Table(cells, colWidths=widths, repeatRows=1)
    result.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef3ef"))]))
    return result


def report_pdf(data: dict, *, day: dt.date | None = None) -> bytes:
    with translation.override("vi"):
        return _report_pdf(data, day or timezone.localdate())


def _progress_chart(rows, width: float) -> Drawing:
    font = pdf.serif().regular
    bar_x, bar_w = width * 0.48, width * 0.40
    chart = Drawing(width, 8 * mm * max(1, len(rows)))
    for i, r in enumerate(rows):
        y = chart.height - (i + 1) * 8 * mm
        share = min((r.percent or 0) / 150, 1)
        label = pdf.wrap(r.name, font, 7.5, bar_x - 3 * mm)
        chart.add(String(0, y + 2 * mm, label[0] + ("…" if len(label) > 1 else ""), fontName=font, fontSize=7.5))
        chart.add(Rect(bar_x, y + 1 * mm, bar_w, 4 * mm, fillColor=colors.HexColor("#e7f3ec"), strokeColor=None))
        chart.add(Rect(bar_x, y + 1 * mm, bar_w * share, 4 * mm, fillColor=colors.HexColor("#1f6f43"), strokeColor=None))
        chart.add(Rect(bar_x + bar_w / 1.5, y, 0.5, 6 * mm, fillColor=colors.black, strokeColor=None))
        chart.add(String(bar_x + bar_w + 2 * mm, y + 2 * mm, f"{r.percent or 0}% · {r.judgement.label}", fontName=font,
                         fontSize=7.5))
    return chart


def _summary(data: dict, part: slice) -> list:
    """The summary figures (part of summary_rows), each with the previous year and its rule."""
    year = data["year"]
    rows = [["Chỉ tiêu", f"Năm {year}", f"Năm {year - 1}", "Cách tính"]] + summary_rows(data)[part]
    return [table(rows, [56 * mm, 16 * mm, 16 * mm, 77 * mm], numeric=(1, 2), small=(3,))]


def _by_year(data: dict) -> list:
    years = [["Năm công nhận", "Số sản phẩm"]] + [[str(a), "" if b is None else str(b)] for a, b in by_year_rows(data)]
    return [Spacer(1, 3 * mm), table(years, [135 * mm, 30 * mm], numeric=(1,))]


def _groups(data: dict) -> list:
    groups = data["in_year"].by_group
    rows = [["Nhóm", "Bộ tiêu chí", "Số sản phẩm"]] + [[g["name"], g["version"], g["count"]] for g in groups]
    rows.append(["Tổng (bằng số sản phẩm được công nhận trong năm)", "", sum(g["count"] for g in groups)])
    return [table(rows, [105 * mm, 30 * mm, 30 * mm], numeric=(2,))]


def _progress(targeted) -> list:
    st = _styles()
    rows = [["Chỉ tiêu (cách tính)", "Kế hoạch", "Thực hiện", "Tỷ lệ", "Đánh giá"]]
    rows += [[[pdf.para(r.name, st["cell"]), pdf.para(r.counted, st["rule"])],  # the rule in small print below
              r.target_text.replace("-", "–"), r.actual, f"{r.percent}%" if r.percent is not None else "",
              str(r.judgement.label)] for r in targeted]
    return [table(rows, [73 * mm, 24 * mm, 24 * mm, 18 * mm, 26 * mm], numeric=(1, 2, 3)), Spacer(1, 4 * mm),
            _progress_chart(targeted, WIDTH)]


def _budget(data: dict) -> list:
    """Allocation, disbursed, remaining and the real share per line; the warnings (overspent lines, nothing
    disbursed late in the year) listed below the table so that the amounts keep their width."""
    t, s, st = data["budget_totals"], pdf.styles(), _styles()
    rows = [["Nội dung", "Dự toán", "Đã giải ngân", "Còn lại", "Tỷ lệ"]]
    rows += [[r.line.get_activity_display(), money(r.allocation), money(r.disbursed), money(r.remaining),
              f"{r.percent}%{'*' if r.warnings else ''}" if r.percent is not None else ""] for r in data["budget_rows"]]
    rows.append(["Tổng cộng", money(t["allocation"]), money(t["disbursed"]), money(t["remaining"]), f"{t['percent'] or 0}%"])
    rest = (f"còn lại {vnd_short(t['remaining'])}" if t["remaining"] >= 0
            else f"vượt dự toán {vnd_short(-t['remaining'])}")
    warnings = [pdf.para(f"(*) Cảnh báo — {r.line.get_activity_display()}: {'; '.join(map(str, r.warnings))}.", st["note"])
                for r in data["budget_rows"] if r.warnings]
    return [pdf.para(f"Dự toán {vnd_short(t['allocation'])}, đã giải ngân {vnd_short(t['disbursed'])} "
                     f"({t['percent'] or 0}%), {rest}.", s["body"]),
            table(rows, [40 * mm, 36 * mm, 36 * mm, 35 * mm, 18 * mm], numeric=(1, 2, 3, 4)), Spacer(1, 2 * mm), *warnings]


def _supports(data: dict) -> list:
    rows = [["Chủ thể", "Sản phẩm", "Hình thức", "Số tiền", "Kết quả"]]
    rows += [[x["support"].producer.name, x["support"].product.name if x["support"].product else "",
              x["support"].get_kind_display(), money(x["support"].amount), x["outcome"]] for x in data["supports"]]
    return [table(rows, [40 * mm, 40 * mm, 25 * mm, 31 * mm, 29 * mm], numeric=(3,))]


def _report_pdf(data: dict, day: dt.date) -> bytes:
    s, year = pdf.styles(), data["year"]
    end = min(dt.date(year, 12, 31), day)
    body = [pdf.para(f"Số liệu dưới đây được tổng hợp từ cơ sở dữ liệu sản phẩm OCOP, tính đến ngày {end:%d/%m/%Y} "
                     f"(hết năm báo cáo); số liệu năm {year - 1} được nêu bên cạnh để so sánh. Cách tính của mỗi chỉ "
                     f"tiêu được ghi bên cạnh chỉ tiêu.", s["body"])]
    general = len(summary_rows(data)) - len(data["indicators"])
    sections = [("Kết quả chung", _summary(data, slice(0, general)) + _by_year(data)),
                ("Các chỉ tiêu của chương trình", _summary(data, slice(general, None))),
                ("Sản phẩm theo nhóm (năm báo cáo)", _groups(data))]
    targeted = [r for r in data["progress"] or [] if r.goal is not None]
    if targeted:
        sections.append(("Tiến độ thực hiện kế hoạch", _progress(targeted)))
    if data["budget_totals"]:
        sections.append(("Kinh phí thực hiện", _budget(data)))
    if data["supports"]:
        sections.append(("Hỗ trợ chủ thể và kết quả", _supports(data)))
    for number, (heading, flowables) in zip(ROMAN, sections):
        body += [pdf.para(f"{number}. {heading.upper()}", s["heading"]), *flowables]
    return pdf.official_pdf(report_letterhead(data["province"], year, day), body, author="Chương trình OCOP")
