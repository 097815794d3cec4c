"""The Textual app: owns the Session and the results store, and moves between screens.
No game rule lives here.

The title must paint fast, so importing this module loads neither the engine (pydantic,
yaml) nor the store (sqlite3): screens other than the title are imported where they are
pushed, engine types only for type checking.

The results store is one `sim.tui.saver.StoreThread` (started once the first frame is
on screen, `on_ready`, unless the command line gave one): the one connection of the
process, on its own thread. The screen never waits for it: a read or write is posted as a
job (`store_job`) and its answer comes back as a `StoreDone` message. The engine's state
stays on the UI thread; a save job carries a snapshot of the actions. Quitting drains
the queue (`on_unmount`). The game-start questions live in `sim.tui.starts`."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.message import Message

from sim.common.errors import LadderError
from sim.tui import save
from sim.tui.screens.title import TitleScreen
from sim.tui.session import RANDOM_REF, SaveError, Session, load_ref, ref_for
from sim.tui.starts import Start, offer_game

if TYPE_CHECKING:
    from sim.engine.records import Action
    from sim.store.db import Progress
    from sim.tui.saver import StoreThread

STYLES = Path(__file__).parent / "styles"


__all__ = ["LadderApp", "Start"]


class StoreDone(Message):
    """A store job's answer, posted from the store's thread: run `done` with its result on the UI thread."""

    def __init__(
        self,
        future: Future[Any],
        done: Callable[[Any], None] | None,
        what: str,
        failed: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__()
        self.future = future
        self.done = done
        self.what = what
        self.failed = failed


class LadderApp(App[None]):
    TITLE = "Commitment Ladder"
    # the other screens name their own .tcss files (CSS_PATH), read when each is first shown
    CSS_PATH = [STYLES / "app.tcss", STYLES / "title.tcss"]
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", show=False, priority=True)]
    ENABLE_COMMAND_PALETTE = False

    def __init__(
        self,
        start: Start | None = None,
        seed: int | None = None,
        *,
        name: str | None = None,
        coach: bool = False,
        data_dir: str | None = None,
        ask_name: bool = False,
        store: StoreThread | None = None,
        replay: Any = None,
    ) -> None:
        super().__init__()
        self.start = start
        self.first_seed = seed  # the seed for the first new game started from the title
        self.data_dir = data_dir
        self.ask_name = ask_name  # a shared server: ask every session, never keep the name
        self.player: str | None = name
        self.coach = coach
        self.replay = replay  # a sim.tui.replay.ReplaySpec to step through first
        self.session: Session | None = None
        self.store = store  # the process's one connection, on its own thread; closed by this app
        self.title_screen = TitleScreen()
        if store is None and (start is not None or replay is not None):
            self._open_store()  # the engine is loaded already: the game uses the store at once
        if self.player is None and not ask_name:  # --name, else $LADDER_NAME, else the one kept in settings
            import os

            self.player = os.environ.get("LADDER_NAME") or save.read_settings(data_dir).get("name")

    def _open_store(self) -> StoreThread:
        if self.store is None:
            from sim.tui.saver import StoreThread

            self.store = StoreThread(self.data_dir)
        return self.store

    @property
    def store_error(self) -> str | None:
        """Why results are not kept (the store could not be opened), once known."""
        return self.store.error if self.store is not None else None

    # ------------------------------------------------------------------ the store thread
    def store_job(
        self,
        fn: Callable[[Any], Any],
        done: Callable[[Any], None] | None = None,
        *,
        what: str = "The game could not be saved",
        any_store: bool = False,
        failed: Callable[[str], None] | None = None,
    ) -> None:
        """Post `fn(store)` (a `Store`; `Store | None` with `any_store`) to the store thread; `done(result)`
        runs on the UI thread when it is back.
        A StoreError goes to `failed(why)`, else becomes a notification ("`what`: why"); play goes on."""
        thread = self._open_store()
        future = thread.submit_any(fn) if any_store else thread.submit(fn)
        future.add_done_callback(lambda f: self.post_message(StoreDone(f, done, what, failed)))

    def on_store_done(self, message: StoreDone) -> None:
        from sim.store import StoreError

        exc = message.future.exception()
        if exc is None:
            if message.done is not None:
                message.done(message.future.result())
            return
        if isinstance(exc, StoreError) and message.failed is not None:
            message.failed(str(exc))
        elif isinstance(exc, StoreError):  # the short reason ("the disk is full"), not the path and the advice
            self.notify(
                f"{message.what}: {exc.reason}. Play on: the next save keeps every move so far.",
                severity="warning",
                markup=False,
            )
        else:  # a bug, not the disk: still one line, and the game goes on
            self.notify(f"{message.what}: {type(exc).__name__}: {exc}", severity="error", markup=False)

    def save_game(self) -> None:
        """Post the current game's pending write (its progress, or the finished game) to the store."""
        session = self.session
        job = session.pending_write() if session is not None else None
        if session is None or job is None:
            return
        finished = session.state.is_terminal()
        self.store_job(
            job,
            lambda game_id: self._saved(session, game_id),
            what="The game could not be recorded" if finished else "The game could not be saved",
        )

    def _saved(self, session: Session, game_id: int | None) -> None:
        from sim.tui.screens.debrief import DebriefScreen

        session.recorded(game_id)
        if game_id is not None and isinstance(self.screen, DebriefScreen):
            self.screen.refresh_saved()

    # ------------------------------------------------------------------ setup
    def on_mount(self) -> None:
        theme = save.read_settings(self.data_dir).get("theme")
        if theme in self.available_themes:
            self.theme = theme
        self.push_screen(self.title_screen)
        if self.replay is not None:
            from sim.tui.screens.replay import ReplayScreen

            self.push_screen(ReplayScreen(self.replay))
            return
        # after the title's first frame, so the name modal opens over it (and a browser shows the title at once)
        self.call_after_refresh(self.ensure_player, self._start_first)

    def on_ready(self) -> None:
        """The first frame is on screen. Read the title's data after what was scheduled for after
        that frame (the name modal, a game given on the command line), so the store thread's
        imports, which hold the GIL, never delay those."""
        self.call_after_refresh(self._start_loading)

    def _start_loading(self) -> None:
        if self.return_code is None:  # not quitting already
            self.reload_title()

    def reload_title(self) -> None:
        """Read the scenarios, the saved game and the campaign on the store's thread (which imports the
        engine and the store there); the title shows them when they are back."""
        from sim.tui.catalog import read_title

        thread = self._open_store()
        player = self.player
        self.store_job(
            lambda store: read_title(store, player, thread.error),
            self.title_screen.show_data,
            what="Cannot read the results",
            any_store=True,
        )

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()  # runs every write already posted, then closes the connection on its thread

    def _start_first(self) -> None:
        if self.start is not None:
            self.offer_game(self.start)

    def ensure_player(self, then: Callable[[], None] | None = None, force: bool = False) -> None:
        """Know the player's name (ask once, in a modal), then go on."""
        if self.player and not force:
            if then is not None:
                then()
            return

        def named(name: str | None) -> None:
            if name:
                self.player = name
                if not self.ask_name:
                    settings = save.read_settings(self.data_dir)
                    settings["name"] = name
                    self._write_settings(settings)
            if isinstance(self.screen, TitleScreen):
                self.screen.refresh_view()
            if self.player and then is not None:
                then()

        from sim.tui.screens.name import NameScreen

        self.push_screen(NameScreen(self.player or "", required=not self.player), named)

    def _write_settings(self, settings: dict[str, Any]) -> None:
        try:
            save.write_settings(settings, self.data_dir)
        except OSError as exc:
            self.notify(f"Could not save the setting: {exc}", severity="warning", markup=False)

    def _seed(self) -> int:
        if self.first_seed is not None:
            seed, self.first_seed = self.first_seed, None
            return seed
        import secrets  # hashlib, random: not needed for the first frame

        return secrets.randbelow(1_000_000)

    def _title_error(self, message: str) -> None:
        self.go_title()
        if isinstance(self.screen, TitleScreen):
            self.screen.show_error(message)

    # ------------------------------------------------------------------ starting a game
    def offer_game(self, start: Start) -> None:
        """Start a game; first ask "Resume / Start over" when it would replace a saved one (`sim.tui.starts`)."""
        offer_game(self, start)

    def start_new(self, ref: str) -> None:
        self.ensure_player(lambda: self._build(ref, self._seed()))

    def start_random(self) -> None:
        self._build(RANDOM_REF, self._seed())

    def continue_saved(self, saved: Progress) -> None:
        try:
            session = Session.resume(saved)
        except LadderError as exc:
            self._title_error(f"Cannot continue that game: {exc}")
            return
        if saved.coach:
            self.coach = True
        self.begin_session(session, resumed=True)

    @work(thread=True, exclusive=True, group="game")
    def _build(self, ref: str, seed: int) -> None:
        """Load the scenario off the UI thread."""
        try:
            loaded = load_ref(ref, seed)
        except (SaveError, LadderError, OSError) as exc:
            self.call_from_thread(self._title_error, f"Cannot start that game: {exc}")
            return
        self.call_from_thread(self.offer_game, Start(loaded, seed, ref if ref == RANDOM_REF else ref_for(loaded)))

    def begin_session(self, session: Session, resumed: bool = False) -> None:
        """Play `session`: the briefing for a new game, the deal room for a resumed one."""
        from sim.tui.screens.briefing import BriefingScreen
        from sim.tui.screens.deal_room import DealRoomScreen
        from sim.tui.screens.debrief import DebriefScreen

        self.session = session
        if session.coach:
            self.coach = True
        elif self.coach and session.mark_coached():
            self.save_game()
        if resumed and session.state.is_terminal():  # killed between the last action and recording it
            self.save_game()
        self.go_title()
        if session.state.is_terminal():
            self.push_screen(DebriefScreen())
        elif resumed or (session.game is not None and session.game.resumed):
            self.push_screen(DealRoomScreen())
        else:
            self.push_screen(BriefingScreen())

    def play_again(self, same_seed: bool) -> None:
        import secrets

        assert self.session is not None
        state = self.session.state
        seed = state.seed if same_seed else secrets.randbelow(1_000_000)
        workshop = self.session.workshop if same_seed else None
        self.offer_game(Start(state.loaded, seed, self.session.ref, workshop))

    # ------------------------------------------------------------------ moving around
    def go_title(self) -> None:
        while len(self.screen_stack) > 1 and not isinstance(self.screen, TitleScreen):
            self.pop_screen()

    def open_deal_room(self) -> None:
        from sim.tui.screens.deal_room import DealRoomScreen

        if any(isinstance(s, DealRoomScreen) for s in self.screen_stack):
            while not isinstance(self.screen, DealRoomScreen):
                self.pop_screen()
        else:
            self.switch_screen(DealRoomScreen())

    def show_briefing(self) -> None:
        from sim.tui.screens.briefing import BriefingScreen

        self.push_screen(BriefingScreen())

    def show_help(self) -> None:
        from sim.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"
        settings = save.read_settings(self.data_dir)
        settings["theme"] = self.theme
        self._write_settings(settings)

    def toggle_coach(self) -> None:
        """Coach mode on or off. A game that has seen the coach stays marked coached."""
        self.coach = not self.coach
        if self.coach and self.session is not None and self.session.mark_coached():
            self.save_game()
        self.notify(
            "Coach on: the planner shows the climber's suggestion. This game is marked coached."
            if self.coach
            else "Coach off.",
            markup=False,
        )

    # ------------------------------------------------------------------ playing
    def take_action(self, action: Action) -> None:
        """Apply the action on this thread, show what happened, and post the save: never wait for the disk."""
        from sim.tui.screens.deal_room import DealRoomScreen
        from sim.tui.screens.result import ResultScreen

        assert self.session is not None
        try:
            events = self.session.apply(action)
        except LadderError as exc:
            self.notify(str(exc), title="Not possible", severity="error", markup=False)
            return
        self.save_game()
        room = self.screen
        if isinstance(room, DealRoomScreen):
            room.refresh_view()
        self.push_screen(ResultScreen(self.session.state, events), self._after_result)

    def _after_result(self, _: None) -> None:
        from sim.tui.screens.debrief import DebriefScreen

        assert self.session is not None
        if self.session.state.is_terminal():
            self.switch_screen(DebriefScreen())

    # ------------------------------------------------------------------ what if
    def branch(self, session: Session) -> None:
        """Play on from a replay's branch point in the normal deal room (saved from its first action)."""
        self.session = session
        if self.coach:
            session.mark_coached()
        from sim.tui.screens.deal_room import DealRoomScreen

        self.go_title()
        self.push_screen(DealRoomScreen())
