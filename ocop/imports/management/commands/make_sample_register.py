from django.core.management.base import BaseCommand, CommandError

from ocop.imports.sample import write_sample


class Command(BaseCommand):
    help = "Write a realistic synthetic register (.xlsx or .csv) for benchmarks and load tests."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, required=True)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("file")

    def handle(self, *args, rows, seed, file, **options):
        if rows < 1:
            raise CommandError("--rows must be at least 1")
        if not file.lower().endswith((".xlsx", ".csv")):
            raise CommandError("FILE must end in .xlsx or .csv")
        n = write_sample(file, rows, seed=seed)
        self.stdout.write(f"{n} rows written to {file}")
