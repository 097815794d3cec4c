"""Play whole games to the debrief through the screens, with key presses only. The engine's
ClimberBot chooses each action; the test types the keys that make the UI send it."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList

from sim.players.climber import ClimberBot
from sim.players.protocol import bot_rng
from sim.scenarios.loader import shipped_ids
from sim.tui.app import LadderApp
from sim.tui.screens.briefing import BriefingScreen
from sim.tui.screens.deal_room import DealRoomScreen
from sim.tui.screens.debrief import DebriefScreen
from sim.tui.screens.result import ResultScreen
from sim.tui.screens.title import TitleScreen

from .conftest import SIZE, current, keys_for, session_of, settle, store_of, text_in

SCENARIOS = [
    pytest.param("consensus-meeting", id="consensus-meeting"),
    pytest.param(
        "first-rung",
        id="first-rung",
        marks=pytest.mark.skipif(
            "first-rung" not in shipped_ids(), reason="first-rung is not shipped in this branch yet"
        ),
    ),
]


@pytest.mark.parametrize("scenario", SCENARIOS)
async def test_play_to_the_debrief_with_keys_only(scenario: str) -> None:
    app = LadderApp(seed=3)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TitleScreen)
        await pilot.press("a")  # every scenario (free play), not only the campaign's open ones
        ids = app.screen.row_ids
        await pilot.press("home", *["down"] * ids.index(scenario), "enter")
        await settle(pilot)
        assert isinstance(app.screen, BriefingScreen)
        await pilot.press("enter")
        await settle(pilot)
        current(app, DealRoomScreen)
        bot, rng = ClimberBot(), bot_rng(3)
        state = session_of(app).state
        assert state.scenario.id == scenario and state.seed == 3
        for _ in range(200):
            if state.is_terminal():
                break
            current(app, DealRoomScreen)
            want = bot.step(state.observation(), state.legal_actions(), rng)
            before = len(state.actions)
            await pilot.press(*keys_for(want, state))
            await settle(pilot)
            assert len(state.actions) == before + 1, f"the keys did not send {want}"
            assert state.actions[-1] == want
            assert isinstance(app.screen, ResultScreen)
            await pilot.press("enter")
            await settle(pilot)
        assert state.is_terminal()
        assert isinstance(app.screen, DebriefScreen)
        text = text_in(app.screen, "#debrief")
        score = state.score()
        assert f"Score {score.total}/100" in text and "The truth" in text
        assert "Saved as game" in text
        # the game is in the store, and its best score is on the title screen now
        games = store_of(app).call(lambda s: s.games(player="Tess Tester"))
        assert [(g.scenario, g.total, g.mode, g.coach) for g in games] == [(scenario, score.total, "play", False)]
        assert store_of(app).call(lambda s: s.list_progress()) == []
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TitleScreen)
        assert f"best: {score.total}" in str(app.screen.query_one("#scenarios", OptionList).get_option(scenario).prompt)
