"""Dossier writes and the rules behind them. Who may make which move is answered by workflow.py;
this module checks the conditions (checklist complete, local criteria confirmed, decision given),
records the history, sets the deadline and notifies the producer."""

import datetime as dt
import json
from functools import lru_cache
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ocop.accounts.access import is_office, may_write, roles_on
from ocop.criteria.services import sheet_for_group
from ocop.notifications.services import notify_producer
from ocop.recognitions.models import Recognition
from ocop.recognitions.services import recognition_record
from ocop.core.dates import add_months

from .. import workflow
from ..workflow import EDITABLE, FINAL, MOVES, Role, State
from ..models import AgendaItem, Document, Dossier, Item, Transition
from ..uploads import UploadRefused, check

LOCAL_CRITERIA = {
    "origin": "Nguồn gốc sản phẩm và nguyên liệu tại địa phương",
    "labour": "Sử dụng lao động địa phương",
    "idea": "Nguồn gốc ý tưởng sản phẩm",
    "identity": "Bản sắc, tri thức địa phương",
}


class DossierRefused(Exception):
    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


@lru_cache(maxsize=1)
def checklist_data() -> dict:
    return json.loads((Path(__file__).resolve().parent.parent / "data" / "checklists.json").read_text(encoding="utf-8"))


def document_kinds() -> dict:
    return checklist_data()["document_kinds"]


def add_working_days(day: dt.date, days: int) -> dt.date:
    while days > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def roles_of(user, dossier: Dossier) -> set[str]:
    return roles_on(user, dossier)


def may_see(user, dossier: Dossier) -> bool:
    """The dossier's people (see roles_on), and the members of a council that has it on an agenda."""
    if roles_on(user, dossier):
        return True
    return AgendaItem.objects.filter(dossier=dossier, session__council__members__user=user).exists()


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

def required_items(dossier: Dossier) -> list[dict]:
    top = dossier.product.group.top.code if dossier.product.group.top_id else dossier.product.group.code
    mapped = dossier.product.group.top.maps_to if dossier.product.group.top_id and dossier.product.group.top.maps_to_id else None
    codes = {top, mapped.top.code if mapped else top}
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


def _valid(document: Document, item: dict, today: dt.date) -> str:
    if document.expires_on and document.expires_on < today:
        return "expired"
    if item.get("max_age_months") and document.issued_on and add_months(document.issued_on, item["max_age_months"]) < today:
        return "expired"
    return "present"


def checklist(dossier: Dossier, today: dt.date | None = None) -> list[dict]:
    today = today or timezone.localdate()
    attached = {i.kind: i.document for i in dossier.items.select_related("document")}
    rows = []
    for item in required_items(dossier):
        document = attached.get(item["kind"])
        status = _valid(document, item, today) if document else "missing"
        rows.append({**item, "document": document, "status": status})
    return rows


def _newest_valid(dossier: Dossier, item: dict, today: dt.date) -> Document | None:
    documents = Document.objects.filter(producer=dossier.producer, kind=item["kind"]).order_by("-issued_on", "-pk")
    if item.get("per_product"):
        documents = documents.filter(product=dossier.product)
    for document in documents:
        if _valid(document, item, today) == "present":
            return document
    return None


def renewal_open(recognition) -> Dossier | None:
    """The certificate lifecycle's renewal: a draft re-rating dossier for a recognition nearing the end of its
    36 months, started from the previous dossier (nothing if one is already in progress)."""
    product = recognition.product
    if Dossier.objects.filter(product=product).exclude(state__in=FINAL).exists():
        return None
    return dossier_create(product=product, kind=Dossier.Kind.RENEWAL, stars_sought=recognition.stars, user=None, system=True)


@transaction.atomic
def dossier_create(*, product, kind: str, stars_sought: int, user, system: bool = False) -> Dossier:
    if not system and not may_write(user, product):
        raise DossierRefused(_("You may not open a dossier for this product."), 403)
    if kind not in Dossier.Kind.values:
        raise DossierRefused(_("Unknown kind of dossier."))
    try:
        stars_sought = int(stars_sought)
    except (TypeError, ValueError):
        stars_sought = 0
    if stars_sought not in (3, 4, 5):
        raise DossierRefused(_("The stars sought must be 3, 4 or 5."))
    if Dossier.objects.filter(product=product).exclude(state__in=FINAL).exists():
        raise DossierRefused(_("This product already has a dossier in progress."), 409)
    previous_recognition = Recognition.objects.filter(product=product, revoked_at__isnull=True).order_by("-decision_date").first()
    if kind != Dossier.Kind.FIRST and previous_recognition is None:
        raise DossierRefused(_("A renewal or upgrade needs an earlier recognition of the product."))
    if kind == Dossier.Kind.UPGRADE and stars_sought <= previous_recognition.stars:
        raise DossierRefused(_("An upgrade must seek more stars than the %(s)s the product has.") % {"s": previous_recognition.stars})
    previous = Dossier.objects.filter(product=product, state=State.RECOGNISED).order_by("-created_at").first()
    dossier = Dossier.objects.create(producer=product.producer, product=product, kind=kind, stars_sought=stars_sought,
                                     previous=previous, previous_recognition=previous_recognition if kind != "first" else None,
                                     province=product.producer.province, created_by=user,
                                     sheet=sheet_for_group(product.group), answers=dict(previous.answers) if previous else {})
    today = timezone.localdate()
    carried = {i.kind: i.document for i in previous.items.select_related("document")} if previous else {}
    for item in required_items(dossier):
        document = carried.get(item["kind"])
        if document is None or _valid(document, item, today) != "present" or item.get("per_dossier"):
            document = None if item.get("per_dossier") else _newest_valid(dossier, item, today)
        if document is not None:
            Item.objects.create(dossier=dossier, kind=item["kind"], document=document)
    Transition.objects.create(dossier=dossier, action="create", from_state="", to_state=State.DRAFT, actor=user,
                              role="system" if system else (",".join(sorted(roles_of(user, dossier))) or ""))
    return dossier


