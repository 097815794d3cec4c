"""The one atomic writer: all or nothing, no temp files left behind."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from sim.common.atomic import write_text_atomic


def test_replaces_the_file_and_keeps_its_mode(tmp_path: Path) -> None:
    p = tmp_path / "scenario.yaml"
    p.write_text("par_weeks: 9\n")
    os.chmod(p, 0o640)
    write_text_atomic(p, "par_weeks: 10\n", keep_mode=True)
    assert p.read_text() == "par_weeks: 10\n"
    assert stat.S_IMODE(p.stat().st_mode) == 0o640
    assert sorted(x.name for x in tmp_path.iterdir()) == ["scenario.yaml"]


def test_a_failed_write_leaves_the_old_file_and_no_temp_file(tmp_path: Path) -> None:
    p = tmp_path / "board.csv"
    p.write_text("old\n")
    with pytest.raises(TypeError):
        write_text_atomic(p, None)  # type: ignore[arg-type]  # a wrong type on purpose: the write must fail
    assert p.read_text() == "old\n"
    assert sorted(x.name for x in tmp_path.iterdir()) == ["board.csv"]


def test_creates_missing_folders(tmp_path: Path) -> None:
    p = tmp_path / "a" / "b" / "settings.json"
    write_text_atomic(p, "{}")
    assert p.read_text() == "{}"
