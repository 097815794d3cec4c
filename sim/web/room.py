"""The addresses a trainee can type to reach `ladder serve`, and a QR code of the first one.

`lan_addresses` finds the machine's non-loopback IPv4 addresses with the standard library only
(no packet is sent: connecting a UDP socket only picks the outgoing interface), `room_urls` turns
the bound host into URLs a browser can open (never `0.0.0.0`), `qr_text` draws a URL as a QR code
in text for the terminal (segno).
"""

from __future__ import annotations

import contextlib
import io
import ipaddress
import socket
from urllib.parse import urlsplit

import segno

from sim.web.guard import WILDCARDS, is_loopback

PROBES = ("10.255.255.255", "192.0.2.1")  # never contacted: a UDP connect only chooses a route


def _usable(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return ip.version == 4 and not (ip.is_loopback or ip.is_unspecified or ip.is_link_local or ip.is_multicast)


def _routed_addresses() -> list[str]:
    found = []
    for probe in PROBES:
        with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.connect((probe, 1))
            found.append(str(udp.getsockname()[0]))
    return found


def _named_addresses() -> list[str]:
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        return []
    return [str(info[4][0]) for info in infos]


def lan_addresses() -> list[str]:
    """This machine's non-loopback IPv4 addresses, the one with the default route first."""
    seen: list[str] = []
    for address in _routed_addresses() + _named_addresses():
        if _usable(address) and address not in seen:
            seen.append(address)
    return seen


def url_for(host: str, port: int, scheme: str = "http") -> str:
    shown = f"[{host}]" if ":" in host else host
    default = (scheme == "http" and port == 80) or (scheme == "https" and port == 443)
    return f"{scheme}://{shown}/" if default else f"{scheme}://{shown}:{port}/"


def room_hosts(bound: str, lan: list[str] | None = None) -> list[str]:
    """The host names a browser should use: each LAN address when bound to every address, else the bound one."""
    if bound.strip("[]") in WILDCARDS:
        addresses = lan_addresses() if lan is None else lan
        return addresses or ["127.0.0.1"]
    return [bound.strip("[]")]


def reachable(url: str) -> bool:
    """True unless the URL's host is loopback (only this machine could open it)."""
    host = urlsplit(url).hostname
    return bool(host) and not is_loopback(host or "")


def qr_text(url: str) -> str:
    """The URL as a QR code drawn with block characters (two rows of modules a line)."""
    out = io.StringIO()
    segno.make(url, error="l").terminal(out=out, compact=True, border=2)
    return out.getvalue().rstrip("\n")


def qr_svg(url: str, scale: int = 5) -> str:
    """The URL as an inline SVG QR code, for the board a facilitator projects."""
    svg: str = segno.make(url, error="m").svg_inline(scale=scale, border=2, dark="#101418", light="#ffffff")
    return svg
