"""Golden games: every recorded game replays to the same canonical form.

`tests/golden/games.json` holds the sha256 digest of the canonical form of every golden game
(every shipped scenario x the random, reckless, timid and climber bots x seeds 1-20, the
expert on seeds 1-5; generated accounts 1-20 the same way) and the whole canonical form of a
few of them, so that a failure shows the first event that differs. Regenerate after an
intended rule change with `uv run python -m tests.golden --write` (see README.md).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.golden.canonical import canonical, digest, engine
from tests.golden.games import DATA, compare, game_keys, load_data, play, report

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    return load_data(DATA)


def test_every_golden_game_replays_identically(data: dict[str, Any]) -> None:
    diff = compare(data)
    assert diff.ok, report(diff)


def test_the_golden_set_covers_every_scenario_bot_and_account(data: dict[str, Any]) -> None:
    keys = set(data["digests"])
    for sid in engine().shipped_ids():
        for bot in ("random", "reckless", "timid", "climber"):
            assert {f"{sid}/{bot}/{n}" for n in range(1, 21)} <= keys
        assert {f"{sid}/expert/{n}" for n in range(1, 6)} <= keys
    for n in range(1, 21):
        assert {f"random:{n}/{bot}/{n}" for bot in ("random", "reckless", "timid", "climber")} <= keys
    assert keys == set(game_keys())
    assert 8 <= len(data["games"]) <= 16 and set(data["games"]) <= keys


def test_the_whole_games_kept_hash_to_their_digests(data: dict[str, Any]) -> None:
    for key, form in data["games"].items():
        assert digest(form) == data["digests"][key], key


def test_the_whole_games_kept_span_every_outcome(data: dict[str, Any]) -> None:
    outcomes = {form["score"]["outcome"] for form in data["games"].values()}
    assert outcomes == {"won", "qualified_out", "lost", "no_decision", "walked_away"}


def test_the_canonical_form_carries_no_display_text() -> None:
    """No line, reply, name, fact or debrief detail: rewording the game must not change it."""
    for key in ("consensus-meeting/climber/3", "random:4/random/4", "another-bidder/reckless/2"):
        state: Any = play(key)  # display text too: the engine's own records
        text = json.dumps(canonical(state))
        shown = {e.said for e in state.events} | {e.who for e in state.events}
        shown |= {m.detail for m in state.moments} | {m.did for m in state.score().moments}
        shown |= {f for e in state.events for _, f in e.facts} | {c for ev in state.events for c in ev.calendar}
        shown = {s for s in shown if len(s) > 3}
        assert shown, key
        leaked = [s for s in shown if json.dumps(s) in text]
        assert not leaked, f"{key}: display text in the canonical form: {leaked[:3]}"


def test_the_canonical_form_keeps_the_score_and_every_rule() -> None:
    state = play("consensus-meeting/climber/3")
    form = canonical(state)
    sc = state.score()
    assert form["score"]["total"] == sc.total and form["score"]["outcome"] == sc.outcome
    assert len(form["actions"]) == len(state.actions) and len(form["events"]) == len(state.events)
    rules = [r for e in form["events"] for r, _ in e["rules"]] + [r for r, _ in form["end"]["rules"]]
    assert sorted(rules) == sorted(m.rule for m in state.moments)
    # the score deltas of the events and the end add up to the debrief's points
    assert sum(e["delta"] for e in form["events"]) + form["end"]["delta"] == sum(m.points for m in sc.moments[:-1])


def test_the_digest_does_not_depend_on_key_order() -> None:
    assert digest({"a": 1, "b": [1, {"c": 2, "d": 3}]}) == digest({"b": [1, {"d": 3, "c": 2}], "a": 1})
    assert digest({"a": 1}) != digest({"a": 2})


def _run(*args: str, hashseed: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONHASHSEED": hashseed}
    return subprocess.run(
        [sys.executable, "-m", "tests.golden", *args],
        check=False,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_fresh_process_with_another_hash_seed_agrees() -> None:
    """Determinism: nothing in a game depends on set/dict hash order or on the process."""
    done = _run("--check", hashseed="4242")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 games differ" in done.stdout


def test_the_regenerate_command_says_what_changed(tmp_path: Path) -> None:
    data = load_data(DATA)
    key = "first-rung/timid/7"
    data["digests"][key] = "0" * 64
    data["digests"]["gone-scenario/timid/1"] = "1" * 64
    stale = tmp_path / "games.json"
    stale.write_text(json.dumps(data))
    done = _run("--check", "--data", str(stale), hashseed="7")
    assert done.returncode == 1
    assert "2 games differ" in done.stdout and key in done.stdout and "gone-scenario/timid/1" in done.stdout
    assert "Traceback" not in done.stderr
    done = _run("--write", "--data", str(stale), hashseed="7")
    assert done.returncode == 0, done.stderr
    assert "2 games differ" in done.stdout and f"wrote {stale}" in done.stdout
    assert load_data(stale) == load_data(DATA)
    done = _run("--check", "--data", str(stale), hashseed="8")
    assert done.returncode == 0 and "0 games differ" in done.stdout


def test_a_broken_data_file_is_one_clear_line(tmp_path: Path) -> None:
    bad = tmp_path / "games.json"
    bad.write_text("{not json")
    done = _run("--check", "--data", str(bad), hashseed="1")
    assert done.returncode == 2
    assert str(bad) in done.stderr and len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def test_a_change_of_the_rules_is_caught_and_explained(data: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """An on-target ask worth 2 craft points instead of 1: games change, and the whole ones
    say where first (the event, its rules and its new score delta)."""
    import sim.engine.scoring

    monkeypatch.setitem(sim.engine.scoring.CRAFT_POINTS, "on_target_ask", 2)
    diff = compare(data)
    assert not diff.ok and diff.changed and not diff.new and not diff.gone
    text = report(diff)
    assert f"{diff.count} games differ" in text and "--write" in text
    detail = diff.details["first-rung/climber/1"]
    assert detail.startswith("first difference at event ") and "delta was " in detail, detail


def test_rewording_what_is_shown_changes_no_game(data: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """Display text is not behaviour: every default line reworded, every game the same."""
    import sim.engine.lines

    reworded = {key: tuple(f"[reworded] {v}" for v in said) for key, said in sim.engine.lines.DEFAULT_LINES.items()}
    monkeypatch.setattr(sim.engine.lines, "DEFAULT_LINES", reworded)
    game: Any = play("first-rung/random/3")
    before = game.events[0].said
    assert before.startswith("[reworded] ")
    diff = compare(data)
    assert diff.ok, report(diff)
