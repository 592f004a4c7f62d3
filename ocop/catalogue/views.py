from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import cache_control

from ocop.core.dates import first_year, programme_years
from ocop.core.exports import csv_response, json_response
from ocop.places.models import Province
from ocop.promotion.models import Event, PointOfSale
from ocop.promotion.selectors import promotion_figures
from ocop.stats.export import register_rows
from ocop.recognitions.filters import FilterError, RegisterFilter
from ocop.stats.selectors import register_stats
from ocop.taxonomy.models import ProductGroup

from .selectors import product_page

LICENCE = "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)"


def _filters(request):
    try:
        return RegisterFilter.parse(province=request.GET.get("province"), group=request.GET.get("group"),
                                 stars=request.GET.get("stars"), status=request.GET.get("status")), None
    except FilterError as exc:
        return RegisterFilter(), str(exc)


def home(request):
    """The public catalogue: search in any spelling, browse by province, group and stars."""
    f, error = _filters(request)
    q = (request.GET.get("q") or "")[:200]
    try:
        number = max(1, int(request.GET.get("page", 1)))
    except ValueError:
        number = 1
    page = product_page(f, q=q, page=number, per_page=24)
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "page": page, "q": q, "filters": f, "filter_error": error, "query_string": params.urlencode(),
        "provinces": Province.objects.all(), "groups": ProductGroup.objects.filter(depth=0, version__in_force_to__isnull=True),
        "searching": bool(q or f.province or f.group or f.stars or f.status),
    }
    return render(request, "catalogue/home.html#results" if request.htmx else "catalogue/home.html", context)


def province(request, code):
    province = get_object_or_404(Province, code=code.zfill(2))
    try:
        year = int(request.GET.get("year", timezone.localdate().year))
    except ValueError:
        year = timezone.localdate().year
    year = max(first_year(), min(year, timezone.localdate().year))
    stats = register_stats(RegisterFilter(province=province.code))
    in_force = register_stats(RegisterFilter(province=province.code, status="in_force"))
    return render(request, "catalogue/province.html", {
        "province": province, "stats": stats, "in_force": in_force, "year": year,
        "years": programme_years(),
        "figures": promotion_figures(province=province.code, year=year),
        "points": PointOfSale.objects.filter(province=province, published=True).prefetch_related("products")[:50],
        "events": Event.objects.filter(province=province, published=True)[:20],
    })


def open_data(request):
    return render(request, "catalogue/open_data.html", {"licence": LICENCE})


def _register_records():
    for r in register_rows(RegisterFilter()).select_related("certificate").iterator(chunk_size=2000):
        producer = r.product.producer
        yield {
            "product": r.product.name, "product_id": r.product_id, "producer": producer.name, "producer_id": producer.pk,
            "legal_form": producer.legal_form, "province_code": r.province_id, "province": r.province.short_name,
            "province_at_the_time": r.province_at_the_time, "commune": producer.commune.name if producer.commune else "",
            "group_code": r.group.code, "group": r.group.name, "stars": r.stars,
            "score": str(r.score) if r.score is not None else "", "decision_number": r.decision_number,
            "decision_date": r.decision_date.isoformat(), "valid_until": r.valid_until.isoformat(),
            "level": r.level, "criteria_version": r.criteria_version.code, "status": r.current_status,
            "certificate_id": r.certificate.public_id if hasattr(r, "certificate") else "",
        }


FIELDS = ["product", "product_id", "producer", "producer_id", "legal_form", "province_code", "province",
          "province_at_the_time", "commune", "group_code", "group", "stars", "score", "decision_number", "decision_date",
          "valid_until", "level", "criteria_version", "status", "certificate_id"]


@cache_control(public=True, max_age=600)
def register_csv(request):
    rows = ([record[name] for name in FIELDS] for record in _register_records())
    response = csv_response("ocop-register.csv", FIELDS, rows)
    response["X-License"] = LICENCE
    return response


@cache_control(public=True, max_age=600)
def register_json(request):
    meta = {"title": "OCOP register (Vietnam)", "licence": LICENCE, "generated": timezone.now().isoformat(),
            "fields": FIELDS}
    response = json_response("ocop-register.json", _register_records(), meta=meta)
    response["X-License"] = LICENCE
    return response


def robots(request):
    return HttpResponse("User-agent: *\nDisallow: /admin/\nDisallow: /api/\nSitemap: "
                        + request.build_absolute_uri("/sitemap.xml") + "\n", content_type="text/plain")
