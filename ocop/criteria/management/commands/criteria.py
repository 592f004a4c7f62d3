import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ocop.criteria.loader import load_criteria_sets
from ocop.criteria.models import Sheet
from ocop.criteria.services import sheet_as_json, sheet_import
from ocop.criteria.validation import SheetInvalid
from ocop.criteria.xlsx import WorkbookProblems, parse_sheet_workbook, sheet_workbook
from ocop.taxonomy.models import CriteriaVersion, ProductGroup


class Command(BaseCommand):
    help = "Criteria sets and score sheets: list, export, import (new version), load the repository files."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="Sets and their sheets with codes.")
        listing.add_argument("--format", choices=["text", "json"], default="text")
        export = sub.add_parser("export", help="One sheet as JSON (parts, criteria, options, gates) or .xlsx.")
        export.add_argument("sheet", help="Sheet code (newest version) or CODE@VERSION.")
        export.add_argument("--format", choices=["json", "xlsx"], default="json")
        export.add_argument("--output", "-o", help="File to write (default: stdout for JSON, SHEET.xlsx for xlsx).")
        imp = sub.add_parser("import", help="Import an edited .xlsx sheet as a new version.")
        imp.add_argument("file")
        sub.add_parser("load", help="Load the set files of the repository (changed sheets become new versions).")

    def handle(self, *args, action, **options):
        getattr(self, f"do_{action}")(**options)

    def do_list(self, format="text", **_):
        rows = []
        for version in CriteriaVersion.objects.all():
            sheets = Sheet.objects.filter(criteria_version=version).latest_versions().prefetch_related("groups")
            rows.append({
                "code": version.code, "decision": version.decision,
                "in_force_from": version.in_force_from.isoformat(),
                "in_force_to": version.in_force_to.isoformat() if version.in_force_to else None,
                "sheets": [
                    {"code": s.code, "version": s.version, "name": s.name, "verified": s.verified,
                     "official": bool(s.data.get("official")), "groups": sorted(g.code for g in s.groups.all())}
                    for s in sheets.order_by("code")
                ],
            })
        if format == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            until = row["in_force_to"] or "nay"
            self.stdout.write(f"{row['code']}  {row['decision']}  ({row['in_force_from']} → {until})  "
                              f"{len(row['sheets'])} phiếu")
            for s in row["sheets"]:
                mark = "  [chính thức]" if s["official"] else "" if s["verified"] else "  [dựng lại, cần đối chiếu]"
                self.stdout.write(f"  {s['code']}@{s['version']}  {s['name']}  nhóm: {', '.join(s['groups'])}{mark}")

    def _sheet(self, reference):
        try:
            return Sheet.objects.resolve(reference)
        except Sheet.DoesNotExist:
            raise CommandError(f"unknown sheet {reference!r} (see `ocop criteria list`)") from None

    def do_export(self, sheet, format="json", output=None, **_):
        found = self._sheet(sheet)
        if format == "json":
            text = json.dumps(sheet_as_json(found), ensure_ascii=False, indent=2)
            if output:
                Path(output).write_text(text + "\n", encoding="utf-8")
            else:
                self.stdout.write(text)
            return
        path = Path(output or f"{found.code}.xlsx")
        path.write_bytes(sheet_workbook(found.data, version=found.version))
        self.stdout.write(f"{found.reference} → {path}")

    def do_import(self, file, **_):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            data = parse_sheet_workbook(path.read_bytes())
            sheet = sheet_import(data=data, source=path.name)
        except WorkbookProblems as exc:
            for cell, message in exc.problems:
                self.stderr.write(f"{cell}: {message}")
            sys.exit(1)
        except SheetInvalid as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            sys.exit(1)
        self.stdout.write(f"{sheet.reference} imported ({sheet.name})")

    def do_load(self, **_):
        try:
            report = load_criteria_sets(Sheet, CriteriaVersion, ProductGroup)
        except SheetInvalid as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            sys.exit(1)
        for line in report:
            self.stdout.write(line)
