"""Who is asking: the one client-key helper (rate limits, logs). The address comes from
`X-Forwarded-For` only behind a trusted proxy (`BEHIND_PROXY`, `PROXY_COUNT`), read with django-ipware;
otherwise from the connection. Logs keep only a network prefix, never a full address. Public forms are slowed
down per client and per browser session by `client_allowance`; search, verification and downloads are limited per
client by `rate_limited` (429 with Retry-After), with the limits of the `OCOP_RATE_LIMITS` setting."""

import atexit
import functools
import hashlib
import ipaddress
import threading
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from ipware import get_client_ip

from .shared_cache import redis_client

BROWSERS = ("Zalo", "Edg", "Chrome", "Firefox", "Safari", "curl", "python", "wrk")


def client_address(request) -> str:
    if getattr(settings, "BEHIND_PROXY", False):
        address, _routable = get_client_ip(request, proxy_order="right-most",
                                           proxy_count=getattr(settings, "PROXY_COUNT", 1),
                                           request_header_order=["X_FORWARDED_FOR", "HTTP_X_FORWARDED_FOR"])
        if address:
            return address
    return request.META.get("REMOTE_ADDR", "") or ""


@functools.lru_cache(maxsize=4096)
def _network(address: str) -> str:
    try:
        ip = ipaddress.ip_address(address)
        return str(ipaddress.ip_network(f"{address}/{24 if ip.version == 4 else 48}", strict=False))
    except ValueError:
        return "?"


def client_network(request) -> str:
    """The client's network (/24 for IPv4, /48 for IPv6), or "?" when unknown."""
    return _network(client_address(request))


@functools.lru_cache(maxsize=4096)
def _network_key(secret: str, network: str) -> str:
    return hashlib.sha256(f"{secret}:{network}".encode()).hexdigest()[:32]


def client_key(request) -> str:
    """A stable, non-reversible key for the client's network (rate limits); both steps remembered for the
    addresses seen last (a scanning shop asks again and again)."""
    return _network_key(settings.SECRET_KEY, client_network(request))


def client_label(request) -> str:
    """Network prefix and browser family, for logs that must not hold personal data."""
    agent = request.headers.get("User-Agent", "")
    family = next((name for name in BROWSERS if name.lower() in agent.lower()), "other" if agent else "none")
    return f"{client_network(request)} {family}"[:80]


def _bump(key: str, window: int, by: int = 1, store=cache) -> int:
    """Add `by` to a counter of a cache (the shared one) that lives `window` seconds from its first use."""
    store.add(key, 0, window)
    try:
        return store.incr(key, by)
    except ValueError:  # expired between the two calls
        store.add(key, by, window)
        return by


def client_allowance(request, scope: str, *, per_client: int, per_session: int, window: int) -> int:
    """Count one use of `scope` (e.g. "inquiry") and say whether it is allowed: 0, or the seconds to wait.

    Two counts: per client network (`client_key`), in the shared cache so that every server process sees the
    same count (with Redis, `REDIS_URL`, the count is exact; the default file cache shares it between the
    processes of one machine) — a flood from one network stops there; and per browser session, which is what
    one person sends — so a second person behind the same address is not blocked by the first. A refused use
    is not counted."""
    session_key = f"allowance:{scope}"
    now = int(time.time())
    recent = [t for t in request.session.get(session_key, []) if isinstance(t, int) and now - t < window]
    if len(recent) >= per_session:
        return max(1, window - (now - min(recent)))
    client_bucket = f"allowance:{scope}:{client_key(request)}"
    if (cache.get(client_bucket) or 0) >= per_client:
        return window
    _bump(client_bucket, window)
    request.session[session_key] = [*recent, now]
    return 0


# -- per-client rate limits (search, verification, downloads) -------------------------------------------------


