from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from sim.engine.replay import new_game
from sim.players.protocol import bot_rng, play
from sim.players.registry import make_bot
from sim.scenarios.loader import load, shipped_dir
from sim.store import GameRecord, Store
from sim.store.runs import (
    RunError,
    dump_run,
    parse_run,
    read_run,
    replay_run,
    run_from_record,
    same_score,
    scenario_for,
)
from sim.store.session import GameSession, slot_key

from .helpers import SCENARIO, play_game


def recorded(store: Store, session: GameSession) -> GameRecord:
    """The record of a session's finished game (which must be in the store)."""
    assert session.game_id is not None
    g = store.game(session.game_id)
    assert g is not None
    return g


def test_a_finished_game_is_recorded_once_with_its_score(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        s = play_game(store, "Ann", coach=True)
        g = recorded(store, s)
        assert g.player == "Ann" and g.coach and g.mode == "bot"
        expected = play(new_game(load(SCENARIO), 42), make_bot("climber"), bot_rng(42))
        assert (g.total, g.outcome, g.weeks) == (expected.score().total, expected.outcome, expected.end_week)
        assert g.score["coached"] is True and g.score["moments"]
        assert g.digest == load(SCENARIO).digest and g.seed == 42
        assert len(g.actions) == len(expected.actions)
        assert store.list_progress() == []


def test_export_and_replay_give_the_identical_score(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        for bot in ("climber", "random", "reckless"):
            s = play_game(store, bot, bot=bot, seed=7)
            run = run_from_record(recorded(store, s))
            path = tmp_path / f"{bot}.json"
            path.write_text(dump_run(run))
            again = read_run(path)
            state = replay_run(again, scenario_for(again))
            assert same_score(again.score, state)
            assert state.score().total == again.score["total"]


def test_a_changed_scenario_is_refused(tmp_path: Path) -> None:
    copy = tmp_path / "deal.yaml"
    # our copy, one week longer (a copy identical in content would answer for the shipped file too)
    copy.write_text((shipped_dir() / f"{SCENARIO}.yaml").read_text().replace("horizon_weeks: 26", "horizon_weeks: 27"))
    with Store.open(tmp_path / "d") as store:
        s = play_game(store, "Ann", ref=str(copy))
        run = run_from_record(recorded(store, s))
    assert scenario_for(run).digest == run.digest
    copy.write_text(copy.read_text().replace("horizon_weeks: 27", "horizon_weeks: 25  # tuned after the workshop"))
    st = copy.stat()
    os.utime(copy, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    with pytest.raises(RunError, match="has changed since this run was played"):
        scenario_for(run)


@pytest.mark.parametrize(
    "data, message",
    [
        ([], "expected a JSON object"),
        ({"format": "other"}, "not a Commitment Ladder run"),
        ({"format": "commitment-ladder-run", "version": 9}, "newer"),
        ({"format": "commitment-ladder-run", "version": 1, "scenario": "x"}, "field 'digest' is missing"),
        (
            {
                "format": "commitment-ladder-run",
                "version": 1,
                "scenario": "x",
                "digest": "d",
                "seed": "7",
                "engine_version": "0",
                "player": "p",
                "actions": [],
            },
            "field 'seed' must be an integer",
        ),
    ],
)
def test_bad_run_files_say_what_is_wrong(data: object, message: str) -> None:
    with pytest.raises(RunError, match=message):
        parse_run(data, "run.json")


def test_not_json(tmp_path: Path) -> None:
    p = tmp_path / "run.json"
    p.write_text("{nope")
    with pytest.raises(RunError, match=r"run.json: not valid JSON \(line 1"):
        read_run(p)


def test_an_illegal_action_names_its_index(tmp_path: Path) -> None:
    loaded = load(SCENARIO)
    run = parse_run(
        {
            "format": "commitment-ladder-run",
            "version": 1,
            "scenario": SCENARIO,
            "digest": loaded.digest,
            "seed": 1,
            "engine_version": "0.1.0",
            "player": "p",
            "actions": [{"kind": "wait"}, {"kind": "meet", "player": "nobody", "ask": 1}],
        },
        "run.json",
    )
    with pytest.raises(RunError, match=r"actions\[1\] \(week 2\)"):
        replay_run(run, loaded)


def test_resume_restores_the_saved_actions(tmp_path: Path) -> None:
    loaded = load(SCENARIO)
    with Store.open(tmp_path) as store:
        s = GameSession.start(store, loaded, 5, player="Ann", scenario_ref=SCENARIO)
        bot, rng = make_bot("climber"), bot_rng(5)
        for _ in range(4):
            s.apply(bot.step(s.state.observation(), s.state.legal_actions(), rng))
        again = GameSession.start(store, loaded, None, player="Ann", scenario_ref=SCENARIO)
        assert again.resumed == 4 and again.state.week == s.state.week and "Resumed" in (again.note or "")
        fresh = GameSession.start(store, loaded, None, player="Ann", scenario_ref=SCENARIO, resume=False)
        assert fresh.resumed == 0


KILL_SCRIPT = textwrap.dedent("""
    import sys, time
    from sim.players.protocol import bot_rng
    from sim.players.registry import make_bot
    from sim.scenarios.loader import load
    from sim.store import GameRecord, Store
    from sim.store.session import GameSession

    store = Store.open(sys.argv[1])
    s = GameSession.start(store, load("consensus-meeting"), 11, player="Kim", scenario_ref="consensus-meeting")
    bot, rng = make_bot("climber"), bot_rng(11)
    while not s.state.is_terminal():
        s.apply(bot.step(s.state.observation(), s.state.legal_actions(), rng))
        print(len(s.state.actions), flush=True)
        time.sleep(0.3)
""")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_killed_process_loses_at_most_the_action_in_flight(tmp_path: Path) -> None:
    script = tmp_path / "slow_game.py"
    script.write_text(KILL_SCRIPT)
    proc = subprocess.Popen(
        [sys.executable, str(script), str(tmp_path / "d")],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert proc.stdout is not None
    seen = 0
    deadline = time.monotonic() + 20
    while seen < 5 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        seen = int(line)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert seen == 5
    with Store.open(tmp_path / "d") as store:
        assert store.integrity_check() == "ok"
        p = store.load_progress(slot_key("Kim", "consensus-meeting"))
        assert p is not None and len(p.actions) in (5, 6)
        full = play(new_game(load(SCENARIO), 11), make_bot("climber"), bot_rng(11))
        assert p.actions == [a.to_dict() for a in full.actions[: len(p.actions)]]
        resumed = GameSession.start(store, load(SCENARIO), None, player="Kim", scenario_ref=SCENARIO)
        assert resumed.resumed == len(p.actions)
