"""How game text refers to a Key Player in the third person: she, he or they.

A cast member declares `pronouns: she|he|they` in the scenario file; a name drawn from Faker
comes with the pronouns of the first-name list it was drawn from (`sim.engine.names`). A
member who declares neither gets "they". Every template that speaks of a player in the third
person takes its words from `PRONOUNS[...]`, verbs included ("she is", "they are"), so text
and player always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PronounId = Literal["she", "he", "they"]
PRONOUN_IDS: tuple[PronounId, ...] = ("she", "he", "they")
DEFAULT_PRONOUNS: PronounId = "they"


@dataclass(frozen=True, slots=True)
class Pronouns:
    """One set of third-person words, with the verb forms that agree with them."""

    id: PronounId
    they: str  # subject: she / he / they
    them: str  # object: her / him / them
    their: str  # possessive: her / his / their
    theirs: str  # her / his / their ... : hers / his / theirs
    themselves: str
    is_: str  # "she is" / "they are"
    was: str  # "she was" / "they were"
    has: str  # "she has" / "they have"
    s: str  # present-tense ending: "she trusts" / "they trust"

    def values(self) -> dict[str, str]:
        """The pronoun placeholders of a line: {they} {them} {their} {theirs} {themselves},
        capitalised {They} {Them} {Their}, and verbs that agree: {is} {was} {has} {s}."""
        return {
            "they": self.they,
            "them": self.them,
            "their": self.their,
            "theirs": self.theirs,
            "themselves": self.themselves,
            "They": self.they.capitalize(),
            "Them": self.them.capitalize(),
            "Their": self.their.capitalize(),
            "is": self.is_,
            "was": self.was,
            "has": self.has,
            "s": self.s,
        }


PRONOUNS: dict[str, Pronouns] = {
    "she": Pronouns("she", "she", "her", "her", "hers", "herself", "is", "was", "has", "s"),
    "he": Pronouns("he", "he", "him", "his", "his", "himself", "is", "was", "has", "s"),
    "they": Pronouns("they", "they", "them", "their", "theirs", "themselves", "are", "were", "have", ""),
}
PRONOUN_VALUES: dict[str, dict[str, str]] = {k: p.values() for k, p in PRONOUNS.items()}  # read-only
PRONOUN_PLACEHOLDERS = frozenset(PRONOUN_VALUES["they"])


def pronouns_of(pid: str | None, table: dict[str, str]) -> Pronouns:
    """The pronouns of player `pid` from a game's {player id: pronoun id} table ("they" if unknown)."""
    return PRONOUNS[table.get(pid or "", DEFAULT_PRONOUNS)]
