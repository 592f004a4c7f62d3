"""What a certificate states publicly (its facts), what its QR code signs, and its queryset."""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from ocop.recognitions.models import Status, status_of

from . import signing
from .models import Certificate


# The columns behind a certificate's public facts, read either from model instances (pages,
# PDFs) or with one precompiled SQL statement (the public verification, which must be fast).
FACT_PATHS = (
    "public_id", "recognition__product_id", "recognition__product__name", "recognition__product__producer_id",
    "recognition__product__producer__name", "recognition__stars", "recognition__decision_number",
    "recognition__decision_date", "recognition__valid_until", "recognition__level", "recognition__province_id",
    "recognition__province__short_name", "recognition__legacy_province__short_name",
    "recognition__criteria_version__code", "recognition__revoked_at", "recognition__revocation_reason",
    "recognition__revocation_decision", "recognition__superseded_by_id", "recognition__superseded_by__decision_date",
    "recognition__superseded_by__stars", "recognition__superseded_by__certificate__public_id",
    "recognition__product__product_code", "id",
)


def _iso(value) -> str | None:
    """A date from the ORM (date) or from a raw SQLite cursor (text) as YYYY-MM-DD."""
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)[:10]


def facts_from_values(v: dict, today: dt.date | None = None) -> dict:
    valid_until = _iso(v["recognition__valid_until"])
    status = status_of(revoked=v["recognition__revoked_at"] is not None,
                       superseded=v["recognition__superseded_by_id"] is not None,
                       valid_until=valid_until, today=(today or timezone.localdate()).isoformat())
    public_id = v["public_id"]
    data = {
        "id": public_id,
        "display_id": f"{public_id[:4]}-{public_id[4:8]}-{public_id[8:]}",
        "status": status,
        "product": {"id": v["recognition__product_id"], "name": v["recognition__product__name"]},
        "product_code": v["recognition__product__product_code"],
        "producer": {"id": v["recognition__product__producer_id"], "name": v["recognition__product__producer__name"]},
        "stars": v["recognition__stars"],
        "decision_number": v["recognition__decision_number"],
        "decision_date": _iso(v["recognition__decision_date"]),
        "issuing_level": v["recognition__level"],
        "province": {"code": v["recognition__province_id"], "name": v["recognition__province__short_name"]},
        "province_at_the_time": v["recognition__legacy_province__short_name"] or v["recognition__province__short_name"],
        "valid_until": valid_until,
        "criteria_version": v["recognition__criteria_version__code"],
    }
    if status == Status.REVOKED:
        data["revoked"] = {"date": _iso(v["recognition__revoked_at"]), "reason": v["recognition__revocation_reason"],
                           "decision": v["recognition__revocation_decision"]}
    elif status == Status.SUPERSEDED:
        data["superseded"] = {"date": _iso(v["recognition__superseded_by__decision_date"]),
                              "by": v["recognition__superseded_by__certificate__public_id"],
                              "by_stars": v["recognition__superseded_by__stars"]}
    elif status == Status.EXPIRED:
        data["expired"] = {"date": valid_until}
    return data


def facts(certificate: Certificate, today: dt.date | None = None) -> dict:
    values = {}
    for path in FACT_PATHS:
        obj = certificate
        for attr in path.split("__"):
            if attr.endswith("_id") and obj is not None and attr != "id":
                obj = getattr(obj, attr)
                continue
            obj = getattr(obj, attr, None) if obj is not None else None
        values[path] = obj
    return facts_from_values(values, today)


def signed_fields(certificate: Certificate) -> dict:
    r = certificate.recognition
    return {"id": certificate.public_id, "stars": r.stars, "decision_number": r.decision_number,
            "decision_date": r.decision_date, "valid_until": r.valid_until, "level": r.level,
            "province": r.province_id, "product": r.product.name, "producer": r.product.producer.name}


def public_base_url(request=None) -> str:
    configured = getattr(settings, "OCOP_PUBLIC_URL", "")
    if configured:
        return configured
    return request.build_absolute_uri("/").rstrip("/") if request is not None else "http://127.0.0.1:8000"


def qr_text(certificate: Certificate, request=None) -> str:
    return signing.qr_text(signed_fields(certificate), public_base_url(request))


def certificate_queryset():
    return Certificate.objects.select_related(
        "recognition__product__producer", "recognition__province", "recognition__legacy_province",
        "recognition__criteria_version", "recognition__superseded_by__certificate",
    )
