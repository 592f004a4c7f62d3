from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache

from ocop.accounts.access import is_office, may_write, roles_on
from ocop.core.downloads import stored_file_response
from ocop.core.clients import rate_limited
from ocop.core.exports import xlsx_response
from ocop.core.lists import paginate, render_list
from ocop.places.models import Province
from ocop.recognitions.services import may_sign_revocation
from ocop.taxonomy.models import ProductGroup

from . import answers, pdf
from .export import office_sheet
from .facts import certificate_queryset, facts, printable_qr, qr_text
from .filtersets import CertificateFilterSet
from .forms import CaseForm, DropCaseForm, ReevaluationForm, RevokeForm
from .ids import IdError, normalize
from .lifecycle import ReevaluationRefused, certificate_reevaluation_filed, renewal_window, window_phase
from .models import Certificate, RevocationCase
from .revocation import RevokeRefused, certificate_revoke, open_cases, revocation_case_drop, revocation_case_open
from .stored import stored_certificate_pdf
from .selectors import VIEWS, audit_history, decision_certificates, office_certificates, scans_of, with_history
from .tables import CertificateTable
from .verification import qr_params, verify


@rate_limited("verify")
@never_cache
def verify_page(request, certificate_id):
    """Phone-first public page: the status of a certificate in seconds, no login. With a scanned QR code's
    signed parameters, a code whose signature does not match is shown red (409): not genuine."""
    lookup = verify(certificate_id, request=request, channel="page", params=qr_params(request.GET))
    return render(request, "certificates/verify.html", {"lookup": lookup, "data": lookup.data, "qr": lookup.qr,
                                                         "asked": certificate_id[:40]},
                  status=lookup.http_status)


def _require_office(request) -> None:
    if not is_office(request.user):
        raise PermissionDenied


def _certificate(request, certificate_id, queryset=None):
    try:
        public_id = normalize(certificate_id)
    except IdError:
        raise Http404 from None
    queryset = certificate_queryset() if queryset is None else queryset
    certificate = queryset.visible_to(request.user).filter(public_id=public_id).first()
    if certificate is None:
        raise Http404
    return certificate


def _certificate_in_scope(request, certificate_id):
    _require_office(request)
    return _certificate(request, certificate_id)


def _own_or_office(request, certificate_id, queryset=None):
    """Offices in scope, and the producer the certificate belongs to (its PDF and labels)."""
    certificate = _certificate(request, certificate_id, queryset)
    if not (is_office(request.user) or "producer" in roles_on(request.user, certificate)):
        raise PermissionDenied
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
    return render_list(request, "certificates/office.html", {"filters": filters, "table": table,
                                                             "cases": open_cases(request.user)[:50],
                                                             "today": timezone.localdate()})


@login_required
@rate_limited("export")
def office_xlsx(request):
    _require_office(request)
    view, days, province, group = _office_filters(request)
    certificates = office_certificates(request.user, view=view, days=days, province=province, group=group)
    return xlsx_response(f"ocop-certificates-{view}.xlsx", [office_sheet(certificates)])


def _detail_context(request, certificate, **forms) -> dict:
    data = facts(certificate)
    r = certificate.recognition
    opens, closes = renewal_window(r.valid_until)
    live = data["status"] not in ("revoked", "superseded")
    case = certificate.revocation_cases.filter(state=RevocationCase.State.OPEN).first()
    office = may_write(request.user, certificate)
    return {
        "certificate": certificate, "data": data, "qr": qr_text(certificate, request) if data["status"] == "in_force" else "",
        "may_revoke": office and live and may_sign_revocation(request.user, r),
        "may_propose": office and live and case is None,
        "may_record_filing": office and live, "case": case,
        "cases": certificate.revocation_cases.select_related("opened_by", "decided_by").order_by("-opened_at"),
        "scans": scans_of(certificate), "opens": opens, "closes": closes,
        "phase": window_phase(r.valid_until, timezone.localdate()), "today": timezone.localdate(),
        "history": audit_history(certificate)[:100],
        "case_form": forms.get("case_form") or CaseForm(prefix="case"),
        "drop_form": forms.get("drop_form") or DropCaseForm(prefix="drop"),
        "filing_form": forms.get("filing_form") or ReevaluationForm(prefix="filing"),
    }