@transaction.atomic
def dossier_attach(*, dossier: Dossier, kind: str, document: Document, user) -> Item:
    if not roles_of(user, dossier) & {Role.PRODUCER, Role.PROVINCE, Role.CENTRAL}:
        raise DossierRefused(_("You may not change this dossier."), 403)
    if dossier.state not in EDITABLE:
        raise DossierRefused(_("Documents can be added only while the dossier is a draft or returned."))
    if document.producer_id != dossier.producer_id:
        raise DossierRefused(_("The document belongs to another producer."))
    if kind not in {i["kind"] for i in required_items(dossier)} and kind not in document_kinds():
        raise DossierRefused(_("Unknown kind of document."))
    item, _created = Item.objects.update_or_create(dossier=dossier, kind=kind, defaults={"document": document})
    return item


# -- moves -----------------------------------------------------------------------------------

def _role_for(name: str, roles: set[str]) -> str:
    """The role in which a person made a move (the first of theirs the move allows)."""
    return next((role for role in Role if role in roles and role in MOVES[name].roles), "")


@transaction.atomic
def dossier_move(*, dossier: Dossier, action: str, user=None, reason: str = "", system: bool = False, **data) -> Dossier:
    dossier = Dossier.objects.select_for_update().select_related("producer", "product__group").get(pk=dossier.pk)
    roles = {Role.SYSTEM} if system else roles_of(user, dossier)
    refused = workflow.refusal(action, dossier.state, roles)
    if refused is not None:
        raise DossierRefused(refused.message, refused.status)
    reason = (reason or "").strip()
    if MOVES[action].needs_reason and not reason:
        raise DossierRefused(_("A reason is required."))
    to_state = workflow.target_of(action, dossier.returned_from)
    if action in ("submit", "resubmit"):
        problems = [row for row in checklist(dossier) if row["status"] != "present"]
        if problems:
            raise DossierRefused(_("Missing or expired: %(items)s.") % {"items": "; ".join(
                f"{row['label']} ({_('expired') if row['status'] == 'expired' else _('missing')})" for row in problems)})
    if action == "commune_confirm":
        given = data.get("local_criteria") or {}
        unconfirmed = [label for code, label in LOCAL_CRITERIA.items() if given.get(code) is not True]
        if unconfirmed:
            raise DossierRefused(_("All four local criteria must be confirmed (or return or reject the dossier): %(items)s.")
                                 % {"items": "; ".join(unconfirmed)})
        dossier.local_criteria = {code: True for code in LOCAL_CRITERIA} | {"by": str(user), "on": timezone.localdate().isoformat()}
    if action in ("return", "commune_return"):
        dossier.returned_from = dossier.state
    if action == "recognise":
        _recognise(dossier, data, user)
    from_state = dossier.state
    dossier.state = to_state
    dossier.state_since = timezone.now()
    days = workflow.DEADLINES.get(to_state)
    dossier.due_on = add_working_days(timezone.localdate(), days) if days else None
    dossier.save()
    Transition.objects.create(dossier=dossier, action=action, from_state=from_state, to_state=to_state, actor=user,
                              role=_role_for(action, roles), reason=reason)
    _notify(dossier, reason)
    return dossier


def _recognise(dossier: Dossier, data: dict, user) -> None:
    number = (data.get("decision_number") or "").strip()
    day = data.get("decision_date")
    if isinstance(day, str):
        try:
            day = dt.date.fromisoformat(day)
        except ValueError:
            day = None
    if not number or day is None:
        raise DossierRefused(_("The decision number and date are required."))
    if day > timezone.localdate():
        raise DossierRefused(_("A decision cannot be dated in the future."))
    stars = int(data.get("stars") or dossier.result_stars or 0)
    if dossier.result_stars is None or stars < 3 or stars > dossier.result_stars:
        raise DossierRefused(_("The council's result allows at most %(s)s stars; 3 at least are needed.") % {"s": dossier.result_stars})
    if stars == 5 and dossier.state != State.CENTRAL_EVALUATED:
        raise DossierRefused(_("Five stars are given by the central council."))
    group = dossier.sheet.groups.order_by("depth").first() if dossier.sheet else dossier.product.group
    dossier.recognition = recognition_record(
        product=dossier.product, stars=stars, criteria_version=dossier.sheet.criteria_version if dossier.sheet else group.version,
        group=dossier.product.group if dossier.product.group.version_id == group.version_id else group,
        decision_number=number, decision_date=day, province=dossier.province, score=dossier.result_score,
        level="central" if stars == 5 else "province")


def _notify(dossier: Dossier, reason: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        body = workflow.state_label(dossier.state) + (f"\n{_('Reason')}: {reason}" if reason else "")
        notify_producer(dossier.producer, kind="dossier", url=f"/dossiers/{dossier.pk}/",
                        title=_("Your OCOP dossier for %(product)s: %(state)s") % {
                            "product": dossier.product.name, "state": workflow.state_label(dossier.state)},
                        body=body)


def overdue(user, today: dt.date | None = None):
    """Overdue dossiers an office looks after (none for producers and communes: they see their own list)."""
    if not is_office(user):
        return Dossier.objects.none()
    today = today or timezone.localdate()
    return (Dossier.objects.visible_to(user).filter(due_on__lt=today).exclude(state__in=FINAL)
            .select_related("product", "producer").order_by("due_on"))
