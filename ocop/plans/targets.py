"""Plan targets: a whole number ("30", "at least 30") or a range ("28-30"), how they are read from
what an officer types, and how an actual figure is judged against them (both ends of a range)."""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db.models import TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .indicators import BY_CODE, percent

LARGEST = 10**9
RANGE = re.compile(r"^\s*(\S+?)\s*(?:-|–|—|\.\.|đến|to)\s*(\S+)\s*$", re.IGNORECASE)


class Judgement(TextChoices):
    NOT_MET = "not_met", gettext_lazy("not met")
    MET = "met", gettext_lazy("met")
    EXCEEDED = "exceeded", gettext_lazy("exceeded")


@dataclass(frozen=True)
class TargetValue:
    low: int
    high: int | None = None  # None: a single number

    @property
    def text(self) -> str:
        return f"{self.low}-{self.high}" if self.high is not None else str(self.low)

    def judge(self, actual: int) -> Judgement:
        """Below the lower end: not met; up to the upper end (or the number itself): met; above: exceeded."""
        top = self.low if self.high is None else self.high
        if actual < self.low:
            return Judgement.NOT_MET
        return Judgement.MET if actual <= top else Judgement.EXCEEDED

    def percent(self, actual: int) -> int | None:
        """Progress against the lower end (the commitment), half up: 29 of 28-30 → 104."""
        return percent(actual, self.low)


class TargetError(ValueError):
    pass


def _whole(text) -> int:
    if isinstance(text, bool):
        raise TargetError(_("%(value)s is not a number") % {"value": text})
    try:
        number = Decimal(str(text).strip().replace(",", "."))
    except InvalidOperation:
        raise TargetError(_("“%(value)s” is not a number (write 30, or a range such as 28-30)") % {
            "value": str(text)[:20]}) from None
    if not number.is_finite():
        raise TargetError(_("“%(value)s” is not a number") % {"value": str(text)[:20]})
    if number < 0:
        raise TargetError(_("a target cannot be negative"))
    if number != number.to_integral_value():
        raise TargetError(_("a target is a whole number"))
    if number > LARGEST:
        raise TargetError(_("the target is too large"))
    return int(number)


def parse_value(raw) -> TargetValue:
    """30, "30", "28-30", "28 – 30" → TargetValue; TargetError (in words, without the field) otherwise."""
    if isinstance(raw, TargetValue):
        return raw
    if isinstance(raw, (int, float, Decimal)) and not isinstance(raw, bool):
        return TargetValue(_whole(raw))
    text = str(raw).strip()
    match = RANGE.match(text) if not text.startswith("-") else None
    if match is None:
        return TargetValue(_whole(text))
    low, high = _whole(match.group(1)), _whole(match.group(2))
    if high < low:
        raise TargetError(_("the range %(text)s goes downwards: write the lower end first") % {"text": text[:20]})
    return TargetValue(low, high if high != low else None)


def parse_targets(raw) -> tuple[dict[str, TargetValue], list[str]]:
    """{"indicator code": number or "28-30"} → the targets, and the problems, each naming the indicator
    as the user reads it (never the code alone)."""
    if not isinstance(raw, dict):
        return {}, [_('Targets must be given as {"indicator code": number or "28-30"}.')]
    targets, problems = {}, []
    for code, value in raw.items():
        indicator = BY_CODE.get(code)
        if indicator is None:
            problems.append(_("unknown indicator %(code)s") % {"code": str(code)[:40]})
            continue
        try:
            targets[code] = parse_value(value)
        except TargetError as exc:
            problems.append(f"{indicator.name}: {exc}")
    return targets, problems


def value_of(target) -> TargetValue:
    """A stored Target row as a TargetValue."""
    return TargetValue(int(target.value), int(target.upper) if target.upper is not None else None)