@login_required
def detail(request, certificate_id):
    certificate = with_history(_certificate_in_scope(request, certificate_id).pk)
    return render(request, "certificates/detail.html", _detail_context(request, certificate))


@login_required
def case_open(request, certificate_id):
    """An office proposes revocation on a finding (the case waits for the authority, 15 days)."""
    certificate = _certificate_in_scope(request, certificate_id)
    if request.method != "POST":
        return redirect("certificates:detail", certificate_id=certificate.public_id)
    form = CaseForm(request.POST, prefix="case")
    if form.is_valid():
        try:
            revocation_case_open(certificate=certificate, ground=form.cleaned_data["ground"], details=form.cleaned_data["details"],
                                 found_on=form.cleaned_data["found_on"], user=request.user, source=_("Office"))
        except RevokeRefused as exc:
            if exc.status == 403:
                raise PermissionDenied from None
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("The revocation case is open: the authority decides within 15 days of the finding."))
            return redirect("certificates:detail", certificate_id=certificate.public_id)
    certificate = with_history(certificate.pk)
    return render(request, "certificates/detail.html", _detail_context(request, certificate, case_form=form), status=400)


@login_required
def case_drop(request, certificate_id, case_id):
    certificate = _certificate_in_scope(request, certificate_id)
    case = get_object_or_404(RevocationCase, pk=case_id, certificate=certificate)
    if request.method != "POST":
        return redirect("certificates:detail", certificate_id=certificate.public_id)
    form = DropCaseForm(request.POST, prefix="drop")
    if form.is_valid():
        try:
            revocation_case_drop(case=case, note=form.cleaned_data["note"], user=request.user)
        except RevokeRefused as exc:
            if exc.status == 403:
                raise PermissionDenied from None
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("The case is closed without revocation."))
            return redirect("certificates:detail", certificate_id=certificate.public_id)
    certificate = with_history(certificate.pk)
    return render(request, "certificates/detail.html", _detail_context(request, certificate, drop_form=form), status=400)


@login_required
def reevaluation_filed(request, certificate_id):
    """The office records the day a re-evaluation was filed (Art. 12.3 when late)."""
    certificate = _certificate_in_scope(request, certificate_id)
    if not may_write(request.user, certificate):
        raise PermissionDenied
    if request.method != "POST":
        return redirect("certificates:detail", certificate_id=certificate.public_id)
    form = ReevaluationForm(request.POST, prefix="filing")
    if form.is_valid():
        try:
            certificate_reevaluation_filed(certificate=certificate, on=form.cleaned_data["filed_on"], user=request.user)
        except ReevaluationRefused as exc:
            form.add_error("filed_on", str(exc))
        else:
            messages.success(request, _("Recorded."))
            return redirect("certificates:detail", certificate_id=certificate.public_id)
    certificate = with_history(certificate.pk)
    return render(request, "certificates/detail.html", _detail_context(request, certificate, filing_form=form), status=400)


