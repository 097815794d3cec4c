"""The Textual app: owns the Session and moves between screens. No game rule lives here."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual import work
from textual.app import App
from textual.binding import Binding

from sim.errors import LadderError
from sim.game import Action
from sim.tui import save
from sim.tui.screens.briefing import BriefingScreen
from sim.tui.screens.deal_room import DealRoomScreen
from sim.tui.screens.debrief import DebriefScreen
from sim.tui.screens.help import HelpScreen
from sim.tui.screens.result import ResultScreen
from sim.tui.screens.title import TitleScreen
from sim.tui.session import RANDOM_REF, Session, generator_available, load_ref, ref_for

STYLES = Path(__file__).parent / "styles"


@dataclass(frozen=True)
class Start:
    """Go straight into a game: from `ladder play SCENARIO` or `--random`."""

    loaded: Any
    seed: int
    ref: str


class LadderApp(App[None]):
    TITLE = "Commitment Ladder"
    CSS_PATH = [STYLES / "app.tcss", STYLES / "title.tcss", STYLES / "deal_room.tcss",
                STYLES / "planner.tcss", STYLES / "dialogs.tcss"]
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", show=False, priority=True)]
    ENABLE_COMMAND_PALETTE = False

    def __init__(self, start: Start | None = None, seed: int | None = None, autosave: bool = True) -> None:
        super().__init__()
        self.start = start
        self.first_seed = seed  # the seed for the first new game started from the title
        self.autosave = autosave
        self.session: Session | None = None

    # ------------------------------------------------------------------ setup
    def on_mount(self) -> None:
        theme = save.read_settings().get("theme")
        if theme in self.available_themes:
            self.theme = theme
        self.push_screen(TitleScreen())
        if self.start is not None:
            self._begin(Session.start(self.start.loaded, self.start.seed, self.start.ref, self.autosave))

    def _seed(self) -> int:
        if self.first_seed is not None:
            seed, self.first_seed = self.first_seed, None
            return seed
        return secrets.randbelow(1_000_000)

    def _title_error(self, message: str) -> None:
        self.go_title()
        if isinstance(self.screen, TitleScreen):
            self.screen.show_error(message)

    # ------------------------------------------------------------------ starting a game
    def start_new(self, ref: str) -> None:
        self._build(ref, self._seed(), None)

    def start_random(self) -> None:
        if not generator_available():
            self._title_error("Random accounts are not available in this build yet (no scenario generator).")
            return
        self._build(RANDOM_REF, self._seed(), None)

    def continue_saved(self, saved: save.SavedGame) -> None:
        self._build(saved.scenario, saved.seed, saved)

    @work(thread=True, exclusive=True, group="game")
    def _build(self, ref: str, seed: int, saved: save.SavedGame | None) -> None:
        """Load the scenario (and replay a saved game) off the UI thread."""
        try:
            if saved is not None:
                session = Session.resume(saved)
                session.autosave = self.autosave
            else:
                loaded = load_ref(ref, seed)
                session = Session.start(loaded, seed, ref if ref == RANDOM_REF else ref_for(loaded), self.autosave)
        except (save.SaveError, LadderError, OSError) as exc:
            self.call_from_thread(self._title_error, f"Cannot start that game: {exc}")
            return
        self.call_from_thread(self._begin, session, saved is not None)

    def _begin(self, session: Session, resumed: bool = False) -> None:
        self.session = session
        self.go_title()
        if session.state.is_terminal():
            self.push_screen(DebriefScreen())
        elif resumed:
            self.push_screen(DealRoomScreen())
        else:
            self.push_screen(BriefingScreen())

    def play_again(self, same_seed: bool) -> None:
        assert self.session is not None
        state = self.session.state
        seed = state.seed if same_seed else secrets.randbelow(1_000_000)
        self._begin(Session.start(state.loaded, seed, self.session.ref, self.autosave))

    # ------------------------------------------------------------------ moving around
    def go_title(self) -> None:
        while len(self.screen_stack) > 1 and not isinstance(self.screen, TitleScreen):
            self.pop_screen()

    def open_deal_room(self) -> None:
        if any(isinstance(s, DealRoomScreen) for s in self.screen_stack):
            while not isinstance(self.screen, DealRoomScreen):
                self.pop_screen()
        else:
            self.switch_screen(DealRoomScreen())

    def show_briefing(self) -> None:
        self.push_screen(BriefingScreen())

    def show_help(self) -> None:
        self.push_screen(HelpScreen())

    def toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"
        settings = save.read_settings()
        settings["theme"] = self.theme
        try:
            save.write_settings(settings)
        except OSError as exc:
            self.notify(f"Could not save the setting: {exc}", severity="warning", markup=False)

    # ------------------------------------------------------------------ playing
    def take_action(self, action: Action) -> None:
        assert self.session is not None
        try:
            events = self.session.apply(action)
        except LadderError as exc:
            self.notify(str(exc), title="Not possible", severity="error", markup=False)
            return
        except OSError as exc:
            self.notify(f"The game could not be saved: {exc}", severity="warning", markup=False)
            events = self.session.state.events[-1:]
        room = self.screen
        if isinstance(room, DealRoomScreen):
            room.refresh_view()
        self.push_screen(ResultScreen(self.session.state, events), self._after_result)

    def _after_result(self, _: None) -> None:
        assert self.session is not None
        if self.session.state.is_terminal():
            self.switch_screen(DebriefScreen())
