"""The game's own words, each explained in one sentence: one place for the debrief (which
explains a term the first time it uses it) and the help screen.

`GLOSSARY` maps a term to its definition, in the order a trainee meets them; `terms_in(text)`
finds the terms a piece of text uses, in the order it uses them.
"""

from __future__ import annotations

import re

GLOSSARY: dict[str, str] = {
    "advance": (
        "An advance is a step the buyer agrees to take, with a date on it: the only result of a "
        "meeting that moves a deal forward."
    ),
    "continuation": (
        "A continuation is a meeting that ends with nothing new agreed: pleasant enough, but the week "
        "passes and the deal stands still."
    ),
    "stretch": (
        "A stretch ask is one rung beyond what a Key Player is ready for: it sometimes lands, sometimes "
        "is agreed without a date, and when it is refused it wears their patience a little."
    ),
    "over-ask": (
        "An over-ask is a request two or more rungs beyond what a Key Player is ready for: it is refused "
        "and it costs their trust."
    ),
    "fallback": (
        "A fallback is the smaller ask you plan before the meeting and make only if your primary ask is "
        "refused, so the meeting still gains something."
    ),
    "readiness signals": (
        "Readiness signals are what a Key Player lets show after a meeting (leaning in, open to a next "
        "step, holding back): your only guide to how high you can ask next."
    ),
    "reciprocal ask": (
        "A reciprocal ask asks the buyer to invest their own people or time (a strategy session or "
        "more); a prospect who keeps refusing them is not buying."
    ),
    "consensus meeting": (
        "The consensus meeting brings every Key Player together with the economic buyer to agree the "
        "steps and timeframe of a formal evaluation."
    ),
    "qualifying out": (
        "Qualifying out is walking away from a deal once you have evidence that it cannot be won, so "
        "your time goes to deals that can."
    ),
    "par": "Par is the number of weeks a skilled seller usually needs for this deal, to win it or to walk away.",
    "horizon": "The horizon is the last week on the calendar: no decision by then is the worst result of all.",
}

# the forms a term takes in running text (a plural, a verb), matched as whole words
_FORMS: dict[str, str] = {
    "advance": r"advance[sd]?",
    "continuation": r"continuations?",
    "stretch": r"stretch(?:es|ed)?",
    "over-ask": r"over-ask(?:s|ed|ing)?",
    "fallback": r"fallbacks?",
    "readiness signals": r"readiness signals?",
    "reciprocal ask": r"reciprocal asks?",
    "consensus meeting": r"consensus meetings?",
    "qualifying out": r"qualif(?:y|ied|ies|ying) out",
    "par": r"par",
    "horizon": r"horizon",
}
_PATTERNS = {term: re.compile(rf"(?<![\w-])(?:{form})(?![\w-])", re.IGNORECASE) for term, form in _FORMS.items()}


def terms_in(text: str) -> list[str]:
    """The glossary terms `text` uses, in the order it first uses them."""
    found = [(m.start(), term) for term, pattern in _PATTERNS.items() if (m := pattern.search(text))]
    return [term for _, term in sorted(found)]
