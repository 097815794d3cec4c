"""The `ladder` command, through click's test runner and, where the process boundary
matters (determinism, `python -m sim`), through real subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sim.cli import cli

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).parent / "corpus"
BROKEN = CORPUS / "broken"
VALID = CORPUS / "valid"
SIMULATE = ["simulate", "consensus-meeting", "--bot", "climber", "--games", "50", "--seed", "1", "--json"]


@pytest.fixture(autouse=True)
def _run_from_the_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def run(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args), prog_name="ladder")
    out = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert "Traceback" not in out, out
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"ladder {' '.join(args)} raised {result.exception!r}") from result.exception
    return result


def ladder(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONHASHSEED": "random", "NO_COLOR": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "sim", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    return proc


# --- validate -------------------------------------------------------------------------------


def test_validate_shipped_scenarios_passes() -> None:
    result = run("validate", "scenarios/")
    assert result.exit_code == 0, result.output
    shipped = sorted(Path("scenarios").glob("*.yaml"))
    assert shipped
    for path in shipped:
        assert f"{path.name}: ok" in result.output


def test_validate_valid_corpus_passes() -> None:
    result = run("validate", str(VALID))
    assert result.exit_code == 0, result.output


def test_validate_broken_corpus_names_every_file() -> None:
    result = run("validate", str(BROKEN))
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line]
    assert lines
    files = sorted(BROKEN.glob("*.yaml"))
    for path in files:
        assert any(line.startswith(f"{path}: ") for line in lines), f"no line for {path.name}"
    for line in lines:
        assert any(line.startswith(f"{path}: ") for path in files), f"a line names no file: {line}"
    assert "ok" not in result.stdout.split()


def test_validate_mix_of_good_and_bad_files() -> None:
    good, bad = VALID / "default-ladder.yaml", BROKEN / "unknown-archetype.yaml"
    result = run("validate", str(good), str(bad), "scenarios/")
    assert result.exit_code == 1
    assert f"{good}: ok" in result.stdout
    assert "consensus-meeting.yaml: ok" in result.stdout
    assert f"{bad}: cast[0].archetype (line 21): expected one of" in result.stderr
    assert str(good) not in result.stderr


def test_validate_missing_path_is_one_clean_line() -> None:
    result = run("validate", "no/such/scenario.yaml")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == ["no/such/scenario.yaml: no such file or folder"]


def test_validate_missing_path_among_good_files_still_fails() -> None:
    result = run("validate", "scenarios/", "nowhere.yaml")
    assert result.exit_code == 1
    assert "nowhere.yaml: no such file or folder" in result.stderr
    assert "consensus-meeting.yaml: ok" in result.stdout


def test_validate_empty_folder_fails(tmp_path: Path) -> None:
    result = run("validate", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr.strip() == f"{tmp_path}: no .yaml files in this folder"


def test_validate_in_a_subprocess_never_shows_a_traceback() -> None:
    proc = ladder("validate", str(BROKEN), "scenarios/", "missing.yaml")
    assert proc.returncode == 1
    assert "missing.yaml: no such file or folder" in proc.stderr


# --- scenarios ------------------------------------------------------------------------------


def test_scenarios_json_lists_objects_with_exact_keys() -> None:
    result = run("scenarios", "--json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert isinstance(rows, list) and rows
    for row in rows:
        assert isinstance(row, dict)
        assert set(row) == {"id", "title", "difficulty", "summary"}
        assert all(isinstance(v, str) and v for v in row.values())
        assert "\n" not in row["summary"]
    assert "consensus-meeting" in {r["id"] for r in rows}


def test_scenarios_table_lists_every_shipped_id() -> None:
    result = run("scenarios")
    assert result.exit_code == 0
    for path in Path("scenarios").glob("*.yaml"):
        assert path.stem in result.stdout


# --- simulate -------------------------------------------------------------------------------


def test_simulate_json_shape() -> None:
    result = run(*SIMULATE)
    assert result.exit_code == 0, result.output
    body = result.stdout.strip()
    assert len(body.splitlines()) == 1, "one JSON object on one line"
    summary = json.loads(body)
    assert set(summary) == {"scenario", "bot", "games", "seed", "mean_score", "outcomes", "mean_weeks"}
    assert summary["scenario"] == "consensus-meeting"
    assert summary["bot"] == "climber"
    assert summary["games"] == 50
    assert summary["seed"] == 1
    assert set(summary["outcomes"]) == {"won", "qualified_out", "lost", "no_decision", "walked_away", "walked_blind"}
    assert sum(summary["outcomes"].values()) == 50
    assert 0 <= summary["mean_score"] <= 100
    assert summary["mean_weeks"] > 0


def test_simulate_is_deterministic_across_processes() -> None:
    first, second = ladder(*SIMULATE), ladder(*SIMULATE)
    assert first.returncode == second.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert json.loads(first.stdout)["games"] == 50


def test_simulate_unknown_bot_is_a_usage_error() -> None:
    result = run("simulate", "consensus-meeting", "--bot", "wizard", "--games", "2")
    assert result.exit_code == 2
    assert "wizard" in result.stderr
    assert "Usage:" in result.stderr


def test_simulate_unknown_scenario_is_one_clean_line() -> None:
    result = run("simulate", "nowhere-at-all", "--games", "2")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("ladder: no scenario 'nowhere-at-all'")


def test_simulate_broken_file_lists_its_problems() -> None:
    bad = BROKEN / "negative-horizon.yaml"
    result = run("simulate", str(bad), "--games", "2")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [f"{bad}: horizon_weeks (line 12): must be at least 4, got -3"]


def test_simulate_accepts_a_scenario_file() -> None:
    result = run("simulate", str(VALID / "faker-names.yaml"), "--games", "5", "--seed", "2", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["games"] == 5


# --- play -----------------------------------------------------------------------------------


def test_play_with_a_bot_prints_meetings_and_debrief() -> None:
    result = run("play", "consensus-meeting", "--bot", "climber", "--seed", "3")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "Seed 3" in text
    assert "Week  1" in text
    assert "DEBRIEF" in text
    assert text.index("Week  1") < text.index("DEBRIEF")


def test_play_same_seed_gives_identical_text() -> None:
    args = ("play", "consensus-meeting", "--bot", "climber", "--seed", "3")
    first, second = ladder(*args), ladder(*args)
    assert first.returncode == second.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert "DEBRIEF" in first.stdout


def test_play_faker_names_are_seeded() -> None:
    args = ("play", str(VALID / "faker-names.yaml"), "--bot", "climber", "--seed", "5")
    assert run(*args).stdout == run(*args).stdout


def test_play_unknown_bot_is_a_usage_error() -> None:
    result = run("play", "consensus-meeting", "--bot", "wizard", "--seed", "1")
    assert result.exit_code == 2
    assert "wizard" in result.stderr


def test_play_unknown_scenario_is_one_clean_line() -> None:
    result = run("play", "nowhere-at-all", "--bot", "climber", "--seed", "1")
    assert result.exit_code == 1
    assert result.stderr.startswith("ladder: no scenario 'nowhere-at-all'")


def test_play_random_account_with_a_bot() -> None:
    result = run("play", "--random", "--bot", "climber", "--seed", "2")
    assert result.exit_code == 0, result.output
    assert "DEBRIEF" in result.stdout


# --- help -----------------------------------------------------------------------------------


def test_python_dash_m_sim_help_matches_ladder_help() -> None:
    proc = ladder("--help")
    assert proc.returncode == 0
    assert proc.stdout.startswith("Usage: ladder ")
    assert proc.stdout == run("--help").stdout
    for command in ("validate", "scenarios", "simulate", "play"):
        assert command in proc.stdout


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("ladder, version ")
