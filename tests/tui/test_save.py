"""Settings, and games in progress kept in the results store: pure Python, no Textual."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from sim.engine.records import Action
from sim.scenarios.loader import load
from sim.store import Store
from sim.store.session import GameSession
from sim.tui import save
from sim.tui.session import SaveError, resume


def test_save_module_does_not_import_textual() -> None:
    import subprocess

    code = (
        "import sim, sim.tui.save, sim.tui.session, sim.tui.replay, sys; "
        "assert 'textual' not in sys.modules, 'textual imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_atomic_write_leaves_no_temp_files(data_dir: Path) -> None:
    save.write_atomic(data_dir / "x.json", {"a": 1})
    save.write_atomic(data_dir / "x.json", {"a": 2})
    assert json.loads((data_dir / "x.json").read_text()) == {"a": 2}
    assert [p.name for p in data_dir.iterdir()] == ["x.json"]


def test_session_saves_to_the_store_and_resumes_exactly() -> None:
    with Store.open() as store:
        s = GameSession.new(load("consensus-meeting"), 11, "consensus-meeting", player="Ann", stored=True)
        s.save_to(store)
        assert store.list_progress() == []  # nothing is written before the first action
        s.apply(Action.meet("vp-eng", 1, topic="goals"))
        s.save_to(store)
        s.apply(Action.wait())
        s.save_to(store)
        [saved] = store.list_progress("Ann")
        assert saved.seed == 11 and len(saved.actions) == 2
        again = resume(saved)
        assert again.state.observation() == s.state.observation()


def test_a_finished_game_is_recorded_once_with_its_flags() -> None:
    with Store.open() as store:
        s = GameSession.new(
            load("consensus-meeting"), 5, "consensus-meeting", player="[bold]Ann[/]", coach=True, stored=True
        )
        s.apply(Action.walk_away())
        s.save_to(store)
        [g] = store.games()
        assert (g.player, g.coach, g.mode, g.workshop, g.id) == ("[bold]Ann[/]", True, "play", None, s.game_id)
        assert store.list_progress() == []


def test_changed_scenario_cannot_be_resumed(tmp_path: Path) -> None:
    from sim.scenarios.loader import shipped_dir

    src = tmp_path / "deal.yaml"
    src.write_text((shipped_dir() / "consensus-meeting.yaml").read_text())
    with Store.open() as store:
        s = GameSession.new(load(str(src)), 5, str(src), player="Ann", stored=True)
        s.apply(Action.wait())
        s.save_to(store)
        [saved] = store.list_progress()
        assert saved.scenario_ref == str(src)
        src.write_text(src.read_text().replace("horizon_weeks: 26", "horizon_weeks: 25"))
        with pytest.raises(SaveError, match="has changed"):
            resume(saved)


def test_settings_round_trip() -> None:
    assert save.read_settings()["theme"] == "textual-dark"
    save.write_settings({"theme": "textual-light", "name": "Ann"})
    assert save.read_settings() == {"theme": "textual-light", "name": "Ann"}
