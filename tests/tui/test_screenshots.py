"""`ladder screenshots` writes an SVG of every screen, named SCREEN-WxH.svg."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from sim.cli import cli
from sim.tui.screenshots import SCREENS, file_name


def test_screenshots_writes_every_screen(tmp_path: Path) -> None:
    out = tmp_path / "screens"
    result = CliRunner().invoke(cli, ["screenshots", "--out", str(out), "--size", "80x24"])
    assert result.exit_code == 0, result.output
    assert f"{len(SCREENS)} screenshots written" in result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(file_name(s, (80, 24)) for s in SCREENS)
    for name in names:
        svg = (out / name).read_text(encoding="utf-8")
        assert svg.startswith("<svg") and "Commitment&#160;Ladder" in svg, name
    assert "Resume" in (out / "resume-80x24.svg").read_text(encoding="utf-8")


def test_screenshots_refuses_a_bad_size(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["screenshots", "--out", str(tmp_path), "--size", "80by24"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "ladder: --size: '80by24' is not a terminal size like 80x24 (40-400 columns, 12-200 rows)"
    ]
    assert list(tmp_path.iterdir()) == []
