"""The verification log: how many look-ups each certificate had, per hour, outcome and channel, counted without
a database write per scan and never dropped.

- With Redis as the shared cache (`REDIS_URL`), a scan is counted in the process's memory; every
  OCOP_VERIFY_LOG_SECONDS a thread of each web process adds what it counted to a Redis hash shared by every
  process (one pipeline of HINCRBY: atomic whatever the number of processes and machines). The task worker
  (`OCOP_PERIODIC_JOBS`) writes the hash to the database: a flush renames the hash (so new counts start a new
  one), writes its counts in one transaction together with the batch's name (`VerificationFlush`), then deletes
  it. A flush that fails (SQLite busy during a long import, PostgreSQL down) leaves the batch in Redis and the next
  flush writes it; a batch that two processes flush at once is written once (its name is unique). Web processes
  never write the log to the database: no request of theirs waits on it.
- Otherwise each process counts in memory and its thread writes the counts in batches; a failed write puts them
  back.

Every process also flushes at exit. With OCOP_VERIFY_LOG_BATCH = 1 (the test settings) every scan is written at
once. Counts are keyed by the hour they happened in, not the hour they were written."""

import atexit
import datetime as dt
import logging
import threading
import time
import uuid
from collections import Counter

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, connection, connections, transaction

from ocop.core.shared_cache import redis_client

from .models import Certificate, VerificationCount, VerificationFlush

log = logging.getLogger(__name__)

Key = tuple[int | None, str, str, str]  # certificate pk (None: matched none), hour (UTC, ISO), outcome, channel


