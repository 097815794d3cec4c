"""The game's own words, each defined once, in one place: the debrief explains a term in one
sentence the first time it uses it; the help screen lists them all, and the planner and the
meeting result show one as "Label: what it means" where it first appears. Display text only
(no rule lives here; the rules are `sim.engine.meetings` and `sim.engine.points`).

`GLOSSARY` maps a term to its `Term`, in the order a trainee meets them. `sentence(term)` is the
debrief's one sentence, `explained(term)` the help's line; `terms_in(text)` finds the terms a
piece of text uses, in the order it uses them (only terms with a running-text form are found).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, slots=True)
class Term:
    label: str  # as the trainee reads it: "Over-ask"
    lead: str  # how a sentence about it begins: "An over-ask is"
    meaning: str  # what it is, reading on from the lead or from "Label: ", no full stop
    more: str = ""  # what it means in play, for the help and the planner (whole sentences)
    form: str = ""  # the forms it takes in running text (a regex), for `terms_in`; "" is not looked for


GLOSSARY: Final[dict[str, Term]] = {
    "ladder": Term(
        "The ladder, a rung",
        "The commitment ladder is",
        "the commitments a buyer can make, one rung each, from a follow-up meeting (rung 1) to the contract (rung 9)",
        "Each rung asks more of their time and trust than the one below; rung 0, sending information, "
        "is something only you do.",
    ),
    "ask": Term(
        "Ask",
        "An ask is",
        "the commitment you ask a Key Player for in a meeting: one rung of the ladder",
        "On target is a rung they are ready for, usually the next one above what they have agreed.",
    ),
    "discovery": Term(
        "Discovery topic",
        "A discovery topic is",
        "what you set out to learn in a meeting: their goals and needs, their decision process, their "
        "personal concerns, or budget and timing",
        "Facts learned show on their card.",
    ),
    "fallback": Term(
        "Fallback",
        "A fallback is",
        "the smaller ask you plan before the meeting and make only if your primary ask is refused, so the "
        "meeting still gains something",
        "It saves the week, not the cost of the refused ask.",
        r"fallbacks?",
    ),
    "advance": Term(
        "Advance",
        "An advance is",
        "a step the buyer agrees to take, with a date on it: a rung gained, and the only result of a meeting "
        "that moves a deal forward",
        form=r"advance[sd]?",
    ),
    "continuation": Term(
        "Continuation",
        "A continuation is",
        "a meeting that ends with nothing new agreed: pleasant enough, but the week passes and the deal stands still",
        "You asked for no more than they had already given, or only offered to send information.",
        r"continuations?",
    ),
    "schedule": Term(
        "Next step on the calendar",
        "Putting the next step on the calendar is",
        "setting a date, before you leave the room, for the step they agreed",
        "A step agreed without a date can slip away in the weeks after.",
    ),
    "stretch": Term(
        "Stretch",
        "A stretch is",
        "an ask for the next rung beyond what a Key Player is ready for: it may land (a week saved), be "
        "agreed without a date, or be declined, which wears their patience a little thinner",
        form=r"stretch(?:es|ed)?",
    ),
    "declined": Term(
        "Declined",
        "A declined ask is",
        "an ask they answered with not yet, because it was a stretch that did not land, a first test of "
        "interest, a rung not theirs to give, or a step that needs something else first",
        "What they said tells you which.",
    ),
    "over-ask": Term(
        "Over-ask",
        "An over-ask is",
        "an ask two rungs beyond what a Key Player is ready for, one further than a stretch: it is refused "
        "and it costs their trust",
        "Each one wears their patience; when it is gone they stop taking your calls.",
        r"(?<!far )over-ask(?:s|ed|ing)?",
    ),
    "far over-ask": Term(
        "Far over-ask",
        "A far over-ask is",
        "an ask three or more rungs beyond what a Key Player is ready for: refused at a cost in trust, and "
        "charged more than an over-ask, even when a tire-kicker answers it with an excuse",
        form=r"far over-asks?",
    ),
    "readiness signals": Term(
        "Readiness signals",
        "Readiness signals are",
        "what a Key Player lets show after a meeting (leaning in, open to a next step, holding back): your "
        "only guide to how high you can ask next",
        "'Leaning in': ready for more than the next rung. 'Open to a next step': ready for one rung more. "
        "'Holding back': not ready for more now. Warm, polite or cool is their trust in you.",
        r"readiness signals?",
    ),
    "not theirs to give": Term(
        "Not theirs to give",
        "Not theirs to give means",
        "a rung this player told you someone else decides",
        "Asking again costs nothing but the week.",
    ),
    "reciprocal ask": Term(
        "Reciprocal ask",
        "A reciprocal ask is",
        "an ask that has the buyer invest their own people or time (a strategy session, rung 4, or more): "
        "a prospect who keeps refusing them is not buying",
        "A tire-kicker answers every one with an excuse.",
        r"reciprocal asks?",
    ),
    "interest test": Term(
        "Interest test",
        "An interest test is",
        "your first reciprocal ask of a Key Player beyond what they are ready for, once you have done some "
        "discovery: a genuine buyer says not yet, and it costs nothing",
        form=r"interest test(?:s|ed)?",
    ),
    "consensus meeting": Term(
        "Consensus meeting",
        "The consensus meeting is",
        "every Key Player in one room with the economic buyer, agreeing the steps and timeframe of a formal evaluation",
        "The economic buyer has to agree to convene it, and it fails if anyone in the room was never met "
        "one-to-one or an adversary's concern is still unanswered.",
        r"consensus meetings?",
    ),
    "evidence": Term(
        "Evidence",
        "Evidence is",
        "what shows a deal cannot be won: an excuse to a reciprocal ask, no budget, a concern nothing will "
        "change, or a plain word that the deal is a dead end",
        "Walk away soon after it and that is qualifying out.",
        r"evidence",
    ),
    "qualifying out": Term(
        "Qualifying out",
        "Qualifying out is",
        "walking away from a deal once you have evidence that it cannot be won, so your time goes to deals that can",
        "Walking away without evidence scores far less.",
        r"qualif(?:y|ied|ies|ying) out",
    ),
    "par": Term(
        "Par",
        "Par is",
        "the number of weeks a skilled seller usually needs for this deal, to win it or to walk away",
        "Your pace is scored against it.",
        r"par",
    ),
    "horizon": Term(
        "Horizon",
        "The horizon is",
        "the last week on the calendar: no decision by then is the worst result of all",
        form=r"horizon",
    ),
}

# Which term explains a meeting's outcome (by `sim.engine.outcomes.MeetingOutcome` id).
OUTCOME_TERM: Final[dict[str, str]] = {
    "advance": "advance",
    "partial": "schedule",
    "continuation": "continuation",
    "declined": "declined",
    "rebuff": "over-ask",
    "evaporated": "schedule",
    "excuse": "evidence",
}

# Signals that are evidence the deal cannot be won (`sim.engine.signals`): explained as evidence.
SIGNAL_TERM: Final[dict[str, str]] = {"a dead end": "evidence", "no budget": "evidence"}


def label(term: str) -> str:
    """The term as the trainee reads it ("Readiness signals")."""
    return GLOSSARY[term].label


def sentence(term: str) -> str:
    """The term defined in one sentence, for the debrief: "An over-ask is an ask ... trust." """
    t = GLOSSARY[term]
    return f"{t.lead} {t.meaning}."


def meaning(term: str) -> str:
    """What the term means and what it means in play, without its label: "the smaller ask ... week." """
    t = GLOSSARY[term]
    return f"{t.meaning}. {t.more}" if t.more else f"{t.meaning}."


def explained(term: str) -> str:
    """ "Label: what it means." in one line of plain text, for the help, planner and meeting result."""
    return f"{label(term)}: {meaning(term)}"


_PATTERNS = {
    term: re.compile(rf"(?<![\w-])(?:{t.form})(?![\w-])", re.IGNORECASE) for term, t in GLOSSARY.items() if t.form
}


def terms_in(text: str) -> list[str]:
    """The glossary terms `text` uses, in the order it first uses them."""
    found = [(m.start(), term) for term, pattern in _PATTERNS.items() if (m := pattern.search(text))]
    return [term for _, term in sorted(found)]
