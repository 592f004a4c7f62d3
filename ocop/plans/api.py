from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from ocop.accounts.access import is_office
from ocop.accounts.api_auth import TokenAuth
from ocop.core.api_utils import Code, Input

from .indicators import INDICATORS
from .models import Plan
from .services import PlanRefused, _check_year, plan_create, plan_set_targets, progress, resolve_province

router = Router(tags=["plans"])


class IndicatorOut(Schema):
    code: str
    name: str
    counted: str


class TargetsIn(Input):
    targets: dict


@router.get("/plan-indicators", response=list[IndicatorOut], summary="Plan indicators and how each is counted")
def plan_indicators(request: HttpRequest):
    return [{"code": i.code, "name": str(i.name), "counted": str(i.counted)} for i in INDICATORS]


@router.put("/plans/{province_code}/{year}", response={200: dict, 400: dict, 401: dict, 403: dict, 404: dict},
            summary="Set a plan's targets (creates the plan)", auth=TokenAuth())
def put_plan(request: HttpRequest, province_code: Code, year: Code, payload: TargetsIn):
    """`province_code` is the official code, or VN for the national plan. Targets are whole numbers
    of 0 or more, or ranges written "28-30", keyed by indicator code (see /plan-indicators); other indicators
    keep their targets."""
    try:
        province = resolve_province(province_code)
        year_value = _check_year(year)
        plan = Plan.objects.filter(province=province, year=year_value).first()
        if plan is None:
            plan = plan_create(province=province, year=year_value, user=request.auth)
        plan_set_targets(plan=plan, targets=payload.targets, user=request.auth)
    except PlanRefused as exc:
        return Status(exc.status, {"detail": str(exc), "problems": exc.problems})
    return Status(200, {"province": plan.scope_code, "year": plan.year,
                        "targets": {t.indicator: t.text if t.upper is not None else int(t.value) for t in plan.targets.all()}})


@router.get("/plans/{province_code}/{year}/progress", response={200: list[dict], 400: dict, 401: dict, 403: dict, 404: dict},
            summary="Target, actual (counted from the records) and percentage per indicator")
def plan_progress(request: HttpRequest, province_code: Code, year: Code):
    """For the offices, as the plan pages: 401 without a login or token, 403 for a role that is not an office,
    404 for a plan the caller may not see (another province's) or that does not exist."""
    user = request.auth
    if not getattr(user, "is_authenticated", False):
        return Status(401, {"detail": _("Log in or send an API token.")})
    if not is_office(user):
        return Status(403, {"detail": _("Only the OCOP offices see plans.")})
    try:
        province = resolve_province(province_code)
        year_value = _check_year(year)
    except PlanRefused as exc:
        return Status(exc.status, {"detail": str(exc)})
    plan = Plan.objects.visible_to(user).filter(province=province, year=year_value).first()
    if plan is None:
        return Status(404, {"detail": _("There is no plan for this province and year.")})
    return Status(200, [row.as_dict() for row in progress(plan)])
