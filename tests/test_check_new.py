"""`ladder new` and `ladder check`: the template is fit for a workshop as it stands, plays with
the climber, and a deliberate break is named on the `Fix first:` line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from sim.cli import cli
from sim.scenarios.loader import shipped_dir, shipped_ids

GAMES = ["--games", "60", "-j", "1"]


def _new(tmp_path: Path, sid: str = "garden-stock") -> Path:
    result = CliRunner().invoke(cli, ["new", sid, "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    return tmp_path / f"{sid}.yaml"


def _check(path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", str(path), *GAMES])
    return result.exit_code, result.output


def test_new_writes_a_template_that_passes_check(tmp_path: Path) -> None:
    path = _new(tmp_path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=./scenario.schema.json\n")
    assert "id: garden-stock\n" in text and "__ID__" not in text
    code, out = _check(path)
    assert code == 0, out
    assert "Fix first: nothing" in out or "Fix first: warning" in out
    assert "fit for a workshop" in out


def test_new_template_plays_with_the_climber(tmp_path: Path) -> None:
    path = _new(tmp_path)
    result = CliRunner().invoke(cli, ["play", str(path), "--bot", "climber", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert "Debrief" in result.output or "score" in result.output.lower()


def test_new_refuses_an_existing_file_and_a_bad_id(tmp_path: Path) -> None:
    path = _new(tmp_path)
    again = CliRunner().invoke(cli, ["new", "garden-stock", "--dir", str(tmp_path)])
    assert again.exit_code == 1
    assert again.output.strip() == f"ladder: {path} already exists (use --force to overwrite it)"
    path.write_text("changed", encoding="utf-8")
    forced = CliRunner().invoke(cli, ["new", "garden-stock", "--dir", str(tmp_path), "--force"])
    assert forced.exit_code == 0 and path.read_text(encoding="utf-8").startswith("# yaml-language-server")
    bad = CliRunner().invoke(cli, ["new", "Garden Stock", "--dir", str(tmp_path)])
    assert bad.exit_code == 1 and "is not a scenario id" in bad.output
    assert len(bad.output.strip().splitlines()) == 1


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    path = _new(tmp_path)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _fix_first(out: str) -> str:
    return next(line for line in out.splitlines() if line.startswith("Fix first:"))


def test_check_names_an_unreachable_key_player(tmp_path: Path) -> None:
    path = _broken(tmp_path, "    introduces: [finance]\n", "")
    code, out = _check(path)
    assert code == 1, out
    line = _fix_first(out)
    assert line.startswith("Fix first: error: lint: cast[finance]") and "nobody can introduce them" in line


def test_check_names_a_par_nobody_can_meet(tmp_path: Path) -> None:
    path = _broken(tmp_path, "par_weeks: 9\n", "par_weeks: 1\n")
    code, out = _check(path)
    assert code == 1, out
    line = _fix_first(out)
    assert line.startswith("Fix first: error: lint: par_weeks") and "nobody can meet it" in line


def test_check_names_a_dead_deal_with_no_evidence(tmp_path: Path) -> None:
    path = _new(tmp_path)
    text = path.read_text(encoding="utf-8")
    dead = text.index("  - name: roof-came-first")
    head, tail = text[:dead], text[dead:]
    tail = tail.replace(
        "    evidence:\n      - {player: retail, topic: budget}\n      - {player: finance, topic: budget}\n", "", 1
    )
    path.write_text(head + tail, encoding="utf-8")
    code, out = _check(path)
    assert code == 1, out
    assert "variants[roof-came-first].evidence: a dead deal with no evidence to find" in _fix_first(out)


def test_check_a_file_that_does_not_validate(tmp_path: Path) -> None:
    path = _broken(tmp_path, "    power: 5\n", "    power: 9\n")
    code, out = _check(path)
    assert code == 1
    assert _fix_first(out).startswith("Fix first: ") and "power" in _fix_first(out)
    assert "Traceback" not in out


def test_check_usage_errors_exit_2(tmp_path: Path) -> None:
    assert CliRunner().invoke(cli, ["check"]).exit_code == 2
    assert CliRunner().invoke(cli, ["check", str(tmp_path / "missing.yaml")]).exit_code == 2


@pytest.mark.parametrize("sid", shipped_ids())
def test_check_every_shipped_scenario_is_fit(sid: str) -> None:
    code, out = _check(shipped_dir() / f"{sid}.yaml")
    assert code == 0, out


def test_lint_names_a_briefing_that_gives_the_variant_away(tmp_path: Path) -> None:
    old = "  finance director, Tom Akers, approves every purchase."
    path = _broken(tmp_path, old, old + " The storm repairs took everything this year.")
    result = CliRunner().invoke(cli, ["lint", str(path), "--no-search"])
    assert result.exit_code == 0, result.output  # a warning, not an error
    assert "warning: garden-stock: variants[roof-came-first]: the title, summary or briefing repeats" in result.output
    assert "'storm repairs took'" in result.output and "gives the variant away" in result.output


def test_new_writes_the_schema_its_first_line_names(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from sim.cli import cli
    from sim.scenarios.schema_doc import schema_text

    result = CliRunner().invoke(cli, ["new", "harbour-desk", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    first = (tmp_path / "harbour-desk.yaml").read_text(encoding="utf-8").splitlines()[0]
    named = first.split("$schema=", 1)[1]
    schema = tmp_path / named
    assert schema.read_text(encoding="utf-8") == schema_text() and json.loads(schema_text())["$schema"]
