"""Plain dicts for the API and the .xlsx export: one place decides which fields are public."""

from ocop.accounts.access import may_see

from .models import LegalForm


def place(obj) -> dict | None:
    return {"code": obj.code, "name": obj.short_name} if obj is not None else None


def recognition_dict(r) -> dict | None:
    if r is None:
        return None
    return {
        "id": r.pk,
        "stars": r.stars,
        "score": str(r.score) if r.score is not None else None,
        "criteria_version": r.criteria_version.code,
        "group": {"code": r.group.code, "name": r.group.display_name},
        "level": r.level,
        "decision_number": r.decision_number,
        "decision_date": r.decision_date.isoformat(),
        "valid_until": r.valid_until.isoformat(),
        "status": r.status,
        "province": place(r.province),
        "province_at_the_time": r.province_at_the_time,
        "revoked_at": r.revoked_at.isoformat() if r.revoked_at else None,
        "revocation_reason": r.revocation_reason or None,
        "superseded_by": r.superseded_by_id,
    }


def public_tax_code(producer) -> str | None:
    """A household business's tax code is its owner's personal number: never public."""
    if producer.legal_form == LegalForm.HOUSEHOLD:
        return None
    return producer.tax_code or None


def producer_dict(producer, user) -> dict:
    data = {
        "id": producer.pk,
        "name": producer.name,
        "legal_form": producer.legal_form or None,
        "tax_code": public_tax_code(producer),
        "province": place(producer.province),
        "commune": place(producer.commune),
    }
    if may_see(user, producer):
        # Sensitive personal data (Decree 13/2023/NĐ-CP) and contacts: only for the producer and its offices.
        data["tax_code"] = producer.tax_code or None
        data["woman_led"] = producer.woman_led
        data["ethnic_minority"] = producer.ethnic_minority
        data["contact"] = {
            "representative": producer.representative,
            "phone": producer.phone,
            "email": producer.email,
            "address": producer.address,
        }
    return data


def product_list_item(product) -> dict:
    latest = product.latest
    return {
        "id": product.pk,
        "name": product.name,
        "producer": {"id": product.producer_id, "name": product.producer.name, "legal_form": product.producer.legal_form or None},
        "group": {"code": product.group.code, "name": product.group.display_name},
        "province": place(product.producer.province),
        "commune": place(product.producer.commune),
        "gtin": product.gtin or None,
        "stars": latest.stars if latest else None,
        "current_stars": product.current.stars if product.current else None,
        "status": latest.status if latest else None,
        "recognition": recognition_dict(latest),
        "certificate_id": _certificate_id(product.current or latest),
    }


def _certificate_id(recognition) -> str | None:
    """The public number of the product's current certificate: the one in force, else the latest."""
    certificate = getattr(recognition, "certificate", None) if recognition is not None else None
    return certificate.public_id if certificate is not None else None
