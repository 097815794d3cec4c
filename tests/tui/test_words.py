"""What the trainee reads in the planner and the meeting result: the focused box is marked
without colour, the coach's advice is all reachable at 80x24 and 100x30, and the game's words
are explained where they first appear and in the help."""

from __future__ import annotations

import pytest
from rich.console import Console
from textual.containers import VerticalScroll
from textual.widgets import OptionList, Static

from sim.common.glossary import GLOSSARY, explained, label, meaning
from sim.engine.records import Action
from sim.scenarios.loader import load
from sim.tui.app import LadderApp, Start
from sim.tui.screens.deal_room import DealRoomScreen
from sim.tui.screens.help import HelpScreen, help_text
from sim.tui.screens.plan import coach_text
from sim.tui.screens.planner import FOCUS_MARK, PlannerScreen
from sim.tui.screens.result import ResultScreen

from .conftest import SIZE, current, session_of, settle, text_in


def _start(seed: int = 3) -> Start:
    return Start(load("consensus-meeting"), seed, "consensus-meeting")


def _titles(planner: PlannerScreen) -> dict[str, str]:
    return {fid: str(planner.query_one(f"#{fid}").border_title) for fid in ("whom", "topic", "asks")}


async def test_the_focused_planner_box_is_marked_not_only_coloured() -> None:
    app = LadderApp(start=_start())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "1")
        await settle(pilot)
        planner = current(app, PlannerScreen)
        marked = [fid for fid, title in _titles(planner).items() if title.startswith(FOCUS_MARK)]
        assert marked == ["whom"]
        for expected in ("topic", "asks", "whom"):
            await pilot.press("tab")
            await pilot.pause()
            marked = [fid for fid, title in _titles(planner).items() if title.startswith(FOCUS_MARK)]
            assert marked == [expected]
            box = planner.query_one(f"#{expected}", OptionList)
            assert box.styles.border_top[0] == "heavy" and box.border_subtitle  # a heavier line, and its keys
            others = [planner.query_one(f"#{f}") for f in ("whom", "topic", "asks") if f != expected]
            assert all(o.styles.border_top[0] == "round" and not o.border_subtitle for o in others)


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=["80x24", "100x30"])
async def test_the_coach_advice_is_all_reachable(size: tuple[int, int]) -> None:
    app = LadderApp(start=_start(), coach=True)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("enter", "1")
        await settle(pilot)
        planner = current(app, PlannerScreen)
        advice = coach_text(session_of(app).state)
        assert advice is not None
        box = planner.query_one("#coach-scroll", VerticalScroll)
        coach = planner.query_one("#coach", Static)
        # the advice is wrapped, never cut: the widget is as tall as its wrapped lines
        lines = advice.wrap(Console(width=size[0]), coach.content_size.width)
        assert coach.content_size.height == len(lines) >= 2
        assert coach.content_size.width <= size[0]
        assert box.region.bottom <= size[1] and box.size.height >= 3
        # and every line can be brought into view from the keyboard: focus the box, scroll to the end
        for _ in range(4):
            if planner.focused is box:
                break
            await pilot.press("tab")
        assert planner.focused is box and str(box.border_title).startswith(FOCUS_MARK)
        await pilot.press(*["down"] * len(lines))
        await pilot.pause()
        assert box.scroll_y + box.scrollable_content_region.height >= coach.outer_size.height
        assert box.scroll_y == box.max_scroll_y


async def test_the_planner_says_how_an_ask_stands_and_what_a_fallback_is() -> None:
    app = LadderApp(start=_start())
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "1", "0")
        await settle(pilot)
        planner = current(app, PlannerScreen)
        detail = text_in(planner, "#detail")
        assert "a continuation" in detail  # rung 0, at or below what they agreed
        assert "fallback, the smaller ask" in detail  # the focused box's word, explained beside it
        await pilot.press("2")  # nothing agreed yet: rung 2 is two above
        assert "Two rungs above" in text_in(planner, "#detail") and "stretch" in text_in(planner, "#detail")
        assert planner.query_one("#asks").tooltip and planner.query_one("#summary").tooltip


async def test_the_meeting_result_explains_each_word_the_first_time_only() -> None:
    app = LadderApp(start=_start())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        for week in (1, 2):
            room = current(app, DealRoomScreen)
            room.post_message(DealRoomScreen.ActionChosen(Action.meet("vp-eng", 1, topic="goals")))
            await settle(pilot)
            result = current(app, ResultScreen)
            text = text_in(result, "#result")
            outcome = session_of(app).state.events[-1].outcome
            assert outcome in ("advance", "continuation")
            first = explained("readiness signals") in text
            assert first == (week == 1), f"week {week}: readiness signals explained {'again' if first else 'never'}"
            await pilot.press("enter")
            await settle(pilot)
        # the second meeting asked for what was already agreed: a continuation, explained (its first time)
        assert session_of(app).state.events[-1].outcome == "continuation"
        assert "Continuation: " in text


async def test_the_help_lists_every_word() -> None:
    text = help_text().plain
    for term in GLOSSARY:
        assert f"\n {label(term)}: {meaning(term)}" in text
    for name in ("Advance", "Continuation", "Stretch", "Over-ask", "Far over-ask", "Fallback", "Readiness signals"):
        assert f"\n {name}: " in text
    app = LadderApp(start=_start())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        current(app, HelpScreen)


async def test_a_key_that_reaches_the_planner_before_its_boxes_exist_runs_once_they_do() -> None:
    app = LadderApp(start=_start())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        current(app, DealRoomScreen).action_meet(1)  # the planner is pushed, not yet composed
        planner = current(app, PlannerScreen)
        assert not planner.query("#asks")
        await planner.run_action("rung(2)")  # a digit typed at once: no crash, and not lost
        await planner.run_action("choose")
        await settle(pilot)
        assert planner.ask == 2 and planner.focused is planner.query_one("#asks")
