"""The planner's lines: how a highlighted rung stands against what the player has agreed, and
what the focused box is for. Display text only; the game's words come from `sim.common.glossary`."""

from __future__ import annotations

from typing import Final

from sim.common.glossary import explained, meaning

# The planner's line under a highlighted rung: how it stands against what the player has agreed.
ASK_HINTS: Final[dict[str, str]] = {
    "below": "At or below what they have agreed: a continuation. The week passes and nothing moves.",
    "open_step": "Agreed without a date: ask for it again to put it on the calendar.",
    "next": "One rung above what they have agreed: on target if they are open to a next step, "
    "a stretch if they are holding back.",
    "two_up": "Two rungs above what they have agreed: it can land if they are leaning in; "
    "otherwise it is a stretch or an over-ask.",
    "far": "Three or more rungs above what they have agreed: most likely an over-ask, refused at a cost in trust.",
}

# The planner's line for the field that has the keys, by the id of its list.
FIELD_HINTS: Final[dict[str, str]] = {
    "whom": "Whom: one Key Player, one-to-one, or the consensus meeting. A number on a card in the deal room "
    "opens the planner on that player.",
    "topic": explained("discovery"),
    "asks": f"Enter takes the highlighted rung as your ask; f takes it as your fallback, {meaning('fallback')}",
    "coach-scroll": "The coach: what the ladder-climbing bot would do now, and why. Up and down scroll it.",
}
