"""Key Player archetypes as `transitions` state machines.

Each archetype is data: the `Machine(**config)` shape (states, initial, transitions whose
conditions name rules from `sim.rules`), plus which rungs it may grant and how high its
readiness can rise in each state. One shared machine per archetype (`model=None`,
`auto_transitions=False`); players join it with `add_model` and leave with `remove_model`.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Mapping

from transitions import Machine

from sim.rules import RULES

ALL = "*"


@dataclass(frozen=True)
class Archetype:
    name: str
    label: str
    grants: tuple[int, ...]  # rungs this archetype may grant one-to-one
    caps: Mapping[str, int]  # highest readiness per machine state
    supportive: frozenset[str]  # states in which they back the deal in the consensus meeting
    blocking: frozenset[str]  # states in which they actively oppose it
    config: Mapping[str, Any]  # the Machine(**config) data

    @property
    def states(self) -> list[str]:
        return list(self.config["states"])


def _config(states: list[str], initial: str, transitions: list[dict[str, Any]]) -> dict[str, Any]:
    return {"states": states, "initial": initial, "transitions": transitions}


_COMMON = [
    {"trigger": "rebuff", "source": ALL, "dest": "disengaged", "conditions": ["patience_spent"]},
]

ARCHETYPES: dict[str, Archetype] = {}


def _define(name: str, label: str, grants: tuple[int, ...], caps: dict[str, int], supportive: set[str],
            blocking: set[str], initial: str, transitions: list[dict[str, Any]]) -> None:
    states = list(caps)
    ARCHETYPES[name] = Archetype(
        name, label, grants, MappingProxyType(caps), frozenset(supportive), frozenset(blocking),
        MappingProxyType(_config(states, initial, _COMMON + transitions)),
    )


_define(
    "supporter", "Supporter / champion", (1, 2, 3, 4, 5, 6),
    {"engaged": 3, "champion": 6, "cooled": 2, "disengaged": 0},
    supportive={"engaged", "champion"}, blocking={"disengaged"}, initial="engaged",
    transitions=[
        {"trigger": "grant", "source": "engaged", "dest": "champion", "conditions": ["trust_high"]},
        {"trigger": "grant", "source": "cooled", "dest": "engaged", "unless": ["trust_low"]},
        {"trigger": "rebuff", "source": "champion", "dest": "cooled", "conditions": ["trust_low"]},
    ],
)
_define(
    "economic_buyer", "Economic buyer", (1, 2, 5, 7, 9),
    {"listening": 2, "convinced": 7, "committed": 9, "disengaged": 0},
    supportive={"convinced", "committed"}, blocking={"disengaged"}, initial="listening",
    transitions=[
        {"trigger": "grant", "source": "listening", "dest": "convinced", "conditions": ["value_established"]},
        {"trigger": "learn", "source": "listening", "dest": "convinced", "conditions": ["value_established"]},
        {"trigger": "convene", "source": "convinced", "dest": "committed"},
        {"trigger": "lapse", "source": "committed", "dest": "convinced"},
    ],
)
_define(
    "technical_evaluator", "Technical evaluator", (1, 2, 4, 5, 6),
    {"skeptical": 4, "persuaded": 6, "disengaged": 0},
    supportive={"persuaded"}, blocking={"disengaged"}, initial="skeptical",
    transitions=[
        {"trigger": "grant", "source": "skeptical", "dest": "persuaded", "conditions": ["is_evidence"]},
    ],
)
_define(
    "adversary", "Adversary", (1, 2, 3, 4, 5, 6),
    {"opposed": 1, "heard": 6, "entrenched": 1, "neutralised": 6, "disengaged": 0},
    supportive={"neutralised"}, blocking={"opposed", "heard", "entrenched", "disengaged"}, initial="opposed",
    transitions=[
        {"trigger": "hear", "source": "opposed", "dest": "heard", "conditions": ["movable"]},
        {"trigger": "hear", "source": "opposed", "dest": "entrenched", "conditions": ["unmovable"]},
        {"trigger": "grant", "source": "heard", "dest": "neutralised", "conditions": ["answers_concern"]},
    ],
)
_define(
    "tire_kicker", "Tire-kicker", (1, 2, 3, 4, 5, 6, 7, 8, 9),
    {"browsing": 3, "disengaged": 0},
    supportive=set(), blocking={"disengaged"}, initial="browsing",
    transitions=[],
)
_define(
    "neutral", "Neutral user", (1, 2, 3, 4),
    {"friendly": 2, "supporter": 4, "disengaged": 0},
    supportive={"supporter"}, blocking={"disengaged"}, initial="friendly",
    transitions=[
        {"trigger": "grant", "source": "friendly", "dest": "supporter", "conditions": ["trust_high"]},
    ],
)

_CAPS: dict[str, dict[str, int]] = {name: dict(a.caps) for name, a in ARCHETYPES.items()}  # plain dicts: hot path

CONDITION_RULES = frozenset(name for name, r in RULES.items() if r.check is not None)


def _machine_conditions(config: Mapping[str, Any]) -> set[str]:
    names: set[str] = set()
    for t in config["transitions"]:
        names.update(t.get("conditions", []))
        names.update(t.get("unless", []))
    return names


for _a in ARCHETYPES.values():  # every condition a machine names is a registered rule
    _missing = _machine_conditions(_a.config) - CONDITION_RULES
    assert not _missing, f"{_a.name}: conditions {_missing} are not rules"


class KeyPlayer:
    """The model a shared archetype machine drives: one per Key Player per game.

    Everything here is hidden from the trainee except what `sim.game` copies into the
    observation (met, granted, facts learned, signals shown).
    """

    _FIELDS = (
        "id", "spec", "archetype", "state", "readiness", "trust", "granted", "over_asks",
        "refusals", "met", "known", "reachable", "last_met", "facts", "concern_known",
        "signals", "met_in_consensus", "meetings",
    )

    def __init__(self, spec: Any):
        self.reset(spec)

    def reset(self, spec: Any) -> None:
        """Start afresh for a new game (a pooled model is reused this way)."""
        self.id: str = spec.id
        self.spec = spec
        self.archetype: Archetype = ARCHETYPES[spec.archetype]
        self.state: str = ""
        self.readiness: int = spec.readiness
        self.trust: int = spec.trust
        self.granted: int = 0
        self.over_asks: int = 0
        self.refusals: int = 0
        self.met: bool = False
        self.known: bool = spec.known
        self.reachable: bool = not spec.needs_introduction
        self.last_met: int | None = None
        self.facts: dict[str, str] = {}
        self.concern_known: bool = False
        self.signals: tuple[str, ...] = ()
        self.met_in_consensus: bool = False
        self.meetings: int = 0

    def copy(self) -> "KeyPlayer":
        """A detached copy (in no machine): a snapshot, or the start of a clone."""
        return self.copy_into(KeyPlayer.__new__(KeyPlayer))

    def copy_into(self, other: "KeyPlayer") -> "KeyPlayer":
        d, src = other.__dict__, self.__dict__
        for f in self._FIELDS:
            d[f] = src[f]
        other.facts = dict(self.facts)
        return other

    @property
    def cap(self) -> int:
        return _CAPS[self.archetype.name][self.state]


# Attach each condition rule to the model under its own name, so the machine config can
# name it as data ("conditions": ["trust_high"]).
for _name in CONDITION_RULES:
    setattr(KeyPlayer, _name, RULES[_name].check)


_MACHINES: dict[str, Machine] = {}
_VALID: dict[str, frozenset[tuple[str, str]]] = {}  # (state, trigger) pairs each machine answers
# (state, trigger) -> the guards of each transition the machine would try, in its order:
# a tuple of (rule check, wanted result) per transition. Read from the machine itself, so a
# trigger is sent only when one of its transitions can actually run (the checks are pure).
_GUARDS: dict[str, dict[tuple[str, str], tuple[tuple[tuple[Any, bool], ...], ...]]] = {}


def machine(archetype: str) -> Machine:
    """The one shared machine of an archetype."""
    m = _MACHINES.get(archetype)
    if m is None:
        config = dict(ARCHETYPES[archetype].config)
        m = Machine(model=None, auto_transitions=False, **config)
        _MACHINES[archetype] = m
        _VALID[archetype] = frozenset((st, t) for st in m.states for t in m.get_triggers(st))
        guards: dict[tuple[str, str], tuple[tuple[tuple[Any, bool], ...], ...]] = {}
        for trigger, event in m.events.items():
            for st, transitions in event.transitions.items():
                guards[(st, trigger)] = tuple(
                    tuple((RULES[c.func].check, c.target) for c in t.conditions) for t in transitions
                )
        _GUARDS[archetype] = guards
    return m


def join(player: KeyPlayer, initial: str | None = None) -> None:
    machine(player.archetype.name).add_model(player, initial=initial or player.archetype.config["initial"])


def leave(player: KeyPlayer) -> None:
    m = _MACHINES.get(player.archetype.name)
    if m is not None and player in m.models:
        m.remove_model(player)


# Models that finished games gave back, per archetype. They stay in their machine (with
# the trigger methods `add_model` gave them), so a new game reuses one with a reset and a
# `set_state` instead of paying for `add_model` again. Bounded: beyond POOL_LIMIT a model
# leaves its machine, so `machine.models` stays short.
POOL_LIMIT = 256
_POOL: dict[str, list[KeyPlayer]] = {}


def acquire(spec: Any, initial: str | None = None) -> KeyPlayer:
    """A Key Player for `spec`, in its archetype's machine, in state `initial` (or the machine's)."""
    pool = _POOL.get(spec.archetype)
    if pool:
        p = pool.pop()
        p.reset(spec)
        m = _MACHINES[spec.archetype]
        m.set_state(initial or m.initial, model=p)
        return p
    p = KeyPlayer(spec)
    join(p, initial)
    return p


def release(players: list[KeyPlayer]) -> None:
    """Give finished (or abandoned) games' players back; nobody may use them after this."""
    for p in players:
        pool = _POOL.setdefault(p.archetype.name, [])
        if len(pool) < POOL_LIMIT:
            pool.append(p)
        else:
            leave(p)


def in_machines() -> int:
    """How many models the shared machines hold (live and pooled): for tests and the bench."""
    return sum(len(m.models) for m in _MACHINES.values())


def fire(player: KeyPlayer, trigger: str, **kwargs: Any) -> bool:
    """Send a trigger through the player's archetype machine; True when a transition ran."""
    name = player.archetype.name
    guards = _GUARDS[name].get((player.state, trigger))
    if guards is None:
        return False  # this state has no such transition: nothing to do
    for conds in guards:
        for check, want in conds:
            if bool(check(player, **kwargs)) is not want:
                break
        else:
            return bool(_MACHINES[name].events[trigger].trigger(player, **kwargs))
    return False  # every guard fails: the machine would not move
