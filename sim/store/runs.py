"""Runs: a finished game as a JSON file that replays exactly.

    {"format": "commitment-ladder-run", "version": 1, "scenario": id, "digest": sha256,
     "seed": n, "engine_version": "0.1.0", "player": name, "actions": [...], "score": {...}, ...}

A run only replays against the very scenario file it was played on (same sha256); any
other is refused with `RunError`, since the same actions would tell a different story.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.errors import LadderError

if TYPE_CHECKING:
    from sim.game import State
    from sim.scenario import LoadedScenario
    from sim.store.db import GameRecord

RUN_FORMAT = "commitment-ladder-run"
RUN_VERSION = 1
MAX_RUN_BYTES = 4 * 1024 * 1024  # a finished game's run file is a few KB


class RunError(LadderError):
    """A run file cannot be read or replayed; the message names the file and the field."""


@dataclass(frozen=True, slots=True)
class Run:
    scenario: str
    digest: str
    seed: int
    engine_version: str
    player: str
    actions: list[dict[str, Any]]
    score: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)  # game_id, workshop, coach, outcome, weeks, times
    source: str = "run"

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"format": RUN_FORMAT, "version": RUN_VERSION, "scenario": self.scenario,
                             "digest": self.digest, "seed": self.seed, "engine_version": self.engine_version,
                             "player": self.player, "actions": self.actions, "score": self.score}
        d.update(self.extra)
        return d


def run_from_record(g: "GameRecord") -> Run:
    extra = {"game_id": g.id, "scenario_ref": g.scenario_ref, "workshop": g.workshop, "coached": g.coach,
             "mode": g.mode, "outcome": g.outcome, "weeks": g.weeks, "started_at": g.started_at,
             "finished_at": g.finished_at}
    return Run(g.scenario, g.digest, g.seed, g.engine_version, g.player, g.actions, g.score, extra, f"game {g.id}")


def parse_run(data: Any, source: str) -> Run:
    if not isinstance(data, dict):
        raise RunError(f"{source}: not a Commitment Ladder run (expected a JSON object, got {type(data).__name__})")
    if data.get("format") != RUN_FORMAT:
        raise RunError(f"{source}: not a Commitment Ladder run (format is {data.get('format')!r}, "
                       f"expected {RUN_FORMAT!r})")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise RunError(f"{source}: field 'version' must be an integer, got {version!r}")
    if version > RUN_VERSION:
        raise RunError(f"{source}: run format version {version} is newer than this game reads ({RUN_VERSION}); "
                       "upgrade `ladder`")
    for key, kind in (("scenario", str), ("digest", str), ("seed", int), ("engine_version", str),
                      ("player", str), ("actions", list)):
        if key not in data:
            raise RunError(f"{source}: field {key!r} is missing")
        value = data[key]
        if not isinstance(value, kind) or isinstance(value, bool):
            raise RunError(f"{source}: field {key!r} must be {'an integer' if kind is int else 'a ' + kind.__name__}, "
                           f"got {_short(value)}")
    for i, a in enumerate(data["actions"]):
        if not isinstance(a, dict):
            raise RunError(f"{source}: actions[{i}] must be an object, got {_short(a)}")
    score = data.get("score") or {}
    if not isinstance(score, dict):
        raise RunError(f"{source}: field 'score' must be an object, got {_short(score)}")
    known = {"format", "version", "scenario", "digest", "seed", "engine_version", "player", "actions", "score"}
    extra = {k: v for k, v in data.items() if k not in known}
    return Run(data["scenario"], data["digest"], data["seed"], data["engine_version"], data["player"],
               data["actions"], score, extra, source)


def read_run(path: str | Path) -> Run:
    """Read and check a run file: a regular file of at most MAX_RUN_BYTES, read with that cap."""
    from sim.files import FileRefused, read_bounded

    p = Path(path)
    try:
        raw = read_bounded(p, MAX_RUN_BYTES, "a run file")
    except FileRefused as exc:
        raise RunError(str(exc)) from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise RunError(f"{p}: not a run file (not UTF-8 text)") from None
    except json.JSONDecodeError as exc:
        raise RunError(f"{p}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    return parse_run(data, str(p))


def dump_run(run: Run) -> str:
    from sim.store.text import safe_json

    return safe_json(run.to_dict(), indent=2) + "\n"


def scenario_for(run: Run, override: str | None = None) -> "LoadedScenario":
    """The scenario a run was played on: `override` (a path or id) or the run's own id, checked by digest."""
    from sim.errors import ScenarioError, UnknownScenarioError
    from sim.scenario import load

    refs = [override] if override else [r for r in (run.extra.get("scenario_ref"), run.scenario) if r]
    loaded = None
    problem = ""
    for ref in refs:
        try:
            loaded = load(ref)
            if loaded.scenario.id == run.scenario and loaded.digest == run.digest:
                return loaded
        except (UnknownScenarioError, ScenarioError) as exc:
            problem = str(exc).splitlines()[0]
    if loaded is None:
        raise RunError(f"{run.source}: cannot find scenario {run.scenario!r} to replay it on ({problem})")
    if loaded.scenario.id != run.scenario:
        raise RunError(f"{run.source}: the run was played on {run.scenario!r}, not {loaded.scenario.id!r}")
    raise RunError(f"{run.source}: scenario {run.scenario!r} has changed since this run was played "
                   f"(digest {run.digest[:12]} then, {loaded.digest[:12]} now); it cannot be replayed faithfully")


def replay_run(run: Run, loaded: "LoadedScenario", until_week: int | None = None,
               before_week: int | None = None) -> "State":
    """Re-play the run's actions: all of them, those up to and including `until_week`, or those before `before_week`."""
    from sim.errors import IllegalActionError
    from sim.game import Action, State

    state = State(loaded, run.seed)
    for i, a in enumerate(run.actions):
        if state.is_terminal():
            raise RunError(f"{run.source}: actions[{i}]: the game was already over after {i} actions")
        if until_week is not None and state.week > until_week:
            break
        if before_week is not None and state.week >= before_week:
            break
        try:
            state.apply(Action.from_dict(a))
        except IllegalActionError as exc:
            raise RunError(f"{run.source}: actions[{i}] (week {state.week}): {exc}") from None
    return state


def same_score(recorded: dict[str, Any], state: "State") -> bool:
    """Does the replayed game score exactly as recorded (ignoring the coach mark)?"""
    if not recorded:
        return True
    again = state.score().to_dict()
    mine = {k: v for k, v in recorded.items() if k != "coached"}
    return mine == again


def _short(value: Any) -> str:
    text = repr(value) if not isinstance(value, (dict, list)) else type(value).__name__
    return text if len(text) <= 40 else text[:37] + "..."
