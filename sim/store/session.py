"""The one session layer: a game in play, tied to the results store when it is stored.

`ladder play` (headless, with a bot) and the TUI drive games through `GameSession`, so a
game in progress survives a killed process (resume loses at most the action in flight) and
every finished game lands in the store exactly once, in one transaction that also clears
its in-progress slot. With a `store` of its own, `apply` writes at once (the bot path);
without one, the caller runs `pending_write()` where the connection lives (the TUI's store
thread). A game that is not stored (a random account, no player, no results store) is
played the same way and never written. Resuming re-plays the saved actions through the
engine's one replay function, `sim.engine.replay.replay`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sim.common.person_names import name_key
from sim.store.db import Store
from sim.store.schema import now

if TYPE_CHECKING:
    from sim.engine.records import Action, Event
    from sim.engine.state import State
    from sim.scenarios.loader import LoadedScenario
    from sim.store.db import Progress

RANDOM_REF = "random"  # the scenario ref of a random account: never stored (it cannot be loaded again by ref)


def slot_key(player: str, scenario: str, workshop: str | None = None) -> str:
    """One game in progress per player and workshop, or per player and scenario; "Ann Lee" and
    "ann lee" share one (the name's `name_key`)."""
    return legacy_slot_key(name_key(player), scenario, workshop)


def legacy_slot_key(player: str, scenario: str, workshop: str | None = None) -> str:
    """The slot of a game saved by an older version, under the name exactly as typed."""
    return f"workshop:{workshop}:{player}" if workshop else f"play:{scenario}:{player}"


def find_progress(store: Store, player: str, scenario: str, workshop: str | None = None) -> Progress | None:
    """The player's unfinished game in this slot, also when an older version saved it under the
    name as then typed (any spelling of the same name)."""
    saved = store.load_progress(slot_key(player, scenario, workshop))
    if saved is not None:
        return saved
    for p in store.list_progress(player):
        if p.slot == legacy_slot_key(p.player, scenario, workshop):
            return p
    return None


def score_dict(state: State, coach: bool) -> dict[str, Any]:
    """The score breakdown as stored: `Score.to_dict()`, marked when the coach was on."""
    d: dict[str, Any] = state.score().to_dict()
    d["coached"] = bool(coach)
    return d


class GameSession:
    """The game in play. The UI reads `state` and sends actions through `apply`; a stored game's
    writes go to `store` at once, or come from `pending_write` when `store` is None."""

    def __init__(
        self,
        store: Store | None,
        state: State,
        *,
        player: str,
        scenario_ref: str,
        workshop: str | None = None,
        coach: bool = False,
        mode: str = "play",
        started_at: str | None = None,
        stored: bool = True,
        slot: str | None = None,
    ):
        self.store = store
        self.state = state
        self.player = player
        self.scenario_ref = scenario_ref
        self.stored = stored  # False: never written (a random account, or no results store)
        self.workshop = workshop if stored else None
        self.coach = coach and stored  # an unstored game is never marked coached
        self.mode = mode
        self.started_at = started_at or now()
        self.slot = slot if slot is not None else slot_key(player, state.scenario.id, workshop)
        self.game_id: int | None = None
        self.resumed = 0  # actions restored from a saved game
        self.note: str | None = None  # a line to show the player about resuming

    # ------------------------------------------------------------------ starting
    @classmethod
    def new(
        cls,
        loaded: LoadedScenario,
        seed: int,
        ref: str,
        *,
        player: str = "",
        stored: bool = False,
        workshop: str | None = None,
        coach: bool = False,
        mode: str = "play",
        slot: str | None = None,
    ) -> GameSession:
        """A new game, written through `pending_write`. Nothing is written before its first action:
        opening a briefing and backing out leaves a saved game in the same slot as it was."""
        from sim.engine.replay import new_game

        return cls.from_state(
            new_game(loaded, seed),
            ref,
            player=player,
            stored=stored,
            workshop=workshop,
            coach=coach,
            mode=mode,
            slot=slot,
        )

    @classmethod
    def from_state(
        cls,
        state: State,
        ref: str,
        *,
        player: str,
        mode: str = "play",
        stored: bool = False,
        workshop: str | None = None,
        slot: str | None = None,
        coach: bool = False,
    ) -> GameSession:
        """A live game from a state already played some way (a replay's "what if" branch)."""
        stored = stored and ref != RANDOM_REF and bool(player)
        return cls(
            None,
            state,
            player=player,
            scenario_ref=ref,
            workshop=workshop,
            coach=coach,
            mode=mode,
            stored=stored,
            slot=slot,
        )

    @classmethod
    def restore(cls, loaded: LoadedScenario, saved: Progress, store: Store | None = None) -> GameSession:
        """The saved game `saved` of `loaded` (same digest), its actions re-played. Raises
        `sim.engine.replay.ReplayError` when an action cannot be replayed."""
        from sim.engine.replay import replay

        state = replay(loaded, saved.seed, saved.actions)
        s = cls(
            store,
            state,
            player=saved.player,
            scenario_ref=saved.scenario_ref,
            workshop=saved.workshop,
            coach=saved.coach,
            mode=saved.mode,
            started_at=saved.started_at,
            slot=saved.slot,
        )
        s.resumed = len(saved.actions)
        return s

    @classmethod
    def start(
        cls,
        store: Store,
        loaded: LoadedScenario,
        seed: int | None,
        *,
        player: str,
        scenario_ref: str,
        workshop: str | None = None,
        coach: bool = False,
        mode: str = "play",
        resume: bool = True,
    ) -> GameSession:
        """A new game writing to `store` at once, or the saved one in this player's slot when `resume`
        (same scenario file; same seed when one is given)."""
        import secrets

        from sim.engine.state import State

        saved = find_progress(store, player, loaded.scenario.id, workshop) if resume else None
        note = None
        if saved is not None:
            if not loaded.matches(saved.digest):
                note = (
                    f"Your unfinished game of {loaded.scenario.id!r} was saved with a different version "
                    "of this scenario; starting afresh."
                )
                saved = None
            elif seed is not None and saved.seed != seed:
                note = f"Your unfinished game used seed {saved.seed}; starting afresh with seed {seed}."
                saved = None
        if saved is None:
            s = cls(
                store,
                State(loaded, seed if seed is not None else secrets.randbelow(1_000_000)),
                player=player,
                scenario_ref=scenario_ref,
                workshop=workshop,
                coach=coach,
                mode=mode,
            )
            s.note = note
            return s
        s = cls.restore(loaded, saved, store)
        s.scenario_ref, s.workshop, s.mode, s.coach = scenario_ref, workshop, mode, coach or saved.coach
        s.note = f"Resumed your unfinished game at week {s.state.week} ({s.resumed} actions restored)."
        if s.state.is_terminal():  # killed between the last action and recording it
            s.record()
        return s

    # ------------------------------------------------------------------ playing
    def apply(self, action: Action) -> list[Event]:
        """Apply one action; the events it produced. With a store of its own, the game is saved (or
        recorded, once over) at once; else `pending_write()` is the write this action calls for."""
        before = len(self.state.events)
        self.state.apply(action)
        if self.store is not None and self.stored:
            if self.state.is_terminal():
                self.record()
            else:
                self.save()
        return list(self.state.events[before:])

    def check(self, action: Action) -> str | None:
        """The engine's reason why the action is not legal now, or None."""
        return self.state.check(action)

    def mark_coached(self) -> bool:
        """The coach was shown during this game: the stored game is marked coached. True when the
        saved game must be written again to keep the mark (it has actions and is not over)."""
        if not self.stored or self.coach:
            return False
        self.coach = True
        return bool(self.state.actions) and not self.state.is_terminal()

    # ------------------------------------------------------------------ writing
    def pending_write(self) -> Callable[[Store], int | None] | None:
        """The write the game needs now, as a job for whichever thread owns the connection: save the
        game in progress (returns None), or record the finished game (returns its id); None for a
        game not stored or with no action yet. It holds a snapshot of the actions taken so far, so
        the engine's state may move on meanwhile."""
        if not self.stored or not self.state.actions:
            return None
        if self.state.is_terminal():
            record = self._record_args()
            return lambda store: store.record_game(**record)
        progress = self._progress_args()

        def save(store: Store) -> None:
            store.save_progress(**progress)

        return save

    def recorded(self, game_id: int | None) -> None:
        """The store's answer to a write: the finished game's id once it is recorded."""
        if game_id is not None:
            self.game_id = game_id

    def save_to(self, store: Store) -> None:
        """Run the pending write now on this thread (the caller owns `store`'s connection)."""
        job = self.pending_write()
        if job is not None:
            self.recorded(job(store))

    def _progress_args(self) -> dict[str, Any]:
        st = self.state
        return dict(
            slot=self.slot,
            player=self.player,
            scenario=st.scenario.id,
            scenario_ref=self.scenario_ref,
            digest=st.loaded.digest,
            seed=st.seed,
            actions=[a.to_dict() for a in st.actions],
            workshop=self.workshop,
            coach=self.coach,
            mode=self.mode,
            started_at=self.started_at,
        )

    def _record_args(self) -> dict[str, Any]:
        import sim

        st = self.state
        sc = score_dict(st, self.coach)
        return dict(
            player=self.player,
            scenario=st.scenario.id,
            scenario_ref=self.scenario_ref,
            digest=st.loaded.digest,
            seed=st.seed,
            engine_version=sim.ENGINE_VERSION,
            actions=[a.to_dict() for a in st.actions],
            score=sc,
            outcome=sc["outcome"],
            weeks=sc["weeks"],
            started_at=self.started_at,
            workshop=self.workshop,
            coach=self.coach,
            mode=self.mode,
            clear_slot=self.slot,
        )

    def _store(self) -> Store:
        if self.store is None:
            raise TypeError("this game has no store of its own: run pending_write() on the store's thread")
        return self.store

    def save(self) -> None:
        self._store().save_progress(**self._progress_args())

    def abandon(self) -> None:
        self._store().clear_progress(self.slot)

    def record(self) -> int:
        """Record the finished game in the store now (the bot path); its id."""
        self.game_id = self._store().record_game(**self._record_args())
        return self.game_id
