"""`--lrs` and `ladder lrs` on the command line, without an LRS: every bad setting is one line
and exit 1, and a game whose LRS is down is stored with its statements queued."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sim.cli import cli


def ladder(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), prog_name="ladder")


def one_line_error(out: Result, said: str) -> None:
    assert out.exit_code == 1, out.output
    lines = out.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ladder: ") and said in lines[0], out.output
    assert "Traceback" not in out.output


def test_a_bad_lrs_url_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LADDER_LRS_USERNAME", "u")
    monkeypatch.setenv("LADDER_LRS_PASSWORD", "p")
    out = ladder("play", "first-rung", "--bot", "climber", "--data-dir", str(tmp_path), "--lrs", "lrs.example/xAPI")
    one_line_error(out, "not an http:// or https:// URL")


def test_missing_credentials_are_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LADDER_LRS_URL", "https://lrs.example/xAPI")
    out = ladder("play", "first-rung", "--bot", "climber", "--data-dir", str(tmp_path))
    one_line_error(out, "set LADDER_LRS_USERNAME and LADDER_LRS_PASSWORD")
    one_line_error(ladder("lrs", "flush", "--data-dir", str(tmp_path)), "set LADDER_LRS_USERNAME")


def test_a_bad_email_list_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LADDER_LRS_USERNAME", "u")
    monkeypatch.setenv("LADDER_LRS_PASSWORD", "p")
    emails = tmp_path / "emails.csv"
    emails.write_text("name,email\nAnn Lee,ann@example.org\nBob,not-an-address\n")
    out = ladder("lrs", "flush", "--lrs", "http://127.0.0.1:9/xAPI", "--lrs-emails", str(emails))
    one_line_error(out, "line 3: 'not-an-address' is not an e-mail address")


def test_no_lrs_for_flush_is_one_line(tmp_path: Path) -> None:
    one_line_error(ladder("lrs", "flush", "--data-dir", str(tmp_path)), "no LRS: give --lrs URL")


def test_a_game_with_the_lrs_down_is_stored_and_queued(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("LADDER_LRS_USERNAME", "u")
    monkeypatch.setenv("LADDER_LRS_PASSWORD", "p")
    url = f"http://127.0.0.1:{port}/xAPI"
    out = ladder("play", "first-rung", "--bot", "climber", "--seed", "2", "--data-dir", str(tmp_path), "--lrs", url)
    assert out.exit_code == 0, out.output
    assert "Saved as game 1" in out.output and "kept in the queue" in out.output
    status = ladder("lrs", "status", "--json", "--data-dir", str(tmp_path))
    s = json.loads(status.output)
    assert s["queued"] > 0 and s["sent"] == 0 and "cannot reach the LRS" in s["last_error"]
    text = ladder("lrs", "status", "--data-dir", str(tmp_path)).output
    assert f"queued: {s['queued']}" in text and "last error: cannot reach the LRS" in text


def test_the_terminal_games_store_thread_queues_what_it_records(tmp_path: Path) -> None:
    """The terminal game records on its store thread (`pending_write`); run_tui's hook queues there."""
    from sim.cli.lrs import LrsSetup, queue_on_record
    from sim.players.protocol import bot_rng
    from sim.players.registry import make_bot
    from sim.scenarios.loader import load
    from sim.store.lrs import Who, game_statements
    from sim.store.lrs_send import Lrs
    from sim.store.session import GameSession
    from sim.tui.saver import StoreThread

    lrs = Lrs.resolve("http://127.0.0.1:9/xAPI", {"LADDER_LRS_USERNAME": "u", "LADDER_LRS_PASSWORD": "p"})
    assert lrs is not None
    setup = LrsSetup(lrs, Who(home="https://room.example"))
    thread = StoreThread(tmp_path)
    try:
        thread.call(lambda s: queue_on_record(s, setup, quiet=True))
        session = GameSession.new(load("first-rung"), 4, "first-rung", player="Ann Lee", stored=True)
        bot, rng = make_bot("climber"), bot_rng(4)
        while not session.state.is_terminal():
            session.apply(bot.step(session.state.observation(), session.state.legal_actions(), rng))
        job = session.pending_write()
        assert job is not None
        game_id = thread.call(job)
        assert game_id is not None
        rows = thread.call(lambda s: game_statements(s, game_id))
    finally:
        thread.close()
    assert rows and rows[0]["actor"]["account"] == {"homePage": "https://room.example", "name": "Ann Lee"}
