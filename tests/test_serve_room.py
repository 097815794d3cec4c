"""`ladder serve` in a room: the LAN addresses and QR code it prints (accepted by its host guard),
a page that loads nothing from another host, and the keyboard focus on the game when it loads."""

from __future__ import annotations

import asyncio
import re
import shutil
import urllib.request
from pathlib import Path

import pytest
import segno

from sim.web import room
from sim.web.guard import HostGuard
from tests.servekit import ANSI, client, free_port, join, serve, start_server, stop_server

URL = re.compile(r"""https?://[^\s"'<>)]+""")


# Recorded in the page before its own scripts run: the keys the page sends to the game.
RECORD_KEYS = """
window.typedKeys = [];
const send = WebSocket.prototype.send;
WebSocket.prototype.send = function (data) {
  try {
    const [kind, text] = JSON.parse(data);
    if (kind === "stdin") window.typedKeys.push(text);
  } catch (e) {}
  return send.call(this, data);
};
"""


def test_lan_addresses_are_ipv4_and_never_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(room, "_routed_addresses", lambda: ["10.1.2.3", "127.0.1.1"])
    monkeypatch.setattr(room, "_named_addresses", lambda: ["127.0.0.1", "192.168.4.7", "10.1.2.3", "0.0.0.0"])
    assert room.lan_addresses() == ["10.1.2.3", "192.168.4.7"]
    assert all(room.reachable(f"http://{a}:8000/") for a in room.lan_addresses())


def test_room_hosts_replace_the_wildcard_and_the_guard_accepts_them() -> None:
    assert room.room_hosts("0.0.0.0", ["10.1.2.3", "192.168.4.7"]) == ["10.1.2.3", "192.168.4.7"]
    assert room.room_hosts("::", []) == ["127.0.0.1"]  # no network at all: this machine only
    assert room.room_hosts("192.168.4.7") == ["192.168.4.7"]
    guard = HostGuard("0.0.0.0", ["10.1.2.3"])
    assert guard.host_ok("10.1.2.3:8000") and "10.1.2.3" in guard.describe()
    assert room.url_for("10.1.2.3", 8443, "https") == "https://10.1.2.3:8443/"
    assert room.url_for("fe80::1", 80) == "http://[fe80::1]/"
    assert not room.reachable("http://127.0.0.1:8000/") and not room.reachable("http://[::1]:8000/")


def test_the_qr_code_is_the_url_drawn_in_blocks() -> None:
    url = "http://192.168.4.7:8000/"
    lines = room.qr_text(url).splitlines()
    width = segno.make(url, error="l").symbol_size(border=2)[0]
    assert len(lines) == (width + 1) // 2 and {len(line) for line in lines} == {width}
    assert set("".join(lines)) <= set(" █▀▄")


def test_a_room_server_prints_addresses_a_trainee_can_type(tmp_path: Path) -> None:
    """Bound to every address: each LAN address is printed (never 0.0.0.0) and answered."""
    served = start_server(tmp_path, "--host", "0.0.0.0", "--allow-remote")
    try:
        assert served.proc.stdout is not None
        first = served.proc.stdout.readline().decode()
        assert "0.0.0.0" not in first and first.startswith("Commitment Ladder: open http://")
        address = first.split("http://", 1)[1].split(":", 1)[0]
        assert address in (room.lan_addresses() or ["127.0.0.1"])
        request = urllib.request.Request(served.url, headers={"Host": f"{address}:{served.port}"})
        with urllib.request.urlopen(request, timeout=20) as page:  # noqa: S310 - our own server
            assert page.status == 200 and 'action="/join"' in page.read().decode()  # answered: the join page
    finally:
        stop_server(served)
    if room.reachable(f"http://{address}/"):
        out = served.proc.stdout.read().decode()
        assert "█" in out  # the QR code followed the URLs


def test_the_page_loads_nothing_from_another_host(tmp_path: Path) -> None:
    async def pages(url: str) -> tuple[str, str]:
        async with client() as http:
            async with http.get(url) as page:
                join_page = await page.text()
            await join(http, url, "Ann")
            async with http.get(url) as page:
                return join_page, await page.text()

    for served in serve(tmp_path):
        join_page, html = asyncio.run(pages(served.url))
        assert not URL.findall(join_page) and "googleapis" not in join_page  # its one stylesheet is ours
        assert '<link rel="stylesheet" href="/room-static/room.css">' in join_page
        with urllib.request.urlopen(served.url + "room-static/room.css", timeout=20) as css:  # noqa: S310
            assert css.status == 200 and "@import" not in css.read().decode()
        urls = URL.findall(html)
        assert urls, "the page names its static files"
        assert all(u.startswith(f"http://127.0.0.1:{served.port}/") for u in urls), urls
        assert "googleapis" not in html and "@font-face" in html
        for url in urls:  # the font and script it names are served here
            with urllib.request.urlopen(url, timeout=20) as static:  # noqa: S310 - our own server
                assert static.status == 200


def test_the_game_has_the_keyboard_when_the_page_loads(tmp_path: Path) -> None:
    """No click: the terminal takes the focus, so the name typed straight away reaches the game."""
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("chromium not installed (Debian package chromium)")
    from tests.cdp import Browser

    async def main(url: str) -> tuple[str, str]:
        async with Browser(chromium, free_port(), tmp_path / "chromium") as browser:
            page = await browser.page()
            await page.send("Page.enable")
            await page.send("Page.addScriptToEvaluateOnNewDocument", source=RECORD_KEYS)
            await page.goto(url)
            await page.wait_for("document.activeElement && document.activeElement.id === 'name'", 20)
            await page.type("Zoltan")  # the join page's name field has the focus: no click
            await page.key("enter")
            await page.wait_for("document.body.classList.contains('-first-byte')", 30)
            await asyncio.sleep(1.5)
            focused = await page.eval(
                "document.activeElement && document.activeElement.closest('#terminal') ? "
                "document.activeElement.tagName : String(document.activeElement && document.activeElement.tagName)"
            )
            await page.type("Zoltan")
            await asyncio.sleep(1.5)
            typed = await page.eval("window.typedKeys.join('')")
            return str(focused), str(typed)

    for served in serve(tmp_path):
        focused, typed = asyncio.run(asyncio.wait_for(main(served.url), 60))
        assert focused == "TEXTAREA"
        assert ANSI.sub("", typed) == "Zoltan"  # every key went down the game's socket (terminal replies aside)
