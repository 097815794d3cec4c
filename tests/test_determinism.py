"""Same scenario + seed + actions = same game, bit for bit; also in a fresh process."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from sim.analysis.simulate import run_many
from sim.engine.replay import new_game, replay
from sim.engine.state import State
from sim.players.protocol import bot_rng, play
from sim.players.registry import make_bot
from sim.players.simple import RandomBot
from sim.scenarios.loader import load, shipped_ids

SCRIPT = """
import json, sys
from sim.players.registry import make_bot
from sim.players.protocol import play, bot_rng
from sim.engine.replay import new_game
from sim.scenarios.loader import load
state = play(new_game(load(sys.argv[1]), int(sys.argv[2])), make_bot(sys.argv[3]), bot_rng(int(sys.argv[2])))
print(json.dumps({"events": [e.to_dict() for e in state.events], "actions": [a.to_dict() for a in state.actions],
                  "score": state.score().to_dict()}, sort_keys=True))
"""


def _log(state: State) -> str:
    return json.dumps(
        {
            "events": [e.to_dict() for e in state.events],
            "actions": [a.to_dict() for a in state.actions],
            "score": state.score().to_dict(),
        },
        sort_keys=True,
    )


@pytest.mark.parametrize("scenario", shipped_ids())
@pytest.mark.parametrize("bot", ["random", "climber"])
def test_same_seed_same_game(scenario: str, bot: str) -> None:
    a = play(new_game(load(scenario), 42), make_bot(bot), bot_rng(42))
    b = play(new_game(load(scenario), 42), make_bot(bot), bot_rng(42))
    assert _log(a) == _log(b)


def test_replaying_the_actions_gives_the_identical_event_log() -> None:
    for seed in range(20):
        a = play(new_game(load("consensus-meeting"), seed), RandomBot(), bot_rng(seed))
        b = replay(load("consensus-meeting"), seed, [x.to_dict() for x in a.actions])
        assert _log(a) == _log(b)


def test_a_different_seed_can_change_the_game() -> None:
    logs = {_log(play(new_game(load("slow-courtship"), s), RandomBot(), bot_rng(1))) for s in range(5)}
    assert len(logs) > 1


@pytest.mark.parametrize("scenario,bot", [("consensus-meeting", "random"), ("another-bidder", "climber")])
def test_same_game_in_a_fresh_process(scenario: str, bot: str) -> None:
    here = _log(play(new_game(load(scenario), 7), make_bot(bot), bot_rng(7)))
    outs = {
        subprocess.run(
            [sys.executable, "-c", SCRIPT, scenario, "7", bot], capture_output=True, text=True, check=True
        ).stdout.strip()
        for _ in range(2)
    }
    assert outs == {here}


def test_simulate_summary_is_stable() -> None:
    loaded = load("consensus-meeting")
    assert run_many(loaded, "random", 50, 3) == run_many(loaded, "random", 50, 3)


def test_clone_plays_on_identically() -> None:
    s = new_game(load("consensus-meeting"), 9)
    bot, rng = RandomBot(), bot_rng(9)
    for _ in range(5):
        s.apply(bot.step(s.observation(), s.legal_actions(), rng))
    c = s.clone()
    r1, r2 = bot_rng(99), bot_rng(99)
    while not s.is_terminal():
        s.apply(bot.step(s.observation(), s.legal_actions(), r1))
    while not c.is_terminal():
        c.apply(bot.step(c.observation(), c.legal_actions(), r2))
    assert _log(s) == _log(c)
