"""The autosave, best scores and settings: pure Python, no Textual."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from sim.game import Action
from sim.tui import save
from sim.tui.session import Session


def test_save_module_does_not_import_textual() -> None:
    import subprocess

    code = "import sim, sim.tui.save, sim.tui.session, sys; assert 'textual' not in sys.modules, 'textual imported'"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_atomic_write_leaves_no_temp_files(data_dir: Path) -> None:
    save.write_atomic(data_dir / "x.json", {"a": 1})
    save.write_atomic(data_dir / "x.json", {"a": 2})
    assert json.loads((data_dir / "x.json").read_text()) == {"a": 2}
    assert [p.name for p in data_dir.iterdir()] == ["x.json"]


def test_session_autosaves_and_resumes_exactly() -> None:
    from sim.scenario import load

    s = Session.start(load("consensus-meeting"), 11, "consensus-meeting")
    s.apply(Action.meet("vp-eng", 1, topic="goals"))
    s.apply(Action.wait())
    saved = save.read_save()
    assert saved is not None and saved.seed == 11 and len(saved.actions) == 2
    again = Session.resume(saved)
    assert again.state.observation() == s.state.observation()


def test_corrupt_save_is_a_clear_error(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    save.save_path().write_text("{not json")
    with pytest.raises(save.SaveError, match="damaged"):
        save.read_save()
    assert save.save_path().exists()  # never deleted silently


def test_changed_scenario_cannot_be_resumed(tmp_path: Path) -> None:
    from sim.scenario import load, shipped_dir

    src = tmp_path / "deal.yaml"
    src.write_text((shipped_dir() / "consensus-meeting.yaml").read_text())
    s = Session.start(load(str(src)), 5, str(src))
    s.apply(Action.wait())
    saved = save.read_save()
    assert saved is not None and saved.scenario == str(src)
    src.write_text(src.read_text().replace("horizon_weeks: 26", "horizon_weeks: 25"))
    with pytest.raises(save.SaveError, match="has changed"):
        Session.resume(saved)


def test_best_score_keeps_the_best() -> None:
    assert save.record_best("x", 50, "D", 10)
    assert not save.record_best("x", 40, "F", 12)
    assert save.record_best("x", 70, "C", 9)
    assert save.read_best()["x"]["total"] == 70


def test_settings_round_trip() -> None:
    assert save.read_settings()["theme"] == "textual-dark"
    save.write_settings({"theme": "textual-light"})
    assert save.read_settings()["theme"] == "textual-light"
