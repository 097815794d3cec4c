"""A fresh account from a seed: company, people and titles from Faker, an archetype mix,
winnable or dead. The result is a validated scenario like any file."""

from __future__ import annotations

import json
import random
from typing import Any

from sim.scenarios.account_variants import BROWSING_PAR, DEAD_PAR, account_variants, win_par
from sim.scenarios.identity import canonical_digest, raw_digest
from sim.scenarios.loader import LoadedScenario
from sim.scenarios.schema import Scenario

_TITLES = {
    "supporter": ["VP Engineering", "Head of Operations", "Director of Customer Service", "Head of Product"],
    "economic_buyer": ["Chief Financial Officer", "Chief Operating Officer", "Managing Director", "General Manager"],
    "technical_evaluator": ["CIO", "Head of IT", "Chief Technology Officer", "IT Director"],
    "adversary": ["VP Manufacturing", "Director of Digital Services", "Head of Finance Systems", "VP Sales Operations"],
    "tire_kicker": ["Operations Director", "Head of Procurement", "Programme Manager"],
    "neutral": ["Team Lead", "Business Analyst", "Office Manager", "Planning Coordinator"],
}
_PRODUCTS = ["planning suite", "analytics platform", "service desk", "scheduling system", "document platform"]
_CONCERNS = [
    ("The last rollout like this cost my team months. I won't be anybody's pilot again.", 6),
    ("Every vendor promises savings. I want to see it working somewhere real first.", 5),
    ("My people will have to live with this. I want them in the room before anything is decided.", 4),
]


def generate(seed: int) -> LoadedScenario:
    """A random but valid scenario; the same seed gives the same account."""
    from sim.engine.names import draw_person, faker_for

    rng = random.Random(seed)
    fake = faker_for(rng.getrandbits(32))
    company = fake.company()
    industry = fake.bs().capitalize()
    product = f"{fake.word().capitalize()}{rng.choice(['ly', 'wise', 'works', 'line'])} {rng.choice(_PRODUCTS)}"
    value = rng.choice([25, 40, 60, 90, 120, 180]) * 1000
    kind = rng.choice(["winnable", "winnable", "tire_kicker", "unmovable"])
    used: set[str] = set()

    def person(archetype: str, pid: str, **extra: Any) -> dict[str, Any]:
        title = rng.choice([t for t in _TITLES[archetype] if t not in used] or _TITLES[archetype])
        used.add(title)
        name, pronouns = draw_person(fake)  # a first name and the pronouns that agree with it
        return {"id": pid, "title": title, "name": name, "pronouns": pronouns, "archetype": archetype, **extra}

    cast: list[dict[str, Any]]
    if kind == "tire_kicker":
        cast = [
            person(
                "tire_kicker", "contact", power=3, readiness=3, trust=2, reveals=["colleague"], introduces=["colleague"]
            ),
            person("neutral", "colleague", power=1, known=False),
        ]
        why = f"{company} already has a supplier it likes; it wants a third quote and free advice."
    else:
        champion = person(
            "supporter", "champion", power=3, readiness=2, trust=1, introduces=["buyer"], reveals=["buyer"]
        )
        buyer = person("economic_buyer", "buyer", power=5, known=False, needs_introduction=True, readiness=1)
        cast = [champion, buyer]
        if rng.random() < 0.5:
            cast.append(person("technical_evaluator", "evaluator", power=3, readiness=2))
        if kind == "unmovable" or rng.random() < 0.6:
            text, rung = rng.choice(_CONCERNS)
            adversary = person(
                "adversary", "adversary", power=4, known=False, readiness=1, concern={"text": text, "answered_by": rung}
            )
            if kind == "unmovable":
                adversary["unmovable"] = True
                adversary["has_ear_of"] = "buyer"
                adversary["concern"] = {
                    "text": "We have already decided how to solve this, and it isn't you. Not this year.",
                    "answered_by": 6,
                }
            champion["reveals"] = ["buyer", "adversary"]
            cast.append(adversary)
        if rng.random() < 0.4:
            cast.append(person("neutral", "user", power=1, readiness=1))
        why = (
            "The buyer listens to an adversary who has already decided against you."
            if kind == "unmovable"
            else "Everyone can be brought along if you climb one rung at a time and listen to the doubters."
        )
    winnable = kind == "winnable"
    par = win_par(len(cast)) if winnable else BROWSING_PAR if kind == "tire_kicker" else DEAD_PAR
    # room for the win at par and a few weeks' slack: more Key Players take more weeks
    horizon = win_par(len(cast)) + rng.choice([6, 8, 10])
    data = {
        "id": f"random-{seed % 1_000_000}",
        "title": f"{company}",
        "difficulty": "medium",
        "summary": f"A generated account: {company} ({industry.lower()}). Is the deal real?",
        "briefing": (
            f"{company} has shown interest in your {product}. {cast[0]['name']}, "
            f"{cast[0]['title']}, agreed to a first meeting.\n\nThe deal is worth about ${value:,}. "
            "Find out who decides, what they need, and whether this can be won."
        ),
        "account": {"company": company, "industry": industry},
        "offering": {"name": product, "deal_value": value},
        "horizon_weeks": horizon,
        "par_weeks": par,
        "truth": {"winnable": winnable, "why": why},
        "cast": cast,
        "variants": account_variants(seed, kind, company, cast),
    }
    raw = json.dumps(data, sort_keys=True).encode()
    scenario = Scenario.model_validate(data)
    return LoadedScenario(scenario, f"random:{seed}", canonical_digest(scenario), raw_digest(raw))
