"""The title screen: new game (pick a scenario), continue, random account, theme, help, quit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from sim.tui import save

if TYPE_CHECKING:
    from sim.tui.app import LadderApp

LOGO = "C O M M I T M E N T   L A D D E R"


class TitleScreen(Screen[None]):
    BINDINGS = [
        Binding("enter", "new_game", "New game", priority=True),
        Binding("c", "continue_game", "Continue"),
        Binding("r", "random_game", "Random account"),
        Binding("t", "toggle_theme", "Theme"),
        Binding("question_mark,f1", "help", "Help", key_display="?"),
        Binding("q", "quit", "Quit"),
    ]

    app: "LadderApp"

    def __init__(self) -> None:
        super().__init__()
        self._saved: save.SavedGame | None = None
        self._ids: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="title-box"):
            yield Static(LOGO, id="logo")
            yield Static("A sales-training game: win one deal, one meeting at a time.", id="tagline")
            yield Static("", id="save-line")
            yield Static("New game: pick a scenario and press Enter", id="scenarios-label")
            yield OptionList(id="scenarios")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_view()

    def on_screen_resume(self) -> None:
        self.refresh_view()

    def refresh_view(self) -> None:
        line = self.query_one("#save-line", Static)
        try:
            self._saved = save.read_save()
        except save.SaveError as exc:
            self._saved = None
            line.update(Text(f"Your saved game cannot be continued: {exc}.", style="bold red"))
        else:
            if self._saved is None:
                line.update(Text("No saved game.", style="dim"))
            else:
                t = Text("Saved game: ", style="bold")
                t.append(f"{self._saved.title}, week {self._saved.week} (seed {self._saved.seed}). Press c to continue.")
                line.update(t)
        self.load_scenarios()
        self.refresh_bindings()

    def load_scenarios(self) -> None:
        from sim.scenario import all_shipped

        ol = self.query_one("#scenarios", OptionList)
        highlighted = ol.highlighted or 0
        best = save.read_best()
        ol.clear_options()
        self._ids = []
        for loaded in all_shipped():
            sc = loaded.scenario
            t = Text()
            t.append(sc.title, style="bold")
            t.append(f"  ({sc.difficulty})", style="italic")
            b = best.get(sc.id)
            t.append(f"  best: {b['total']} ({b['grade']})" if b else "  not played yet", style="green" if b else "dim")
            t.append("\n")
            t.append(" ".join(sc.summary.split()), style="dim")
            ol.add_option(Option(t, id=sc.id))
            self._ids.append(sc.id)
        if self._ids:
            ol.highlighted = min(highlighted, len(self._ids) - 1)
        ol.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "continue_game":
            return True if self._saved is not None else None
        return True

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id:
            self.app.start_new(event.option_id)

    def action_new_game(self) -> None:
        ol = self.query_one("#scenarios", OptionList)
        if ol.highlighted is not None:
            self.app.start_new(self._ids[ol.highlighted])

    def action_continue_game(self) -> None:
        if self._saved is not None:
            self.app.continue_saved(self._saved)

    def action_random_game(self) -> None:
        self.app.start_random()

    def action_toggle_theme(self) -> None:
        self.app.toggle_theme()

    def action_help(self) -> None:
        self.app.show_help()

    def action_quit(self) -> None:
        self.app.exit()

    def show_error(self, message: str) -> None:
        self.query_one("#save-line", Static).update(Text(message, style="bold red"))


