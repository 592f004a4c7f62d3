"""Decisions: recorded once per number and issuer (a decision may recognise several products), their signed copy
(a PDF checked by content), and corrections with a reason, the recognitions they made corrected through the
recognition write path; the history keeps every version."""

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.access import is_central, may_act_for_province
from ocop.recognitions.services import recognition_correct

from ..models import Decision
from ..uploads import UploadRefused, check
from .errors import DossierRefused


def _pdf(upload) -> bytes:
    try:
        data, _content_type, extension = check(upload)
    except UploadRefused as exc:
        raise DossierRefused(str(exc)) from None
    if extension != ".pdf":
        raise DossierRefused(_("The signed decision must be a PDF."))
    return data


@transaction.atomic
def decision_for(*, level: str, province, number, day: dt.date | None, user, file=None,
                 not_before: dt.date | None = None) -> Decision:
    """The decision with this number of this issuer, recorded now or earlier (a decision may recognise
    several products; its number is unique per issuer)."""
    number = (number or "").strip()
    if not number or day is None:
        raise DossierRefused(_("The decision number and date are required."))
    if len(number) > 60:
        raise DossierRefused(_("The decision number is too long (60 characters at most)."))
    if day > timezone.localdate():
        raise DossierRefused(_("A decision cannot be dated in the future."))
    if not_before and day < not_before:
        raise DossierRefused(_("The decision cannot be dated before the council's result (%(d)s).") % {
            "d": not_before.strftime("%d/%m/%Y")})
    issuer = "central" if level == Decision.Level.CENTRAL else f"province:{province.pk}"
    decision = Decision.objects.select_for_update().filter(issuer=issuer, number__iexact=number).first()
    if decision is not None and decision.date != day:
        raise DossierRefused(_("Decision %(number)s of this issuer is already recorded, dated %(date)s: a number is used "
                               "once.") % {"number": decision.number, "date": decision.date.strftime("%d/%m/%Y")}, 409)
    if decision is None:
        decision = Decision(level=level, province=province if level == Decision.Level.PROVINCE else None, number=number,
                            date=day, created_by=user)
        if file is not None:
            decision.file.save("x.pdf", ContentFile(_pdf(file)), save=False)
        decision.save()
    elif file is not None and not decision.file:
        decision.file.save("x.pdf", ContentFile(_pdf(file)), save=True)
    return decision


def _may_decide(user, decision: Decision) -> bool:
    if decision.level == Decision.Level.CENTRAL:
        return is_central(user)
    return may_act_for_province(user, decision.province_id)


@transaction.atomic
def decision_correct(*, decision: Decision, reason: str, user, date: dt.date | None = None, file=None) -> Decision:
    """Correct a recorded decision (its date, its signed copy) with a reason; the history keeps every version,
    and the recognitions it made are corrected through the recognition write path."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if not _may_decide(user, decision):
        raise DossierRefused(_("You may not change this decision."), 403)
    reason = (reason or "").strip()
    if not reason:
        raise DossierRefused(_("A reason is required."))
    if date is None and file is None:
        raise DossierRefused(_("Nothing to correct: give the right date or the signed copy."))
    dossiers = list(decision.dossiers.select_related("recognition"))
    if date is not None and date != decision.date:
        if date > timezone.localdate():
            raise DossierRefused(_("A decision cannot be dated in the future."))
        results = [d.central_result_on or d.result_on for d in dossiers if d.central_result_on or d.result_on]
        if results and date < max(results):
            raise DossierRefused(_("The decision cannot be dated before the council's result (%(d)s).") % {
                "d": max(results).strftime("%d/%m/%Y")})
        decision.date = date
        for dossier in dossiers:
            recognition = dossier.recognition
            if recognition is not None:
                recognition.decision_date, recognition.valid_until = date, None
                recognition_correct(recognition, ["decision_date", "valid_until"])
    if file is not None:
        decision.file.save("x.pdf", ContentFile(_pdf(file)), save=False)
    decision._change_reason = reason[:100]
    decision.save()
    return decision


def decision_history(decision: Decision) -> list[dict]:
    rows = []
    for record in decision.history.select_related("history_user").order_by("history_date"):
        rows.append({"at": record.history_date, "by": record.history_user, "number": record.number, "date": record.date,
                     "file": bool(record.file), "reason": record.history_change_reason or "",
                     "kind": record.get_history_type_display()})
    return rows
