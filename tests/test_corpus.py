"""The scenario corpus: every broken file is refused with a clear, located, one-line problem.

`tests/corpus/broken/` holds small files, each wrong in one way; `expected.yaml` says what
refusing each one must say. `tests/corpus/valid/` holds minimal files that must load.
"""

from __future__ import annotations

import hashlib
import random
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from sim.common.errors import ScenarioError
from sim.scenarios.loader import parse
from sim.scenarios.schema import Scenario

CORPUS = Path(__file__).parent / "corpus"
BROKEN = sorted((CORPUS / "broken").iterdir())
VALID = sorted((CORPUS / "valid").glob("*.yaml"))
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))

# Words that belong to pydantic or PyYAML internals, never to a message a user reads.
NOISE = (
    "function-after",
    "function-before",
    "function-wrap",
    "tagged-union",
    "constrained-str",
    "[key]",
    "Input should",
    "Value error",
    "pydantic",
    "errors.pydantic.dev",
    "Traceback",
)


def junk_bytes() -> bytes:
    """The content of `broken/binary-junk.yaml`: a SHA-256 chain from a fixed seed, with a
    NUL byte placed inside it, so the file can be rebuilt and checked byte for byte."""
    block, out = b"commitment-ladder corpus: binary junk", b""
    while len(out) < 512:
        block = hashlib.sha256(block).digest()
        out += block
    return out[:64] + b"\x00" + out[64:511]


def _reject(path: Path) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        parse(path.read_bytes(), str(path))
    return info.value


def test_corpus_is_large_enough_and_fully_described() -> None:
    names = {p.name for p in BROKEN}
    assert len(names) >= 18
    assert names == set(EXPECTED), "every broken file needs an entry in expected.yaml, and only those"
    assert 2 <= len(VALID) <= 3


def test_binary_junk_file_is_the_deterministic_bytes() -> None:
    raw = (CORPUS / "broken" / "binary-junk.yaml").read_bytes()
    assert raw == junk_bytes()
    assert b"\x00" in raw


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.name)
def test_broken_file_is_refused_clearly(path: Path) -> None:
    try:
        parse(path.read_bytes(), str(path))
    except ScenarioError as exc:
        err = exc
    except BaseException as exc:  # noqa: BLE001 - the point: nothing but ScenarioError
        pytest.fail(f"{path.name}: raised {type(exc).__name__} instead of ScenarioError: {exc}")
    else:
        pytest.fail(f"{path.name}: was accepted")

    assert err.problems
    for problem in err.problems:
        assert "\n" not in problem and "\r" not in problem, problem
        assert problem.strip() == problem and problem
        for word in NOISE:
            assert word not in problem, f"pydantic/yaml noise {word!r} in: {problem}"
    lines = err.lines()
    assert len(lines) == len(err.problems)
    for line in lines:
        assert line.startswith(f"{path}: "), line
        assert "\n" not in line
    assert str(err).splitlines() == lines

    spec = EXPECTED[path.name]
    for needle in spec["contains"]:
        assert any(needle in p for p in err.problems), f"{needle!r} not in {err.problems}"
    if "line" in spec:
        assert any(f"(line {spec['line']})" in p for p in err.problems), err.problems


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.name)
def test_broken_file_is_refused_quickly(path: Path) -> None:
    # A guard against expansion (the alias bomb) and runaway nesting, not a benchmark.
    raw = path.read_bytes()
    start = time.perf_counter()
    with pytest.raises(ScenarioError):
        parse(raw, path.name)
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_file_loads(path: Path) -> None:
    scenario = parse(path.read_bytes(), str(path))
    assert isinstance(scenario, Scenario)
    assert len(scenario.rungs) == 10


def test_valid_corpus_covers_each_style() -> None:
    scenarios = {p.name: parse(p.read_bytes(), p.name) for p in VALID}
    assert any(not s.ladder for s in scenarios.values()), "one file uses the default ladder"
    assert any(s.ladder for s in scenarios.values()), "one file renames the ladder"
    assert any(c.name is None for s in scenarios.values() for c in s.cast), "one file leaves names to Faker"


def test_problems_from_the_same_source_repeat_exactly() -> None:
    path = CORPUS / "broken" / "unknown-field.yaml"
    assert _reject(path).problems == _reject(path).problems


