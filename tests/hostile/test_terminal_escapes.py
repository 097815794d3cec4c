"""Terminal escapes: a name, a run file's `player` or a title with escape sequences never
reaches the terminal raw. Everything from a file or a person passes through `sim.text.shown`;
a scenario file with control or format characters in its text is refused at load."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

from sim.common.text import shown

from .helpers import ROOT, ladder, one_line_error

EVIL = "Eve\x1b]0;pwned\x07\x1b[2J"
EVIL_SHOWN = "Eve\\x1b]0;pwned\\x07\\x1b[2J"
RAW = ("\x1b", "\x07", "\x9b", "\u202e")


def no_raw(text: str) -> None:
    for ch in RAW:
        assert ch not in text, f"raw {ch!r} reached the terminal: {text[:300]!r}"


@pytest.mark.parametrize(
    "raw, safe",
    [
        (EVIL, EVIL_SHOWN),
        ("a\x7fb", "a\\x7fb"),
        ("c1\x9bx", "c1\\x9bx"),
        ("rl\u202eo", "rl\\u202eo"),
        ("iso\u2066x\u2069", "iso\\u2066x\\u2069"),
        ("zw\u200bsp", "zw\\u200bsp"),
        ("bom\ufeff", "bom\\ufeff"),
        ("ls\u2028ps\u2029", "ls\\u2028ps\\u2029"),
        ("two\nlines", "two\\x0alines"),
        ("José 👩 Ann", "José 👩 Ann"),
    ],
)
def test_shown_escapes_what_a_terminal_would_act_on(raw: str, safe: str) -> None:
    assert shown(raw) == safe


def test_shown_keeps_new_lines_in_a_transcript() -> None:
    assert shown("a\x1b\nb", lines=True) == "a\\x1b\nb"


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with one workshop game by EVIL in a workshop titled EVIL, exported to run.json."""
    d = tmp_path_factory.mktemp("esc")
    new = ladder(
        "workshop", "new", "--scenario", "first-rung", "--seed", "5", "--title", EVIL, "--json", "--data-dir", str(d)
    )
    assert new.returncode == 0, new.stderr
    code = json.loads(new.stdout)["code"]
    (d / "code").write_text(code)
    play = ladder("play", "--workshop", code, "--name", "Eve", "--bot", "climber", "--data-dir", str(d))
    assert play.returncode == 0, play.stderr
    # A name typed today is refused (below); a database written before names were checked may hold one.
    with sqlite3.connect(d / "ladder.db") as con:
        con.execute("UPDATE games SET player = ?", (EVIL,))
    con.close()
    export = ladder("runs", "export", "1", "-o", str(d / "run.json"), "--data-dir", str(d))
    assert export.returncode == 0, export.stderr
    return d


@pytest.mark.parametrize(
    "args",
    [
        ("runs", "list"),
        ("workshop", "board", "@code"),
        ("workshop", "list"),
        ("replay", "1", "--print"),
        ("replay", "@run", "--print"),
        ("runs", "export", "1"),
    ],
)
def test_cli_output_shows_names_and_titles_escaped(played: Path, args: tuple[str, ...]) -> None:
    args = tuple(
        (played / "code").read_text() if a == "@code" else str(played / "run.json") if a == "@run" else a for a in args
    )
    proc = ladder(*args, "--data-dir", str(played))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout + proc.stderr
    no_raw(out)
    if args[:2] != ("runs", "export"):
        assert "Eve\\x1b]0;pwned\\x07" in out, out[:500]


@pytest.mark.parametrize("name", [EVIL, "Ann\u200bLee", "\u0410nn Lee"])
def test_a_name_with_escapes_invisible_or_mixed_letters_is_refused_in_one_line(tmp_path: Path, name: str) -> None:
    for args in (("history", "--name", name), ("play", "first-rung", "--name", name, "--bot", "climber")):
        proc = ladder(*args, "--data-dir", str(tmp_path))
        no_raw(proc.stdout + proc.stderr)
        assert "player name" in proc.stderr and proc.returncode != 0 and "Traceback" not in proc.stderr


def _evil_scenario(tmp_path: Path, title: str) -> Path:
    text = (ROOT / "scenarios" / "consensus-meeting.yaml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^title: .*$", lambda m: f"title: {title}", text, count=1)
    p = tmp_path / "evil.yaml"
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize(
    "title, char",
    [
        ('"Deal \\e]0;pwned\\a\\e[2J"', "\\x1b"),
        ('"Deal \\u202e elbuod"', "\\u202e"),
        ('"Deal \\x9b2J"', "\\x9b"),
    ],
)
def test_a_scenario_title_with_escapes_is_refused_in_one_line(tmp_path: Path, title: str, char: str) -> None:
    path = _evil_scenario(tmp_path, title)
    for args in (("validate", str(path)), ("play", str(path), "--bot", "climber", "--data-dir", str(tmp_path))):
        proc = ladder(*args)
        no_raw(proc.stdout + proc.stderr)
        line = one_line_error(proc)
        assert line.startswith(str(path)) and "title (line" in line and char in line, line


def test_play_bot_passes_the_transcript_through_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    """Defence in depth: were a scenario's text to hold an ESC, `play --bot` would print it escaped."""
    from click.testing import CliRunner

    import sim.engine.transcript
    from sim.cli import cli

    real = sim.engine.transcript.briefing
    monkeypatch.setattr(
        sim.engine.transcript, "briefing", lambda state, *a, **k: "Title \x1b[2J\n" + real(state, *a, **k)
    )
    result = CliRunner().invoke(cli, ["play", "first-rung", "--bot", "climber", "--seed", "2"])
    assert result.exit_code == 0, result.output
    no_raw(result.output)
    assert "Title \\x1b[2J\n" in result.output


def test_a_run_file_player_field_is_shown_escaped(tmp_path: Path) -> None:
    good = json.loads((Path(__file__).parent / "runs" / "good.json").read_text())
    good["player"] = EVIL
    p = tmp_path / "evil-run.json"
    p.write_text(json.dumps(good))
    proc = ladder("replay", str(p), "--print")
    assert proc.returncode == 0, proc.stderr
    no_raw(proc.stdout + proc.stderr)
    assert f"Replay of {EVIL_SHOWN}'s game" in proc.stdout


def test_validate_shows_a_hostile_file_name_escaped(tmp_path: Path) -> None:
    bad = tmp_path / "deal\x1b[2J.yaml"
    bad.write_text("title: [unclosed\n")
    good = tmp_path / "ok\u202e.yaml"
    good.write_bytes((ROOT / "scenarios" / "first-rung.yaml").read_bytes())
    proc = ladder("validate", str(tmp_path))
    assert proc.returncode == 1
    no_raw(proc.stdout + proc.stderr)
    assert "deal\\x1b[2J.yaml" in proc.stderr and "ok\\u202e.yaml: ok" in proc.stdout
