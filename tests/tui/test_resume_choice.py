"""A saved game is never replaced without the trainee's say, and the title and the game share
the process's one store connection, which lives on its own thread (issue 9, items 1, 2, 8).

Real SQLite files in a private data folder; the screens are driven with key presses."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Button, OptionList

from sim.scenarios.loader import load, shipped_dir
from sim.store import Store
from sim.store.errors import classify
from sim.tui.app import LadderApp, Start
from sim.tui.screens.briefing import BriefingScreen
from sim.tui.screens.confirm import ConfirmScreen
from sim.tui.screens.deal_room import DealRoomScreen
from sim.tui.screens.debrief import DebriefScreen
from sim.tui.screens.result import ResultScreen
from sim.tui.screens.resume import ResumeScreen
from sim.tui.screens.title import TitleScreen

from .conftest import SIZE, current, session_of, settle


def _saved() -> list[Any]:
    with Store.open() as store:
        return store.list_progress()


def _text(widget: Any) -> str:
    c = widget.content
    return c if isinstance(c, str) else c.plain


async def _one_wait_then_quit(app: LadderApp) -> Any:
    """Start the app's game (from the title or the command line), wait one week, quit cleanly."""
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        if isinstance(app.screen, TitleScreen):
            await pilot.press("enter")
            await settle(pilot)
        assert isinstance(app.screen, BriefingScreen)
        await pilot.press("enter", "w", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DealRoomScreen)
        return session_of(app).state.observation()


async def test_the_title_and_the_game_share_one_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    """A whole game played through the screens opens the store once, on one thread that is not the UI's."""
    import sqlite3

    opens: list[int] = []
    connects: list[int] = []
    real_open, real_connect = vars(Store)["open"].__func__, sqlite3.connect  # the classmethod's function

    def counting_open(cls: type, *args: Any, **kw: Any) -> Any:
        opens.append(threading.get_ident())
        return real_open(cls, *args, **kw)

    def counting_connect(*args: Any, **kw: Any) -> Any:
        connects.append(threading.get_ident())
        return real_connect(*args, **kw)

    monkeypatch.setattr(Store, "open", classmethod(counting_open))
    monkeypatch.setattr(sqlite3, "connect", counting_connect)  # the module sim.store.db uses
    app = LadderApp(seed=3)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the campaign's first scenario
        await settle(pilot)
        await pilot.press("enter", "w", "enter")
        await settle(pilot)
        await pilot.press("x", "y", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DebriefScreen)
        assert "Saved as game 1" in _text(app.screen.query_one("#debrief"))
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TitleScreen) and "best:" in str(
            app.screen.query_one("#scenarios", OptionList).get_option("first-rung").prompt
        )
    assert len(opens) == 1, f"the store was opened {len(opens)} times"
    assert len(set(connects)) == 1 and connects[0] != threading.main_thread().ident


async def test_enter_on_the_title_asks_before_replacing_an_unfinished_game() -> None:
    expected = await _one_wait_then_quit(LadderApp(seed=3))
    [first] = _saved()
    assert first.seed == 3 and len(first.actions) == 1

    app = LadderApp(seed=4)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ResumeScreen)
        question = _text(app.screen.query_one("#resume-question"))
        assert f"week {expected.week}" in question and "seed 3" in question and "seed 4" in question
        assert str(app.screen.query_one("#resume", Button).label) == f"Resume (week {expected.week})"
        await pilot.press("escape")  # neither: back to the title, the saved game as it was
        await settle(pilot)
        assert isinstance(app.screen, TitleScreen) and _saved() == [first]
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        current(app, DealRoomScreen)
        assert session_of(app).state.observation() == expected and session_of(app).state.seed == 3

    app = LadderApp(seed=5)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("s")  # start over
        await settle(pilot)
        assert isinstance(app.screen, BriefingScreen) and session_of(app).state.seed == 5
        await pilot.press("escape")  # a briefing opened and left: nothing is written
        await settle(pilot)
        assert isinstance(app.screen, TitleScreen) and _saved() == [first]
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("enter", "w", "enter")  # the first action replaces the saved game
        await settle(pilot)
        seed = session_of(app).state.seed  # a fresh draw: the title's --seed was for its first game
    [now] = _saved()
    assert now.seed == seed != 3 and len(now.actions) == 1


