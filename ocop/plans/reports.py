"""The periodic provincial report and the national roll-up: numbers from the records only,
as a page, an .xlsx workbook and a PDF in Vietnamese; the previous year beside each figure."""

import datetime as dt
import io

from django.db.models import Count
from django.utils import translation

from ocop.core.exports import Sheet, Subheading, xlsx_bytes
from ocop.places.models import Commune, Province
from ocop.recognitions.models import Recognition
from ocop.stats.selectors import StatsFilter, register_stats

from .indicators import INDICATORS, compute, percent
from .models import Plan
from .services import budget, progress, support_outcomes, vnd, vnd_short


def _period_counts(province: str | None, year: int) -> dict:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    recs = Recognition.objects.all()
    if province:
        recs = recs.filter(province_id=province)
    return {
        "expired": recs.filter(revoked_at__isnull=True, superseded_by__isnull=True, valid_until__gte=start,
                               valid_until__lt=min(end + dt.timedelta(days=1), dt.date.today())).count(),
        "revoked": recs.filter(revoked_at__gte=start, revoked_at__lte=end).count(),
    }


def province_report(province: Province | None, year: int) -> dict:
    code = province.code if province else None
    this_year, last_year = compute(province=code, year=year), compute(province=code, year=year - 1)
    plan = Plan.objects.filter(province=province, year=year).prefetch_related("targets").first()
    rows = progress(plan, actuals=this_year) if plan else None
    budget_rows, budget_totals = budget(plan) if plan else ([], None)
    all_time = register_stats(StatsFilter(province=code))
    in_year = register_stats(StatsFilter(province=code, year=year))
    previous = register_stats(StatsFilter(province=code, year=year - 1))
    communes = {}
    if code:
        names = dict(Commune.objects.filter(province_id=code).values_list("code", "name"))
        counts = (Recognition.objects.filter(province_id=code, decision_date__year=year)
                  .values("product__producer__commune_id").annotate(n=Count("product", distinct=True)))
        communes = {names.get(c["product__producer__commune_id"], "—"): c["n"] for c in counts}
    return {
        "province": province, "year": year, "plan": plan, "progress": rows,
        "indicators": [{"code": i.code, "name": str(i.name), "actual": this_year[i.code].value,
                        "previous": last_year[i.code].value} for i in INDICATORS],
        "all_time": all_time, "in_year": in_year, "previous": previous,
        "period": _period_counts(code, year), "period_previous": _period_counts(code, year - 1),
        "by_commune": sorted(communes.items(), key=lambda kv: (-kv[1], kv[0])),
        "budget_rows": budget_rows, "budget_totals": budget_totals,
        "supports": support_outcomes(plan) if plan else [],
    }


def national_rollup(year: int) -> list[dict]:
    """One row per province: the main indicators counted from the records and the plan's targets."""
    plans = {p.province_id: p for p in Plan.objects.filter(year=year).prefetch_related("targets")}
    main = ("recognised_products", "new_products", "upgrades_3_4", "products_in_distribution", "products_exported")
    rows = []
    for province in Province.objects.all():
        actual = compute(province=province.code, year=year)
        plan = plans.get(province.code)
        targets = {t.indicator: int(t.value) for t in plan.targets.all()} if plan else {}
        rows.append({"province": province, "plan": plan, "values": [
            {"code": code, "actual": actual[code].value, "target": targets.get(code),
             "percent": percent(actual[code].value, targets.get(code))} for code in main]})
    return rows


# -- .xlsx -----------------------------------------------------------------------------------

