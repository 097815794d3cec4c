"""The game state: one deal, driven the same way by a trainee (through the TUI) and a bot.

In the spirit of an OpenSpiel `State`: `new_game(scenario, seed)`, `legal_actions()`,
`apply(action)` returning the `Event`, `is_terminal()`, `outcome`, `observation()` (what
the trainee may know: never a hidden field), `events`, `score()`/`debrief()`, `reveal()`.
All chance comes from one `random.Random(seed)`; Faker, when a name must be drawn, is
seeded from it with `seed_instance`.

`State` is a thin façade: it holds the deal's data and delegates each part of the rules to
a small module (`legal`, `meetings`, `consensus`, `calendar`, `signals`, `view`).
"""

from __future__ import annotations

import random
import weakref
from typing import TYPE_CHECKING, Any

from sim.common.errors import GameOverError, IllegalActionError
from sim.engine import calendar, consensus, legal, meetings, view
from sim.engine import lines as default_lines
from sim.engine.cache import Derived
from sim.engine.cast import draw_names, rung_words
from sim.engine.lines import EXCUSES, fill
from sim.engine.machines import KeyPlayer, acquire, release
from sim.engine.outcomes import GameOutcome, MeetingOutcome
from sim.engine.pronouns import PRONOUN_VALUES, Pronouns, pronouns_of
from sim.engine.records import Action, Event, LegalActions, Moment, Step
from sim.engine.rules import RuleId
from sim.engine.steps import Calendar
from sim.engine.variants import Variant, draw
from sim.engine.voice import Context, Table, Voice, nth, table, times

if TYPE_CHECKING:  # the engine reads a scenario's fields; loading files is sim.scenarios' work
    from sim.engine.scoring import Score
    from sim.scenarios.loader import LoadedScenario
    from sim.scenarios.schema import Scenario

CONSENSUS_ID = legal.CONSENSUS_ID
QUICK_CHANCE = 0.75  # the chance a Key Player is ready for the next step the moment one is agreed
_WAITED, _WALKED = MeetingOutcome.WAITED, MeetingOutcome.WALKED

# The ids as plain strings, bound once: reading an enum member off its class costs ~0.1 µs in
# Python 3.11, and a str subclass is hashed and compared through slower slots.
R_CONCERN_LEARNED = RuleId.CONCERN_LEARNED.value
R_RECIPROCAL_ASK_REFUSED = RuleId.RECIPROCAL_ASK_REFUSED.value
R_UNMOVABLE_REVEALED = RuleId.UNMOVABLE_REVEALED.value
R_WALKED_AWAY_DEAD_DEAL = RuleId.WALKED_AWAY_DEAD_DEAL.value
R_WALKED_AWAY_WINNABLE = RuleId.WALKED_AWAY_WINNABLE.value
R_WALKED_AWAY_BLIND = RuleId.WALKED_AWAY_BLIND.value
R_STEP_EVAPORATED = RuleId.STEP_EVAPORATED.value
# what tells a trainee the deal cannot be won: an excuse to a reciprocal ask, a closed door, no money
EVIDENCE_RULES = frozenset(
    {
        RuleId.RECIPROCAL_ASK_REFUSED.value,
        RuleId.UNMOVABLE_REVEALED.value,
        RuleId.NO_BUDGET_REVEALED.value,
        RuleId.DEAD_DEAL_EVIDENCE.value,
    }
)


