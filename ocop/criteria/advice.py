"""The way to the next star in words: effort classes and each step in the active language
(Vietnamese by default). The criteria and option texts stay the official Vietnamese ones, with
their codes, whatever the language of the page."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .scoresheet import Criterion, Option

EFFORT_LABELS = {
    1: gettext_lazy("a paper or label change"),
    2: gettext_lazy("an investment of weeks"),
    3: gettext_lazy("a certification, a mark or a market (months)"),
}


def effort_label(effort) -> str:
    try:
        return str(EFFORT_LABELS[int(effort)])
    except (KeyError, TypeError, ValueError):
        return str(effort)


def _points(value) -> str:
    return f"{value.normalize():f}".replace(".", ",") if hasattr(value, "normalize") else str(value)


def describe_change(criterion: Criterion, start: Option, target: Option, gained) -> str:
    """One step, e.g. «Tiêu chí 10 (ĐẢM BẢO CHẤT LƯỢNG SẢN PHẨM): từ «…» lên «…» (+2 điểm; chứng
    nhận, …). Minh chứng Hội đồng sẽ hỏi: …»."""
    text = _("Criterion %(code)s (%(name)s): from «%(from)s» to «%(to)s» (+%(points)s points; %(effort)s).") % {
        "code": criterion.code, "name": criterion.name, "from": start.text, "to": target.text,
        "points": _points(gained), "effort": effort_label(target.effort),
    }
    if criterion.evidence:
        text += " " + _("Evidence the council will ask for: %(evidence)s") % {"evidence": criterion.evidence}
    return text
