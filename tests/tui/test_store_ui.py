"""The TUI and the results store: the name modal, the campaign, coach mode, workshops, replays."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from sim.engine.records import Action
from sim.scenarios.loader import load
from sim.store import Store
from sim.store.runs import run_from_record
from sim.tui.app import LadderApp, Start
from sim.tui.replay import ReplaySpec
from sim.tui.screens.briefing import BriefingScreen
from sim.tui.screens.deal_room import DealRoomScreen
from sim.tui.screens.debrief import DebriefScreen
from sim.tui.screens.name import NameScreen
from sim.tui.screens.planner import PlannerScreen
from sim.tui.screens.replay import ReplayScreen
from sim.tui.screens.title import TitleScreen

from .conftest import SIZE, current, session_of, settle, store_of, text_in

ODD = "[bold]Ann[/] \x1b[31m"
MARKUP = "[bold]Ann[/]"


async def test_the_name_is_asked_once_kept_and_shown_literally(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LADDER_NAME")
    app = LadderApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, NameScreen)
        await pilot.press("escape", "enter")  # a name is required: nothing happens
        await settle(pilot)
        assert isinstance(app.screen, NameScreen)
        for refused, words in ((ODD, "U+001B"), ("\u0410nn", "mixes Cyrillic and Latin")):
            app.screen.query_one(Input).value = refused  # an escape, or a Cyrillic А passing for a Latin A
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, NameScreen) and words in text_in(app.screen, "#name-error")
        app.screen.query_one(Input).value = MARKUP + "  Lee "
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TitleScreen) and app.player == MARKUP + " Lee"  # normalised
        assert MARKUP + " Lee" in text_in(app.screen, "#player-line")  # literal, not markup
    again = LadderApp()  # kept in the settings: not asked again
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, TitleScreen) and again.player == MARKUP + " Lee"


async def test_a_shared_server_asks_every_session_and_keeps_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LADDER_NAME")
    app = LadderApp(ask_name=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, NameScreen)
        app.screen.query_one(Input).value = "Bo"
        await pilot.press("enter")
        await settle(pilot)
    assert "name" not in __import__("sim.tui.save", fromlist=["x"]).read_settings()


async def test_a_locked_campaign_scenario_cannot_start_but_free_play_can() -> None:
    app = LadderApp(seed=3)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        title = current(app, TitleScreen)
        ids = title.row_ids
        assert ids[0] == "first-rung" and "consensus-meeting" in title.locked
        await pilot.press("home", "down", "enter")  # the second step is locked
        await settle(pilot)
        assert isinstance(app.screen, TitleScreen)
        assert "Locked" in text_in(app.screen, "#save-line")
        await pilot.press("a")  # all scenarios: free play
        await pilot.press("home", *["down"] * app.screen.row_ids.index("consensus-meeting"), "enter")
        await settle(pilot)
        assert isinstance(app.screen, BriefingScreen)
        assert session_of(app).state.scenario.id == "consensus-meeting"


async def test_coach_mode_shows_advice_and_marks_the_stored_game() -> None:
    from sim.players.coach import advice

    app = LadderApp(start=Start(load("consensus-meeting"), 3, "consensus-meeting"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "o", "1")
        await settle(pilot)
        assert isinstance(app.screen, PlannerScreen)
        tip = advice(session_of(app).state)
        assert tip.why in text_in(app.screen, "#coach")
        await pilot.press("escape", "x", "y", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DebriefScreen)
        assert "(coached)" in text_in(app.screen, "#debrief")
        [g] = store_of(app).call(lambda s: s.games())
        assert g.coach and g.score["coached"]


async def test_a_workshop_game_is_recorded_with_its_code(data_dir: Path) -> None:
    loaded = load("first-rung")
    with Store.open() as store:
        ws = store.create_workshop("ABC234", "first-rung", "first-rung", loaded.digest, 42)
    app = LadderApp(start=Start(loaded, ws.seed, "first-rung", ws.code))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert "workshop ABC234" in text_in(app.screen, "#status")
        await pilot.press("x", "y", "enter")
        await settle(pilot)
        assert "board of workshop ABC234" in text_in(app.screen, "#debrief")
        [row] = store_of(app).call(lambda s: s.board("ABC234"))
        assert row["name"] == "Tess Tester" and row["score"] == session_of(app).state.score().total


async def test_replay_steps_through_a_run_and_branches_into_a_live_game() -> None:
    from sim.players.climber import ClimberBot
    from sim.players.protocol import bot_rng
    from sim.store.session import GameSession

    loaded = load("consensus-meeting")
    with Store.open() as store:
        s = GameSession.start(store, loaded, 7, player="Ann", scenario_ref="consensus-meeting")
        bot, rng = ClimberBot(), bot_rng(7)
        while not s.state.is_terminal():
            s.apply(bot.step(s.state.observation(), s.state.legal_actions(), rng))
        assert s.game_id is not None
        record = store.game(s.game_id)
        assert record is not None
        run = run_from_record(record)
        n = len(run.actions)
    spec = ReplaySpec.build(run, loaded, until_week=3)
    app = LadderApp(replay=spec)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ReplayScreen)
        start = app.screen.index
        assert 1 <= start and spec.steps[start - 1].week <= 3
        await pilot.press("right")
        assert app.screen.index == start + 1
        await pilot.press("left", "left")
        assert app.screen.index == start - 1
        await pilot.press("end")
        assert app.screen.index == n and "Score" in text_in(app.screen, "#replay")
        await pilot.press("home", "right", "right", "w")  # what if, after two actions
        await settle(pilot)
        assert isinstance(app.screen, DealRoomScreen)
        state = session_of(app).state
        assert [a.to_dict() for a in state.actions] == run.actions[:2] and state.seed == 7
        await pilot.press("x", "y", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DebriefScreen)
        game_id = session_of(app).game_id
        assert game_id is not None
        g = store_of(app).call(lambda s: s.game(game_id))
        assert g is not None and g.mode == "what-if" and g.actions[:2] == run.actions[:2] and g.player == "Tess Tester"


def test_replay_spec_refuses_a_run_with_an_illegal_action() -> None:
    from sim.store.runs import Run, RunError

    loaded = load("consensus-meeting")
    run = Run("consensus-meeting", loaded.digest, 1, "0", "x", [Action.walk_away().to_dict(), {"kind": "wait"}])
    with pytest.raises(RunError, match="already over"):
        ReplaySpec.build(run, loaded)
