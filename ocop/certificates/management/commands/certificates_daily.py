import datetime as dt
import json

from django.core.management.base import BaseCommand

from ocop.certificates.lifecycle import certificates_daily
from ocop.certificates.tasks import certificates_daily_task


class Command(BaseCommand):
    help = ("The certificates' daily lifecycle: issue missing certificates, remind producers 90/60/30 days before "
            "expiry, record expiries and supersessions. Run it from cron once a day (safe to run more often).")

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="Hand it to the background worker instead.")
        parser.add_argument("--date", help="Act as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, enqueue, date, **options):
        if enqueue:
            result = certificates_daily_task.enqueue()
            self.stdout.write(f"enqueued {result.id}")
            return
        today = dt.date.fromisoformat(date) if date else None
        self.stdout.write(json.dumps(certificates_daily(today)))
