"""sim.web.guard: the Host/Origin allow-list and the terminal-size clamp, as plain functions."""

from __future__ import annotations

import pytest

from sim.web.guard import HostGuard, clamp_size, hostname_of, is_loopback


@pytest.mark.parametrize(
    ("width", "height", "want"),
    [
        ("100", "30", (100, 30)),
        ("100000", "99999", (300, 120)),
        ("-5", "0", (20, 10)),
        ("abc", None, (80, 24)),
        (10**12, 2.5, (300, 24)),
        (True, [], (80, 24)),
        (" 90 ", "40", (90, 40)),
    ],
)
def test_clamp_size(width: object, height: object, want: tuple[int, int]) -> None:
    assert clamp_size(width, height) == want


def test_loopback_names_are_allowed_only_when_bound_to_loopback() -> None:
    guard = HostGuard("127.0.0.1", ["Ladder.Example"])
    for host in ("127.0.0.1:8000", "localhost:8000", "LOCALHOST", "[::1]:8000", "ladder.example:80"):
        assert guard.host_ok(host), host
    for bad in (
        "evil.example:8000",
        "127.0.0.1.evil.example",
        "",
        None,
        "localhost:notaport",
        "evil.example@127.0.0.1",
        "192.168.1.5:8000",
    ):
        assert not guard.host_ok(bad), bad
    remote = HostGuard("192.168.1.5")
    assert remote.host_ok("192.168.1.5:8000") and not remote.host_ok("localhost:8000")


def test_origin_must_name_an_allowed_host() -> None:
    guard = HostGuard("127.0.0.1", public_url="https://room.example/ladder")
    assert guard.origin_ok(None)  # not a browser
    assert guard.origin_ok("http://127.0.0.1:8000") and guard.origin_ok("https://room.example")
    for origin in ("http://evil.example:8000", "null", "file://", "http://localhost:bad", "ftp://127.0.0.1"):
        assert not guard.origin_ok(origin), origin


def test_a_wildcard_bind_answers_ip_addresses_and_listed_names_only() -> None:
    guard = HostGuard("0.0.0.0", ["trainer-laptop"])
    assert guard.host_ok("10.0.0.7:8000") and guard.host_ok("trainer-laptop:8000")
    assert not guard.host_ok("evil.example:8000")
    assert "any IP address" in guard.describe()


def test_helpers() -> None:
    assert hostname_of("[::1]:8000") == "::1" and hostname_of("Name:1") == "name"
    assert is_loopback("127.0.0.2") and is_loopback("[::1]") and not is_loopback("10.0.0.1")
