"""Per-client rate limits for search, verification and downloads (`ocop.core.clients.rate_limited`), counted in
the shared cache so that every server process sees the same count. Outside test: 67,000 verifications in 30 s from
one client, four anonymous register downloads stalling the site, limits kept in each process's memory."""

import datetime as dt
import os
import uuid

import pytest
from django.conf import settings
from django.test import RequestFactory, override_settings

import ocop.settings as production
from ocop.core.clients import rate_wait
from ocop.env import env_rates

from .conftest import make_producer, make_product, recognise

pytestmark = pytest.mark.django_db
HOUR = 3600  # windows far longer than a test, so that none ends in the middle of one


def two_processes(tmp_path):
    """Two cache clients on one backend, as two gunicorn processes have: the file cache of one machine, and Redis
    when TEST_REDIS_URL names a database to use."""
    redis_url = os.environ.get("TEST_REDIS_URL")
    if redis_url:
        backend = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url,
                   "KEY_PREFIX": f"{tmp_path.name}-{uuid.uuid4().hex}"}
    else:
        backend = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path)}
    return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
            "process_a": dict(backend), "process_b": dict(backend)}


@pytest.fixture
def limits(tmp_path):
    def apply(**scopes):
        rates = {**settings.OCOP_RATE_LIMITS, **scopes}
        return override_settings(CACHES=two_processes(tmp_path), OCOP_RATE_LIMITS=rates, OCOP_RATE_CACHE="process_a")
    return apply


def test_the_verification_limit_holds_across_two_processes_and_only_for_that_client(client, limits):
    with limits(verify=(3, HOUR)):
        assert client.get("/api/v1/verify/OCOP-XXXX").status_code != 429
        assert client.get("/api/v1/verify/OCOP-XXXX").status_code != 429
        with override_settings(OCOP_RATE_CACHE="process_b"):  # the next request lands on the other process
            assert client.get("/api/v1/verify/OCOP-XXXX").status_code != 429
            refused = client.get("/api/v1/verify/OCOP-XXXX", HTTP_ACCEPT_LANGUAGE="vi")
        assert refused.status_code == 429
        wait = int(refused["Retry-After"])
        assert 0 < wait <= HOUR and refused.json()["retry_after"] == wait
        assert "Vui lòng thử lại sau" in refused.json()["detail"]
        assert client.get("/api/v1/verify/OCOP-XXXX").status_code == 429  # and on the first process too
        # another client (another network) is not blocked; nor is the same client on another kind of page
        assert client.get("/api/v1/verify/OCOP-XXXX", REMOTE_ADDR="203.0.113.7").status_code != 429
        assert client.get("/api/v1/products?q=mat+ong").status_code == 200


def test_the_refusal_speaks_english_to_an_english_browser(client, limits):
    with limits(verify=(1, HOUR)):
        client.get("/v/OCOP-XXXX")
        page = client.get("/v/OCOP-XXXX", HTTP_ACCEPT_LANGUAGE="en")
        assert page.status_code == 429 and page["Retry-After"]
        assert "Too many requests from your connection" in page.content.decode()
        vietnamese = client.get("/v/OCOP-XXXX", HTTP_ACCEPT_LANGUAGE="vi", REMOTE_ADDR="127.0.0.1")
        assert "Quá nhiều yêu cầu" in vietnamese.content.decode()


@pytest.mark.parametrize("url,scope", [
    ("/?q=mat+ong", "search"),
    ("/register/?q=mat+ong", "search"),
    ("/api/v1/products?q=mat+ong", "search"),
    ("/api/v1/producers?q=mat+ong", "search"),
    ("/v/OCOP-XXXX", "verify"),
    ("/check/?number=OCOP-XXXX", "verify"),
    ("/p/NOPE/", "verify"),
    ("/open-data/register.csv", "export"),
    ("/open-data/register.json", "export"),
    ("/open-data/register.xlsx", "export"),
    ("/dashboard/register.xlsx", "export"),
])
def test_search_verification_and_downloads_are_limited(client, limits, url, scope):
    with limits(**{scope: (2, HOUR)}):
        first, second = client.get(url), client.get(url)
        assert first.status_code != 429 and second.status_code != 429
        third = client.get(url)
        assert third.status_code == 429 and int(third["Retry-After"]) > 0
        assert client.get(url, REMOTE_ADDR="198.51.100.20").status_code != 429


def test_certificate_pdfs_are_limited_per_person_not_per_office_address(client, users, province, limits):
    product = make_product(make_producer(province), name="Mật ong rừng U Minh Hạ")
    certificate = recognise(product, stars=4, day=dt.date.today() - dt.timedelta(days=30)).certificate
    url = f"/certificates/{certificate.public_id}/pdf/"
    with limits(pdf=(1, HOUR)):
        client.force_login(users["province"])
        assert client.get(url).status_code == 200
        assert client.get(url).status_code == 429
        client.force_login(users["central"])  # a colleague at the same address
        assert client.get(url).status_code == 200


