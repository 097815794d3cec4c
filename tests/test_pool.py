"""Key Player models are pooled in their archetype's shared machine: a finished game gives
them back, keeps readable snapshots, and the machines' model lists stay short."""

from __future__ import annotations

from sim.analysis.simulate import run_many, run_one
from sim.engine import machines as archetypes
from sim.engine.records import Action
from sim.engine.replay import new_game
from sim.scenarios.loader import load


def test_finished_games_give_their_models_back_and_the_machines_stay_small() -> None:
    loaded = load("consensus-meeting")
    run_many(loaded, "climber", 50, 1)
    before = archetypes.in_machines()
    run_many(loaded, "climber", 400, 2)
    kept = [run_one(loaded, "climber", s) for s in range(300)]  # finished states still held
    assert archetypes.in_machines() <= max(before, len(loaded.scenario.cast) * 2) + 8
    assert all(s.is_terminal() for s in kept)


def test_a_finished_game_reads_the_same_after_other_games_reuse_its_models() -> None:
    loaded = load("consensus-meeting")
    done = run_one(loaded, "climber", 7)
    truth, score = done.reveal(), done.score().to_dict()
    run_many(loaded, "reckless", 50, 3)
    assert done.reveal() == truth
    assert done.score().to_dict() == score
    for p in done.players.values():
        assert p not in archetypes.machine(p.archetype.name).models


def test_a_closed_game_can_still_be_played_without_touching_pooled_models() -> None:
    s = new_game(load("first-rung"), 3)
    s.apply(Action.meet("ops", 1, topic="goals"))
    s.close()
    other = new_game(load("first-rung"), 4)  # may take the pooled models
    s.apply(Action.meet("ops", 2, topic="process"))
    other.apply(Action.meet("ops", 1, topic="goals"))
    assert s.players["ops"] is not other.players["ops"]
    assert s.players["ops"].granted == 2 and other.players["ops"].granted == 1
