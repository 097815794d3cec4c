"""The Textual app: owns the game in play (`sim.store.session.GameSession`) and the results
store (`sim.tui.store_app`), and moves between screens. No game rule lives here.

Attributes down, messages up: the app gives each screen what it shows (constructor,
`show_...` methods); screens post their nested `Message`s, handled here (`on_..._...`).
The title must paint fast, so importing this module loads neither the engine (pydantic,
yaml) nor the store (sqlite3): other screens are imported where they are pushed. The
game-start questions live in `sim.tui.starts`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.binding import Binding

from sim.common.errors import LadderError
from sim.tui import save
from sim.tui.screens.base import LadderScreen
from sim.tui.screens.title import TitleScreen
from sim.tui.session import RANDOM_REF, SaveError, load_ref, ref_for, resume
from sim.tui.starts import Start, offer_game
from sim.tui.store_app import StoreApp

if TYPE_CHECKING:
    from sim.engine.records import Action
    from sim.store.db import Progress
    from sim.store.session import GameSession
    from sim.tui.replay import ReplaySpec
    from sim.tui.saver import StoreThread
    from sim.tui.screens.deal_room import DealRoomScreen
    from sim.tui.screens.debrief import DebriefScreen
    from sim.tui.screens.replay import ReplayScreen

STYLES = Path(__file__).parent / "styles"


__all__ = ["LadderApp", "Start"]


class LadderApp(StoreApp):
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
        replay: ReplaySpec | None = None,
    ) -> None:
        super().__init__(data_dir, store)
        self.title_screen = TitleScreen()
        self._player: str | None = None
        self._coach = False
        self.start = start
        self.first_seed = seed  # the seed for the first new game started from the title
        self.ask_name = ask_name  # a shared server: ask every session, never keep the name
        self.player = name
        self.coach = coach
        self.replay = replay  # a sim.tui.replay.ReplaySpec to step through first
        self.session: GameSession | None = None
        if store is None and (start is not None or replay is not None):
            self._open_store()  # the engine is loaded already: the game uses the store at once
        if self.player is None and not ask_name:  # --name, else $LADDER_NAME, else the one kept in settings
            import os

            self.player = os.environ.get("LADDER_NAME") or save.read_settings(data_dir).get("name")

    # ------------------------------------------------------------------ attributes down
    @property
    def player(self) -> str | None:
        """The trainee's name (the title screen is told whenever it changes)."""
        return self._player

    @player.setter
    def player(self, player: str | None) -> None:
        self._player = player
        self.title_screen.show_player(self._player, self._coach)

    @property
    def coach(self) -> bool:
        """Coach mode (the title screen is told whenever it changes)."""
        return self._coach

    @coach.setter
    def coach(self, coach: bool) -> None:
        self._coach = coach
        self.title_screen.show_player(self._player, self._coach)

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

    def _saved(self, session: GameSession, game_id: int | None) -> None:
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

    def on_ready(self) -> None:
        """The first frame is on screen: only now ask the name (the modal opens over the title, and
        a browser shows the title at once) and open a game given on the command line."""
        self.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        if self.return_code is not None:  # quitting already
            return
        if self.replay is None:
            self.ensure_player(self._start_first)
        # the title's data after that, so the store thread's imports (they hold the GIL) never delay it
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
        self.store_read(
            lambda store: read_title(store, player, thread.error),
            self.title_screen.show_data,
            what="Cannot read the results",
        )

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
                self.screen.refresh_view()  # shows the name given (see the `player` setter)
            if self.player and then is not None:
                then()

        from sim.tui.screens.name import NameScreen

        self.push_screen(NameScreen(self.player or "", required=not self.player), named)

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
        def build() -> None:
            self._build(ref, self._seed())

        self.ensure_player(build)

    def start_random(self) -> None:
        self._build(RANDOM_REF, self._seed())

    def continue_saved(self, saved: Progress) -> None:
        try:
            session = resume(saved)
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

    def begin_session(self, session: GameSession, resumed: bool = False) -> None:
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
            self.push_screen(DebriefScreen(session))
        elif resumed or session.resumed:
            self.push_screen(DealRoomScreen(session, self.coach))
        else:
            self.push_screen(BriefingScreen(session.state))

    def play_again(self, same_seed: bool) -> None:
        import secrets

        assert self.session is not None
        state = self.session.state
        seed = state.seed if same_seed else secrets.randbelow(1_000_000)
        workshop = self.session.workshop if same_seed else None
        self.offer_game(Start(state.loaded, seed, self.session.scenario_ref, workshop))

    # ------------------------------------------------------------------ moving around
    def go_title(self) -> None:
        while len(self.screen_stack) > 1 and not isinstance(self.screen, TitleScreen):
            self.pop_screen()

    def open_deal_room(self) -> None:
        from sim.tui.screens.deal_room import DealRoomScreen

        if any(isinstance(s, DealRoomScreen) for s in self.screen_stack):
            while not isinstance(self.screen, DealRoomScreen):
                self.pop_screen()
        elif self.session is not None:
            self.switch_screen(DealRoomScreen(self.session, self.coach))

    def show_briefing(self) -> None:
        from sim.tui.screens.briefing import BriefingScreen

        if self.session is not None:
            self.push_screen(BriefingScreen(self.session.state))

    def show_help(self) -> None:
        from sim.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

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
        from sim.tui.screens.deal_room import DealRoomScreen

        for screen in self.screen_stack:
            if isinstance(screen, DealRoomScreen):
                screen.show_coach(self.coach)

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
            self.switch_screen(DebriefScreen(self.session))

    # ------------------------------------------------------------------ messages up (from the screens)
    def on_ladder_screen_navigate(self, message: LadderScreen.Navigate) -> None:
        go = {
            "title": self.go_title,
            "help": self.show_help,
            "briefing": self.show_briefing,
            "deal_room": self.open_deal_room,
        }
        go[message.where]()

    def on_title_screen_new_game(self, message: TitleScreen.NewGame) -> None:
        self.start_new(message.ref)

    def on_title_screen_continue_game(self, message: TitleScreen.ContinueGame) -> None:
        self.continue_saved(message.saved)

    def on_title_screen_random_game(self, _: TitleScreen.RandomGame) -> None:
        self.start_random()

    def on_title_screen_change_name(self, _: TitleScreen.ChangeName) -> None:
        self.ensure_player(force=True)

    def on_title_screen_toggle_coach(self, _: TitleScreen.ToggleCoach) -> None:
        self.toggle_coach()
        self.title_screen.refresh_view()

    def on_title_screen_toggle_theme(self, _: TitleScreen.ToggleTheme) -> None:
        self.toggle_theme()

    def on_title_screen_reload(self, _: TitleScreen.Reload) -> None:
        self.reload_title()

    def on_deal_room_screen_action_chosen(self, message: DealRoomScreen.ActionChosen) -> None:
        self.take_action(message.action)

    def on_deal_room_screen_toggle_coach(self, _: DealRoomScreen.ToggleCoach) -> None:
        self.toggle_coach()

    def on_debrief_screen_play_again(self, message: DebriefScreen.PlayAgain) -> None:
        self.play_again(message.same_seed)

    def on_replay_screen_branch(self, message: ReplayScreen.Branch) -> None:
        """What if: play on from the replay's state, as a new game saved from its first action."""
        from sim.store.session import GameSession

        state = message.state
        ref = ref_for(message.loaded)

        def go() -> None:
            player = self.player or ""
            session = GameSession.from_state(
                state,
                ref,
                player=player,
                mode="what-if",
                stored=self.store_error is None,
                slot=f"what-if:{state.scenario.id}:{player}",
            )
            self.session = session  # played in the normal deal room, saved from its first action
            if self.coach:
                session.mark_coached()
            from sim.tui.screens.deal_room import DealRoomScreen

            self.go_title()
            self.push_screen(DealRoomScreen(session, self.coach))

        self.ensure_player(go)
