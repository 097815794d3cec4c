"""The title screen: the campaign (or every scenario, free play), continue, name, coach, theme.

It paints at once with its static parts; the scenarios, the saved game and the campaign
come from the app's store thread (`LadderApp.reload_title`, first once the first frame
is on screen) through `show_data`. Until then Enter and c answer with a notice. Importing this module loads
neither the engine nor the store."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from sim.common.text import shown
from sim.tui.catalog import TitleData
from sim.tui.screens.base import LadderScreen

if TYPE_CHECKING:
    from sim.store.db import Progress

LOGO = "C O M M I T M E N T   L A D D E R"
LOADING = "Loading scenarios…"
# by a campaign step's state (`sim.store.campaign.StepState`'s values: the same words as `ladder campaign`)
MARKS = {
    "passed": ("✓", "green"),
    "played, not passed": ("▶", "bold cyan"),
    "open": ("▶", "bold cyan"),
    "locked": ("·", "dim"),
}
RANDOM_ROW = "random"  # the menu row of a random account (the same word as sim.tui.session.RANDOM_REF)
NEXT = "  play it next"


class TitleScreen(LadderScreen):
    BINDINGS = [  # short descriptions: the footer fits 80 columns (t, the theme, is in the help)
        Binding("enter", "new_game", "Play", priority=True),
        Binding("c", "continue_game", "Continue"),
        Binding("a", "toggle_list", "Free play"),
        Binding("r", "random_game", "Random"),
        Binding("n", "name", "Name"),
        Binding("o", "coach", "Coach"),
        Binding("t", "toggle_theme", "Theme", show=False),
        Binding("question_mark,f1", "help", "Help", key_display="?"),
        Binding("q", "quit", "Quit"),
    ]

    class NewGame(Message):
        """Start a new game of the scenario `ref`."""

        def __init__(self, ref: str) -> None:
            super().__init__()
            self.ref = ref

    class ContinueGame(Message):
        """Continue the saved game `saved`."""

        def __init__(self, saved: Progress) -> None:
            super().__init__()
            self.saved = saved

    class RandomGame(Message):
        """Start a game on a random account."""

    class ChangeName(Message):
        """Ask the trainee's name again."""

    class ToggleCoach(Message):
        """Coach mode on or off."""

    class ToggleTheme(Message):
        """Dark or light."""

    class Reload(Message):
        """Read the scenarios, the saved game and the campaign again (the answer comes to `show_data`)."""

    def __init__(self, player: str | None = None, coach: bool = False) -> None:
        super().__init__()
        self.player = player  # who plays, and coach mode: set by the app (`show_player`)
        self.coach = coach
        self._data: TitleData | None = None  # None until the app's first load arrives
        self._saved: Progress | None = None
        self._ids: list[str] = []
        self._locked: dict[str, str] = {}  # locked scenario -> the one to pass first (with its mark)
        self._recommended: str | None = None  # the last "play it next" the list moved to
        self.show_all = False  # False: the campaign; True: every scenario (free play)

    @property
    def row_ids(self) -> list[str]:
        """The scenario ids of the rows, top to bottom, as shown now."""
        return list(self._ids)

    @property
    def highlighted_id(self) -> str | None:
        """The id of the highlighted row (a scenario, or `RANDOM_ROW`), None before the data."""
        i = self.query_one("#scenarios", OptionList).highlighted
        return self._ids[i] if i is not None and 0 <= i < len(self._ids) else None

    @property
    def locked(self) -> dict[str, str]:
        """Locked scenario id -> the title of the one to finish first."""
        return dict(self._locked)

    def compose(self) -> ComposeResult:
        with Vertical(id="title-box"):
            yield Static(LOGO, id="logo")
            yield Static("A sales-training game: win one deal, one meeting at a time.", id="tagline")
            yield Static("", id="player-line")
            yield Static("", id="save-line")
            yield Static(LOADING, id="scenarios-label")
            yield OptionList(id="scenarios")

    def on_mount(self) -> None:
        # The keys after the first frame: Textual's footer shows its keys only once the bindings are
        # ready (after a refresh) anyway, so the title paints first and the footer follows at once.
        self.call_after_refresh(self._add_footer)

    async def _add_footer(self) -> None:
        await self.mount(Footer())
        self.refresh_bindings()  # its keys now, whether or not the data has come

    def on_screen_resume(self) -> None:  # also when first shown: the first frame needs no other pass
        self.refresh_view()

    @property
    def waiting_for_data(self) -> bool:
        """True until the scenarios, the saved game and the campaign have been read once."""
        return self._data is None

    def show_data(self, data: TitleData) -> None:
        """The data, read on the store's thread by the app. Read again if the name changed meanwhile."""
        self._data = data
        if data.player != self.player:
            self.post_message(self.Reload())
        self._show_data()

    def show_player(self, player: str | None, coach: bool) -> None:
        """The player's name and coach mode, from the app; shown at the next `refresh_view`."""
        self.player, self.coach = player, coach

    # ------------------------------------------------------------------ view
    def refresh_view(self) -> None:
        """Show the name and coach line now; once loaded, ask the app to read the store again
        (on its store thread: the answer comes back through `show_data`)."""
        who = Text("Playing as ", style="dim")
        who.append(shown(self.player) if self.player else "(no name yet)", style="bold")  # literal, escaped
        who.append("  ·  coach ", style="dim")
        who.append("on" if self.coach else "off", style="bold green" if self.coach else "dim")
        self.query_one("#player-line", Static).update(who)
        if self._data is not None:
            self.post_message(self.Reload())
        self._show_data()

    def _show_data(self) -> None:
        line = self.query_one("#save-line", Static)
        data = self._data
        self._saved = data.saved if data is not None else None
        if data is None:
            line.update("")
        elif data.store_error is not None:
            line.update(Text(f"Results are not kept: {data.store_error}", style="bold red"))
        elif self._saved is None:
            line.update(Text("No unfinished game.", style="dim"))
        else:
            p = self._saved
            t = Text("Unfinished game: ", style="bold")
            t.append(f"{p.scenario}, {len(p.actions)} action{'s' if len(p.actions) != 1 else ''} in (seed {p.seed})")
            if p.workshop:
                t.append(f", workshop {p.workshop}")
            t.append(". Press c to continue.")
            line.update(t)
        self.load_scenarios()
        if data is not None:  # what c does depends on the data: until it comes, the footer stays as composed
            self.refresh_bindings()

    def load_scenarios(self) -> None:
        """Fill the list from the loaded data: the campaign, or every scenario (free play), then the
        random account. The highlight stays on the row it was on, and moves to the scenario to play
        next whenever that changes (a first-time trainee finds Enter starts the tutorial)."""
        ol = self.query_one("#scenarios", OptionList)
        label = self.query_one("#scenarios-label", Static)
        was = self.highlighted_id
        ol.clear_options()
        self._ids, self._locked = [], {}
        data = self._data
        if data is None:
            label.update(LOADING)
            ol.focus()
            return
        if self.show_all or not data.steps:
            label.update(
                "All scenarios (free play): pick one and press Enter"
                if self.show_all
                else "Scenarios: pick one and press Enter"
            )
            self._free_play_rows(ol, data)
        else:
            done = sum(s.status == "passed" for s in data.steps)
            label.update(f"Campaign ({done} of {len(data.steps)} passed): pick a scenario and press Enter")
            self._campaign_rows(ol, data)
        ol.add_option(None)  # a separator line
        t = Text()
        t.append("◆ ", style="bold magenta")
        t.append("A random account", style="bold")
        t.append("  a new company and deal each time; results not kept", style="dim")
        ol.add_option(Option(t, id=RANDOM_ROW))
        self._ids.append(RANDOM_ROW)
        target = was
        if data.recommended is not None and data.recommended != self._recommended:
            target, self._recommended = data.recommended, data.recommended
        ol.highlighted = ol.get_option_index(target) if target in self._ids else 0
        ol.focus()

    def _free_play_rows(self, ol: OptionList, data: TitleData) -> None:
        best = {s.scenario: s for s in data.steps}
        for sc in data.scenarios:
            step = best.get(sc.id)
            t = Text()
            t.append(shown(sc.title), style="bold")
            t.append(f"  ({sc.difficulty})", style="italic")
            if step is not None and step.best is not None:
                t.append(f"  best: {step.best} ({step.best_grade})", style="green")
            else:
                t.append("  not played yet", style="dim")
            if sc.id == data.recommended:
                t.append(NEXT, style="cyan")
            t.append("\n")
            t.append(sc.summary, style="dim")
            ol.add_option(Option(t, id=sc.id))
            self._ids.append(sc.id)

    def _campaign_rows(self, ol: OptionList, data: TitleData) -> None:
        shipped = {s.id: s for s in data.scenarios}
        previous = None
        for s in data.steps:
            mark, style = MARKS[s.status]
            t = Text()
            t.append(f"{mark} ", style=style)
            t.append(shown(s.title), style="bold" if s.status != "locked" else "dim")
            if s.status == "passed":
                t.append(f"  passed · best: {s.best} ({s.best_grade})", style="green")
            elif s.status == "locked":
                before = shown(previous.title) if previous else "the one before"
                t.append(f"  locked: pass {before} first", style="dim")  # short: it fits 80 columns
                self._locked[s.scenario] = f"{before} ({previous.pass_mark} or better)" if previous else before
            else:  # open, or played and not passed yet: either way playable
                best = f" · best: {s.best} ({s.best_grade})" if s.best is not None else ""
                t.append(f"  {s.status}{best} · pass mark {s.pass_mark}", style="cyan")
                if s.scenario == data.recommended:
                    t.append(NEXT, style="cyan")
            info = shipped.get(s.scenario)
            if info is not None:
                t.append("\n")
                t.append(info.summary, style="dim")
            ol.add_option(Option(t, id=s.scenario))
            self._ids.append(s.scenario)
            previous = s

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "continue_game":  # while loading, c answers with a notice
            return True if self._saved is not None or self.waiting_for_data else None
        return True

    def _still_loading(self) -> bool:
        if self.waiting_for_data:
            self.notify("Loading the scenarios: one moment.", timeout=2, markup=False)
        return self.waiting_for_data

    # ------------------------------------------------------------------ actions
    def _start(self, sid: str) -> None:
        if sid == RANDOM_ROW:
            self.post_message(self.RandomGame())
            return
        if sid in self._locked:
            self.show_error(f"Locked: pass {self._locked[sid]} first (or press a for free play of any scenario).")
            return
        self.post_message(self.NewGame(sid))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id:
            self._start(event.option_id)

    def action_new_game(self) -> None:
        if self._still_loading():
            return
        sid = self.highlighted_id
        if sid is not None:
            self._start(sid)

    def action_continue_game(self) -> None:
        if self._still_loading():
            return
        if self._saved is not None:
            self.post_message(self.ContinueGame(self._saved))

    def action_toggle_list(self) -> None:
        self.show_all = not self.show_all
        self.load_scenarios()

    def action_name(self) -> None:
        self.post_message(self.ChangeName())

    def action_coach(self) -> None:
        self.post_message(self.ToggleCoach())

    def action_random_game(self) -> None:
        self.post_message(self.RandomGame())

    def action_toggle_theme(self) -> None:
        self.post_message(self.ToggleTheme())

    def action_help(self) -> None:
        self.navigate("help")

    def action_quit(self) -> None:
        self.app.exit()

    def show_error(self, message: str) -> None:
        self.query_one("#save-line", Static).update(Text(message, style="bold red"))
