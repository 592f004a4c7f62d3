"""What is the same for everyone, kept in the shared cache (Redis in production) under the register's version.

Public pages and figures put what they computed here under `cached(name, parts, compute)`; the key names the
register's version and today's date, so a change to the register (`register_changed()`, called by the
recognition write path's receivers and by the daily counts) or a new day makes every entry obsolete at once
without deleting anything. Entries also expire after `TIMEOUT` seconds."""

import hashlib
import json

from django.core.cache import cache, caches
from django.utils import timezone

VERSION_KEY = "ocop:register-version"
TIMEOUT = 600


def register_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, None)
        version = cache.get(VERSION_KEY, 1)
    return version


def register_changed() -> None:
    """The register changed: what was cached from it is no longer used."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


def cached(name: str, parts, compute, timeout: int = TIMEOUT):
    """`compute()`, kept for everyone under `name` and `parts` (JSON-able) until the register changes."""
    digest = hashlib.sha1(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()
    key = f"ocop:{name}:{register_version()}:{timezone.localdate().isoformat()}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value


_redis_clients: dict = {}


def redis_client(store=None):
    """The raw Redis client of a cache (default: the shared cache) for pipelines and hashes the cache API lacks,
    made once per process (Django makes one per call); None when the cache is not Redis."""
    if store is None or store is cache:  # `cache` is a proxy: its class is never the backend's
        store = caches["default"]
    if store.__class__.__name__ != "RedisCache":
        return None
    where = tuple(store._servers)
    client = _redis_clients.get(where)
    if client is None:
        client = _redis_clients[where] = store._cache.get_client(write=True)
    return client
