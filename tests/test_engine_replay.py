"""The one replay function: (scenario, seed, actions) -> the same game, with early stops,
a step callback, and a one-line error naming the bad action."""

from __future__ import annotations

import pytest

from sim.common.errors import IllegalActionError
from sim.engine.records import Action
from sim.engine.replay import ReplayError, replay
from sim.engine.state import State
from sim.players.protocol import bot_rng, play
from sim.players.registry import make_bot
from sim.scenarios.loader import LoadedScenario, load


@pytest.fixture(scope="module")
def played() -> tuple[LoadedScenario, State]:
    loaded = load("consensus-meeting")
    state = play(State(loaded, 11), make_bot("climber"), bot_rng(11))
    return loaded, state


def test_replay_from_dicts_or_actions_is_the_same_game(played: tuple[LoadedScenario, State]) -> None:
    loaded, state = played
    dicts = [a.to_dict() for a in state.actions]
    for actions in (dicts, list(state.actions)):
        again = replay(loaded, 11, actions)
        assert [e.to_dict() for e in again.events] == [e.to_dict() for e in state.events]
        assert again.outcome == state.outcome and again.score().total == state.score().total
    assert replay(load("consensus-meeting"), 11, dicts).outcome == state.outcome  # a shipped id works too


def test_replay_stops_early_and_reports_each_step(played: tuple[LoadedScenario, State]) -> None:
    loaded, state = played
    dicts = [a.to_dict() for a in state.actions]
    assert len(replay(loaded, 11, dicts, count=3).actions) == 3
    part = replay(loaded, 11, dicts, until_week=4)
    assert part.week == 5 and not part.is_terminal()
    assert replay(loaded, 11, dicts, before_week=4).week == 4
    seen: list[tuple[int, int, int]] = []
    replay(loaded, 11, dicts, on_step=lambda i, week, events: seen.append((i, week, len(events))))
    assert [i for i, _w, _n in seen] == list(range(len(dicts)))
    assert sum(n for _i, _w, n in seen) == len(state.events)


def test_a_bad_action_is_one_line_naming_its_index_and_week(played: tuple[LoadedScenario, State]) -> None:
    loaded, state = played
    dicts = [a.to_dict() for a in state.actions]
    with pytest.raises(ReplayError) as err:
        replay(loaded, 11, dicts[:2] + [{"kind": "meet", "player": "nobody", "ask": 1}])
    assert str(err.value) == "actions[2] (week 3): no Key Player 'nobody' that you know of"
    assert isinstance(err.value, IllegalActionError) and "\n" not in str(err.value)
    with pytest.raises(ReplayError, match=r"^actions\[1\] \(week 2\): not an action"):
        replay(loaded, 11, dicts[:1] + [{"kind": "dance"}])
    with pytest.raises(
        ReplayError, match=rf"^actions\[{len(dicts)}\]: the game was already over after {len(dicts)} actions$"
    ):
        replay(loaded, 11, dicts + [Action.wait().to_dict()])
