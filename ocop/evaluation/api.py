"""The dossier workflow, councils, sessions, rounds and to-dos through the API (token authentication), for the
national and provincial systems that integrate with this one. Refusals answer 400/403/404/409 with the reason
in the caller's language; malformed input (types, numbers or dates out of range) answers 400."""

from decimal import Decimal
from typing import Annotated

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Body, Field, File, Form, Router, Status
from ninja.files import UploadedFile

from ocop.accounts.access import is_central, is_office, office_provinces
from ocop.accounts.api_auth import TokenAuth
from ocop.core.api_utils import Clean, Code, Day, Id, Input, Text, text
from ocop.criteria.models import Sheet
from ocop.producers.models import Product
from ocop.taxonomy.models import ProductGroup

from . import workflow
from .models import AgendaItem, Council, Decision, Document, Dossier, Member, Round, Session
from .paperwork.docx import render_docx
from .paperwork.papers import FORMS
from .paperwork.pdf import render_pdf
from .services import councils as council_services
from .services import scoring
from .services.decisions import decision_correct, decision_for
from .services.documents import checklist, document_upload
from .services.dossiers import (DossierRefused, dossier_attach, dossier_move, dossier_start, form_save, may_see,
                                review_record, self_assessment_save)
from .services.rounds import round_open, round_overview
from .services.todo import todo_for

router = Router(tags=["dossiers and councils"], auth=TokenAuth())
ERRORS = {400: dict, 403: dict, 404: dict, 409: dict}


def _refused(exc: DossierRefused):
    return Status(exc.status, {"detail": str(exc)})


def _iso(day):
    return day.isoformat() if day else None


def _num(value):
    return float(value) if value is not None else None


def dossier_dict(d: Dossier) -> dict:
    return {
        "id": d.pk, "product": d.product_id, "producer": d.producer_id, "kind": d.kind, "stars_sought": d.stars_sought,
        "state": d.state, "state_label": d.state_label, "due_on": _iso(d.due_on),
        "waits_for": workflow.WAITS_FOR.get(d.state), "product_code": d.product.product_code,
        "sheet": d.sheet.reference if d.sheet_id else None, "round": d.round_id, "central_round": d.central_round_id,
        "complete_on": _iso(d.complete_on), "reevaluation_due": _iso(d.reevaluation_due),
        "result_score": _num(d.result_score), "result_stars": d.result_stars, "result_on": _iso(d.result_on),
        "central_proposal": d.central_proposal or None, "central_score": _num(d.central_score),
        "central_stars": d.central_stars, "decision": d.decision_id, "recognition": d.recognition_id,
        "answers": d.answers,
        "evidence": [{"criterion": e.criterion, "document": e.document_id} for e in d.evidence.all()],
        "forms": {key: value for key, value in d.forms.items()},
        "checklist": [{"kind": r["kind"], "label": r["label"], "status": r["status"],
                       "document": r["document"].pk if r["document"] else None} for r in checklist(d)],
        "reviews": [{"kind": r.kind, "on": r.on.isoformat(), "recommendation": r.recommendation, "findings": r.findings}
                    for r in d.reviews.all()],
        "history": [{"action": t.action, "from": t.from_state, "to": t.to_state, "by": str(t.actor) if t.actor else None,
                     "role": t.role, "reason": t.reason, "at": t.at.isoformat()} for t in d.transitions.select_related("actor")],
    }


def _dossier(request, pk) -> Dossier:
    dossier = get_object_or_404(Dossier.objects.select_related("producer", "product__group", "sheet"), pk=pk)
    if not may_see(request.auth, dossier):
        raise Http404
    return dossier


@router.post("/documents", response={201: dict, **ERRORS}, summary="Upload a document to the producer's vault")
def upload(request: HttpRequest, file: File[UploadedFile], kind: Form[text(40)], title: Form[text(200)] = "",
           product: Form[Id | None] = None, issued_on: Form[Day | None] = None, expires_on: Form[Day | None] = None):
    producer = request.auth.producer
    if producer is None:
        return Status(403, {"detail": _("Only a producer's account has a vault.")})
    product_obj = Product.objects.filter(pk=product, producer=producer).first() if product else None
    try:
        document = document_upload(producer=producer, upload=file, kind=kind, title=title, user=request.auth, product=product_obj,
                                   issued_on=issued_on, expires_on=expires_on)
    except DossierRefused as exc:
        return _refused(exc)
    return Status(201, {"id": document.pk, "kind": document.kind, "content_type": document.content_type})


