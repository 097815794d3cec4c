"""Teaching fidelity: on every shipped scenario the shipped bots rank as the lessons say.
500 games per bot per scenario."""

from __future__ import annotations

from typing import Any

import pytest

from sim.analysis.simulate import run_many
from sim.scenarios.loader import load, shipped_ids

GAMES = 500
Results = dict[str, dict[str, dict[str, Any]]]  # scenario -> bot -> run_many's summary


@pytest.fixture(scope="module")
def results() -> Results:
    out: Results = {}
    for sid in shipped_ids():
        loaded = load(sid)
        out[sid] = {bot: run_many(loaded, bot, GAMES, 2026) for bot in ("climber", "reckless", "timid")}
    return out


@pytest.mark.parametrize("scenario", shipped_ids())
def test_climber_beats_reckless_and_timid_by_ten_points(results: Results, scenario: str) -> None:
    r = results[scenario]
    assert r["climber"]["mean_score"] >= r["reckless"]["mean_score"] + 10
    assert r["climber"]["mean_score"] >= r["timid"]["mean_score"] + 10


@pytest.mark.parametrize("scenario", ["another-bidder", "not-the-right-time"])
def test_climber_qualifies_out_of_dead_deals_before_half_the_horizon(results: Results, scenario: str) -> None:
    r = results[scenario]["climber"]
    horizon = load(scenario).scenario.horizon_weeks
    assert r["outcomes"]["qualified_out"] > GAMES / 2
    assert r["mean_weeks"] < horizon / 2


@pytest.mark.parametrize("scenario", ["first-rung", "consensus-meeting", "slow-courtship"])
def test_climber_mostly_wins_winnable_deals(scenario: str) -> None:
    # every seed draws a deal; the scenario is winnable, but some of its variants are not
    from sim.engine.replay import new_game
    from sim.players.protocol import bot_rng, play
    from sim.players.registry import make_bot

    loaded = load(scenario)
    winnable = won = 0
    for seed in range(200):
        state = play(new_game(loaded, seed), make_bot("climber"), bot_rng(seed))
        if state.scenario.truth.winnable:
            winnable += 1
            won += state.outcome == "won"
    assert winnable > 100 and won > winnable * 0.8


def test_shipped_truths_match_the_lessons() -> None:
    truths = {sid: load(sid).scenario.truth.winnable for sid in shipped_ids()}
    assert truths == {
        "first-rung": True,
        "consensus-meeting": True,
        "another-bidder": False,
        "not-the-right-time": False,
        "slow-courtship": True,
    }
