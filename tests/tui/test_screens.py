"""Resume after a kill, literal names, the planner's reasons, resizing."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.widgets import OptionList

from sim.scenarios.loader import load, shipped_dir
from sim.tui.app import LadderApp, Start
from sim.tui.screens.briefing import BriefingScreen
from sim.tui.screens.deal_room import DealRoomScreen
from sim.tui.screens.planner import PlannerScreen
from sim.tui.screens.title import TitleScreen
from sim.tui.widgets.player_card import PlayerCard

from .conftest import SIZE, current, session_of, settle, text_in


def _start(ref: str, seed: int = 3) -> Start:
    loaded = load(ref)
    return Start(loaded, seed, ref)


async def test_resume_after_a_simulated_kill() -> None:
    first = LadderApp(start=_start("consensus-meeting"))
    async with first.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # briefing -> deal room
        await pilot.press("1", "tab", "down", "1", "enter", "m", "enter")
        await pilot.press("w", "enter")
        await settle(pilot)
        expected = session_of(first).state.observation()
        assert expected.week == 3
        # the first app is never shut down cleanly: a second one starts from the disk
        second = LadderApp()
        async with second.run_test(size=SIZE) as pilot2:
            await settle(pilot2)
            assert isinstance(second.screen, TitleScreen)
            assert "2 actions in (seed 3)" in text_in(second.screen, "#save-line")
            await pilot2.press("c")
            await settle(pilot2)
            current(second, DealRoomScreen)
            assert session_of(second).state.observation() == expected


async def test_a_database_that_is_not_ours_shows_a_message(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "ladder.db").write_text("garbage")
    app = LadderApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        line = text_in(app.screen, "#save-line")
        assert "Results are not kept" in line and "ladder.db" in line
        await pilot.press("c")  # disabled: nothing happens, no traceback
        await settle(pilot)
        assert isinstance(app.screen, TitleScreen)
    assert (data_dir / "ladder.db").read_text() == "garbage"  # never touched


def _markup_scenario(tmp_path: Path) -> str:
    text = (shipped_dir() / "consensus-meeting.yaml").read_text()
    text = text.replace("name: Dana Whitlock", 'name: "[bold]Ann[/]"')
    text = text.replace("name: Ravi Menon", 'name: "[@click=app.quit]x"')
    path = tmp_path / "markup.yaml"
    path.write_text(text)
    return str(path)


async def test_markup_in_names_is_shown_literally(tmp_path: Path) -> None:
    ref = _markup_scenario(tmp_path)
    app = LadderApp(start=_start(ref))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BriefingScreen)
        brief = text_in(app.screen, "#briefing")
        assert "[bold]Ann[/]" in brief and "[@click=app.quit]x" in brief
        await pilot.press("enter")
        await settle(pilot)
        cards = list(app.screen.query(PlayerCard))
        shown = [c.render().plain for c in cards]
        assert "[bold]Ann[/]" in shown[0] and "[@click=app.quit]x" in shown[1]
        await pilot.click(cards[1])  # clicking the card runs nothing from its name
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, PlannerScreen)
        whom = app.screen.query_one("#whom", OptionList)
        assert "[@click=app.quit]x" in str(whom.get_option_at_index(1).prompt)
        await pilot.press("escape", "2", "1", "enter", "m")
        await settle(pilot)
        result = text_in(app.screen, "#result")
        assert "[@click=app.quit]x" in result and app.is_running


async def test_planner_opens_every_rung_marks_what_is_not_theirs_and_keeps_a_reason() -> None:
    """Every rung is open to anyone you can meet; a rung a player said is not theirs is marked;
    a player who stopped taking your calls still shows the reason and cannot be met."""
    app = LadderApp(start=_start("consensus-meeting"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "1", "9")
        await settle(pilot)
        assert isinstance(app.screen, PlannerScreen)
        options = session_of(app).state.legal_actions().meetings["vp-eng"]
        assert options.reason is None and all(why is None for why in options.asks.values())
        detail = text_in(app.screen, "#detail")
        assert "Not open" not in detail and "Not theirs" not in detail
        await pilot.press("enter", "m", "enter")  # ask the champion for the contract: not theirs to give
        await settle(pilot)
        state = session_of(app).state
        assert [m.rule for m in state.moments][-1] == "not_theirs_to_give"
        assert 9 in next(p for p in state.observation().players if p.id == "vp-eng").not_theirs
        card = app.screen.query(PlayerCard).first()
        assert "Not theirs to give: " + state.rung_name(9) in card.render().plain
        await pilot.press("1", "9")
        await settle(pilot)
        planner = current(app, PlannerScreen)
        asks = planner.query_one("#asks", OptionList)
        assert "not theirs" in str(asks.get_option_at_index(9).prompt)
        assert "not theirs" not in str(asks.get_option_at_index(8).prompt)
        assert "Not theirs: " in text_in(planner, "#detail")
        await pilot.press("escape")
        for _ in range(2):  # over-ask the technical evaluator twice: they stop taking your calls
            await pilot.press("2", "6", "enter", "m", "enter")
            await settle(pilot)
        state = session_of(app).state
        reason = state.legal_actions().meetings["cio"].reason
        assert reason and "stopped taking your calls" in reason
        actions = list(state.actions)
        await pilot.press("2")
        await settle(pilot)
        planner = current(app, PlannerScreen)
        assert "Not possible now" in text_in(planner, "#detail") and reason in text_in(planner, "#detail")
        await pilot.press("6", "enter", "m")  # trying anyway keeps the planner open, with the reason
        await settle(pilot)
        planner = current(app, PlannerScreen)
        assert reason in text_in(planner, "#detail")
        assert session_of(app).state.actions == actions


async def test_resizing_keeps_the_actions_visible() -> None:
    app = LadderApp(start=_start("consensus-meeting"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        for size in ((80, 24), (40, 12), (200, 60), (80, 24)):
            await pilot.resize_terminal(*size)
            await settle(pilot)
            footer = app.screen.query_one("Footer")
            assert footer.region.height == 1 and footer.region.bottom == size[1]
        await pilot.press("m")
        await settle(pilot)
        await pilot.resize_terminal(60, 20)
        await settle(pilot)
        assert isinstance(app.screen, PlannerScreen)


async def test_the_title_paints_before_its_data_and_keys_wait_for_it(
    monkeypatch: pytest.MonkeyPatch, held_title: threading.Event
) -> None:
    """Enter and c while the store thread is still reading the title's data give a notice; then play as usual."""
    gate = held_title
    app = LadderApp(seed=3)
    notices: list[str] = []
    monkeypatch.setattr(app, "notify", lambda message, **kw: notices.append(message))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        title = app.screen
        assert isinstance(title, TitleScreen) and title.waiting_for_data
        assert "Loading scenarios" in text_in(title, "#scenarios-label")
        await pilot.press("enter", "c")
        await pilot.pause()
        assert app.screen is title and app.session is None
        assert len(notices) == 2 and all("Loading" in n for n in notices)
        gate.set()
        await settle(pilot)
        assert title is app.title_screen  # (not `title.waiting_for_data`: the type checker keeps it True)
        assert not app.title_screen.waiting_for_data and title.row_ids[0] == "first-rung"
        assert "No unfinished game" in text_in(title, "#save-line")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BriefingScreen) and session_of(app).state.scenario.id == "first-rung"
        assert session_of(app).stored  # kept in the app's one store
