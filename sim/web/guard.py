"""Request guards for the web server, free of any web framework so they are easy to test.

`HostGuard` decides whether a request's Host header and a WebSocket's Origin header name this
server: the address it is bound to, localhost/127.0.0.1/::1 when that is loopback, and names
given with `--allow-host` (or the host of `--public-url`). Trusting any Host lets a page on
evil.example, resolved to 127.0.0.1 (DNS rebinding), talk to the server as if same-origin.
`clamp_size` bounds the terminal size a browser asks for.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from urllib.parse import urlsplit

MIN_WIDTH, MAX_WIDTH = 20, 300
MIN_HEIGHT, MAX_HEIGHT = 10, 120
DEFAULT_SIZE = (80, 24)
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARDS = frozenset({"0.0.0.0", "::", ""})


def is_loopback(host: str) -> bool:
    """True for `localhost` and loopback addresses (127.0.0.0/8, ::1, with or without brackets)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _to_int(value: object, default: int) -> int:
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return default
    return default


def clamp_size(width: object, height: object) -> tuple[int, int]:
    """A terminal size within 20..300 x 10..120; anything not an integer gets the default 80x24."""
    w = min(max(_to_int(width, DEFAULT_SIZE[0]), MIN_WIDTH), MAX_WIDTH)
    h = min(max(_to_int(height, DEFAULT_SIZE[1]), MIN_HEIGHT), MAX_HEIGHT)
    return w, h


def hostname_of(host_header: str | None) -> str | None:
    """The lower-case name or address in a Host header (`name`, `name:port`, `[::1]:port`), or None."""
    if not host_header or any(c in host_header for c in "/?#@ \t\\"):
        return None
    try:
        parts = urlsplit("//" + host_header)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return None
    return parts.hostname or None


class HostGuard:
    """The allow-list of names a browser may use to reach this server."""

    def __init__(self, bound: str, allow_hosts: Iterable[str] = (), public_url: str | None = None):
        bound = bound.strip("[]").lower()
        self.wildcard = bound in WILDCARDS
        names = set() if self.wildcard else {bound}
        if is_loopback(bound):
            names |= LOOPBACK_NAMES
        names |= {h.strip().strip("[]").lower() for h in allow_hosts if h.strip()}
        if public_url:
            public = urlsplit(public_url).hostname
            if public:
                names.add(public.lower())
        self.names = frozenset(names)

    def name_ok(self, hostname: str | None) -> bool:
        """A listed name, or, when bound to every address, any IP address (a page cannot rebind those)."""
        if not hostname:
            return False
        return hostname in self.names or (self.wildcard and _is_ip(hostname))

    def host_ok(self, host_header: str | None) -> bool:
        return self.name_ok(hostname_of(host_header))

    def origin_ok(self, origin: str | None) -> bool:
        """No Origin (not a browser) passes; a browser's Origin must be http(s) on an allowed name."""
        if origin is None:
            return True
        try:
            parts = urlsplit(origin.strip())
            parts.port  # noqa: B018
        except ValueError:
            return False
        return parts.scheme in ("http", "https") and self.name_ok(parts.hostname)

    def describe(self) -> str:
        names = ", ".join(sorted(self.names)) or "none"
        return names + (" and any IP address" if self.wildcard else "")