async def test_play_from_the_command_line_asks_and_fresh_does_not() -> None:
    loaded = load("consensus-meeting")
    expected = await _one_wait_then_quit(LadderApp(start=Start(loaded, 3, "consensus-meeting")))
    [first] = _saved()

    app = LadderApp(start=Start(loaded, 8, "consensus-meeting"))  # `ladder play consensus-meeting --seed 8`
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ResumeScreen)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, DealRoomScreen) and session_of(app).state.observation() == expected

    app = LadderApp(start=Start(loaded, 3, "consensus-meeting", fresh=True))  # `--fresh`: no question
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BriefingScreen) and session_of(app).state.actions == []
        assert _saved() == [first]  # nothing written yet
        await pilot.press("enter", "x", "y", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DebriefScreen)
    assert _saved() == []  # the finished game cleared the slot
    with Store.open() as store:
        [g] = store.games()
    assert g.seed == 3 and g.outcome != "" and len(g.actions) == 1


async def test_a_changed_scenario_is_discarded_only_when_the_trainee_says_so(tmp_path: Path) -> None:
    src = tmp_path / "deal.yaml"
    src.write_text((shipped_dir() / "consensus-meeting.yaml").read_text())
    await _one_wait_then_quit(LadderApp(start=Start(load(str(src)), 3, str(src))))
    [first] = _saved()
    src.write_text(src.read_text().replace("horizon_weeks: 26", "horizon_weeks: 25"))
    changed = load(str(src))
    assert changed.digest != first.digest

    app = LadderApp(start=Start(changed, 3, str(src)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "has changed" in _text(app.screen.query_one("#question"))
        await pilot.press("n")  # keep it
        await settle(pilot)
        assert isinstance(app.screen, TitleScreen) and _saved() == [first]

    app = LadderApp(start=Start(changed, 3, str(src)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, BriefingScreen)
        await pilot.press("enter", "w", "enter")
        await settle(pilot)
    [now] = _saved()
    assert now.digest == changed.digest


async def test_a_failed_save_is_a_notice_and_play_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    def full(self: Store, **kw: Any) -> None:
        raise classify(sqlite3.OperationalError("database or disk is full"), self.where, "could not be saved")

    monkeypatch.setattr(Store, "save_progress", full)
    app = LadderApp(start=Start(load("consensus-meeting"), 3, "consensus-meeting"))
    notices: list[str] = []
    monkeypatch.setattr(app, "notify", lambda message, **kw: notices.append(message))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "w")
        await settle(pilot)
        assert isinstance(app.screen, ResultScreen)
        await pilot.press("enter", "w", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DealRoomScreen) and len(session_of(app).state.actions) == 2
        assert (
            notices
            == ["The game could not be saved: the disk is full. Play on: the next save keeps every move so far."] * 2
        )


async def test_saving_never_blocks_the_screen_and_a_clean_quit_loses_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    gate = threading.Event()
    real = Store.save_progress
    ui_threads: list[bool] = []

    def slow(self: Store, **kw: Any) -> None:
        ui_threads.append(threading.current_thread() is threading.main_thread())
        assert gate.wait(20), "the test never let the save through"
        real(self, **kw)

    monkeypatch.setattr(Store, "save_progress", slow)
    app = LadderApp(start=Start(load("consensus-meeting"), 3, "consensus-meeting"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        began = time.monotonic()
        await pilot.press("enter", "w", "enter", "w", "enter", "w")
        await pilot.pause()
        took = time.monotonic() - began
        assert isinstance(app.screen, ResultScreen) and len(session_of(app).state.actions) == 3
        assert took < 10, f"the screen waited {took:.1f} s for the disk"
        assert not gate.is_set() and _saved() == []  # all three saves still queued behind the first
        gate.set()  # then quit at once: closing the app drains the queue
    assert ui_threads == [False, False, False]
    [saved] = _saved()
    assert len(saved.actions) == 3


async def test_a_workshop_game_asks_too_and_resumes_on_the_board() -> None:
    loaded = load("first-rung")
    with Store.open() as store:
        ws = store.create_workshop("XYZ234", "first-rung", "first-rung", loaded.digest, 42)
    expected = await _one_wait_then_quit(LadderApp(start=Start(loaded, ws.seed, "first-rung", ws.code)))
    app = LadderApp(start=Start(loaded, ws.seed, "first-rung", ws.code))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ResumeScreen)
        assert "A new game would use" not in _text(app.screen.query_one("#resume-question"))  # same seed
        await pilot.press("r")
        await settle(pilot)
        assert session_of(app).state.observation() == expected and session_of(app).workshop == "XYZ234"
        await pilot.press("x", "y", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DebriefScreen)
    with Store.open() as store:
        [row] = store.board("XYZ234")
    assert row["name"] == "Tess Tester" and _saved() == []
