from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from ocop.accounts.access import may_see
from ocop.core.api_utils import Code, Input
from ocop.producers.models import Product

from .answers import AnswersInvalid, describe, normalize_answers, parse_answers_json
from .engine import AnswerError
from .models import Sheet
from .services import assessment_score, producer_flags, sheet_as_json

router = Router(tags=["criteria"])


class AssessmentScoreIn(Input):
    sheet: str = Field(..., description="Sheet code (newest version) or CODE@VERSION, e.g. 148-TP")
    answers: dict[str, str] | list[dict[str, str]] = Field(..., description='{"criterion code": "option code"}')
    product: int | None = Field(None, description="A product you may see: its producer's record gives the bonus flags")
    woman_led: bool = False
    ethnic_minority: bool = False
    partial: bool = Field(False, description="Allow unanswered criteria (they count as the lowest option and are listed)")
    knockouts: list[str] = Field([], description="Codes of the sheet's disqualifying conditions that apply (e.g. K1)")


class SheetSummary(Schema):
    code: str
    version: int
    reference: str
    name: str
    set: str
    verified: bool
    groups: list[str]


@router.get("/criteria/sheets", response=list[SheetSummary], summary="Score sheets (newest versions)")
def sheets(request: HttpRequest):
    return [
        {"code": s.code, "version": s.version, "reference": s.reference, "name": s.display_name,
         "set": s.criteria_version.code, "verified": s.verified, "groups": s.data.get("groups", [])}
        for s in Sheet.objects.latest_versions().select_related("criteria_version").order_by("criteria_version__in_force_from", "code")
    ]


@router.get("/criteria/sheets/{reference}", response={200: dict, 404: dict}, summary="One sheet: parts, criteria, options, gates")
def sheet_detail(request: HttpRequest, reference: Code):
    try:
        return Status(200, sheet_as_json(Sheet.objects.resolve(reference)))
    except Sheet.DoesNotExist:
        return Status(404, {"detail": _("Unknown sheet %(code)s.") % {"code": reference[:60]}})


@router.post("/assessments/score", response={200: dict, 400: dict}, summary="Score answers on a sheet")
def score(request: HttpRequest, payload: AssessmentScoreIn):
    """Total (two decimals), part totals, stars after the star minima (gates), the gates that held
    the product back, the disqualifying conditions that apply (then `stars` is null), and the way
    to the next star: `next_star` is the path of least total effort ({"stars", "changes":
    [{"criterion", "option", "points", "effort", …}], "effort"}), `alternatives` the path of fewest
    changes when it differs. Below 3 stars the way aims at 3 stars, the first recognised level.
    Two answers for one criterion in the JSON body are refused."""
    try:
        found = Sheet.objects.resolve(payload.sheet)
    except Sheet.DoesNotExist:
        return Status(400, {"detail": _("Unknown sheet %(code)s.") % {"code": payload.sheet[:60]}, "item": payload.sheet[:60]})
    try:
        if request.body and request.content_type == "application/json":
            raw = parse_answers_json(request.body.decode("utf-8"))  # catches duplicate keys in the body
        else:
            raw = normalize_answers(payload.answers)
    except (AnswersInvalid, UnicodeDecodeError) as exc:
        return Status(400, {"detail": describe(exc) if isinstance(exc, AnswersInvalid) else _("The body is not UTF-8 text."),
                            "item": getattr(exc, "item", "")})
    flags = {"woman_led": payload.woman_led, "ethnic_minority": payload.ethnic_minority}
    if payload.product is not None:
        product = Product.objects.select_related("producer").filter(pk=payload.product).first()
        if product is None or not (product.recognitions.exists() or may_see(request.auth, product)):
            return Status(400, {"detail": _("No such product."), "item": str(payload.product)})
        flags = producer_flags(product.producer)
    try:
        result = assessment_score(sheet=found, answers=raw, flags=flags, partial=payload.partial,
                                  knockouts=payload.knockouts)
    except AnswerError as exc:
        return Status(400, {"detail": describe(exc), "item": exc.item})
    out = result.as_dict()
    out["sheet"] = found.reference
    return Status(200, out)
