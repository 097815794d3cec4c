"""The cohort debrief's mistakes read the rules the engine names: a far over-ask is an over-ask."""

from __future__ import annotations

from sim.engine.rules import RULES
from sim.store.cohort import MISTAKES


def test_every_mistake_names_rules_the_engine_has() -> None:
    assert {m.lesson for m in MISTAKES} <= {f"L{i}" for i in range(1, 10)}


def test_a_far_over_ask_counts_as_an_over_ask() -> None:
    over = [m for m in MISTAKES if m.rule == "over_ask"]
    assert over
    moments = [{"week": 2, "rule": "far_over_ask"}]
    assert all(m.first_week(moments, None) == 2 for m in over)
    assert "far_over_ask" in RULES and "over_ask" in RULES