def hour_of(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(minute=0, second=0, microsecond=0, tzinfo=None).isoformat()


def _upsert_sql(matched: bool) -> str:
    q = connection.ops.quote_name
    table = q(VerificationCount._meta.db_table)
    keys = ("certificate_id", "hour", "outcome", "channel") if matched else ("hour", "outcome", "channel")
    columns = ", ".join(q(c) for c in (*keys, "count"))
    target = ", ".join(q(c) for c in keys)
    where = "" if matched else f" WHERE {q('certificate_id')} IS NULL"
    marks = ", ".join(["%s"] * (len(keys) + 1))
    return (f"INSERT INTO {table} ({columns}) VALUES ({marks}) ON CONFLICT ({target}){where} "
            f"DO UPDATE SET {q('count')} = {table}.{q('count')} + excluded.{q('count')}")


def write_counts(counts: Counter, batch: str | None = None) -> int:
    """Add these counts to the log in one transaction (with the batch's name when it has one). Returns the
    number of scans written, 0 when the batch had been written already; raises when the database refuses."""
    hours = {}
    matched, unmatched = [], []
    for (certificate, hour, outcome, channel), n in counts.items():
        if hour not in hours:
            hours[hour] = connection.ops.adapt_datetimefield_value(dt.datetime.fromisoformat(hour).replace(tzinfo=dt.UTC))
        if certificate is None:
            unmatched.append((hours[hour], outcome, channel, n))
        else:
            matched.append((certificate, hours[hour], outcome, channel, n))
    try:
        with transaction.atomic():
            if batch is not None:
                VerificationFlush.objects.create(batch=batch)
            # Rows in one order for every process (by their unique key): two processes flushing at once then wait
            # for each other instead of deadlocking on PostgreSQL.
            matched = sorted(_of_existing_certificates(matched), key=lambda row: row[:4])
            unmatched = sorted(unmatched, key=lambda row: row[:3])
            with connection.cursor() as cursor:
                if matched:
                    cursor.executemany(_upsert_sql(True), matched)
                if unmatched:
                    cursor.executemany(_upsert_sql(False), unmatched)
    except IntegrityError:
        if batch is not None and VerificationFlush.objects.filter(batch=batch).exists():
            return 0  # another process wrote this batch
        raise
    return sum(counts.values())


def _of_existing_certificates(rows: list[tuple]) -> list[tuple]:
    """Counts of a certificate deleted since its scans would break the whole batch: they go with it."""
    ids = {row[0] for row in rows}
    existing = set()
    for chunk in (sorted(ids)[i:i + 2000] for i in range(0, len(ids), 2000)):
        existing.update(Certificate.objects.filter(pk__in=chunk).values_list("pk", flat=True))
    return [row for row in rows if row[0] in existing] if existing != ids else rows


class MemoryLog:
    """Counts in this process, written in batches; a failed write keeps them for the next flush."""

    def __init__(self):
        self.lock = threading.Lock()
        self.counts: Counter = Counter()

    def add(self, key: Key) -> None:
        with self.lock:
            self.counts[key] += 1

    def pending(self) -> int:
        with self.lock:
            return sum(self.counts.values())

    def flush(self) -> int:
        with self.lock:
            counts, self.counts = self.counts, Counter()
        if not counts:
            return 0
        try:
            return write_counts(counts)
        except Exception:
            with self.lock:
                self.counts.update(counts)  # kept: written by the next flush
            raise


class RedisLog:
    """Counts in a Redis hash shared by every process; batches renamed away (and listed in a set, so no key scan),
    written once, then deleted."""

    def __init__(self, client, prefix: str):
        self.client, self.prefix = client, prefix
        self.pending_key, self.batches_key = f"{prefix}:pending", f"{prefix}:batches"
        self.local = MemoryLog()  # this process's counts not yet added to the shared hash

    @staticmethod
    def field(key: Key) -> str:
        certificate, hour, outcome, channel = key
        return f"{certificate or ''}|{hour}|{outcome}|{channel}"

    @staticmethod
    def parse(field: bytes | str) -> Key:
        certificate, hour, outcome, channel = (field.decode() if isinstance(field, bytes) else field).split("|")
        return (int(certificate) if certificate else None, hour, outcome, channel)

    def add(self, key: Key) -> None:
        self.local.add(key)

    def push(self) -> int:
        """Add this process's counts to the shared hash, in one round trip; kept here when Redis refuses."""
        with self.local.lock:
            counts, self.local.counts = self.local.counts, Counter()
        if not counts:
            return 0
        try:
            pipe = self.client.pipeline(transaction=False)
            for key, n in counts.items():
                pipe.hincrby(self.pending_key, self.field(key), n)
            pipe.execute()
        except Exception:
            with self.local.lock:
                self.local.counts.update(counts)
            raise
        return sum(counts.values())

    def _batches(self) -> list[str]:
        return [n.decode() if isinstance(n, bytes) else n for n in self.client.smembers(self.batches_key)]

    def pending(self) -> int:
        return self.local.pending() + sum(
            int(v) for name in [self.pending_key, *self._batches()] for v in self.client.hvals(name))

    def flush(self) -> int:
        self.push()
        if self.client.exists(self.pending_key):
            batch = f"{self.prefix}:batch:{uuid.uuid4().hex}"
            pipe = self.client.pipeline(transaction=True)
            pipe.rename(self.pending_key, batch)  # fails harmlessly when another process renamed it first
            pipe.sadd(self.batches_key, batch)
            pipe.execute(raise_on_error=False)
        written = 0
        for name in self._batches():
            counts = Counter({self.parse(f): int(n) for f, n in self.client.hgetall(name).items()})
            if counts:
                written += write_counts(counts, batch=name.rsplit(":", 1)[1])  # raises: the batch stays for later
            pipe = self.client.pipeline(transaction=True)
            pipe.delete(name)
            pipe.srem(self.batches_key, name)
            pipe.execute()
        return written


_backend: MemoryLog | RedisLog | None = None
_backend_lock = threading.Lock()


def backend() -> MemoryLog | RedisLog:
    """Redis when the shared cache is Redis, else this process's memory."""
    global _backend
    if _backend is None:
        with _backend_lock:
            if _backend is None:
                client = redis_client()
                _backend = RedisLog(client, cache.make_key("ocop:verification-log")) if client else MemoryLog()
    return _backend


def add(certificate_pk: int | None, outcome: str, channel: str, when: dt.datetime) -> None:
    """Count one look-up. Never touches the database (unless OCOP_VERIFY_LOG_BATCH is 1)."""
    log_backend = backend()
    try:
        log_backend.add((certificate_pk, hour_of(when), outcome, channel))
    except Exception:  # noqa: BLE001 - Redis unreachable: count in memory rather than lose it or fail the scan
        log.exception("verification count kept in memory: the shared cache refused it")
        _fallback.add((certificate_pk, hour_of(when), outcome, channel))
    if getattr(settings, "OCOP_VERIFY_LOG_BATCH", 100) <= 1:
        flush()
    else:
        _start_flusher()


_fallback = MemoryLog()


def flush() -> int:
    """Write what is waiting; on failure log it and keep the counts for the next flush. Returns scans written."""
    written = 0
    for log_backend in {id(b): b for b in (backend(), _fallback)}.values():
        try:
            written += log_backend.flush()
        except Exception:  # noqa: BLE001 - kept for the next flush, never dropped
            log.warning("verification counts not written yet (kept for the next flush)", exc_info=True)
    return written


_flusher: threading.Thread | None = None


def push() -> int:
    """A web process's periodic step: with Redis, this process's counts go to the shared hash (the worker writes
    them to the database); without, they are written to the database."""
    log_backend = backend()
    if not isinstance(log_backend, RedisLog) or _fallback.pending():
        return flush()
    try:
        return log_backend.push()
    except Exception:  # noqa: BLE001 - kept in memory for the next push, never dropped
        log.warning("verification counts not sent to the shared cache yet (kept for the next push)", exc_info=True)
        return 0


def _flush_forever() -> None:
    while True:
        time.sleep(getattr(settings, "OCOP_VERIFY_LOG_SECONDS", 1.0))
        try:
            push()
        finally:
            connections.close_all()  # this thread's own connection


def _start_flusher() -> None:
    global _flusher
    if _flusher is None or not _flusher.is_alive():
        with _backend_lock:
            if _flusher is None or not _flusher.is_alive():
                _flusher = threading.Thread(target=_flush_forever, name="verification-log", daemon=True)
                _flusher.start()


def flush_at_exit(attempts: int = 5) -> None:
    """At exit, try a few times (a busy SQLite) before giving up loudly."""
    for attempt in range(attempts):
        flush()
        if not _in_memory():
            return
        time.sleep(0.5 * (attempt + 1))
    log.error("verification counts could not be written at exit: %d in memory", _in_memory())


def _in_memory() -> int:
    log_backend = backend()
    return _fallback.pending() + (log_backend.local if isinstance(log_backend, RedisLog) else log_backend).pending()


atexit.register(flush_at_exit)