class NewProductIn(Input):
    name: Annotated[str, Field(max_length=255)]
    group: Annotated[str, Field(max_length=40)]  # a product set code of the criteria in force, e.g. "26-1.4.1"


class DossierIn(Input):
    product: Id | None = None
    new_product: NewProductIn | None = None
    kind: Annotated[str, Field(max_length=20)]
    stars_sought: Annotated[int, Field(ge=0, le=10)]
    sheet: Annotated[str, Field(max_length=40)] | None = None  # e.g. "26-09": asked when the group covers several sets


@router.post("/dossiers", response={201: dict, **ERRORS}, summary="Open a dossier (documents still valid are reused)")
def create(request: HttpRequest, payload: DossierIn):
    product, new_product, sheet = None, None, None
    if payload.product is not None:
        product = Product.objects.select_related("producer").filter(pk=payload.product).first()
        if product is None:
            return Status(404, {"detail": _("No such product.")})
    elif payload.new_product is not None:
        group = ProductGroup.objects.filter(code=payload.new_product.group).first()
        if group is None or request.auth.producer is None:
            return Status(400, {"detail": _("Give a product set of the criteria in force, as a producer.")})
        new_product = {"producer": request.auth.producer, "name": payload.new_product.name, "group": group}
    else:
        return Status(400, {"detail": _("Choose a product or register a new one.")})
    if payload.sheet:
        try:
            sheet = Sheet.objects.resolve(payload.sheet)
        except Sheet.DoesNotExist:
            return Status(400, {"detail": _("No such score sheet.")})
    try:
        dossier = dossier_start(user=request.auth, kind=payload.kind, stars_sought=payload.stars_sought, product=product,
                                new_product=new_product, sheet=sheet)
    except DossierRefused as exc:
        return _refused(exc)
    return Status(201, dossier_dict(dossier))


@router.get("/dossiers/{dossier_id}", response={200: dict, 404: dict}, summary="A dossier, its checklist and history")
def detail(request: HttpRequest, dossier_id: Id):
    return Status(200, dossier_dict(_dossier(request, dossier_id)))


class ItemIn(Input):
    kind: Annotated[str, Field(max_length=40)]
    document: Id


@router.post("/dossiers/{dossier_id}/items", response={200: dict, **ERRORS}, summary="Use a vault document for a checklist item")
def attach(request: HttpRequest, dossier_id: Id, payload: ItemIn):
    dossier = _dossier(request, dossier_id)
    document = Document.objects.filter(pk=payload.document, producer=dossier.producer).first()
    if document is None:
        return Status(404, {"detail": _("No such document in this producer's vault.")})
    try:
        dossier_attach(dossier=dossier, kind=payload.kind, document=document, user=request.auth)
    except DossierRefused as exc:
        return _refused(exc)
    return Status(200, dossier_dict(Dossier.objects.get(pk=dossier.pk)))


class AssessmentIn(Input):
    answers: dict[Annotated[str, Field(max_length=20)], Annotated[str, Field(max_length=10)]]
    evidence: dict[Annotated[str, Field(max_length=20)], list[Id]] = {}


@router.post("/dossiers/{dossier_id}/self-assessment", response={200: dict, **ERRORS},
             summary="The producer's answers on the dossier's sheet and the evidence per criterion (Form 02, part III)")
def assessment(request: HttpRequest, dossier_id: Id, payload: AssessmentIn):
    dossier = _dossier(request, dossier_id)
    try:
        result = self_assessment_save(dossier=dossier, answers=payload.answers, evidence=payload.evidence, user=request.auth)
    except DossierRefused as exc:
        return _refused(exc)
    return Status(200, {"total": float(result.total), "stars": result.stars, "unanswered": result.unanswered})


@router.post("/dossiers/{dossier_id}/forms/{form}", response={200: dict, **ERRORS},
             summary="Fields of Form 01/02 (the producer's) or Form 03 (the commune's assessment): form01, form02, form03")
def forms(request: HttpRequest, dossier_id: Id, form: Code,
          payload: Body[Annotated[dict[Annotated[str, Field(max_length=40)], Text | bool | dict], Clean]]):
    """The fields as a JSON object in the body (never in the query string: a form does not fit in an address)."""
    dossier = _dossier(request, dossier_id)
    try:
        dossier = form_save(dossier=dossier, form=form, data=payload, user=request.auth)
    except DossierRefused as exc:
        return _refused(exc)
    return Status(200, dossier.forms.get(form, {}))