def test_control_characters_in_user_text_stay_on_one_line() -> None:
    raw = (CORPUS / "valid" / "default-ladder.yaml").read_bytes()
    raw = raw.replace(b'"Sure, {name} here is happy to help."', b'"Hi {na\\nme\\u001b[31m}"')
    err = _reject_bytes(raw)
    assert any("unknown placeholder" in p for p in err.problems), err.problems
    for p in err.problems:
        assert p.isprintable(), repr(p)


def _reject_bytes(raw: bytes) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        parse(raw, "mutant.yaml")
    return info.value


@pytest.mark.parametrize("seed", range(4))
def test_mutated_files_never_raise_anything_else(seed: int) -> None:
    """Cut, flip and splice a valid file at random (seeded): parse either accepts the
    result or raises ScenarioError with printable one-line problems."""
    rng = random.Random(seed)
    base = (CORPUS / "valid" / "faker-names.yaml").read_bytes()
    for _ in range(60):
        raw = bytearray(base)
        for _ in range(rng.randint(1, 4)):
            op = rng.choice(("cut", "flip", "dup", "junk"))
            i = rng.randrange(len(raw))
            if op == "cut":
                del raw[i : i + rng.randint(1, 40)]
            elif op == "flip":
                raw[i] = rng.randrange(256)
            elif op == "dup":
                j = rng.randrange(len(raw))
                raw[i:i] = raw[j : j + rng.randint(1, 60)]
            else:
                raw[i:i] = rng.choice((b"[", b"{", b"&a ", b"*a", b"\t", b": ", b"- ", b"!!", b"'", b"\xff", b"\n  "))
        try:
            parse(bytes(raw), "mutant.yaml")
        except ScenarioError as exc:
            for p in exc.problems:
                assert p and p.isprintable(), repr(p)
                for word in NOISE:
                    assert word not in p, p


BASE = (CORPUS / "valid" / "default-ladder.yaml").read_text(encoding="utf-8")
CAST_OF_13 = "cast:\n" + "".join(
    f"  - {{id: p{i}, title: Person {i}, archetype: economic_buyer, power: 1}}\n" for i in range(13)
)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "id: manager",
            "id: Shop Manager",
            "cast[0].id (line 19): expected an id of lowercase letters, digits and hyphens",
        ),
        ("winnable: true", "winnable: perhaps", "truth.winnable (line 16): expected true or false, got 'perhaps'"),
        ("deal_value: 12000", "deal_value: 1.5", "offering.deal_value (line 12): expected a whole number, got 1.5"),
        ("deal_value: 12000", "deal_value: 0", "offering.deal_value (line 12): must be more than 0, got 0"),
        ("title: A Small Deal", "title: ''", "title (line 3): must not be empty"),
        ("title: A Small Deal", "title: " + "x" * 4001, "title (line 3): allows at most 4000 characters, got 4001"),
        (
            "power: 2",
            "power: 2\n    facts: {wizardry: yes}",
            "cast[0].facts.wizardry (line 24): expected one of 'goals', 'process', 'concerns', 'budget', "
            "got 'wizardry'",
        ),
        (
            '      on_target_ask:\n        - "Sure, {name} here is happy to help."',
            "      on_target_ask: just one line",
            "cast[0].lines.on_target_ask (line 26): expected a list, got 'just one line'",
        ),
        (
            '      on_target_ask:\n        - "Sure, {name} here is happy to help."',
            "      on_target_ask: []",
            "cast[0].lines.on_target_ask (line 26): needs at least 1 item, got 0",
        ),
        (
            "account:\n  company: Inkwell Print\n  industry: Commercial printing",
            "account: Inkwell Print",
            "account (line 7): expected a mapping of fields, got 'Inkwell Print'",
        ),
        (
            "    archetype: supporter",
            "    archetype: supporter\n    unmovable: true",
            "cast[0].unmovable (line 23): only an adversary can be unmovable",
        ),
        (
            "  company: Inkwell Print",
            "  company: Inkwell Print\n  compnay: Inkwell",
            "account.compnay (line 9): is not a known field (did you mean 'company'?)",
        ),
    ],
)
def test_problem_messages(old: str, new: str, expected: str) -> None:
    assert old in BASE
    err = _reject_bytes(BASE.replace(old, new, 1).encode())
    assert any(expected in p for p in err.problems), err.problems


def test_too_many_cast_members() -> None:
    raw = BASE[: BASE.index("cast:")] + CAST_OF_13
    err = _reject_bytes(raw.encode())
    assert any(p.startswith("cast (line 18): allows at most 12 items, got 13") for p in err.problems), err.problems
