"""The lesson-breaking strategies, the check of which lessons a game broke, and the suite."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from sim.analysis.breaks import LESSONS, breaks
from sim.analysis.simulate import game_seeds
from sim.analysis.suite import NO_VARIANTS, run_scenario, suite_lines
from sim.cli import cli
from sim.engine.ladder import FOLLOW_UP
from sim.engine.outcomes import MeetingOutcome
from sim.engine.records import Action
from sim.engine.replay import new_game
from sim.engine.state import State
from sim.players.climber import ClimberBot
from sim.players.protocol import Bot, bot_rng, play
from sim.players.registry import BOTS
from sim.players.strategies import STRATEGIES, make_strategy
from sim.scenarios.loader import LoadedScenario, load, shipped_ids

SEEDS = game_seeds(0, 4)
# Where each strategy has its lesson to break: an adversary to skip, a dead deal to stay in.
WHERE = {"early-consensus": "consensus-meeting", "skip-adversary": "consensus-meeting", "never-walk": "another-bidder"}


def _play(ref: str, bot: Bot, seed: int) -> State:
    return play(State(load(ref), seed), bot, bot_rng(seed))


def test_every_lesson_has_a_strategy_and_none_is_a_default_bot() -> None:
    assert {cls.lesson for cls in STRATEGIES.values()} == set(LESSONS)
    assert not set(STRATEGIES) & set(BOTS)
    for name, cls in STRATEGIES.items():
        assert cls.name == name and cls.summary
    with pytest.raises(ValueError, match="unknown strategy"):
        make_strategy("nope")


@pytest.mark.parametrize("name", list(STRATEGIES))
def test_each_strategy_breaks_its_lesson(name: str) -> None:
    ref = WHERE.get(name, "consensus-meeting")
    lesson = STRATEGIES[name].lesson
    found = [breaks(_play(ref, make_strategy(name), s)) for s in SEEDS]
    assert any(b.broke[lesson] for b in found), f"{name} never broke {lesson} on {ref}"
    assert all(b.first_week[lesson] is not None for b in found if b.broke[lesson])


@pytest.mark.parametrize("ref", shipped_ids())
def test_the_climber_breaks_no_lesson(ref: str) -> None:
    for s in SEEDS:
        assert breaks(_play(ref, ClimberBot(), s)).lessons == [], f"{ref} seed {s}"


def _by_hand(ref: str, actions: list[Action]) -> State:
    st = new_game(load(ref), 1)
    for a in actions:
        st.apply(a)
    return st


def test_breaks_reads_the_actions() -> None:
    b = breaks(_by_hand("consensus-meeting", [Action.walk_away()]))
    assert b.lessons == ["L8"] and b.first_week["L8"] == 1  # walked away blind
    b = breaks(_by_hand("consensus-meeting", [Action.meet("vp-eng", FOLLOW_UP), Action.walk_away()]))
    assert b.broke["L4"] and b.first_week["L4"] == 1  # an ask without discovery
    st = _by_hand("consensus-meeting", [Action.meet("vp-eng", FOLLOW_UP, topic="goals", schedule=False)])
    assert st.events[-1].granted == FOLLOW_UP
    st.apply(Action.meet("vp-eng", 6, topic="process"))  # a rung the champion grants, far above readiness
    assert st.events[-1].outcome == MeetingOutcome.DECLINED  # the first such ask: a free test of interest
    assert breaks(st).lessons == ["L5"]  # so neither L1 nor L2 yet
    st.apply(Action.meet("vp-eng", 6, topic="concerns"))  # the same ask again: no test any more
    st.apply(Action.meet("vp-eng", 9, topic="budget"))  # not theirs to give: they say so, no cost
    assert st.events[-1].outcome == MeetingOutcome.DECLINED and 9 in st.observation().player("vp-eng").not_theirs
    st.apply(Action.walk_away())
    b = breaks(st)
    assert b.broke["L5"] and b.first_week["L5"] == 1  # the step agreed in week 1 was left undated
    assert b.broke["L1"] and b.broke["L2"] and b.first_week["L2"] == 3  # far above readiness
    assert b.count["L1"] == b.count["L2"] == 1  # the ask of rung 9 broke neither
    b = breaks(_by_hand("another-bidder", [Action.wait()] * 3 + [Action.walk_away()]))
    assert b.broke["L8"]  # walked away from a dead deal, but blind


def test_the_suite_is_deterministic_and_reports_every_strategy() -> None:
    loaded = load("first-rung")
    first = run_scenario(loaded, 3, seed=5, strategies=["walk-away-blind", "never-walk", "half-pace"])
    again = run_scenario(loaded, 3, seed=5, strategies=["walk-away-blind", "never-walk", "half-pace"])
    assert first.to_dict() == again.to_dict()
    rows = {r.strategy: r for r in first.rows}
    assert rows["walk-away-blind"].broke == 3 and rows["walk-away-blind"].ok is True
    drawn = [State(loaded, s) for s in game_seeds(5, 3)]
    dead = sum(1 for st in drawn if st.variant is not None and not st.variant.scenario.truth.winnable)
    assert 0 < dead < 3  # these seeds draw a dead variant and a winnable one
    # never walking away breaks L8 only where the drawn deal was dead; a winnable deal has nothing to break
    assert rows["never-walk"].broke == dead and rows["never-walk"].ok is True
    assert first.variants == len({st.variant.name for st in drawn if st.variant is not None}) == 3
    assert first.variant_note is None and first.failures == []
    assert any(line.startswith("  half-pace") for line in suite_lines({"scenarios": [first.to_dict()]}))
    # one puzzle (no variants to draw): the check says so
    one = LoadedScenario(loaded.scenario.model_copy(update={"variants": ()}), "one-puzzle", "")
    puzzle = run_scenario(one, 3, seed=5, strategies=["half-pace"])
    assert puzzle.variants == 1 and puzzle.variant_note == NO_VARIANTS
    assert not any("variants drawn" in f for f in puzzle.failures)  # nothing to draw: a note, not a failure


def test_balance_suite_is_opt_in_and_names_every_failure() -> None:
    result = CliRunner().invoke(
        cli, ["balance", "another-bidder", "--suite", "--suite-games", "2", "--json"], prog_name="ladder"
    )
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert [r["strategy"] for r in report["scenarios"][0]["rows"]] == list(STRATEGIES)
    assert report["failures"] and all(f"ladder balance --suite: {f}" in result.stderr for f in report["failures"])
