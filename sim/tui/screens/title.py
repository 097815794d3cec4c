"""The title screen: the campaign (or every scenario, free play), continue, name, coach, theme."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from sim.store.db import Progress
    from sim.tui.app import LadderApp

LOGO = "C O M M I T M E N T   L A D D E R"
MARKS = {"finished": ("✓", "green"), "unlocked": ("▶", "bold cyan"), "locked": ("·", "dim")}


class TitleScreen(Screen[None]):
    BINDINGS = [
        Binding("enter", "new_game", "New game", priority=True),
        Binding("c", "continue_game", "Continue"),
        Binding("a", "toggle_list", "All scenarios"),
        Binding("n", "name", "Name"),
        Binding("o", "coach", "Coach"),
        Binding("r", "random_game", "Random", show=False),
        Binding("t", "toggle_theme", "Theme"),
        Binding("question_mark,f1", "help", "Help", key_display="?"),
        Binding("q", "quit", "Quit"),
    ]

    app: "LadderApp"

    def __init__(self) -> None:
        super().__init__()
        self._saved: Progress | None = None
        self._ids: list[str] = []
        self._locked: dict[str, str] = {}  # locked scenario -> the one to finish first
        self.show_all = False  # False: the campaign; True: every scenario (free play)

    def compose(self) -> ComposeResult:
        with Vertical(id="title-box"):
            yield Static(LOGO, id="logo")
            yield Static("A sales-training game: win one deal, one meeting at a time.", id="tagline")
            yield Static("", id="player-line")
            yield Static("", id="save-line")
            yield Static("", id="scenarios-label")
            yield OptionList(id="scenarios")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_view()

    def on_screen_resume(self) -> None:
        self.refresh_view()

    # ------------------------------------------------------------------ view
    def refresh_view(self) -> None:
        app = self.app
        who = Text("Playing as ", style="dim")
        who.append(app.player or "(no name yet)", style="bold")  # literal: never markup
        who.append("  ·  coach ", style="dim")
        who.append("on" if app.coach else "off", style="bold green" if app.coach else "dim")
        self.query_one("#player-line", Static).update(who)
        line = self.query_one("#save-line", Static)
        self._saved = None
        if app.store is None:
            line.update(Text(f"Results are not kept: {app.store_error}", style="bold red"))
        else:
            progress = app.store.list_progress(app.player) if app.player else []
            self._saved = progress[0] if progress else None
            if self._saved is None:
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
        self.refresh_bindings()

    def _steps(self) -> list[Any]:
        app = self.app
        if app.store is None or not app.player:
            return []
        from sim.store.campaign import campaign_status

        return campaign_status(app.store, app.player)

    def load_scenarios(self) -> None:
        from sim.scenario import all_shipped

        ol = self.query_one("#scenarios", OptionList)
        highlighted = ol.highlighted or 0
        ol.clear_options()
        self._ids, self._locked = [], {}
        steps = self._steps()
        label = self.query_one("#scenarios-label", Static)
        shipped = {s.scenario.id: s.scenario for s in all_shipped()}
        if self.show_all or not steps:
            label.update("All scenarios (free play): pick one and press Enter" if self.show_all
                         else "Scenarios: pick one and press Enter")
            best = {s.scenario: s for s in steps}
            for sid, sc in shipped.items():
                step = best.get(sid)
                t = Text()
                t.append(sc.title, style="bold")
                t.append(f"  ({sc.difficulty})", style="italic")
                if step is not None and step.best is not None:
                    t.append(f"  best: {step.best} ({step.best_grade})", style="green")
                else:
                    t.append("  not played yet", style="dim")
                t.append("\n")
                t.append(" ".join(sc.summary.split()), style="dim")
                ol.add_option(Option(t, id=sid))
                self._ids.append(sid)
        else:
            done = sum(s.status == "finished" for s in steps)
            label.update(f"Campaign ({done} of {len(steps)} finished): pick a scenario and press Enter")
            previous = None
            for s in steps:
                mark, style = MARKS[s.status]
                t = Text()
                t.append(f"{mark} ", style=style)
                t.append(s.title, style="bold" if s.status != "locked" else "dim")
                if s.status == "finished":
                    t.append(f"  best: {s.best} ({s.best_grade})", style="green")
                elif s.status == "unlocked":
                    t.append("  open: play it next", style="cyan")
                else:
                    t.append(f"  locked: finish {previous.title if previous else 'the one before'} first", style="dim")
                    self._locked[s.scenario] = previous.title if previous else ""
                sc = shipped.get(s.scenario)
                if sc is not None:
                    t.append("\n  ")
                    t.append(" ".join(sc.summary.split()), style="dim")
                ol.add_option(Option(t, id=s.scenario))
                self._ids.append(s.scenario)
                previous = s
        if self._ids:
            ol.highlighted = min(highlighted, len(self._ids) - 1)
        ol.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "continue_game":
            return True if self._saved is not None else None
        return True

    # ------------------------------------------------------------------ actions
    def _start(self, sid: str) -> None:
        if sid in self._locked:
            self.show_error(f"Locked: finish {self._locked[sid]} first (or press a for free play of any scenario).")
            return
        self.app.start_new(sid)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id:
            self._start(event.option_id)

    def action_new_game(self) -> None:
        ol = self.query_one("#scenarios", OptionList)
        if ol.highlighted is not None:
            self._start(self._ids[ol.highlighted])

    def action_continue_game(self) -> None:
        if self._saved is not None:
            self.app.continue_saved(self._saved)

    def action_toggle_list(self) -> None:
        self.show_all = not self.show_all
        self.load_scenarios()

    def action_name(self) -> None:
        self.app.ensure_player(force=True)

    def action_coach(self) -> None:
        self.app.toggle_coach()
        self.refresh_view()

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
