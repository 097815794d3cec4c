"""One game being played in the terminal: the engine's State, tied to the results store.

Pure Python (no Textual). A stored game goes through `sim.store.session.GameSession`: its
progress is saved in the store after every action (one SQLite transaction, run by the
app's store thread from `pending_write`: this module never touches a connection) and the
finished game is recorded with the player's name, the workshop code, the coach flag and
the mode. A saved game is resumed by starting the same scenario with the same seed and
re-applying the actions (the engine is deterministic). Random accounts are not stored:
they cannot be loaded again by reference.

Importing this module loads neither the engine nor the store (the title screen must paint
before either is needed): their names are imported inside the functions that use them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.common.errors import LadderError

if TYPE_CHECKING:
    from sim.engine.records import Action, Event
    from sim.engine.state import State
    from sim.store.db import Progress, Store
    from sim.store.session import GameSession

RANDOM_REF = "random"


class SaveError(LadderError):
    """A saved game cannot be used; the message is one line for the trainee."""


def load_ref(ref: str, seed: int) -> Any:
    """The LoadedScenario for a stored ref. Raises LadderError with one line."""
    if ref == RANDOM_REF:
        from sim.scenarios.generator import generate

        return generate(seed)
    from sim.scenarios.loader import load

    return load(ref)


def ref_for(loaded: Any, random_: bool = False) -> str:
    """How to find this scenario again: its shipped id, else its absolute path."""
    if random_:
        return RANDOM_REF
    from sim.scenarios.loader import shipped_dir

    source = Path(loaded.source)
    try:
        if source.resolve().parent == shipped_dir().resolve():
            return source.stem
    except OSError:
        pass
    return str(source.resolve())


class Session:
    """The game in play. The UI reads `state` and sends actions through `apply`; the stored
    game's writes come from `pending_write`, to be run where the store's connection lives."""

    def __init__(self, state: State, ref: str, game: GameSession | None = None):
        self.state = state
        self.ref = ref
        self.game = game  # None: not stored (a random account, or no results store)

    # ------------------------------------------------------------------ starting
    @classmethod
    def start(
        cls,
        loaded: Any,
        seed: int,
        ref: str,
        *,
        player: str = "",
        stored: bool = False,
        workshop: str | None = None,
        coach: bool = False,
        mode: str = "play",
        slot: str | None = None,
    ) -> Session:
        """A new game. Nothing is written before its first action (see `pending_write`): opening a
        briefing and backing out leaves a saved game in the same slot as it was."""
        from sim.engine.replay import new_game

        state = new_game(loaded, seed)
        if not stored or ref == RANDOM_REF or not player:
            return cls(state, ref)
        from sim.store.session import GameSession

        game = GameSession(None, state, player=player, scenario_ref=ref, workshop=workshop, coach=coach, mode=mode)
        if slot is not None:
            game.slot = slot
        return cls(state, ref, game)

    @classmethod
    def from_state(
        cls,
        state: State,
        ref: str,
        *,
        player: str,
        mode: str,
        stored: bool = False,
        slot: str | None = None,
        coach: bool = False,
    ) -> Session:
        """A live game from a state already played some way (a replay's "what if" branch)."""
        if not stored or ref == RANDOM_REF or not player:
            return cls(state, ref)
        from sim.store.session import GameSession

        game = GameSession(None, state, player=player, scenario_ref=ref, coach=coach, mode=mode)
        if slot is not None:
            game.slot = slot
        return cls(state, ref, game)

    @classmethod
    def resume(cls, saved: Progress) -> Session:
        """Rebuild a game in progress from its saved record, or raise SaveError with a message for the
        trainee. A game that ended before it was recorded is rebuilt finished: `pending_write` records it."""
        from sim.engine.records import Action
        from sim.engine.replay import new_game
        from sim.store.session import GameSession

        try:
            loaded = load_ref(saved.scenario_ref, saved.seed)
        except LadderError as exc:
            raise SaveError(f"the saved game's scenario cannot be loaded: {str(exc).splitlines()[0]}") from None
        if loaded.digest != saved.digest:
            raise SaveError(
                f"the scenario '{saved.scenario}' has changed since this game was saved, "
                "so the saved game cannot be resumed"
            )
        state = new_game(loaded, saved.seed)
        try:
            for d in saved.actions:
                state.apply(Action.from_dict(d))
        except (LadderError, KeyError, TypeError, ValueError, AttributeError) as exc:
            raise SaveError(f"the saved game cannot be replayed: {exc}") from None
        game = GameSession(
            None,
            state,
            player=saved.player,
            scenario_ref=saved.scenario_ref,
            workshop=saved.workshop,
            coach=saved.coach,
            mode=saved.mode,
            started_at=saved.started_at,
        )
        game.slot = saved.slot
        game.resumed = len(saved.actions)
        return cls(state, saved.scenario_ref, game)

    # ------------------------------------------------------------------ reading
    @property
    def scenario_id(self) -> str:
        return self.state.scenario.id

    @property
    def coach(self) -> bool:
        return bool(self.game and self.game.coach)

    @property
    def stored(self) -> bool:
        return self.game is not None

    @property
    def workshop(self) -> str | None:
        return self.game.workshop if self.game else None

    @property
    def game_id(self) -> int | None:
        return self.game.game_id if self.game else None

    # ------------------------------------------------------------------ playing
    def mark_coached(self) -> bool:
        """The coach was shown during this game: the stored game is marked coached. True when the
        saved game must be written again to keep the mark (it has actions and is not over)."""
        if self.game is None or self.game.coach:
            return False
        self.game.coach = True
        return bool(self.state.actions) and not self.state.is_terminal()

    def apply(self, action: Action) -> list[Event]:
        """Apply one action to the engine's state; the events it produced. Saving is the caller's:
        `pending_write()` is the write this action calls for."""
        before = len(self.state.events)
        self.state.apply(action)
        return list(self.state.events[before:])

    def pending_write(self) -> Callable[[Store], int | None] | None:
        """The store write the game needs now (save the game in progress, or record the finished game
        and return its id), as a snapshot job for the store's thread; None for a game not stored."""
        if self.game is None or not self.state.actions:
            return None
        return self.game.pending_write()

    def recorded(self, game_id: int | None) -> None:
        """The store's answer to a write: the finished game's id once it is recorded."""
        if self.game is not None and game_id is not None:
            self.game.game_id = game_id

    def save_to(self, store: Store) -> None:
        """Run the pending write now on this thread (the caller owns `store`'s connection)."""
        job = self.pending_write()
        if job is not None:
            self.recorded(job(store))

    def check(self, action: Action) -> str | None:
        """The engine's reason why the action is not legal now, or None."""
        return self.state.check(action)
