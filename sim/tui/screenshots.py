"""`ladder screenshots`: an SVG of every screen of the game, at each terminal size asked for.

It drives the real app headless (`App.run_test`) through a fixed story, the same at every size:
a first-time trainee gives their name, finds the campaign, opens the flagship's briefing,
plans a meeting, plays on with the ladder-climbing bot's moves, looks at the help and the
walk-away question, comes back to the saved game, finishes it, reads the debrief, replays it,
and branches off the replay to plan a meeting with the coach. Fixed seeds and a private data
folder make every file the same on every run (`docs/screens/<screen>-<W>x<H>.svg`)."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.widgets import Input

from sim.tui.app import LadderApp, Start

if TYPE_CHECKING:
    from textual.pilot import Pilot

    from sim.store.session import GameSession

SIZES: tuple[tuple[int, int], ...] = ((80, 24), (100, 30))
NAME = "Ann Lee"
SCENARIO = "consensus-meeting"
SEED = 7
EARLY_MOVES = 5  # the climber's moves before the mid-game deal room

# Every screen written, in the order the story reaches it (file `<name>-<W>x<H>.svg`).
SCREENS: tuple[str, ...] = (
    "name-entry",
    "title",
    "title-free-play",
    "briefing",
    "deal-room",
    "planner",
    "meeting-result",
    "deal-room-calendar",
    "help",
    "confirm-walk-away",
    "resume",
    "game-over",
    "debrief",
    "title-returning",
    "replay",
    "planner-coach",
)


def file_name(screen: str, size: tuple[int, int]) -> str:
    return f"{screen}-{size[0]}x{size[1]}.svg"


Shot = Callable[[str], Awaitable[None]]


async def _settle(pilot: Pilot[None]) -> None:
    """Wait until the store thread and the UI are idle (an answer may post another job)."""
    app = pilot.app
    assert isinstance(app, LadderApp)
    for _ in range(3):
        await app.workers.wait_for_complete()
        if app.store is not None:
            app.store.flush()
        await pilot.pause()
    for _ in range(200):  # the title's data is read after the first frame
        if not app.title_screen.waiting_for_data:
            break
        await pilot.pause(0.01)
    await pilot.pause()


def _shooter(pilot: Pilot[None], size: tuple[int, int], out: Path, written: list[Path]) -> Shot:
    async def shot(screen: str) -> None:
        assert screen in SCREENS, screen
        app = pilot.app
        await _settle(pilot)
        app.clear_notifications()
        for box in app.screen.query(Input):
            box.cursor_blink = False  # the cursor is drawn the same in every file
        await pilot.pause()
        name = file_name(screen, size)
        app.save_screenshot(name, str(out))
        written.append(out / name)

    return shot


async def _play(pilot: Pilot[None], moves: int | None) -> None:
    """Take the ladder-climbing bot's next `moves` actions (None: to the end) through the deal room.
    Each meeting result is closed before the next action; the last one stays open."""
    from sim.players.climber import ClimberBot
    from sim.players.protocol import bot_rng
    from sim.tui.screens.deal_room import DealRoomScreen
    from sim.tui.screens.result import ResultScreen

    app = pilot.app
    assert isinstance(app, LadderApp) and app.session is not None
    session: GameSession = app.session
    state = session.state
    bot, rng = ClimberBot(), bot_rng(SEED + len(state.actions))
    done = 0
    while not state.is_terminal() and (moves is None or done < moves):
        if isinstance(app.screen, ResultScreen):
            await pilot.press("enter")
            await _settle(pilot)
        room = app.screen
        assert isinstance(room, DealRoomScreen), type(room).__name__
        action = bot.step(state.observation(), state.legal_actions(), rng)
        room.post_message(DealRoomScreen.ActionChosen(action))
        await _settle(pilot)
        done += 1


async def _first_visit(size: tuple[int, int], data: str, shot_for: Callable[[Pilot[None]], Shot]) -> None:
    app = LadderApp(seed=SEED, data_dir=data, ask_name=True)
    async with app.run_test(size=size) as pilot:
        shot = shot_for(pilot)
        await shot("name-entry")
        await pilot.press(*["space" if c == " " else c for c in NAME], "enter")
        await shot("title")
        await pilot.press("a")
        await shot("title-free-play")
        ids = app.title_screen.row_ids
        await pilot.press("home", *["down"] * ids.index(SCENARIO), "enter")
        await shot("briefing")
        await pilot.press("enter")
        await shot("deal-room")
        await pilot.press("1")
        await shot("planner")
        await pilot.press("escape")
        await _play(pilot, 1)
        await shot("meeting-result")
        await _play(pilot, EARLY_MOVES)
        await pilot.press("enter")
        await shot("deal-room-calendar")
        await pilot.press("question_mark")
        await shot("help")
        await pilot.press("escape", "x")
        await shot("confirm-walk-away")
        await pilot.press("n")
        await _settle(pilot)


async def _come_back(size: tuple[int, int], data: str, shot_for: Callable[[Pilot[None]], Shot]) -> int:
    from sim.scenarios.loader import load

    app = LadderApp(Start(load(SCENARIO), SEED, SCENARIO), name=NAME, data_dir=data)
    async with app.run_test(size=size) as pilot:
        shot = shot_for(pilot)
        await shot("resume")
        await pilot.press("r")
        await _settle(pilot)
        await _play(pilot, None)
        await shot("game-over")
        await pilot.press("enter")
        await shot("debrief")
        await pilot.press("t")
        await shot("title-returning")
        assert app.session is not None and app.session.game_id is not None, "the game was not recorded"
        return app.session.game_id


async def _replay(size: tuple[int, int], data: str, game_id: int, shot_for: Callable[[Pilot[None]], Shot]) -> None:
    from sim.store import Store
    from sim.store.runs import run_from_record, scenario_for
    from sim.tui.replay import ReplaySpec

    with Store.open(data) as store:
        record = store.game(game_id)
    assert record is not None
    run = run_from_record(record)
    app = LadderApp(name=NAME, data_dir=data, replay=ReplaySpec.build(run, scenario_for(run)))
    async with app.run_test(size=size) as pilot:
        shot = shot_for(pilot)
        await pilot.press("right", "right", "right")
        await shot("replay")
        await pilot.press("w")  # what if: play on from here, with the coach (this game is not saved unless played)
        await _settle(pilot)
        await pilot.press("o", "1")
        await shot("planner-coach")


async def take_at(size: tuple[int, int], out: Path) -> list[Path]:
    """Every screen at `size`, written into `out`; the files, in story order."""
    written: list[Path] = []

    def shot_for(pilot: Pilot[None]) -> Shot:
        return _shooter(pilot, size, out, written)

    with tempfile.TemporaryDirectory(prefix="ladder-screens-") as data:
        await _first_visit(size, data, shot_for)
        game_id = await _come_back(size, data, shot_for)
        await _replay(size, data, game_id, shot_for)
    return written


def take(out: Path, sizes: tuple[tuple[int, int], ...] = SIZES) -> list[Path]:
    """Write every screen at every size into `out` (created if missing); the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for size in sizes:
        written += asyncio.run(take_at(size, out))
    return written