def _rate_client(request) -> str:
    """A logged-in person is counted alone (colleagues behind one office address do not share a count);
    everyone else by client network."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return client_key(request)


class _LocalCounts:
    """Uses of the rate limits counted in this process and added to the shared count in batches.

    A client's first use in this process reads its shared count. Then, while its count stays under `EXACT_FROM`
    of its limit and that reading is under `FLUSH_SECONDS` old, its uses are counted here alone and reach the
    shared count at the next flush (any request of this process flushes what is due, in one pipeline on Redis);
    otherwise every use goes to the shared count at once, so the limit itself is enforced across processes. What
    other processes have not flushed yet (at most one interval of their uses below an eighth of the limit) is the
    only slack. A client idle for an interval is forgotten here and read again at its next use. Counts are kept
    per cache alias: two aliases on one backend are two processes' clients (the tests use that)."""

    FLUSH_SECONDS = 1.0
    EXACT_FROM = 8  # an eighth of the limit
    MAX_KEYS = 50_000  # past this, everything is flushed and forgotten (many clients in one window)

    def __init__(self):
        self.lock = threading.Lock()
        # (alias, key) -> [uses not flushed, shared count last read, when it was read, the key's timeout]
        self.entries: dict[tuple[str, str], list] = {}
        self.flushed_at = time.monotonic()

    def use(self, alias: str, key: str, limit: int, timeout: int) -> int:
        """Count one use; the client's count as far as this process knows (exact in one process)."""
        now = time.monotonic()
        with self.lock:
            entry = self.entries.get((alias, key))
            if entry is None:  # its shared count unknown here: the first use reads it
                entry = self.entries[(alias, key)] = [0, 0, float("-inf"), timeout]
            entry[0] += 1
            local = entry[0] + entry[1] <= limit // self.EXACT_FROM and now - entry[2] < self.FLUSH_SECONDS
            due = now - self.flushed_at >= self.FLUSH_SECONDS or len(self.entries) > self.MAX_KEYS
            if local and not due:
                return entry[0] + entry[1]
            batch = self._take(alias, key if not due else None)
        try:
            totals = self._add(batch)
        except Exception:
            self._put_back(batch)
            raise
        with self.lock:
            for (each_alias, each_key), total in totals.items():
                if (kept := self.entries.get((each_alias, each_key))) is not None:
                    kept[1], kept[2] = total, time.monotonic()
            if due:
                self._forget_old(now)
            entry = self.entries.get((alias, key))
            return totals.get((alias, key), 0) + (entry[0] if entry else 0)

    def _take(self, alias: str, key: str | None) -> dict:
        """The unflushed uses to add: one client's, or (key None) everyone's; zeroed here."""
        if key is None:
            self.flushed_at = time.monotonic()
            chosen = [item for item in self.entries.items() if item[1][0]]
        else:
            chosen = [((alias, key), self.entries[(alias, key)])]
        batch = {}
        for name, entry in chosen:
            batch[name] = (entry[0], entry[3])
            entry[0] = 0
        return batch

    def _put_back(self, batch: dict) -> None:
        with self.lock:
            for name, (uses, timeout) in batch.items():
                self.entries.setdefault(name, [0, 0, float("-inf"), timeout])[0] += uses

    def _forget_old(self, now: float) -> None:
        """Drop what was flushed and not used for a flush interval (its window is counted in the shared cache)."""
        for name in [name for name, entry in self.entries.items()
                     if not entry[0] and now - entry[2] >= self.FLUSH_SECONDS]:
            del self.entries[name]

    def _add(self, batch: dict) -> dict:
        """Add the uses to the shared counts; the new totals. (When the cache fails, the caller puts the uses back.)"""
        totals = {}
        by_alias: dict[str, list] = {}
        for (alias, key), (uses, timeout) in batch.items():
            by_alias.setdefault(alias, []).append((key, uses, timeout))
        for alias, items in by_alias.items():
            store = caches[alias]
            client = redis_client(store)
            if client is not None:
                pipe = client.pipeline(transaction=False)
                for key, uses, timeout in items:
                    redis_key = store.make_and_validate_key(key)
                    pipe.set(redis_key, 0, ex=timeout, nx=True)
                    pipe.incrby(redis_key, uses)
                results = pipe.execute()
                totals.update({(alias, key): results[2 * n + 1] for n, (key, _uses, _t) in enumerate(items)})
                continue
            for key, uses, timeout in items:
                totals[(alias, key)] = _bump(key, timeout, uses, store)
        return totals

    def flush(self) -> None:
        """Add every unflushed use to the shared counts (at exit; tests)."""
        with self.lock:
            batch = self._take("", None)
        try:
            self._add(batch)
        except Exception:
            self._put_back(batch)
            raise

    def forget(self) -> None:
        with self.lock:
            self.entries.clear()


local_counts = _LocalCounts()


@atexit.register
def _flush_at_exit() -> None:
    try:
        local_counts.flush()
    except Exception:  # noqa: BLE001 - a process ending with its cache gone loses under a second of counts
        pass


def rate_wait(request, scope: str) -> int:
    """Count one request of `scope` for this client: 0 when allowed, else the seconds until the window ends.

    Fixed windows of `OCOP_RATE_LIMITS[scope] = (requests, seconds)`, counted in the cache `OCOP_RATE_CACHE` (the
    shared cache: Redis in production) so that every server process sees one count; uses far below the limit are
    counted in the process first and added in batches (`_LocalCounts`), so most requests make no round trip."""
    limit, window = settings.OCOP_RATE_LIMITS[scope]
    now = time.time()
    slot = int(now // window)
    alias = getattr(settings, "OCOP_RATE_CACHE", "default")
    used = local_counts.use(alias, f"rate:{scope}:{_rate_client(request)}:{slot}", limit, window + 5)
    if used <= limit:
        return 0
    return max(1, int((slot + 1) * window - now) + 1)


def too_many(request, wait: int, *, api: bool = False):
    """The 429 answer, in the caller's language, with Retry-After."""
    message = _("Too many requests from your connection in a short time. Please try again in %(seconds)s s.") % {
        "seconds": wait}
    if api:
        response = JsonResponse({"detail": message, "retry_after": wait}, status=429)
    else:
        response = render(request, "429.html", {"message": message}, status=429)
    response["Retry-After"] = str(wait)
    response["Cache-Control"] = "no-store"
    return response


def rate_limited(scope: str, *, api: bool = False):
    """Decorator for a view (a page, a download, or an API operation under its `@router` line): refused with
    429 once this client has used up `scope` for the current window."""
    def decorate(view):
        @functools.wraps(view)
        def limited(request, *args, **kwargs):
            wait = rate_wait(request, scope)
            if wait:
                return too_many(request, wait, api=api)
            return view(request, *args, **kwargs)
        limited.rate_scope = scope  # the API schema documents the 429 of limited operations
        return limited
    return decorate
