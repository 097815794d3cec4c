"""The expert bot: look-ahead over sampled hidden worlds (information-set Monte Carlo).

What it may use: the `Observation` and `LegalActions` it is given each turn, the actions
it took itself, the scenario's *public* data (`PublicScenario`: titles, names, who is
known at the start, the ladder, horizon, par, chance and evaluation rules), and, like a
seasoned trainee who knows the account's possible stories, the deal's possible truths with
their weights (the chance node the game draws from; `make_expert` passes them). It never
learns which truth this game drew, nor any hidden value, except by what the players say
and show.

How it plans:

1. Beliefs as particles. A particle is a complete hypothetical world: one of the deal's
   possible truths drawn by weight, or, when it was given none, a `Scenario` built
   from the public skeleton with every hidden field *sampled* (archetype among those whose
   ask table matches what the trainee was offered, readiness, trust, patience, starting
   state, power, an adversary's concern rung, whether it is movable, whose ear it has),
   played by the real engine (`State`) through the same actions the expert took. After
   each real turn every particle replays that action and must produce the same public
   events (kind, player, outcome, rung granted, scheduled, signals); chance (a stretch
   roll, a step evaporating) is re-drawn a few times to fit what was observed. Particles
   that cannot explain the observation die; new ones are sampled and replayed from week 1.
   Public facts (who is known, reachable, facts learned) are synced from the observation.
2. Candidate actions: the climber's move, and where the signals open a door, a bolder
   one: a rung higher when a player is "leaning in" (on target) or "open to a next step"
   (a stretch), always with the climber's ask as the fallback; an early interest test
   (a reciprocal ask, fallback the climber's); another discovery question first (which
   answer tells the possible truths apart soonest); meeting an unmet Key Player first and
   asking about personal concerns; walking away, weighed only once something a dead deal
   would explain has happened and every surviving world is a dead deal.
3. Each candidate is scored by rollouts: in every particle (common random numbers across
   candidates) apply it, then play the climber to the end; the mean final score wins. The
   climber's move stands unless another beats it by a margin (2 points), so estimation
   noise does not pull the expert off a sound line. If no particle survives, it plays the
   climber's move.
"""

from __future__ import annotations

import random
from dataclasses import replace
from typing import Any

from sim.engine.archetypes import ARCHETYPES
from sim.engine.ladder import CONSENSUS, INTRODUCTION, RECIPROCAL_FROM
from sim.engine.outcomes import MeetingOutcome as M
from sim.engine.records import Action, Event, LegalActions, Observation
from sim.engine.scoring import total
from sim.engine.state import State
from sim.players.climber import ClimberBot
from sim.players.protocol import TOPIC_ORDER
from sim.players.public import PublicScenario, public_view
from sim.scenarios.loader import LoadedScenario
from sim.scenarios.schema import CastMember, Concern, Truth
from sim.scenarios.variants import ResolvedVariant

# Archetype -> the rungs 1..9 its ask table leaves open (public through LegalActions).
_OPEN_BY_ARCHETYPE: dict[str, frozenset[int]] = {name: frozenset(a.grants) for name, a in ARCHETYPES.items()}
# The expert's prior over archetypes (weights) and over a few archetypes' starting states.
_PRIOR = {"supporter": 5, "economic_buyer": 3, "technical_evaluator": 3, "adversary": 3, "tire_kicker": 2, "neutral": 3}
_INITIAL = {
    "technical_evaluator": ("skeptical", "persuaded"),
    "supporter": ("engaged", "engaged", "engaged", "champion"),
}

_SIGNS = frozenset(name for name, a in ARCHETYPES.items() if a.signs_the_deal)  # who can sign the contract
_HAS_CONCERN = frozenset(name for name, a in ARCHETYPES.items() if a.concern_answered_state is not None)
_SURPRISES = frozenset({M.PARTIAL, M.DECLINED, M.ADVANCE, M.EVAPORATED})  # outcomes chance can change


def _event_key(e: Event) -> tuple[Any, ...]:
    return (e.kind, e.player, e.outcome, e.granted, e.scheduled, e.signals)


