"""Finding a game's scenario again, and resuming a saved game, for the terminal game.

The game in play is `sim.store.session.GameSession` (the one session layer): its progress
is saved in the store after every action (one SQLite transaction, run by the app's store
thread from `pending_write`: the UI never touches a connection) and the finished game is
recorded with the player's name, the workshop code, the coach flag and the mode. A saved
game is resumed by loading the same scenario and re-playing its actions with the same seed
(`sim.engine.replay.replay`; the engine is deterministic). Random accounts are not stored:
they cannot be loaded again by reference.

Importing this module loads neither the engine nor the store (the title screen must paint
before either is needed): their names are imported inside the functions that use them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sim.common.errors import LadderError

if TYPE_CHECKING:
    from sim.scenarios.loader import LoadedScenario
    from sim.store.db import Progress
    from sim.store.session import GameSession

RANDOM_REF = "random"  # the same as sim.store.session.RANDOM_REF, without importing the store


class SaveError(LadderError):
    """A saved game cannot be used; the message is one line for the trainee."""


def load_ref(ref: str, seed: int) -> LoadedScenario:
    """The LoadedScenario for a stored ref. Raises LadderError with one line."""
    if ref == RANDOM_REF:
        from sim.scenarios.generator import generate

        return generate(seed)
    from sim.scenarios.loader import load

    return load(ref)


def ref_for(loaded: LoadedScenario, random_: bool = False) -> str:
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


def resume(saved: Progress) -> GameSession:
    """Rebuild a game in progress from its saved record, or raise SaveError with a message for the
    trainee. A game that ended before it was recorded is rebuilt finished: `pending_write` records it."""
    from sim.store.session import GameSession

    try:
        loaded = load_ref(saved.scenario_ref, saved.seed)
    except LadderError as exc:
        raise SaveError(f"the saved game's scenario cannot be loaded: {str(exc).splitlines()[0]}") from None
    if not loaded.matches(saved.digest):
        raise SaveError(
            f"the scenario '{saved.scenario}' has changed since this game was saved, "
            "so the saved game cannot be resumed"
        )
    try:
        return GameSession.restore(loaded, saved)
    except (LadderError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise SaveError(f"the saved game cannot be replayed: {exc}") from None
