"""Answers as people send them: a JSON object {criterion: option} or a list of
{"criterion": ..., "option": ...}; two answers for one criterion are refused."""

import json


class AnswersInvalid(ValueError):
    """`kind`: duplicate, json, shape or type; `item` names the criterion where there is one."""

    def __init__(self, message: str, item: str = "", *, kind: str = "shape", detail: str = ""):
        super().__init__(message)
        self.item, self.kind, self.detail = item, kind, detail


def _pairs_hook(pairs):
    seen = {}
    for key, value in pairs:
        if key in seen:
            raise AnswersInvalid(f"two answers for criterion {key!r}", key, kind="duplicate")
        seen[key] = value
    return seen


def parse_answers_json(text: str) -> dict[str, str]:
    try:
        data = json.loads(text, object_pairs_hook=_pairs_hook)
    except AnswersInvalid:
        raise
    except json.JSONDecodeError as exc:
        detail = f"{exc.msg} (line {exc.lineno}, column {exc.colno})"
        raise AnswersInvalid(f"not valid JSON: {detail}", kind="json", detail=detail) from None
    if isinstance(data, dict) and isinstance(data.get("answers"), (dict, list)):
        data = data["answers"]
    return normalize_answers(data)


def normalize_answers(data) -> dict[str, str]:
    if isinstance(data, dict):
        items = list(data.items())
    elif isinstance(data, list):
        items = []
        for entry in data:
            if not isinstance(entry, dict) or "criterion" not in entry or "option" not in entry:
                raise AnswersInvalid('each answer must be {"criterion": ..., "option": ...}')
            items.append((entry["criterion"], entry["option"]))
    else:
        raise AnswersInvalid('answers must be an object {"criterion": "option"} or a list of answers')
    answers: dict[str, str] = {}
    for criterion, option in items:
        if not isinstance(criterion, str) or not isinstance(option, str):
            raise AnswersInvalid(f"criterion and option codes must be text (criterion {criterion!r})", str(criterion),
                                 kind="type")
        if criterion in answers:
            raise AnswersInvalid(f"two answers for criterion {criterion!r}", criterion, kind="duplicate")
        answers[criterion] = option
    return answers


def describe(exc) -> str:
    """A bad-answers error in the active language (engine.AnswerError or AnswersInvalid)."""
    from django.utils.translation import gettext as _

    kind = getattr(exc, "kind", "")
    if kind == "unknown_criterion":
        return _("unknown criterion %(c)s") % {"c": exc.criterion}
    if kind == "unknown_option":
        return _("unknown option %(o)s for criterion %(c)s") % {"o": exc.option, "c": exc.criterion}
    if kind == "missing":
        if exc.more:
            return _("no answer for criterion %(c)s (and %(n)s more)") % {"c": exc.criterion, "n": exc.more}
        return _("no answer for criterion %(c)s") % {"c": exc.criterion}
    if kind == "unknown_knockout":
        return _("unknown disqualifying condition %(c)s") % {"c": exc.item}
    if kind == "duplicate":
        return _("two answers for criterion %(c)s") % {"c": exc.item}
    if kind == "json":
        return _("the answers are not valid JSON: %(detail)s") % {"detail": exc.detail}
    if kind == "type":
        return _("criterion and option codes must be text (criterion %(c)s)") % {"c": exc.item}
    return _('answers must be an object {"criterion": "option"} or a list of {"criterion": ..., "option": ...}')
