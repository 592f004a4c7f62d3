from django.core.management.base import BaseCommand

from ocop.stats.aggregates import rebuild


class Command(BaseCommand):
    help = "Recount the register's counts kept for the dashboard, /api/v1/stats and the catalogue from the recognitions."

    def handle(self, *args, **options):
        self.stdout.write(f"{rebuild()} cells")
