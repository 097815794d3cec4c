"""The golden games: which games they are, how each is played, the data file that records
them (`games.json`), and how a replay is compared with it and explained when it differs."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.golden.canonical import GameState, canonical, digest, engine

DATA = Path(__file__).resolve().parent / "games.json"
BOTS = ("random", "reckless", "timid", "climber")
SEEDS = range(1, 21)  # game seeds of the shipped scenarios, and the generated accounts' seeds
EXPERT_SEEDS = range(1, 6)  # the expert plans with look-ahead: fewer games
REGENERATE = "uv run python -m tests.golden --write"
# The games kept whole, to show the first event that differs: every outcome, every bot,
# every shipped scenario and three generated accounts.
FULL = (
    "first-rung/climber/1",
    "consensus-meeting/expert/2",
    "another-bidder/reckless/3",
    "not-the-right-time/timid/4",
    "not-the-right-time/climber/5",
    "slow-courtship/random/15",
    "consensus-meeting/random/4",
    "slow-courtship/expert/1",
    "random:2/climber/2",
    "random:3/timid/3",
    "random:5/expert/5",
    "first-rung/random/4",  # walked away from a winnable deal (issue 11's rules)
)


class GoldenDataError(Exception):
    """The golden data file cannot be read (the message is one line naming the file)."""


def game_keys() -> list[str]:
    """Every golden game as "<scenario>/<bot>/<seed>"; a generated account is "random:<seed>"
    and is played with its own seed as the game's seed."""
    refs = list(engine().shipped_ids()) + [f"random:{n}" for n in SEEDS]
    keys = [f"{ref}/{bot}/{seed}" for ref in refs for bot in BOTS for seed in _seeds(ref, SEEDS)]
    keys += [f"{ref}/expert/{seed}" for ref in refs for seed in _seeds(ref, EXPERT_SEEDS)]
    return keys


def _seeds(ref: str, seeds: range) -> list[int]:
    if ref.startswith("random:"):
        n = int(ref.removeprefix("random:"))
        return [n] if n in seeds else []
    return list(seeds)


def play(key: str) -> GameState:
    """Play one golden game from its key."""
    ref, bot, seed = key.rsplit("/", 2)
    e = engine()
    loaded = e.generate(int(ref.removeprefix("random:"))) if ref.startswith("random:") else e.load(ref)
    return e.run_one(loaded, bot, int(seed))


def build() -> dict[str, Any]:
    """Replay every golden game now: the data file's content."""
    digests: dict[str, str] = {}
    games: dict[str, Any] = {}
    for key in game_keys():
        form = canonical(play(key))
        digests[key] = digest(form)
        if key in FULL:
            games[key] = form
    return {
        "about": f"Golden games (tests/golden/README.md). Regenerate: {REGENERATE}",
        "digests": digests,
        "games": games,
    }


@dataclass
class Diff:
    """How the games replayed now differ from the recorded ones."""

    path: Path
    checked: int
    changed: list[str] = field(default_factory=list)
    new: list[str] = field(default_factory=list)  # played now, not recorded
    gone: list[str] = field(default_factory=list)  # recorded, no longer played
    details: dict[str, str] = field(default_factory=dict)  # whole games: the first difference

    @property
    def count(self) -> int:
        return len(self.changed) + len(self.new) + len(self.gone)

    @property
    def ok(self) -> bool:
        return self.count == 0


def compare(old: dict[str, Any], now: dict[str, Any] | None = None, path: Path = DATA) -> Diff:
    """Compare recorded data with the games replayed now (`now`, built when not given)."""
    now = build() if now is None else now
    before, after = old["digests"], now["digests"]
    diff = Diff(path, len(after))
    diff.changed = [k for k in after if k in before and before[k] != after[k]]
    diff.new = [k for k in after if k not in before]
    diff.gone = [k for k in before if k not in after]
    for k in diff.changed:
        if k in old["games"] and k in now["games"]:
            diff.details[k] = first_difference(old["games"][k], now["games"][k])
    return diff


