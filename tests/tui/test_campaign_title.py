"""The title's campaign: each step's state in the words of `ladder campaign`, the pass mark, a
coached game that never opens the next step, and the briefing that says what passes."""

from __future__ import annotations

from textual.widgets import OptionList

from sim.store import Store
from sim.tui.app import LadderApp
from sim.tui.screens.briefing import BriefingScreen
from sim.tui.screens.title import TitleScreen

from ..store.helpers import raw_game
from .conftest import SIZE, current, settle, text_in

NAME = "Tess Tester"  # the conftest's $LADDER_NAME


def record(scenario: str, grade: str, total: int, coach: bool = False) -> None:
    with Store.open() as store:
        score = {"total": total, "grade": grade, "moments": []}
        store.record_game(**raw_game(player=NAME, scenario=scenario, score=score), coach=coach)


def row(title: TitleScreen, sid: str) -> str:
    ol = title.query_one("#scenarios", OptionList)
    prompt = ol.get_option(sid).prompt
    return prompt if isinstance(prompt, str) else getattr(prompt, "plain", str(prompt))


async def test_the_next_step_opens_on_a_pass_not_on_a_d_or_a_coached_a() -> None:
    record("first-rung", "D", 55)
    record("consensus-meeting", "A", 96, coach=True)
    app = LadderApp(seed=3)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        title = current(app, TitleScreen)
        assert "0 of 5 passed" in text_in(title, "#scenarios-label")
        assert "played, not passed · best: 55 (D) · pass mark C  play it next" in row(title, "first-rung")
        assert "locked: pass First Rung first" in row(title, "consensus-meeting")
        assert title.highlighted_id == "first-rung"
        await pilot.press("down", "enter")  # the coached A did not open it
        await settle(pilot)
        assert "Locked: pass First Rung (C or better) first" in text_in(current(app, TitleScreen), "#save-line")

        record("first-rung", "C", 66)  # a game of their own at the mark
        app.reload_title()
        await settle(pilot)
        title = current(app, TitleScreen)
        assert "1 of 5 passed" in text_in(title, "#scenarios-label")
        assert "passed · best: 66 (C)" in row(title, "first-rung")
        assert "open · pass mark C  play it next" in row(title, "consensus-meeting")  # the coached A is no best
        assert title.highlighted_id == "consensus-meeting"
        await pilot.press("enter")
        await settle(pilot)
        briefing = current(app, BriefingScreen)
        assert "The pass mark: grade C or better (A from 90, B from 80, C from 65, D from 50 points)" in text_in(
            briefing, "#briefing"
        )
