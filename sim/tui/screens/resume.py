"""The question asked before a new game would replace the trainee's unfinished one:
"Resume (week 5)" or "Start over", as a modal with a typed result (None: neither, go back)."""

from __future__ import annotations

from typing import Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

Choice = Literal["resume", "over"]


class ResumeScreen(ModalScreen["Choice | None"]):
    CSS_PATH = "../styles/dialogs.tcss"
    BINDINGS = [
        Binding("r", "choose('resume')", "Resume"),
        Binding("s", "choose('over')", "Start over"),
        Binding("escape", "choose('')", "Back"),
    ]

    def __init__(self, question: Text, week: int) -> None:
        super().__init__()
        self.question = question
        self.week = week

    def compose(self) -> ComposeResult:
        with Vertical(id="resume-box"):
            yield Static(self.question, id="resume-question")
            with Horizontal(id="resume-buttons"):
                yield Button(f"Resume (week {self.week})", id="resume", variant="primary")
                yield Button("Start over", id="over", variant="error")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#resume", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_choose(str(event.button.id))

    def action_choose(self, choice: str) -> None:
        self.dismiss("resume" if choice == "resume" else "over" if choice == "over" else None)
