"""The xAPI queue in the store (both databases) and the sender's handling of an LRS that is down
or failing, without a real LRS (tests/lrs runs Ralph for what it accepts)."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from sim.store import Store
from sim.store.lrs import BACKOFF_CAP, Who, backoff, game_statements, queue_game, status
from sim.store.lrs_send import Lrs, LrsConfigError, flush
from sim.store.xapi import VERBS, actor, ext, lessons, passed
from tests.store.helpers import play_game

ENV = {"LADDER_LRS_USERNAME": "u", "LADDER_LRS_PASSWORD": "p"}


def test_a_game_is_queued_once_with_fresh_ids(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:

        def queue(s: Store, gid: int) -> None:
            queue_game(s, gid, Who())

        store.on_record.append(queue)
        session = play_game(store, "Ann Lee", workshop=None)
        assert session.game_id is not None
        rows = game_statements(store, session.game_id)
        assert queue_game(store, session.game_id, Who()) == 0  # already queued: never twice
        assert game_statements(store, session.game_id) == rows
    ids = [s["id"] for s in rows]
    assert len(set(ids)) == len(ids) and all(uuid.UUID(i).version == 4 for i in ids)
    verbs = [s["verb"]["id"] for s in rows]
    weeks = {e.week for e in session.state.events if e.kind in ("meet", "consensus", "wait", "walk_away")}
    assert verbs == [VERBS["launched"]] + [VERBS["interacted"]] * len(weeks) + [VERBS["completed"], verbs[-1]]
    assert verbs[-1] in (VERBS["passed"], VERBS["failed"])
    s = status(store := Store.open(tmp_path))
    store.close()
    assert s["queued"] == len(rows) and s["sent"] == 0 and s["failed"] == 0 and s["oldest_queued"]


def test_statements_say_what_was_asked_and_the_lessons() -> None:
    kept, broken = lessons(
        {
            "moments": [
                {"lesson": "L1", "points": 2},
                {"lesson": "L2", "points": -3},
                {"lesson": "L2", "points": 1},
                {"lesson": "L10", "points": 1},
                {"lesson": None, "points": 5},
            ]
        }
    )
    assert kept == ["L1", "L10"] and broken == ["L2"]
    assert passed("A") and passed("C") and not passed("D") and not passed("F") and passed("D", "D")
    assert actor(" José  Díaz ", "https://room.example") == {
        "objectType": "Agent",
        "name": "José Díaz",
        "account": {"homePage": "https://room.example", "name": "José Díaz"},
    }
    assert (
        actor("JOSÉ díaz", "https://room.example", {"josé díaz": "jd@example.org"})["mbox"] == "mailto:jd@example.org"
    )


def test_week_statements_carry_the_ask_and_result(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        session = play_game(store, "Ann Lee")
        assert session.game_id is not None
        queue_game(store, session.game_id, Who(home="https://room.example"))
        rows = game_statements(store, session.game_id)
    week = rows[1]
    meetings = week["result"]["extensions"][ext("meetings")]
    assert week["result"]["response"].startswith(meetings[0]["asked"])
    assert {"asked", "ask", "outcome", "result", "granted", "said"} <= set(meetings[0])
    assert rows[0]["context"]["extensions"][ext("seed")] == 42
    assert rows[0]["actor"]["account"]["homePage"] == "https://room.example"


def test_backoff_doubles_up_to_a_cap() -> None:
    assert [backoff(n) for n in (1, 2, 3)] == [5.0, 10.0, 20.0]
    assert backoff(40) == BACKOFF_CAP


@pytest.mark.parametrize(
    ("url", "env", "said"),
    [
        ("ftp://lrs.example", ENV, "not an http:// or https:// URL"),
        ("https://user:pw@lrs.example/xAPI", ENV, "not in the URL"),
        ("https://lrs.example:99999/xAPI", ENV, "port"),
        ("https://lrs.example/xAPI", {"LADDER_LRS_USERNAME": "u"}, "set LADDER_LRS_PASSWORD"),
    ],
)
def test_a_bad_lrs_is_one_line(url: str, env: dict[str, str], said: str) -> None:
    with pytest.raises(LrsConfigError, match=said):
        Lrs.resolve(url, env)


def test_the_endpoint() -> None:
    assert Lrs.resolve(None, {}) is None
    a = Lrs.resolve("http://127.0.0.1:8100", ENV)
    assert a is not None and a.statements_url == "http://127.0.0.1:8100/xAPI/statements"
    b = Lrs.resolve(None, {**ENV, "LADDER_LRS_URL": "https://lrs.example/data/xAPI/"})
    assert b is not None and b.statements_url == "https://lrs.example/data/xAPI/statements"


class _Failing(BaseHTTPRequestHandler):
    status = 503
    posts = 0

    def do_POST(self) -> None:  # noqa: N802 - the http.server name
        type(self).posts += 1
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(self.status)
        self.end_headers()
        self.wfile.write(b'{"detail": "down for maintenance"}')

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def failing_lrs() -> Iterator[Lrs]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Failing)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    lrs = Lrs.resolve(f"http://127.0.0.1:{server.server_address[1]}/xAPI", ENV)
    assert lrs is not None
    yield lrs
    server.shutdown()
    server.server_close()


def test_a_failing_lrs_keeps_everything_queued_with_back_off(tmp_path: Path, failing_lrs: Lrs) -> None:
    with Store.open(tmp_path) as store:
        session = play_game(store, "Ann Lee")
        assert session.game_id is not None
        n = queue_game(store, session.game_id, Who())
        report = flush(store, failing_lrs)
        assert report["sent"] == 0 and report["waiting"] == n and "HTTP 503" in (report["error"] or "")
        assert "down for maintenance" in (report["error"] or "")
        s = status(store)
        assert s["queued"] == n and s["failed"] == 0 and s["oldest_queued"] is not None
        assert s["next_try"] is not None and s["next_try"] > s["oldest_queued"]
        # not due again before its back-off: the next flush sends nothing and asks the LRS nothing
        before = _Failing.posts
        assert flush(store, failing_lrs)["waiting"] == 0 and _Failing.posts == before
        attempts = store.query("SELECT DISTINCT attempts FROM lrs_queue")
        assert attempts == [(1,)]


def test_an_unreachable_lrs_keeps_everything_queued(tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens there once closed
    lrs = Lrs.resolve(f"http://127.0.0.1:{port}/xAPI", ENV)
    assert lrs is not None
    with Store.open(tmp_path) as store:
        session = play_game(store, "Ann Lee")
        assert session.game_id is not None
        n = queue_game(store, session.game_id, Who())
        report = flush(store, lrs)
        assert report["waiting"] == n and "cannot reach the LRS" in (report["error"] or "")
        assert status(store)["queued"] == n
        assert json.loads(store.query("SELECT statement FROM lrs_queue LIMIT 1")[0][0])["id"]


def test_passed_or_failed_follows_the_scenarios_pass_mark(tmp_path: Path) -> None:
    from sim.engine.replay import replay
    from sim.scenarios.loader import load
    from sim.store.xapi import statements

    with Store.open(tmp_path) as store:
        session = play_game(store, "Ann Lee", workshop=None)
        assert session.game_id is not None
        game = store.game(session.game_id)
    assert game is not None
    state = replay(load(game.scenario_ref or game.scenario), game.seed, game.actions)
    mark = state.loaded.scenario.pass_mark

    def verdict(pass_grade: str | None) -> dict[str, object]:
        last = statements(game, state, new_id=lambda: str(uuid.uuid4()), registration="r", pass_grade=pass_grade)[-1]
        return {"verb": last["verb"]["id"], "mark": last["result"]["extensions"][ext("pass-grade")]}

    assert verdict(None)["mark"] == mark  # the scenario's own mark, not a fixed one
    assert verdict("F")["verb"] == VERBS["passed"]
    if game.grade != "A":
        assert verdict("A")["verb"] == VERBS["failed"]
