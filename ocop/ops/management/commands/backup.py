import getpass
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ocop.ops.backup import BackupError, backup_write


def passphrase_from(options) -> str:
    """--passphrase-file, else OCOP_BACKUP_PASSPHRASE, else asked on the terminal."""
    if options.get("passphrase_file"):
        return Path(options["passphrase_file"]).read_text().strip()
    return os.environ.get("OCOP_BACKUP_PASSPHRASE") or getpass.getpass("Passphrase for the signing key: ")


class Command(BaseCommand):
    help = "Write one archive with the database, uploaded files and the signing key (encrypted with a passphrase)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--passphrase-file", help="File holding the passphrase (else OCOP_BACKUP_PASSPHRASE).")

    def handle(self, *args, file, **options):
        try:
            manifest = backup_write(Path(file), passphrase_from(options))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Backup written to {file}: {manifest['certificates']} certificates, {manifest['files']} files.")
