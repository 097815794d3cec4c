"""Golden logs: the engine's behaviour is bit-identical across speed work.

Full event logs, moments, scores and the revealed truth of 3 seeds x every shipped
scenario x 4 bots, compared with `tests/data/golden.json`. Regenerate (only for an
intended change of behaviour) with `uv run python tests/test_golden.py --write`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import pytest

if TYPE_CHECKING:
    from sim.engine.state import State

GOLDEN = Path(__file__).parent / "data" / "golden.json"
SCENARIOS = ("another-bidder", "consensus-meeting", "first-rung", "not-the-right-time", "slow-courtship")
BOTS = ("random", "reckless", "timid", "climber")
SEEDS = (0, 7, 2026)


def record(scenario: str, bot: str, seed: int) -> dict[str, Any]:
    from sim.analysis.simulate import run_one
    from sim.scenarios.loader import load

    state = run_one(load(scenario), bot, seed)
    return {
        "actions": [a.to_dict() for a in state.actions],
        "events": [e.to_dict() for e in state.events],
        "moments": [[m.week, m.event, m.rule, m.player, m.detail] for m in state.moments],
        "score": state.score().to_dict(),
        "reveal": state.reveal(),
    }


def key(scenario: str, bot: str, seed: int) -> str:
    return f"{scenario}/{bot}/{seed}"


def summary(scenario: str, bot: str) -> dict[str, Any]:
    from sim.analysis.simulate import run_many
    from sim.scenarios.loader import load

    return run_many(load(scenario), bot, 150, 99)


def build() -> dict[str, Any]:
    out = {key(s, b, n): record(s, b, n) for s in SCENARIOS for b in BOTS for n in SEEDS}
    out["summaries"] = {f"{s}/{b}": summary(s, b) for s in SCENARIOS for b in BOTS}
    return out


@pytest.fixture(scope="module")
def golden() -> dict[str, Any]:
    return cast(dict[str, Any], json.loads(GOLDEN.read_text()))


@pytest.mark.parametrize("scenario", SCENARIOS)
@pytest.mark.parametrize("bot", BOTS)
def test_golden_logs(golden: dict[str, Any], scenario: str, bot: str) -> None:
    for seed in SEEDS:
        got = json.loads(json.dumps(record(scenario, bot, seed)))
        assert got == golden[key(scenario, bot, seed)], f"{scenario} / {bot} / seed {seed} changed"
    assert summary(scenario, bot) == golden["summaries"][f"{scenario}/{bot}"]


if __name__ == "__main__" and "--write" in sys.argv:
    GOLDEN.parent.mkdir(parents=True, exist_ok=True)
    GOLDEN.write_text(json.dumps(build(), indent=0, sort_keys=True) + "\n")
    print(f"wrote {GOLDEN}")


def _reference_observation(state: State) -> dict[str, Any]:
    """The observation rebuilt from scratch, the slow obvious way (what the caches must equal)."""
    sc = state.scenario
    players = []
    for pid, p in state.players.items():
        if not p.known:
            continue
        players.append(
            {
                "id": pid,
                "name": state.names[pid],
                "pronouns": state.pronoun_ids[pid],
                "title": p.spec.title,
                "met": p.met,
                "reachable": p.reachable,
                "last_met": p.last_met,
                "granted": p.granted,
                "scheduled": [s.rung for s in state.steps if s.player == pid and s.scheduled],
                "open": [s.rung for s in state.steps if s.player == pid and not s.scheduled],
                "facts": dict(p.facts),
                "signals": list(p.signals),
                "met_count": p.meetings,
            }
        )
    return {
        "scenario": sc.id,
        "title": sc.title,
        "company": sc.account.company,
        "offering": sc.offering.name,
        "deal_value": sc.offering.deal_value,
        "currency": sc.offering.currency,
        "week": state.week,
        "horizon": sc.horizon_weeks,
        "players": players,
        "calendar": [[s.week, s.player, s.rung] for s in state.steps if s.scheduled],
        "open_steps": [[s.week, s.player, s.rung] for s in state.steps if not s.scheduled],
        "consensus_ready": state.consensus_ready,
        "evaluation_until": state.evaluation_until,
        "log": [e.to_dict() for e in state.events],
        "terminal": state.outcome is not None,
        "outcome": state.outcome,
    }


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_cached_observations_and_legal_actions_match_a_fresh_build(scenario: str) -> None:
    """The engine caches views, steps and legal actions; every turn they must equal a fresh build."""
    from sim.analysis.simulate import game_seeds
    from sim.engine.legal import ask_table
    from sim.engine.state import State
    from sim.players.protocol import bot_rng
    from sim.players.registry import make_bot
    from sim.scenarios.loader import load

    loaded = load(scenario)
    for bot_name in BOTS:
        for seed in game_seeds(5, 15):
            state, bot, rng = State(loaded, seed), make_bot(bot_name), bot_rng(seed)
            while not state.is_terminal():
                obs = state.observation()
                assert obs.to_dict() == _reference_observation(state)
                legal = state.legal_actions()
                state.changed()
                ask_table.cache_clear()
                fresh = state.legal_actions()
                assert legal == fresh
                assert state.calendar.open_count == sum(1 for s in state.steps if not s.scheduled)
                state.apply(bot.step(obs, legal, rng))
            assert state.observation().to_dict() == _reference_observation(state)
