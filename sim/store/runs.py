"""Runs: a finished game as a JSON file that replays exactly.

    {"format": "commitment-ladder-run", "version": 1, "scenario": id, "digest": sha256,
     "seed": n, "engine_version": "0.3.0", "player": name, "actions": [...], "score": {...}, ...}

A run only replays against the very scenario file it was played on (same sha256); any
other is refused with `RunError`, since the same actions would tell a different story.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.common.errors import LadderError

if TYPE_CHECKING:
    from sim.engine.records import Event
    from sim.engine.state import State
    from sim.scenarios.loader import LoadedScenario
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
        d: dict[str, Any] = {
            "format": RUN_FORMAT,
            "version": RUN_VERSION,
            "scenario": self.scenario,
            "digest": self.digest,
            "seed": self.seed,
            "engine_version": self.engine_version,
            "player": self.player,
            "actions": self.actions,
            "score": self.score,
        }
        d.update(self.extra)
        return d


def run_from_record(g: GameRecord) -> Run:
    extra = {
        "game_id": g.id,
        "scenario_ref": g.scenario_ref,
        "workshop": g.workshop,
        "coached": g.coach,
        "mode": g.mode,
        "outcome": g.outcome,
        "weeks": g.weeks,
        "started_at": g.started_at,
        "finished_at": g.finished_at,
    }
    return Run(g.scenario, g.digest, g.seed, g.engine_version, g.player, g.actions, g.score, extra, f"game {g.id}")


def parse_run(data: object, source: str) -> Run:
    if not isinstance(data, dict):
        raise RunError(f"{source}: not a Commitment Ladder run (expected a JSON object, got {type(data).__name__})")
    if data.get("format") != RUN_FORMAT:
        raise RunError(
            f"{source}: not a Commitment Ladder run (format is {data.get('format')!r}, expected {RUN_FORMAT!r})"
        )
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise RunError(f"{source}: field 'version' must be an integer, got {version!r}")
    if version > RUN_VERSION:
        raise RunError(
            f"{source}: run format version {version} is newer than this game reads ({RUN_VERSION}); upgrade `ladder`"
        )
    for key, kind in (
        ("scenario", str),
        ("digest", str),
        ("seed", int),
        ("engine_version", str),
        ("player", str),
        ("actions", list),
    ):
        if key not in data:
            raise RunError(f"{source}: field {key!r} is missing")
        value = data[key]
        if not isinstance(value, kind) or isinstance(value, bool):
            raise RunError(
                f"{source}: field {key!r} must be {'an integer' if kind is int else 'a ' + kind.__name__}, "
                f"got {_short(value)}"
            )
    for i, a in enumerate(data["actions"]):
        check_action(a, f"{source}: actions[{i}]")
    from sim.store.text import MAX_NAME

    # A run file is replayed, never stored: its player is shown escaped, only its size is checked here.
    player = data["player"]
    if not player.strip():
        raise RunError(f"{source}: field 'player': a player name cannot be empty")
    if len(player) > MAX_NAME:
        raise RunError(
            f"{source}: field 'player': a player name is at most {MAX_NAME} characters (this one has {len(player)})"
        )
    score = data.get("score") or {}
    if not isinstance(score, dict):
        raise RunError(f"{source}: field 'score' must be an object, got {_short(score)}")
    known = {"format", "version", "scenario", "digest", "seed", "engine_version", "player", "actions", "score"}
    extra = {k: v for k, v in data.items() if k not in known}
    return Run(
        data["scenario"],
        data["digest"],
        data["seed"],
        data["engine_version"],
        data["player"],
        data["actions"],
        score,
        extra,
        source,
    )


def read_run(path: str | Path) -> Run:
    """Read and check a run file: a regular file of at most MAX_RUN_BYTES, read with that cap."""
    from sim.common.files import FileRefused, read_bounded

    p = Path(path)
    try:
        raw = read_bounded(p, MAX_RUN_BYTES, "a run file")
    except FileRefused as exc:
        raise RunError(f"{p}: cannot read the run: {exc.reason}") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise RunError(f"{p}: not a run file (not UTF-8 text)") from None
    except json.JSONDecodeError as exc:
        raise RunError(f"{p}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    except RecursionError:
        raise RunError(f"{p}: not valid JSON for a run (nested too deeply)") from None
    except ValueError as exc:  # an integer of thousands of digits (int_max_str_digits)
        what = "a number too long" if "digits" in str(exc) else str(exc).splitlines()[0]
        raise RunError(f"{p}: not valid JSON for a run ({what})") from None
    return parse_run(data, str(p))


def dump_run(run: Run) -> str:
    from sim.store.text import safe_json

    return safe_json(run.to_dict(), indent=2) + "\n"


def scenario_for(run: Run, override: str | None = None) -> LoadedScenario:
    """The scenario a run was played on: `override` (a path or id) or the run's own id, checked by digest."""
    from sim.common.errors import ScenarioError, UnknownScenarioError
    from sim.scenarios.loader import load

    refs = [override] if override else [r for r in (run.extra.get("scenario_ref"), run.scenario) if r]
    loaded = None
    problem = ""
    for ref in refs:
        try:
            loaded = load(ref)
            if loaded.scenario.id == run.scenario and loaded.matches(run.digest):
                return loaded
        except (UnknownScenarioError, ScenarioError) as exc:
            problem = str(exc).splitlines()[0]
    if loaded is None:
        raise RunError(f"{run.source}: cannot find scenario {run.scenario!r} to replay it on ({problem})")
    if loaded.scenario.id != run.scenario:
        raise RunError(f"{run.source}: the run was played on {run.scenario!r}, not {loaded.scenario.id!r}")
    raise RunError(
        f"{run.source}: scenario {run.scenario!r} has changed since this run was played "
        f"(digest {run.digest[:12]} then, {loaded.digest[:12]} now); it cannot be replayed faithfully"
    )


