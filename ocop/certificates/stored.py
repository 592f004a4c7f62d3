"""Certificate PDFs made once per certificate version and kept in the storage (`STORAGES["downloads"]`: a private
folder of the data folder, or an S3-compatible store), so a download is a stored file, served like a static one.

A version is a digest of what the PDF shows: the public facts (status, revocation, supersession, expiry
included) and the QR code's text, with the layout's number. A changed, revoked or expired certificate therefore
has a new version: the next download makes its PDF (and removes the older ones); every other download sends the
stored file with its version as ETag (a browser that has it gets 304)."""

import hashlib
import json

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.http import FileResponse, HttpResponse, HttpResponseNotModified

from ocop.core.exports import content_disposition

from . import pdf

LAYOUT = "2"  # change it when the certificate's drawing changes: every stored PDF is then made again
FOLDER = "certificates/pdf"


def downloads():
    """The storage of made-once downloads (`STORAGES["downloads"]`, private)."""
    return storages["downloads"]


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
    folder = f"{FOLDER}/{public_id}"
    try:
        _dirs, files = downloads().listdir(folder)
    except (FileNotFoundError, NotImplementedError):
        return
    for file in files:
        if f"{folder}/{file}" not in keep:
            downloads().delete(f"{folder}/{file}")


def stored_file_response(request, name: str, version: str, filename: str, content_type: str = "application/pdf"):
    """A stored file as a static one: ETag (304 when the browser has it), and handed to the reverse proxy
    (X-Accel-Redirect under OCOP_ACCEL_REDIRECT) when one serves the storage's folder."""
    etag = f'"{version}"'
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    elif getattr(settings, "OCOP_ACCEL_REDIRECT", ""):
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.OCOP_ACCEL_REDIRECT.rstrip("/") + "/" + name
    else:
        response = FileResponse(downloads().open(name, "rb"), content_type=content_type)
    response["ETag"] = etag
    response["Content-Disposition"] = content_disposition(filename, inline=True)
    return response
