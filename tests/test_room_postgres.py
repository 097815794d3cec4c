"""Two `ladder serve` hosts on one PostgreSQL store share one room: a trainee who joined on one host
and a trainee who joined on the other are both on the facilitator's board, whichever host shows it,
with their weeks; and a name claimed on one host cannot be taken on the other."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import aiohttp

from sim.scenarios.loader import load
from sim.store import Store
from tests.roomkit import SEED, first_meeting_keys, send_keys
from tests.servekit import Served, client, join, screen_text, start_server, stop_server, wait_for


def _facilitator_link(served: Served) -> str:
    assert served.proc.stdout is not None
    while True:
        line = served.proc.stdout.readline().decode()
        assert line, "the server ended before printing the facilitator link"
        if "Facilitator" in line:
            return line.split()[-1]


async def _play_a_meeting(served: Served, name: str, code: str) -> None:
    async with client(60) as http:
        await join(http, served.url, name, code)
        async with http.ws_connect(served.ws_url + "?width=100&height=30") as ws:
            await screen_text(ws, "First Rung", 90)
            await send_keys(ws, ["\r"])
            await screen_text(ws, "Walk away", 60)
            await send_keys(ws, first_meeting_keys())
            await screen_text(ws, "Continue", 60)
            await send_keys(ws, ["\r"])
            await asyncio.sleep(1.0)


def test_two_hosts_on_one_postgresql_show_one_board(tmp_path: Path, postgres_url: str) -> None:
    loaded = load("first-rung")
    with Store.open(database=postgres_url) as store:
        store.create_workshop("ROOM23", "first-rung", "first-rung", loaded.digest, SEED, "Two hosts")
    one = start_server(tmp_path / "one", "--workshop", "ROOM23", "--database", postgres_url)
    two = start_server(tmp_path / "two", "--workshop", "ROOM23", "--database", postgres_url)
    try:
        link_one, link_two = _facilitator_link(one), _facilitator_link(two)
        assert link_one.split("/key/")[1] != link_two.split("/key/")[1]  # each start makes its own key

        async def main() -> None:
            await asyncio.gather(_play_a_meeting(one, "Ann Lee", "ROOM23"), _play_a_meeting(two, "Bo Chen", "room23"))
            async with client(60) as other:  # Ann's name, typed on the other host
                async with other.post(two.url + "join", data={"code": "ROOM23", "name": "ann lee"}) as reply:
                    assert reply.status == 409
            for link, served in ((link_one, one), (link_two, two)):
                async with client(60) as fac:
                    async with fac.get(link) as page:  # follows the redirect to the board
                        assert page.status == 200 and "Two hosts" in await page.text()
                    async with fac.get(served.url + "facilitator/board.json") as reply:
                        rows = {row["name"]: row for row in json.loads(await reply.text())["rows"]}
                    assert set(rows) == {"Ann Lee", "Bo Chen"}
                    assert all(row["playing"] and row["week"] == 2 for row in rows.values())

        asyncio.run(asyncio.wait_for(main(), 300))
    finally:
        stop_server(one)
        stop_server(two)


def test_a_hand_over_on_one_host_stops_the_game_on_the_other(tmp_path: Path, postgres_url: str) -> None:
    loaded = load("first-rung")
    with Store.open(database=postgres_url) as store:
        store.create_workshop("ROOM24", "first-rung", "first-rung", loaded.digest, SEED, "Two hosts")
    one = start_server(tmp_path / "one", "--workshop", "ROOM24", "--database", postgres_url)
    two = start_server(tmp_path / "two", "--workshop", "ROOM24", "--database", postgres_url)
    try:
        _facilitator_link(one)
        link_two = _facilitator_link(two)

        async def main() -> None:
            async with client(60) as ann, client(60) as fac:
                await join(ann, one.url, "Ann Lee", "ROOM24")
                async with ann.ws_connect(one.ws_url + "?width=100&height=30") as ws:
                    await screen_text(ws, "First Rung", 90)
                    await fac.get(link_two)
                    async with fac.post(two.url + "facilitator/action", data={"action": "hand-over", "key": "ann lee"}):
                        pass
                    closed = await asyncio.wait_for(_until_closed(ws), 20)  # host one saw it in the store
                    assert closed

        asyncio.run(asyncio.wait_for(main(), 90))
        wait_for(lambda: one.games() == [], 15, "the handed-over game did not stop")
    finally:
        stop_server(one)
        stop_server(two)


async def _until_closed(ws: aiohttp.ClientWebSocketResponse) -> bool:
    async for _ in ws:
        pass
    return True
