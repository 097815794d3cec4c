"""ladder balance, par, lint and diagram."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sim.cli import cli
from sim.players.strategies import STRATEGIES

ROOT = Path(__file__).resolve().parent.parent
LINT = Path(__file__).resolve().parent / "lint"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


# ---------------------------------------------------------------------- balance
def test_balance_json_shape_and_same_numbers_for_any_jobs() -> None:
    args = ["balance", "first-rung", "another-bidder", "--games", "20", "--expert-games", "4", "--json", "--seed", "3"]
    args += ["--suite-games", "4"]  # the lesson-breaking suite runs by default: a short one here
    one, two = run(*args, "--jobs", "1"), run(*args, "--jobs", "2")
    assert one.exit_code == two.exit_code
    a, b = json.loads(one.stdout), json.loads(two.stdout)
    assert a == b
    assert [s["id"] for s in a["scenarios"]] == ["first-rung", "another-bidder"]
    for s in a["scenarios"]:
        assert set(s) == {"id", "bots", "checks", "suite"}
        assert s["suite"]["games"] == 4 and [r["strategy"] for r in s["suite"]["rows"]] == list(STRATEGIES)
        assert list(s["bots"]) == ["random", "reckless", "timid", "climber", "expert"]
        for name, bot in s["bots"].items():
            assert {"mean_score", "outcomes", "mean_weeks"} <= set(bot)
            assert sum(bot["outcomes"].values()) == (4 if name == "expert" else 20)
        for c in s["checks"]:
            assert set(c) == {"rule", "ok", "detail"} and isinstance(c["ok"], bool)
    rules = {c["rule"] for c in a["scenarios"][1]["checks"]}
    assert "climber qualifies out of dead deals before half the horizon" in rules
    assert "expert beats the climber" in rules
    assert {
        "every strategy that broke its lesson trails the climber by 10 points",
        "climber's score varies across seeds (sd at least 3)",
        "at least 3 variants drawn",
    } <= rules
    bots_only = json.loads(run(*args, "--jobs", "1", "--no-suite").stdout)
    assert all(set(s) == {"id", "bots", "checks"} for s in bots_only["scenarios"])


def test_balance_suite_checks_fail_in_words() -> None:
    from sim.analysis.balance import suite_checks

    row = {"strategy": "half-pace", "lesson": "L3", "ok": False, "gap": 5.5}
    suite = {"games": 200, "climber_sd": 2.5, "variants": 1, "variant_note": None, "rows": [row]}
    checks = {c["rule"]: c for c in suite_checks(suite)}
    assert [c["ok"] for c in checks.values()] == [False, False, False]
    assert "half-pace 5.5" in checks["every strategy that broke its lesson trails the climber by 10 points"]["detail"]
    assert "sd 2.50" in checks["climber's score varies across seeds (sd at least 3)"]["detail"]
    row["ok"], row["gap"] = True, 12.0
    suite |= {"climber_sd": 3.0, "variants": 3}
    assert all(c["ok"] for c in suite_checks(suite))


def test_balance_on_random_accounts_is_short_and_counts_the_passes() -> None:
    args = ["balance", "--random", "3", "--games", "6", "--expert-games", "1", "--suite-games", "4", "--json"]
    r = run(*args, "--jobs", "2")
    report = json.loads(r.stdout)
    assert [a["account"].startswith("random:") for a in report["accounts"]] == [True] * 3
    assert report["passed"] == sum(a["ok"] for a in report["accounts"])
    assert report["ok"] == (report["passed"] / 3 >= report["pass_share"] == 0.95)
    assert r.exit_code == (0 if report["ok"] else 1)
    for a, sc in zip(report["accounts"], report["scenarios"], strict=True):
        assert a["broken"] == [c["rule"] for c in sc["checks"] if not c["ok"]] and "suite" in sc
    assert run("balance", "first-rung", "--random", "2").exit_code == 1  # a scenario and --random: one or the other


def test_balance_exits_1_naming_the_broken_rule(tmp_path: Path) -> None:
    # a winnable deal marked dead: the climber wins it, so it never qualifies out early
    src = LINT / "dead-deal-that-can-be-won.yaml"
    r = run("balance", str(src), "--games", "10", "--expert-games", "2", "--jobs", "1", "--suite-games", "3")
    assert r.exit_code == 1
    assert "rule broken: climber qualifies out of dead deals before half the horizon" in r.stderr
    assert "rule broken: at least 3 variants drawn (no variants in this scenario yet in 3 games)" in r.stderr


# ---------------------------------------------------------------------- par
def test_set_pars_changes_only_the_par_lines(tmp_path: Path) -> None:
    from sim.analysis.par import set_pars

    before = (ROOT / "scenarios" / "first-rung.yaml").read_text()
    after = set_pars(before, {"oven-ate-the-budget": 9}, 12)
    diff = [(x, y) for x, y in zip(before.splitlines(), after.splitlines(), strict=False) if x != y]
    assert len(before.splitlines()) == len(after.splitlines())
    assert [y.strip() for _, y in diff] == ["par_weeks: 12", "par_weeks: 9  # the expert's mean weeks in this variant"]
    assert set_pars(after, {"oven-ate-the-budget": 9}, 12) == after
    assert after.startswith("# yaml-language-server: $schema=./scenario.schema.json\n# The tutorial")  # comments kept
    with pytest.raises(ValueError, match="no variant named 'nope'"):
        set_pars(before, {"nope": 3}, None)


def test_par_check_names_a_variant_whose_par_differs_and_write_fixes_the_file(tmp_path: Path) -> None:
    import re

    path = tmp_path / "first-rung-copy.yaml"
    text = (ROOT / "scenarios" / "first-rung.yaml").read_text()
    m = re.search(r"- name: oven-ate-the-budget\n(?:.*\n)*?\s+par_weeks: (\d+)", text)
    assert m is not None
    path.write_text(text[: m.start(1)] + "15" + text[m.end(1) :])
    r = run("par", str(path), "--games", "6", "--jobs", "1", "--check")
    assert r.exit_code == 1
    found = re.search(r"first-rung: variant oven-ate-the-budget: par_weeks is 15 but the expert says (\d+)", r.stderr)
    assert found is not None, r.stderr
    r = run("par", str(path), "--games", "6", "--jobs", "1", "--write", "--json")
    assert r.exit_code == 0, r.stderr
    rows = {v["name"]: v for v in json.loads(r.stdout)["scenarios"][0]["variants"]}
    assert f"par_weeks: {rows['oven-ate-the-budget']['expert_par']}" in path.read_text()
    assert "par_weeks: 15" not in path.read_text()


# ---------------------------------------------------------------------- lint
@pytest.mark.parametrize(
    "name, expected",
    [
        (
            "orphan-buyer.yaml",
            [
                "error: orphan-buyer: cast[owner].needs_introduction:",
                "error: orphan-buyer: cast[owner].known:",
                "error: orphan-buyer: truth.winnable: says the deal can be won, but no bot ever won it",
            ],
        ),
        (
            "dead-deal-that-can-be-won.yaml",
            ["error: dead-deal-that-can-be-won: truth.winnable: says this is a dead deal, but it was won"],
        ),
        (
            "immovable-but-winnable.yaml",
            [
                "error: immovable-but-winnable: truth.winnable: digital is an unmovable adversary",
                "error: immovable-but-winnable: cast[digital]: digital (adversary) can never come round",
            ],
        ),
    ],
)
def test_lint_finds_what_the_schema_cannot(name: str, expected: list[str]) -> None:
    r = run("lint", str(LINT / name), "--games", "40")
    assert r.exit_code == 1
    for line in expected:
        assert line in r.stdout


def test_lint_passes_the_shipped_scenarios() -> None:
    from sim.scenarios.loader import shipped_ids

    r = run("lint", *shipped_ids(), "--games", "40", "--json")
    assert r.exit_code == 0, r.stdout
    data = json.loads(r.stdout)
    assert data["errors"] == 0


def test_every_archetype_state_is_reachable() -> None:
    from sim.analysis.lint import archetype_findings

    assert archetype_findings() == []


# ---------------------------------------------------------------------- diagram
def test_diagram_of_an_archetype_is_mermaid_with_its_states() -> None:
    from sim.engine.archetypes import ARCHETYPES

    r = run("diagram", "adversary")
    assert r.exit_code == 0
    assert "stateDiagram" in r.stdout
    for state in ARCHETYPES["adversary"].config["states"]:
        assert f'state "{state}" as {state}' in r.stdout
    assert "opposed --> heard: hear [movable]" in r.stdout
    assert "title:" in r.stdout


def test_diagram_of_a_scenario_names_its_players() -> None:
    r = run("diagram", "consensus-meeting")
    assert r.exit_code == 0
    assert r.stdout.count("stateDiagram") == 4
    assert "Gordon Pike (VP Manufacturing)" in r.stdout and "Helen Brandt" in r.stdout


def test_docs_archetypes_is_up_to_date() -> None:
    r = run("diagram", "all", "--format", "markdown")
    assert r.stdout in (ROOT / "docs" / "archetypes.md").read_text()


def test_lint_calls_a_declared_dead_end_a_note_not_a_warning() -> None:
    from sim.analysis.lint import static_findings
    from sim.scenarios.loader import load

    findings = static_findings(load("not-the-right-time").scenario)
    assert findings and {f.level for f in findings} == {"note"}
    assert all("by design" in f.message for f in findings)


def test_lint_checks_every_variant_and_no_false_warning_on_a_tire_kicker_account() -> None:
    from sim.analysis.lint import lint, static_findings
    from sim.scenarios.generator import generate

    account = generate(0)  # a tire-kicker account: nobody there grants the top rungs, by design
    dead = [v for v in account.variants if not v.scenario.truth.winnable]
    assert dead and static_findings(dead[0].scenario) == []
    findings = lint(account, games=40)
    assert not [f for f in findings if f.level != "note"], [f.line() for f in findings]
    # a variant that says the opposite of what the bots find is named, by variant
    from dataclasses import replace

    wrong = account.variants[0]
    truth = wrong.scenario.truth.model_copy(update={"winnable": not wrong.scenario.truth.winnable})
    account.variants = (replace(wrong, scenario=wrong.scenario.model_copy(update={"truth": truth})),)
    account.variants += generate(0).variants[1:]
    lines = [f.line() for f in lint(account, games=40)]
    assert any(line.startswith(f"error: {account.scenario.id}: variants[{wrong.name}]") for line in lines), lines
