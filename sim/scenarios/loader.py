"""Loading scenario files: a shipped id or a path, read with a size cap, parsed with the strict
YAML loader, validated against the schema; errors name the file, the field and the line."""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from sim.common.errors import ScenarioError, UnknownScenarioError
from sim.scenarios import yamlsafe
from sim.scenarios.identity import canonical_digest, raw_digest
from sim.scenarios.problems import hidden_characters, one_line, validation_problems
from sim.scenarios.schema import Scenario
from sim.scenarios.variants import ResolvedVariant, resolve_variants

SCENARIO_DIRS = (
    Path(__file__).resolve().parent.parent.parent / "scenarios",  # a source checkout
    Path(__file__).resolve().parent.parent / "scenarios",  # an installed wheel
)


class LoadedScenario:
    """A validated scenario and where it came from, with each of its variants resolved into a
    whole scenario (the engine draws one per game). `digest` identifies it: a hash of its
    canonical content (`sim.scenarios.identity`); `raw_digest`, the hash of its file's bytes that
    older records hold, if it came from a file."""

    __slots__ = ("scenario", "source", "digest", "raw_digest", "variants")

    def __init__(self, scenario: Scenario, source: str, digest: str, raw_digest: str | None = None):
        self.scenario = scenario
        self.source = source
        self.digest = digest
        self.raw_digest = raw_digest
        self.variants: tuple[ResolvedVariant, ...] = resolve_variants(scenario)

    def matches(self, stored: str) -> bool:
        """Whether a record's stored digest names this scenario: the canonical digest, or (for a
        record made before it) the raw digest of this very file."""
        return stored == self.digest or (self.raw_digest is not None and stored == self.raw_digest)


def parse(raw: bytes, source: str) -> Scenario:
    """Validate the bytes of a scenario file. Raises ScenarioError naming `source`."""
    try:
        data, lines = yamlsafe.load(raw)
    except yamlsafe.YamlProblem as exc:
        where = f" (line {exc.line})" if exc.line else ""
        raise ScenarioError(source, [one_line(f"{exc}{where}")]) from None
    if not isinstance(data, dict):
        kinds: dict[type, str] = {list: "a list", str: "a line of text"}
        what = kinds.get(type(data), type(data).__name__)
        raise ScenarioError(source, [f"expected a mapping of scenario fields at the top level, got {what}"])
    hidden = hidden_characters(data, (), lines)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        problems = hidden + validation_problems(exc, data, lines, Scenario)
        raise ScenarioError(source, sorted(set(problems), key=problems.index)) from None
    if hidden:
        raise ScenarioError(source, hidden)
    return scenario


def load_path(path: str | Path) -> LoadedScenario:
    """Read and check one scenario file (a regular file of at most `yamlsafe.MAX_BYTES`)."""
    from sim.common.files import FileRefused

    p = Path(path)
    try:
        raw = yamlsafe.read(p)
    except FileRefused as exc:
        raise ScenarioError(str(p), [exc.reason]) from None
    scenario = parse(raw, str(p))
    return LoadedScenario(scenario, str(p), canonical_digest(scenario), raw_digest(raw))


def shipped_dir() -> Path:
    for d in SCENARIO_DIRS:
        if d.is_dir():
            return d
    return SCENARIO_DIRS[0]


# The order a newcomer should meet them in: the tutorial first (also the campaign's order).
CAMPAIGN_ORDER = ("first-rung", "consensus-meeting", "another-bidder", "not-the-right-time", "slow-courtship")


def shipped_ids() -> list[str]:
    """The shipped scenarios, in campaign order (any others after, by id)."""
    ids = [p.stem for p in shipped_dir().glob("*.yaml")]
    rank = {sid: i for i, sid in enumerate(CAMPAIGN_ORDER)}
    return sorted(ids, key=lambda sid: (rank.get(sid, len(rank)), sid))


@lru_cache(maxsize=64)
def _load_cached(path: str, mtime: float) -> LoadedScenario:
    return load_path(path)


def load(ref: str | Path) -> LoadedScenario:
    """A shipped id (`consensus-meeting`) or a path to a file."""
    ref_s = str(ref)
    candidate = shipped_dir() / f"{ref_s}.yaml"
    if re.fullmatch(r"[a-z0-9][a-z0-9-]*", ref_s) and candidate.is_file():
        path = candidate
    elif Path(ref_s).is_file():
        path = Path(ref_s)
    elif os.path.lexists(ref_s):
        return load_path(ref_s)  # a FIFO, device or folder: refused with its own one-line reason
    else:
        known = ", ".join(shipped_ids())
        raise UnknownScenarioError(f"no scenario {ref_s!r}: not a shipped id ({known}) and not a file")
    return _load_cached(str(path.resolve()), path.stat().st_mtime)


def all_shipped() -> list[LoadedScenario]:
    return [load(i) for i in shipped_ids()]
