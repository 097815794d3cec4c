"""The game state: one deal, driven the same way by a trainee (through the TUI) and a bot.

In the spirit of an OpenSpiel `State`: `new_game(scenario, seed)`, `legal_actions()`,
`apply(action)` returning the `Event`, `is_terminal()`, `outcome`, `observation()` (what
the trainee may know: never a hidden field), `events`, `score()`/`debrief()`, `reveal()`.
All chance comes from one `random.Random(seed)`; Faker, when a name must be drawn, is
seeded from it with `seed_instance`.
"""

from __future__ import annotations

import random
import weakref
from dataclasses import replace
from typing import Any, Iterable

from sim import archetypes
from sim.archetypes import _CAPS, KeyPlayer
from sim.errors import GameOverError, IllegalActionError
from sim.ladder import CONSENSUS, CONTRACT, EVALUATION, INTRODUCTION, RECIPROCAL_FROM, SELLER_ONLY, TOPICS
from sim.lines import DEFAULT_LINES, EXCUSES, fill
from sim.rules import RULES
from sim.scenario import LoadedScenario, Scenario

from sim.records import (  # noqa: F401  (re-exported: the game's public records)
    OUTCOMES, Action, ActionKind, Event, LegalActions, Moment, Observation, PlayerOptions, PlayerView, Step,
)

CONSENSUS_ID = "consensus"

# Outcomes of a meeting or week, in the trainee's words.
ADVANCE, PARTIAL, CONTINUATION, DECLINED, REBUFF, EXCUSE = "advance", "agreed without a date", "continuation", "declined", "rebuff", "excuse"
EVAPORATED, FAILED, DERAILED, WON, WAITED, WALKED, STALLED, LOST = (
    "evaporated", "failed", "derailed", "won", "waited", "walked away", "no decision", "lost",
)



_DEFAULT_FACTS = {
    "goals": "They want to get more done with the team they have.",
    "process": "Decisions like this go through the people you already know.",
    "concerns": "Nothing personal on the line that they would admit to.",
    "budget": "Money can be found for the right thing; timing is open.",
}


def _release(players: list[KeyPlayer]) -> None:
    archetypes.release(players)


