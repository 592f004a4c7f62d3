"""The periodic provincial report and the national roll-up: numbers from the records only,
as a page, an .xlsx workbook and a PDF in Vietnamese; the previous year beside each figure."""

import datetime as dt

from django.db.models import Count
from django.utils import timezone, translation

from ocop.core import pdf
from ocop.core.exports import Sheet, Subheading, xlsx_bytes
from ocop.core.money import vnd, vnd_short
from ocop.core.pdf import Letterhead, Signature
from ocop.places.models import Commune, Province
from ocop.recognitions.models import Recognition
from ocop.recognitions.filters import RegisterFilter
from ocop.stats.selectors import register_stats

from .indicators import INDICATORS, compute, percent
from .models import Plan
from .services import budget, progress, support_outcomes


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
    all_time = register_stats(RegisterFilter(province=code))
    in_year = register_stats(RegisterFilter(province=code, year=year))
    previous = register_stats(RegisterFilter(province=code, year=year - 1))
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

def report_letterhead(province: Province | None, year: int, day: dt.date | None = None) -> Letterhead:
    """The report as the provincial people's committee (or the central coordination office) sends it."""
    if province is not None:
        return Letterhead(
            issuer=["Ủy ban nhân dân", province.name], number="…/BC-UBND", place=province.short_name, date=day,
            title=f"BÁO CÁO KẾT QUẢ CHƯƠNG TRÌNH OCOP NĂM {year}", subject=province.name,
            signature=Signature("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
            recipients=["Văn phòng Điều phối nông thôn mới Trung ương;", "Sở Nông nghiệp và Môi trường;",
                        "Lưu: VT, OCOP."])
    return Letterhead(
        parent="Bộ Nông nghiệp và Môi trường", issuer=["Văn phòng Điều phối", "nông thôn mới Trung ương"],
        number="…/BC-VPĐP", place="Hà Nội", date=day, title=f"BÁO CÁO KẾT QUẢ CHƯƠNG TRÌNH OCOP NĂM {year}",
        subject="Toàn quốc", signature=Signature("", "CHÁNH VĂN PHÒNG"),
        recipients=["Bộ trưởng (để báo cáo);", "Ủy ban nhân dân các tỉnh, thành phố;", "Lưu: VT, OCOP."])


def report_pdf(data: dict, *, day: dt.date | None = None) -> bytes:
    with translation.override("vi"):
        return _report_pdf(data, day or timezone.localdate())


def _progress_chart(rows, width: float):
    from reportlab.graphics.shapes import Drawing, Rect, String
    from reportlab.lib import colors
    from reportlab.lib.units import mm

    font = pdf.serif().regular
    bar_x, bar_w = width * 0.48, width * 0.42
    chart = Drawing(width, 8 * mm * max(1, len(rows)))
    for i, r in enumerate(rows):
        y = chart.height - (i + 1) * 8 * mm
        share = min((r.percent or 0) / 150, 1)
        label = pdf.wrap(r.name, font, 7.5, bar_x - 3 * mm)
        chart.add(String(0, y + 2 * mm, label[0] + ("…" if len(label) > 1 else ""), fontName=font, fontSize=7.5))
        chart.add(Rect(bar_x, y + 1 * mm, bar_w, 4 * mm, fillColor=colors.HexColor("#e7f3ec"), strokeColor=None))
        chart.add(Rect(bar_x, y + 1 * mm, bar_w * share, 4 * mm, fillColor=colors.HexColor("#1f6f43"), strokeColor=None))
        chart.add(Rect(bar_x + bar_w / 1.5, y, 0.5, 6 * mm, fillColor=colors.black, strokeColor=None))
        chart.add(String(bar_x + bar_w + 2 * mm, y + 2 * mm, f"{r.percent or 0}%", fontName=font, fontSize=7.5))
    return chart


def _report_pdf(data: dict, day: dt.date) -> bytes:
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    s = pdf.styles()
    width = 165 * mm
    year = data["year"]
    body = [pdf.para(f"Số liệu dưới đây được tổng hợp từ cơ sở dữ liệu sản phẩm OCOP, tính đến ngày {day:%d/%m/%Y}; "
                     f"số liệu năm {year - 1} được nêu bên cạnh để so sánh.", s["body"])]
    summary = [["Chỉ tiêu", f"Năm {year}", f"Năm {year - 1}"],
               ["Tổng số sản phẩm OCOP (lũy kế)", data["all_time"].products, ""],
               ["Sản phẩm được công nhận trong năm", data["in_year"].products, data["previous"].products],
               ["Chủ thể có sản phẩm công nhận", data["in_year"].producers, data["previous"].producers],
               ["Sản phẩm 3 / 4 / 5 sao trong năm", " / ".join(str(data["in_year"].by_stars[x]) for x in "345"),
                " / ".join(str(data["previous"].by_stars[x]) for x in "345")],
               ["Hết hạn / bị thu hồi trong năm", f"{data['period']['expired']} / {data['period']['revoked']}",
                f"{data['period_previous']['expired']} / {data['period_previous']['revoked']}"]]
    sections = [("Tổng hợp kết quả", [pdf.data_table(summary, [95 * mm, 35 * mm, 35 * mm])]),
                ("Sản phẩm theo nhóm (năm báo cáo)", [pdf.data_table(
                    [["Nhóm", "Bộ tiêu chí", "Số sản phẩm"]] + [[g["name"], g["version"], g["count"]] for g in data["in_year"].by_group],
                    [95 * mm, 35 * mm, 35 * mm])])]
    targeted = [r for r in data["progress"] or [] if r.target is not None]
    if targeted:
        rows = [["Chỉ tiêu", "Kế hoạch", "Thực hiện", "Tỷ lệ"]]
        rows += [[r.name, r.target, r.actual, f"{r.percent}%" if r.percent is not None else ""] for r in targeted]
        sections.append(("Tiến độ thực hiện kế hoạch", [pdf.data_table(rows, [95 * mm, 23 * mm, 23 * mm, 24 * mm]),
                                                       Spacer(1, 4 * mm), _progress_chart(targeted, width)]))
    if data["budget_totals"]:
        t = data["budget_totals"]
        rows = [["Nội dung", "Dự toán", "Đã giải ngân", "Còn lại", "Cảnh báo"]]
        rows += [[r.line.get_activity_display(), vnd(r.allocation), vnd(r.disbursed), vnd(r.remaining), "; ".join(r.warnings)]
                 for r in data["budget_rows"]]
        sections.append(("Kinh phí", [
            pdf.para(f"Dự toán {vnd_short(t['allocation'])}, đã giải ngân {vnd_short(t['disbursed'])} "
                     f"({t['percent'] or 0}%), còn lại {vnd_short(t['remaining'])}.", s["body"]),
            pdf.data_table(rows, [45 * mm, 28 * mm, 28 * mm, 28 * mm, 36 * mm])]))
    if data["supports"]:
        rows = [["Chủ thể", "Sản phẩm", "Hình thức", "Số tiền", "Kết quả"]]
        rows += [[x["support"].producer.name, x["support"].product.name if x["support"].product else "",
                  x["support"].get_kind_display(), vnd(x["support"].amount), x["outcome"]] for x in data["supports"]]
        sections.append(("Hỗ trợ chủ thể và kết quả", [pdf.data_table(rows, [40 * mm, 40 * mm, 30 * mm, 25 * mm, 30 * mm])]))
    for number, (heading, flowables) in enumerate(sections, start=1):
        body += [pdf.para(f"{number}. {heading}", s["heading"]), *flowables]
    return pdf.official_pdf(report_letterhead(data["province"], year, day), body, author="Chương trình OCOP")
