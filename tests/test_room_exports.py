"""The facilitator's downloads on a real `ladder serve --workshop`: the CSV for Excel and the HTML
report (with and without names), only with the facilitator's cookie, linked from every page."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from tests.roomkit import Room, bot_game, facilitator, room
from tests.servekit import client

__all__ = ["room"]  # the fixture

PATHS = ("facilitator/export-excel.csv", "facilitator/report.html", "facilitator/report.html?names=no")


def test_excel_export_and_report_need_the_facilitator_link(room: Room, tmp_path: Path) -> None:
    r, url = room, room.served.url
    bot_game(r, tmp_path / "data", "José <Núñez>")

    async def main() -> None:
        async with client(60) as fac:
            for path in PATHS:
                async with fac.get(url + path) as reply:
                    assert reply.status == 403, path
                    assert "José" not in await reply.text()
            await facilitator(fac, r)
            async with fac.get(url + "facilitator/") as reply:
                page = await reply.text()
            assert 'href="/facilitator/export-excel.csv">Export for Excel' in page
            assert 'href="/facilitator/report.html">Report (HTML)' in page
            async with fac.get(url + PATHS[0]) as reply:
                assert reply.status == 200
                assert f'filename="workshop-{r.code}-excel.csv"' in reply.headers["Content-Disposition"]
                data = await reply.read()
            assert data.startswith(b"\xef\xbb\xbf") and "José <Núñez>".encode() in data
            async with fac.get(url + PATHS[1]) as reply:
                assert reply.status == 200 and reply.content_type == "text/html"
                assert "attachment" in reply.headers["Content-Disposition"]
                html = await reply.text()
            assert (
                "No finished games yet" in html and "1 game left out: bots" in html
            )  # bots are left out until the room ranks them
            async with fac.post(url + "facilitator/action", data={"action": "bots-on"}) as reply:
                assert reply.status == 200
            async with fac.get(url + PATHS[1]) as reply:
                html = await reply.text()
            assert html.count("<svg") == 2 and "José &lt;Núñez&gt;" in html and "<Núñez>" not in html
            assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html)
            async with fac.get(url + PATHS[2]) as reply:
                html = await reply.text()
            assert "Participant 1" in html and "Núñez" not in html

    asyncio.run(asyncio.wait_for(main(), 120))
