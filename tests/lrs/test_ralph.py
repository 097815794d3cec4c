"""xAPI statements sent to a real LRS (Ralph, started by tests/lrs/ralph.py): accepted as they are
(Ralph validates against xAPI 1.0.3), returned as sent, never duplicated by a retry, and none
lost while the LRS is down in the middle of a workshop."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from sim.cli import cli
from sim.store import Store
from sim.store.lrs import game_statements, status
from sim.store.lrs_send import Lrs, flush
from sim.store.xapi import VERBS, ext
from tests.lrs.lrs_server import Ralph, ralph_lrs
from tests.servekit import Served

__all__ = ["ralph_lrs"]

SCENARIO = "first-rung"


@pytest.fixture
def lrs(ralph_lrs: Ralph, monkeypatch: pytest.MonkeyPatch) -> Iterator[Ralph]:
    monkeypatch.setenv("LADDER_LRS_USERNAME", ralph_lrs.username)
    monkeypatch.setenv("LADDER_LRS_PASSWORD", ralph_lrs.password)
    if ralph_lrs.process is None:  # a test that stopped it failed before starting it again
        ralph_lrs.start()
    yield ralph_lrs


def ladder(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), prog_name="ladder")


def client(r: Ralph) -> Lrs:
    lrs = Lrs.resolve(r.url)
    assert lrs is not None
    return lrs


def all_ids(r: Ralph) -> list[str]:
    """Every statement id the LRS holds (with repeats, were any stored twice)."""
    ids: list[str] = []
    for f in r.data.glob("*.jsonl"):
        ids += [json.loads(line)["id"] for line in f.read_text().splitlines() if line.strip()]
    return ids


def without_lrs_fields(s: dict[str, Any]) -> dict[str, Any]:
    """A statement as returned, without what the LRS adds (stored, authority, version)."""
    return {k: v for k, v in s.items() if k not in ("stored", "authority", "version")}


def bot_game(data: Path, r: Ralph, name: str, *extra: str, seed: int = 3, bot: str = "climber") -> Result:
    out = ladder(
        "play", SCENARIO, "--bot", bot, "--seed", str(seed), "--name", name,
        "--data-dir", str(data), "--lrs", r.url, *extra,
    )  # fmt: skip
    assert out.exit_code == 0, out.output
    return out


def test_a_bot_game_reaches_the_lrs_as_sent(lrs: Ralph, tmp_path: Path) -> None:
    out = bot_game(tmp_path, lrs, "José Díaz")
    assert "statement(s) sent" in out.output
    with Store.open(tmp_path) as store:
        game = store.games()[0]
        sent = game_statements(store, game.id)
        assert status(store)["queued"] == 0 and status(store)["sent"] == len(sent)
    verbs = [s["verb"]["id"] for s in sent]
    weeks = [s for s in sent if s["verb"]["id"] == VERBS["interacted"]]
    assert verbs[0] == VERBS["launched"] and verbs[-2] == VERBS["completed"]
    assert verbs[-1] == (VERBS["passed"] if game.grade in "ABC" else VERBS["failed"])
    assert len(weeks) >= 1 and verbs[1:-2] == [VERBS["interacted"]] * len(weeks)
    assert {s["result"]["extensions"][ext("week")] for s in weeks} <= set(range(1, game.weeks + 1))
    assert len({s["context"]["registration"] for s in sent}) == 1
    done = sent[-2]
    assert done["result"]["score"] == {"scaled": game.total / 100, "raw": game.total, "min": 0, "max": 100}
    assert done["context"]["extensions"][ext("replay")]["actions"] == game.actions
    assert done["actor"] == {
        "objectType": "Agent",
        "name": "José Díaz",
        "account": {"homePage": "https://commitment-ladder.org", "name": "José Díaz"},
    }
    api = client(lrs)
    for s in sent:
        back = api.get(s["id"])
        assert back is not None, f"{s['verb']['id']} not in the LRS"
        assert without_lrs_fields(back) == s


def test_a_retry_never_duplicates(lrs: Ralph, tmp_path: Path) -> None:
    bot_game(tmp_path, lrs, "Ann Lee", seed=5, bot="reckless")
    with Store.open(tmp_path) as store:
        ids = [s["id"] for s in game_statements(store, store.games()[0].id)]
        # the LRS took them but the answer was lost: they are sent again, ids and all
        store.execute("UPDATE lrs_queue SET sent_at = NULL")
        report = flush(store, client(lrs))
        assert report["sent"] == len(ids) and report["failed"] == 0
    held = all_ids(lrs)
    assert all(held.count(i) == 1 for i in ids)


def test_the_lrs_down_mid_workshop_loses_nothing(lrs: Ralph, tmp_path: Path) -> None:
    out = ladder("workshop", "new", "--scenario", SCENARIO, "--seed", "7", "--json", "--data-dir", str(tmp_path))
    code = json.loads(out.output)["code"]
    bot_game(tmp_path, lrs, "Early One", "--workshop", code, seed=7)
    lrs.stop()
    try:
        for name in ("Late Two", "Late Three"):
            out = bot_game(tmp_path, lrs, name, "--workshop", code, seed=7, bot="timid")
            assert "kept in the queue" in out.output and "cannot reach the LRS" in out.output
        out = ladder("lrs", "status", "--json", "--data-dir", str(tmp_path))
        waiting = json.loads(out.output)
        assert waiting["queued"] > 0 and waiting["oldest_queued"] and "cannot reach" in waiting["last_error"]
        out = ladder("lrs", "flush", "--lrs", lrs.url, "--data-dir", str(tmp_path))
        assert out.exit_code == 1 and "still queued" in out.output
    finally:
        lrs.start()
    out = ladder("lrs", "flush", "--lrs", lrs.url, "--data-dir", str(tmp_path))
    assert out.exit_code == 0, out.output
    with Store.open(tmp_path) as store:
        s = status(store)
        assert s["queued"] == 0 and s["failed"] == 0
        games = store.games(workshop=code)
        assert len(games) == 3
        ids = [st["id"] for g in games for st in game_statements(store, g.id)]
    held = all_ids(lrs)
    assert ids and all(held.count(i) == 1 for i in ids)
    api = client(lrs)
    grouping = api.get(ids[-1])
    assert grouping is not None
    assert grouping["context"]["contextActivities"]["grouping"][0]["id"].endswith(f"/workshops/{code}")


def test_a_statement_the_lrs_refuses_is_recorded_not_retried(lrs: Ralph, tmp_path: Path) -> None:
    bot_game(tmp_path, lrs, "Bea Refused", seed=9)
    with Store.open(tmp_path) as store:
        game = store.games()[0]
        first = game_statements(store, game.id)[0]
        bad = {**first, "id": str(uuid.uuid4()), "verb": {"display": {"en-US": "completed"}}}  # a verb without id
        store.execute(
            "UPDATE lrs_queue SET statement_id = ?, statement = ?, sent_at = NULL WHERE statement_id = ?",
            (bad["id"], json.dumps(bad), first["id"]),
        )
        store.execute("UPDATE lrs_queue SET sent_at = NULL WHERE game_id = ? AND seq = 1", (game.id,))
        report = flush(store, client(lrs))
        assert (report["failed"], report["sent"]) == (1, 1), report
        assert "HTTP 422" in (report["error"] or "")
        assert flush(store, client(lrs), at="9999") == {"sent": 0, "failed": 0, "waiting": 0, "error": None}
        s = status(store)
        assert s["failed"] == 1 and s["queued"] == 0 and "HTTP 422" in (s["last_error"] or "")


def test_serve_sends_what_its_games_queue(lrs: Ralph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.servekit import start_server, stop_server, wait_for

    data = tmp_path / "data"
    out = ladder("workshop", "new", "--scenario", SCENARIO, "--seed", "11", "--json", "--data-dir", str(data))
    code = json.loads(out.output)["code"]
    served = start_server(tmp_path, "--workshop", code, "--lrs", lrs.url)
    try:
        monkeypatch.setenv("LADDER_LRS_SENT_BY", "serve")  # as in the server's game processes: queue only
        out = bot_game(data, lrs, "Room Player", "--workshop", code, seed=11)
        assert "statement(s) sent" not in out.output
        with Store.open(data) as store:
            assert status(store)["queued"] > 0

            def delivered() -> bool:
                s = status(store)
                return s["queued"] == 0 and s["sent"] > 0

            wait_for(delivered, 30, "the server's sender to deliver the queue")
            ids = [s["id"] for s in game_statements(store, store.games()[0].id)]
        assert all(client(lrs).get(i) is not None for i in ids)
        game_env = asyncio.run(_browser_game_environment(served, code))
        assert game_env["LADDER_LRS_SENT_BY"] == "serve" and game_env["LADDER_LRS_URL"] == lrs.url
        assert game_env["LADDER_LRS_HOME"] == served.url.rstrip("/")  # the room's address
    finally:
        stop_server(served)
    said = served.proc.stdout.read().decode() if served.proc.stdout else ""
    assert f"Finished games go to the LRS at {lrs.url}" in said


def test_workshop_send_delivers_games_played_before_the_lrs_was_set(lrs: Ralph, tmp_path: Path) -> None:
    out = ladder("workshop", "new", "--scenario", SCENARIO, "--seed", "13", "--json", "--data-dir", str(tmp_path))
    code = json.loads(out.output)["code"]
    for name, bot in (("Before One", "climber"), ("Before Two", "reckless")):
        played = ladder("play", "--workshop", code, "--bot", bot, "--name", name, "--data-dir", str(tmp_path))
        assert played.exit_code == 0, played.output
    out = ladder("workshop", "send", code, "--lrs", lrs.url, "--data-dir", str(tmp_path))
    assert out.exit_code == 0 and "statement(s) sent." in out.output, out.output
    again = ladder("workshop", "send", code, "--lrs", lrs.url, "--data-dir", str(tmp_path))
    assert "LRS: 0 statement(s) sent." in again.output
    with Store.open(tmp_path) as store:
        ids = [s["id"] for g in store.games(workshop=code) for s in game_statements(store, g.id)]
        assert status(store)["sent"] == len(ids)
    held = all_ids(lrs)
    assert ids and all(held.count(i) == 1 for i in ids)


async def _browser_game_environment(served: Served, code: str) -> dict[str, str]:
    """Join the room from a browser and return its game process's environment."""
    from tests.servekit import client as http_client
    from tests.servekit import environ, join

    async with http_client() as http:
        await join(http, served.url, "Browser Player", code)
        async with http.ws_connect(served.ws_url):
            for _ in range(200):
                pids = served.games()
                if pids:
                    return environ(pids[0])
                await asyncio.sleep(0.1)
    raise AssertionError("no game process started for the browser")
