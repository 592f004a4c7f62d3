from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from ocop.accounts.access import can_edit, scope_for
from ocop.core.exports import xlsx_response
from ocop.places.models import Province
from ocop.taxonomy.models import ProductGroup

from . import pdf
from .export import office_sheet
from .ids import IdError, normalize
from .selectors import VIEWS, decision_certificates, office_certificates, with_history
from .services import RevokeRefused, certificate_queryset, certificate_revoke, facts, qr_text, verify
from .signing import check_qr


@never_cache
def verify_page(request, certificate_id):
    """Phone-first public page: the status of a certificate in seconds, no login."""
    lookup = verify(certificate_id, request=request, channel="page")
    qr = None
    if lookup.certificate_pk is not None and request.GET.get("s"):
        qr = check_qr(request.build_absolute_uri())
    response = render(request, "certificates/verify.html", {"lookup": lookup, "data": lookup.data, "qr": qr,
                                                             "asked": certificate_id[:40]},
                      status=lookup.http_status)
    return response


def _office_scope(request):
    scope = scope_for(request.user)
    if not (scope.everything or scope.provinces):
        raise PermissionDenied
    return scope


def _certificate_in_scope(request, certificate_id):
    scope = _office_scope(request)
    try:
        public_id = normalize(certificate_id)
    except IdError:
        raise Http404 from None
    certificate = certificate_queryset().filter(public_id=public_id).first()
    if certificate is None or not (scope.everything or certificate.recognition.province_id in scope.provinces):
        raise Http404
    return scope, certificate


def _office_filters(request):
    view = request.GET.get("view", "expiring")
    view = view if view in VIEWS else "expiring"
    try:
        days = max(1, min(int(request.GET.get("days", 90)), 3650))
    except ValueError:
        days = 90
    province = request.GET.get("province") or None
    group = request.GET.get("group") or None
    if province and not Province.objects.filter(code=province).exists():
        province = None
    if group and not ProductGroup.objects.filter(code=group).exists():
        group = None
    return view, days, province, group


@login_required
def office(request):
    scope = _office_scope(request)
    view, days, province, group = _office_filters(request)
    qs = office_certificates(scope, view=view, days=days, province=province, group=group)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    provinces = Province.objects.all() if scope.everything else Province.objects.filter(code__in=scope.provinces)
    return render(request, "certificates/office.html", {
        "page": page, "view": view, "days": days, "province": province, "group": group, "views": VIEWS,
        "provinces": provinces, "groups": ProductGroup.objects.filter(depth=0).select_related("version"),
        "query_string": params.urlencode(), "today": timezone.localdate(),
    })


@login_required
def office_xlsx(request):
    scope = _office_scope(request)
    view, days, province, group = _office_filters(request)
    certificates = office_certificates(scope, view=view, days=days, province=province, group=group)
    return xlsx_response(f"ocop-certificates-{view}.xlsx", [office_sheet(certificates)])


@login_required
def detail(request, certificate_id):
    scope, certificate = _certificate_in_scope(request, certificate_id)
    certificate = with_history(certificate.pk)
    return render(request, "certificates/detail.html", {
        "certificate": certificate, "data": facts(certificate), "qr": qr_text(certificate, request),
        "may_revoke": can_edit(scope, certificate.recognition.product.producer),
        "scans": certificate.verifications.count(),
    })


@login_required
def certificate_pdf_view(request, certificate_id):
    _scope, certificate = _certificate_in_scope(request, certificate_id)
    content = pdf.certificate_pdf([(facts(certificate), qr_text(certificate, request))])
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="chung-nhan-OCOP-{certificate.display_id}.pdf"'
    return response


@login_required
def decision_batch(request):
    """All certificates of one decision at once: one PDF, a zip of PDFs, or a sheet of labels."""
    scope = _office_scope(request)
    number = (request.GET.get("decision") or "").strip()[:60]
    fmt = request.GET.get("format", "pdf")
    if not number:
        return render(request, "certificates/decision.html", {"decision": "", "certificates": []})
    certificates = list(decision_certificates(scope, number, request.GET.get("province") or None))
    if fmt == "list" or not certificates:
        return render(request, "certificates/decision.html", {"decision": number, "certificates": certificates},
                      status=200 if certificates else 404)
    items = [(facts(c), qr_text(c, request)) for c in certificates]
    slug = "".join(ch if ch.isalnum() else "-" for ch in number)
    if fmt == "zip":
        response = HttpResponse(pdf.certificates_zip(items), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="chung-nhan-OCOP-{slug}.zip"'
    elif fmt == "labels":
        response = HttpResponse(pdf.labels_pdf(items, copies=_copies(request)), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="tem-OCOP-{slug}.pdf"'
    else:
        response = HttpResponse(pdf.certificate_pdf(items), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="chung-nhan-OCOP-{slug}.pdf"'
    return response


def _copies(request) -> int:
    try:
        return max(1, min(int(request.GET.get("copies", 1)), 210))
    except ValueError:
        return 1


@login_required
def labels(request):
    _scope, certificate = _certificate_in_scope(request, request.GET.get("id", ""))
    content = pdf.labels_pdf([(facts(certificate), qr_text(certificate, request))], copies=_copies(request) if "copies" in request.GET else 21)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="tem-OCOP-{certificate.display_id}.pdf"'
    return response


@login_required
def revoke_view(request, certificate_id):
    scope, certificate = _certificate_in_scope(request, certificate_id)
    if not can_edit(scope, certificate.recognition.product.producer):
        raise PermissionDenied
    error = None
    if request.method == "POST":
        try:
            certificate_revoke(certificate=certificate, reason=request.POST.get("reason", ""),
                               decision=request.POST.get("decision", ""), user=request.user)
        except RevokeRefused as exc:
            error = str(exc)
        else:
            messages.success(request, _("The certificate was revoked."))
            return redirect("certificates:detail", certificate_id=certificate.public_id)
    return render(request, "certificates/revoke.html", {"certificate": certificate, "data": facts(certificate),
                                                        "error": error, "form": request.POST})
