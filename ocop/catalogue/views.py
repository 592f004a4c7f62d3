from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.templatetags.static import static
from django.views.decorators.cache import cache_control

from ocop.core.clients import rate_limited
from ocop.core.dates import first_year, programme_years
from ocop.places.models import Province
from ocop.promotion.models import Event, PointOfSale
from ocop.promotion.selectors import promotion_figures
from ocop.recognitions.filters import RegisterFilter
from ocop.stats.selectors import register_stats

from .filtersets import CatalogueFilterSet
from .forms import CertificateNumberForm, FakeReportForm
from .models import FakeReport
from .opendata import COLUMNS, LICENCE, WITHHELD
from .opendata_files import register_file_response
from .reports import ReportRefused, fake_report_create
from .traceability import product_by_gtin, product_by_key, qr_svg, trace_path, trace_url
from .selectors import catalogue_page



@rate_limited("search")
def home(request):
    """The public catalogue: search in any spelling, filters with their counts, products in force first."""
    filters = CatalogueFilterSet(request.GET)
    try:
        number = max(1, int(request.GET.get("page", 1)))
    except ValueError:
        number = 1
    q = filters.values["q"] or ""
    page, counts = catalogue_page(filters.register_filter, q, filters.sort_value, number)
    filters.with_counts(counts)
    params = request.GET.copy()
    params.pop("page", None)
    context = {"page": page, "q": q, "filters": filters, "query_string": params.urlencode(),
               "provinces": Province.objects.all()}
    response = render(request, "catalogue/home.html#results" if request.htmx else "catalogue/home.html", context)
    patch_vary_headers(response, ("HX-Request",))
    return response


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
    """The open data: downloads, the data dictionary, and what is withheld and why."""
    return render(request, "catalogue/open_data.html", {"licence": LICENCE, "columns": COLUMNS, "withheld": WITHHELD})


@rate_limited("export")
@cache_control(public=True, max_age=600)
def register_csv(request):
    return register_file_response(request, "csv")


@rate_limited("export")
@cache_control(public=True, max_age=600)
def register_json(request):
    return register_file_response(request, "json")


@rate_limited("export")
@cache_control(public=True, max_age=600)
def register_open_xlsx(request):
    """The same records as a workbook with Vietnamese column headers."""
    return register_file_response(request, "xlsx")


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says."""
    return redirect(static("ocop/favicon.ico"), permanent=True)


def robots(request):
    return HttpResponse("User-agent: *\nDisallow: /admin/\nDisallow: /api/\nSitemap: "
                        + request.build_absolute_uri("/sitemap.xml") + "\n", content_type="text/plain")


@rate_limited("verify")
def certificate_lookup(request):
    """The certificate-number box (home page, verification pages): to the verification page of the number typed."""
    form = CertificateNumberForm(request.GET or None)
    if form.is_valid():
        return redirect("certificates:verify", certificate_id=form.cleaned_data["number"])
    return render(request, "catalogue/certificate_lookup.html", {"number_form": form}, status=400 if form.errors else 200)


def report_fake(request):
    """Report a suspected fake: from the pages of an unknown, revoked or tampered certificate; goes to the office
    of the province where the product was seen."""
    initial = {"number": (request.GET.get("number") or "")[:40], "reason": request.GET.get("reason") or ""}
    if initial["reason"] not in FakeReport.Reason.values:
        initial["reason"] = ""
    form = FakeReportForm(request.POST or None, initial=initial)
    status, retry_after = 200, 0
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                fake_report_create(request=request, number=data["number"], province=data["province"], place=data["place"],
                                   product_name=data["product_name"], details=data["details"], contact=data["contact"],
                                   reason_hint=data["reason"], honeypot=data["website"])
            except ReportRefused as exc:
                form.add_error(None, str(exc))
                status, retry_after = exc.status, exc.retry_after
            else:
                return render(request, "catalogue/report_fake_sent.html", {"province": data["province"]})
    response = render(request, "catalogue/report_fake.html", {"form": form}, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


# -- traceability (GS1 Digital Link-style addresses) --------------------------------------------------------


@rate_limited("verify")
def trace_by_gtin(request, gtin, lot=None):
    product = product_by_gtin(gtin)
    if product is None:
        raise Http404
    return _trace(request, product, lot)


@rate_limited("verify")
def trace_by_key(request, key, lot=None):
    product = product_by_key(key)
    if product is None:
        raise Http404
    return _trace(request, product, lot)


def _trace(request, product, lot):
    """The product's public traceability page: origin, producer, the product story, certificates with their
    validity and check, the batches the producer recorded (one highlighted when the QR names its lot)."""
    batches = list(product.batches.all())
    chosen = None
    if lot is not None:
        chosen = next((b for b in batches if b.lot.lower() == lot.lower()), None)
        if chosen is None:
            raise Http404
    recognitions = list(product.recognitions.all())
    current = next((r for r in recognitions if r.status == "in_force"), None)
    shown = current or (recognitions[0] if recognitions else None)
    return render(request, "catalogue/trace.html", {
        "product": product, "batches": batches, "chosen": chosen, "recognitions": recognitions, "current": current,
        "certificate": getattr(shown, "certificate", None) if shown else None, "today": timezone.localdate(),
        "trace_path": trace_path(product),
    })


def trace_qr(request, key):
    """The QR code of a product's traceability address (SVG), for labels and shop shelves."""
    product = product_by_key(key)
    if product is None:
        raise Http404
    response = HttpResponse(qr_svg(trace_url(product, request), scale=8), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    return response
