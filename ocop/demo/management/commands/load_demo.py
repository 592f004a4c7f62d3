from django.conf import settings
from django.core.management.base import BaseCommand

from ocop.demo.accounts import demo_users
from ocop.demo.register import load_demo


class Command(BaseCommand):
    help = "Load the demo register (Cà Mau 2021, Cần Thơ 2023 figures) and demo accounts. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Delete demo records first and load them again.")
        parser.add_argument("--quiet", action="store_true", help="Do not print the logins.")

    def handle(self, *args, reset=False, quiet=False, **options):
        loaded = load_demo(reset=reset)
        users = demo_users(settings.OCOP_DEMO_ADMIN_PASSWORD)
        self.stdout.write("Demo register loaded." if loaded else "Demo register already present: nothing changed.")
        if not quiet:
            self.stdout.write("")
            self.stdout.write("Logins (password for all: %s):" % settings.OCOP_DEMO_ADMIN_PASSWORD)
            for username, description in users:
                self.stdout.write(f"  {username:<12} {description}")
