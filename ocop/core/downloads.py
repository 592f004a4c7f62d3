"""Made-once downloads: large files (the public register, certificate PDFs) written once per version of their
data into a private storage (`STORAGES["downloads"]`: a folder of the data folder, or an S3-compatible store)
and then sent as stored files, like static ones.

- `stored_file_response`: the file with its version as ETag (304 when the browser has it), or handed to the
  reverse proxy (`X-Accel-Redirect` under `OCOP_ACCEL_REDIRECT`).
- `stored_download`: the file of this version, made now when there is none. One process makes it (a lock in
  the shared cache); a request arriving meanwhile gets the previous version when there is one, so a data change
  never makes several processes build the same large file at once. Older versions are removed."""

import tempfile
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import storages
from django.http import FileResponse, HttpResponse, HttpResponseNotModified

from .exports import content_disposition

SMALL_FILE = 2 * 1024 * 1024  # sent whole from memory; larger files are streamed
MAKING_SECONDS = 600  # the lock of a file being made expires after this (a process killed while making it)


def downloads():
    """The storage of made-once downloads (private)."""
    return storages["downloads"]


def stored_file_response(request, name: str, version: str, filename: str, content_type: str, *, inline: bool = False):
    etag = f'"{version}"'
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    elif getattr(settings, "OCOP_ACCEL_REDIRECT", ""):
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.OCOP_ACCEL_REDIRECT.rstrip("/") + "/" + name
    elif downloads().size(name) <= SMALL_FILE:
        with downloads().open(name, "rb") as handle:  # a certificate PDF: one read, sent whole
            response = HttpResponse(handle.read(), content_type=content_type)
    else:
        response = FileResponse(downloads().open(name, "rb"), content_type=content_type)
    response["ETag"] = etag
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    return response


def _versions(folder: str, suffix: str) -> list[str]:
    try:
        _dirs, files = downloads().listdir(folder)
    except (FileNotFoundError, NotImplementedError):
        return []
    return [f"{folder}/{file}" for file in files if file.endswith(suffix)]


def drop_other_versions(folder: str, keep: set[str], suffix: str = "") -> None:
    for name in _versions(folder, suffix):
        if name not in keep:
            downloads().delete(name)


def make_file(name: str, write: Callable) -> str:
    """Write a file with `write(binary handle)` and keep it under `name` (returns the name it got)."""
    with tempfile.TemporaryFile() as handle:
        write(handle)
        handle.seek(0)
        return downloads().save(name, File(handle))


def stored_version(folder: str, version: str, suffix: str, write: Callable) -> tuple[str, str]:
    """(name, version) of the file to send: this version's, made now if needed, or (while another process makes
    it) the previous one."""
    name = f"{folder}/{version}{suffix}"
    storage = downloads()
    if storage.exists(name):
        return name, version
    lock = f"making:{name}"
    if not cache.add(lock, 1, MAKING_SECONDS):
        previous = [n for n in _versions(folder, suffix) if n != name]
        if previous:
            newest = max(previous, key=storage.get_modified_time)
            return newest, newest.rsplit("/", 1)[1].removesuffix(suffix)
        for _ in range(120):  # the first version ever: wait for the process making it
            time.sleep(0.5)
            if storage.exists(name):
                return name, version
    try:
        saved = make_file(name, write)
        drop_other_versions(folder, {saved}, suffix)
    finally:
        cache.delete(lock)
    return saved, version


def stored_download(request, *, folder: str, version: str, suffix: str, write: Callable, filename: str,
                    content_type: str):
    name, sent = stored_version(folder, version, suffix, write)
    return stored_file_response(request, name, sent, filename, content_type)