class State:
    """One game. Create with `new_game`."""

    def __init__(self, loaded: LoadedScenario, seed: int):
        sc = loaded.scenario
        self.loaded = loaded
        self.scenario: Scenario = sc
        self.seed = int(seed)
        self.rng = random.Random(self.seed)
        self.week = 1
        self.players: dict[str, KeyPlayer] = {}
        self.names: dict[str, str] = _draw_names(sc, self.rng)
        self._rung_names: tuple[str, ...] = _rung_names(sc)
        self._header = (sc.id, sc.title, sc.account.company, sc.offering.name, sc.offering.deal_value, sc.offering.currency)
        for spec in sc.cast:
            p = archetypes.acquire(spec, spec.initial_state)
            p.readiness = min(p.readiness, p.cap)
            self.players[spec.id] = p
        self.steps: list[Step] = []
        # the steps as the trainee sees them: (dated rungs per player, undated rungs per player,
        # calendar, open steps); kept up to date for the common moves, rebuilt after the rest
        self._sv: Any = ({}, {}, (), ())
        self._sv_ok = True
        self._n_open = 0  # how many steps are agreed but not dated
        self.events: list[Event] = []
        self.actions: list[Action] = []
        self.moments: list[Moment] = []
        self.outcome: str | None = None  # one of OUTCOMES when terminal
        self.end_week: int | None = None
        self.consensus_ready = False
        self.evaluation_until: int | None = None
        self._won = False
        self._legal: LegalActions | None = None
        self._log_view: tuple[Event, ...] = ()
        self._views: dict[str, tuple[tuple[Any, ...], PlayerView]] = {}  # per player: (what it shows, the view)
        self._views_tuple: tuple[PlayerView, ...] = ()
        self._finalizer = weakref.finalize(self, _release, list(self.players.values()))

    # ------------------------------------------------------------------ public API
    def is_terminal(self) -> bool:
        return self.outcome is not None

    def legal_actions(self) -> LegalActions:
        """What may be done now. The result is shared while nothing it depends on changes:
        treat it (and its dicts) as read-only."""
        if self.outcome is not None:
            empty = PlayerOptions(CONSENSUS_ID, "Consensus meeting", "", {}, "the game is over")
            return LegalActions({}, empty, (), False, False)
        legal = self._legal
        if legal is None:  # dropped whenever who is known, reachable, disengaged or convened changes
            meetings = {pid: self._player_options(p) for pid, p in self.players.items() if p.known}
            legal = self._legal = LegalActions(meetings, self._consensus_options(), _TOPIC_IDS, True, True)
        return legal

    def apply(self, action: Action) -> Event:
        if self.outcome is not None:
            raise GameOverError(f"the game is over ({self.outcome}); no action is legal")
        self._check(action)
        self.actions.append(action)
        if action.kind == "meet":
            event = self._meet(action)
        elif action.kind == "consensus":
            event = self._consensus(action)
        elif action.kind == "wait":
            event = self._log(Event(self.week, "wait", None, "", None, None, None, "You let the week pass.", (), WAITED, None, False))
        else:
            event = self._walk_away()
        if self.outcome is None:
            self._end_week()
        return event

    def check(self, action: Action) -> str | None:
        """Why `action` is not legal now, or None when `apply` would accept it."""
        if self.outcome is not None:
            return f"the game is over ({self.outcome}); no action is legal"
        try:
            self._check(action)
        except IllegalActionError as exc:
            return str(exc)
        return None

    def observation(self) -> Observation:
        sc = self.scenario
        if not self._sv_ok:
            self._sv, self._sv_ok = self._build_steps_view(), True
        scheduled, unscheduled, calendar, open_steps = self._sv
        names, cache = self.names, self._views
        views = []
        empty = ()
        same = True
        for pid, p in self.players.items():
            if not p.known:
                continue
            sch, opn = scheduled.get(pid, empty), unscheduled.get(pid, empty)
            # everything a view shows changes only with a meeting (met, last met, facts,
            # signals, count: all set in _meet), a grant, reachability or the player's steps
            key = (p.meetings, p.reachable, p.granted, sch, opn)
            hit = cache.get(pid)
            if hit is not None and hit[0] == key:
                views.append(hit[1])
                continue
            same = False
            view = PlayerView(pid, names[pid], p.spec.title, p.met, p.reachable, p.last_met, p.granted, sch, opn,
                              tuple(p.facts.items()), p.signals, p.meetings)
            cache[pid] = (key, view)
            views.append(view)
        last = self._views_tuple
        if same and len(last) == len(views):
            players = last  # nobody changed: the same tuple as last turn
        else:
            players = self._views_tuple = tuple(views)
        log = self._log_view
        if len(log) != len(self.events):
            log = self._log_view = tuple(self.events)
        h = self._header
        return Observation(
            h[0], h[1], h[2], h[3], h[4], h[5], self.week, sc.horizon_weeks, players, calendar, open_steps,
            self.consensus_ready, self.evaluation_until, log, self.outcome is not None, self.outcome,
        )

    def _build_steps_view(self) -> tuple[dict[str, tuple[int, ...]], dict[str, tuple[int, ...]], tuple[tuple[int, str, int], ...], tuple[tuple[int, str, int], ...]]:
        steps = self.steps
        calendar = tuple([(s.week, s.player, s.rung) for s in steps if s.scheduled])
        open_steps = tuple([(s.week, s.player, s.rung) for s in steps if not s.scheduled]) if len(calendar) != len(steps) else ()
        scheduled: dict[str, tuple[int, ...]] = {}
        for _w, pid, rung in calendar:
            scheduled[pid] = scheduled.get(pid, ()) + (rung,)
        unscheduled: dict[str, tuple[int, ...]] = {}
        for _w, pid, rung in open_steps:
            unscheduled[pid] = unscheduled.get(pid, ()) + (rung,)
        return scheduled, unscheduled, calendar, open_steps

    def rung_name(self, rung: int) -> str:
        return self._rung_names[rung]

    def rung_ask(self, rung: int) -> str:
        return self.scenario.rungs[rung].ask

    def name(self, pid: str | None) -> str:
        return self.names.get(pid or "", "everyone")

    def score(self) -> Any:
        from sim.score import score

        return score(self)

    def reveal(self) -> list[dict[str, Any]]:
        """The hidden truth, for the debrief: who each player really was."""
        if self.outcome is None:
            raise IllegalActionError("the truth is revealed only when the game is over")
        out = []
        for pid, p in self.players.items():
            spec = p.spec
            out.append({
                "id": pid, "name": self.names[pid], "title": spec.title, "archetype": p.archetype.name,
                "archetype_label": p.archetype.label, "power": spec.power, "state": p.state, "trust": p.trust,
                "readiness": p.readiness, "concern": spec.concern.text if spec.concern else None,
                "unmovable": spec.unmovable, "met": p.met, "known": p.known,
            })
        return out

    def clone(self) -> "State":
        """An independent copy (same RNG position) for look-ahead planners."""
        other = State.__new__(State)
        other.loaded, other.scenario, other.seed = self.loaded, self.scenario, self.seed
        other.rng = random.Random()
        other.rng.setstate(self.rng.getstate())
        other.week, other.names, other._rung_names, other._header = self.week, self.names, self._rung_names, self._header
        other.players = {}
        for pid, p in self.players.items():
            other.players[pid] = p.copy_into(archetypes.acquire(p.spec, p.state))
        other.steps = [replace(s) for s in self.steps]
        other._sv, other._sv_ok = None, False
        other._n_open = self._n_open
        other.events, other.actions, other.moments = list(self.events), list(self.actions), list(self.moments)
        other.outcome, other.end_week = self.outcome, self.end_week
        other.consensus_ready, other.evaluation_until = self.consensus_ready, self.evaluation_until
        other._won = self._won
        other._legal, other._log_view, other._views = self._legal, self._log_view, dict(self._views)
        other._views_tuple = self._views_tuple
        other._finalizer = weakref.finalize(other, _release, list(other.players.values()))
        return other

    def close(self) -> None:
        """Give the Key Players' machine models back now (also done when the game ends or the
        state is collected). The state keeps detached copies, so it can still be read."""
        self._detach()

    def _detach(self) -> None:
        if self._finalizer.alive:
            self.players = {pid: p.copy() for pid, p in self.players.items()}
            self._finalizer()

    # ------------------------------------------------------------------ legality
    def _player_options(self, p: KeyPlayer) -> PlayerOptions:
        name, title = self.names[p.id], p.spec.title
        key = (p.id, name, title, p.archetype.name, p.reachable, p.state == "disengaged")
        opts = _OPTIONS.get(key)
        if opts is None:
            if len(_OPTIONS) > 4096:
                _OPTIONS.clear()
            opts = _OPTIONS[key] = self._build_player_options(p, name, title)
        return opts

    def _build_player_options(self, p: KeyPlayer, name: str, title: str) -> PlayerOptions:
        if not p.reachable:
            return PlayerOptions(p.id, name, title, {}, f"{name} only meets you through an introduction from someone they trust")
        if p.state == "disengaged":
            return PlayerOptions(p.id, name, title, {}, f"{name} has stopped taking your calls")
        grants = p.archetype.grants
        asks: dict[int, str | None] = {SELLER_ONLY: None}
        for rung in range(1, 10):
            if rung in grants:
                asks[rung] = None
            elif rung == EVALUATION and p.archetype.name == "economic_buyer":
                asks[rung] = "a formal evaluation is agreed by the whole group, in the consensus meeting"
            elif rung >= CONSENSUS:
                asks[rung] = f"that is not {name}'s to give: only the economic buyer can grant it"
            else:
                asks[rung] = f"{name} is not the person to ask for that"
        return PlayerOptions(p.id, name, title, asks)

    def _consensus_options(self) -> PlayerOptions:
        return _consensus_open() if self.consensus_ready else _consensus_closed()

    def _check(self, a: Action) -> None:
        if a.kind in ("wait", "walk_away"):
            if a.player is not None or a.ask is not None:
                raise IllegalActionError(f"{a.kind} takes no player or ask")
            return
        if a.topic is not None and a.topic not in TOPICS:
            raise IllegalActionError(f"unknown discovery topic {a.topic!r} (topics: {', '.join(TOPICS)})")
        legal = self.legal_actions()
        if a.kind == "consensus":
            opts = legal.consensus
            if a.topic is not None:
                raise IllegalActionError("the consensus meeting has no discovery topic")
        else:
            found = legal.meetings.get(a.player) if isinstance(a.player, str) else None
            if found is None:
                raise IllegalActionError(f"no Key Player {a.player!r} that you know of")
            opts = found
        if opts.reason is not None:
            raise IllegalActionError(opts.reason)
        asks = opts.asks
        if a.ask is None:
            raise IllegalActionError("a meeting needs an ask")
        for label, rung in (("ask", a.ask), ("fallback", a.fallback)):
            if rung is None:
                continue
            if (type(rung) is not int and (not isinstance(rung, int) or isinstance(rung, bool))) or rung not in asks:
                raise IllegalActionError(f"{label} {rung!r} is not a rung of the ladder (0-9)")
            why = asks[rung]
            if why is not None:
                raise IllegalActionError(f"{label} rung {rung} is not open: {why}")
        if a.fallback is not None and a.ask is not None and a.fallback >= a.ask:
            raise IllegalActionError("the fallback ask must be smaller than the primary ask")

    # ------------------------------------------------------------------ a meeting
    def _meet(self, a: Action) -> Event:
        p = self.players[a.player]  # type: ignore[index]
        week, first = self.week, not p.met
        p.met, p.last_met = True, week
        p.meetings += 1
        event_index = len(self.events)
        facts: list[tuple[str, str]] = []
        revealed: list[str] = []
        calendar: list[str] = []
        said_parts: list[str] = []

        if a.topic is not None:
            facts.extend(self._discover(p, a.topic, revealed, said_parts, event_index))
        if first and (a.ask or 0) > 0:
            self._moment(event_index, "discovery_first" if a.topic else "no_discovery", p.id,
                         f"first meeting with {self.names[p.id]}: " + (f"asked about {TOPICS[a.topic]}" if a.topic else "asked for a commitment without discovery"))
        if a.schedule and self._n_open:
            for s in self.steps:
                if s.player == p.id and not s.scheduled:
                    self._schedule(s, calendar, event_index)

        result, rung, rule = self._resolve(p, a.ask)  # type: ignore[arg-type]
        said_parts.append(self._line(p, "won" if result == ADVANCE and rung == CONTRACT else rule, a.ask))
        primary = None
        if result in (DECLINED, REBUFF, EXCUSE) and a.fallback is not None and p.state != "disengaged":
            f_result, f_rung, f_rule = self._resolve(p, a.fallback)
            if f_result in (ADVANCE, PARTIAL):
                self._moment(event_index, "fallback_landed", p.id, f"fallback: {self.rung_name(a.fallback)}")
                said_parts.append(self._line(p, f_rule, a.fallback))
                primary, result, rung = result, f_result, f_rung
        if result == CONTINUATION and p.trust < 0:
            p.trust += 1  # a patient meeting repairs a little trust
        scheduled = False
        if result in (ADVANCE, PARTIAL):
            scheduled = self._agree(p, rung, a.schedule and result == ADVANCE, calendar, event_index)
        if p.trust >= 0 and p.state != "disengaged":
            nxt = self._next_rung(p, p.granted)
            if nxt is not None:
                p.readiness = max(p.readiness, min(p.cap, nxt))
        p.signals = self._signals(p)
        if (primary or result) == REBUFF and p.state != "disengaged":
            p.signals = p.signals + ("taken aback",)
        event = Event(week, "meet", p.id, self.names[p.id], a.ask, a.fallback, a.topic, " ".join([s for s in said_parts if s]),
                      p.signals, result, rung if result in (ADVANCE, PARTIAL) else None, scheduled, tuple(facts),
                      tuple(calendar), tuple(revealed), primary)
        self._log(event)
        if p.archetype.name == "economic_buyer" and p.state == "disengaged":
            self._finish("lost", "lost_deal", f"{self.names[p.id]}, the economic buyer, walked away from the deal")
        elif p.state == "disengaged" and not self.consensus_ready and not any(
                q.known and q.reachable and q.state != "disengaged" for q in self.players.values()):
            self._finish("lost", "lost_deal", "nobody at the account will take your calls any more")
        elif self._won:
            self._finish("won", "won", f"contract signed in week {week}")
        return event

    def _discover(self, p: KeyPlayer, topic: str, revealed: list[str], said: list[str], ev: int) -> list[tuple[str, str]]:
        spec = p.spec
        if topic == "concerns" and spec.concern is not None:
            text = spec.concern.text
        else:
            text = spec.facts.get(topic) or _DEFAULT_FACTS[topic]
        new = topic not in p.facts
        p.facts[topic] = text
        if topic == "process":
            for rid in spec.reveals:
                q = self.players[rid]
                if not q.known:
                    q.known = True
                    revealed.append(rid)
                    self._legal = None
        if topic == "concerns" and spec.concern is not None and not p.concern_known:
            p.concern_known = True
            archetypes.fire(p, "hear")
            rule = "unmovable_revealed" if spec.unmovable else "concern_learned"
            self._moment(ev, rule, p.id, f"{self.names[p.id]}: {text}")
        if p.archetype.name == "economic_buyer":
            archetypes.fire(p, "learn")
        if new and p.trust < 1:
            p.trust += 1  # being listened to builds a little trust
        return [(topic, text)]

    def _effective_readiness(self, p: KeyPlayer) -> tuple[int, str | None]:
        """Readiness after the gates that are not the player's own mood, and the gate that bit."""
        r = min(p.readiness, p.cap)
        gate = None
        if p.archetype.name == "economic_buyer":
            for q in self.players.values():
                if q.spec.has_ear_of == p.id and q.state in q.archetype.blocking:
                    if r >= CONSENSUS:
                        r, gate = OFFICE_LIMIT, "adversary_has_ear"
            if r >= CONTRACT:
                if self.evaluation_until is None or self.week < self.evaluation_until:
                    r, gate = CONSENSUS, "evaluation_running"
                elif self._active_blocker() is not None:
                    r, gate = CONSENSUS, "no_active_blocker"
        return r, gate

    def _active_blocker(self) -> KeyPlayer | None:
        for q in self.players.values():
            if q.state in q.archetype.blocking and (q.met or q.archetype.name == "adversary"):
                return q
        return None

    def _next_rung(self, p: KeyPlayer, above: int) -> int | None:
        return _NEXT_RUNG[p.archetype.name][above]

    def _resolve(self, p: KeyPlayer, rung: int) -> tuple[str, int, str]:
        """Judge one ask. Returns (outcome, rung, rule)."""
        if rung == SELLER_ONLY:
            self._moment(len(self.events), "seller_only_offer", p.id, "offered to send material")
            if p.archetype.name == "tire_kicker":
                self._moment(len(self.events), "free_help_taken", p.id, "took the material gladly")
            return CONTINUATION, rung, "seller_only_offer"
        if rung <= p.granted:
            self._moment(len(self.events), "continuation", p.id, f"asked for {self.rung_name(rung)}, already agreed")
            if p.archetype.name == "tire_kicker":
                self._moment(len(self.events), "free_help_taken", p.id, "happy to keep meeting")
            return CONTINUATION, rung, "continuation"
        if p.archetype.name == "tire_kicker" and rung >= RECIPROCAL_FROM:
            p.refusals += 1
            self._moment(len(self.events), "reciprocal_ask_refused", p.id, f"asked for {self.rung_name(rung)}: an excuse")
            return EXCUSE, rung, "reciprocal_ask_refused"
        if p.archetype.name == "economic_buyer":
            r, gate = self._effective_readiness(p)
        else:
            r, gate = min(p.readiness, p.cap), None
        if rung <= r:
            self.moments.append(Moment(self.week, len(self.events), "on_target_ask", p.id, f"asked for {self._rung_names[rung]}"))
            return ADVANCE, rung, "on_target_ask"
        if gate is not None and rung <= min(p.readiness, p.cap):
            # they would, but something outside them holds them back: a polite no, no cost
            self._moment(len(self.events), gate, p.id, f"asked for {self.rung_name(rung)}")
            return DECLINED, rung, gate
        if rung == self._next_rung(p, r):
            roll = self.rng.random()
            chance = self.scenario.chance
            full = chance.stretch_full + (0.05 * p.trust if chance.stretch_full > 0 and p.trust > 0 else 0.0)
            if roll < full:
                self._moment(len(self.events), "stretch_landed", p.id, f"asked for {self.rung_name(rung)}")
                return ADVANCE, rung, "stretch_landed"
            if roll < full + chance.stretch_half:
                self._moment(len(self.events), "stretch_half_landed", p.id, f"asked for {self.rung_name(rung)}")
                return PARTIAL, rung, "stretch_half_landed"
            self._moment(len(self.events), "stretch_declined", p.id, f"asked for {self.rung_name(rung)}")
            return DECLINED, rung, "stretch_declined"
        # an over-ask
        p.trust -= 1
        p.over_asks += 1
        if p.trust < 0:
            p.readiness = min(p.readiness, p.granted)  # stung: they hold back until trust is repaired
        self._moment(len(self.events), "over_ask", p.id, f"asked for {self.rung_name(rung)} with {self.rung_name(p.granted) if p.granted else 'nothing'} agreed so far")
        if archetypes.fire(p, "rebuff"):
            self._legal = None
        if p.state == "disengaged":
            self._moment(len(self.events), "disengaged", p.id, f"{self.names[p.id]} stopped engaging")
            for s in [s for s in self.steps if s.player == p.id]:
                self.steps.remove(s)
                self._n_open -= not s.scheduled
            self._sv_ok = False
            return REBUFF, rung, "disengaged"
        return REBUFF, rung, "over_ask"

    def _agree(self, p: KeyPlayer, rung: int, schedule: bool, calendar: list[str], ev: int) -> bool:
        """A rung was agreed: raise what they granted, their trust and readiness."""
        prior = p.granted
        p.granted = rung
        p.trust = min(p.trust + 1, 5)
        archetypes.fire(p, "grant", rung=rung)
        if p.state == "neutralised" and p.archetype.name == "adversary" and not any(m.rule == "adversary_concern_answered" and m.player == p.id for m in self.moments):
            self._moment(ev, "adversary_concern_answered", p.id, f"{self.rung_name(rung)} answered {self.names[p.id]}'s concern")
        nxt = self._next_rung(p, rung)
        if nxt is not None and p.trust >= 0:
            p.readiness = max(p.readiness, min(p.cap, nxt))
        step = Step(p.id, rung, self.week, prior, False)
        if self._n_open:
            kept = [s for s in self.steps if not (s.player == p.id and not s.scheduled)]
            if len(kept) != len(self.steps):
                self._n_open -= len(self.steps) - len(kept)
                self._sv_ok = False
            self.steps = kept
        self.steps.append(step)
        self._n_open += 1
        if self._sv_ok:  # the common move: one more undated step, at the end
            sch, un, cal, opn = self._sv
            un[p.id] = un.get(p.id, ()) + (rung,)
            self._sv = (sch, un, cal, opn + ((step.week, p.id, rung),))
        if schedule:
            self._schedule(step, calendar, ev)
            return True
        calendar.append(f"{self.rung_name(rung)} with {self.names[p.id]}: agreed, no date yet")
        self._moment(ev, "step_left_open", p.id, f"{self.rung_name(rung)} agreed without a date")
        return False

    def _schedule(self, step: Step, calendar: list[str], ev: int) -> None:
        step.scheduled = True
        self._n_open -= 1
        if self._sv_ok and self.steps[-1] is step:  # the common move: the newest step gets its date
            sch, un, cal, opn = self._sv
            left = un[step.player][:-1]
            if left:
                un[step.player] = left
            else:
                del un[step.player]
            sch[step.player] = sch.get(step.player, ()) + (step.rung,)
            self._sv = (sch, un, cal + ((step.week, step.player, step.rung),), opn[:-1])
        else:
            self._sv_ok = False
        p = self.players[step.player]
        name = self._rung_names[step.rung]
        calendar.append(f"{name} with {self.names[p.id]}: on the calendar")
        self.moments.append(Moment(self.week, ev, "step_scheduled", p.id, f"{name} dated"))
        if step.rung == INTRODUCTION:
            for rid in p.spec.introduces:
                q = self.players[rid]
                if not q.reachable or not q.known:
                    q.known = q.reachable = True
                    self._legal = None
                    calendar.append(f"{self.names[p.id]} introduces you to {self.names[rid]}, {q.spec.title}")
        if p.archetype.name == "economic_buyer":
            if step.rung == CONSENSUS:
                self.consensus_ready = True
                self._legal = None
            elif step.rung == EVALUATION:
                self.evaluation_until = self.week + self.scenario.evaluation_weeks
                calendar.append(f"Formal evaluation runs until week {self.evaluation_until}")
            elif step.rung == CONTRACT:
                self._won = True

    def _signals(self, p: KeyPlayer) -> tuple[str, ...]:
        state = p.state
        if state == "disengaged":
            return ("has stopped engaging",)
        name = p.archetype.name
        if name == "economic_buyer":
            r = self._effective_readiness(p)[0]
        elif name == "tire_kicker":
            r = 0
        else:  # only the economic buyer has gates beyond their own readiness and cap
            r = min(p.readiness, _CAPS[name][state])
        band = 2 if p.trust >= 2 else 0 if p.trust < 0 else 1
        key = (name, state, r, p.granted, band)
        hit = _SIGNALS.get(key)
        if hit is None:
            hit = _SIGNALS[key] = self._build_signals(p)
        return hit

    def _build_signals(self, p: KeyPlayer) -> tuple[str, ...]:
        """The signals for (archetype, state, effective readiness, granted, trust band): cached by those."""
        out: list[str] = []
        if p.archetype.name == "tire_kicker":
            out.append("leaning in")  # they look eager; only a reciprocal ask tells
        else:
            r, _gate = self._effective_readiness(p)
            nxt = self._next_rung(p, p.granted)
            after = self._next_rung(p, nxt) if nxt is not None else None
            if nxt is None or r < nxt:
                out.append("holding back")
            elif after is not None and r >= after:
                out.append("leaning in")
            else:
                out.append("open to a next step")
        if p.state in ("opposed",):
            out.append("guarded")
        elif p.state == "entrenched":
            out.append("immovable")
        elif p.state == "heard":
            out.append("listening")
        elif p.state == "neutralised":
            out.append("concern answered")
        out.append("warm" if p.trust >= 2 else "cool" if p.trust < 0 else "polite")
        return tuple(out)

    # ------------------------------------------------------------------ the consensus meeting
    def _consensus(self, a: Action) -> Event:
        week, ev = self.week, len(self.events)
        eb = self._eb()
        assert eb is not None
        unmet = [q for q in self.players.values() if not q.met and q.state != "disengaged"]
        calendar: list[str] = []
        revealed = [q.id for q in self.players.values() if not q.known]
        for q in self.players.values():
            q.known = True
        self._legal = None
        hostile_unmet = [q for q in unmet if q.archetype.name == "adversary" and q.state in q.archetype.blocking]
        result, granted, scheduled, rule = FAILED, None, False, "consensus_before_all_met"
        if hostile_unmet:
            q = hostile_unmet[0]
            q.met_in_consensus = True
            rule = "adversary_first_met_in_consensus"
            self._moment(ev, rule, q.id, f"{self.names[q.id]}, {q.spec.title}, first met in the consensus meeting")
            result = DERAILED
            speaker = q
        elif unmet:
            for q in unmet:
                q.reachable = True
            self._moment(ev, rule, unmet[0].id, "not met one-to-one: " + ", ".join(self.names[q.id] for q in unmet))
            speaker = unmet[0]
        else:
            opposed = [q for q in self.players.values() if q.archetype.name == "adversary" and q.state in q.archetype.blocking]
            support = sum(q.spec.power for q in self.players.values() if q.state in q.archetype.supportive)
            against = sum(q.spec.power for q in self.players.values() if q.state in q.archetype.blocking)
            if opposed:
                q = opposed[0]
                rule, result, speaker = "adversary_concern_unanswered", DERAILED, q
                self._moment(ev, rule, q.id, f"{self.names[q.id]} still opposed")
            elif against >= support:
                rule, speaker = "blocked_by_opposition", eb
                self._moment(ev, rule, None, f"support {support} against {against}")
            else:
                speaker = eb
                rule = "consensus_reached"
                ask: int | None = a.ask if a.ask is not None else EVALUATION
                evaluated = self.evaluation_until is not None and self.week >= self.evaluation_until
                if ask == CONTRACT and not evaluated:
                    eb.trust -= 1
                    self._moment(ev, "over_ask", eb.id, "asked the room to sign before any evaluation")
                    ask = a.fallback
                if ask is None:
                    result, rule = REBUFF, "over_ask"
                else:
                    self._moment(ev, rule, None, "the room agreed " + ("the contract" if ask == CONTRACT else "a formal evaluation"))
                    result, granted = ADVANCE, ask
                    archetypes.fire(eb, "convene")
                    scheduled = self._agree(eb, ask, a.schedule, calendar, ev)
        if result == FAILED:
            eb.trust -= 1
            self.consensus_ready = False
            self._legal = None
            eb.granted = min(eb.granted, 5)
            eb.readiness = min(eb.readiness, 5) if eb.readiness > 5 else eb.readiness
            self.steps = [s for s in self.steps if not (s.player == eb.id and s.rung == CONSENSUS)]
            self._n_open = sum(1 for s in self.steps if not s.scheduled)
            self._sv_ok = False
            calendar.append("The consensus meeting broke up without agreement; it must be asked for again")
        said = self._line(speaker, rule, a.ask)
        event = Event(week, "consensus", None, "Consensus meeting", a.ask, a.fallback, None, said, (), result, granted,
                      scheduled, (), tuple(calendar), tuple(revealed))
        self._log(event)
        if result == DERAILED:
            self._finish("lost", "lost_deal", "the consensus meeting was derailed")
        elif self._won:
            self._finish("won", "won", f"contract signed in week {week}")
        return event

    def _eb(self) -> KeyPlayer | None:
        for q in self.players.values():
            if q.archetype.name == "economic_buyer":
                return q
        return None

    # ------------------------------------------------------------------ time
    def _walk_away(self) -> Event:
        winnable = self.scenario.truth.winnable
        event = self._log(Event(self.week, "walk_away", None, "", None, None, None,
                                "You thanked them for their time and closed the opportunity.", (), WALKED, None, False))
        if winnable:
            self._finish("walked_away", "walked_away_winnable", f"walked away in week {self.week}")
        else:
            self._finish("qualified_out", "walked_away_dead_deal", f"walked away in week {self.week}")
        return event

    def _end_week(self) -> None:
        chance = self.scenario.chance.evaporate
        for s in [s for s in self.steps if not s.scheduled] if self._n_open else ():
            if self.rng.random() < chance:
                p = self.players[s.player]
                self.steps.remove(s)
                self._n_open -= 1
                self._sv_ok = False
                if p.granted == s.rung:
                    p.granted = s.prior
                if s.rung == EVALUATION:
                    archetypes.fire(p, "lapse")
                ev = len(self.events)
                self._moment(ev, "step_evaporated", p.id, f"{self.rung_name(s.rung)} with {self.names[p.id]}")
                self._log(Event(self.week, "evaporated", p.id, self.names[p.id], s.rung, None, None, self._line(p, "step_evaporated", s.rung),
                                (), EVAPORATED, None, False, (), (f"{self.rung_name(s.rung)} with {self.names[p.id]}: gone",)))
        self.week += 1
        if self.week > self.scenario.horizon_weeks:
            self._log(Event(self.scenario.horizon_weeks, "horizon", None, "", None, None, None,
                            "The horizon passed. Nobody said no; nobody said yes.", (), STALLED, None, False))
            self.week = self.scenario.horizon_weeks
            self._finish("no_decision", "stalled_to_horizon", f"no decision by week {self.scenario.horizon_weeks}")

    def _finish(self, outcome: str, rule: str, detail: str) -> None:
        self.outcome = outcome
        self.end_week = self.week
        self._moment(-1, rule, None, detail)
        # The game is over: keep detached snapshots (for reveal and the debrief) and give
        # the machine models back for the next game.
        self._detach()

    # ------------------------------------------------------------------ helpers
    def _log(self, event: Event) -> Event:
        self.events.append(event)
        return event

    def _moment(self, event: int, rule: str, player: str | None, detail: str) -> None:
        self.moments.append(Moment(self.week, event, rule, player, detail))

    def _line(self, p: KeyPlayer, rule: str, rung: int | None) -> str:
        variants = p.spec.lines.get(rule) or self.scenario.lines.get(rule) or DEFAULT_LINES.get(rule)
        if not variants:
            return ""
        # randrange(n) is _randbelow(n) for a positive int n: the same draw, without the argument checks
        text = variants[0] if len(variants) == 1 else variants[self.rng._randbelow(len(variants))]
        if "{" not in text:
            return text  # nothing to fill (fill() would return it unchanged)
        values = {
            "name": self.names[p.id], "title": p.spec.title, "company": self.scenario.account.company,
            "offering": self.scenario.offering.name,
            "ask": self.rung_name(rung).lower() if rung is not None else "",
            "rung": self.rung_name(rung) if rung is not None else "",
            "excuse": "",
        }
        if rule in ("concern_learned", "unmovable_revealed") and p.spec.concern is not None:
            values["excuse"] = p.spec.concern.text
        elif rule == "reciprocal_ask_refused":
            values["excuse"] = EXCUSES[(p.refusals + len(p.id)) % len(EXCUSES)]
        return fill(text, values)


