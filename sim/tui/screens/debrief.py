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
    from sim.engine.debrief import DebriefLine
    from sim.engine.state import State
    from sim.store.session import GameSession


def debrief_text(state: State, coached: bool = False, saved: str = "") -> Text:
    from sim.engine.debrief import build
    from sim.engine.outcomes import GameOutcome
    from sim.engine.transcript import evidence_words

    s = state.score()
    d = build(state, s)
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
    _line(t, d.verdict)
    _line(t, d.grading)
    t.append("\n\nKey moments\n", style="bold underline")
    for line in d.moments:
        _line(t, line)
    t.append("\n\nHow the craft points add up\n", style="bold underline")
    for line in d.craft:
        _line(t, line, short=True)
    t.append(f"\n {d.craft_sum}", style="dim")
    t.append("\n\nThe truth\n", style="bold underline")
    if s.variant:
        t.append(s.variant, style="bold")
        t.append(" — ")
    t.append(para(s.why))
    found = evidence_words(state, s) if s.outcome != GameOutcome.QUALIFIED_OUT else ""  # the verdict said it
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


def _line(t: Text, line: DebriefLine, short: bool = False) -> None:
    """One debrief line: points, when, lesson and rule, what happened (not for `short`, a craft
    tally line); then the lesson the first time its rule is cited (a tally line: a charge's), and
    the definition of any word it is the first to use."""
    pts = line.points
    if pts is None:
        t.append("\n      ")
    else:
        t.append(f"\n{pts:+4d}  " if pts else "\n   0  ", style="green" if pts > 0 else "red" if pts < 0 else "dim")
    t.append(f"{line.when}  ", style="bold")
    t.append(f"[{line.lesson or '--'}] ", style="cyan")
    t.append(line.title, style="bold")
    if short:
        t.append(f"  x{line.times}", style="dim")
    else:
        t.append(f"\n      {line.text}")
    if line.why and (not short or line.teaches_in_tally):
        t.append(f"\n      {line.why}", style="italic")
    for text in line.definitions():
        t.append(f"\n      * {text}", style="dim")


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
