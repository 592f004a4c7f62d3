from django.core.management.base import BaseCommand, CommandError

from ocop.imports.sample import write_sample
from ocop.places.models import Province


class Command(BaseCommand):
    help = (
        "Write a realistic synthetic register (.xlsx or .csv) for benchmarks and load tests: all 34 provinces, or "
        "one with --province CODE (its own register as its office imports it: 3★ and 4★ unless --five-stars)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, required=True)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--province", help="Official code of one 2025 province (e.g. 96 for Cà Mau).")
        parser.add_argument("--five-stars", action="store_true",
                            help="With --province: include 5★ rows (only a central account may import them).")
        parser.add_argument("file")

    def handle(self, *args, rows, seed, file, province, five_stars, **options):
        if rows < 1:
            raise CommandError("--rows must be at least 1")
        if not file.lower().endswith((".xlsx", ".csv")):
            raise CommandError("FILE must end in .xlsx or .csv")
        if province is not None:
            code = province.strip().zfill(2)
            if not code.isdigit() or not Province.objects.filter(code=code).exists():
                codes = ", ".join(f"{p.code} {p.short_name}" for p in Province.objects.order_by("code"))
                raise CommandError(f"--province {province}: not one of the 34 provinces ({codes})")
            province = code
        elif five_stars:
            raise CommandError("--five-stars goes with --province (a national sample has 5★ rows anyway)")
        n = write_sample(file, rows, seed=seed, province=province, five_stars=five_stars or None)
        self.stdout.write(f"{n} rows written to {file}" + (f" (province {province})" if province else ""))
