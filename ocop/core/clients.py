"""Who is asking: the one client-key helper (rate limits, logs). The address comes from
`X-Forwarded-For` only behind a trusted proxy (`BEHIND_PROXY`, `PROXY_COUNT`), read with django-ipware;
otherwise from the connection. Logs keep only a network prefix, never a full address. Public forms are slowed
down per client and per browser session by `client_allowance`; search, verification and downloads are limited per
client by `rate_limited` (429 with Retry-After), with the limits of the `OCOP_RATE_LIMITS` setting."""

import functools
import hashlib
import ipaddress
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


def client_network(request) -> str:
    """The client's network (/24 for IPv4, /48 for IPv6), or "?" when unknown."""
    address = client_address(request)
    try:
        ip = ipaddress.ip_address(address)
        return str(ipaddress.ip_network(f"{address}/{24 if ip.version == 4 else 48}", strict=False))
    except ValueError:
        return "?"


def client_key(request) -> str:
    """A stable, non-reversible key for the client's network (rate limits)."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{client_network(request)}".encode()).hexdigest()[:32]


def client_label(request) -> str:
    """Network prefix and browser family, for logs that must not hold personal data."""
    agent = request.headers.get("User-Agent", "")
    family = next((name for name in BROWSERS if name.lower() in agent.lower()), "other" if agent else "none")
    return f"{client_network(request)} {family}"[:80]


def _bump(key: str, window: int) -> int:
    """Add one to a counter of the shared cache that lives `window` seconds from its first use."""
    cache.add(key, 0, window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.add(key, 1, window)
        return 1


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


def rate_wait(request, scope: str) -> int:
    """Count one request of `scope` for this client: 0 when allowed, else the seconds until the window ends.

    Fixed windows of `OCOP_RATE_LIMITS[scope] = (requests, seconds)`, counted atomically in the cache
    `OCOP_RATE_CACHE` (the shared cache: Redis in production, where the count is one round trip: SET NX with the
    window's expiry and INCR in one pipeline), so every server process sees one count."""
    limit, window = settings.OCOP_RATE_LIMITS[scope]
    now = time.time()
    slot = int(now // window)
    store = caches[getattr(settings, "OCOP_RATE_CACHE", "default")]
    key = f"rate:{scope}:{_rate_client(request)}:{slot}"
    client = redis_client(store)
    if client is not None:
        redis_key = store.make_and_validate_key(key)
        pipe = client.pipeline(transaction=False)
        pipe.set(redis_key, 0, ex=window + 5, nx=True)
        pipe.incr(redis_key)
        used = pipe.execute()[1]
    else:
        store.add(key, 0, window + 5)
        try:
            used = store.incr(key)
        except ValueError:  # evicted between the two calls
            store.add(key, 1, window + 5)
            used = 1
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
