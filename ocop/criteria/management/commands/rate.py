import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from ocop.criteria.answers import AnswersInvalid, describe, parse_answers_json
from ocop.criteria.engine import AnswerError
from ocop.criteria.models import Sheet
from ocop.criteria.services import assessment_score


class Command(BaseCommand):
    help = ("Rate answers on a sheet and print the result as JSON: total, parts, stars, gates_failed, disqualified, "
            "next_star (least effort) and alternatives (fewest changes).")

    def add_arguments(self, parser):
        parser.add_argument("--sheet", required=True, help="Sheet code (newest version) or CODE@VERSION.")
        parser.add_argument("--answers", required=True, help='JSON file: {"criterion code": "option code", ...}')
        parser.add_argument("--woman-led", action="store_true", help="The producer is woman-led (bonus where the set has one).")
        parser.add_argument("--ethnic-minority", action="store_true", help="The producer is ethnic-minority owned.")
        parser.add_argument("--knockout", action="append", default=[], metavar="CODE",
                            help="A disqualifying condition of the sheet that applies (e.g. K1); repeat for more.")
        parser.add_argument("--partial", action="store_true",
                            help="Allow unanswered criteria (they count as the lowest option and are listed).")
        parser.add_argument("--lang", choices=["vi", "en"], default="vi", help="Language of the texts (default vi).")

    def handle(self, *args, lang="vi", **options):
        with translation.override(lang):
            self.rate(**options)

    def rate(self, *, sheet, answers, woman_led, ethnic_minority, knockout=(), partial=False, **options):
        try:
            found = Sheet.objects.resolve(sheet)
        except Sheet.DoesNotExist:
            raise CommandError(f"unknown sheet {sheet!r} (see `ocop criteria list`)") from None
        path = Path(answers)
        if not path.is_file():
            raise CommandError(f"{answers}: no such file")
        try:
            given = parse_answers_json(path.read_text(encoding="utf-8"))
            result = assessment_score(sheet=found, answers=given, partial=partial, knockouts=knockout,
                                      flags={"woman_led": woman_led, "ethnic_minority": ethnic_minority})
        except (AnswersInvalid, AnswerError) as exc:
            self.stderr.write(f"{_('error')}: {describe(exc)}")
            sys.exit(2)
        out = result.as_dict()
        out["sheet"] = found.reference
        self.stdout.write(json.dumps(out, ensure_ascii=False, indent=2))
