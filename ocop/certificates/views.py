from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from ocop.accounts.access import is_office, may_write
from ocop.core.exports import xlsx_response
from ocop.core.lists import paginate, render_list
from ocop.places.models import Province
from ocop.taxonomy.models import ProductGroup

from . import pdf
from .export import office_sheet
from .forms import RevokeForm
from .ids import IdError, normalize
from .filtersets import CertificateFilterSet
from .selectors import VIEWS, decision_certificates, office_certificates, with_history
from .tables import CertificateTable
from .facts import certificate_queryset, facts, qr_text
from .revocation import RevokeRefused, certificate_revoke
from .verification import verify
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


def _require_office(request) -> None:
    if not is_office(request.user):
        raise PermissionDenied


def _certificate_in_scope(request, certificate_id):
    _require_office(request)
    try:
        public_id = normalize(certificate_id)
    except IdError:
        raise Http404 from None
    certificate = certificate_queryset().visible_to(request.user).filter(public_id=public_id).first()
    if certificate is None:
        raise Http404
    return certificate


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
    _require_office(request)
    filters = CertificateFilterSet(request.GET, request=request)
    table = paginate(CertificateTable(filters.qs), request, per_page=50)
    return render_list(request, "certificates/office.html", {"filters": filters, "table": table})


@login_required
def office_xlsx(request):
    _require_office(request)
    view, days, province, group = _office_filters(request)
    certificates = office_certificates(request.user, view=view, days=days, province=province, group=group)
    return xlsx_response(f"ocop-certificates-{view}.xlsx", [office_sheet(certificates)])


@login_required
def detail(request, certificate_id):
    certificate = _certificate_in_scope(request, certificate_id)
    certificate = with_history(certificate.pk)
    return render(request, "certificates/detail.html", {
        "certificate": certificate, "data": facts(certificate), "qr": qr_text(certificate, request),
        "may_revoke": may_write(request.user, certificate),
        "scans": certificate.verifications.count(),
    })


@login_required
def certificate_pdf_view(request, certificate_id):
    certificate = _certificate_in_scope(request, certificate_id)
    content = pdf.certificate_pdf([(facts(certificate), qr_text(certificate, request))])
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="chung-nhan-OCOP-{certificate.display_id}.pdf"'
    return response


@login_required
def decision_batch(request):
    """All certificates of one decision at once: one PDF, a zip of PDFs, or a sheet of labels."""
    _require_office(request)
    number = (request.GET.get("decision") or "").strip()[:60]
    fmt = request.GET.get("format", "pdf")
    if not number:
        return render(request, "certificates/decision.html", {"decision": "", "certificates": []})
    certificates = list(decision_certificates(request.user, number, request.GET.get("province") or None))
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
    certificate = _certificate_in_scope(request, request.GET.get("id", ""))
    content = pdf.labels_pdf([(facts(certificate), qr_text(certificate, request))], copies=_copies(request) if "copies" in request.GET else 21)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="tem-OCOP-{certificate.display_id}.pdf"'
    return response


@login_required
def revoke_view(request, certificate_id):
    certificate = _certificate_in_scope(request, certificate_id)
    if not may_write(request.user, certificate):
        raise PermissionDenied
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            certificate_revoke(certificate=certificate, reason=form.cleaned_data["reason"],
                               decision=form.cleaned_data["decision"], user=request.user)
        except RevokeRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The certificate was revoked."))
            return redirect("certificates:detail", certificate_id=certificate.public_id)
    return render(request, "certificates/revoke.html", {"certificate": certificate, "data": facts(certificate),
                                                        "form": form}, status=400 if form.errors else 200)
