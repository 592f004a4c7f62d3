"""The dossier workflow and council scoring through the API (token authentication), for the
national and provincial systems that integrate with this one."""

import datetime as dt

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from ocop.accounts.api_auth import TokenAuth
from ocop.evaluation.services import councils as council_services
from ocop.evaluation.models import AgendaItem, Council, Member, Session
from ocop.producers.models import Product

from . import workflow
from .models import Document, Dossier
from .services.dossiers import DossierRefused, checklist, document_upload, dossier_attach, dossier_create, dossier_move, may_see

router = Router(tags=["dossiers and councils"], auth=TokenAuth())
ERRORS = {400: dict, 403: dict, 404: dict, 409: dict}


def _refused(exc: DossierRefused):
    return Status(exc.status, {"detail": str(exc)})


def dossier_dict(d: Dossier) -> dict:
    return {
        "id": d.pk, "product": d.product_id, "producer": d.producer_id, "kind": d.kind, "stars_sought": d.stars_sought,
        "state": d.state, "state_label": d.state_label, "due_on": d.due_on.isoformat() if d.due_on else None,
        "result_score": float(d.result_score) if d.result_score is not None else None, "result_stars": d.result_stars,
        "recognition": d.recognition_id,
        "checklist": [{"kind": r["kind"], "label": r["label"], "status": r["status"],
                       "document": r["document"].pk if r["document"] else None} for r in checklist(d)],
        "history": [{"action": t.action, "from": t.from_state, "to": t.to_state, "by": str(t.actor) if t.actor else None,
                     "role": t.role, "reason": t.reason, "at": t.at.isoformat()} for t in d.transitions.select_related("actor")],
    }


def _dossier(request, pk) -> Dossier:
    dossier = get_object_or_404(Dossier.objects.select_related("producer", "product__group"), pk=pk)
    if not may_see(request.auth, dossier):
        raise Http404
    return dossier


@router.post("/documents", response={201: dict, **ERRORS}, summary="Upload a document to the producer's vault")
def upload(request: HttpRequest, file: File[UploadedFile], kind: Form[str], title: Form[str] = "", product: Form[int] = None,
           issued_on: Form[dt.date] = None, expires_on: Form[dt.date] = None):
    producer = request.auth.producer
    if producer is None:
        return Status(403, {"detail": "Only a producer's account has a vault."})
    product_obj = Product.objects.filter(pk=product, producer=producer).first() if product else None
    try:
        document = document_upload(producer=producer, upload=file, kind=kind, title=title, user=request.auth, product=product_obj,
                                   issued_on=issued_on, expires_on=expires_on)
    except DossierRefused as exc:
        return _refused(exc)
    return Status(201, {"id": document.pk, "kind": document.kind, "content_type": document.content_type})


class DossierIn(Schema):
    product: int
    kind: str
    stars_sought: int


@router.post("/dossiers", response={201: dict, **ERRORS}, summary="Open a dossier (documents still valid are reused)")
def create(request: HttpRequest, payload: DossierIn):
    product = Product.objects.select_related("producer").filter(pk=payload.product).first()
    if product is None:
        return Status(404, {"detail": "No such product."})
    try:
        dossier = dossier_create(product=product, kind=payload.kind, stars_sought=payload.stars_sought, user=request.auth)
    except DossierRefused as exc:
        return _refused(exc)
    return Status(201, dossier_dict(dossier))


@router.get("/dossiers/{dossier_id}", response={200: dict, 404: dict}, summary="A dossier, its checklist and history")
def detail(request: HttpRequest, dossier_id: int):
    return Status(200, dossier_dict(_dossier(request, dossier_id)))


class ItemIn(Schema):
    kind: str
    document: int


@router.post("/dossiers/{dossier_id}/items", response={200: dict, **ERRORS}, summary="Use a vault document for a checklist item")
def attach(request: HttpRequest, dossier_id: int, payload: ItemIn):
    dossier = _dossier(request, dossier_id)
    document = Document.objects.filter(pk=payload.document, producer=dossier.producer).first()
    if document is None:
        return Status(404, {"detail": "No such document in this producer's vault."})
    try:
        dossier_attach(dossier=dossier, kind=payload.kind, document=document, user=request.auth)
    except DossierRefused as exc:
        return _refused(exc)
    return Status(200, dossier_dict(Dossier.objects.get(pk=dossier.pk)))


class MoveIn(Schema):
    reason: str = ""
    local_criteria: dict = {}
    decision_number: str = ""
    decision_date: str = ""
    stars: int | None = None


