"""One archive with everything needed to bring the system back on a fresh machine: the database (as
Django's portable JSON, so a SQLite backup restores on PostgreSQL and back), the uploaded files (media,
the document vault, uploaded registers) and the certificate signing key, encrypted with a passphrase.
Without the key every QR code already printed would stop verifying, so restore refuses to finish without it.
"""

import datetime as dt
import io
import json
import tempfile
import zipfile
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from ocop.certificates.models import Certificate
from ocop.certificates.signing import key_file_path, signing_key

FORMAT = 1
EXCLUDED = ["contenttypes", "auth.permission", "admin.logentry", "sessions", "axes", "django_tasks_database"]


class BackupError(Exception):
    pass


def _folders() -> dict[str, Path]:
    return {"media": Path(settings.MEDIA_ROOT), "private": Path(settings.DATA_DIR) / "private"}


def backup_write(path: Path, passphrase: str) -> dict:
    if len(passphrase) < 12:
        raise BackupError("The passphrase must have at least 12 characters.")
    key_pem = signing_key().private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.BestAvailableEncryption(passphrase.encode()))
    data = io.StringIO()
    call_command("dumpdata", exclude=EXCLUDED, natural_foreign=True, stdout=data)
    manifest = {"format": FORMAT, "created": dt.datetime.now(dt.UTC).isoformat(), "database": connection.vendor,
                "certificates": Certificate.objects.count(), "files": 0}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", data.getvalue())
        archive.writestr("signing-key.pem.enc", key_pem)
        for name, folder in _folders().items():
            for file in sorted(folder.rglob("*")) if folder.exists() else []:
                if file.is_file():
                    archive.write(file, f"files/{name}/{file.relative_to(folder).as_posix()}")
                    manifest["files"] += 1
        archive.writestr("manifest.json", json.dumps(manifest, indent=2))
    return manifest


def backup_restore(path: Path, passphrase: str) -> dict:
    """Into a migrated, empty database: the data, the files, then the signing key."""
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        if "manifest.json" not in names or "data.json" not in names:
            raise BackupError("This is not an OCOP backup (no manifest or data).")
        manifest = json.loads(archive.read("manifest.json"))
        if manifest.get("format") != FORMAT:
            raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
        try:
            key = serialization.load_pem_private_key(archive.read("signing-key.pem.enc"), password=passphrase.encode())
        except (KeyError, ValueError, TypeError):
            raise BackupError("The passphrase does not open the signing key of this backup.") from None
        if Certificate.objects.exists():
            raise BackupError("This database already holds certificates: restore into an empty database.")
        with tempfile.TemporaryDirectory() as folder:
            dump = Path(folder) / "data.json"
            dump.write_bytes(archive.read("data.json"))
            call_command("loaddata", str(dump), verbosity=0)
        folders = _folders()
        for name in names:
            parts = name.split("/")
            if parts[0] != "files" or len(parts) < 3 or parts[1] not in folders or ".." in parts or name.endswith("/"):
                continue
            target = folders[parts[1]].joinpath(*parts[2:])
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.read(name))
    key_path = key_file_path()
    key_path.parent.mkdir(parents=True, exist_ok=True)
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    key_path.chmod(0o600)
    signing_key.cache_clear()
    return manifest
