"""The Textual app: owns the Session and the results store, and moves between screens.
No game rule lives here.

The title must paint fast, so importing this module loads neither the engine (pydantic,
yaml) nor the store (sqlite3): screens other than the title are imported where they are
pushed, engine types only for type checking. The title's data is read by `load_title`, a
thread worker started once the first frame is on screen (`on_ready`), which posts
`TitleLoaded` back."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.message import Message
from textual.worker import get_current_worker

from sim.errors import LadderError
from sim.tui import save
from sim.tui.screens.title import TitleScreen
from sim.tui.session import RANDOM_REF, SaveError, Session, generator_available, load_ref, ref_for

if TYPE_CHECKING:
    from sim.game import Action
    from sim.store.db import Progress, Store
    from sim.tui.catalog import TitleData

STYLES = Path(__file__).parent / "styles"


@dataclass(frozen=True)
class Start:
    """Go straight into a game: from `ladder play SCENARIO`, `--random` or `--workshop CODE`."""

    loaded: Any
    seed: int
    ref: str
    workshop: str | None = None


class LadderApp(App[None]):
    TITLE = "Commitment Ladder"
    # the other screens name their own .tcss files (CSS_PATH), read when each is first shown
    CSS_PATH = [STYLES / "app.tcss", STYLES / "title.tcss"]
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", show=False, priority=True)]
    ENABLE_COMMAND_PALETTE = False

    class TitleLoaded(Message):
        """The title's data, read by the `load_title` worker."""

        def __init__(self, data: "TitleData") -> None:
            super().__init__()
            self.data = data

    def __init__(self, start: Start | None = None, seed: int | None = None, *, name: str | None = None,
                 coach: bool = False, data_dir: str | None = None, ask_name: bool = False,
                 store: "Store | None" = None, replay: Any = None) -> None:
        super().__init__()
        self.start = start
        self.first_seed = seed  # the seed for the first new game started from the title
        self.data_dir = data_dir
        self.ask_name = ask_name  # a shared server: ask every session, never keep the name
        self.player: str | None = name
        self.coach = coach
        self.replay = replay  # a sim.tui.replay.ReplaySpec to step through first
        self.session: Session | None = None
        self.store_error: str | None = None
        self.store = store
        self.title_screen = TitleScreen()
        if store is None and (start is not None or replay is not None):
            self.store = self._open_store()  # the engine is loaded already: the game uses the store at once
        if self.player is None and not ask_name:  # --name, else $LADDER_NAME, else the one kept in settings
            import os

            self.player = os.environ.get("LADDER_NAME") or save.read_settings(data_dir).get("name")

    def _open_store(self) -> "Store | None":
        from sim.store import Store, StoreError

        try:
            return Store.open(self.data_dir)
        except StoreError as exc:
            self.store_error = str(exc)
            return None

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
        that frame (the name modal, a game given on the command line), so the worker's imports,
        which hold the GIL, never delay those."""
        self.call_after_refresh(self._start_loading)

    def _start_loading(self) -> None:
        if self.return_code is None:  # not quitting already: a busy thread cannot be stopped, exit would wait
            self.load_title()

    @work(thread=True, exclusive=True, group="title")
    def load_title(self) -> None:
        """Read the scenarios, the saved game and the campaign off the UI thread (this imports the
        engine and the store). The worker uses its own connection to the store; the app's is opened
        on the UI thread when the data arrives."""
        if get_current_worker().is_cancelled:  # the app is quitting: a thread cannot be stopped once busy
            return
        from sim.tui.catalog import load_title

        data = load_title(self.data_dir, self.player)
        if not get_current_worker().is_cancelled:
            self.post_message(self.TitleLoaded(data))

    def on_ladder_app_title_loaded(self, message: TitleLoaded) -> None:
        data = message.data
        if self.store is None and self.store_error is None:
            if data.store_error is not None:
                self.store_error = data.store_error
            else:
                self.store = self._open_store()
        self.title_screen.show_data(data)

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()

    def _start_first(self) -> None:
        if self.start is not None:
            st = self.start
            self._begin(self._new_session(st.loaded, st.seed, st.ref, workshop=st.workshop))

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

    def _new_session(self, loaded: Any, seed: int, ref: str, *, workshop: str | None = None) -> Session:
        from sim.store import StoreError

        try:
            return Session.start(loaded, seed, ref, self.store, player=self.player or "", workshop=workshop,
                                 coach=self.coach, resume=workshop is not None)
        except StoreError as exc:
            self.notify(f"This game will not be kept: {exc}", severity="warning", markup=False)
            return Session.start(loaded, seed, ref)

    # ------------------------------------------------------------------ starting a game
    def start_new(self, ref: str) -> None:
        self.ensure_player(lambda: self._build(ref, self._seed()))

    def start_random(self) -> None:
        if not generator_available():
            self._title_error("Random accounts are not available in this build yet (no scenario generator).")
            return
        self._build(RANDOM_REF, self._seed())

    def continue_saved(self, saved: "Progress") -> None:
        if self.store is None:
            return
        try:
            session = Session.resume(self.store, saved)
        except LadderError as exc:
            self._title_error(f"Cannot continue that game: {exc}")
            return
        if saved.coach:
            self.coach = True
        self._begin(session, resumed=True)

    @work(thread=True, exclusive=True, group="game")
    def _build(self, ref: str, seed: int) -> None:
        """Load the scenario off the UI thread; the store is used on the UI thread only."""
        try:
            loaded = load_ref(ref, seed)
        except (SaveError, LadderError, OSError) as exc:
            self.call_from_thread(self._title_error, f"Cannot start that game: {exc}")
            return
        self.call_from_thread(self._begin_loaded, loaded, seed, ref if ref == RANDOM_REF else ref_for(loaded))

    def _begin_loaded(self, loaded: Any, seed: int, ref: str) -> None:
        self._begin(self._new_session(loaded, seed, ref))

    def _begin(self, session: Session, resumed: bool = False) -> None:
        from sim.tui.screens.briefing import BriefingScreen
        from sim.tui.screens.deal_room import DealRoomScreen
        from sim.tui.screens.debrief import DebriefScreen

        self.session = session
        if session.coach:
            self.coach = True
        elif self.coach:
            session.mark_coached()
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
        self._begin(self._new_session(state.loaded, seed, self.session.ref, workshop=workshop))

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
        if self.coach and self.session is not None and not self.session.state.is_terminal():
            self.session.mark_coached()
        self.notify("Coach on: the planner shows the climber's suggestion. This game is marked coached."
                    if self.coach else "Coach off.", markup=False)

    # ------------------------------------------------------------------ playing
    def take_action(self, action: Action) -> None:
        from sim.store import StoreError
        from sim.tui.screens.deal_room import DealRoomScreen
        from sim.tui.screens.result import ResultScreen

        assert self.session is not None
        before = len(self.session.state.events)
        try:
            events = self.session.apply(action)
        except StoreError as exc:
            self.notify(f"The game could not be saved: {exc}", severity="warning", markup=False)
            events = list(self.session.state.events[before:])
        except LadderError as exc:
            self.notify(str(exc), title="Not possible", severity="error", markup=False)
            return
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
        """Play on from a replay's branch point in the normal deal room."""
        self.session = session
        if self.coach:
            session.mark_coached()
        from sim.tui.screens.deal_room import DealRoomScreen

        self.go_title()
        self.push_screen(DealRoomScreen())
