import datetime as dt
import json

from django.core.management.base import BaseCommand

from ocop.certificates.lifecycle import certificates_daily
from ocop.certificates.tasks import certificates_daily_task


class Command(BaseCommand):
    help = ("The certificates' daily lifecycle (the worker runs it every day; this runs it now): issue missing "
            "certificates, tell producers and offices when the re-evaluation window opens (180 days before expiry), "
            "shortly before it closes (120 days) and at expiry, open the renewal dossier with the window, record "
            "expiries and supersessions, report revocation cases past their 15 days. Safe to run more often.")

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
