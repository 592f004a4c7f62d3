from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from ocop.ops.backup import BackupError, backup_restore

from .backup import passphrase_from


class Command(BaseCommand):
    help = "Bring back an `ocop backup` archive on a fresh installation (migrates first)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--passphrase-file", help="File holding the passphrase (else OCOP_BACKUP_PASSPHRASE).")

    def handle(self, *args, file, **options):
        call_command("migrate", interactive=False, verbosity=0)
        try:
            manifest = backup_restore(Path(file), passphrase_from(options))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Restored {file} (made {manifest['created']}): {manifest['certificates']} certificates, "
                          f"{manifest['files']} files, signing key in place.")
