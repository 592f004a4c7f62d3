"""The open data's files (.xlsx, CSV, JSON of the whole register) made once per version of the register and
sent as stored files (`core.downloads`), instead of being built again for every download.

The register's version is a token in the shared cache, replaced after every committed change of the register
(the recognition write path, a product or producer saved) and read with today's date, since the status of a
recognition changes with the calendar. A download of the current version is a file read; the first one after a
change makes the files (one process; the others get the previous version meanwhile)."""

import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from ocop.core.downloads import stored_download, stored_version
from ocop.core.exports import CSV_TYPE, JSON_TYPE, XLSX_TYPE, csv_chunks, json_chunks, write_xlsx
from ocop.producers.models import Producer, Product
from ocop.recognitions.signals import recognitions_changed

from .opendata import FIELDS, LICENCE, register_records, register_workbook_sheet

VERSION_KEY = "open-data:register-version"
FOLDER = "open-data"


def register_version() -> str:
    """The register's current version (a new token after each change) and today's date."""
    token = cache.get(VERSION_KEY)
    if token is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex[:16], None)
        token = cache.get(VERSION_KEY) or "unversioned"
    return f"{timezone.localdate().isoformat()}-{token}"


def _new_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex[:16], None)


def _new_version_committed() -> None:
    _new_version()
    from .tasks import open_data_files_task  # noqa: PLC0415 - the task module imports this one

    open_data_files_task.enqueue()  # the worker makes the files, so no download waits for them


def open_data_files_make() -> list[str]:
    """Make the files of the register's current version (those not made yet)."""
    version = register_version()
    return [stored_version(f"{FOLDER}/register-{kind}", version, f".{kind}", write)[0] for kind, (_t, write) in FORMATS.items()]


def register_changed() -> None:
    """The next download makes new files: a new version now, and again after the writer's commit (a file made
    meanwhile may hold the register as it was before the commit)."""
    _new_version()
    connection = transaction.get_connection()
    if not any(entry[1] is _new_version_committed for entry in connection.run_on_commit):  # once per transaction
        transaction.on_commit(_new_version_committed)


@receiver(recognitions_changed, dispatch_uid="catalogue.open_data_files")
def _recognitions_changed(sender, product_ids, **kwargs):
    register_changed()


@receiver(post_save, sender=Product, dispatch_uid="catalogue.open_data_files.product")
@receiver(post_save, sender=Producer, dispatch_uid="catalogue.open_data_files.producer")
def _register_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        register_changed()


def _write_text(chunks):
    def write(handle):
        for chunk in chunks():
            handle.write(chunk.encode())
    return write


def _meta() -> dict:
    return {"title": "OCOP register (Vietnam)", "licence": LICENCE, "generated": timezone.now().isoformat(), "fields": FIELDS}


FORMATS = {
    "xlsx": (XLSX_TYPE, lambda handle: write_xlsx(handle, [register_workbook_sheet()])),
    "csv": (CSV_TYPE, _write_text(lambda: csv_chunks(FIELDS, ([r[name] for name in FIELDS] for r in register_records())))),
    "json": (JSON_TYPE, _write_text(lambda: json_chunks(register_records(), meta=_meta()))),
}


def register_file_response(request, kind: str):
    """The whole register as `kind` (xlsx, csv, json), from its stored file."""
    content_type, write = FORMATS[kind]
    response = stored_download(request, folder=f"{FOLDER}/register-{kind}", version=register_version(),
                               suffix=f".{kind}", write=write, filename=f"ocop-register.{kind}", content_type=content_type)
    response["X-License"] = LICENCE
    return response
