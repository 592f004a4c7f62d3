"""ocop backup then ocop restore on an empty installation: a QR code printed before verifies again."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ocop.certificates import signing
from ocop.certificates.facts import qr_text
from ocop.certificates.models import Certificate
from ocop.ops.backup import BackupError, backup_restore
from tests.conftest import make_producer, make_product, recognise

pytestmark = pytest.mark.django_db(transaction=True)
PASSPHRASE = "mat-khau-sao-luu-2026"


@pytest.fixture
def data_dir(tmp_path, settings):
    settings.DATA_DIR = tmp_path / "data"
    settings.MEDIA_ROOT = tmp_path / "data" / "media"
    signing.signing_key.cache_clear()
    yield settings.DATA_DIR
    signing.signing_key.cache_clear()


def test_round_trip_restores_data_files_and_the_key_so_old_qr_codes_verify(client, province, data_dir, tmp_path, monkeypatch):
    monkeypatch.delenv("OCOP_SIGNING_KEY", raising=False)
    certificate = recognise(make_product(make_producer(province), name="Mắm ba khía")).certificate
    printed = qr_text(certificate)
    vault_file = data_dir / "private" / "vault" / "1" / "phieu.pdf"
    vault_file.parent.mkdir(parents=True)
    vault_file.write_bytes(b"%PDF-1.4 test")
    archive = tmp_path / "ocop-backup.zip"
    monkeypatch.setenv("OCOP_BACKUP_PASSPHRASE", PASSPHRASE)
    call_command("backup", str(archive))

    # a fresh machine: empty database, no files, no key
    call_command("flush", interactive=False, verbosity=0)
    signing.key_file_path().unlink()
    vault_file.unlink()
    signing.signing_key.cache_clear()

    with pytest.raises(CommandError, match="passphrase"):
        call_command("restore", str(archive), passphrase_file=str(_write(tmp_path, "wrong-passphrase-123")))
    call_command("restore", str(archive))
    assert Certificate.objects.filter(public_id=certificate.public_id).exists()
    assert vault_file.read_bytes() == b"%PDF-1.4 test"
    assert signing.check_qr(printed).verdict == "valid"
    assert client.get(f"/api/v1/verify/{certificate.public_id}").status_code == 200


def test_the_app_refuses_a_new_key_when_certificates_exist(province, data_dir, monkeypatch):
    monkeypatch.delenv("OCOP_SIGNING_KEY", raising=False)
    recognise(make_product(make_producer(province)))
    signing.key_file_path().unlink()
    signing.signing_key.cache_clear()
    with pytest.raises(signing.MissingSigningKey):
        signing.signing_key()
    assert not signing.key_file_path().exists()


def test_restore_refuses_a_database_that_already_has_certificates(province, data_dir, tmp_path, monkeypatch):
    monkeypatch.delenv("OCOP_SIGNING_KEY", raising=False)
    recognise(make_product(make_producer(province)))
    archive = tmp_path / "b.zip"
    call_command("backup", str(archive), passphrase_file=str(_write(tmp_path, PASSPHRASE)))
    with pytest.raises(BackupError, match="empty database"):
        backup_restore(archive, PASSPHRASE)


def _write(folder, text):
    path = folder / "pass.txt"
    path.write_text(text)
    return path