def summary(diff: Diff) -> str:
    n = diff.count
    verb = "game differs" if n == 1 else "games differ"
    return (
        f"checked {diff.checked} golden games against {diff.path}: {n} {verb} "
        f"({len(diff.changed)} changed, {len(diff.new)} new, {len(diff.gone)} gone)"
    )


def report(diff: Diff, limit: int = 20, hint: bool = True) -> str:
    """The summary line, the games that differ and, for the whole games, the first difference;
    with `hint`, how to regenerate."""
    lines = [summary(diff)]
    for label, keys in (("changed", diff.changed), ("new", diff.new), ("gone", diff.gone)):
        lines += [f"  {label}: {k}" for k in keys[:limit]]
        if len(keys) > limit:
            lines.append(f"  ... and {len(keys) - limit} more {label}")
    for k, text in diff.details.items():
        lines.append(f"{k}: {text}")
    if diff.changed and not diff.details:
        lines.append(
            f"  (no whole game among them; see one with: uv run python -m tests.golden --show {diff.changed[0]})"
        )
    if hint and not diff.ok:
        lines.append(f"If the change of behaviour is intended, regenerate: {REGENERATE}")
    return "\n".join(lines)


def first_difference(old: dict[str, Any], new: dict[str, Any]) -> str:
    """The first place two canonical forms differ, readably: an action, an event (only its
    fields that differ), the end of the game or the score."""
    for part in ("actions", "events"):
        a, b = old.get(part, []), new.get(part, [])
        for i in range(max(len(a), len(b))):
            x = a[i] if i < len(a) else None
            y = b[i] if i < len(b) else None
            if x != y:
                where = f"{part[:-1]} {i}"
                if isinstance(x, dict) and isinstance(y, dict):
                    if part == "events":
                        where += f" (week {y.get('week')}, {y.get('kind')}, {y.get('player')})"
                    fields = sorted(k for k in set(x) | set(y) if x.get(k) != y.get(k))
                    return f"first difference at {where}: " + "; ".join(
                        f"{k} was {json.dumps(x.get(k))}, now {json.dumps(y.get(k))}" for k in fields
                    )
                return f"first difference at {where}: was {json.dumps(x)}, now {json.dumps(y)}"
    for part in ("end", "score"):
        x, y = old.get(part, {}), new.get(part, {})
        if x != y:
            fields = sorted(k for k in set(x) | set(y) if x.get(k) != y.get(k))
            return f"first difference in the {part}: " + "; ".join(
                f"{k} was {json.dumps(x.get(k))}, now {json.dumps(y.get(k))}" for k in fields
            )
    return "the whole forms are equal (only the recorded digest differs)"


def load_data(path: Path) -> dict[str, Any]:
    """Read a golden data file; GoldenDataError (one line, naming the file) when it is unusable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GoldenDataError(f"{path}: no such file (create it with: {REGENERATE})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldenDataError(f"{path}: cannot read it: {exc}") from None
    except json.JSONDecodeError as exc:
        raise GoldenDataError(f"{path}: not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("digests"), dict)
        or not isinstance(data.get("games"), dict)
    ):
        raise GoldenDataError(f'{path}: not a golden data file (needs the objects "digests" and "games")')
    return data


def write_data(path: Path, data: dict[str, Any]) -> None:
    """Write the data file atomically: one action or event a line, so a diff reads well."""
    text = pretty(data) + "\n"
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def pretty(value: Any, flat_at: int = 4, depth: int = 0) -> str:
    """JSON with sorted keys, nested containers on their own lines down to `flat_at` levels
    (the data file: 4, one action or event a line; one game: 2), compact below."""
    if depth >= flat_at or not isinstance(value, (dict, list)) or not value:
        return json.dumps(value, sort_keys=True, separators=(",", ":"))
    pad, end = " " * (depth + 1), "\n" + " " * depth
    if isinstance(value, dict):
        items = [f"{pad}{json.dumps(k)}: {pretty(value[k], flat_at, depth + 1)}" for k in sorted(value)]
        return "{\n" + ",\n".join(items) + end + "}"
    return "[\n" + ",\n".join(f"{pad}{pretty(v, flat_at, depth + 1)}" for v in value) + end + "]"