def _pdf_response(content: bytes, filename: str, *, attachment: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'{"attachment" if attachment else "inline"}; filename="{filename}"'
    return response


@login_required
@cache_control(private=True, no_cache=True)
@rate_limited("pdf")
def certificate_pdf_view(request, certificate_id):
    """The certificate's PDF, made once per version of the certificate and then sent as a stored file."""
    # what the permission check and the signed QR need (PostgreSQL planned the nine tables of the full query in
    # 5-9 ms, more than the rest of a download); the facts from the certificate's ready answer
    certificate = _own_or_office(request, certificate_id, Certificate.objects.select_related(
        "recognition__product__producer", "recognition__province").order_by())
    data = answers.ready_facts(certificate.public_id) or facts(certificate_queryset().get(pk=certificate.pk))
    name, version = stored_certificate_pdf(certificate.public_id, data, printable_qr(certificate, data, request))
    return stored_file_response(request, name, version, f"chung-nhan-OCOP-{certificate.display_id}.pdf",
                                "application/pdf", inline=True)


@login_required
@rate_limited("pdf")
def revocation_pdf_view(request, certificate_id):
    """The revocation decision of a revoked certificate (the office, and the producer it concerns)."""
    certificate = _own_or_office(request, certificate_id)
    data = facts(certificate)
    if data["status"] != "revoked":
        raise Http404
    case = certificate.revocation_cases.filter(state=RevocationCase.State.REVOKED).order_by("-pk").first()
    details = case.details if case is not None and case.details != data["revoked"]["reason"] else ""
    return _pdf_response(pdf.revocation_pdf(data, details=details), f"thu-hoi-OCOP-{certificate.display_id}.pdf")


@login_required
def decision_batch(request):
    """All certificates of one decision at once: one PDF, a zip of PDFs, a sheet of labels, or the decision."""
    _require_office(request)
    number = (request.GET.get("decision") or "").strip()[:60]
    fmt = request.GET.get("format", "pdf")
    if not number:
        return render(request, "certificates/decision.html", {"decision": "", "certificates": []})
    certificates = list(decision_certificates(request.user, number, request.GET.get("province") or None))
    if fmt == "list" or not certificates:
        return render(request, "certificates/decision.html", {"decision": number, "certificates": certificates},
                      status=200 if certificates else 404)
    slug = "".join(ch if ch.isalnum() else "-" for ch in number)
    datas = [(c, facts(c)) for c in certificates]
    if fmt == "decision":
        return _pdf_response(pdf.decision_pdf([d for _c, d in datas]), f"quyet-dinh-OCOP-{slug}.pdf")
    if fmt == "labels":
        items = [(d, printable_qr(c, d, request, short=True)) for c, d in datas]
        return _pdf_response(pdf.labels_pdf(items, copies=_copies(request)), f"tem-OCOP-{slug}.pdf")
    items = [(d, printable_qr(c, d, request)) for c, d in datas]
    if fmt == "zip":
        response = HttpResponse(pdf.certificates_zip(items), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="chung-nhan-OCOP-{slug}.zip"'
        return response
    return _pdf_response(pdf.certificate_pdf(items), f"chung-nhan-OCOP-{slug}.pdf")


def _copies(request) -> int:
    try:
        return max(1, min(int(request.GET.get("copies", 1)), 210))
    except ValueError:
        return 1


@login_required
@rate_limited("pdf")
def labels(request):
    certificate = _own_or_office(request, request.GET.get("id", ""))
    data = facts(certificate)
    content = pdf.labels_pdf([(data, printable_qr(certificate, data, request, short=True))],
                             copies=_copies(request) if "copies" in request.GET else 21)
    return _pdf_response(content, f"tem-OCOP-{certificate.display_id}.pdf")


@login_required
def revoke_view(request, certificate_id):
    certificate = _certificate_in_scope(request, certificate_id)
    if not may_write(request.user, certificate):
        raise PermissionDenied
    if not may_sign_revocation(request.user, certificate.recognition):
        return render(request, "certificates/revoke.html", {"certificate": certificate, "data": facts(certificate),
                                                            "form": None, "no_authority": True}, status=403)
    case = certificate.revocation_cases.filter(state=RevocationCase.State.OPEN).first()
    form = RevokeForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            certificate_revoke(certificate=certificate, ground=data["ground"], reason=data["reason"],
                               decision=data["decision"], found_on=data["found_on"], day=data["decided_on"],
                               user=request.user)
        except RevokeRefused as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("The certificate was revoked."))
            return redirect("certificates:detail", certificate_id=certificate.public_id)
    return render(request, "certificates/revoke.html", {"certificate": certificate, "data": facts(certificate),
                                                        "form": form, "case": case}, status=400 if form.errors else 200)

