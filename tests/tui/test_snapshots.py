"""Four stable snapshots: fixed seed, fixed size, a private data dir, no blinking cursor."""

from __future__ import annotations

from textual.pilot import Pilot

from sim.engine.replay import new_game
from sim.players.climber import ClimberBot
from sim.players.protocol import bot_rng
from sim.scenarios.loader import load
from sim.store import Store
from sim.tui.app import LadderApp, Start

from .conftest import SIZE, SnapCompare, ladder, settle, store_of

SEED = 3


def _app() -> LadderApp:
    return LadderApp(start=Start(load("consensus-meeting"), SEED, "consensus-meeting"))


def test_title_snapshot(snap_compare: SnapCompare) -> None:
    assert snap_compare(LadderApp(seed=SEED), run_before=settle, terminal_size=SIZE)  # the loaded list


def test_deal_room_snapshot(snap_compare: SnapCompare) -> None:
    keys = [
        "enter",
        "1",
        "tab",
        "down",
        "1",
        "enter",
        "m",
        "enter",
        "1",
        "tab",
        "down",
        "down",
        "2",
        "enter",
        "m",
        "enter",
    ]
    assert snap_compare(_app(), press=keys, terminal_size=SIZE)


def test_planner_snapshot(snap_compare: SnapCompare) -> None:
    keys = ["enter", "1", "tab", "down", "2", "enter", "1", "f", "9"]
    assert snap_compare(_app(), press=keys, terminal_size=SIZE)


def test_debrief_snapshot(snap_compare: SnapCompare) -> None:
    state = new_game(load("consensus-meeting"), SEED)
    bot, rng = ClimberBot(), bot_rng(SEED)
    while not state.is_terminal():
        state.apply(bot.step(state.observation(), state.legal_actions(), rng))
    actions = [a.to_dict() for a in state.actions]
    with Store.open() as store:  # a game saved just before its last action was recorded
        store.save_progress(
            slot="play:consensus-meeting:Tess Tester",
            player="Tess Tester",
            scenario="consensus-meeting",
            scenario_ref="consensus-meeting",
            digest=state.loaded.digest,
            seed=SEED,
            actions=actions,
        )

    async def finish(pilot: Pilot[None]) -> None:
        await settle(pilot)  # the app's store is opened when the title's data arrives
        app = ladder(pilot)
        [saved] = store_of(app).call(lambda s: s.list_progress())
        app.continue_saved(saved)
        await settle(pilot)

    assert snap_compare(LadderApp(), run_before=finish, terminal_size=SIZE)
