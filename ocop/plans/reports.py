"""The periodic provincial report and the national roll-up: numbers from the records only,
as a page, an .xlsx workbook and a PDF in Vietnamese; the previous year beside each figure."""

import datetime as dt

from django.db.models import Count
from django.utils import translation

from ocop.core.exports import Sheet, xlsx_bytes
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


def cumulative(province: str | None, year: int) -> dict:
    """Products recognised up to 31/12 of the year (each product once), and per year up to it the products
    with a decision in that year — never today's totals, so a past year's report stays as it was."""
    end = dt.date(year, 12, 31)
    recs = Recognition.objects.filter(decision_date__lte=end)
    if province:
        recs = recs.filter(province_id=province)
    per_year: dict[int, set] = {}
    for product, day in recs.values_list("product_id", "decision_date"):
        per_year.setdefault(day.year, set()).add(product)
    products = set().union(*per_year.values()) if per_year else set()
    return {"end": end, "products": len(products),
            "by_year": [{"year": y, "count": len(per_year[y])} for y in sorted(per_year)]}


# How each summary figure is counted, written beside it in every form of the report.
RULES = {
    "cumulative": "Mỗi sản phẩm tính một lần, nếu có quyết định công nhận (3-5 sao) ký đến hết ngày 31/12 của năm "
                  "báo cáo; không tính các quyết định ký sau ngày đó.",
    "in_year": "Sản phẩm có quyết định công nhận ký trong năm (mới, công nhận lại hoặc nâng hạng), mỗi sản phẩm một lần.",
    "producers": "Chủ thể có ít nhất một sản phẩm được công nhận trong năm.",
    "stars": "Theo số sao của quyết định công nhận mới nhất trong năm của mỗi sản phẩm.",
    "expired": "Quyết định công nhận hết hiệu lực trong năm (đến 31/12 hoặc đến hôm nay nếu năm chưa kết thúc), "
               "không tính các quyết định đã bị thu hồi hoặc đã được thay thế.",
    "revoked": "Quyết định công nhận bị thu hồi trong năm.",
}


def province_report(province: Province | None, year: int) -> dict:
    """Kept in one piece: it gathers every figure of the report once, so the page, PDF and .xlsx agree."""
    code = province.code if province else None
    this_year, last_year = compute(province=code, year=year), compute(province=code, year=year - 1)
    plan = Plan.objects.filter(province=province, year=year).prefetch_related("targets").first()
    rows = progress(plan, actuals=this_year) if plan else None
    budget_rows, budget_totals = budget(plan) if plan else ([], None)
    all_time = cumulative(code, year)
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
                        "previous": last_year[i.code].value, "counted": i.counted} for i in INDICATORS],
        "cumulative_previous": cumulative(code, year - 1),
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

def summary_rows(data: dict) -> list[list]:
    """[figure, this year, previous year, how it is counted] — the same rows on the page, in the PDF and the .xlsx."""
    year, r = data["year"], RULES
    rows = [
        [f"Tổng số sản phẩm OCOP lũy kế đến 31/12/{year}", data["all_time"]["products"],
         data["cumulative_previous"]["products"], r["cumulative"]],
        ["Sản phẩm được công nhận trong năm", data["in_year"].products, data["previous"].products, r["in_year"]],
        ["Chủ thể có sản phẩm công nhận trong năm", data["in_year"].producers, data["previous"].producers, r["producers"]],
        *[[f"Sản phẩm {stars} sao công nhận trong năm", data["in_year"].by_stars[stars], data["previous"].by_stars[stars],
           r["stars"]] for stars in ("3", "4", "5")],
        ["Công nhận hết hạn trong năm", data["period"]["expired"], data["period_previous"]["expired"], r["expired"]],
        ["Công nhận bị thu hồi trong năm", data["period"]["revoked"], data["period_previous"]["revoked"], r["revoked"]],
    ]
    return rows + [[item["name"], item["actual"], item["previous"], str(item["counted"])] for item in data["indicators"]]


def by_year_rows(data: dict) -> list[list]:
    """Products recognised each year up to the report's year; the note says why the years add up to more than
    the cumulative total (a product recognised again in a later year counts in both years)."""
    rows = [[y["year"], y["count"]] for y in data["all_time"]["by_year"]]
    rows.append([f"Lũy kế đến 31/12/{data['year']} (mỗi sản phẩm một lần)", data["all_time"]["products"]])
    if sum(y["count"] for y in data["all_time"]["by_year"]) != data["all_time"]["products"]:
        rows.append(["Ghi chú: sản phẩm được công nhận lại hoặc nâng hạng ở năm sau được tính ở cả hai năm, "
                     "nên tổng các năm lớn hơn số lũy kế.", None])
    return rows


def report_sheets(data: dict) -> list[Sheet]:
    """The report as worksheets (Vietnamese): summary, by group, by year, by commune, plan, budget, support."""
    with translation.override("vi"):
        where = data["province"].name if data["province"] else "Toàn quốc"
        year = data["year"]
        groups = [[g["code"], g["name"], g["version"], g["count"]] for g in data["in_year"].by_group]
        groups.append(["", "Tổng (bằng «Sản phẩm được công nhận trong năm» ở trang Tổng hợp)", "",
                       sum(g["count"] for g in data["in_year"].by_group)])
        money = [[row.line.get_activity_display(), row.allocation, row.disbursed, row.remaining,
                  row.percent, "; ".join(row.warnings)] for row in data["budget_rows"]]
        if data["budget_totals"]:
            t = data["budget_totals"]
            money.append(["Tổng cộng", t["allocation"], t["disbursed"], t["remaining"], t["percent"], ""])
        supports = [[item["support"].date, item["support"].producer.name,
                     item["support"].product.name if item["support"].product else "", item["support"].get_kind_display(),
                     item["support"].amount, str(item["outcome"])] for item in data["supports"]]
        progress_rows = [[r.code, r.name, r.target if r.goal is None or r.goal.high is None else r.target_text, r.actual, r.percent,
                          str(r.judgement.label) if r.judgement else "", r.counted] for r in data["progress"] or []]
        return [
            Sheet("Tổng hợp", ["Chỉ tiêu", f"Năm {year}", f"Năm {year - 1}", "Cách tính"], summary_rows(data),
                  widths=[55, 12, 12, 90], heading=f"BÁO CÁO KẾT QUẢ CHƯƠNG TRÌNH OCOP NĂM {year} — {where.upper()} "
                                                 f"(số liệu tính đến 31/12/{year})"),
            Sheet("Theo nhóm", ["Mã nhóm", "Nhóm sản phẩm", "Bộ tiêu chí", f"Năm {year}"], groups, widths=[12, 60, 14, 10]),
            Sheet("Theo năm", ["Năm công nhận", "Số sản phẩm"], by_year_rows(data), widths=[60, 14]),
            Sheet("Theo xã", ["Xã/phường", f"Sản phẩm công nhận năm {year}"], [list(pair) for pair in data["by_commune"]],
                  widths=[30]),
            Sheet("Tiến độ kế hoạch", ["Mã chỉ tiêu", "Chỉ tiêu", "Kế hoạch", "Thực hiện", "Tỷ lệ (%)", "Đánh giá",
                                       "Cách tính"], progress_rows, widths=[None, 45, 10, 10, 10, 14, 80]),
            Sheet("Kinh phí", ["Nội dung", "Dự toán (đồng)", "Đã giải ngân (đồng)", "Còn lại (đồng)", "Tỷ lệ (%)",
                               "Cảnh báo"], money, widths=[45, 18, 18, 18, 10, 40], formats={1: "#,##0", 2: "#,##0", 3: "#,##0"}),
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
