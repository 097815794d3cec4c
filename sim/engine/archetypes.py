"""Key Player archetypes: ONE table per archetype, everything a reader needs to draw it.

Each `Archetype` holds its states and readiness cap per state, its transitions (the
`Machine(**config)` shape: conditions name rules from `sim.engine.rules`), the rungs it
grants one-to-one, its stance in the consensus meeting (supportive / blocking states), the
line keys it speaks, and every behaviour that differs by archetype, as a named field (the
engine reads these fields; it never asks an archetype's name). `sim.engine.machines` builds
one shared machine per archetype from `config`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from sim.engine.ladder import EVALUATION

ALL = "*"


class StateName(StrEnum):
    """Every state a Key Player's machine can be in (each archetype uses a few)."""

    ENGAGED = "engaged"
    CHAMPION = "champion"
    COOLED = "cooled"
    DISENGAGED = "disengaged"
    LISTENING = "listening"
    CONVINCED = "convinced"
    COMMITTED = "committed"
    SKEPTICAL = "skeptical"
    PERSUADED = "persuaded"
    OPPOSED = "opposed"
    HEARD = "heard"
    ENTRENCHED = "entrenched"
    NEUTRALISED = "neutralised"
    BROWSING = "browsing"
    FRIENDLY = "friendly"
    SUPPORTER = "supporter"


S = StateName
DISENGAGED = S.DISENGAGED.value  # every archetype's end state (a plain str: compared on every meeting)
# Lines every archetype may speak (keys of sim.engine.lines.DEFAULT_LINES).
COMMON_LINES = (
    "on_target_ask",
    "stretch_landed",
    "stretch_half_landed",
    "stretch_declined",
    "over_ask",
    "disengaged",
    "continuation",
    "seller_only_offer",
    "step_evaporated",
    "not_theirs_to_give",
    "interest_test_not_yet",
)
# Every machine: too many over-asks and the player stops taking calls.
COMMON_TRANSITIONS: tuple[dict[str, Any], ...] = (
    {"trigger": "rebuff", "source": ALL, "dest": S.DISENGAGED.value, "conditions": ["patience_spent"]},
)


@dataclass(frozen=True, slots=True)
class Archetype:
    """One archetype: its machine, what it grants, and how it behaves. A row of data."""

    name: str
    label: str
    grants: tuple[int, ...]  # rungs it may grant one-to-one
    caps: dict[str, int]  # its states (in order) -> the highest readiness in that state
    initial: str
    transitions: tuple[dict[str, Any], ...]  # beyond COMMON_TRANSITIONS
    supportive: frozenset[str]  # states in which it backs the deal in the consensus meeting
    blocking: frozenset[str]  # states in which it actively opposes it
    line_keys: tuple[str, ...] = COMMON_LINES  # the line keys it speaks
    # --- behaviour that differs by archetype -----------------------------------------
    signs_the_deal: bool = False  # the economic buyer: its dated consensus / evaluation / contract move the deal
    group_rungs: tuple[int, ...] = ()  # rungs only the whole group grants (in the consensus meeting)
    gates_top_rungs: bool = False  # past the office visit, its readiness waits on the room and the evaluation
    learns_from_discovery: bool = False  # any discovery topic may convince it (trigger "learn")
    ends_deal_when_disengaged: bool = False  # if it stops engaging, the deal is lost
    excuses_reciprocal_asks: bool = False  # refuses every reciprocal ask with an excuse
    takes_free_help: bool = False  # happily takes material and meetings that cost it nothing
    shows_readiness_signals: bool = True  # False: always looks keen, whatever its readiness
    hostile_in_consensus: bool = False  # while blocking, it derails the consensus meeting
    blocks_unmet: bool = False  # counts as an active blocker even if never met
    concern_answered_state: str | None = None  # reaching this state is "concern answered"
    state_signals: Mapping[str, str] = field(default_factory=dict)  # state -> a signal it shows in that state
    next_rung: tuple[int | None, ...] = field(default=(), init=False)  # per rung 0..9: the next rung it grants

    def __post_init__(self) -> None:
        nxt = tuple(next((g for g in self.grants if g > above), None) for above in range(10))
        object.__setattr__(self, "next_rung", nxt)

    @property
    def states(self) -> list[str]:
        return list(self.caps)

    @property
    def carries_a_concern(self) -> bool:
        """It has a personal concern to be heard and answered: a scenario must give it one, and only
        such a player can be unmovable or have the economic buyer's ear."""
        return self.concern_answered_state is not None

    @property
    def config(self) -> Mapping[str, Any]:
        """The `Machine(**config)` data: states, initial state, transitions."""
        return MappingProxyType(
            {
                "states": list(self.caps),
                "initial": self.initial,
                "transitions": list(COMMON_TRANSITIONS + self.transitions),
            }
        )


def _caps(**caps: int) -> dict[str, int]:
    return {str(S(k)): v for k, v in caps.items()}


