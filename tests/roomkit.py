"""Helpers for the room server's tests: a workshop, a real `ladder serve --workshop` with its
announced facilitator link, the keys of a first meeting, the facilitator's board as JSON."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest
from click.testing import CliRunner

from sim.engine.replay import new_game
from sim.players.climber import ClimberBot
from sim.players.protocol import bot_rng
from sim.scenarios.loader import load
from tests.servekit import Served, start_server, stop_server
from tests.tui.conftest import keys_for

SEED = 7
BYTES = {"tab": "\t", "down": "\x1b[B", "up": "\x1b[A", "enter": "\r", "escape": "\x1b"}


def make_workshop(data: Path, title: str = "Cohort 7") -> str:
    from sim.cli import cli

    out = CliRunner().invoke(
        cli,
        ["workshop", "new", "--scenario", "first-rung", "--seed", str(SEED), "--title", title, "--json"]
        + ["--data-dir", str(data)],
    )
    assert out.exit_code == 0, out.output
    return str(json.loads(out.output)["code"])


class Room:
    def __init__(self, served: Served, code: str, key: str, announced: list[str]):
        self.served, self.code, self.key, self.announced = served, code, key, announced


def start_room(tmp_path: Path) -> Room:
    code = make_workshop(tmp_path / "data")
    served = start_server(tmp_path, "--workshop", code)
    assert served.proc.stdout is not None
    announced: list[str] = []
    while not any("Facilitator" in line for line in announced):
        line = served.proc.stdout.readline().decode()
        assert line, "the server ended before printing the facilitator link"
        announced.append(line)
    link = next(line for line in announced if "Facilitator" in line).split()[-1]
    assert link.startswith(served.url + "facilitator/key/")
    assert any(f"join code {code}" in line and "Cohort 7" in line for line in announced)
    return Room(served, code, link.rsplit("/", 1)[1], announced)


@pytest.fixture
def room(tmp_path: Path) -> Iterator[Room]:
    r = start_room(tmp_path)
    try:
        yield r
    finally:
        stop_server(r.served)


def first_meeting_keys() -> list[str]:
    """The keys of the climber's first meeting in the workshop's deal, as the terminal sends them."""
    state = new_game(load("first-rung"), SEED)
    action = ClimberBot().step(state.observation(), state.legal_actions(), bot_rng(SEED))
    return [BYTES.get(k, k) for k in keys_for(action, state)]


async def send_keys(ws: aiohttp.ClientWebSocketResponse, keys: list[str]) -> None:
    for key in keys:
        await ws.send_json(["stdin", key])
        await asyncio.sleep(0.15)


async def facilitator(http: aiohttp.ClientSession, r: Room) -> None:
    async with http.get(r.served.url + f"facilitator/key/{r.key}", allow_redirects=False) as reply:
        assert reply.status == 303 and reply.headers["Location"] == "/facilitator/"


async def board(http: aiohttp.ClientSession, r: Room) -> dict[str, dict[str, object]]:
    async with http.get(r.served.url + "facilitator/board.json") as reply:
        assert reply.status == 200
        return {row["name"]: row for row in (await reply.json())["rows"]}


def bot_game(r: Room, data: Path, name: str) -> None:
    """A climber bot plays the room's workshop as `name`, from the command line, into `data`."""
    done = subprocess.run(
        [sys.executable, "-m", "sim", "play", "--workshop", r.code, "--name", name, "--bot", "climber"]
        + ["--data-dir", str(data)],
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