class ExpertBot:
    name = "expert"

    def __init__(
        self,
        public: PublicScenario | None = None,
        *,
        particles: int = 6,
        tries: int = 40,
        margin: float = 2.0,
        seed: int = 0,
        stretch: bool = True,
        truths: tuple[LoadedScenario, ...] = (),
        weights: tuple[int, ...] = (),
    ):
        self.public = public
        self.truths, self.weights = truths, weights
        self.k = particles
        self.tries = tries
        self.margin = margin
        self.seed = seed
        self.stretch = stretch
        self._climber = ClimberBot()
        self._reset()

    # ------------------------------------------------------------------ bookkeeping
    def _reset(self) -> None:
        self._actions: list[Action] = []
        self._marks: list[int] = []  # log length before each of our actions
        self._particles: list[State] = []
        self._last_log: tuple[Event, ...] = ()
        self._tables: dict[str, frozenset[int]] = {}  # open asks first seen per player
        self._needs_intro: dict[str, bool] = {}
        self._snaps: list[dict[str, tuple[bool, dict[str, str]]]] = []  # public facts seen before each action
        self._rng = random.Random(self.seed)

    def step(self, obs: Observation, legal: LegalActions, rng: random.Random) -> Action:
        if self.public is None:
            from sim.scenarios.loader import load

            self.public = public_view(load(obs.scenario))
        log = obs.log
        if len(log) < len(self._last_log) or (
            self._last_log and log[len(self._last_log) - 1] is not self._last_log[-1]
        ):
            self._reset()
        if not self._actions and log:
            self._reset()
        if not self._actions:
            self._rng = random.Random(rng.getrandbits(64) ^ self.seed)  # its own chance, from the bot's RNG
        self._learn_tables(obs, legal)
        snap = self._snap(obs)
        self._update_particles(obs, snap)
        self._snaps.append(snap)
        action = self._decide(obs, legal, rng)
        self._marks.append(len(log))
        self._actions.append(action)
        self._last_log = log
        return action

    def _learn_tables(self, obs: Observation, legal: LegalActions) -> None:
        for pid, o in legal.meetings.items():
            if o.reason is None and pid not in self._tables:
                self._tables[pid] = frozenset(r for r in o.open_rungs if r > 0)
            if pid not in self._needs_intro:
                self._needs_intro[pid] = o.reason is not None and "introduction" in o.reason

    # ------------------------------------------------------------------ beliefs
    def _sample_world(self) -> LoadedScenario:
        if self.truths:  # the deal's possible truths, by weight: which one this game drew stays unknown
            return self._rng.choices(self.truths, self.weights)[0]
        assert self.public is not None
        r = self._rng
        cast_pub = self.public.cast
        archetypes: dict[str, str] = {}
        for c in cast_pub:
            seen = self._tables.get(c.id)
            options = [a for a in _PRIOR if self._fits(a, seen)]
            if not options:
                options = list(_PRIOR)
            if any(v in _SIGNS for v in archetypes.values()):
                options = [a for a in options if a not in _SIGNS] or options
            archetypes[c.id] = r.choices(options, [_PRIOR[a] for a in options])[0]
        ebs = [pid for pid, a in archetypes.items() if a in _SIGNS]
        if not ebs and r.random() < 0.8:  # most deals have someone who can sign: put them where we cannot see yet
            hidden = [c.id for c in cast_pub if c.id not in self._tables]
            if hidden:
                pid = r.choice(hidden)
                archetypes[pid] = "economic_buyer"
                ebs = [pid]
        unknown_at_start = [c.id for c in cast_pub if not c.known]
        needs_intro: dict[str, bool] = {}
        for c in cast_pub:
            if c.id in self._needs_intro:
                needs_intro[c.id] = self._needs_intro[c.id]
            else:
                needs_intro[c.id] = (not c.known) and r.random() < 0.6
        members = []
        unmovable_any = False
        for c in cast_pub:
            a = archetypes[c.id]
            concern = None
            unmovable = False
            ear = None
            if a in _HAS_CONCERN:
                concern = Concern.model_construct(text="A personal concern.", answered_by=r.choice((4, 5, 6, 6)))
                unmovable = r.random() < 0.25
                unmovable_any = unmovable_any or unmovable
                ear = ebs[0] if ebs and r.random() < 0.5 else None
            initial = r.choice(_INITIAL[a]) if a in _INITIAL else None
            intro = tuple(q for q, need in needs_intro.items() if need and q != c.id) if a not in _SIGNS else ()
            members.append(
                CastMember.model_construct(
                    id=c.id,
                    title=c.title,
                    name=c.name or c.title,
                    archetype=a,
                    power=5 if a in _SIGNS else r.randint(1, 4),
                    known=c.known,
                    needs_introduction=needs_intro[c.id],
                    introduces=intro,
                    reveals=tuple(q for q in unknown_at_start if q != c.id),
                    has_ear_of=ear,
                    readiness=r.randint(1, 3),
                    trust=r.choice((-1, 0, 0, 1, 1, 2)),
                    patience=r.choice((1, 2, 2, 3)),
                    unmovable=unmovable,
                    concern=concern,
                    initial_state=initial,
                    facts={},
                    lines={},
                )
            )
        winnable = bool(ebs) and not unmovable_any
        sc = self.public.base.model_copy(
            update={
                "cast": tuple(members),
                "truth": Truth.model_construct(winnable=winnable, why="sampled", money=True),
                "variants": (),  # a sampled world is one hypothesis of the truth: nothing left to draw
            }
        )
        return LoadedScenario(sc, "sampled", "")

    @staticmethod
    def _fits(archetype: str, seen: frozenset[int] | None) -> bool:
        """Could a player of this archetype have shown this ask table? (None: not seen yet.)"""
        return seen is None or _OPEN_BY_ARCHETYPE[archetype] == seen

    def _consistent(self, particle: State) -> bool:
        return all(self._fits(p.archetype.name, self._tables.get(pid)) for pid, p in particle.players.items())

    def _advance(
        self, particle: State, action: Action, want: tuple[tuple[Any, ...], ...], obs: Observation
    ) -> State | None:
        """The particle after `action`, with chance re-drawn to fit the observed events; None if it cannot."""
        for attempt in range(4):
            c = particle.clone()
            if attempt:
                c.reseed(self._rng.getrandbits(32))
            before = len(c.events)
            try:
                c.apply(action)
            except Exception:
                return None
            got = tuple(_event_key(e) for e in c.events[before:])
            if got == want:
                return c
            # a mismatch chance cannot explain: stop early
            if not any(e.outcome in _SURPRISES for e in c.events[before:]):
                return None
        return None

    @staticmethod
    def _snap(obs: Observation) -> dict[str, tuple[bool, dict[str, str]]]:
        return {v.id: (v.reachable, dict(v.facts)) for v in obs.players}

    @staticmethod
    def _sync(particle: State, snap: dict[str, tuple[bool, dict[str, str]]]) -> None:
        """Make the particle agree with public facts: who is known, reachable, what was learned."""
        particle.set_public(snap)

    def _replay(self, world: LoadedScenario, obs: Observation, snap: dict[str, Any]) -> State | None:
        state = State(world, self._rng.getrandbits(32))
        log = obs.log
        marks = self._marks + [len(log)]
        snaps = self._snaps[1:] + [snap]
        for i, action in enumerate(self._actions):
            want = tuple(_event_key(e) for e in log[marks[i] : marks[i + 1]])
            nxt = self._advance(state, action, want, obs)
            if nxt is None:
                return None
            state = nxt
            self._sync(state, snaps[i])
        return state

    @property
    def worlds(self) -> tuple[State, ...]:
        """The hidden worlds it currently keeps (its own samples; for inspection and tests)."""
        return tuple(self._particles)

    def _update_particles(self, obs: Observation, snap: dict[str, Any]) -> None:
        if self._actions:
            want = tuple(_event_key(e) for e in obs.log[self._marks[-1] :])
            alive = []
            for p in self._particles:
                q = self._advance(p, self._actions[-1], want, obs)
                if q is not None and self._consistent(q):
                    self._sync(q, snap)
                    alive.append(q)
            self._particles = alive
        tries = 0
        while len(self._particles) < self.k and tries < self.tries:
            tries += 1
            fresh = self._replay(self._sample_world(), obs, snap)
            if fresh is not None:
                self._particles.append(fresh)

    # ------------------------------------------------------------------ choice
    def _candidates(self, obs: Observation, legal: LegalActions, base: Action) -> list[Action]:
        out = [base]
        views = {v.id: v for v in obs.players}
        if base.kind == "meet" and base.player is not None and base.fallback is None:  # not the climber's test
            v = views[base.player]
            opened = legal.meetings[base.player].open_rungs
            if (
                ("leaning in" in v.signals or (self.stretch and "open to a next step" in v.signals))
                and base.ask is not None
                and base.ask > v.granted
            ):
                # leaning in: the rung after next is on target; open: it is a stretch, with
                # the climber's ask as the fallback if they decline
                higher = [r for r in opened if r > base.ask and r < CONSENSUS]
                unreachable = any(not q.reachable for q in obs.players)
                if higher and not (base.ask == INTRODUCTION and unreachable):
                    out.append(Action.meet(base.player, higher[0], topic=base.topic, fallback=base.ask))
        unmet = [pid for pid in legal.meetable if not views[pid].met]
        if base.kind == "meet" and base.player is not None and base.ask is not None and base.ask < RECIPROCAL_FROM:
            v = views[base.player]
            opened = legal.meetings[base.player].open_rungs
            tested = any(e.player == base.player and e.outcome == M.EXCUSE for e in obs.log)
            test = [r for r in opened if r >= RECIPROCAL_FROM and r < CONSENSUS]
            if "leaning in" in v.signals and not tested and test and v.granted >= 1:
                out.append(Action.meet(base.player, test[0], topic=base.topic, fallback=base.ask))
        if base.kind == "meet" and base.player is not None and base.topic is not None:
            # another question first: which answer would tell this deal apart soonest?
            known = dict(views[base.player].facts)
            for t in TOPIC_ORDER:
                if t != base.topic and t not in known:
                    out.append(replace(base, topic=t))
        if unmet and (base.kind != "meet" or base.player not in unmet):
            pid = unmet[0]
            opened = legal.meetings[pid].open_rungs
            out.append(Action.meet(pid, 1 if 1 in opened else opened[0], topic="concerns"))
        if (
            base.kind != "walk_away"
            and self._evidence(obs)
            and len(self._particles) >= max(3, self.k // 2)
            and all(not p.scenario.truth.winnable for p in self._particles)
        ):
            # only when every world that explains the evidence is a dead deal
            out.append(Action.walk_away())
        return out

    @staticmethod
    def _evidence(obs: Observation) -> bool:
        """Has anything happened that a dead deal would explain? (Walking away is only weighed then.)"""
        for e in obs.log:
            if e.outcome in (M.EXCUSE, M.REBUFF) or (e.outcome == M.DECLINED and (e.ask or 0) >= CONSENSUS):
                return True
        return any("immovable" in v.signals for v in obs.players)

    def _value(self, particle: State, action: Action, seed: int) -> float:
        s = particle.clone()
        s.reseed(seed)
        try:
            s.apply(action)
        except Exception:
            return -1.0
        bot = ClimberBot()
        brng = random.Random(seed ^ 0x5DEECE66D)
        guard = s.scenario.horizon_weeks * 4 + 10
        while s.outcome is None and guard > 0:
            s.apply(bot.step(s.observation(), s.legal_actions(), brng))
            guard -= 1
        points = total(s)[0]
        s.close()
        return float(points)

    def _decide(self, obs: Observation, legal: LegalActions, rng: random.Random) -> Action:
        base = self._climber.step(obs, legal, rng)
        if not self._particles:
            return base  # nothing explains what we saw: play the sound default
        cands = self._candidates(obs, legal, base)
        if len(cands) == 1:
            return base
        seeds = [self._rng.getrandbits(32) for _ in self._particles]
        scores = []
        for a in cands:
            vals = [self._value(p, a, s) for p, s in zip(self._particles, seeds, strict=True)]
            scores.append(sum(vals) / len(vals))
        best = max(range(len(cands)), key=lambda i: scores[i])
        if best != 0 and scores[best] >= scores[0] + self.margin:
            return cands[best]
        return base


def make_expert(loaded: LoadedScenario | None = None) -> ExpertBot:
    """The expert for a scenario: its public view, and the deal's possible truths with their
    weights (the chance node a seasoned trainee knows, never which truth the game drew)."""
    if loaded is None:
        return ExpertBot(None)
    truths = tuple(_one_truth(v) for v in loaded.variants)
    return ExpertBot(public_view(loaded), truths=truths, weights=tuple(v.weight for v in loaded.variants))


def _one_truth(v: ResolvedVariant) -> LoadedScenario:
    """A world where the deal's truth is `v` (its only variant, so every game draws it)."""
    world = LoadedScenario(v.scenario, "sampled", "")
    world.variants = (v,)
    return world
