"""Certificate PDFs made once per certificate version and kept in the storage (`STORAGES["downloads"]`: a private
folder of the data folder, or an S3-compatible store), so a download is a stored file, served like a static one.

A version is a digest of what the PDF shows: the public facts (status, revocation, supersession, expiry
included) and the QR code's text, with the layout's number. A changed, revoked or expired certificate therefore
has a new version: the next download makes its PDF (and removes the older ones); every other download sends the
stored file with its version as ETag (a browser that has it gets 304)."""

import hashlib
import json

from django.core.files.base import ContentFile

from ocop.core.downloads import downloads, drop_other_versions

from . import pdf

LAYOUT = "2"  # change it when the certificate's drawing changes: every stored PDF is then made again
FOLDER = "certificates/pdf"


def version_of(data: dict, qr: str) -> str:
    text = json.dumps([LAYOUT, data, qr], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def _name(public_id: str, version: str) -> str:
    return f"{FOLDER}/{public_id}/{version}.pdf"


def stored_certificate_pdf(public_id: str, data: dict, qr: str) -> tuple[str, str]:
    """(storage name, version) of the certificate's PDF, made and stored now if this version has none."""
    version = version_of(data, qr)
    name = _name(public_id, version)
    if downloads().exists(name):
        return name, version
    saved = downloads().save(name, ContentFile(pdf.certificate_pdf([(data, qr)])))
    _drop_older(public_id, keep={name, saved})
    return saved, version


def _drop_older(public_id: str, keep: set[str]) -> None:
    drop_other_versions(f"{FOLDER}/{public_id}", keep)
