"""A game tied to the store: saved after every action, recorded when it ends.

`ladder play` (headless, with a bot) and the TUI drive games through this, so a game in
progress survives a killed process (resume loses at most the action in flight) and every
finished game lands in the store exactly once, in one transaction that also clears its
in-progress slot.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sim.store.db import Store, now

if TYPE_CHECKING:
    from sim.engine.records import Action, Event
    from sim.engine.state import State
    from sim.scenarios.loader import LoadedScenario


def slot_key(player: str, scenario: str, workshop: str | None = None) -> str:
    """One game in progress per player and workshop, or per player and scenario."""
    return f"workshop:{workshop}:{player}" if workshop else f"play:{scenario}:{player}"


def score_dict(state: State, coach: bool) -> dict[str, Any]:
    """The score breakdown as stored: `Score.to_dict()`, marked when the coach was on."""
    d = state.score().to_dict()
    d["coached"] = bool(coach)
    return d


class GameSession:
    """A game tied to a store slot. With `store`, `apply` writes at once (the bot path); with
    None, the caller runs `pending_write()` where the connection lives (the TUI's store thread)."""

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
    ):
        self.store = store
        self.state = state
        self.player = player
        self.scenario_ref = scenario_ref
        self.workshop = workshop
        self.coach = coach
        self.mode = mode
        self.started_at = started_at or now()
        self.slot = slot_key(player, state.scenario.id, workshop)
        self.game_id: int | None = None
        self.resumed = 0  # actions restored from a saved game
        self.note: str | None = None  # a line to show the player about resuming

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
        """A new game, or the saved one in this player's slot when `resume` (same scenario file; same seed
        when one is given)."""
        import secrets

        from sim.engine.records import Action
        from sim.engine.state import State

        slot = slot_key(player, loaded.scenario.id, workshop)
        saved = store.load_progress(slot) if resume else None
        note = None
        if saved is not None:
            if saved.digest != loaded.digest:
                note = "Your unfinished game was saved with a different version of this scenario; starting afresh."
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
        state = State(loaded, saved.seed)
        for a in saved.actions:
            state.apply(Action.from_dict(a))
        s = cls(
            store,
            state,
            player=player,
            scenario_ref=scenario_ref,
            workshop=workshop,
            coach=coach or saved.coach,
            mode=mode,
            started_at=saved.started_at,
        )
        s.resumed = len(saved.actions)
        s.note = f"Resumed your unfinished game at week {state.week} ({s.resumed} actions restored)."
        if state.is_terminal():  # killed between the last action and recording it
            s._record()
        return s

    def apply(self, action: Action) -> Event:
        event = self.state.apply(action)
        if self.state.is_terminal():
            self._record()
        else:
            self.save()
        return event

    def pending_write(self) -> Callable[[Store], int | None]:
        """The write the game needs now, as a job for whichever thread owns the connection: save the
        game in progress (returns None), or record the finished game (returns its id). It holds a
        snapshot of the actions taken so far, so the engine's state may move on meanwhile."""
        if self.state.is_terminal():
            record = self._record_args()
            return lambda store: store.record_game(**record)
        progress = self._progress_args()

        def save(store: Store) -> None:
            store.save_progress(**progress)

        return save

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

    def _record(self) -> int:
        self.game_id = self._store().record_game(**self._record_args())
        return self.game_id
