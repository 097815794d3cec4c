"""Game text as rich `Text` objects. Scenario and player text is never parsed as markup:
it goes into `Text` literally, so `[bold]Ann[/]` shows those very characters."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from sim.engine.ladder import TOPICS
from sim.engine.outcomes import OUTCOME_TEXT

if TYPE_CHECKING:
    from sim.engine.records import Event
    from sim.engine.state import State

OUTCOME_STYLE = {  # keyed by MeetingOutcome id
    "advance": "bold green",
    "partial": "bold yellow",
    "continuation": "bold yellow",
    "declined": "bold yellow",
    "rebuff": "bold red",
    "excuse": "bold red",
    "evaporated": "bold red",
    "failed": "bold red",
    "derailed": "bold red",
    "won": "bold green",
    "waited": "dim",
    "walked": "bold",
    "stalled": "bold red",
}


def para(text: str) -> str:
    """Scenario prose folded to single spaces, paragraphs kept."""
    return "\n\n".join(" ".join(p.split()) for p in text.strip().split("\n\n"))


def line(*parts: str | tuple[str, str]) -> Text:
    """A Text from plain strings and (text, style) pairs; nothing is parsed as markup."""
    t = Text()
    for p in parts:
        if isinstance(p, tuple):
            t.append(p[0], style=p[1])
        else:
            t.append(p)
    return t


def event_head(state: State, e: Event) -> Text:
    week = (f"Week {e.week}  ", "bold")
    if e.kind == "meet":
        from sim.engine.scoring import meeting_words

        return line(week, f"You {meeting_words(state, e)}.")
    if e.kind == "consensus":
        return line(week, f"The consensus meeting: you asked the room for {state.rung_phrase(e.ask or 8)}.")
    if e.kind == "evaporated":
        return line(week, f"No date was set with {e.who}, and the step slipped away.")
    if e.kind == "wait":
        return line(week, "You let the week pass.")
    if e.kind == "walk_away":
        return line(week, "You walked away from the deal.")
    return line(week, "The horizon has passed.")


def outcome_text(state: State, e: Event) -> Text:
    t = Text()
    if e.primary is not None and e.ask is not None:
        t.append(
            f"{OUTCOME_TEXT[e.primary].upper()} on the {state.rung_name(e.ask).lower()}; the fallback landed. ",
            style=OUTCOME_STYLE.get(e.primary, "bold"),
        )
    words = OUTCOME_TEXT[e.outcome].upper()
    if e.granted is not None:
        words += f": {state.rung_name(e.granted).lower()}" + (", on the calendar" if e.scheduled else ", no date yet")
    t.append(words, style=OUTCOME_STYLE.get(e.outcome, "bold"))
    return t


def event_text(state: State, e: Event, full: bool = True) -> Text:
    """One event for the log (short) or the meeting result (full)."""
    t = event_head(state, e)
    if e.said:
        said = f'"{e.said}"' if e.kind in ("meet", "consensus", "evaporated") else e.said
        t.append("\n  ")
        t.append(said, style="italic")
    if e.kind in ("meet", "consensus"):
        t.append("\n  -> ")
        t.append_text(outcome_text(state, e))
        if e.signals:
            t.append("  (" + ", ".join(e.signals) + ")", style="dim")
    if full:
        for topic, fact in e.facts:
            t.append(f"\n  Learned ({TOPICS.get(topic, topic)}): ", style="bold")
            t.append(fact)
        for c in e.calendar:
            t.append("\n  Calendar: ", style="bold")
            t.append(c)
        for rid in e.revealed:
            t.append("\n  New Key Player: ", style="bold")
            t.append(f"{state.name(rid)}, {state.scenario.member(rid).title}")
    return t


def money(value: int, currency: str) -> str:
    return f"{value:,} {currency}"
