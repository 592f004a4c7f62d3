"""The verification log (issue 16.2, 16.6): counts per certificate and hour, no database write per scan, and not
one count lost — across two processes sharing Redis, when the database is locked during a flush, and when two
processes flush the same batch."""

import datetime as dt
import threading
import uuid
from collections import Counter

import pytest
from django.db import OperationalError
from django.db.models import Sum

from ocop.certificates import verification_log
from ocop.certificates.models import VerificationCount, VerificationFlush
from ocop.certificates.selectors import office_certificates

from ..conftest import make_producer, make_product, recognise

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()
NOW = dt.datetime(2026, 11, 24, 9, 41, tzinfo=dt.UTC)
REDIS_URL = "redis://127.0.0.1:6379/7"


@pytest.fixture(autouse=True)
def _own_log(monkeypatch, settings):
    settings.OCOP_VERIFY_LOG_BATCH = 1000  # counted, written only by flush()
    monkeypatch.setattr(verification_log, "_backend", verification_log.MemoryLog())
    monkeypatch.setattr(verification_log, "_fallback", verification_log.MemoryLog())
    monkeypatch.setattr(verification_log, "_start_flusher", lambda: None)


@pytest.fixture
def certificates(province):
    producer = make_producer(province)
    return [recognise(make_product(producer, name=f"Sản phẩm {i}"), stars=3, day=TODAY - dt.timedelta(days=30)).certificate
            for i in range(3)]


def _total(**filters) -> int:
    return VerificationCount.objects.filter(**filters).aggregate(n=Sum("count"))["n"] or 0


def _locked_once(monkeypatch, times=1):
    """The database answers "locked" to the next `times` flushes (SQLite busy during a long import)."""
    real = verification_log.write_counts
    state = {"left": times}

    def write(counts, batch=None):
        if state["left"]:
            state["left"] -= 1
            raise OperationalError("database is locked")
        return real(counts, batch)

    monkeypatch.setattr(verification_log, "write_counts", write)


def test_scans_are_counted_per_certificate_hour_outcome_and_channel_without_a_write_each(client, certificates):
    first = certificates[0]
    for _ in range(3):
        assert client.get(f"/api/v1/verify/{first.public_id}").status_code == 200
    client.get(f"/v/{first.public_id}")
    client.get("/api/v1/verify/ABCD-EFGH-JK0")  # malformed or unknown: counted without a certificate
    assert not VerificationCount.objects.exists()  # nothing written yet: counted in memory
    assert verification_log.flush() == 5
    assert _total(certificate=first, channel="api", outcome="in_force") == 3
    assert _total(certificate=first, channel="page") == 1
    assert _total(certificate__isnull=True) == 1
    assert VerificationCount.objects.filter(certificate=first).count() == 2  # one row per channel this hour
    for _ in range(2):
        client.get(f"/api/v1/verify/{first.public_id}")
    verification_log.flush()
    assert VerificationCount.objects.get(certificate=first, channel="api").count == 5  # added to the hour's row


def test_a_locked_database_delays_the_counts_and_loses_none(monkeypatch, certificates):
    for c in certificates:
        for _ in range(4):
            verification_log.add(c.pk, "in_force", "api", NOW)
    _locked_once(monkeypatch, times=2)
    assert verification_log.flush() == 0 and verification_log.flush() == 0
    assert not VerificationCount.objects.exists() and verification_log.backend().pending() == 12
    verification_log.add(certificates[0].pk, "in_force", "page", NOW)  # scans go on meanwhile
    assert verification_log.flush() == 13
    assert _total() == 13 and verification_log.backend().pending() == 0


def test_hours_are_kept_apart_and_unmatched_numbers_share_one_row_per_hour(certificates):
    later = NOW + dt.timedelta(hours=1)
    for when in (NOW, NOW, later):
        verification_log.add(certificates[1].pk, "in_force", "api", when)
        verification_log.add(None, "unknown", "api", when)
    verification_log.flush()
    rows = {(r.certificate_id, r.hour, r.outcome): r.count for r in VerificationCount.objects.all()}
    hour = NOW.replace(minute=0)
    assert rows == {(certificates[1].pk, hour, "in_force"): 2, (certificates[1].pk, hour + dt.timedelta(hours=1), "in_force"): 1,
                    (None, hour, "unknown"): 2, (None, hour + dt.timedelta(hours=1), "unknown"): 1}


def test_a_batch_is_written_once_even_when_two_processes_flush_it(certificates):
    counts = Counter({(certificates[0].pk, verification_log.hour_of(NOW), "in_force", "api"): 7})
    assert verification_log.write_counts(counts, batch="b1") == 7
    assert verification_log.write_counts(counts, batch="b1") == 0
    assert _total() == 7 and VerificationFlush.objects.filter(batch="b1").count() == 1


