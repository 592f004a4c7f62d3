"""Plan writes and reads: create a plan (one per province and year), set targets, budget lines,
disbursements (never beyond the allocation without an explicit override and reason), support
records; progress and budget summaries computed from the records."""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.access import may_act_for_province
from ocop.core.dates import first_year
from ocop.core.money import vnd
from ocop.places.models import Province
from ocop.recognitions.models import Recognition

from .indicators import INDICATORS, compute, percent
from .models import Activity, BudgetLine, Disbursement, Plan, Support, Target
from .targets import Judgement, TargetValue, value_of
from .targets import parse_targets as read_targets


class PlanRefused(Exception):
    def __init__(self, message: str, status: int = 400, problems: list | None = None):
        super().__init__(message)
        self.status, self.problems = status, problems or []


def may_manage(user, province_code: str | None) -> bool:
    """A province's office manages its plans; the central office manages all and the national plan."""
    return may_act_for_province(user, province_code)


def resolve_province(code: str) -> Province | None:
    """"VN" / "00" / "national" → None (the national plan); otherwise the province, or PlanRefused."""
    text = str(code or "").strip()
    if text.upper() in {"VN", "00", "NATIONAL"}:
        return None
    if not text.isdigit() or len(text) > 2:
        raise PlanRefused(_("Unknown province code %(code)s.") % {"code": text[:10]}, 404)
    province = Province.objects.filter(code=text.zfill(2)).first()
    if province is None:
        raise PlanRefused(_("Unknown province code %(code)s.") % {"code": text[:10]}, 404)
    return province


def _check_year(year) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise PlanRefused(_("The year must be a number.")) from None
    if not first_year() <= year <= timezone.localdate().year + 5:
        raise PlanRefused(_("The year %(y)s is out of range.") % {"y": year})
    return year


@transaction.atomic
def plan_create(*, province: Province | None, year, user, notes: str = "") -> Plan:
    year = _check_year(year)
    if not may_manage(user, province.code if province else None):
        raise PlanRefused(_("You may not manage this plan."), 403)
    if Plan.objects.filter(province=province, year=year).exists():
        raise PlanRefused(_("A plan for %(where)s in %(y)s already exists.") % {
            "where": province.short_name if province else _("the whole country"), "y": year}, 409)
    try:
        with transaction.atomic():
            return Plan.objects.create(province=province, year=year, notes=notes, created_by=user)
    except IntegrityError:
        raise PlanRefused(_("A plan for this province and year already exists."), 409) from None


def parse_targets(raw) -> dict[str, TargetValue]:
    targets, problems = read_targets(raw)
    if problems:
        raise PlanRefused("; ".join(problems), problems=problems)
    return targets


@transaction.atomic
def plan_set_targets(*, plan: Plan, targets: dict, user, replace: bool = False) -> Plan:
    if not may_manage(user, plan.province_id):
        raise PlanRefused(_("You may not manage this plan."), 403)
    parsed = parse_targets(targets)
    if replace:
        plan.targets.exclude(indicator__in=parsed).delete()
    for code, value in parsed.items():
        Target.objects.update_or_create(plan=plan, indicator=code, defaults={"value": value.low, "upper": value.high})
    return plan


@dataclass
class ProgressRow:
    code: str
    name: str
    counted: str
    goal: TargetValue | None
    actual: int
    by_commune: dict

    @property
    def target(self) -> int | None:
        """The target, or the lower end of a range."""
        return self.goal.low if self.goal else None

    @property
    def target_text(self) -> str:
        return self.goal.text if self.goal else ""

    @property
    def percent(self) -> int | None:
        return self.goal.percent(self.actual) if self.goal else None

    @property
    def judgement(self) -> Judgement | None:
        return self.goal.judge(self.actual) if self.goal else None

    def as_dict(self) -> dict:
        return {"code": self.code, "name": self.name, "target": self.target, "actual": self.actual,
                "percent": self.percent, "counted": self.counted,
                "target_upper": self.goal.high if self.goal else None, "target_text": self.target_text,
                "judgement": self.judgement.value if self.judgement else None}


def progress(plan: Plan, *, as_of: dt.date | None = None, actuals: dict | None = None) -> list[ProgressRow]:
    actuals = actuals or compute(province=plan.province_id, year=plan.year, as_of=as_of)
    targets = {t.indicator: value_of(t) for t in plan.targets.all()}
    return [ProgressRow(i.code, str(i.name), str(i.counted), targets.get(i.code), actuals[i.code].value,
                        actuals[i.code].by_commune) for i in INDICATORS]


