"""The words the game uses, explained once, in one place: the help screen lists them all, and
the planner and the meeting result show one beside the field or outcome where it first
appears. Display text only (no rule lives here); pure Python, no Textual, no engine import.

Each entry is (the term as the trainee reads it, one line that says what it means in play).
"""

from __future__ import annotations

from typing import Final

GLOSSARY: Final[dict[str, tuple[str, str]]] = {
    "ladder": (
        "The ladder, a rung",
        "the commitments a buyer can make, from a follow-up meeting (rung 1) to the contract (rung 9). "
        "Each rung asks more of their time and trust than the one below.",
    ),
    "ask": (
        "Ask",
        "the commitment you ask a Key Player for in a meeting: one rung of the ladder. "
        "On target is one rung above what they have already agreed.",
    ),
    "fallback": (
        "Fallback",
        "a smaller ask you plan in case they refuse your main one, so the meeting still moves the deal. "
        "It saves the week, not the cost of the refused ask.",
    ),
    "advance": (
        "Advance",
        "the buyer agreed to do something and put a date on it: a rung gained and on the calendar. "
        "Only an advance moves a deal forward.",
    ),
    "continuation": (
        "Continuation",
        "the meeting ended with nothing new agreed: you asked for no more than they had already given. "
        "The week passed and the deal did not move.",
    ),
    "stretch": (
        "Stretch",
        "an ask one rung beyond what a Key Player is ready for. It may land (a week saved), be agreed "
        "without a date, or be declined (their patience wears thinner).",
    ),
    "declined": (
        "Declined",
        "they said not yet. A stretch that did not land, a rung that is not theirs to give, or a step "
        "that needs something else first: what they said tells you which.",
    ),
    "over_ask": (
        "Over-ask",
        "an ask further beyond their readiness than a stretch. It is refused and costs trust; "
        "repeated, the player stops taking your calls.",
    ),
    "signals": (
        "Readiness signals",
        "what a Key Player lets show after a meeting. 'Leaning in': ready for more than the next rung. "
        "'Open to a next step': ready for one rung more. 'Holding back': not ready for more now. "
        "Warm, polite or cool is their trust in you.",
    ),
    "schedule": (
        "Next step on the calendar",
        "a date for the agreed step, set before you leave the room. A step agreed without a date can "
        "slip away in the weeks after.",
    ),
    "discovery": (
        "Discovery topic",
        "what you set out to learn in the meeting: their goals and needs, how they decide, their personal "
        "concerns, or budget and timing. Facts learned show on their card.",
    ),
    "consensus": (
        "Consensus meeting",
        "every Key Player in one room with the economic buyer, agreeing a formal evaluation. It fails "
        "unless every one of them was met one-to-one first and no adversary is still against you.",
    ),
    "not_theirs": (
        "Not theirs to give",
        "a rung this player told you someone else decides. Asking again costs nothing but the week.",
    ),
    "evidence": (
        "Evidence",
        "something that shows a deal cannot be won: an excuse to a reciprocal ask (rung 4 and up), "
        "no budget, a concern nothing answers. Walk away soon after it and that is qualifying out.",
    ),
    "par": (
        "Par",
        "the weeks a strong seller takes to reach a decision on this deal, win or walk away.",
    ),
}

# Which term explains a meeting's outcome (by `sim.engine.outcomes.MeetingOutcome` id).
OUTCOME_TERM: Final[dict[str, str]] = {
    "advance": "advance",
    "partial": "schedule",
    "continuation": "continuation",
    "declined": "declined",
    "rebuff": "over_ask",
    "evaporated": "schedule",
    "excuse": "evidence",
}

# Signals that are evidence the deal cannot be won (`sim.engine.signals`): explained as evidence.
SIGNAL_TERM: Final[dict[str, str]] = {"a dead end": "evidence", "no budget": "evidence"}


def term(key: str) -> str:
    """The term as the trainee reads it ("Readiness signals")."""
    return GLOSSARY[key][0]


def meaning(key: str) -> str:
    """What the term means, one line."""
    return GLOSSARY[key][1]


def explained(key: str) -> str:
    """ "Term: what it means." in one line of plain text."""
    name, words = GLOSSARY[key]
    return f"{name}: {words}"


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