@router.get("/dossiers/{dossier_id}/forms/{form}", response={200: None, 404: dict},
            summary="Form 01, 02 or 03 of the dossier: ?format=pdf (default) or docx")
def paper(request: HttpRequest, dossier_id: Id, form: Code, format: Code = "pdf"):
    dossier = _dossier(request, dossier_id)
    number = form
    if number not in FORMS or format not in ("pdf", "docx"):
        return Status(404, {"detail": _("No such form.")})
    built = FORMS[number](dossier)
    if format == "pdf":
        response = HttpResponse(render_pdf(built), content_type="application/pdf")
    else:
        response = HttpResponse(render_docx(built), content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    response["Content-Disposition"] = f'attachment; filename="{built.filename}.{format}"'
    return response


class ReviewIn(Input):
    kind: Annotated[str, Field(max_length=12)]
    on: Day
    findings: Annotated[str, Field(max_length=8000)]
    recommendation: Annotated[str, Field(max_length=10)]
    place: Annotated[str, Field(max_length=200)] = ""
    participants: Annotated[str, Field(max_length=500)] = ""


@router.post("/dossiers/{dossier_id}/reviews", response={201: dict, **ERRORS},
             summary="The advisory group's review or site-visit record (a review recommending the council moves it on)")
def review(request: HttpRequest, dossier_id: Id, payload: ReviewIn):
    dossier = _dossier(request, dossier_id)
    try:
        review_record(dossier=dossier, user=request.auth, **payload.dict())
    except DossierRefused as exc:
        return _refused(exc)
    return Status(201, dossier_dict(Dossier.objects.get(pk=dossier.pk)))


class MoveIn(Input):
    reason: Text = ""
    local_criteria: dict[Annotated[str, Field(max_length=20)], bool | Text] = {}
    decision_number: Annotated[str, Field(max_length=60)] = ""
    decision_date: Annotated[str, Field(max_length=10)] = ""
    stars: Annotated[int, Field(ge=0, le=10)] | None = None
    approval_number: Annotated[str, Field(max_length=60)] = ""
    approval_date: Day | None = None
    approved_by: Annotated[str, Field(max_length=200)] = ""


@router.post("/dossiers/{dossier_id}/transitions/{action}", response={200: dict, **ERRORS},
             summary="Move a dossier (submit, commune_confirm, return, resubmit, accept, forward_central, recognise, ...)")
def move(request: HttpRequest, dossier_id: Id, action: Code, payload: MoveIn):
    dossier = _dossier(request, dossier_id)
    if action not in workflow.MOVES:
        return Status(400, {"detail": _("Unknown action.")})
    try:
        dossier = dossier_move(dossier=dossier, action=action, user=request.auth, reason=payload.reason,
                               local_criteria=payload.local_criteria, decision_number=payload.decision_number,
                               decision_date=payload.decision_date, stars=payload.stars,
                               approval_number=payload.approval_number, approval_date=payload.approval_date,
                               approved_by=payload.approved_by)
    except DossierRefused as exc:
        return _refused(exc)
    return Status(200, dossier_dict(dossier))


# -- decisions -------------------------------------------------------------------------------------

def decision_dict(d: Decision) -> dict:
    return {"id": d.pk, "level": d.level, "province": d.province_id, "number": d.number, "date": d.date.isoformat(),
            "signed": bool(d.file), "dossiers": list(d.dossiers.values_list("pk", flat=True))}


@router.post("/decisions", response={201: dict, **ERRORS},
             summary="Record a decision with its signed PDF before recognising dossiers under it (number unique per issuer)")
def decision_create(request: HttpRequest, number: Form[text(60)], date: Form[Day],
                    file: File[UploadedFile], province: Form[text(2) | None] = None):
    central = not province
    if central and not is_central(request.auth):
        return Status(403, {"detail": _("Five stars are decided by the ministry (the central office).")})
    target = None if central else office_provinces(request.auth).filter(code=province).first()
    if not central and target is None:
        return Status(403, {"detail": _("You may not record decisions of this province.")})
    try:
        decision = decision_for(level="central" if central else "province", province=target, number=number, day=date,
                                user=request.auth, file=file)
    except DossierRefused as exc:
        return _refused(exc)
    return Status(201, decision_dict(decision))


class CorrectionIn(Input):
    reason: Annotated[str, Field(max_length=100)]
    date: Day


@router.post("/decisions/{decision_id}/corrections", response={200: dict, **ERRORS},
             summary="Correct a decision's date with a reason (its history is kept)")
def decision_correction(request: HttpRequest, decision_id: Id, payload: CorrectionIn):
    decision = get_object_or_404(Decision, pk=decision_id)
    if not (is_central(request.auth) or office_provinces(request.auth).filter(code=decision.province_id).exists()):
        raise Http404
    try:
        decision = decision_correct(decision=decision, reason=payload.reason, date=payload.date, user=request.auth)
    except DossierRefused as exc:
        return _refused(exc)
    return Status(200, decision_dict(decision))


# -- rounds and to-dos ---------------------------------------------------------------------------------

def round_dict(r: Round) -> dict:
    o = round_overview(r)
    return {"id": r.pk, "level": r.level, "province": r.province_id, "year": r.year, "number": r.number,
            "statutory": r.statutory, "proposals_by": r.proposals_by.isoformat(), "finish_by": r.finish_by.isoformat(),
            "closed": r.closed, "states": {code: n for code, _label, n in o["states"]},
            "working_days_left": o["working_days_left"], "at_risk": [d.pk for d in o["at_risk"]]}


@router.get("/rounds", response={200: list[dict], 403: dict}, summary="Evaluation rounds of the caller's office")
def rounds(request: HttpRequest):
    if not is_office(request.auth):
        return Status(403, {"detail": _("Only an office runs rounds.")})
    return Status(200, [round_dict(r) for r in Round.objects.visible_to(request.auth).order_by("-year", "number")[:100]])


class RoundIn(Input):
    year: Annotated[int, Field(ge=2000, le=2100)]
    number: Annotated[int, Field(ge=1, le=99)] | None = None
    province: Annotated[str, Field(max_length=2)] | None = None  # none: a central round
    proposals_by: Day | None = None
    finish_by: Day | None = None
    note: Annotated[str, Field(max_length=300)] = ""


@router.post("/rounds", response={201: dict, **ERRORS}, summary="Open round 1 or 2 with the statutory dates, or an added round")
def round_create(request: HttpRequest, payload: RoundIn):
    province = office_provinces(request.auth).filter(code=payload.province).first() if payload.province else None
    if payload.province and province is None:
        return Status(403, {"detail": _("You may not open rounds for this office.")})
    try:
        r = round_open(level="province" if province else "central", province=province, year=payload.year,
                       number=payload.number, proposals_by=payload.proposals_by, finish_by=payload.finish_by,
                       note=payload.note, user=request.auth)
    except DossierRefused as exc:
        return _refused(exc)
    return Status(201, round_dict(r))


@router.get("/todo", response={200: list[dict]}, summary="What waits for the caller, with due dates")
def todo(request: HttpRequest):
    return Status(200, [{"title": t.title, "detail": t.detail, "url": t.url, "due": _iso(t.due), "overdue": t.overdue,
                         "role": t.role} for t in todo_for(request.auth)])


# -- councils ----------------------------------------------------------------------------------------

def council_dict(c: Council) -> dict:
    return {"id": c.pk, "level": c.level, "province": c.province_id, "name": c.name, "active": c.active,
            "decision_number": c.decision_number, "decision_date": _iso(c.decision_date),
            "quorum": float(c.quorum), "chair_required": c.chair_required, "divergence": float(c.divergence),
            "members": [{"id": m.pk, "name": m.full_name, "role": m.role, "agency": m.agency, "active": m.active}
                        for m in c.members.select_related("user")]}


def _council(request, pk) -> Council:
    council = get_object_or_404(Council, pk=pk)
    if not (council_services.council_manages(request.auth, council) or council.members.filter(user=request.auth).exists()):
        raise Http404
    return council


class CouncilIn(Input):
    name: Annotated[str, Field(max_length=200)]
    decision_number: Annotated[str, Field(max_length=60)]
    decision_date: Day
    province: Annotated[str, Field(max_length=2)] | None = None  # none: the central council
    quorum: Annotated[Decimal, Field(ge=Decimal("0.5"), le=Decimal(1))] = Decimal("0.75")
    chair_required: bool = True
    divergence: Annotated[Decimal, Field(ge=Decimal(1), le=Decimal(50))] = Decimal(10)


@router.post("/councils", response={201: dict, **ERRORS}, summary="Set up a council by its establishing decision")
def council_create(request: HttpRequest, payload: CouncilIn):
    province = office_provinces(request.auth).filter(code=payload.province).first() if payload.province else None
    if payload.province and province is None:
        return Status(403, {"detail": _("You may not set up a council for this province.")})
    try:
        council = council_services.council_create(
            level="province" if province else "central", province=province, name=payload.name,
            decision_number=payload.decision_number, decision_date=payload.decision_date, user=request.auth,
            quorum=payload.quorum, chair_required=payload.chair_required, divergence=payload.divergence)
    except DossierRefused as exc:
        return _refused(exc)
    return Status(201, council_dict(council))


@router.get("/councils/{council_id}", response={200: dict, 404: dict}, summary="A council, its regulation and members")
def council_detail(request: HttpRequest, council_id: Id):
    return Status(200, council_dict(_council(request, council_id)))


class MemberIn(Input):
    role: Annotated[str, Field(max_length=10)]
    agency: Annotated[str, Field(max_length=200)] = ""
    user: Id | None = None  # an existing account, else a new one invited by e-mail
    email: Annotated[str, Field(max_length=254)] = ""
    full_name: Annotated[str, Field(max_length=150)] = ""


@router.post("/councils/{council_id}/members", response={201: dict, **ERRORS},
             summary="Seat a member: an existing account, or a new one invited by e-mail")
def member_add(request: HttpRequest, council_id: Id, payload: MemberIn):
    council = _council(request, council_id)
    person = None
    if payload.user is not None:
        person = council_services.member_candidates(council).filter(pk=payload.user).first()
        if person is None:
            return Status(404, {"detail": _("This account cannot sit on this council.")})
    try:
        council_services.member_add(council=council, role=payload.role, agency=payload.agency, user=request.auth,
                                    person=person, email=payload.email, full_name=payload.full_name)
    except DossierRefused as exc:
        return _refused(exc)
    return Status(201, council_dict(council))


class OpinionsIn(Input):
    dossiers: list[Id]


@router.post("/councils/{council_id}/opinions", response={201: dict, **ERRORS},
             summary="Ask the members for written opinions on re-evaluation dossiers (no meeting)")
def opinions(request: HttpRequest, council_id: Id, payload: OpinionsIn):
    council = _council(request, council_id)
    dossiers = list(Dossier.objects.filter(pk__in=payload.dossiers[:200]))
    if len(dossiers) != len(set(payload.dossiers[:200])):
        return Status(404, {"detail": _("No such dossier.")})
    try:
        session = council_services.opinions_start(council=council, dossiers=dossiers, user=request.auth)
    except DossierRefused as exc:
        return _refused(exc)
    return Status(201, session_dict(session))


# -- sessions -----------------------------------------------------------------------------------------

class SessionIn(Input):
    date: Day
    place: Annotated[str, Field(max_length=200)] = ""


def _session(request, pk) -> Session:
    session = get_object_or_404(Session.objects.select_related("council"), pk=pk)
    scope_ok = council_services.council_manages(request.auth, session.council) or session.council.members.filter(user=request.auth).exists()
    if not scope_ok:
        raise Http404
    return session


def session_dict(s: Session) -> dict:
    s.refresh_from_db()
    return {"id": s.pk, "council": s.council_id, "kind": s.kind, "date": s.date.isoformat(), "place": s.place,
            "state": s.state, "due_on": _iso(s.due_on), "reason": s.reason,
            "present": list(s.present.values_list("pk", flat=True)),
            "agenda": [{"id": i.pk, "dossier": i.dossier_id, "flagged": i.flagged, "removed": i.removed,
                        "status": scoring.item_status(i)[0],
                        "result_score": _num(i.result_score), "result_stars": i.result_stars} for i in s.agenda.all()]}


@router.post("/councils/{council_id}/sessions", response={201: dict, **ERRORS}, summary="Plan a council session")
def session_create(request: HttpRequest, council_id: Id, payload: SessionIn):
    council = get_object_or_404(Council, pk=council_id)
    try:
        session = council_services.session_create(council=council, date=payload.date, place=payload.place, user=request.auth)
    except DossierRefused as exc:
        return _refused(exc)
    return Status(201, session_dict(session))


@router.get("/sessions/{session_id}", response={200: dict, 404: dict}, summary="A session, its attendance and agenda")
def session_detail(request: HttpRequest, session_id: Id):
    return Status(200, session_dict(_session(request, session_id)))


class AgendaIn(Input):
    dossier: Id


@router.post("/sessions/{session_id}/agenda", response={200: dict, **ERRORS}, summary="Put a dossier on the agenda")
def agenda(request: HttpRequest, session_id: Id, payload: AgendaIn):
    session = _session(request, session_id)
    dossier = get_object_or_404(Dossier, pk=payload.dossier)
    try:
        council_services.agenda_add(session=session, dossier=dossier, user=request.auth)
    except DossierRefused as exc:
        return _refused(exc)
    return Status(200, session_dict(session))


class OpenIn(Input):
    present: list[Id]


def _present(session: Session, ids: list[int]) -> list[Member]:
    return list(Member.objects.filter(council=session.council, pk__in=ids[:500]))


def _session_step(request, session_id, step, present: list[int] | None = None, **kwargs):
    """One council step (`council_services.<step>`) on a session in the caller's scope: 200 with the session, or
    the reason it was refused. `present`: ids of the council's members present."""
    session = _session(request, session_id)
    if present is not None:
        kwargs["present"] = _present(session, present)
    try:
        step(session=session, user=request.auth, **kwargs)
    except DossierRefused as exc:
        return _refused(exc)
    return Status(200, session_dict(session))


@router.post("/sessions/{session_id}/open", response={200: dict, **ERRORS}, summary="Open the session with the members present")
def open_session(request: HttpRequest, session_id: Id, payload: OpenIn):
    return _session_step(request, session_id, council_services.session_open, present=payload.present)


@router.post("/sessions/{session_id}/attendance", response={200: dict, **ERRORS},
             summary="Take the attendance again while the session is open")
def attendance(request: HttpRequest, session_id: Id, payload: OpenIn):
    return _session_step(request, session_id, council_services.session_attendance, present=payload.present)


class RescheduleIn(Input):
    date: Day
    reason: Text = ""
    place: Annotated[str, Field(max_length=200)] | None = None


@router.post("/sessions/{session_id}/reschedule", response={200: dict, **ERRORS}, summary="Move a planned session")
def reschedule(request: HttpRequest, session_id: Id, payload: RescheduleIn):
    return _session_step(request, session_id, council_services.session_reschedule, date=payload.date, place=payload.place,
                         reason=payload.reason)


@router.post("/sessions/{session_id}/adjourn", response={200: dict, **ERRORS},
             summary="Adjourn an open session to another day (scores kept)")
def adjourn(request: HttpRequest, session_id: Id, payload: RescheduleIn):
    return _session_step(request, session_id, council_services.session_adjourn, date=payload.date, reason=payload.reason)


class ReasonIn(Input):
    reason: Text


@router.post("/sessions/{session_id}/cancel", response={200: dict, **ERRORS},
             summary="Cancel a session: its dossiers go back to waiting, with the reason")
def cancel(request: HttpRequest, session_id: Id, payload: ReasonIn):
    return _session_step(request, session_id, council_services.session_cancel, reason=payload.reason)


@router.post("/sessions/{session_id}/meeting", response={200: dict, **ERRORS},
             summary="Written opinions diverge: call a meeting to discuss and re-score")
def meeting(request: HttpRequest, session_id: Id, payload: SessionIn):
    return _session_step(request, session_id, council_services.meeting_call, date=payload.date, place=payload.place)


class MemberScoresIn(Input):
    answers: dict[Annotated[str, Field(max_length=20)], Annotated[str, Field(max_length=10)]]
    opinion: Text = ""


@router.post("/agenda-items/{item_id}/scores", response={201: dict, **ERRORS}, summary="A member's score for a product")
def score(request: HttpRequest, item_id: Id, payload: MemberScoresIn):
    item = get_object_or_404(AgendaItem.objects.select_related("session__council", "dossier__sheet"), pk=item_id)
    try:
        result = scoring.score_submit(item=item, user=request.auth, answers=payload.answers, opinion=payload.opinion)
    except DossierRefused as exc:
        return _refused(exc)
    return Status(201, {"total": float(result.total), "round": result.round})


@router.get("/agenda-items/{item_id}/scores", response={200: list[dict], 403: dict, 404: dict},
            summary="Members' scores, visible once your own is in")
def scores(request: HttpRequest, item_id: Id):
    item = get_object_or_404(AgendaItem, pk=item_id)
    visible = scoring.visible_scores(item, request.auth)
    if visible is None:
        return Status(403, {"detail": _("Submit your own score first.")})
    return Status(200, [{"member": s.member_id, "total": float(s.total), "round": s.round} for s in visible])


@router.post("/sessions/{session_id}/close", response={200: dict, **ERRORS}, summary="Close the session (quorum checked, scores locked)")
def close(request: HttpRequest, session_id: Id):
    return _session_step(request, session_id, council_services.session_close)


