"""Who is asking: the client's address as far as this server can trust it.

The rate limit of public pages and the login lock-out both count per client address. Behind
reverse proxies the socket's peer (REMOTE_ADDR) is the proxy, the same for every citizen, so the
address has to come from X-Forwarded-For; but a client can write anything in that header. Each
proxy appends the address it received the request from, so with N trusted proxies in front
(settings.TRUSTED_PROXY_COUNT) the Nth address from the right is the one the outermost trusted
proxy saw, and everything left of it is the client's own claim, never trusted. With 0 (the
default, no proxy) the header is ignored altogether.

Counting (rate limit, login lock-out) goes by `client_network`: an IPv6 subscriber holds a whole
/64 and can change address at will within it, so the /64 is what identifies them, as
django-ratelimit does by default.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings

IPV6_PREFIX = 64


def client_address(request) -> str:
    """The client's IP address (IPv4 or IPv6, as text)."""
    peer = request.META.get("REMOTE_ADDR") or ""
    trusted = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if trusted <= 0:
        return peer
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < trusted:
        # The request did not pass through every configured proxy (or one of them does not set
        # the header): nothing in it can be trusted, the peer is the best we know.
        return peer
    candidate = forwarded[-trusted]
    return candidate if _is_ip_address(candidate) else peer


def client_network(request) -> str:
    """The address to count attempts by: the client's IPv4 address, or its IPv6 /64 network."""
    address = client_address(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/{IPV6_PREFIX}", strict=False).network_address)
    return address


def _is_ip_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
