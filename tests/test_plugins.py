"""Bots as plug-ins (`--bot FILE.py:Class`) and the worked example in examples/bots."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sim.analysis.simulate import game_seeds
from sim.cli import cli
from sim.engine.state import State
from sim.players.plugin import PluginError, is_plugin, load_bot
from sim.players.registry import make_bot
from sim.scenarios.loader import load

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = "examples/bots/patient_climber.py:PatientClimber"

GOOD = """
from sim.engine.records import Action

class Waiter:
    def step(self, obs, legal, rng):
        return Action.walk_away() if obs.week > 2 else Action.wait()

class Planner:
    wants_scenario = True
    name = "planner"

    def __init__(self, scenario):
        self.cast = [c.id for c in scenario.cast]

    def step(self, obs, legal, rng):
        return Action.walk_away()

NOT_A_CLASS = 3

class NoStep:
    pass
"""


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), prog_name="ladder")


@pytest.fixture(autouse=True)
def _run_from_the_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.fixture
def bots(tmp_path: Path) -> Path:
    path = tmp_path / "my_bots.py"
    path.write_text(GOOD, encoding="utf-8")
    return path


def test_a_name_with_a_colon_is_a_plugin() -> None:
    assert is_plugin("bots.py:Mine") and is_plugin("C:/x/bots.py:Mine")
    assert not is_plugin("climber")


def test_a_plugin_loads_and_plays(bots: Path) -> None:
    bot = make_bot(f"{bots}:Waiter")
    assert bot.name == "Waiter"  # no `name`: the class name
    from sim.analysis.simulate import run_many

    summary = run_many(load("first-rung"), f"{bots}:Waiter", 3, 0)
    assert summary["games"] == 3 and summary["mean_weeks"] == 3


def test_a_plugin_that_wants_the_scenario_gets_only_its_public_view(bots: Path) -> None:
    loaded = load("consensus-meeting")
    bot = make_bot(f"{bots}:Planner", loaded)
    assert bot.name == "planner"
    cast = vars(bot)["cast"]  # the plug-in's own attribute
    assert cast == [c.id for c in loaded.scenario.cast]


@pytest.mark.parametrize(
    ("ref", "words"),
    [
        ("{dir}/nowhere.py:Bot", "no such file"),
        ("{bots}:Missing", "no class 'Missing'"),
        ("{bots}:NOT_A_CLASS", "is not a class"),
        ("{bots}:NoStep", "is not a bot"),
        ("{syntax}:Bot", "syntax error on line 3"),
        ("{raises}:Bot", "failed to import: ZeroDivisionError"),
        ("{bots}:", "FILE.py:Class"),
    ],
)
def test_a_bad_plugin_is_one_line_naming_the_file(bots: Path, ref: str, words: str) -> None:
    syntax = bots.parent / "broken_syntax.py"
    syntax.write_text("x = 1\n\ndef f(:\n    pass\n", encoding="utf-8")
    raises = bots.parent / "raises.py"
    raises.write_text("1 / 0\n", encoding="utf-8")
    name = ref.format(dir=bots.parent, bots=bots, syntax=syntax, raises=raises)
    with pytest.raises(PluginError) as info:
        load_bot(name)
    message = str(info.value)
    assert words in message and "\n" not in message
    if not name.endswith(":"):
        assert message.startswith(name.rpartition(":")[0] + ":")
    # and the commands say the same, in one line, exit 1
    for args in (("simulate", "first-rung", "--games", "2"), ("play", "first-rung", "--seed", "1")):
        result = run(*args, "--bot", name)
        assert result.exit_code == 1, result.output
        assert words in result.stderr and result.stderr.count("\n") == 1


def test_an_unknown_name_without_a_colon_is_still_a_usage_error() -> None:
    result = run("balance", "first-rung", "--games", "2", "--bot", "wizard")
    assert result.exit_code == 2 and "wizard" in result.stderr


def _winnable(state: State) -> bool:
    won = state.variant is None or state.variant.scenario.truth.winnable
    state.close()
    return won


def test_the_example_bot_runs_through_simulate() -> None:
    result = run("simulate", "consensus-meeting", "--bot", EXAMPLE, "--games", "20", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["games"] == 20 and summary["bot"] == EXAMPLE
    climber = json.loads(run("simulate", "consensus-meeting", "--games", "20", "--json").stdout)
    loaded = load("consensus-meeting")
    winnable = sum(1 for s in game_seeds(0, 20) if _winnable(State(loaded, s)))  # the deals it could win
    assert 0 < winnable < 20
    assert summary["outcomes"]["won"] == winnable and summary["outcomes"]["qualified_out"] == 20 - winnable
    assert summary["mean_score"] >= climber["mean_score"] - 5  # a sensible bot


def test_the_example_bot_runs_through_play_and_balance() -> None:
    played = run("play", "first-rung", "--bot", EXAMPLE, "--seed", "3")
    assert played.exit_code == 0 and "Seed 3" in played.stdout
    result = run(
        "balance", "first-rung", "--games", "4", "--expert-games", "1", "--jobs", "1", "--json", "--bot", EXAMPLE
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert list(report["scenarios"][0]["bots"]) == [EXAMPLE]