@router.post("/dossiers/{dossier_id}/transitions/{action}", response={200: dict, **ERRORS},
             summary="Move a dossier (submit, commune_confirm, return, resubmit, accept, forward_central, recognise, ...)")
def move(request: HttpRequest, dossier_id: int, action: str, payload: MoveIn):
    dossier = _dossier(request, dossier_id)
    if action not in workflow.MOVES:
        return Status(400, {"detail": f"Unknown action {action[:40]!r}."})
    try:
        dossier = dossier_move(dossier=dossier, action=action, user=request.auth, reason=payload.reason,
                               local_criteria=payload.local_criteria, decision_number=payload.decision_number,
                               decision_date=payload.decision_date, stars=payload.stars)
    except DossierRefused as exc:
        return _refused(exc)
    return Status(200, dossier_dict(dossier))


class SessionIn(Schema):
    date: dt.date
    place: str = ""


def _session(request, pk) -> Session:
    session = get_object_or_404(Session.objects.select_related("council"), pk=pk)
    scope_ok = council_services.council_manages(request.auth, session.council) or session.council.members.filter(user=request.auth).exists()
    if not scope_ok:
        raise Http404
    return session


def session_dict(s: Session) -> dict:
    return {"id": s.pk, "council": s.council_id, "date": s.date.isoformat(), "state": s.state,
            "present": list(s.present.values_list("pk", flat=True)),
            "agenda": [{"id": i.pk, "dossier": i.dossier_id, "flagged": i.flagged,
                        "result_score": float(i.result_score) if i.result_score is not None else None,
                        "result_stars": i.result_stars} for i in s.agenda.all()]}


@router.post("/councils/{council_id}/sessions", response={201: dict, **ERRORS}, summary="Plan a council session")
def session_create(request: HttpRequest, council_id: int, payload: SessionIn):
    council = get_object_or_404(Council, pk=council_id)
    try:
        session = council_services.session_create(council=council, date=payload.date, place=payload.place, user=request.auth)
    except DossierRefused as exc:
        return _refused(exc)
    return Status(201, session_dict(session))


class AgendaIn(Schema):
    dossier: int


@router.post("/sessions/{session_id}/agenda", response={200: dict, **ERRORS}, summary="Put a dossier on the agenda")
def agenda(request: HttpRequest, session_id: int, payload: AgendaIn):
    session = _session(request, session_id)
    dossier = get_object_or_404(Dossier, pk=payload.dossier)
    try:
        council_services.agenda_add(session=session, dossier=dossier, user=request.auth)
    except DossierRefused as exc:
        return _refused(exc)
    return Status(200, session_dict(session))


class OpenIn(Schema):
    present: list[int]


@router.post("/sessions/{session_id}/open", response={200: dict, **ERRORS}, summary="Open the session with the members present")
def open_session(request: HttpRequest, session_id: int, payload: OpenIn):
    session = _session(request, session_id)
    present = list(Member.objects.filter(council=session.council, pk__in=payload.present))
    try:
        council_services.session_open(session=session, present=present, user=request.auth)
    except DossierRefused as exc:
        return _refused(exc)
    return Status(200, session_dict(session))


class ScoreIn(Schema):
    answers: dict[str, str]


@router.post("/agenda-items/{item_id}/scores", response={201: dict, **ERRORS}, summary="A member's score for a product")
def score(request: HttpRequest, item_id: int, payload: ScoreIn):
    item = get_object_or_404(AgendaItem.objects.select_related("session__council", "dossier__sheet"), pk=item_id)
    try:
        result = council_services.score_submit(item=item, user=request.auth, answers=payload.answers)
    except DossierRefused as exc:
        return _refused(exc)
    return Status(201, {"total": float(result.total), "round": result.round})


@router.get("/agenda-items/{item_id}/scores", response={200: list[dict], 403: dict, 404: dict},
            summary="Members' scores, visible once your own is in")
def scores(request: HttpRequest, item_id: int):
    item = get_object_or_404(AgendaItem, pk=item_id)
    visible = council_services.visible_scores(item, request.auth)
    if visible is None:
        return Status(403, {"detail": "Submit your own score first."})
    return Status(200, [{"member": s.member_id, "total": float(s.total), "round": s.round} for s in visible])


@router.post("/sessions/{session_id}/close", response={200: dict, **ERRORS}, summary="Close the session (quorum checked, scores locked)")
def close(request: HttpRequest, session_id: int):
    session = _session(request, session_id)
    try:
        council_services.session_close(session=session, user=request.auth)
    except DossierRefused as exc:
        return _refused(exc)
    return Status(200, session_dict(session))
