from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ocop.core.clients import rate_limited
from ocop.core.dates import programme_years
from ocop.core.exports import xlsx_response
from ocop.places.models import Commune, Province
from ocop.recognitions.filters import FilterError, RegisterFilter
from ocop.taxonomy.models import ProductGroup

from .export import register_sheet
from .selectors import register_stats

FILTER_KEYS = ("province", "commune", "year", "group", "stars", "status")


def _filters(request) -> tuple[RegisterFilter, str | None]:
    try:
        return RegisterFilter.parse(**{k: request.GET.get(k) for k in FILTER_KEYS}), None
    except FilterError as exc:
        return RegisterFilter(), str(exc)


def _bars(items, key="count"):
    top = max((item[key] for item in items), default=0) or 1
    return [{**item, "pct": round(100 * item[key] / top, 1)} for item in items]


def dashboard(request):
    f, error = _filters(request)
    stats = register_stats(f)
    star_items = [{"code": s, "name": f"{s}★", "count": n} for s, n in stats.by_stars.items()]
    context = {
        "filters": f,
        "filter_error": error,
        "stats": stats,
        "star_bars": _bars(star_items),
        "group_bars": _bars([{**g, "name": f"{g['name']} ({g['version'].split('-')[0]})"} for g in stats.by_group]),
        "group_current_bars": _bars(stats.by_group_current),
        "year_bars": _bars(stats.by_year),
        "province_bars": _bars(stats.by_province),
        "form_bars": _bars(stats.by_legal_form),
        "provinces": Province.objects.all(),
        "communes": Commune.objects.filter(province_id=f.province) if f.province else [],
        "groups": ProductGroup.objects.filter(depth__lte=1).select_related("version"),
        "years": programme_years(),
        "query_string": request.GET.urlencode(),
    }
    template = "stats/dashboard.html#results" if request.htmx else "stats/dashboard.html"
    return render(request, template, context)


@rate_limited("export")
def register_xlsx(request):
    f, error = _filters(request)
    if error:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    return xlsx_response(f"ocop-register-{timezone.localdate().isoformat()}.xlsx", [register_sheet(f, request.user)])
