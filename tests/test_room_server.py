"""The room server end to end, with a real `ladder serve --workshop` and HTTP/websocket clients:
join with the code, play a meeting, resume from the same browser only, and the facilitator's
pages (board while playing and after, debrief, export, controls: hand over, rename, lock, close).
The facilitator key and the trainees' tokens never reach the server's output but for the one
announced link."""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiohttp

from tests.roomkit import Room, board, bot_game, facilitator, first_meeting_keys, room, send_keys
from tests.servekit import client, join, screen_text, stop_server

__all__ = ["room"]  # the fixture


def test_join_play_resume_and_no_takeover(room: Room) -> None:
    r, url = room, room.served.url

    async def main() -> None:
        async with client(60) as ann, client(60) as other, client(60) as fac:
            async with ann.get(url) as page:
                html = await page.text()
            assert 'id="code"' in html and "autofocus" in html  # the code field first, focused
            async with ann.post(url + "join", data={"code": "NOPE", "name": "Ann Lee"}) as reply:
                assert reply.status == 400 and "not this room" in await reply.text()
            await join(ann, url, "  Ann   Lee ", code=r.code.lower())  # the code as typed, the name normalised
            await facilitator(fac, r)
            async with ann.ws_connect(r.served.ws_url + "?width=100&height=30") as ws:
                await screen_text(ws, "First Rung", 30)  # the workshop's deal, straight away
                await send_keys(ws, ["\r"])  # briefing -> deal room
                await screen_text(ws, "Walk away", 20)
                await send_keys(ws, first_meeting_keys())
                await screen_text(ws, "Continue", 20)  # the meeting's result
                await send_keys(ws, ["\r"])
                await asyncio.sleep(1.0)
                rows = await board(fac, r)
                assert rows["Ann Lee"]["playing"] and rows["Ann Lee"]["week"] == 2
            # another browser typing the same name is refused
            async with other.post(url + "join", data={"code": r.code, "name": "Ann Lee"}) as reply:
                assert reply.status == 409 and "already joined as" in await reply.text()
            async with other.ws_connect(r.served.ws_url) as ws:  # and its socket starts no game
                assert "has not joined this room" in await screen_text(ws, "has not joined", 10)
            # the tab closed and opened again: the same browser resumes
            async with ann.ws_connect(r.served.ws_url + "?width=100&height=30") as ws:
                assert "week 2" in (await screen_text(ws, "Resume", 30)).lower()

    asyncio.run(asyncio.wait_for(main(), 120))
    out = r.served
    stop_server(out)
    logs = (out.proc.stdout.read() if out.proc.stdout else b"") + (out.proc.stderr.read() if out.proc.stderr else b"")
    assert r.key.encode() not in logs  # printed once at start (read above), never again
    assert b"ladder_session" not in logs


async def act(http: aiohttp.ClientSession, r: Room, action: str, **fields: str) -> str:
    data = {"action": action, **fields}
    async with http.post(r.served.url + "facilitator/action", data=data) as reply:
        text = await reply.text()
        assert reply.status == 200, text[:500]  # after the 303 back to the controls
        return text


def test_the_facilitator_pages_and_controls(room: Room, tmp_path: Path) -> None:
    r, url = room, room.served.url
    bot_game(r, tmp_path / "data", "Bot 1")

    async def main() -> None:
        async with client(60) as ann, client(60) as laptop, client(60) as fac, client(60) as late:
            for path in ("facilitator/", "facilitator/debrief", "facilitator/export.csv", "facilitator/board.json"):
                async with fac.get(url + path) as reply:
                    assert reply.status == 403  # not without the link
            async with fac.get(url + "facilitator/key/" + "x" * 43) as reply:
                assert reply.status == 403
            await facilitator(fac, r)
            await join(ann, url, "Ann Lee", r.code)
            await join(late, url, "<b>Bold</b>", r.code)
            async with fac.get(url + "facilitator/") as reply:
                page = await reply.text()
            assert "Ann Lee" in page and "&lt;b&gt;Bold&lt;/b&gt;" in page and "<b>Bold" not in page
            assert 'class="tag">bot</span>' in page and "Outcomes stay hidden" in page
            assert 'class="segno"' in page and r.code in page  # the join code and a QR code of the address
            rows = await board(fac, r)
            assert rows["Bot 1"]["bot"] and rows["Bot 1"]["rank"] is None and rows["Bot 1"]["outcome"] is None
            assert rows["Ann Lee"]["joined"] and not rows["Ann Lee"]["playing"]
            async with fac.get(url + "facilitator/debrief") as reply:
                page = await reply.text()
            assert "No finished games yet (1 bot or removed game left out" in page
            async with fac.get(url + "facilitator/export.csv") as reply:
                assert 'filename="workshop-' in reply.headers["Content-Disposition"]
                assert (await reply.text()).startswith("id,name,score")
            # hand over: Ann moves to another laptop
            await act(fac, r, "hand-over", key="ann lee")
            await join(laptop, url, "ann lee", r.code)
            async with ann.post(url + "join", data={"code": r.code, "name": "Ann Lee"}) as reply:
                assert reply.status == 409  # the old browser has let go
            # rename follows the browser; merge and remove
            assert "Renamed." in await act(fac, r, "rename", key="ann lee", name="Ann Leigh")
            assert "Ann Leigh" in (await board(fac, r))
            async with laptop.ws_connect(r.served.ws_url) as ws:
                await screen_text(ws, "Ann Leigh", 30)  # the game knows the new name
            assert "Removed" in await act(fac, r, "remove", key="<b>bold</b>")
            assert "<b>Bold</b>" not in await board(fac, r)
            assert "Restored." in await act(fac, r, "restore", key="<b>bold</b>")
            bad = await fac.post(url + "facilitator/action", data={"action": "rename", "key": "ann leigh", "name": ""})
            assert bad.status == 400 and "name" in (await bad.text()).lower()
            # lock: no new names; those who joined come back
            assert "locked" in await act(fac, r, "lock")
            async with late.post(url + "join", data={"code": r.code, "name": "Zed"}) as reply:
                assert reply.status == 403 and "locked" in await reply.text()
            await join(late, url, "<b>Bold</b>", r.code)
            await act(fac, r, "time", minutes="30")
            async with fac.get(url + "facilitator/") as reply:
                assert "left" in await reply.text()
            assert "Outcomes are shown" in await act(fac, r, "reveal")
            assert (await board(fac, r))["Bot 1"]["outcome"]
            await act(fac, r, "bots-on")
            assert (await board(fac, r))["Bot 1"]["rank"] == 1
            async with fac.get(url + "facilitator/debrief") as reply:
                page = await reply.text()
            assert page.count("<svg") == 2 and "Weeks used" in page and "1 participant," in page
            assert "closed" in await act(fac, r, "close")
            async with laptop.get(url) as reply:
                assert "closed" in await reply.text()

    asyncio.run(asyncio.wait_for(main(), 120))
