"""Key Players and the shared `transitions` machines that drive them.

One machine per archetype (`Machine(model=None, auto_transitions=False, **config)`); a
`KeyPlayer` joins it with `add_model`. Finished games give their players back to a bounded
pool, so a new game reuses a model (a reset and a `set_state`) instead of paying for
`add_model` again. `fire` sends a trigger only when one of its transitions can run.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from transitions import Machine

from sim.engine.archetypes import ARCHETYPES, Archetype
from sim.engine.rules import RULES

CONDITION_RULES = frozenset(name for name, r in RULES.items() if r.check is not None)


def machine_conditions(config: Mapping[str, Any]) -> set[str]:
    """Every rule a machine config names as a condition or an `unless`."""
    names: set[str] = set()
    for t in config["transitions"]:
        names.update(t.get("conditions", []))
        names.update(t.get("unless", []))
    return names


for _a in ARCHETYPES.values():  # every condition a machine names is a registered rule
    _missing = machine_conditions(_a.config) - CONDITION_RULES
    assert not _missing, f"{_a.name}: conditions {_missing} are not rules"


class KeyPlayer:
    """The model a shared archetype machine drives: one per Key Player per game.

    Everything here is hidden from the trainee except what the observation copies out
    (met, granted, facts learned, signals shown).
    """

    FIELDS = (
        "id",
        "spec",
        "archetype",
        "state",
        "readiness",
        "trust",
        "granted",
        "over_asks",
        "refusals",
        "met",
        "known",
        "reachable",
        "last_met",
        "facts",
        "concern_known",
        "signals",
        "met_in_consensus",
        "meetings",
        "agreed",
        "tested",
        "not_theirs",
        "told_dead",
        "tempo",
        "ripens",
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
        self.agreed: frozenset[int] = frozenset()  # every rung they agreed to (a skipped rung is not among them)
        self.tested: bool = False  # a reciprocal ask already put to them once as a test of interest
        self.tempo: int = 1  # weeks they take to be ready for the next step once one is agreed (drawn per game)
        self.ripens: int | None = None  # the week at whose end they will be ready for the next step
        self.told_dead: bool = False  # they told the trainee something that shows the deal is dead
        self.not_theirs: frozenset[int] = frozenset()  # rungs they have told the trainee are not theirs to give

    def copy(self) -> KeyPlayer:
        """A detached copy (in no machine): a snapshot, or the start of a clone."""
        return self.copy_into(KeyPlayer.__new__(KeyPlayer))

    def copy_into(self, other: KeyPlayer) -> KeyPlayer:
        d, src = other.__dict__, self.__dict__
        for f in self.FIELDS:
            d[f] = src[f]
        other.facts = dict(self.facts)
        return other

    @property
    def cap(self) -> int:
        """The highest readiness the player's current state allows."""
        return self.archetype.caps[self.state]

    @property
    def blocking(self) -> bool:
        return self.state in self.archetype.blocking

    @property
    def supportive(self) -> bool:
        return self.state in self.archetype.supportive


# Attach each condition rule to the model under its own name, so the machine config can
# name it as data ("conditions": ["trust_high"]).
for _name in CONDITION_RULES:
    setattr(KeyPlayer, _name, RULES[_name].check)

Guards = tuple[tuple[tuple[Any, bool], ...], ...]


_MACHINES: dict[str, Machine] = {}  # the shared machine of each archetype, built on first use
# per archetype, (state, trigger) -> the guards of each transition the machine would try, in
# its order: (rule check, wanted result) per condition. Read from the machine itself, so a
# trigger is sent only when one of its transitions can actually run (the checks are pure).
_GUARDS: dict[str, dict[tuple[str, str], Guards]] = {}
# Models that finished games gave back, per archetype. Beyond POOL_LIMIT per archetype a
# released model leaves its machine, so `machine.models` stays short.
_POOL: dict[str, list[KeyPlayer]] = {}
POOL_LIMIT = 256


def machine(archetype: str) -> Machine:
    """The one shared machine of an archetype."""
    m = _MACHINES.get(archetype)
    if m is None:
        m = Machine(model=None, auto_transitions=False, **dict(ARCHETYPES[archetype].config))
        _MACHINES[archetype] = m
        guards: dict[tuple[str, str], Guards] = {}
        for trigger, event in m.events.items():
            for st, transitions in event.transitions.items():
                guards[(st, trigger)] = tuple(
                    tuple((RULES[_condition_name(c.func)].check, c.target) for c in t.conditions) for t in transitions
                )
        _GUARDS[archetype] = guards
    return m


def _condition_name(func: object) -> str:
    """A transition condition's rule id (the archetype tables name conditions, never pass callables)."""
    if not isinstance(func, str):
        raise TypeError(f"a machine condition must be a rule id, not {func!r}")
    return func


def join(player: KeyPlayer, initial: str | None = None) -> None:
    machine(player.archetype.name).add_model(player, initial=initial or player.archetype.initial)


def leave(player: KeyPlayer) -> None:
    m = _MACHINES.get(player.archetype.name)
    if m is not None and player in m.models:
        m.remove_model(player)


def acquire(spec: Any, initial: str | None = None) -> KeyPlayer:
    """A Key Player for `spec`, in its archetype's machine, in state `initial` (or the machine's)."""
    pool = _POOL.get(spec.archetype)
    if pool:
        p = pool.pop()
        p.reset(spec)
        m = _MACHINES[spec.archetype]
        m.set_state(initial or p.archetype.initial, model=p)
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
