"""`ladder lint --text`: each check fires on bad text, a short run over every scenario and bot
finds nothing, and the command names the scenario, seed, week and line of a problem."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from sim.analysis import text_checks as checks
from sim.analysis.text_lint import bot_names, check_game, lint_text, play_one
from sim.cli import cli
from sim.cli.text_views import tui_views
from sim.scenarios.generator import generate
from sim.scenarios.loader import all_shipped, load

WHO = checks.roster({"cfo": "Helen Brandt", "mfg": "Gordon Pike", "it": "Sam Reyes"}, {"cfo": "she", "mfg": "he"})
RUNGS = ("Follow-up meeting", "Needs deep-dive", "Contract")


def test_doubled_lines_sentences_and_echoed_labels_are_found() -> None:
    assert checks.doubled("Week 3  You let the week pass.\n  You let the week pass.")
    assert checks.doubled('"Not yet. Not yet."')
    assert checks.doubled("Deal lost\n   You: You walked away.")
    assert checks.doubled("asked for a strategy session (fallback: a needs deep-dive). (fallback: a needs deep-dive)")
    assert not checks.doubled("Week 3  You let the week pass.\nWeek 4  You let the week pass.")


def test_a_sentence_said_more_than_twice_in_a_game_is_found() -> None:
    replies = ["Fair ask. Count me in.", "Count me in.", "Sure. Count me in.", "Yes."]
    assert checks.repeated(replies) == [("Count me in.", 3)]
    assert not checks.repeated(["No.", "No.", "No.", "No."])  # too short to count as a line
    assert not checks.repeated(["Count me in.", "Count me in."])


def test_a_rung_without_its_article_is_found() -> None:
    assert checks.articles("You met Dana, asked for follow-up meeting.", RUNGS)
    assert checks.articles("ask Gordon Pike for contract", RUNGS)
    assert checks.articles("Yes, I can commit to the a needs deep-dive.", RUNGS)
    assert not checks.articles("asked for a follow-up meeting (fallback: a needs deep-dive)", RUNGS)
    assert not checks.articles("You asked for far more than they were ready for.", RUNGS)


def test_a_pronoun_that_disagrees_with_its_player_is_found() -> None:
    assert checks.pronouns("Helen Brandt only meets you if he trusts you.", WHO)
    assert checks.pronouns("Gordon Pike stopped the line. Her plant suffered.", WHO)
    assert checks.pronouns("Sam Reyes says she has opinions.", WHO)  # Sam goes by they
    assert checks.pronouns("Helen says they is busy.", WHO)
    assert checks.pronouns("Gordon says she are busy.", WHO)
    assert not checks.pronouns("Helen Brandt signs. Gordon Pike has her ear, and he knows it.", WHO)
    assert not checks.pronouns("Before it reaches her, Gordon has a say. Helen listens to him.", WHO)
    assert not checks.pronouns("Does she have the budget, Helen?", WHO)


def test_a_placeholder_left_in_and_empty_text_are_found() -> None:
    assert checks.placeholders("Yes, I can commit to {ask}.") == ["a placeholder left in: {ask}"]
    assert not checks.placeholders("Yes, I can commit to a needs deep-dive.")
    assert checks.empty("") and checks.empty('""') and not checks.empty("No.")


def test_signals_that_disagree_are_found() -> None:
    assert checks.signal_clash(["leaning in", "warm", "a dead end"])
    assert checks.signal_clash(["leaning in", "polite", "taken aback"])
    assert checks.signal_clash(["has stopped engaging", "cool"])
    assert not checks.signal_clash(["a dead end", "immovable", "warm"])
    assert not checks.signal_clash(["open to a next step", "guarded", "taken aback"])


def test_a_game_with_bad_text_is_reported() -> None:
    state = play_one(load("consensus-meeting"), "climber", 1)
    assert check_game(state) == []
    state.events[0].said = "Not yet. Not yet. Ask me for {ask}."
    found = {check for _week, _where, check, _message in check_game(state)}
    assert {"doubled", "placeholder"} <= found


def test_short_text_lint_over_every_scenario_bot_and_view_finds_nothing() -> None:
    """The CI version of `ladder lint --text`: one seed, every bot and strategy, every shipped
    scenario and two random accounts, the terminal UI's rendering included."""
    report = lint_text([*all_shipped(), generate(1), generate(2)], [1], views=tui_views())
    assert report.games == 7 * len(bot_names())
    assert report.lines() == []


def test_ladder_lint_text_names_scenario_seed_week_and_line(tmp_path: Path) -> None:
    ok = CliRunner().invoke(cli, ["lint", "--text", "first-rung", "--seeds", "1"], prog_name="ladder")
    assert ok.exit_code == 0, ok.output
    assert "0 text problem(s)" in ok.output
    text = (Path(__file__).parent / "corpus" / "valid" / "default-ladder.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "echo.yaml"
    bad.write_text(text.replace('"Sure, {name} here is happy to help."', '"Not now. Not now."'), encoding="utf-8")
    result = CliRunner().invoke(cli, ["lint", "--text", str(bad), "--seeds", "2"], prog_name="ladder")
    assert result.exit_code == 1
    problem = next(line for line in result.output.splitlines() if "doubled" in line)
    assert problem.startswith("corpus-default seed ") and ", week " in problem and "Not now." in problem


def test_ladder_lint_without_scenarios_or_text_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["lint"], prog_name="ladder")
    assert result.exit_code == 2 and "name at least one SCENARIO" in result.output
