import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from ocop.imports.service import register_import


class Command(BaseCommand):
    help = (
        "Import a register of OCOP recognitions from .xlsx or .csv. All or nothing: if any row has a problem, "
        "every problem is listed (row, column, value, reason) and nothing is written; exit status 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .xlsx or .csv register file.")
        parser.add_argument("--dry-run", action="store_true", help="Check every row and report, but write nothing.")
        parser.add_argument("--lang", choices=["vi", "en"], default="vi", help="Language of the report (default vi).")
        parser.add_argument("--json", action="store_true", help="Print the report as JSON.")

    def handle(self, *args, file, dry_run, lang, json: bool, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        with translation.override(lang):
            last = [0]

            def progress(done, total, phase):
                if total >= 2000 and not json and done - last[0] >= max(total // 10, 1) and phase == "check":
                    last[0] = done
                    self.stderr.write(f"  … {done}/{total}")

            report = register_import(data=path.read_bytes(), filename=path.name, dry_run=dry_run, progress=progress)
            self._print(report, json)
        if not report.ok:
            sys.exit(1)

    def _print(self, report, as_json):
        if as_json:
            self.stdout.write(json_dumps(report.as_dict()))
            return
        vi = translation.get_language() == "vi"
        for p in report.errors:
            where = (f"dòng {p.row}" if vi else f"row {p.row}") if p.row else ("tệp" if vi else "file")
            self.stdout.write(f"{'LỖI' if vi else 'ERROR'}  {where} · {p.column} · «{p.value}» · {p.reason}")
        for p in report.warnings:
            where = (f"dòng {p.row}" if vi else f"row {p.row}") if p.row else ("tệp" if vi else "file")
            self.stdout.write(f"{'LƯU Ý' if vi else 'NOTE'}  {where} · {p.column} · «{p.value}» · {p.reason}")
        c, u = report.created, report.updated
        if not report.ok:
            self.stdout.write(
                f"Từ chối: {len(report.errors)} lỗi trong {report.rows} dòng; không ghi gì."
                if vi else f"Refused: {len(report.errors)} problems in {report.rows} rows; nothing written."
            )
            return
        prefix = ("Kiểm tra (không ghi): " if vi else "Checked (nothing written): ") if report.dry_run else ""
        if vi:
            self.stdout.write(
                f"{prefix}{report.rows} dòng · mới: {c['producers']} chủ thể, {c['products']} sản phẩm, "
                f"{c['recognitions']} công nhận · cập nhật: {u['recognitions']} công nhận · không đổi: {report.unchanged}"
            )
        else:
            self.stdout.write(
                f"{prefix}{report.rows} rows · new: {c['producers']} producers, {c['products']} products, "
                f"{c['recognitions']} recognitions · updated: {u['recognitions']} recognitions · unchanged: {report.unchanged}"
            )


def json_dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)
