from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.access import is_commune, office_province_codes, scope_for
from ocop.core.clients import rate_limited
from ocop.core.dates import programme_years
from ocop.core.exports import xlsx_response
from ocop.places.models import Commune, Province
from ocop.recognitions.filters import FilterError, RegisterFilter
from ocop.taxonomy.models import ProductGroup

from .by_commune import products_by_commune
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


def home_province(user) -> str | None:
    """The province an officer's dashboard opens on: a provincial office's own, a commune officer's communes'
    province; None for the central office and everyone else (the national view)."""
    codes = office_province_codes(user)
    if codes:
        return min(codes)
    if is_commune(user):
        return Commune.objects.filter(code__in=scope_for(user).communes).values_list("province_id", flat=True).first()
    return None


def dashboard(request):
    """The register's figures. An officer of a province (or commune) who opens it without filters lands on the
    province, with its figures by commune; the national view is its "all provinces" choice (`?province=`)."""
    home = home_province(request.user)
    if home and not request.GET:
        return redirect(f"{reverse('stats:dashboard')}?province={home}")
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
        "commune_bars": _bars([{**c, "name": c["name"] or _("Commune not recorded")} for c in products_by_commune(f)]),
        "home_province": home,
        "home_province_name": Province.objects.filter(code=home).values_list("short_name", flat=True).first() if home else None,
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
