"""Ask the player's name once: a small modal whose result is the name (or None when cancelled)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static

from sim.store.text import MAX_NAME, check_name


class NameScreen(ModalScreen["str | None"]):
    CSS_PATH = "../styles/dialogs.tcss"  # read when first shown: the title does not wait for it
    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    AUTO_FOCUS = "#name-input"  # not a query in on_mount: that fails if the app quits while this opens

    def __init__(self, current: str = "", required: bool = True) -> None:
        super().__init__()
        self.current = current
        self.required = required  # no name yet: the game needs one to keep results

    def compose(self) -> ComposeResult:
        with Vertical(id="name-box"):
            yield Static(Text("Your name", style="bold"), id="name-title")
            yield Static(Text("It is shown on your results and, in a workshop, on the leaderboard."), id="name-help")
            yield Input(value=self.current, placeholder="e.g. Ann Lee", max_length=MAX_NAME, id="name-input")
            yield Static("", id="name-error")
        yield Footer()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            name = check_name(event.value.strip())
        except ValueError as exc:
            self.query_one("#name-error", Static).update(
                Text(f"{str(exc)[0].upper()}{str(exc)[1:]}.", style="bold red")
            )
            return
        self.dismiss(name)

    def action_cancel(self) -> None:
        if self.required:
            self.query_one("#name-error", Static).update(Text("Type your name and press Enter.", style="bold red"))
            return
        self.dismiss(None)
