"""The verification log, written in small batches.

Each public verification adds a row. Written one by one, those inserts make every web worker
wait for the database's write lock (SQLite has one writer at a time), which halves the
throughput of the public check. Rows are therefore buffered per process and written together
when OCOP_VERIFY_LOG_BATCH rows are waiting or OCOP_VERIFY_LOG_SECONDS have passed (a
background thread also flushes idle buffers, and the buffer is flushed at exit). With a batch
of 1 (the test settings) every row is written at once.
"""

import atexit
import logging
import threading
import time

from django.conf import settings
from django.db import connection, connections

from .models import Verification

log = logging.getLogger(__name__)

_lock = threading.Lock()
_rows: list[tuple] = []
_oldest = 0.0
_flusher: threading.Thread | None = None


def _insert_sql() -> str:
    table = connection.ops.quote_name(Verification._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in ("certificate_id", "asked", "outcome", "channel", "client", "created_at"))
    return f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s, %s)"


def add(row: tuple) -> None:
    """row: (certificate pk or None, asked, outcome, channel, client, created_at as adapted for the database)."""
    global _oldest
    batch = getattr(settings, "OCOP_VERIFY_LOG_BATCH", 100)
    with _lock:
        if not _rows:
            _oldest = time.monotonic()
        _rows.append(row)
        due = len(_rows) >= batch or time.monotonic() - _oldest >= getattr(settings, "OCOP_VERIFY_LOG_SECONDS", 1.0)
    if due:
        flush()
    elif batch > 1:
        _start_flusher()


def flush() -> int:
    with _lock:
        rows = list(_rows)
        _rows.clear()
    if not rows:
        return 0
    try:
        with connection.cursor() as cursor:
            cursor.executemany(_insert_sql(), rows)
    except Exception:  # noqa: BLE001 - never fail a public verification because its log could not be written
        log.exception("could not write %d verification log rows", len(rows))
        return 0
    return len(rows)


def _flush_forever() -> None:
    period = getattr(settings, "OCOP_VERIFY_LOG_SECONDS", 1.0)
    while True:
        time.sleep(period)
        try:
            if _rows:
                flush()
        finally:
            connections.close_all()  # this thread's own connection


def _start_flusher() -> None:
    global _flusher
    if _flusher is None or not _flusher.is_alive():
        with _lock:
            if _flusher is None or not _flusher.is_alive():
                _flusher = threading.Thread(target=_flush_forever, name="verification-log", daemon=True)
                _flusher.start()


atexit.register(flush)
