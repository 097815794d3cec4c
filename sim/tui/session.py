"""One game being played in the terminal: the engine's State, tied to the results store.

Pure Python (no Textual). A stored game goes through `sim.store.session.GameSession`: its
progress is saved in the store after every action (one SQLite transaction) and the
finished game is recorded with the player's name, the workshop code, the coach flag and
the mode. A saved game is resumed by starting the same scenario with the same seed and
re-applying the actions (the engine is deterministic). Random accounts are not stored:
they cannot be loaded again by reference.

Importing this module loads neither the engine nor the store (the title screen must paint
before either is needed): their names are imported inside the functions that use them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.errors import LadderError

if TYPE_CHECKING:
    from sim.game import Action, Event, State
    from sim.store.db import Progress, Store
    from sim.store.session import GameSession

RANDOM_REF = "random"


class SaveError(LadderError):
    """A saved game cannot be used; the message is one line for the trainee."""


def generator_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("sim.generator") is not None


def load_ref(ref: str, seed: int) -> Any:
    """The LoadedScenario for a stored ref. Raises LadderError with one line."""
    if ref == RANDOM_REF:
        if not generator_available():
            raise SaveError("random accounts are not available in this build (no sim.generator yet)")
        from sim.generator import generate  # type: ignore[import-not-found]

        return generate(seed)
    from sim.scenario import load

    return load(ref)


def ref_for(loaded: Any, random_: bool = False) -> str:
    """How to find this scenario again: its shipped id, else its absolute path."""
    if random_:
        return RANDOM_REF
    from sim.scenario import shipped_dir

    source = Path(loaded.source)
    try:
        if source.resolve().parent == shipped_dir().resolve():
            return source.stem
    except OSError:
        pass
    return str(source.resolve())


class Session:
    """The game in play. The UI reads `state` and sends actions through `apply`."""

    def __init__(self, state: State, ref: str, game: "GameSession | None" = None):
        self.state = state
        self.ref = ref
        self.game = game  # None: not stored (a random account, or no results store)

    # ------------------------------------------------------------------ starting
    @classmethod
    def start(cls, loaded: Any, seed: int, ref: str, store: "Store | None" = None, *, player: str = "",
              workshop: str | None = None, coach: bool = False, mode: str = "play", resume: bool = False,
              slot: str | None = None) -> "Session":
        from sim.game import new_game

        if store is None or ref == RANDOM_REF or not player:
            return cls(new_game(loaded, seed), ref)
        from sim.store.session import GameSession

        game = GameSession.start(store, loaded, seed, player=player, scenario_ref=ref, workshop=workshop,
                                 coach=coach, mode=mode, resume=resume)
        if slot is not None:
            game.slot = slot
        if not game.state.is_terminal():
            game.save()
        return cls(game.state, ref, game)

    @classmethod
    def from_state(cls, store: "Store | None", state: State, ref: str, *, player: str, mode: str,
                   slot: str | None = None, coach: bool = False) -> "Session":
        """A live game from a state already played some way (a replay's "what if" branch)."""
        if store is None or ref == RANDOM_REF or not player:
            return cls(state, ref)
        from sim.store.session import GameSession

        game = GameSession(store, state, player=player, scenario_ref=ref, coach=coach, mode=mode)
        if slot is not None:
            game.slot = slot
        game.save()
        return cls(state, ref, game)

    @classmethod
    def resume(cls, store: "Store", saved: "Progress") -> "Session":
        """Rebuild a game in progress from the store, or raise SaveError with a message for the trainee."""
        from sim.game import Action, new_game
        from sim.store.session import GameSession

        try:
            loaded = load_ref(saved.scenario_ref, saved.seed)
        except LadderError as exc:
            raise SaveError(f"the saved game's scenario cannot be loaded: {str(exc).splitlines()[0]}") from None
        if loaded.digest != saved.digest:
            raise SaveError(f"the scenario '{saved.scenario}' has changed since this game was saved, "
                            "so the saved game cannot be resumed")
        state = new_game(loaded, saved.seed)
        try:
            for d in saved.actions:
                state.apply(Action.from_dict(d))
        except (LadderError, KeyError, TypeError, ValueError) as exc:
            raise SaveError(f"the saved game cannot be replayed: {exc}") from None
        game = GameSession(store, state, player=saved.player, scenario_ref=saved.scenario_ref,
                           workshop=saved.workshop, coach=saved.coach, mode=saved.mode, started_at=saved.started_at)
        game.slot = saved.slot
        game.resumed = len(saved.actions)
        if state.is_terminal():  # killed between the last action and recording it
            game._record()
        return cls(state, saved.scenario_ref, game)

    # ------------------------------------------------------------------ reading
    @property
    def scenario_id(self) -> str:
        return self.state.scenario.id

    @property
    def coach(self) -> bool:
        return bool(self.game and self.game.coach)

    def mark_coached(self) -> None:
        """The coach was shown during this game: the stored game is marked coached."""
        if self.game is not None and not self.game.coach:
            self.game.coach = True
            if not self.state.is_terminal():
                self.game.save()

    @property
    def workshop(self) -> str | None:
        return self.game.workshop if self.game else None

    @property
    def game_id(self) -> int | None:
        return self.game.game_id if self.game else None

    # ------------------------------------------------------------------ playing
    def apply(self, action: Action) -> list[Event]:
        """Apply one action (then save or record it); the events it produced.

        A StoreError after the engine applied the action means the game went on but the
        store could not keep it; the caller tells the trainee."""
        before = len(self.state.events)
        if self.game is not None:
            self.game.apply(action)
        else:
            self.state.apply(action)
        return list(self.state.events[before:])

    def check(self, action: Action) -> str | None:
        """The engine's reason why the action is not legal now, or None."""
        return self.state.check(action)
