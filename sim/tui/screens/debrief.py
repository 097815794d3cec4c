"""The debrief: outcome, score and grade, the breakdown, the key moments, the truth."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Footer, Static

from sim.tui.render import para
from sim.tui.screens.base import LadderScreen

if TYPE_CHECKING:
    from sim.engine.state import State
    from sim.store.session import GameSession


def debrief_text(state: State, coached: bool = False, saved: str = "") -> Text:
    s = state.score()
    t = Text()
    t.append(f"{s.outcome_words}", style="bold underline")
    t.append(f"   {state.scenario.title}, seed {state.seed}\n\n", style="dim")
    t.append(f" Score {s.total}/100 ", style="bold reverse")
    t.append(f"  grade {s.grade}", style="bold")
    if coached:
        t.append("  (coached)", style="bold green")
    t.append("\n")
    if saved:
        t.append(saved + "\n", style="dim")
    t.append(f"Outcome {s.outcome_points} + pace {s.pace_points} + craft {s.craft_points}", style="")
    t.append(f"   (you used {s.weeks} week{'s' if s.weeks != 1 else ''}; par is {s.par}, the calendar {s.horizon})\n")
    t.append("\nKey moments\n", style="bold underline")
    from sim.engine.scoring import craft_note, craft_tally
    from sim.engine.transcript import evidence_words, key_moments

    for m, times, first in key_moments(s):
        points = f"{m.points * times:+d}" if m.points else " 0"
        t.append(f"\nWeek {m.week:>2} ", style="bold")
        t.append(f"{points:>4}  ", style="green" if m.points > 0 else "red" if m.points < 0 else "dim")
        t.append(f"[{m.lesson or '--'}] ", style="cyan")
        t.append(m.title, style="bold")
        t.append(f"\n   You: {m.did}" + (" (twice)." if times == 2 else f" ({times} times)." if times > 2 else "."))
        if m.detail:
            t.append(f" ({m.detail})", style="dim")
        if first:
            t.append(f"\n   {m.lesson_text}", style="italic")

    t.append("\n\nHow the craft points add up\n", style="bold underline")
    for _rule, title, lesson, times, pts in craft_tally(s):
        t.append(f"\n {pts:+4d}  ", style="green" if pts > 0 else "red" if pts < 0 else "dim")
        t.append(f"[{lesson or '--'}] {title}")
        t.append(f"  x{times}", style="dim")
    t.append(f"\n {craft_note(s)}: craft {s.craft_points}.", style="dim")
    t.append("\n\nThe truth\n", style="bold underline")
    if s.variant:
        t.append(s.variant, style="bold")
        t.append(" — ")
    t.append(para(s.why))
    found = evidence_words(state, s)
    if found:
        t.append("\n")
        t.append(para(found), style="bold")
    for r in state.reveal():
        t.append("\n • ")
        t.append(r["name"], style="bold")
        t.append(f" ({r['title']}): {r['archetype_label']}, power {r['power']}, ended {r['state']}.")
        if r["concern"]:
            t.append(f" Concern: {r['concern']}", style="italic")
        if not r["known"]:
            t.append(f" You never learned {r['name'].split()[0]} was there.", style="yellow")
    return t


def _saved_line(session: GameSession) -> str:
    if not session.stored:
        return "This game was not stored (a random account, or no results store)."
    if session.game_id is None:
        return "Saving the game…"
    line = f"Saved as game {session.game_id}"
    if session.workshop:
        line += f" on the board of workshop {session.workshop}"
    return line + f" (see it again: ladder replay {session.game_id})."


class DebriefScreen(LadderScreen):
    BINDINGS = [
        Binding("r", "again(True)", "Same seed"),
        Binding("n", "again(False)", "New seed"),
        Binding("t", "title", "Title"),
        Binding("q", "quit", "Quit"),
    ]

    class PlayAgain(Message):
        """Play the same scenario again: with the same seed, or a new one."""

        def __init__(self, same_seed: bool) -> None:
            super().__init__()
            self.same_seed = same_seed

    def __init__(self, session: GameSession) -> None:
        super().__init__()
        self.session = session  # the finished game (given by the app)

    def compose(self) -> ComposeResult:
        session = self.session
        with VerticalScroll(id="debrief-scroll"):
            yield Static(debrief_text(session.state, session.coach, _saved_line(session)), id="debrief")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#debrief-scroll").focus()

    def refresh_saved(self) -> None:
        """The store recorded the game (its answer came after this screen was shown): say where."""
        session = self.session
        self.query_one("#debrief", Static).update(debrief_text(session.state, session.coach, _saved_line(session)))

    def action_again(self, same_seed: bool) -> None:
        self.post_message(self.PlayAgain(same_seed))

    def action_title(self) -> None:
        self.navigate("title")

    def action_quit(self) -> None:
        self.app.exit()