def test_offices_see_the_counts_on_the_list_and_the_certificate(client, users, certificates):
    for _ in range(6):
        verification_log.add(certificates[2].pk, "in_force", "api", NOW)
    verification_log.add(certificates[2].pk, "in_force", "page", NOW + dt.timedelta(hours=3))
    verification_log.flush()
    listed = {c.pk: c.scans for c in office_certificates(users["province"], view="all")}
    assert listed[certificates[2].pk] == 7 and listed[certificates[0].pk] == 0
    assert office_certificates(users["other_province"], view="all").count() == 0
    client.force_login(users["province"])
    page = client.get(f"/certificates/{certificates[2].public_id}/").content.decode()
    assert "<dd>7</dd>" in page
    client.force_login(users["other_province"])
    assert client.get(f"/certificates/{certificates[2].public_id}/").status_code == 404


# -- Redis: the shared cache of production -------------------------------------------------------

def _redis():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis is not running")
    return redis


@pytest.fixture
def prefix():
    redis = _redis()
    name = f"test-ocop-vlog-{uuid.uuid4().hex}"
    yield name
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(match=f"{name}*"):
        client.delete(key)


def test_two_processes_count_into_redis_and_a_locked_flush_loses_nothing(monkeypatch, prefix, certificates):
    redis = _redis()
    # two web processes, each with its own connection to Redis
    one = verification_log.RedisLog(redis.Redis.from_url(REDIS_URL), prefix)
    two = verification_log.RedisLog(redis.Redis.from_url(REDIS_URL), prefix)
    keys = [(c.pk, verification_log.hour_of(NOW), "in_force", "api") for c in certificates]

    def scan(log, n):
        for i in range(n):
            log.add(keys[i % len(keys)])

    threads = [threading.Thread(target=scan, args=(log, 300)) for log in (one, two, one, two)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert one.pending() == two.pending() == 600  # each process's own, not sent yet: no round trip per scan
    assert one.push() == two.push() == 600  # the web processes' periodic step: one pipeline each
    assert one.pending() == two.pending() == 1200 and not VerificationCount.objects.exists()
    _locked_once(monkeypatch)
    with pytest.raises(OperationalError):
        one.flush()  # the batch stays in Redis
    scan(two, 30)  # scans go on while the database is busy
    assert not VerificationCount.objects.exists() and two.pending() == 1230
    assert two.flush() == 1230  # the leftover batch and the new scans, by the other process
    assert one.flush() == 0 and two.pending() == 0
    assert _total() == 1230
    assert _total(certificate=certificates[0]) == 410


def test_redis_unreachable_counts_in_memory_instead(monkeypatch, certificates):
    class Down:
        def add(self, key):
            raise ConnectionError("Redis is down")

        def flush(self):
            raise ConnectionError("Redis is down")

    monkeypatch.setattr(verification_log, "_backend", Down())
    verification_log.add(certificates[0].pk, "in_force", "api", NOW)
    assert verification_log.flush() == 1 and _total() == 1


def test_the_workers_periodic_job_writes_the_waiting_counts(settings, certificates, monkeypatch):
    from ocop.core import scheduler

    monkeypatch.setattr(scheduler, "close_old_connections", lambda: None)  # the test's own connection stays open

    verification_log.add(certificates[0].pk, "in_force", "api", NOW)
    scheduler.run_periodic("verification_log", settings.OCOP_PERIODIC_JOBS["verification_log"])
    assert _total() == 1
    scheduler.run_periodic("broken", {"call": "ocop.certificates.verification_log.no_such_function"})  # survives


def test_with_redis_a_web_process_sends_its_counts_to_redis_and_the_worker_writes_them(monkeypatch, settings, prefix,
                                                                                        certificates):
    """The web processes' thread never writes the log to the database (it held requests up); the worker does."""
    redis = _redis()
    web = verification_log.RedisLog(redis.Redis.from_url(REDIS_URL), prefix)
    monkeypatch.setattr(verification_log, "_backend", web)
    settings.OCOP_VERIFY_LOG_BATCH = 100  # as in production: no write per scan
    for certificate in certificates:
        verification_log.add(certificate.pk, "in_force", "api", NOW)
    assert not redis.Redis.from_url(REDIS_URL).exists(web.pending_key)  # counted in the process
    assert verification_log.push() == len(certificates)
    assert not VerificationCount.objects.exists()
    assert verification_log.flush() == len(certificates) and _total() == len(certificates)
    assert web.pending() == 0


def test_with_redis_as_the_shared_cache_the_log_counts_in_redis(monkeypatch, settings):
    """The shared cache is reached through Django's `cache` proxy, whose class is not the backend's: the log once
    fell back to each process's memory with Redis configured."""
    _redis()
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                                   "KEY_PREFIX": f"test-ocop-{uuid.uuid4().hex}"}}
    monkeypatch.setattr(verification_log, "_backend", None)
    assert isinstance(verification_log.backend(), verification_log.RedisLog)