OFFICE_LIMIT = 5
_SIGNALS: dict[tuple[Any, ...], tuple[str, ...]] = {}  # (archetype, state, readiness, granted, trust band) -> signals
# archetype -> for each rung 0..9, the next rung above it that archetype grants (or None)
_NEXT_RUNG: dict[str, tuple[int | None, ...]] = {
    name: tuple(next((g for g in a.grants if g > above), None) for above in range(10))
    for name, a in archetypes.ARCHETYPES.items()
}
_RUNG_NAMES: dict[int, tuple[Scenario, tuple[str, ...]]] = {}


def _rung_names(sc: Scenario) -> tuple[str, ...]:
    hit = _RUNG_NAMES.get(id(sc))
    if hit is not None and hit[0] is sc:
        return hit[1]
    if len(_RUNG_NAMES) > 256:
        _RUNG_NAMES.clear()
    names = tuple(r.name for r in sc.rungs)
    _RUNG_NAMES[id(sc)] = (sc, names)
    return names
_TOPIC_IDS = tuple(TOPICS)
# (player id, name, title, archetype, reachable, disengaged) -> the options: they depend on nothing else
_OPTIONS: dict[tuple[Any, ...], PlayerOptions] = {}
_CONSENSUS: dict[bool, PlayerOptions] = {}


