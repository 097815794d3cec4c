"""The title's flow for a trainee: Enter starts the scenario to play next, a briefing left
unplayed leaves nothing saved, and the random account is a row of the menu."""

from __future__ import annotations

import threading

from textual.widgets import Footer, OptionList

from sim.engine.grading import DEFAULT_PASS_MARK, meets
from sim.players.climber import ClimberBot
from sim.players.protocol import bot_rng
from sim.scenarios.loader import load
from sim.store import Store
from sim.store.session import GameSession
from sim.tui.app import LadderApp
from sim.tui.screens.briefing import BriefingScreen
from sim.tui.screens.deal_room import DealRoomScreen
from sim.tui.screens.title import RANDOM_ROW, TitleScreen

from .conftest import SIZE, current, session_of, settle, store_of, text_in


def _finish(scenario: str, player: str = "Tess Tester") -> None:
    """A passed game of `scenario` in the store, played as the trainee would (the climber's moves,
    graded C or better: the pass mark that opens the next step)."""
    with Store.open() as store:
        s = GameSession.new(load(scenario), 1, scenario, player=player, stored=True)
        bot, rng = ClimberBot(), bot_rng(1)
        while not s.state.is_terminal():
            s.apply(bot.step(s.state.observation(), s.state.legal_actions(), rng))
        s.save_to(store)
        assert meets(s.state.score().grade, DEFAULT_PASS_MARK)


async def test_a_first_time_trainee_finds_the_tutorial_highlighted_and_enter_starts_it() -> None:
    app = LadderApp(seed=3)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        title = current(app, TitleScreen)
        assert title.highlighted_id == "first-rung"
        prompt = str(title.query_one("#scenarios", OptionList).get_option("first-rung").prompt)
        assert "play it next" in prompt
        await pilot.press("enter")
        await settle(pilot)
        current(app, BriefingScreen)
        assert session_of(app).state.scenario.id == "first-rung"


async def test_a_returning_trainee_finds_the_next_open_step_highlighted() -> None:
    _finish("first-rung")
    app = LadderApp(seed=3)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        title = current(app, TitleScreen)
        assert title.highlighted_id == "consensus-meeting"
        await pilot.press("a")  # free play keeps the highlight on the same scenario, marked there too
        assert title.highlighted_id == "consensus-meeting"
        assert "play it next" in str(title.query_one("#scenarios", OptionList).get_option("consensus-meeting").prompt)
        await pilot.press("up")  # the trainee's own choice survives a reload of the title's data
        moved = title.highlighted_id
        title.post_message(TitleScreen.Reload())
        await settle(pilot)
        assert title.highlighted_id == moved == "first-rung"
        await pilot.press("enter")
        await settle(pilot)
        assert session_of(app).state.scenario.id == "first-rung"


async def test_a_briefing_opened_and_left_saves_nothing() -> None:
    app = LadderApp(seed=3)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        current(app, BriefingScreen)
        await pilot.press("escape")  # back out of the briefing
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")  # this time into the deal room, coach on, then back out
        await settle(pilot)
        current(app, DealRoomScreen)
        await pilot.press("o", "escape")
        await settle(pilot)
        title = current(app, TitleScreen)
        assert store_of(app).call(lambda s: s.list_progress()) == []
        assert text_in(title, "#save-line") == "No unfinished game."
        await pilot.press("c")  # nothing to continue: the title stays
        await settle(pilot)
        current(app, TitleScreen)
        await pilot.press("enter", "enter", "w")  # the first action is what saves the game
        await settle(pilot)
        [saved] = store_of(app).call(lambda s: s.list_progress())
        assert len(saved.actions) == 1


async def test_the_random_account_is_a_row_of_the_menu_and_a_key_in_the_footer() -> None:
    app = LadderApp(seed=3)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        title = current(app, TitleScreen)
        assert title.row_ids[-1] == RANDOM_ROW
        row = str(title.query_one("#scenarios", OptionList).get_option(RANDOM_ROW).prompt)
        assert "A random account" in row
        footer = title.query_one(Footer)
        keys = {(getattr(k, "key", None), getattr(k, "description", None)) for k in footer.query("FooterKey")}
        assert ("r", "Random") in keys
        await pilot.press("end", "enter")
        await settle(pilot)
        current(app, BriefingScreen)
        assert session_of(app).scenario_ref == "random" and not session_of(app).stored


async def test_the_title_fits_its_keys_in_80_columns() -> None:
    app = LadderApp(seed=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = current(app, TitleScreen).query_one(Footer)
        last = list(footer.children)[-1]
        assert last.region.right <= 80, "the footer's last key is cut off at 80 columns"


async def test_the_title_shows_its_keys_before_its_data(held_title: threading.Event) -> None:
    """The footer joins the title after its first frame, with its keys, even while the data is read."""
    gate = held_title
    app = LadderApp(seed=3)
    try:
        async with app.run_test(size=SIZE) as pilot:
            for _ in range(5):
                await pilot.pause()
            title = current(app, TitleScreen)
            assert title.waiting_for_data
            keys = [getattr(k, "key", None) for k in title.query_one(Footer).query("FooterKey")]
            assert keys[:4] == ["enter", "c", "a", "r"]
            gate.set()
            await settle(pilot)
    finally:
        gate.set()
