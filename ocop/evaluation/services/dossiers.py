"""Dossier writes and the rules behind them. Who may make which move is answered by workflow.py;
this module checks the conditions (checklist complete and valid, self-assessment complete, Form 03 written,
a round, the advisory review, the provincial chair's approval, the decision), records the history, sets
the deadline in working days of the office's calendar and tells whoever the dossier now waits for."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ocop.accounts.access import is_office, may_write, roles_on
from ocop.accounts.models import Role as AccountRole
from ocop.accounts.models import User
from ocop.certificates.lifecycle import (ReevaluationRefused, certificate_reevaluation_decided,
                                         certificate_reevaluation_filed)
from ocop.criteria import engine
from ocop.criteria.answers import describe
from ocop.criteria.models import Assessment
from ocop.criteria.services import sheets_under
from ocop.notifications.services import notify, notify_producer
from ocop.producers.services import ProductRefused, product_code_give, product_register
from ocop.recognitions.models import Recognition
from ocop.recognitions.services import recognition_record
from ocop.taxonomy.versions import version_in_force

from .. import workflow
from ..models import AgendaItem, Council, Decision, Document, Dossier, Evidence, Item, Member, Review, Transition
from ..workflow import EDITABLE, FINAL, MOVES, Role, State
from .calendar import working_deadline
from .decisions import decision_for
from .documents import checklist, document_kinds, document_status, newest_valid, required_items
from .errors import DossierRefused
from .rounds import round_for

# The four local contents the commune assesses (Art. 7.2.a; Form 03 part II).
LOCAL_CRITERIA = {
    "origin": "Nguồn gốc sản phẩm và nguyên liệu tại địa phương",
    "labour": "Sử dụng lao động địa phương",
    "idea": "Nguồn gốc ý tưởng sản phẩm",
    "identity": "Bản sắc, tri thức địa phương",
}

__all__ = ["LOCAL_CRITERIA", "DossierRefused", "dossier_create", "dossier_move"]


def roles_of(user, dossier: Dossier) -> set[str]:
    """The person's roles on the dossier: those of accounts.access, and `advisor` for a member of the advisory
    group of the council that will score it (the province's, or the central one once proposed)."""
    roles = set(roles_on(user, dossier))
    if user is not None and getattr(user, "is_authenticated", False):
        if _advisors(dossier).filter(user=user).exists():
            roles.add(Role.ADVISOR)
    return roles


def _council_level(dossier: Dossier) -> str:
    central = dossier.state in (State.CENTRAL_REVIEW, State.CENTRAL_EVALUATED) or (
        dossier.state == State.IN_EVALUATION and dossier.central_proposal)
    return Council.Level.CENTRAL if central else Council.Level.PROVINCE


def _advisors(dossier: Dossier):
    members = Member.objects.filter(role=Member.Role.ADVISOR, active=True, council__active=True)
    if _council_level(dossier) == Council.Level.CENTRAL:
        return members.filter(council__level=Council.Level.CENTRAL)
    return members.filter(council__level=Council.Level.PROVINCE, council__province_id=dossier.province_id)


def may_see(user, dossier: Dossier) -> bool:
    """The dossier's people (see roles_of), and the members of a council that has it on an agenda."""
    if roles_of(user, dossier):
        return True
    return AgendaItem.objects.filter(dossier=dossier, session__council__members__user=user).exists()


def sheet_choices(product, day: dt.date | None = None) -> list:
    """The sheets a dossier for this product filed on `day` may be rated on (Art. 12: the version in force
    that day): one, or several when the product's group covers several product sets."""
    return sheets_under(product.group, version_in_force(day or timezone.localdate()))


def renewal_open(recognition) -> Dossier | None:
    """The certificate lifecycle's renewal: a draft re-rating dossier for a recognition nearing the end of its
    36 months, started from the previous dossier (nothing if one is already in progress)."""
    product = recognition.product
    if Dossier.objects.filter(product=product).exclude(state__in=FINAL).exists():
        return None
    previous = Dossier.objects.filter(product=product, state=State.RECOGNISED).order_by("-created_at").first()
    sheet = previous.sheet if previous is not None and previous.sheet_id else None
    choices = sheet_choices(product)
    sheet = next((s for s in choices if sheet is not None and s.code == sheet.code), choices[0] if choices else None)
    return dossier_create(product=product, kind=Dossier.Kind.RENEWAL, stars_sought=recognition.stars, user=None,
                          system=True, sheet=sheet)


@transaction.atomic
def dossier_create(*, product, kind: str, stars_sought: int, user, system: bool = False, sheet=None) -> Dossier:
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
    choices = sheet_choices(product)
    if sheet is None and len(choices) == 1:
        sheet = choices[0]
    elif sheet is None and choices:
        raise DossierRefused(_("The product's group covers several product sets: choose the one it belongs to."))
    elif sheet is not None and choices and sheet.code not in {c.code for c in choices}:
        raise DossierRefused(_("This score sheet is not one of the product's product sets."))
    previous = Dossier.objects.filter(product=product, state=State.RECOGNISED).order_by("-created_at").first()
    answers = {}
    if previous is not None and previous.sheet_id and sheet is not None and previous.sheet.code == sheet.code:
        answers = dict(previous.answers)
    elif sheet is not None:
        assessed = Assessment.objects.filter(product=product, sheet__code=sheet.code).order_by("-updated_at").first()
        answers = dict(assessed.answers) if assessed else {}
    if sheet is not None:
        codes = {c.code: {o.code for o in c.options} for c in sheet.engine().criteria}
        answers = {k: v for k, v in answers.items() if v in codes.get(k, ())}
    dossier = Dossier.objects.create(producer=product.producer, product=product, kind=kind, stars_sought=stars_sought,
                                     previous=previous, previous_recognition=previous_recognition if kind != "first" else None,
                                     province=product.producer.province, created_by=user, sheet=sheet, answers=answers)
    today = timezone.localdate()
    carried = {i.kind: i.document for i in previous.items.select_related("document")} if previous else {}
    for item in required_items(dossier):
        document = carried.get(item["kind"])
        if document is None or document_status(document, item, today) != "present" or item.get("per_dossier"):
            document = None if item.get("per_dossier") else newest_valid(dossier, item, today)
        if document is not None:
            Item.objects.create(dossier=dossier, kind=item["kind"], document=document)
    Transition.objects.create(dossier=dossier, action="create", from_state="", to_state=State.DRAFT, actor=user,
                              role="system" if system else (",".join(sorted(roles_of(user, dossier))) or ""))
    return dossier


@transaction.atomic
def dossier_start(*, user, kind: str, stars_sought: int, product=None, new_product: dict | None = None,
                  sheet=None) -> Dossier:
    """A producer starting a dossier: for a product on the register, or for a new one registered now."""
    if product is None:
        if not new_product:
            raise DossierRefused(_("Choose a product or register a new one."))
        try:
            product = product_register(producer=new_product["producer"], name=new_product.get("name", ""),
                                       group=new_product["group"], description=new_product.get("description", ""),
                                       user=user)
        except ProductRefused as exc:
            raise DossierRefused(str(exc), exc.status) from None
        if sheet is None and new_product.get("group") is not None:
            sheet = next(iter(new_product["group"].sheets.order_by("-version")), None)
    return dossier_create(product=product, kind=kind, stars_sought=stars_sought, user=user, sheet=sheet)


def _may_edit(user, dossier: Dossier) -> None:
    if not roles_of(user, dossier) & {Role.PRODUCER, Role.PROVINCE, Role.CENTRAL}:
        raise DossierRefused(_("You may not change this dossier."), 403)
    if dossier.state not in EDITABLE:
        raise DossierRefused(_("The dossier can be changed only while it is a draft or returned for completion."), 409)


@transaction.atomic
def dossier_attach(*, dossier: Dossier, kind: str, document: Document, user) -> Item:
    _may_edit(user, dossier)
    if document.producer_id != dossier.producer_id:
        raise DossierRefused(_("The document belongs to another producer."))
    if kind not in {i["kind"] for i in required_items(dossier)} and kind not in document_kinds():
        raise DossierRefused(_("Unknown kind of document."))
    item, _created = Item.objects.update_or_create(dossier=dossier, kind=kind, defaults={"document": document})
    return item


# -- the self-assessment (Form 02) and the forms' own fields -----------------------------------

def self_assessment(dossier: Dossier, answers: dict | None = None) -> engine.Result | None:
    if dossier.sheet is None:
        return None
    flags = {"woman_led": bool(dossier.producer.woman_led), "ethnic_minority": bool(dossier.producer.ethnic_minority)}
    return engine.score(dossier.sheet.engine(), dossier.answers if answers is None else answers, flags=flags,
                        partial=True, with_next=False)


@transaction.atomic
def self_assessment_save(*, dossier: Dossier, answers: dict, evidence: dict, user) -> engine.Result:
    """The producer's answers on the dossier's sheet, and the vault documents offered for each criterion."""
    dossier = Dossier.objects.select_for_update(of=("self",)).select_related("sheet", "producer").get(pk=dossier.pk)
    _may_edit(user, dossier)
    if dossier.sheet is None:
        raise DossierRefused(_("Choose the product set first."))
    try:
        result = self_assessment(dossier, answers)
    except engine.AnswerError as exc:
        raise DossierRefused(describe(exc)) from None
    codes = {c.code for c in dossier.sheet.engine().criteria}
    documents = {d.pk: d for d in Document.objects.filter(producer=dossier.producer)}
    rows = []
    for criterion, ids in evidence.items():
        if criterion not in codes:
            raise DossierRefused(_("unknown criterion %(c)s") % {"c": criterion})
        for pk in ids:
            if pk not in documents:
                raise DossierRefused(_("The document belongs to another producer."))
            rows.append(Evidence(dossier=dossier, criterion=criterion, document=documents[pk]))
    dossier.answers = dict(answers)
    dossier.save(update_fields=["answers"])
    Evidence.objects.filter(dossier=dossier).delete()
    Evidence.objects.bulk_create(rows)
    return result


FORM_FIELDS = {
    "form01": ("position", "samples"),
    "form02": ("gender", "ethnicity", "residence", "founded", "registration_number", "specification", "history",
               "organisation", "results", "plan", "checks"),
    "form03": tuple(LOCAL_CRITERIA),
}


@transaction.atomic
def form_save(*, dossier: Dossier, form: str, data: dict, user) -> Dossier:
    """The fields of Forms 01 and 02 the producer writes (while the dossier is hers to change), or the
    commune's assessment of the four local contents (Form 03, while the dossier waits for the commune)."""
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if form not in FORM_FIELDS:
        raise DossierRefused(_("Unknown form."))
    if form == "form03":
        if not roles_of(user, dossier) & {Role.COMMUNE, Role.PROVINCE, Role.CENTRAL}:
            raise DossierRefused(_("Form 03 is the commune's report."), 403)
        if dossier.state != State.SUBMITTED:
            raise DossierRefused(_("Form 03 is written while the dossier waits for the commune."), 409)
    else:
        _may_edit(user, dossier)
    kept = {key: value for key, value in data.items() if key in FORM_FIELDS[form]}
    dossier.forms = {**dossier.forms, form: {**dossier.forms.get(form, {}), **kept}}
    dossier.save(update_fields=["forms"])
    return dossier


# -- the advisory group ------------------------------------------------------------------------

@transaction.atomic
def review_record(*, dossier: Dossier, kind: str, on: dt.date, findings: str, recommendation: str, user,
                  place: str = "", participants: str = "") -> Review:
    """The advisory group's review or site-visit record, kept in the dossier. A review recommending the
    council moves the dossier on; one asking for completion leaves the office to return it."""
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    roles = roles_of(user, dossier)
    if not roles & {Role.ADVISOR, Role.PROVINCE, Role.CENTRAL}:
        raise DossierRefused(_("Only the advisory group or the office records reviews."), 403)
    if dossier.state not in (State.ACCEPTED, State.REVIEWED, State.CENTRAL_REVIEW):
        raise DossierRefused(_("The advisory group reviews a dossier once it is complete and before the council scores it."), 409)
    if kind not in Review.Kind.values or recommendation not in Review.Recommendation.values:
        raise DossierRefused(_("Unknown kind of review or recommendation."))
    if on > timezone.localdate():
        raise DossierRefused(_("A review cannot be dated in the future."))
    if not (findings or "").strip():
        raise DossierRefused(_("Write the findings."))
    review = Review.objects.create(dossier=dossier, kind=kind, on=on, findings=findings.strip(), recommendation=recommendation,
                                   place=place[:200], participants=participants[:500], author=user)
    if kind == Review.Kind.REVIEW and recommendation == Review.Recommendation.PROCEED and dossier.state == State.ACCEPTED:
        dossier_move(dossier=dossier, action="advisory_review", user=user)
    elif recommendation == Review.Recommendation.COMPLETE:
        _tell(workflow.Role.PROVINCE, dossier, _("The advisory group asks for %(product)s to be completed") % {
            "product": dossier.product.name}, findings)
    return review


# -- moves -----------------------------------------------------------------------------------

def _role_for(name: str, roles: set[str], state: str) -> str:
    """The role in which a person made a move (the first of theirs the move allows)."""
    allowed = workflow.allowed_roles(name, state)
    return next((role for role in Role if role in roles and role in allowed), "")


def _date(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise DossierRefused(_("Enter a date as dd/mm/yyyy.")) from None
    return None


@transaction.atomic
def dossier_move(*, dossier: Dossier, action: str, user=None, reason: str = "", system: bool = False, **data) -> Dossier:
    dossier = Dossier.objects.select_for_update(of=("self",)).select_related("producer", "product__group", "sheet").get(pk=dossier.pk)
    roles = {Role.SYSTEM} if system else roles_of(user, dossier)
    refused = workflow.refusal(action, dossier.state, roles)
    if refused is not None:
        raise DossierRefused(refused.message, refused.status)
    reason = (reason or "").strip()
    if MOVES[action].needs_reason and not reason:
        raise DossierRefused(_("A reason is required."))
    today = timezone.localdate()
    to_state = workflow.target_of(action, dossier.returned_from)
    if action in ("submit", "resubmit"):
        _check_complete(dossier)
    if action == "commune_confirm":
        _commune_confirm(dossier, data.get("local_criteria") or {}, user, today)
    if action in ("return", "commune_return"):
        dossier.returned_from = dossier.state
    if action == "accept":
        _accept(dossier, today)
    if action == "advisory_review" and not dossier.reviews.filter(
            kind=Review.Kind.REVIEW, recommendation=Review.Recommendation.PROCEED, created_at__gte=_since(dossier, "accept")).exists():
        raise DossierRefused(_("Record the advisory group's review first (recommending the council)."), 409)
    if action == "forward_central":
        _forward_central(dossier, data, today)
    if action in ("recognise", "not_recognise"):
        if action == "recognise":
            _recognise(dossier, data, user, today)
    from_state = dossier.state
    dossier.state = to_state
    dossier.state_since = timezone.now()
    dossier.due_on = _due_on(dossier, to_state, today)
    dossier.save()
    Transition.objects.create(dossier=dossier, action=action, from_state=from_state, to_state=to_state, actor=user,
                              role=_role_for(action, roles, from_state), reason=reason)
    _tell_certificate(dossier, action, user, today)
    _notify(dossier, reason)
    return dossier


def _tell_certificate(dossier: Dossier, action: str, user, today: dt.date) -> None:
    """A renewal (re-evaluation) dossier filed marks the certificate it renews (Art. 12.3: filed late, the
    certificate stays valid until the result); ended without a new recognition, the extension ends that day."""
    if dossier.kind != Dossier.Kind.RENEWAL or dossier.previous_recognition_id is None:
        return
    certificate = getattr(dossier.previous_recognition, "certificate", None)
    if certificate is None:
        return
    if action == "submit" and certificate.reevaluation_filed_on is None:
        try:
            certificate_reevaluation_filed(certificate=certificate, on=today, user=user)
        except ReevaluationRefused:
            pass  # replaced, revoked, or filed too late to keep it valid: the dossier goes on regardless
    elif action in ("not_recognise", "reject", "withdraw") and certificate.reevaluation_filed_on is not None:
        certificate_reevaluation_decided(certificate=certificate, on=today)


def _since(dossier: Dossier, action: str):
    last = dossier.transitions.filter(action=action).order_by("-at").values_list("at", flat=True).first()
    return last or dossier.created_at


def _check_complete(dossier: Dossier) -> None:
    problems = [row for row in checklist(dossier) if row["status"] != "present"]
    if problems:
        words = {"expired": _("expired"), "undated": _("no issue date"), "missing": _("missing")}
        raise DossierRefused(_("Missing or expired: %(items)s.") % {"items": "; ".join(
            f"{row['label']} ({words[row['status']]})" for row in problems)})
    if dossier.sheet is None:
        raise DossierRefused(_("Choose the product set first."))
    try:
        engine.check_answers(dossier.sheet.engine(), dossier.answers)
    except engine.AnswerError as exc:
        raise DossierRefused(_("The self-assessment (Form 02) is not complete: %(problem)s.") % {"problem": describe(exc)}) from None


def _commune_confirm(dossier: Dossier, given: dict, user, today: dt.date) -> None:
    """The commune's report (Form 03): an assessment written for each of the four local contents."""
    texts = dict(dossier.forms.get("form03", {}))
    for code in LOCAL_CRITERIA:
        value = given.get(code)
        if isinstance(value, str) and value.strip():
            texts[code] = value.strip()[:4000]
    missing = [label for code, label in LOCAL_CRITERIA.items()
               if not (given.get(code) is True or isinstance(given.get(code), str)) or not texts.get(code)]
    if missing:
        raise DossierRefused(_("Write the commune's assessment of each local content (Form 03) and confirm it: %(items)s.")
                             % {"items": "; ".join(missing)})
    dossier.forms = {**dossier.forms, "form03": texts}
    dossier.local_criteria = {code: True for code in LOCAL_CRITERIA} | {"by": str(user), "on": today.isoformat()}
    try:
        product_code_give(product=dossier.product, year=today.year)
    except ProductRefused as exc:
        raise DossierRefused(str(exc), exc.status) from None
    dossier.product.refresh_from_db(fields=["product_code"])
    if dossier.round_id is None:
        dossier.round = round_for(level="province", province_id=dossier.province_id, day=today)


def _accept(dossier: Dossier, today: dt.date) -> None:
    if dossier.round_id is None:
        dossier.round = round_for(level="province", province_id=dossier.province_id, day=today) or \
            dossier.province.rounds.filter(level="province", closed=False, finish_by__gte=today).order_by("finish_by").first()
    if dossier.round is None:
        raise DossierRefused(_("No evaluation round of the province is open: open one on the rounds page first."), 409)
    dossier.complete_on = today


def _forward_central(dossier: Dossier, data: dict, today: dt.date) -> None:
    if dossier.result_score is None or dossier.result_score < workflow.CENTRAL_THRESHOLD:
        raise DossierRefused(_("Only a council result of %(n)s points or more may be proposed to the central council.")
                             % {"n": workflow.CENTRAL_THRESHOLD}, 409)
    number = (data.get("approval_number") or "").strip()
    day = _date(data.get("approval_date"))
    approved_by = (data.get("approved_by") or "").strip()
    if not number or day is None or not approved_by:
        raise DossierRefused(_("Record the provincial chair's approval of the result: its number, date and signatory."))
    if day > today:
        raise DossierRefused(_("An approval cannot be dated in the future."))
    if dossier.result_on and day < dossier.result_on:
        raise DossierRefused(_("The approval cannot be dated before the council's result (%(d)s).") % {
            "d": dossier.result_on.strftime("%d/%m/%Y")})
    dossier.central_proposal = {"approval_number": number[:60], "approval_date": day.isoformat(),
                                "approved_by": approved_by[:200], "proposed_on": today.isoformat()}
    dossier.central_round = round_for(level="central", province_id=None, day=today)


def _recognise(dossier: Dossier, data: dict, user, today: dt.date) -> None:
    state = dossier.state
    if state == State.CENTRAL_EVALUATED:
        allowed, basis, result_on, level = (5,), dossier.central_stars, dossier.central_result_on, Decision.Level.CENTRAL
    elif state == State.CENTRAL_RETURNED:
        allowed, basis, result_on, level = (3, 4), dossier.central_stars, dossier.central_result_on, Decision.Level.PROVINCE
    else:
        allowed, basis, result_on, level = (3, 4), dossier.result_stars, dossier.result_on, Decision.Level.PROVINCE
    try:
        stars = int(data.get("stars") or min(basis or 0, max(allowed)))
    except (TypeError, ValueError):
        stars = 0
    if basis is None or stars not in allowed or stars > basis:
        if state == State.CENTRAL_EVALUATED:
            raise DossierRefused(_("The ministry decides five stars on a central result of 90 or more."))
        raise DossierRefused(_("The council's result allows at most %(s)s stars; 3 at least are needed, and five stars are "
                               "decided by the ministry.") % {"s": basis})
    decision = decision_for(level=level, province=dossier.province, number=data.get("decision_number"),
                            day=_date(data.get("decision_date")), file=data.get("decision_file"), user=user,
                            not_before=result_on)
    if Recognition.objects.filter(product=dossier.product, decision_number__iexact=decision.number).exists():
        raise DossierRefused(_("Decision %(n)s already recognises this product.") % {"n": decision.number}, 409)
    score = dossier.central_score if state in (State.CENTRAL_EVALUATED, State.CENTRAL_RETURNED) else dossier.result_score
    group = dossier.sheet.groups.order_by("depth").first() if dossier.sheet else dossier.product.group
    dossier.decision = decision
    dossier.recognition = recognition_record(
        product=dossier.product, stars=stars, criteria_version=dossier.sheet.criteria_version if dossier.sheet else group.version,
        group=dossier.product.group if dossier.product.group.version_id == group.version_id else group,
        decision_number=decision.number, decision_date=decision.date, province=dossier.province, score=score,
        level="central" if stars == 5 else "province")


# -- deadlines and notices -----------------------------------------------------------------------

def _due_on(dossier: Dossier, state: State, today: dt.date) -> dt.date | None:
    """The state's working days in the office's calendar (the central office's for the central states),
    never after the round's end nor after a re-evaluation's 45 days."""
    days = workflow.DEADLINES.get(state)
    if not days:
        return None
    central = state in (State.CENTRAL_REVIEW, State.CENTRAL_EVALUATED)
    due = working_deadline(None if central else dossier.province_id, today, days)
    limits = []
    if not central and dossier.round_id and state not in (State.DRAFT, State.RETURNED, State.SUBMITTED):
        limits.append(dossier.round.finish_by)
    if central and dossier.central_round_id:
        limits.append(dossier.central_round.finish_by)
    if dossier.reevaluation_due and state not in (State.RETURNED,):
        limits.append(dossier.reevaluation_due)
    limits = [d for d in limits if d >= today]
    return min([due, *limits])


def people_for(role: str, dossier: Dossier):
    """The accounts behind a role on this dossier (for notices and to-dos)."""
    if role == Role.PRODUCER:
        return User.objects.filter(producer=dossier.producer_id, is_active=True)
    if role == Role.COMMUNE:
        if not dossier.producer.commune_id:
            return User.objects.none()
        return User.objects.filter(role=AccountRole.COMMUNE, communes=dossier.producer.commune_id, is_active=True)
    if role == Role.PROVINCE:
        return User.objects.filter(role=AccountRole.PROVINCE, province_id=dossier.province_id, is_active=True)
    if role == Role.CENTRAL:
        return User.objects.filter(Q(role=AccountRole.CENTRAL) | Q(is_superuser=True), is_active=True)
    if role == Role.ADVISOR:
        return User.objects.filter(pk__in=_advisors(dossier).values("user"), is_active=True)
    return User.objects.none()


def _tell(role: str, dossier: Dossier, title: str, body: str = "") -> None:
    notify(users=list(people_for(role, dossier)), title=title, body=body, url=f"/dossiers/{dossier.pk}/", kind="dossier")


def _notify(dossier: Dossier, reason: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        label = workflow.state_label(dossier.state)
        due = _("due %(d)s") % {"d": dossier.due_on.strftime("%d/%m/%Y")} if dossier.due_on else ""
        body = "\n".join(x for x in (label, due, f"{_('Reason')}: {reason}" if reason else "") if x)
        notify_producer(dossier.producer, kind="dossier", url=f"/dossiers/{dossier.pk}/",
                        title=_("Your OCOP dossier for %(product)s: %(state)s") % {
                            "product": dossier.product.name, "state": label},
                        body=body)
        role = workflow.WAITS_FOR.get(dossier.state)
        if role and role != Role.PRODUCER:
            _tell(role, dossier, _("Waiting for you: %(product)s (%(producer)s) — %(state)s") % {
                "product": dossier.product.name, "producer": dossier.producer.name, "state": label}, body)


def overdue(user, today: dt.date | None = None):
    """Overdue dossiers an office looks after (none for producers and communes: they see their own list)."""
    if not is_office(user):
        return Dossier.objects.none()
    today = today or timezone.localdate()
    return (Dossier.objects.visible_to(user).filter(due_on__lt=today).exclude(state__in=FINAL)
            .select_related("product", "producer").order_by("due_on"))