def test_the_default_limits_let_a_shop_scan_a_package_every_second():
    """A shop checking every package it receives: one scan a second for ten minutes, and searches alongside."""
    request = RequestFactory().get("/v/OCOP-XXXX", REMOTE_ADDR="192.0.2.10")
    request.user = type("Anonymous", (), {"is_authenticated": False})()
    with override_settings(OCOP_RATE_LIMITS=production.OCOP_RATE_LIMITS):
        assert all(rate_wait(request, "verify") == 0 for _scan in range(600))
        assert all(rate_wait(request, "search") == 0 for _search in range(300))


def test_limits_are_tuned_from_the_environment(monkeypatch):
    monkeypatch.setenv("OCOP_RATE_LIMITS", "verify=3000/600, export=5/60")
    rates = env_rates("OCOP_RATE_LIMITS", {"verify": (1200, 600), "search": (600, 300)})
    assert rates == {"verify": (3000, 600), "export": (5, 60), "search": (600, 300)}


def _anonymous(address: str):
    request = RequestFactory().get("/api/v1/verify/OCOP-XXXX", REMOTE_ADDR=address)
    request.user = type("Anonymous", (), {"is_authenticated": False})()
    return request


def _shared_count(alias: str, request, scope: str = "verify") -> int:
    from django.core.cache import caches

    from ocop.core.clients import _rate_client

    limit, window = settings.OCOP_RATE_LIMITS[scope]
    return caches[alias].get(f"rate:{scope}:{_rate_client(request)}:{int(__import__('time').time() // window)}") or 0


def test_uses_far_below_the_limit_are_counted_in_the_process_and_none_is_lost(limits):
    """Below an eighth of the limit a process makes no round trip per use; its uses reach the shared count at the
    next flush, all of them."""
    from ocop.core.clients import local_counts

    request = _anonymous("192.0.2.30")
    with limits(verify=(800, HOUR)):
        assert all(rate_wait(request, "verify") == 0 for _use in range(60))
        assert _shared_count("process_a", request) < 60  # not one write per use
        local_counts.flush()
        assert _shared_count("process_a", request) == 60
        local_counts.flush()  # flushing again adds nothing
        assert _shared_count("process_a", request) == 60


def test_near_its_limit_a_client_is_counted_exactly_across_processes(limits):
    """Past an eighth of the limit every use goes to the shared count: two processes together allow exactly the
    limit, and every use the first one counted locally is in the total."""
    request = _anonymous("192.0.2.31")
    with limits(verify=(80, HOUR)):
        assert all(rate_wait(request, "verify") == 0 for _use in range(60))  # 10 counted locally, then exact
        with override_settings(OCOP_RATE_CACHE="process_b"):
            assert all(rate_wait(request, "verify") == 0 for _use in range(20))
            assert rate_wait(request, "verify") > 0
        assert rate_wait(request, "verify") > 0
        assert _shared_count("process_a", request) >= 80


def test_a_process_reads_the_shared_count_again_after_a_flush_interval(limits, monkeypatch):
    """The slack of local counting is one flush interval: with an interval of zero, a process that has just
    started counting a client refuses it as soon as another process has used the limit up."""
    from ocop.core.clients import local_counts

    request = _anonymous("192.0.2.32")
    with limits(verify=(800, HOUR)):
        assert all(rate_wait(request, "verify") == 0 for _use in range(800))
        assert rate_wait(request, "verify") > 0
        monkeypatch.setattr(local_counts, "FLUSH_SECONDS", 0.0)
        with override_settings(OCOP_RATE_CACHE="process_b"):
            assert rate_wait(request, "verify") > 0


def test_a_client_idle_for_a_moment_is_read_again_not_counted_from_zero(limits):
    """A client at its limit, idle for longer than a flush interval, is forgotten by the process; its next use
    reads the shared count again (bursts after pauses do not get an eighth of the limit each time)."""
    from ocop.core.clients import local_counts

    request = _anonymous("192.0.2.33")
    with limits(verify=(800, HOUR)):
        assert all(rate_wait(request, "verify") == 0 for _use in range(800))
        local_counts.flush()
        for entry in local_counts.entries.values():  # a pause of two flush intervals
            entry[2] -= 2 * local_counts.FLUSH_SECONDS
        local_counts.flushed_at -= 2 * local_counts.FLUSH_SECONDS
        assert rate_wait(_anonymous("203.0.113.99"), "verify") == 0  # another client's use: the due flush forgets
        assert all(rate_wait(request, "verify") > 0 for _burst in range(100))
        assert _shared_count("process_a", request) >= 900