# -- budget ----------------------------------------------------------------------------------

def _amount(value, what: str, field: str = "amount") -> int:
    """"1.250.000", "1 250 000 đ", 1250000 → 1250000; PlanRefused naming the field otherwise."""
    text = str(value).strip().replace(".", "").replace(" ", "").replace("\u00a0", "").replace("đ", "").replace(",", "")
    message = None
    if isinstance(value, bool) or not text.lstrip("-").isdigit():
        message = _("%(what)s must be a whole number of đồng.") % {"what": what}
    elif int(text) < 0:
        message = _("%(what)s cannot be negative.") % {"what": what}
    elif int(text) > 10**15:
        message = _("%(what)s is too large.") % {"what": what}
    if message:
        raise PlanRefused(message, problems=[(field, message)])
    return int(text)


@transaction.atomic
def budget_line_add(*, plan: Plan, activity: str, allocation, user, note: str = "") -> BudgetLine:
    if not may_manage(user, plan.province_id):
        raise PlanRefused(_("You may not manage this plan."), 403)
    if activity not in Activity.values:
        raise PlanRefused(_("Unknown activity."))
    return BudgetLine.objects.create(plan=plan, activity=activity, allocation=_amount(allocation, _("The allocation"), "allocation"),
                                     note=note[:300])


def _disbursement_checks(*, line: BudgetLine, date, amount, override: bool, override_reason: str,
                         replacing: Disbursement | None = None) -> tuple[dt.date, int]:
    """The amount (whole đồng, > 0), the date (in the plan's year), and the allocation: beyond it only with the
    override ticked and a reason. `replacing`: the disbursement being corrected (its old amount does not count)."""
    amount = _amount(amount, _("The amount"))
    if amount == 0:
        raise PlanRefused(_("The amount must be more than 0."), problems=[("amount", _("The amount must be more than 0."))])
    if isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date)
        except ValueError:
            raise PlanRefused(_("The date is not valid."), problems=[("date", _("The date is not valid."))]) from None
    if date.year != line.plan.year:
        message = _("The date must fall in the plan's year %(y)s.") % {"y": line.plan.year}
        raise PlanRefused(message, problems=[("date", message)])
    BudgetLine.objects.select_for_update().filter(pk=line.pk).first()
    others = line.disbursements.exclude(pk=replacing.pk) if replacing else line.disbursements.all()
    disbursed = others.aggregate(s=Sum("amount"))["s"] or 0
    if disbursed + amount > line.allocation and not (override and override_reason.strip()):
        message = _("This would bring the line to %(total)s of an allocation of %(allocation)s: tick the override and "
                    "give the reason to record it anyway.") % {"total": vnd(disbursed + amount),
                                                               "allocation": vnd(line.allocation)}
        raise PlanRefused(message, problems=[("override_reason", message)])
    return date, amount


@transaction.atomic
def disbursement_add(*, line: BudgetLine, date, amount, user, document: str = "", note: str = "",
                     override: bool = False, override_reason: str = "") -> Disbursement:
    if not may_manage(user, line.plan.province_id):
        raise PlanRefused(_("You may not manage this plan."), 403)
    date, amount = _disbursement_checks(line=line, date=date, amount=amount, override=override,
                                        override_reason=override_reason)
    return Disbursement.objects.create(line=line, date=date, amount=amount, document=document[:200], note=note[:300],
                                       override_reason=override_reason.strip()[:300] if override else "", created_by=user)


@transaction.atomic
def disbursement_update(*, disbursement: Disbursement, user, date, amount, document: str = "", note: str = "",
                        override: bool = False, override_reason: str = "", line: BudgetLine | None = None) -> Disbursement:
    """Correct a disbursement (the earlier version stays in its history, with who changed it)."""
    line = line or disbursement.line
    if line.plan_id != disbursement.line.plan_id or not may_manage(user, line.plan.province_id):
        raise PlanRefused(_("You may not manage this plan."), 403)
    date, amount = _disbursement_checks(line=line, date=date, amount=amount, override=override,
                                        override_reason=override_reason, replacing=disbursement)
    disbursement.line, disbursement.date, disbursement.amount = line, date, amount
    disbursement.document, disbursement.note = document[:200], note[:300]
    disbursement.override_reason = override_reason.strip()[:300] if override else ""
    disbursement._change_reason = _("corrected")
    disbursement.save()
    return disbursement


