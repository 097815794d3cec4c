"""One game being played in the terminal: the engine's State plus where it came from.

Pure Python (no Textual). Every action is applied by the engine and then autosaved; a
saved game is resumed by starting the same scenario with the same seed and re-applying the
actions (the engine is deterministic).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sim.errors import LadderError
from sim.game import Action, Event, State, new_game
from sim.tui import save

RANDOM_REF = "random"


def generator_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("sim.generator") is not None


def load_ref(ref: str, seed: int) -> Any:
    """The LoadedScenario for a saved ref. Raises LadderError or SaveError with one line."""
    if ref == RANDOM_REF:
        if not generator_available():
            raise save.SaveError("random accounts are not available in this build (no sim.generator yet)")
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

    def __init__(self, state: State, ref: str, autosave: bool = True):
        self.state = state
        self.ref = ref
        self.autosave = autosave

    @classmethod
    def start(cls, loaded: Any, seed: int, ref: str, autosave: bool = True) -> "Session":
        s = cls(new_game(loaded, seed), ref, autosave)
        s.save()
        return s

    @classmethod
    def resume(cls, saved: save.SavedGame) -> "Session":
        """Rebuild the saved game, or raise SaveError with a message for the trainee."""
        try:
            loaded = load_ref(saved.scenario, saved.seed)
        except LadderError as exc:
            raise save.SaveError(f"the saved game's scenario cannot be loaded: {exc}") from None
        if loaded.digest != saved.digest:
            raise save.SaveError(
                f"the scenario '{saved.title or saved.scenario}' has changed since this game was saved, "
                "so the saved game cannot be resumed")
        state = new_game(loaded, saved.seed)
        try:
            for d in saved.actions:
                state.apply(Action.from_dict(d))
        except LadderError as exc:
            raise save.SaveError(f"the saved game cannot be replayed: {exc}") from None
        return cls(state, saved.scenario)

    @property
    def scenario_id(self) -> str:
        return self.state.scenario.id

    def saved(self) -> save.SavedGame:
        st = self.state
        return save.SavedGame(self.ref, st.loaded.digest, st.seed, [a.to_dict() for a in st.actions],
                              st.scenario.title, st.week)

    def save(self) -> None:
        if not self.autosave:
            return
        if self.state.is_terminal():
            save.clear_save()  # nothing left to continue
        else:
            save.write_save(self.saved())

    def apply(self, action: Action) -> list[Event]:
        """Apply one action; the events it produced (a meeting, a step slipping, the horizon)."""
        before = len(self.state.events)
        self.state.apply(action)
        self.save()
        events = self.state.events[before:]
        if self.state.is_terminal() and self.autosave and self.ref != RANDOM_REF:
            s = self.state.score()
            save.record_best(self.scenario_id, s.total, s.grade, s.weeks)
        return list(events)

    def check(self, action: Action) -> str | None:
        """The engine's reason why the action is not legal now, or None. Uses a clone."""
        probe = self.state.clone()
        try:
            probe.apply(action)
        except LadderError as exc:
            return str(exc)
        finally:
            probe.close()
        return None
