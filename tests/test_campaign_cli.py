"""`ladder campaign` and `ladder campaign --json` say the same thing in the same words: every
step's state, and a column for each field under the field's own name."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from sim.cli import cli
from sim.cli.campaign import COLUMNS, heading
from sim.store import Store
from sim.store.campaign import FIELDS, StepState

from .store.helpers import raw_game


def ladder(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def cells(line: str) -> list[str]:
    """A table line cut at the columns' widths."""
    out, at = [], 2
    for _, width in COLUMNS:
        out.append(line[at : at + width].strip())
        at += width + 2
    return out


def record(store: Store, name: str, scenario: str, grade: str, total: int, coach: bool = False) -> None:
    score = {"total": total, "grade": grade, "moments": []}
    store.record_game(**raw_game(player=name, scenario=scenario, score=score), coach=coach)


def test_the_text_and_the_json_agree_for_every_state(tmp_path: Path) -> None:
    d = str(tmp_path)
    with Store.open(tmp_path) as store:
        record(store, "Ann", "first-rung", "C", 70)  # passed
        record(store, "Ann", "consensus-meeting", "D", 55)  # played, not passed
        record(store, "Ann", "another-bidder", "A", 96, coach=True)  # coached: locked all the same
    seen: set[str] = set()
    for name in ("Ann", "Bob"):  # Bob has played nothing: the tutorial is open
        data = json.loads(ladder("campaign", "--name", name, "--json", "--data-dir", d))
        text = ladder("campaign", "--name", name, "--data-dir", d).splitlines()
        assert text[0] == f"Campaign of {name}"
        assert cells(text[1]) == [heading(f) for f, _ in COLUMNS]  # the headings are the JSON's field names
        for step, line in zip(data["steps"], text[2:], strict=False):
            assert list(step) == list(FIELDS) and {f for f, _ in COLUMNS} <= set(step)
            assert step["status"] in {s.value for s in StepState}
            assert cells(line) == ["" if step[f] is None else str(step[f]) for f, _ in COLUMNS], line
            seen.add(step["status"])
        assert f"Next: ladder play {data['next']} --name {name}" in text
    assert seen == {s.value for s in StepState}
    ann = json.loads(ladder("campaign", "--name", "Ann", "--json", "--data-dir", d))
    coached = next(s for s in ann["steps"] if s["scenario"] == "another-bidder")
    assert (coached["status"], coached["best"], coached["not_counted"]) == ("locked", None, 1)
    full = ladder("campaign", "--name", "Ann", "--data-dir", d)
    assert 'not counted (coached, a bot\'s or a "what if"' in full and "another-bidder      1 game" in full


def test_the_title_screen_marks_every_state() -> None:
    from sim.tui.screens.title import MARKS

    assert set(MARKS) == {s.value for s in StepState}