def report_sheets(data: dict) -> list[Sheet]:
    """The report as worksheets (Vietnamese): summary, by group, by year, by commune, plan, budget, support."""
    with translation.override("vi"):
        where = data["province"].name if data["province"] else "Toàn quốc"
        year = data["year"]
        summary = [
            ["Tổng số sản phẩm OCOP (lũy kế)", data["all_time"].products, ""],
            ["Sản phẩm được công nhận trong năm", data["in_year"].products, data["previous"].products],
            ["Chủ thể có sản phẩm công nhận trong năm", data["in_year"].producers, data["previous"].producers],
            *[[f"Sản phẩm {stars} sao công nhận trong năm", data["in_year"].by_stars[stars], data["previous"].by_stars[stars]]
              for stars in ("3", "4", "5")],
            ["Công nhận hết hạn trong năm", data["period"]["expired"], data["period_previous"]["expired"]],
            ["Công nhận bị thu hồi trong năm", data["period"]["revoked"], data["period_previous"]["revoked"]],
            *[[item["name"], item["actual"], item["previous"]] for item in data["indicators"]],
        ]
        groups = [[g["code"], g["name"], g["version"], g["count"]] for g in data["in_year"].by_group]
        groups += [[], Subheading(["Mã nhóm", "Nhóm (quy đổi bộ 2023)", "", "Lũy kế"])]
        groups += [[g["code"], g["name"], g["version"], g["count"]] for g in data["all_time"].by_group_current]
        money = [[row.line.get_activity_display(), row.allocation, row.disbursed, row.remaining, "; ".join(row.warnings)]
                 for row in data["budget_rows"]]
        if data["budget_totals"]:
            t = data["budget_totals"]
            money.append(["Tổng cộng", t["allocation"], t["disbursed"], t["remaining"], f"{t['percent'] or 0}% đã giải ngân"])
        supports = [[item["support"].date, item["support"].producer.name,
                     item["support"].product.name if item["support"].product else "", item["support"].get_kind_display(),
                     item["support"].amount, str(item["outcome"])] for item in data["supports"]]
        return [
            Sheet("Tổng hợp", ["Chỉ tiêu", f"Năm {year}", f"Năm {year - 1}"], summary, widths=[55, 14, 14],
                  heading=f"BÁO CÁO KẾT QUẢ CHƯƠNG TRÌNH OCOP NĂM {year} — {where.upper()}"),
            Sheet("Theo nhóm", ["Mã nhóm", "Nhóm sản phẩm", "Bộ tiêu chí", f"Năm {year}"], groups, widths=[12, 50, 14, 10]),
            Sheet("Theo năm", ["Năm công nhận", "Số sản phẩm"], [[y["year"], y["count"]] for y in data["all_time"].by_year]),
            Sheet("Theo xã", ["Xã/phường", f"Sản phẩm công nhận năm {year}"], [list(pair) for pair in data["by_commune"]],
                  widths=[30]),
            Sheet("Tiến độ kế hoạch", ["Mã chỉ tiêu", "Chỉ tiêu", "Kế hoạch", "Thực hiện", "Tỷ lệ (%)", "Cách tính"],
                  [[r.code, r.name, r.target, r.actual, r.percent, r.counted] for r in data["progress"] or []],
                  widths=[None, 45, None, None, None, 80]),
            Sheet("Kinh phí", ["Nội dung", "Dự toán (đồng)", "Đã giải ngân (đồng)", "Còn lại (đồng)", "Cảnh báo"], money,
                  widths=[45], formats={1: "#,##0", 2: "#,##0", 3: "#,##0"}),
            Sheet("Hỗ trợ chủ thể", ["Ngày", "Chủ thể", "Sản phẩm", "Hình thức", "Số tiền (đồng)", "Kết quả"], supports,
                  widths=[12, 35, 35, 20, 16, 30], formats={4: "#,##0"}),
        ]


def report_xlsx(data: dict) -> bytes:
    return xlsx_bytes(report_sheets(data))


# -- PDF -------------------------------------------------------------------------------------

def report_pdf(data: dict) -> bytes:
    with translation.override("vi"):
        return _report_pdf(data)