class State:
    """One game. Create with `new_game`."""

    def __init__(self, loaded: LoadedScenario, seed: int):
        self.loaded = loaded
        self.seed = int(seed)
        self.rng = random.Random(self.seed)
        # the hidden truth of this deal: one of the scenario's variants, drawn first from the game's RNG
        # (the scenarios layer resolved each variant's overrides when it loaded the file)
        self.variant: Variant | None = draw(getattr(loaded, "variants", ()), self.rng)
        sc = loaded.scenario if self.variant is None else self.variant.scenario
        self.scenario: Scenario = sc
        self.week = 1
        self.players: dict[str, KeyPlayer] = {}
        self.names, self.pronoun_ids = draw_names(sc, self.rng)
        self.rung_names, self.rung_phrases = rung_words(sc)
        self.voice = Voice()  # what has been said this game (no line more than twice)
        self.line_sources: dict[str, tuple[tuple[Table, ...], tuple[int, ...], dict[str, str]]] = {}
        # what every observation repeats: scenario id, title, company, offering, value, currency
        self.header = (
            sc.id,
            sc.title,
            sc.account.company,
            sc.offering.name,
            sc.offering.deal_value,
            sc.offering.currency,
        )
        for spec in sc.cast:
            p = acquire(spec, spec.initial_state)
            p.readiness = min(p.readiness, p.cap)
            p.tempo = 1 if self.rng.random() < QUICK_CHANCE else 2  # how fast they move, this deal
            self.players[spec.id] = p
        self.calendar = Calendar()
        self.events: list[Event] = []
        self.actions: list[Action] = []
        self.moments: list[Moment] = []
        self.outcome: GameOutcome | None = None  # set when terminal
        self.end_week: int | None = None
        self.consensus_ready = False
        self.evaluation_until: int | None = None
        self.won = False  # the contract is dated: the game ends when this meeting does
        self.signer_known = False  # the decision process was asked about: the trainee knows who signs
        self.evidence: list[Moment] = []  # what the trainee learned that says the deal is dead, in order
        self.cache = Derived()
        # gives the Key Players' machine models back, once: at the end, on close() or when collected
        self.releaser = weakref.finalize(self, release, list(self.players.values()))

    # ------------------------------------------------------------------ public API
    def is_terminal(self) -> bool:
        return self.outcome is not None

    def legal_actions(self) -> LegalActions:
        """What may be done now. Shared until the next change: treat it (and its dicts) as read-only."""
        if self.outcome is not None:
            return legal.GAME_OVER
        found = self.cache.legal
        if found is None:
            found = self.cache.legal = legal.legal_actions(self)
        return found

    def apply(self, action: Action) -> Event:
        if self.outcome is not None:
            raise GameOverError(f"the game is over ({self.outcome}); no action is legal")
        legal.check(self, action)
        self.actions.append(action)
        kind = action.kind
        if kind == "meet":
            event = meetings.meet(self, action)
        elif kind == "consensus":
            event = consensus.consensus(self, action)
        elif kind == "wait":
            event = self.log(Event(self.week, "wait", None, "", None, None, None, "", (), _WAITED, None, False))
        else:
            event = self._walk_away()
        if self.outcome is None:
            calendar.end_week(self)
        self.changed()
        return event

    def changed(self) -> None:
        """Something the trainee may see or do changed: drop the derived data (the one point)."""
        self.cache.clear()

    def check(self, action: Action) -> str | None:
        """Why `action` is not legal now, or None when `apply` would accept it."""
        if self.outcome is not None:
            return f"the game is over ({self.outcome}); no action is legal"
        try:
            legal.check(self, action)
        except IllegalActionError as exc:
            return str(exc)
        return None

    observation = view.observation  # what the trainee may know now: an Observation

    @property
    def steps(self) -> list[Step]:
        """The deal's steps in the order agreed (read-only: `calendar` changes them)."""
        return self.calendar.steps

    @property
    def public_par(self) -> int:
        """The par a briefing may show: the scenario's own, never the drawn variant's (that
        would give the hidden truth away; the debrief scores against the variant's)."""
        return self.loaded.scenario.par_weeks

    def rung_name(self, rung: int) -> str:
        return self.rung_names[rung]

    def rung_phrase(self, rung: int) -> str:
        """The rung in running text, with its article: "a follow-up meeting", "the contract"."""
        return self.rung_phrases[rung]

    def rung_ask(self, rung: int) -> str:
        return self.scenario.rungs[rung].ask

    def pronouns(self, pid: str | None) -> Pronouns:
        """How text refers to a Key Player in the third person (she / he / they, verbs included)."""
        return pronouns_of(pid, self.pronoun_ids)

    def name(self, pid: str | None) -> str:
        return self.names.get(pid or "", "everyone")

    def score(self) -> Score:
        from sim.engine.scoring import score

        return score(self)

    def reveal(self) -> list[dict[str, Any]]:
        """The hidden truth, for the debrief: who each player really was."""
        if self.outcome is None:
            raise IllegalActionError("the truth is revealed only when the game is over")
        out = []
        for pid, p in self.players.items():
            spec = p.spec
            out.append(
                {
                    "id": pid,
                    "name": self.names[pid],
                    "pronouns": self.pronoun_ids[pid],
                    "title": spec.title,
                    "archetype": p.archetype.name,
                    "archetype_label": p.archetype.label,
                    "power": spec.power,
                    "state": p.state,
                    "trust": p.trust,
                    "readiness": p.readiness,
                    "concern": spec.concern.text if spec.concern else None,
                    "unmovable": spec.unmovable,
                    "met": p.met,
                    "known": p.known,
                }
            )
        return out

    def clone(self) -> State:
        """An independent copy (same RNG position) for look-ahead planners."""
        other = State.__new__(State)
        other.loaded, other.scenario, other.seed, other.variant = self.loaded, self.scenario, self.seed, self.variant
        other.rng = random.Random()
        other.rng.setstate(self.rng.getstate())
        other.week, other.names, other.rung_names, other.header = self.week, self.names, self.rung_names, self.header
        other.pronoun_ids, other.rung_phrases, other.voice = self.pronoun_ids, self.rung_phrases, self.voice.copy()
        other.line_sources = self.line_sources
        other.players = {pid: p.copy_into(acquire(p.spec, p.state)) for pid, p in self.players.items()}
        other.calendar = self.calendar.copy()
        other.events, other.actions, other.moments = list(self.events), list(self.actions), list(self.moments)
        other.outcome, other.end_week = self.outcome, self.end_week
        other.consensus_ready, other.evaluation_until, other.won = self.consensus_ready, self.evaluation_until, self.won
        other.evidence, other.signer_known = list(self.evidence), self.signer_known
        other.cache = self.cache.copy()
        other.releaser = weakref.finalize(other, release, list(other.players.values()))
        return other

    def reseed(self, seed: int) -> None:
        """Draw this game's chance from now on from `seed` (planners re-draw chance this way)."""
        self.rng = random.Random(seed)

    def set_public(self, seen: dict[str, tuple[bool, dict[str, str]]]) -> None:
        """Make the public facts agree with an observation (planners' hypothetical worlds):
        who is known, who is reachable, what was learned; `seen` is {player id: (reachable, facts)}."""
        for pid, p in self.players.items():
            v = seen.get(pid)
            if v is None:
                p.known = False
                continue
            p.known, p.reachable, p.facts = True, v[0], dict(v[1])
        self.changed()

    def close(self) -> None:
        """Give the Key Players' machine models back now (also done when the game ends or the
        state is collected). The state keeps detached copies, so it can still be read."""
        if self.releaser.alive:
            self.players = {pid: p.copy() for pid, p in self.players.items()}
            self.releaser()

    # ------------------------------------------------------------------ helpers for the parts
    def log(self, event: Event) -> Event:
        self.events.append(event)
        return event

    def moment(self, event: int, rule: str, player: str | None, detail: str) -> None:
        m = Moment(self.week, event, rule, player, detail)
        self.moments.append(m)
        if rule in EVIDENCE_RULES:
            self.evidence.append(m)

    def evidence_from(self, p: KeyPlayer, ev: int, *, topic: str | None = None, ask: int | None = None) -> None:
        """If this deal is dead and the drawn variant says this answer is where a careful trainee
        learns it, record the evidence (it opens qualifying out) and let the player show it."""
        variant = self.variant
        if variant is None or self.scenario.truth.winnable or p.told_dead:
            return
        for item in variant.evidence:
            if item.player != p.id:
                continue
            if (topic is not None and item.topic == topic) or (
                ask is not None and item.ask is not None and ask >= item.ask
            ):
                p.told_dead = True
                self.moment(
                    ev, RuleId.DEAD_DEAL_EVIDENCE.value, p.id, f"{self.names[p.id]} made it plain: {variant.why}"
                )
                return

    def finish(self, outcome: GameOutcome, rule: str, detail: str) -> None:
        """The game is over: keep detached snapshots (for reveal and the debrief) and give the
        machine models back for the next game."""
        self.outcome = outcome
        self.end_week = self.week
        self.moment(-1, rule, None, detail)
        self.close()

    def line(self, p: KeyPlayer, rule: str, rung: int | None, *, fallback: bool = False, room: bool = False) -> str:
        """What `p` says when `rule` fires, chosen by context (`sim.engine.voice`): first meeting
        or later (or the consensus `room`), the rung asked, the player's state, the `fallback`
        ask, and how often `p` has answered this rule. Their own lines first, then the
        scenario's, then the defaults."""
        moment = "room" if room else None if rule == R_STEP_EVAPORATED else "first" if p.meetings <= 1 else "later"
        found = self.line_sources.get(p.id)
        if found is None:
            found = self._line_sources(p)
        more: dict[str, str] = {}

        def filled(text: str, count: int) -> str:
            if not more:
                more["ask"] = self.rung_phrases[rung] if rung is not None else ""
                more["rung"] = self.rung_names[rung] if rung is not None else ""
                more["excuse"] = self._excuse(p, rule)
            if "{times}" in text or "{nth}" in text:
                more["times"], more["nth"] = times(count), nth(count)
            return fill(text, found[2], more)

        ctx: Context = (rule, moment, rung, p.state, fallback)
        return self.voice.pick(p.id, ctx, found[0], filled, self.seed + len(p.id), found[1])

    def _line_sources(self, p: KeyPlayer) -> tuple[tuple[Table, ...], tuple[int, ...], dict[str, str]]:
        """Where `p`'s lines come from (their own, the scenario's, the defaults) and the placeholder
        values that hold all game long; built at their first line."""
        tables = (table(p.spec.lines), table(self.scenario.lines), table(default_lines.DEFAULT_LINES))
        base = {
            "name": self.names[p.id],
            "title": p.spec.title,
            "company": self.scenario.account.company,
            "offering": self.scenario.offering.name,
            **PRONOUN_VALUES[self.pronoun_ids.get(p.id, "they")],
        }
        found = self.line_sources[p.id] = (tables, tuple([id(t) for t in tables]), base)
        return found

    def _excuse(self, p: KeyPlayer, rule: str) -> str:
        if rule in (R_CONCERN_LEARNED, R_UNMOVABLE_REVEALED) and p.spec.concern is not None:
            return str(p.spec.concern.text)
        if rule == R_RECIPROCAL_ASK_REFUSED:
            return EXCUSES[(p.refusals + len(p.id)) % len(EXCUSES)]
        return ""

    def _walk_away(self) -> Event:
        event = self.log(
            Event(
                self.week,
                "walk_away",
                None,
                "",
                None,
                None,
                None,
                "You thanked them for their time and closed the opportunity.",
                (),
                _WALKED,
                None,
                False,
            )
        )
        if self.scenario.truth.winnable:
            self.finish(GameOutcome.WALKED_AWAY, R_WALKED_AWAY_WINNABLE, f"walked away in week {self.week}")
        elif self.evidence:  # qualifying out is judged on what the trainee had found out, not on the truth alone
            first = self.evidence[0]
            gap = self.week - first.week
            after = "the same week as the evidence" if gap == 0 else f"{gap} week{'s' if gap > 1 else ''} after it"
            self.finish(
                GameOutcome.QUALIFIED_OUT,
                R_WALKED_AWAY_DEAD_DEAL,
                f"walked away in week {self.week}, {after} (evidence in week {first.week})",
            )
        else:
            self.finish(GameOutcome.WALKED_BLIND, R_WALKED_AWAY_BLIND, f"walked away in week {self.week} on a hunch")
        return event