def replay_run(
    run: Run,
    loaded: LoadedScenario,
    until_week: int | None = None,
    before_week: int | None = None,
    *,
    count: int | None = None,
    on_step: Callable[[int, int, list[Event]], None] | None = None,
) -> State:
    """Re-play the run's actions through the engine's one replay (`sim.engine.replay.replay`): all of
    them, the first `count`, those up to and including `until_week`, or those before `before_week`.
    `on_step(index, week, events)` follows each action. A malformed or illegal action raises
    RunError naming the run, the action's index and its week."""
    from sim.engine.replay import ReplayError, replay

    def checked() -> Iterator[dict[str, Any]]:
        for i, a in enumerate(run.actions):
            check_action(a, f"{run.source}: actions[{i}]")  # one line naming the field, before the engine sees it
            yield a

    try:
        return replay(
            loaded, run.seed, checked(), count=count, until_week=until_week, before_week=before_week, on_step=on_step
        )
    except ReplayError as exc:
        raise RunError(f"{run.source}: {exc}") from None


_KINDS = ("meet", "consensus", "wait", "walk_away")
_OPTIONAL = {
    "player": (str, "text or null"),
    "topic": (str, "text or null"),
    "ask": (int, "a whole number or null"),
    "fallback": (int, "a whole number or null"),
}


def check_action(a: object, where: str) -> None:
    """An action as a run stores it: an object with a known `kind` and fields of the right types.

    Checked before `Action.from_dict`, so a hostile file gets one line naming the field, never a
    TypeError from deep inside the engine."""
    if not isinstance(a, dict):
        raise RunError(f"{where} must be an object, got {_short(a)}")
    kind = a.get("kind")
    if not isinstance(kind, str) or kind not in _KINDS:
        raise RunError(f"{where}: field 'kind' must be one of {', '.join(_KINDS)}, got {_short(kind)}")
    unknown = sorted(str(k) for k in a if k not in _OPTIONAL and k not in ("kind", "schedule"))
    if unknown:
        raise RunError(f"{where}: unknown field(s) {_short(', '.join(unknown))}")
    for key, (kind_of, words) in _OPTIONAL.items():
        value = a.get(key)
        if value is not None and (not isinstance(value, kind_of) or isinstance(value, bool)):
            raise RunError(f"{where}: field {key!r} must be {words}, got {_short(value)}")
    if "schedule" in a and not isinstance(a["schedule"], bool):
        raise RunError(f"{where}: field 'schedule' must be true or false, got {_short(a['schedule'])}")


def run_problem(run: Run, state: State) -> str | None:
    """What is wrong with a run replayed in full to `state`, in one line, or None.

    An unfinished run (its actions end before the game does), or a score that does not match
    its actions (the file was edited, or another engine recorded it: both are named)."""
    if not state.is_terminal():
        return (
            f"{run.source}: this run is unfinished: its {len(run.actions)} actions end in week "
            f"{state.week}, before the game was over"
        )
    if same_score(run.score, state):
        return None
    import sim

    said, now = run.score.get("total"), state.score().total
    said_text = f"{said}/100" if isinstance(said, int) and not isinstance(said, bool) else _short(said)
    engines = (
        ""
        if run.engine_version == sim.ENGINE_VERSION
        else f"; it was recorded by engine {_short(run.engine_version)}, this is {sim.ENGINE_VERSION}"
    )
    if said == now:  # the same total, another breakdown (points moved between rules)
        return (
            f"{run.source}: the debrief in this file does not match its actions (the same {now}/100, "
            f"reached by other rules{engines})"
        )
    return (
        f"{run.source}: the score in this file does not match its actions (the file says {said_text}, "
        f"the actions score {now}/100{engines})"
    )


def same_score(recorded: dict[str, Any], state: State) -> bool:
    """Does the replayed game score exactly as recorded (ignoring the coach mark)?"""
    if not recorded:
        return True
    again = state.score().to_dict()
    mine = {k: v for k, v in recorded.items() if k != "coached"}
    return bool(mine == again)


def _short(value: object) -> str:
    text = repr(value) if not isinstance(value, (dict, list)) else type(value).__name__
    return text if len(text) <= 40 else text[:37] + "..."
