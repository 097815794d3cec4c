"""Invariants over random legal play (hypothesis drives the choices)."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.engine.records import Action, ActionKind, Observation
from sim.engine.replay import new_game
from sim.engine.state import State
from sim.players.simple import RandomBot
from sim.scenarios.loader import load, shipped_ids

SCENARIOS = shipped_ids()
# Words that only hidden state would put into what the trainee sees.
HIDDEN_KEYS = {
    "readiness",
    "trust",
    "archetype",
    "power",
    "patience",
    "unmovable",
    "over_asks",
    "truth",
    "state",
    "concern_known",
}
HIDDEN_STATES = {
    "entrenched",
    "neutralised",
    "opposed",
    "skeptical",
    "persuaded",
    "champion",
    "browsing",
    "committed",
    "convinced",
}


def _keys(obj: object, out: set[str]) -> set[str]:
    if isinstance(obj, dict):
        for k, v in obj.items():
            out.add(k)
            _keys(v, out)
    elif isinstance(obj, list):
        for v in obj:
            _keys(v, out)
    return out


def _play(scenario: str, seed: int, choices: random.Random) -> Iterator[tuple[State, Observation]]:
    state = new_game(load(scenario), seed)
    bot = RandomBot()
    steps = 0
    while not state.is_terminal():
        obs = state.observation()
        legal = state.legal_actions()
        action = bot.step(obs, legal, choices)
        state.apply(action)
        steps += 1
        yield state, obs
    assert steps <= 4 * state.scenario.horizon_weeks


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario=st.sampled_from(SCENARIOS), seed=st.integers(0, 2**32), choice_seed=st.integers(0, 2**32))
def test_random_legal_play_keeps_every_invariant(scenario: str, seed: int, choice_seed: int) -> None:
    horizon = load(scenario).scenario.horizon_weeks
    state = None
    for state, obs in _play(scenario, seed, random.Random(choice_seed)):
        assert 1 <= state.week <= horizon
        data = obs.to_dict()
        assert not (_keys(data, set()) & HIDDEN_KEYS)
        text = json.dumps(data)
        for word in HIDDEN_STATES:
            assert f'"{word}"' not in text
    assert state is not None and state.is_terminal()
    assert state.end_week is not None and state.end_week <= horizon
    score = state.score()
    assert 0 <= score.total <= 100
    assert score.outcome in ("won", "qualified_out", "lost", "no_decision", "walked_away", "walked_blind")
    assert not state.legal_actions()
    assert state.observation().terminal


@settings(max_examples=40, deadline=None)
@given(scenario=st.sampled_from(SCENARIOS), seed=st.integers(0, 2**32), data=st.data())
def test_arbitrary_actions_either_apply_or_raise_a_typed_error(scenario: str, seed: int, data: st.DataObject) -> None:
    from sim.common.errors import IllegalActionError

    state = new_game(load(scenario), seed)
    ids = [c.id for c in state.scenario.cast] + ["nobody"]
    for _ in range(30):
        if state.is_terminal():
            break
        kind: ActionKind = data.draw(st.sampled_from(["meet", "consensus", "wait", "walk_away"]))
        action = Action(
            kind,
            data.draw(st.sampled_from(ids + [None])),
            data.draw(st.sampled_from([None, "goals", "process", "concerns", "budget", "x"])),
            data.draw(st.one_of(st.none(), st.integers(-2, 11))),
            data.draw(st.one_of(st.none(), st.integers(-2, 11))),
            data.draw(st.booleans()),
        )
        try:
            state.apply(action)
        except IllegalActionError:
            pass
    assert 0 <= (state.score().total if state.is_terminal() else 0) <= 100