@transaction.atomic
def disbursement_delete(*, disbursement: Disbursement, user, reason: str = "") -> None:
    """Delete a disbursement entered by mistake; its history keeps what it was and who deleted it."""
    if not may_manage(user, disbursement.line.plan.province_id):
        raise PlanRefused(_("You may not manage this plan."), 403)
    disbursement._change_reason = (reason.strip() or _("deleted"))[:100]
    disbursement.delete()


@dataclass
class BudgetRow:
    line: BudgetLine
    allocation: int
    disbursed: int
    remaining: int
    warnings: list

    @property
    def percent(self) -> int | None:
        """The real share disbursed (an overspent line shows more than 100)."""
        return percent(self.disbursed, self.allocation)

    @property
    def overspent(self) -> bool:
        return self.disbursed > self.allocation

    @property
    def bar(self) -> int:
        return min(100, self.percent or 0)


def budget(plan: Plan, *, today: dt.date | None = None) -> tuple[list[BudgetRow], dict]:
    today = today or timezone.localdate()
    late = today >= dt.date(plan.year, 10, 1) or today.year > plan.year
    rows = []
    lines = plan.budget_lines.annotate(disbursed=Sum("disbursements__amount")).order_by("pk").prefetch_related(
        "disbursements")
    for line in lines:
        disbursed = line.disbursed or 0
        warnings = []
        if disbursed > line.allocation:
            warnings.append(_("overspent by %(amount)s (%(percent)s%% of the allocation)") % {
                "amount": vnd(disbursed - line.allocation).replace(" ", "\u00a0"),  # money never wraps
                "percent": percent(disbursed, line.allocation) or "—"})
        if late and disbursed == 0 and line.allocation > 0:
            warnings.append(_("nothing disbursed yet late in the year"))
        rows.append(BudgetRow(line, line.allocation, disbursed, line.allocation - disbursed, warnings))
    totals = {"allocation": sum(r.allocation for r in rows), "disbursed": sum(r.disbursed for r in rows)}
    totals["remaining"] = totals["allocation"] - totals["disbursed"]
    totals["percent"] = percent(totals["disbursed"], totals["allocation"])
    return rows, totals


@transaction.atomic
def support_add(*, plan: Plan, producer, kind: str, date, amount, user, product=None, description: str = "",
                budget_line: BudgetLine | None = None) -> Support:
    if not may_manage(user, plan.province_id) or (plan.province_id and producer.province_id != plan.province_id):
        raise PlanRefused(_("You may not record support for this producer."), 403)
    if kind not in Support.Kind.values:
        raise PlanRefused(_("Unknown kind of support."))
    if product is not None and product.producer_id != producer.pk:
        raise PlanRefused(_("The product belongs to another producer."))
    return Support.objects.create(producer=producer, product=product, kind=kind, date=date,
                                  amount=_amount(amount, _("The amount")), description=description[:300], budget_line=budget_line)


def support_outcomes(plan: Plan) -> list[dict]:
    """What became of supported products after the support: upgraded, re-recognised, lapsed, or no change yet."""
    supports = Support.objects.filter(date__year=plan.year).select_related("producer", "product")
    if plan.province_id:
        supports = supports.filter(producer__province_id=plan.province_id)
    today = timezone.localdate()
    rows = []
    for support in supports:
        outcome = _("no product named")
        if support.product_id:
            recs = list(Recognition.objects.filter(product_id=support.product_id).order_by("decision_date", "pk"))
            before = [r for r in recs if r.decision_date <= support.date]
            after = [r for r in recs if r.decision_date > support.date]
            if after and before and after[-1].stars > before[-1].stars:
                outcome = _("upgraded to %(s)s stars") % {"s": after[-1].stars}
            elif after and before:
                outcome = _("re-recognised")
            elif after:
                outcome = _("recognised (%(s)s stars)") % {"s": after[-1].stars}
            elif before and before[-1].valid_until < today:
                outcome = _("lapsed")
            else:
                outcome = _("no change yet")
        rows.append({"support": support, "outcome": outcome})
    return rows
