"""A Key Player as the trainee knows them: never a hidden field."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from sim.engine.ladder import TOPICS

if TYPE_CHECKING:
    from sim.engine.records import PlayerView


class PlayerCard(Static, can_focus=True):
    """Shows one PlayerView. Enter or a click asks to plan a meeting with them."""

    class Chosen(Message):
        """The trainee picked this Key Player to meet."""

        def __init__(self, player_id: str) -> None:
            super().__init__()
            self.player_id = player_id

    view: reactive[PlayerView | None] = reactive(None, layout=True)
    rung_names: reactive[tuple[str, ...]] = reactive(tuple)
    blocked: reactive[str | None] = reactive(None)  # the engine's reason they can't be met now

    def __init__(self, player_id: str, number: int, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes)
        self.player_id = player_id
        self.number = number  # the key that plans a meeting with them

    def render(self) -> Text:
        v = self.view
        if v is None:
            return Text("")
        names = self.rung_names

        def rn(r: int) -> str:
            return names[r] if 0 <= r < len(names) else str(r)

        t = Text()
        if self.number <= 9:
            t.append(f"{self.number} ", style="bold reverse")
            t.append(" ")
        t.append(v.name, style="bold")
        t.append("\n")
        t.append(v.title, style="italic")
        if v.signs:
            t.append("  · signs the deal", style="bold green")
        t.append("\n")
        if v.met:
            t.append(f"Last met week {v.last_met}", style="")
            t.append(f"  ({v.met_count} meeting{'s' if v.met_count != 1 else ''})", style="dim")
        else:
            t.append("Not met yet", style="bold yellow")
        if self.blocked:
            t.append("\nCan't meet: ", style="bold red")
            t.append(self.blocked)
        t.append("\nAgreed: ", style="bold")
        t.append(rn(v.granted) if v.granted else "nothing yet")
        if v.granted and v.granted in v.scheduled:
            t.append(" (dated)", style="green")
        for r in v.open:
            t.append("\nNo date yet: ", style="bold yellow")
            t.append(rn(r))
        if v.not_theirs:
            t.append("\nNot theirs to give: ", style="bold yellow")
            t.append(", ".join(rn(r) for r in v.not_theirs))
        if v.signals:
            t.append("\nSignals: ", style="bold")
            t.append(", ".join(v.signals))
        for topic, fact in v.facts:
            t.append(f"\n{TOPICS.get(topic, topic).capitalize()}: ", style="bold dim")
            t.append(fact)
        return t

    def on_focus(self) -> None:
        self.border_title = "▶ Enter: plan a meeting"  # the selected card is marked, not only coloured

    def on_blur(self) -> None:
        self.border_title = ""

    def on_click(self) -> None:
        self.focus()
        self.post_message(self.Chosen(self.player_id))

    def key_enter(self) -> None:
        self.post_message(self.Chosen(self.player_id))