def _consensus_closed() -> PlayerOptions:
    opts = _CONSENSUS.get(False)
    if opts is None:
        why = RULES["consensus_not_agreed"].lesson_text
        opts = _CONSENSUS[False] = PlayerOptions(CONSENSUS_ID, "Consensus meeting", "every Key Player", {}, why)
    return opts


def _consensus_open() -> PlayerOptions:
    opts = _CONSENSUS.get(True)
    if opts is None:
        asks: dict[int, str | None] = {r: "the consensus meeting is for agreeing a formal evaluation (or, after it, the contract)" for r in range(0, 10)}
        asks[EVALUATION] = asks[CONTRACT] = None
        opts = _CONSENSUS[True] = PlayerOptions(CONSENSUS_ID, "Consensus meeting", "every Key Player", asks)
    return opts


def _draw_names(sc: Scenario, rng: random.Random) -> dict[str, str]:
    names = {c.id: c.name for c in sc.cast if c.name is not None}
    missing = [c for c in sc.cast if c.name is None]
    if missing:
        from sim.names import faker_for

        fake = faker_for(rng.getrandbits(32))
        for c in missing:
            names[c.id] = fake.name()
    return names  # type: ignore[return-value]


def new_game(scenario: LoadedScenario | str, seed: int = 0) -> State:
    """A new game of a scenario (a LoadedScenario, a shipped id or a path) from a seed."""
    if not isinstance(scenario, LoadedScenario):
        from sim.scenario import load

        scenario = load(scenario)
    return State(scenario, seed)


def replay(scenario: LoadedScenario | str, seed: int, actions: Iterable[Action | dict[str, Any]]) -> State:
    state = new_game(scenario, seed)
    for a in actions:
        state.apply(a if isinstance(a, Action) else Action.from_dict(a))
    return state