def _report_pdf(data: dict) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
    from reportlab.graphics.shapes import Drawing, Rect, String

    from ocop.certificates.pdf import fonts, nfc

    regular, bold = fonts()
    title = ParagraphStyle("t", fontName=bold, fontSize=14, leading=18, spaceAfter=6)
    h2 = ParagraphStyle("h", fontName=bold, fontSize=11, leading=14, spaceBefore=10, spaceAfter=4)
    body = ParagraphStyle("b", fontName=regular, fontSize=9, leading=12)
    where = data["province"].name if data["province"] else "Toàn quốc"
    story = [Paragraph(nfc(f"BÁO CÁO KẾT QUẢ CHƯƠNG TRÌNH OCOP NĂM {data['year']}"), title),
             Paragraph(nfc(where), h2)]

    def table(rows, widths):
        t = Table([[Paragraph(nfc(str(c)), body) for c in r] for r in rows], colWidths=widths, repeatRows=1)
        t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e7f3ec"))]))
        return t

    summary = [["Chỉ tiêu", f"Năm {data['year']}", f"Năm {data['year'] - 1}"],
               ["Tổng số sản phẩm OCOP (lũy kế)", data["all_time"].products, ""],
               ["Sản phẩm được công nhận trong năm", data["in_year"].products, data["previous"].products],
               ["Chủ thể có sản phẩm công nhận", data["in_year"].producers, data["previous"].producers],
               ["Sản phẩm 3 / 4 / 5 sao trong năm", " / ".join(str(data["in_year"].by_stars[s]) for s in "345"),
                " / ".join(str(data["previous"].by_stars[s]) for s in "345")],
               ["Hết hạn / bị thu hồi trong năm", f"{data['period']['expired']} / {data['period']['revoked']}",
                f"{data['period_previous']['expired']} / {data['period_previous']['revoked']}"]]
    story += [Paragraph("Tổng hợp", h2), table(summary, [95 * mm, 40 * mm, 40 * mm])]
    story += [Paragraph("Theo nhóm sản phẩm (năm báo cáo)", h2),
              table([["Nhóm", "Bộ tiêu chí", "Số sản phẩm"]] + [[g["name"], g["version"], g["count"]] for g in data["in_year"].by_group],
                    [95 * mm, 40 * mm, 40 * mm])]
    if data["progress"]:
        story += [Paragraph("Tiến độ thực hiện kế hoạch", h2)]
        rows = [["Chỉ tiêu", "Kế hoạch", "Thực hiện", "Tỷ lệ"]]
        rows += [[r.name, r.target, r.actual, f"{r.percent}%" if r.percent is not None else ""] for r in data["progress"] if r.target is not None]
        story.append(table(rows, [95 * mm, 25 * mm, 25 * mm, 25 * mm]))
        chart = Drawing(170 * mm, 8 * mm * max(1, len(rows) - 1))
        for i, r in enumerate([r for r in data["progress"] if r.target is not None]):
            y = chart.height - (i + 1) * 8 * mm
            share = min((r.percent or 0) / 150, 1)
            chart.add(String(0, y + 2 * mm, nfc(r.name[:45]), fontName=regular, fontSize=7))
            chart.add(Rect(80 * mm, y + 1 * mm, 80 * mm, 4 * mm, fillColor=colors.HexColor("#e7f3ec"), strokeColor=None))
            chart.add(Rect(80 * mm, y + 1 * mm, 80 * mm * share, 4 * mm, fillColor=colors.HexColor("#1f6f43"), strokeColor=None))
            chart.add(Rect(80 * mm + 80 * mm / 1.5, y, 0.5, 6 * mm, fillColor=colors.black, strokeColor=None))
            chart.add(String(162 * mm, y + 2 * mm, f"{r.percent or 0}%", fontName=regular, fontSize=7))
        story += [Spacer(1, 4 * mm), chart]
    if data["budget_totals"]:
        t = data["budget_totals"]
        story += [Paragraph(nfc(f"Kinh phí: dự toán {vnd_short(t['allocation'])}, đã giải ngân {vnd_short(t['disbursed'])} "
                                f"({t['percent'] or 0}%), còn lại {vnd_short(t['remaining'])}"), h2)]
        rows = [["Nội dung", "Dự toán", "Đã giải ngân", "Còn lại", "Cảnh báo"]]
        rows += [[r.line.get_activity_display(), vnd(r.allocation), vnd(r.disbursed), vnd(r.remaining), "; ".join(r.warnings)]
                 for r in data["budget_rows"]]
        story.append(table(rows, [50 * mm, 30 * mm, 30 * mm, 30 * mm, 35 * mm]))
    if data["supports"]:
        story += [Paragraph("Hỗ trợ chủ thể và kết quả", h2)]
        rows = [["Chủ thể", "Sản phẩm", "Hình thức", "Số tiền", "Kết quả"]]
        rows += [[s["support"].producer.name, s["support"].product.name if s["support"].product else "",
                  s["support"].get_kind_display(), vnd(s["support"].amount), s["outcome"]] for s in data["supports"]]
        story.append(table(rows, [45 * mm, 40 * mm, 35 * mm, 25 * mm, 30 * mm]))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm, bottomMargin=15 * mm,
                      title=f"Báo cáo OCOP {data['year']}").build(story)
    return buffer.getvalue()
