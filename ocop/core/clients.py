"""Who is asking: the one client-key helper (rate limits, logs). The address comes from
`X-Forwarded-For` only behind a trusted proxy (`BEHIND_PROXY`, `PROXY_COUNT`), read with django-ipware;
otherwise from the connection. Logs keep only a network prefix, never a full address."""

import hashlib
import ipaddress

from django.conf import settings
from ipware import get_client_ip

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
