"""Autosave, best scores and settings: small JSON files in the user data dir.

Pure Python (no Textual), so it can be unit-tested on its own. Every write is atomic:
a temp file in the same folder, fsync, then `os.replace`.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SAVE_FILE = "autosave.json"
BEST_FILE = "best.json"
SETTINGS_FILE = "settings.json"
FORMAT = 1


class SaveError(Exception):
    """The saved game cannot be used; the message is one line for the trainee."""


def data_dir() -> Path:
    """Where the game keeps its files: $LADDER_DATA_DIR, else the platform's user data dir."""
    env = os.environ.get("LADDER_DATA_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("commitment-ladder"))


def write_atomic(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=1, sort_keys=True)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:  # make the rename itself durable where the platform allows it
        dfd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:
        pass


def _read_json(path: Path) -> Any:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


# ---------------------------------------------------------------------- the autosave
@dataclass(slots=True)
class SavedGame:
    scenario: str  # a shipped id, an absolute path, or "random"
    digest: str  # the scenario's content hash when the game started
    seed: int
    actions: list[dict[str, Any]] = field(default_factory=list)
    title: str = ""  # for the title screen only
    week: int = 1

    def to_dict(self) -> dict[str, Any]:
        return {"format": FORMAT, "scenario": self.scenario, "digest": self.digest, "seed": self.seed,
                "actions": list(self.actions), "title": self.title, "week": self.week}

    @classmethod
    def from_dict(cls, d: Any) -> "SavedGame":
        if not isinstance(d, dict) or d.get("format") != FORMAT:
            raise SaveError("the saved game is not in a format this version understands")
        try:
            scenario, digest, seed, actions = d["scenario"], d["digest"], d["seed"], d["actions"]
        except KeyError as exc:
            raise SaveError(f"the saved game is damaged (no {exc.args[0]})") from None
        if not (isinstance(scenario, str) and isinstance(digest, str) and isinstance(seed, int)
                and isinstance(actions, list) and all(isinstance(a, dict) for a in actions)):
            raise SaveError("the saved game is damaged (a field has the wrong type)")
        title = d.get("title") if isinstance(d.get("title"), str) else scenario
        week = d.get("week") if isinstance(d.get("week"), int) else 1
        return cls(scenario, digest, seed, list(actions), title, week)


def save_path() -> Path:
    return data_dir() / SAVE_FILE


def write_save(game: SavedGame) -> None:
    write_atomic(save_path(), game.to_dict())


def read_save() -> SavedGame | None:
    """The autosaved game, None when there is none; SaveError when it cannot be read."""
    path = save_path()
    if not path.exists():
        return None
    try:
        data = _read_json(path)
    except (OSError, ValueError):
        raise SaveError(f"the saved game in {path} is damaged and cannot be resumed") from None
    return SavedGame.from_dict(data)


def clear_save() -> None:
    try:
        save_path().unlink()
    except FileNotFoundError:
        pass


# ---------------------------------------------------------------------- best scores
def read_best() -> dict[str, dict[str, Any]]:
    path = data_dir() / BEST_FILE
    try:
        data = _read_json(path)
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, dict) and isinstance(v.get("total"), int)}


def record_best(scenario_id: str, total: int, grade: str, weeks: int) -> bool:
    """Keep the best score per scenario. True when this one is a new best."""
    best = read_best()
    old = best.get(scenario_id)
    if old is not None and old["total"] >= total:
        return False
    best[scenario_id] = {"total": total, "grade": grade, "weeks": weeks}
    write_atomic(data_dir() / BEST_FILE, best)
    return True


# ---------------------------------------------------------------------- settings
DEFAULT_SETTINGS: dict[str, Any] = {"theme": "textual-dark"}


def read_settings() -> dict[str, Any]:
    try:
        data = _read_json(data_dir() / SETTINGS_FILE)
    except (OSError, ValueError):
        data = {}
    out = dict(DEFAULT_SETTINGS)
    if isinstance(data, dict) and isinstance(data.get("theme"), str):
        out["theme"] = data["theme"]
    return out


def write_settings(settings: dict[str, Any]) -> None:
    write_atomic(data_dir() / SETTINGS_FILE, settings)
