from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from ocop.accounts.api_auth import TokenAuth
from ocop.recognitions.models import Status as RecognitionStatus

from . import signing
from .ids import IdError, normalize
from .facts import certificate_queryset, facts, qr_text
from .lifecycle import renewal_window
from .revocation import RevokeRefused, certificate_revoke
from .verification import verify

router = Router(tags=["certificates"])


def _problem(lookup) -> dict:
    if lookup.outcome == "check":
        return {"detail": _("This number has a typing mistake (its check symbol does not match): please check it."),
                "status": "mistyped"}
    if lookup.outcome == "malformed":
        return {"detail": _("This is not an OCOP certificate number."), "status": "malformed"}
    return {"detail": _("No OCOP certificate has this number."), "status": "unknown"}


@router.get("/verify/{certificate_id}", response={200: dict, 400: dict, 404: dict, 410: dict},
            summary="Verify a certificate (public)", auth=None)
def verify_certificate(request: HttpRequest, certificate_id: str):
    """200 with the facts when in force; 410 Gone with the date and reason when expired, revoked
    or superseded (naming the newer certificate); 404 for a number that never existed; 400 for a
    mistyped (bad check symbol) or malformed number. Every verification is logged."""
    lookup = verify(certificate_id, request=request, channel="api")
    if lookup.http_status in (200, 410):
        return Status(lookup.http_status, lookup.data)
    return Status(lookup.http_status, _problem(lookup))


def _certificate(certificate_id: str):
    try:
        public_id = normalize(certificate_id)
    except IdError:
        return None
    return certificate_queryset().filter(public_id=public_id).first()


@router.get("/certificates/{certificate_id}", response={200: dict, 404: dict}, summary="A certificate and its QR text")
def certificate_detail(request: HttpRequest, certificate_id: str):
    certificate = _certificate(certificate_id)
    if certificate is None:
        return Status(404, {"detail": _("No OCOP certificate has this number.")})
    data = facts(certificate)
    opens, closes = renewal_window(certificate.recognition.valid_until)
    in_force = data["status"] == RecognitionStatus.IN_FORCE
    return Status(200, {
        **data,
        # a signed QR code is handed out only for a certificate in force: a revoked or expired one gets none
        "qr_text": qr_text(certificate, request) if in_force else None,
        "renewal_window_opens": opens.isoformat(), "renewal_window_closes": closes.isoformat(),
        "history": [{"kind": e.kind, "at": e.created_at.isoformat(), "detail": e.detail} for e in certificate.events.all()],
    })


class RevokeIn(Schema):
    reason: str = Field("", max_length=2000)
    decision: str = Field("", max_length=60)


@router.post("/certificates/{certificate_id}/revoke", response={200: dict, 400: dict, 401: dict, 403: dict, 404: dict, 409: dict},
             summary="Revoke a certificate", auth=TokenAuth())
def revoke(request: HttpRequest, certificate_id: str, payload: RevokeIn):
    """By an officer of the product's province or the central office, with a reason and the
    revocation decision. A revoked certificate cannot be revoked again or reinstated: a new
    recognition decision gives a new certificate."""
    user = request.auth
    if not getattr(user, "is_authenticated", False):
        return Status(401, {"detail": _("Log in or send an API token.")})
    certificate = _certificate(certificate_id)
    if certificate is None:
        return Status(404, {"detail": _("No OCOP certificate has this number.")})
    try:
        certificate_revoke(certificate=certificate, reason=payload.reason, decision=payload.decision, user=user)
    except RevokeRefused as exc:
        return Status(exc.status, {"detail": str(exc)})
    certificate = certificate_queryset().get(pk=certificate.pk)
    return Status(200, facts(certificate))


@router.get("/keys", response=list[dict], summary="Public keys for checking QR signatures offline", auth=None)
def keys(request: HttpRequest):
    return signing.published_keys()
