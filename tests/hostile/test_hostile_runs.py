"""Hostile run files: every one in tests/hostile/runs/ is refused by `ladder replay` with one
line on stderr naming the file and the field, exit 1, never a traceback. `good.json` replays."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import NotRequired, TypedDict, cast

import pytest
import yaml

from sim.scenarios.loader import load
from sim.store.runs import RunError, read_run, replay_run, run_problem, scenario_for

from .helpers import ladder, one_line_error

RUNS = Path(__file__).parent / "runs"


class Expected(TypedDict):
    """One entry of expected.yaml."""

    contains: list[str]
    stdout: NotRequired[bool]


EXPECTED = cast(dict[str, Expected], yaml.safe_load((RUNS / "expected.yaml").read_text(encoding="utf-8")))
GENERATED = {"deep-nesting.json": "[" * 100_000 + "]" * 100_000}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("runs")
    for p in RUNS.iterdir():
        shutil.copy(p, d / p.name)
    for name, text in GENERATED.items():
        (d / name).write_text(text)
    return d


def test_the_corpus_is_fully_described() -> None:
    files = {p.name for p in RUNS.glob("*.json")} - {"good.json"} | set(GENERATED)
    assert files == set(EXPECTED), "every hostile run needs an entry in expected.yaml, and only those"
    assert len(files) >= 20


def test_the_good_run_replays_cleanly(corpus: Path) -> None:
    proc = ladder("replay", str(corpus / "good.json"), "--print")
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    assert "Replay of Ann's game" in proc.stdout


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_replay_print_refuses_in_one_line(name: str, corpus: Path) -> None:
    proc = ladder("replay", str(corpus / name), "--print")
    line = one_line_error(proc)
    assert line.startswith(f"ladder: {corpus / name}: "), line
    for piece in EXPECTED[name]["contains"]:
        assert piece in line, (piece, line)
    assert "TypeError" not in line and "RecursionError" not in line
    assert bool(proc.stdout.strip()) == bool(EXPECTED[name].get("stdout")), proc.stdout[:200]


@pytest.mark.parametrize("name", sorted(n for n in EXPECTED if not EXPECTED[n].get("stdout")))
def test_the_terminal_game_replay_refuses_before_opening(name: str, corpus: Path) -> None:
    """`ladder replay FILE` (no --print) must refuse the same files before any screen opens."""
    line = one_line_error(ladder("replay", str(corpus / name), timeout=30))
    assert line.startswith(f"ladder: {corpus / name}: "), line


def test_a_mismatched_score_is_refused_by_the_terminal_game_too(corpus: Path) -> None:
    line = one_line_error(ladder("replay", str(corpus / "score-mismatch.json"), timeout=30))
    assert "the score in this file does not match its actions" in line


def test_library_reads_raise_run_error_only(corpus: Path) -> None:
    """The same files through the library: RunError (a LadderError), never TypeError or RecursionError."""
    for name in sorted(EXPECTED):
        try:
            run = read_run(corpus / name)
            state = replay_run(run, scenario_for(run))
        except RunError as exc:
            assert "\n" not in str(exc)
            continue
        assert run_problem(run, state) is not None, name


def test_a_truncated_run_can_still_be_stepped_through(corpus: Path) -> None:
    from sim.tui.replay import ReplaySpec

    run = read_run(corpus / "truncated.json")
    spec = ReplaySpec.build(run, scenario_for(run))
    assert len(spec.steps) == 5 and spec.final is not None and not spec.final.is_terminal()
    assert "unfinished" in (run_problem(run, spec.final) or "")


def test_the_good_run_has_no_problem(corpus: Path) -> None:
    run = read_run(corpus / "good.json")
    assert run_problem(run, replay_run(run, scenario_for(run))) is None
    assert load(str(RUNS / "deal.yaml")).digest == run.digest
