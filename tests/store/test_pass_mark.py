"""The campaign's pass mark and which games count: a C opens the next scenario, a D does not; a
bot's game, a coached game and a "what if" branch never open it nor make a best."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.common.errors import ScenarioError
from sim.engine.grading import DEFAULT_PASS_MARK, GRADE_LETTERS, meets
from sim.scenarios.loader import load
from sim.store import Store
from sim.store.campaign import StepScenario, StepState, campaign_status, campaign_steps, next_scenario, step_scenario

from .helpers import raw_game

ROOT = Path(__file__).resolve().parents[2]
ORDER = [StepScenario("first-rung", "First Rung", "C"), StepScenario("consensus-meeting", "Consensus", "C")]


def record(store: Store, scenario: str, grade: str, total: int, coach: bool = False, mode: str = "play") -> None:
    score = {"total": total, "grade": grade, "moments": []}
    store.record_game(**raw_game(scenario=scenario, score=score, mode=mode), coach=coach)


def states(store: Store, order: list[StepScenario] = ORDER) -> list[StepState]:
    return [s.status for s in campaign_steps(order, store.games(player="Ann", oldest_first=True))]


def test_grades_meet_a_mark_in_the_engines_order() -> None:
    assert GRADE_LETTERS == ("A", "B", "C", "D", "F") and DEFAULT_PASS_MARK == "C"
    assert [meets(g, "C") for g in GRADE_LETTERS] == [True, True, True, False, False]
    assert meets("F", "F") and not meets("C", "B") and not meets("?", "F")


def test_a_c_opens_the_next_scenario_and_a_d_does_not(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        assert states(store) == [StepState.OPEN, StepState.LOCKED]
        record(store, "first-rung", "D", 55)
        assert states(store) == [StepState.NOT_PASSED, StepState.LOCKED]
        record(store, "first-rung", "C", 66)
        steps = campaign_steps(ORDER, store.games(player="Ann", oldest_first=True))
        assert [s.status for s in steps] == [StepState.PASSED, StepState.OPEN]
        assert (steps[0].best, steps[0].best_grade, steps[0].games, steps[0].not_counted) == (66, "C", 2, 0)
        assert next_scenario(steps) == "consensus-meeting"


@pytest.mark.parametrize(
    ("coach", "mode"), [(True, "play"), (False, "bot"), (False, "what-if"), (True, "bot")], ids=str
)
def test_an_a_that_does_not_count_never_opens_nor_makes_a_best(tmp_path: Path, coach: bool, mode: str) -> None:
    with Store.open(tmp_path) as store:
        record(store, "first-rung", "A", 95, coach=coach, mode=mode)
        steps = campaign_steps(ORDER, store.games(player="Ann", oldest_first=True))
        assert [s.status for s in steps] == [StepState.OPEN, StepState.LOCKED]
        assert (steps[0].best, steps[0].games, steps[0].not_counted) == (None, 0, 1)
        assert store.bests("Ann") == []
        record(store, "first-rung", "D", 52)  # a counted game below the mark: played, still not passed
        assert states(store) == [StepState.NOT_PASSED, StepState.LOCKED]
        assert [g.total for g in store.bests("Ann")] == [52]  # the A is listed in history, never the best


def test_the_pass_mark_is_the_scenarios_own(tmp_path: Path) -> None:
    order = [StepScenario("first-rung", "First Rung", "B"), ORDER[1]]
    with Store.open(tmp_path) as store:
        record(store, "first-rung", "C", 79)
        assert states(store, order) == [StepState.NOT_PASSED, StepState.LOCKED]
        assert states(store) == [StepState.PASSED, StepState.OPEN]  # the same game passes a C mark
        record(store, "first-rung", "B", 80)
        assert states(store, order) == [StepState.PASSED, StepState.OPEN]


def test_the_best_is_the_best_grade_then_the_score(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        record(store, "first-rung", "D", 62)  # a loss with more points
        record(store, "first-rung", "C", 58)  # a qualify-out graded on its share of par
        [best] = store.bests("Ann")
        assert (best.total, best.grade) == (58, "C")
        assert states(store)[0] is StepState.PASSED


def test_a_later_step_passed_in_free_play_shows_passed(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        record(store, "consensus-meeting", "B", 85)
        steps = campaign_steps(ORDER, store.games(player="Ann", oldest_first=True))
        assert [s.status for s in steps] == [StepState.OPEN, StepState.PASSED]
        assert next_scenario(steps) == "first-rung"


def test_shipped_scenarios_default_to_c_and_a_file_sets_its_own(tmp_path: Path) -> None:
    assert step_scenario("first-rung").pass_mark == DEFAULT_PASS_MARK
    with Store.open(tmp_path) as store:
        assert all(s.pass_mark == "C" for s in campaign_status(store, "Ann"))
    source = (ROOT / "scenarios" / "first-rung.yaml").read_text(encoding="utf-8")
    own = tmp_path / "own.yaml"
    own.write_text(source + "pass_mark: b\n", encoding="utf-8")
    assert load(str(own)).scenario.pass_mark == "B"  # written in either case, kept as the engine's letter
    bad = tmp_path / "bad.yaml"
    bad.write_text(source + "pass_mark: E\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        load(str(bad))
    assert "pass_mark" in str(err.value) and "'E' is not a grade the game gives (one of A, B, C, D, F)" in str(
        err.value
    )
