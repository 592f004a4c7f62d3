from django.core.management.base import BaseCommand, CommandError

from ocop.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = "Create an API token for a user and print it (it is shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for.")
        parser.add_argument("--days", type=int, default=None, help="Days the token is valid (default OCOP_API_TOKEN_DAYS).")

    def handle(self, *args, username, name, days=None, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        if not user.is_active:
            raise CommandError(f"User {username!r} is not active.")
        if days is not None and not 1 <= days <= 3650:
            raise CommandError("--days must be between 1 and 3650.")
        _token, raw = ApiToken.objects.issue(user, name=name, days=days)
        self.stdout.write(raw)
