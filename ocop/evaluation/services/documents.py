"""A producer's documents (the vault: uploaded once, checked by content and size, attached to any of its
dossiers) and a dossier's checklist: the documents its kind, product group and stars require (data/checklists.json),
each present, missing, expired or undated."""

import datetime as dt
import json
from functools import lru_cache
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.access import may_write
from ocop.core.dates import add_months

from ..models import Document, Dossier
from ..uploads import UploadRefused, check
from .errors import DossierRefused


@lru_cache(maxsize=1)
def checklist_data() -> dict:
    return json.loads((Path(__file__).resolve().parent.parent / "data" / "checklists.json").read_text(encoding="utf-8"))


def document_kinds() -> dict:
    return checklist_data()["document_kinds"]


def needs_issue_date(kind: str) -> bool:
    """Whether a document of this kind must carry its issue date (a checklist item has a validity rule)."""
    return any(item["kind"] == kind and (item.get("max_age_months") or item.get("requires_issue_date"))
               for item in checklist_data()["items"])


# -- vault -----------------------------------------------------------------------------------

@transaction.atomic
def document_upload(*, producer, upload, kind: str, title: str, user, issued_on=None, expires_on=None, product=None) -> Document:
    if not may_write(user, producer):
        raise DossierRefused(_("You may not add documents for this producer."), 403)
    if kind not in document_kinds():
        raise DossierRefused(_("Unknown kind of document."))
    if product is not None and product.producer_id != producer.pk:
        raise DossierRefused(_("The product belongs to another producer."))
    if issued_on and expires_on and expires_on <= issued_on:
        raise DossierRefused(_("The expiry date must be after the issue date."))
    if issued_on and issued_on > timezone.localdate():
        raise DossierRefused(_("The issue date cannot be in the future."))
    if needs_issue_date(kind) and issued_on is None:
        raise DossierRefused(_("This kind of document is valid only for a time: give its issue date."))
    try:
        data, content_type, extension = check(upload)
    except UploadRefused as exc:
        raise DossierRefused(str(exc)) from None
    document = Document(producer=producer, product=product, kind=kind, title=(title or document_kinds()[kind])[:200],
                        original_name=str(upload.name)[:255], content_type=content_type, extension=extension,
                        size=len(data), issued_on=issued_on, expires_on=expires_on, uploaded_by=user)
    document.file.save("x", ContentFile(data), save=False)
    document.save()
    return document


# -- checklist -------------------------------------------------------------------------------

def _top_codes(dossier: Dossier) -> set[str]:
    """The top product groups of the dossier's product in every criteria version (through the mapping) and
    of its sheet."""
    codes = set()
    group = dossier.product.group
    node = group.top if group.top_id else group
    while node is not None and node.code not in codes:
        codes.add(node.code)
        node = node.maps_to.top if node.maps_to_id and node.maps_to.top_id else node.maps_to
    if dossier.sheet_id:
        codes |= {g.top.code if g.top_id else g.code for g in dossier.sheet.groups.select_related("top")}
    return codes


def required_items(dossier: Dossier) -> list[dict]:
    codes = _top_codes(dossier)
    items = []
    for item in checklist_data()["items"]:
        if dossier.kind not in item["dossiers"]:
            continue
        if "groups" in item and not codes & set(item["groups"]):
            continue
        if dossier.stars_sought < item.get("min_stars", 3):
            continue
        items.append(item)
    return items


def document_status(document: Document, item: dict, today: dt.date) -> str:
    """present, expired, or undated (an item with a validity rule and no issue date: never valid)."""
    if (item.get("max_age_months") or item.get("requires_issue_date")) and document.issued_on is None:
        return "undated"
    if document.expires_on and document.expires_on < today:
        return "expired"
    if item.get("max_age_months") and add_months(document.issued_on, item["max_age_months"]) < today:
        return "expired"
    return "present"


def checklist(dossier: Dossier, today: dt.date | None = None) -> list[dict]:
    today = today or timezone.localdate()
    attached = {i.kind: i.document for i in dossier.items.select_related("document")}
    rows = []
    for item in required_items(dossier):
        document = attached.get(item["kind"])
        status = document_status(document, item, today) if document else "missing"
        rows.append({**item, "document": document, "status": status})
    return rows


def newest_valid(dossier: Dossier, item: dict, today: dt.date) -> Document | None:
    documents = Document.objects.filter(producer=dossier.producer, kind=item["kind"]).order_by("-issued_on", "-pk")
    if item.get("per_product"):
        documents = documents.filter(product=dossier.product)
    for document in documents:
        if document_status(document, item, today) == "present":
            return document
    return None
