"""The hidden truth of a random account, as variants: a genuine deal, a prospect who is only
browsing, and a dead one (an unmovable adversary with the buyer's ear, or no money this
year). Weights come from the seed; the variant that matches the account's default truth
is always among them. Used by `generator.generate`; drawn per game like a file's variants.

Drawn from its own random stream, so adding variants changes nothing else about an account.
"""

from __future__ import annotations

import random
from typing import Any

Data = dict[str, Any]
# par per variant: a dead deal takes this long to qualify out (a browser shows it at the first
# interest test, in the second meeting); a win takes longer the more Key Players there are
# to meet and bring along (`win_par`)
DEAD_PAR, BROWSING_PAR = 5, 3


def win_par(players: int) -> int:
    """Weeks a well-played win takes with this many Key Players: every one of them met and
    climbed with, one meeting a week."""
    return 5 + 3 * players


_MOVABLE = (
    ("Every vendor promises savings. I want to see it working somewhere real first.", 5),
    ("The last rollout like this cost my team months. Show me a place where it went smoothly.", 6),
    ("My people will have to live with this. I want them in the room before anything is decided.", 4),
)


def _first(person: Data) -> str:
    return str(person["name"]).split()[0]


def _genuine(company: str, champion: Data, buyer: Data, adversary: Data | None, rng: random.Random, par: int) -> Data:
    cast: dict[str, Data] = {
        champion["id"]: {
            "archetype": "supporter",
            "readiness": 2,
            "trust": 1,
            "facts": {
                "budget": f"There's money for this in this year's plan. {_first(buyer)} signs it off.",
                "process": f"I make the case, {_first(buyer)} decides. I'll bring you in when we're ready.",
            },
        },
        buyer["id"]: {
            "archetype": "economic_buyer",
            "power": 5,
            "facts": {"budget": "If the return is there, I can fund it this year."},
        },
    }
    evidence = [{"player": champion["id"], "ask": 4}, {"player": champion["id"], "topic": "budget"}]
    if adversary is not None:
        text, rung = rng.choice(_MOVABLE)
        if adversary.get("unmovable"):
            movable = {"text": text, "answered_by": rung}
            cast[adversary["id"]] = {"unmovable": False, "has_ear_of": None, "concern": movable}
        evidence.append({"player": adversary["id"], "topic": "concerns"})
    return {
        "name": "genuine",
        "why": f"{company} needed this and had the money; everyone could be brought along one rung at a time.",
        "evidence": evidence,
        "truth": {"winnable": True},
        "par_weeks": par,
        "cast": cast,
    }


def _browsing(company: str, champion: Data) -> Data:
    return {
        "name": "just-browsing",
        "why": f"{company} already had a supplier it liked; {_first(champion)} wanted a third quote and free advice.",
        "evidence": [{"player": champion["id"], "ask": 4}, {"player": champion["id"], "topic": "budget"}],
        "truth": {"winnable": False},
        "par_weeks": BROWSING_PAR,
        "cast": {
            champion["id"]: {
                "archetype": "tire_kicker",
                "readiness": 3,
                "trust": 2,
                "facts": {
                    "budget": "Budget is... being looked at. It depends on a few things.",
                    "concerns": "Honestly? I like to know what's out there. Purchasing wants three quotes anyway.",
                },
            }
        },
    }


def _blocked(champion: Data, buyer: Data, adversary: Data) -> Data:
    return {
        "name": "already-decided",
        "why": (
            f"{adversary['name']} had already chosen another way to solve this, and {_first(buyer)} listened to "
            f"{_first(adversary)} above anyone. No visit or reference would change it this year."
        ),
        "evidence": [{"player": champion["id"], "topic": "process"}, {"player": adversary["id"], "topic": "concerns"}],
        "truth": {"winnable": False},
        "par_weeks": DEAD_PAR,
        "cast": {
            champion["id"]: {
                "facts": {"process": f"{_first(buyer)} signs, but only after {_first(adversary)} has had a say."}
            },
            adversary["id"]: {
                "unmovable": True,
                "has_ear_of": buyer["id"],
                "concern": {
                    "text": "We have already decided how to solve this, and it isn't you. Not this year.",
                    "answered_by": 6,
                },
            },
        },
    }


def _no_money(champion: Data, buyer: Data) -> Data:
    return {
        "name": "no-money",
        "why": f"{_first(buyer)} had nothing to spend this year, however good the case; {_first(champion)} knew it.",
        "evidence": [{"player": champion["id"], "topic": "budget"}, {"player": buyer["id"], "topic": "budget"}],
        "truth": {"winnable": False, "money": False},
        "par_weeks": DEAD_PAR,
        "cast": {
            champion["id"]: {
                "archetype": "supporter",
                "facts": {"budget": f"{_first(buyer)} froze new spending in spring. I'm hoping to change that."},
            },
            buyer["id"]: {
                "archetype": "economic_buyer",
                "power": 5,
                "facts": {"budget": "There is no money for this until next year. I won't pretend otherwise."},
            },
        },
    }


def account_variants(seed: int, kind: str, company: str, cast: list[Data]) -> list[Data]:
    """Three variants for a generated account (as data for the schema); `kind` is the
    account's default truth: "winnable", "tire_kicker" or "unmovable"."""
    rng = random.Random(f"variants:{seed}")
    by_id = {c["id"]: c for c in cast}
    par = win_par(len(cast))
    if kind == "tire_kicker":
        contact, colleague = by_id["contact"], by_id["colleague"]
        out = [_browsing(company, contact), _genuine(company, contact, colleague, None, rng, par)]
        out.append(_no_money(contact, colleague))
        default = "just-browsing"
    else:
        champion, buyer, adversary = by_id["champion"], by_id["buyer"], by_id.get("adversary")
        out = [_genuine(company, champion, buyer, adversary, rng, par), _browsing(company, champion)]
        out.append(_blocked(champion, buyer, adversary) if adversary is not None else _no_money(champion, buyer))
        default = "already-decided" if kind == "unmovable" else "genuine"
    for v in out:
        v["weight"] = rng.randint(1, 4) + (4 if v["name"] == default else 0)
    return out
