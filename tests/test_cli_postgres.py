"""The `ladder` commands on a PostgreSQL store: `--database URL`, or `$LADDER_DATABASE_URL`.

A facilitator creates a workshop in the shared database from one host, two trainees play it
from two processes at once (two laptops, two `ladder serve` hosts: one database), and the board
read from a third process shows both. A bad URL or a server that is down is one line, exit 1.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from sim.store import Store
from sim.store.dialect import ENV_DATABASE_URL, redact
from tests.servekit import Served, client, environ, join, serve, wait_for

ROOT = Path(__file__).resolve().parents[1]


def ladder(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "sim", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


def done(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=120)
    assert "Traceback" not in err, err
    return proc.returncode, out, err


def test_a_workshop_in_postgresql_played_from_two_processes(tmp_path: Path, postgres_url: str) -> None:
    code, out, err = done(
        ladder(
            "workshop", "new", "--scenario", "consensus-meeting", "--seed", "7", "--json", "--database", postgres_url
        )
    )
    assert code == 0, err
    ws = json.loads(out)["code"]
    players = [  # separate data folders: nothing is shared but the database
        ladder(
            "play",
            "--workshop",
            ws,
            "--name",
            name,
            "--bot",
            "climber",
            "--database",
            postgres_url,
            "--data-dir",
            str(tmp_path / name),
        )
        for name in ("Ann Lee", "Bo Chen")
    ]
    for p in players:
        rc, out, err = done(p)
        assert rc == 0, err
    rc, out, err = done(ladder("workshop", "board", ws, "--database", postgres_url))
    assert rc == 0, err
    assert "Ann Lee" in out and "Bo Chen" in out
    assert not (tmp_path / "Ann Lee" / "ladder.db").exists()  # the game went to PostgreSQL, not to a file


def test_the_environment_names_the_database(tmp_path: Path, postgres_url: str) -> None:
    env = {ENV_DATABASE_URL: postgres_url}
    rc, out, err = done(ladder("workshop", "new", "--scenario", "consensus-meeting", "--seed", "3", "--json", env=env))
    assert rc == 0, err
    ws = json.loads(out)["code"]
    rc, out, err = done(ladder("play", "--workshop", ws, "--name", "Cy", "--bot", "climber", env=env))
    assert rc == 0, err
    rc, out, err = done(ladder("workshop", "board", ws, "--json", env=env))
    assert rc == 0 and [row["name"] for row in json.loads(out)] == ["Cy"], err
    rc, out, err = done(ladder("runs", "list", "--json", "--database", postgres_url))
    assert rc == 0 and [g["name"] for g in json.loads(out)] == ["Cy"], err
    rc, out, err = done(ladder("workshop", "list"))  # without the variable: the SQLite file, empty
    assert rc == 0 and ws not in out


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("postgresql://ann:hunter2@127.0.0.1:1/ladder", "Connection refused"),
        ("postgresql://ann:hunter2@127.0.0.1:nope/ladder", "not a valid URL"),
        ("sqlite:///tmp/ladder.db", "not a PostgreSQL URL"),
    ],
)
def test_a_bad_url_or_a_down_server_is_one_line(url: str, words: str) -> None:
    rc, out, err = done(ladder("workshop", "list", "--database", url))
    assert rc == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith(f"ladder: {redact(url)}") and words in err, err
    assert "hunter2" not in err


def test_serve_checks_the_database_before_serving(postgres_url: str) -> None:
    down = postgres_url.rsplit(":", 1)[0] + ":1/ladder"  # the same credentials, a port nobody listens on
    rc, out, err = done(ladder("serve", "--port", "8999", "--database", down))
    assert rc == 1 and err.count("\n") == 1 and "Connection refused" in err and "***" in err, err


def test_serve_hands_the_database_to_its_games_in_their_environment(tmp_path: Path, postgres_url: str) -> None:
    with Store.open(database=postgres_url) as store:
        store.create_workshop("ABC234", "consensus-meeting", "consensus-meeting", "d" * 64, 1)

    async def open_a_session(served: Served) -> None:
        async with client() as http:
            await join(http, served.url, "Ann Lee", "ABC234")
            async with http.ws_connect(f"{served.ws_url}?width=100&height=30") as ws:
                await ws.send_json(["resize", {"width": 100, "height": 30}])
                await asyncio.to_thread(wait_for, served.games, 20, "a game process")
                [game] = served.games()
                assert environ(game)[ENV_DATABASE_URL] == postgres_url  # its store is the same database
                password = postgres_url.split(":")[2].split("@")[0]
                assert password not in Path(f"/proc/{game}/cmdline").read_text()  # not in `ps`
                await ws.close()

    with contextmanager(serve)(tmp_path, "--workshop", "ABC234", "--database", postgres_url) as served:
        asyncio.run(open_a_session(served))
