"""Golden logs: the engine's behaviour is bit-identical across speed work.

Full event logs, moments, scores and the revealed truth of 3 seeds x every shipped
scenario x 4 bots, compared with `tests/data/golden.json`. Regenerate (only for an
intended change of behaviour) with `uv run python tests/test_golden.py --write`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "data" / "golden.json"
SCENARIOS = ("another-bidder", "consensus-meeting", "first-rung", "not-the-right-time", "slow-courtship")
BOTS = ("random", "reckless", "timid", "climber")
SEEDS = (0, 7, 2026)


def record(scenario: str, bot: str, seed: int) -> dict:
    from sim.scenario import load
    from sim.simulate import run_one

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


def summary(scenario: str, bot: str) -> dict:
    from sim.scenario import load
    from sim.simulate import run_many

    return run_many(load(scenario), bot, 150, 99)


def build() -> dict:
    out = {key(s, b, n): record(s, b, n) for s in SCENARIOS for b in BOTS for n in SEEDS}
    out["summaries"] = {f"{s}/{b}": summary(s, b) for s in SCENARIOS for b in BOTS}
    return out


@pytest.fixture(scope="module")
def golden() -> dict:
    return json.loads(GOLDEN.read_text())


@pytest.mark.parametrize("scenario", SCENARIOS)
@pytest.mark.parametrize("bot", BOTS)
def test_golden_logs(golden, scenario, bot):
    for seed in SEEDS:
        got = json.loads(json.dumps(record(scenario, bot, seed)))
        assert got == golden[key(scenario, bot, seed)], f"{scenario} / {bot} / seed {seed} changed"
    assert summary(scenario, bot) == golden["summaries"][f"{scenario}/{bot}"]


if __name__ == "__main__" and "--write" in sys.argv:
    GOLDEN.parent.mkdir(parents=True, exist_ok=True)
    GOLDEN.write_text(json.dumps(build(), indent=0, sort_keys=True) + "\n")
    print(f"wrote {GOLDEN}")
