"""What a certificate states publicly (its facts), what its QR code signs, and its queryset.

The product, producer, stars, product set and product code are the certified ones, frozen on the certificate
when it was issued; the register's current names appear only as "now sold as" (after the office approved
the change)."""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from ocop.recognitions.models import RevocationGround, Status, status_of

from . import signing
from .models import Certificate


# The columns behind a certificate's public facts, read either from model instances (pages,
# PDFs) or with one precompiled SQL statement (the public verification, which must be fast).
FACT_PATHS = (
    "public_id", "recognition__product_id", "product_name", "recognition__product__producer_id",
    "producer_name", "stars", "recognition__decision_number",
    "recognition__decision_date", "recognition__valid_until", "recognition__level", "recognition__province_id",
    "recognition__province__short_name", "recognition__legacy_province__short_name",
    "recognition__criteria_version__code", "recognition__revoked_at", "recognition__revocation_reason",
    "recognition__revocation_decision", "recognition__superseded_by_id", "recognition__superseded_by__decision_date",
    "recognition__superseded_by__stars", "recognition__superseded_by__certificate__public_id",
    "product_set_code", "product_set_name", "product_code", "recognition__product__name",
    "recognition__product__producer__name", "recognition__extended_until", "reevaluation_filed_on",
    "recognition__revocation_ground", "recognition__revocation_found_on", "recognition__province__name",
    "recognition__legacy_province__name", "recognition__criteria_version__decision",
    "recognition__criteria_version__decision_date", "id",
)


def _iso(value) -> str | None:
    """A date from the ORM (date) or from a raw SQLite cursor (text) as YYYY-MM-DD."""
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)[:10]


def facts_from_values(v: dict, today: dt.date | None = None) -> dict:
    valid_until = _iso(v["recognition__valid_until"])
    extended_until = _iso(v["recognition__extended_until"])
    status = status_of(revoked=v["recognition__revoked_at"] is not None,
                       superseded=v["recognition__superseded_by_id"] is not None,
                       valid_until=valid_until, today=(today or timezone.localdate()).isoformat(),
                       extended_until=extended_until)
    public_id = v["public_id"]
    data = {
        "id": public_id,
        "display_id": f"{public_id[:4]}-{public_id[4:8]}-{public_id[8:]}",
        "status": status,
        "product": {"id": v["recognition__product_id"], "name": v["product_name"]},
        "producer": {"id": v["recognition__product__producer_id"], "name": v["producer_name"]},
        "stars": v["stars"],
        "product_set": {"code": v["product_set_code"], "name": v["product_set_name"]},
        "product_code": v["product_code"] or "",
        "decision_number": v["recognition__decision_number"],
        "decision_date": _iso(v["recognition__decision_date"]),
        "issuing_level": v["recognition__level"],
        "province": {"code": v["recognition__province_id"], "name": v["recognition__province__short_name"],
                     "official_name": v["recognition__province__name"]},
        "province_at_the_time": v["recognition__legacy_province__short_name"] or v["recognition__province__short_name"],
        "province_official_name": v["recognition__legacy_province__name"] or v["recognition__province__name"],
        "valid_until": valid_until,
        "criteria_version": v["recognition__criteria_version__code"],
        "criteria_decision": {"number": v["recognition__criteria_version__decision"],
                              "date": _iso(v["recognition__criteria_version__decision_date"])},
    }
    now = {}
    if v["recognition__product__name"] and v["recognition__product__name"] != v["product_name"]:
        now["product"] = v["recognition__product__name"]
    if v["recognition__product__producer__name"] and v["recognition__product__producer__name"] != v["producer_name"]:
        now["producer"] = v["recognition__product__producer__name"]
    if now:
        data["now_sold_as"] = now  # the register's names today, changed with the office's approval
    if extended_until and extended_until > valid_until and status == Status.IN_FORCE and valid_until < (
            today or timezone.localdate()).isoformat():
        data["extended"] = {"until": extended_until, "reevaluation_filed_on": _iso(v["reevaluation_filed_on"]),
                            "rule": "Decision 26/2026/QĐ-TTg Art. 12.3"}
    if status == Status.REVOKED:
        ground = v["recognition__revocation_ground"] or ""
        data["revoked"] = {"date": _iso(v["recognition__revoked_at"]), "reason": v["recognition__revocation_reason"],
                           "decision": v["recognition__revocation_decision"], "ground": ground,
                           "ground_label": str(RevocationGround(ground).label) if ground in RevocationGround.values else "",
                           "found_on": _iso(v["recognition__revocation_found_on"])}
    elif status == Status.SUPERSEDED:
        data["superseded"] = {"date": _iso(v["recognition__superseded_by__decision_date"]),
                              "by": v["recognition__superseded_by__certificate__public_id"],
                              "by_stars": v["recognition__superseded_by__stars"]}
    elif status == Status.EXPIRED:
        data["expired"] = {"date": max(valid_until, extended_until or valid_until)}
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
    """The certified facts the QR code signs (the frozen ones, never the register's current names)."""
    r = certificate.recognition
    return {"id": certificate.public_id, "stars": certificate.stars, "decision_number": r.decision_number,
            "decision_date": r.decision_date, "valid_until": r.valid_until, "level": r.level,
            "province": r.province_id, "product": certificate.product_name, "producer": certificate.producer_name,
            "product_set": certificate.product_set_code, "product_code": certificate.product_code}


def public_base_url(request=None) -> str:
    """The issuing address: OCOP_PUBLIC_URL, else the address the request came to."""
    configured = getattr(settings, "OCOP_PUBLIC_URL", "")
    if configured:
        return configured.rstrip("/")
    return request.build_absolute_uri("/").rstrip("/") if request is not None else "http://127.0.0.1:8000"


def qr_text(certificate: Certificate, request=None) -> str:
    """The full signed QR (certificate PDF, API): every certified fact, signed with the issuing address."""
    return signing.qr_text(signed_fields(certificate), public_base_url(request))


def label_qr_text(certificate: Certificate, request=None) -> str:
    """The short signed QR for packaging labels (scannable when printed small): number, stars, valid-until."""
    return signing.short_qr_text(signed_fields(certificate), public_base_url(request))


def certificate_queryset():
    return Certificate.objects.select_related(
        "recognition__product__producer", "recognition__province", "recognition__legacy_province",
        "recognition__criteria_version", "recognition__superseded_by__certificate",
    )


def verify_url(certificate: Certificate, request=None) -> str:
    """The plain verification address (no signature): what a certificate not in force prints as its QR code."""
    return f"{public_base_url(request)}/v/{certificate.public_id}"


def printable_qr(certificate: Certificate, data: dict, request=None, *, short: bool = False) -> str:
    """The QR text to print: signed only for a certificate in force, else the plain verification address."""
    if data["status"] != Status.IN_FORCE:
        return verify_url(certificate, request)
    return label_qr_text(certificate, request) if short else qr_text(certificate, request)
