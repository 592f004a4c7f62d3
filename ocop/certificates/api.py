from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Status
from pydantic import Field

from ocop.accounts.access import is_office, may_see
from ocop.accounts.api_auth import TokenAuth
from ocop.core.api_utils import Code, Day, Input
from ocop.core.clients import rate_limited
from ocop.recognitions.models import RevocationGround, Status as RecognitionStatus

from . import signing
from .models import Event
from .ids import IdError, normalize
from .facts import certificate_queryset, facts, label_qr_text, qr_text
from .lifecycle import renewal_window
from .revocation import RevokeRefused, certificate_revoke
from .verification import qr_params, verify

router = Router(tags=["certificates"])


def _problem(lookup) -> dict:
    if lookup.outcome == "check":
        return {"detail": _("This number has a typing mistake (its check symbol does not match): please check it."),
                "status": "mistyped"}
    if lookup.outcome == "malformed":
        return {"detail": _("This is not an OCOP certificate number."), "status": "malformed"}
    return {"detail": _("No OCOP certificate has this number."), "status": "unknown"}


def tampered_problem(lookup) -> dict:
    body = {"status": "tampered",
            "detail": _("This QR code is not genuine: its content or signature does not match what the OCOP programme "
                        "issued (it may have been altered, copied to another address or made up)."),
            "report": _("Do not trust the OCOP mark on this product. Report it to the OCOP office of the province, with a "
                        "photo of the package and where you bought it; the province has been told that this code was scanned.")}
    if lookup.data:
        body["genuine"] = lookup.data  # what the certificate with this number really states
    return body


@router.get("/verify/{certificate_id}", response={200: dict, 400: dict, 404: dict, 409: dict, 410: dict},
            summary="Verify a certificate (public)", auth=None)
@rate_limited("verify", api=True)
def verify_certificate(request: HttpRequest, certificate_id: Code):
    """200 with the certified facts when in force; 410 Gone with the date and reason (and ground) when expired,
    revoked or superseded (naming the newer certificate); 404 for a number that never existed; 400 for a
    mistyped (bad check symbol) or malformed number. With a scanned QR code's parameters (`p`, `k`, `s`), the
    signature is checked first, against this address: 409 with `"status": "tampered"` when it does not match.
    Every verification is logged."""
    lookup = verify(certificate_id, request=request, channel="api", params=qr_params(request.GET))
    if lookup.http_status in (200, 410) and lookup.body is not None:  # a precomputed answer, sent as it is
        return HttpResponse(lookup.body, status=lookup.http_status, content_type="application/json; charset=utf-8")
    if lookup.http_status in (200, 410):
        return Status(lookup.http_status, lookup.data)
    if lookup.http_status == 409:
        return Status(409, tampered_problem(lookup))
    return Status(lookup.http_status, _problem(lookup))


def _certificate(certificate_id: str):
    try:
        public_id = normalize(certificate_id)
    except IdError:
        return None
    return certificate_queryset().filter(public_id=public_id).first()


# A revocation case is the office's until decided: the public history shows the decision (revoked), not proposals.
OFFICE_ONLY_EVENTS = {Event.Kind.CASE_OPENED, Event.Kind.CASE_DROPPED, Event.Kind.CASE_OVERDUE}


@router.get("/certificates/{certificate_id}", response={200: dict, 404: dict}, summary="A certificate and its QR text")
def certificate_detail(request: HttpRequest, certificate_id: Code):
    certificate = _certificate(certificate_id)
    if certificate is None:
        return Status(404, {"detail": _("No OCOP certificate has this number.")})
    data = facts(certificate)
    office = is_office(request.auth) and may_see(request.auth, certificate)
    opens, closes = renewal_window(certificate.recognition.valid_until)
    in_force = data["status"] == RecognitionStatus.IN_FORCE
    return Status(200, {
        **data,
        # a signed QR code is handed out only for a certificate in force: a revoked or expired one gets none
        "qr_text": qr_text(certificate, request) if in_force else None,
        "label_qr_text": label_qr_text(certificate, request) if in_force else None,
        "renewal_window_opens": opens.isoformat(), "renewal_window_closes": closes.isoformat(),
        "reevaluation_filed_on": certificate.reevaluation_filed_on.isoformat() if certificate.reevaluation_filed_on else None,
        "history": [{"kind": e.kind, "at": e.created_at.isoformat(), "detail": e.detail} for e in certificate.events.all()
                    if e.kind not in OFFICE_ONLY_EVENTS or office],
    })


class RevokeIn(Input):
    ground: str = Field(RevocationGround.OTHER.value, max_length=40,
                        description="One of: " + ", ".join(RevocationGround.values) + " (Art. 8.1); 'other' when absent.")
    reason: str = Field("", max_length=2000)
    decision: str = Field("", max_length=60)
    found_on: Day | None = Field(None, description="Date of the finding (YYYY-MM-DD); today when absent.")
    decided_on: Day | None = Field(None, description="Date of the revocation decision; today when absent.")


@router.post("/certificates/{certificate_id}/revoke", response={200: dict, 400: dict, 401: dict, 403: dict, 404: dict, 409: dict},
             summary="Revoke a certificate", auth=TokenAuth())
def revoke(request: HttpRequest, certificate_id: Code, payload: RevokeIn):
    """The authority's decision (Decision 26/2026 Art. 8): the provincial chair (a provincial office account
    that may sign decisions) for 3★ and 4★ of its province, the central office for 5★ (anyone else: 403);
    a ground of Art. 8.1 (400 when unknown), the reason, the decision number, the finding's date (not in the
    future). A revoked certificate cannot be revoked again (409) or reinstated: a new recognition decision
    gives a new certificate."""
    user = request.auth
    if not getattr(user, "is_authenticated", False):
        return Status(401, {"detail": _("Log in or send an API token.")})
    certificate = _certificate(certificate_id)
    if certificate is None:
        return Status(404, {"detail": _("No OCOP certificate has this number.")})
    try:
        certificate_revoke(certificate=certificate, ground=payload.ground, reason=payload.reason, decision=payload.decision,
                           found_on=payload.found_on, day=payload.decided_on, user=user)
    except RevokeRefused as exc:
        return Status(exc.status, {"detail": str(exc)})
    certificate = certificate_queryset().get(pk=certificate.pk)
    return Status(200, facts(certificate))


@router.get("/keys", response=list[dict], summary="Public keys for checking QR signatures offline", auth=None)
def keys(request: HttpRequest):
    return signing.published_keys()