def _t(trigger: str, source: StateName, dest: StateName, **guards: list[str]) -> dict[str, Any]:
    return {"trigger": trigger, "source": source.value, "dest": dest.value, **guards}


_TABLE = (
    Archetype(
        "supporter",
        "Supporter / champion",
        (1, 2, 3, 4, 5, 6),
        _caps(engaged=3, champion=6, cooled=2, disengaged=0),
        S.ENGAGED.value,
        (
            _t("grant", S.ENGAGED, S.CHAMPION, conditions=["trust_high"]),
            _t("grant", S.COOLED, S.ENGAGED, unless=["trust_low"]),
            _t("rebuff", S.CHAMPION, S.COOLED, conditions=["trust_low"]),
        ),
        supportive=frozenset({S.ENGAGED.value, S.CHAMPION.value}),
        blocking=frozenset({S.DISENGAGED.value}),
    ),
    Archetype(
        "economic_buyer",
        "Economic buyer",
        (1, 2, 5, 7, 9),
        _caps(listening=2, convinced=7, committed=9, disengaged=0),
        S.LISTENING.value,
        (
            _t("grant", S.LISTENING, S.CONVINCED, conditions=["value_established"]),
            _t("learn", S.LISTENING, S.CONVINCED, conditions=["value_established"]),
            _t("convene", S.CONVINCED, S.COMMITTED),
            _t("lapse", S.COMMITTED, S.CONVINCED),
        ),
        supportive=frozenset({S.CONVINCED.value, S.COMMITTED.value}),
        blocking=frozenset({S.DISENGAGED.value}),
        line_keys=COMMON_LINES
        + (
            "group_decision",
            "consensus_refused",
            "evaluation_before_consensus",
            "contract_before_evaluation",
            "no_budget",
            "adversary_has_ear",
            "evaluation_running",
            "no_active_blocker",
            "consensus_reached",
            "consensus_before_all_met",
            "blocked_by_opposition",
            "won",
        ),
        signs_the_deal=True,
        group_rungs=(EVALUATION,),
        gates_top_rungs=True,
        learns_from_discovery=True,
        ends_deal_when_disengaged=True,
    ),
    Archetype(
        "technical_evaluator",
        "Technical evaluator",
        (1, 2, 4, 5, 6),
        _caps(skeptical=4, persuaded=6, disengaged=0),
        S.SKEPTICAL.value,
        (_t("grant", S.SKEPTICAL, S.PERSUADED, conditions=["is_evidence"]),),
        supportive=frozenset({S.PERSUADED.value}),
        blocking=frozenset({S.DISENGAGED.value}),
    ),
    Archetype(
        "adversary",
        "Adversary",
        (1, 2, 3, 4, 5, 6),
        _caps(opposed=1, heard=6, entrenched=1, neutralised=6, disengaged=0),
        S.OPPOSED.value,
        (
            _t("hear", S.OPPOSED, S.HEARD, conditions=["movable"]),
            _t("hear", S.OPPOSED, S.ENTRENCHED, conditions=["unmovable"]),
            _t("grant", S.HEARD, S.NEUTRALISED, conditions=["answers_concern"]),
        ),
        supportive=frozenset({S.NEUTRALISED.value}),
        blocking=frozenset({S.OPPOSED.value, S.HEARD.value, S.ENTRENCHED.value, S.DISENGAGED.value}),
        line_keys=COMMON_LINES + ("adversary_first_met_in_consensus", "adversary_concern_unanswered"),
        hostile_in_consensus=True,
        blocks_unmet=True,
        concern_answered_state=S.NEUTRALISED.value,
        state_signals={
            S.OPPOSED.value: "guarded",
            S.ENTRENCHED.value: "immovable",
            S.HEARD.value: "listening",
            S.NEUTRALISED.value: "concern answered",
        },
    ),
    Archetype(
        "tire_kicker",
        "Tire-kicker",
        (1, 2, 3, 4, 5, 6, 7, 8, 9),
        _caps(browsing=3, disengaged=0),
        S.BROWSING.value,
        (),
        supportive=frozenset(),
        blocking=frozenset({S.DISENGAGED.value}),
        line_keys=COMMON_LINES + ("reciprocal_ask_refused",),
        excuses_reciprocal_asks=True,
        takes_free_help=True,
        shows_readiness_signals=False,
    ),
    Archetype(
        "neutral",
        "Neutral user",
        (1, 2, 3, 4),
        _caps(friendly=2, supporter=4, disengaged=0),
        S.FRIENDLY.value,
        (_t("grant", S.FRIENDLY, S.SUPPORTER, conditions=["trust_high"]),),
        supportive=frozenset({S.SUPPORTER.value}),
        blocking=frozenset({S.DISENGAGED.value}),
    ),
)

ARCHETYPES: dict[str, Archetype] = {a.name: a for a in _TABLE}
