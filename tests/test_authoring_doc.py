"""docs/AUTHORING.md, followed literally: its `sh` blocks are run in order in an empty folder (with
`uv run ladder` as this checkout's `ladder`), each `yaml replace=SECTION` block replaces that
top-level section of the scenario file, and the walk-through must end with a scenario that passes
`ladder check`. A `sh expect-failure` block must fail. Every field of the scenario models is in the
reference table."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "AUTHORING.md"
BLOCK = re.compile(r"^```(\w+)([^\n]*)\n(.*?)^```$", re.S | re.M)
FILE = "kestrel-freight.yaml"


def blocks() -> list[tuple[str, str, str]]:
    return [(m.group(1), m.group(2).strip(), m.group(3)) for m in BLOCK.finditer(GUIDE.read_text(encoding="utf-8"))]


def replace_section(text: str, block: str, key: str) -> str:
    """`text` with its top-level `key:` section (up to the next top-level line) replaced by `block`."""
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
    end = start + 1
    while end < len(lines) and (lines[end][:1] in (" ", "\n", "") or lines[end].startswith("  ")):
        end += 1
    while end > start + 1 and lines[end - 1].strip() == "":  # keep the blank lines before the next section
        end -= 1
    return "".join(lines[:start]) + block + "".join(lines[end:])


def run_sh(script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    ladder = f"{sys.executable} -m sim"
    body = script.replace("uv run ladder", ladder)
    return subprocess.run(
        ["bash", "-e", "-c", body],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        env={**_env(), "PYTHONPATH": str(ROOT)},
    )


def _env() -> dict[str, str]:

    return dict(os.environ)


def test_the_walk_through_ends_with_a_scenario_fit_for_a_workshop(tmp_path: Path) -> None:
    ran_check = passed_check = False
    for lang, info, body in blocks():
        if lang == "sh":
            done = run_sh(body, tmp_path)
            said = done.stdout + done.stderr
            if "expect-failure" in info:
                assert done.returncode != 0, f"this step should fail:\n{body}\n{said}"
                assert "Fix first:" in said and "Fix first: nothing" not in said, said
            else:
                assert done.returncode == 0, f"step failed:\n{body}\n{said}"
            if "ladder check" in body:
                ran_check = True
                passed_check = done.returncode == 0 and "Fix first: nothing" in said
        elif lang == "yaml" and info.startswith("replace="):
            key = info.split("=", 1)[1]
            path = tmp_path / FILE
            path.write_text(replace_section(path.read_text(encoding="utf-8"), body, key), encoding="utf-8")
            yaml.safe_load(path.read_text(encoding="utf-8"))  # still YAML
    assert ran_check and passed_check, "the guide must end with a `ladder check` that passes"
    text = (tmp_path / FILE).read_text(encoding="utf-8")
    assert "Kestrel Freight" in text and "Fernhill" not in text  # every section of the template was rewritten


def test_the_failure_the_guide_shows_is_the_one_the_check_prints() -> None:
    shown = [body for lang, _, body in blocks() if lang == "text" and "Fix first:" in body]
    assert shown and "a dead deal with no evidence to find" in shown[0]


def test_every_field_is_in_the_reference() -> None:
    from pydantic import BaseModel

    from sim.scenarios.schema import Scenario

    guide = GUIDE.read_text(encoding="utf-8")
    seen: set[type[BaseModel]] = set()
    missing: list[str] = []

    def walk(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.add(model)
        for name, field in model.model_fields.items():
            if f"`{name}`" not in guide and f".{name}`" not in guide and f"{name}:" not in guide:
                missing.append(f"{model.__name__}.{name}")
            for inner in _models(field.annotation):
                walk(inner)

    walk(Scenario)
    assert not missing, f"fields the reference does not name: {missing}"


def _models(annotation: object) -> list[type]:
    from pydantic import BaseModel

    out: list[type] = []
    stack = [annotation]
    while stack:
        a = stack.pop()
        if isinstance(a, type) and issubclass(a, BaseModel):
            out.append(a)
        stack.extend(getattr(a, "__args__", ()) or ())
        stack.extend(getattr(a, "__metadata__", ()) or ())
        origin = getattr(a, "__origin__", None)
        if origin is not None and origin is not a:
            stack.append(origin)
    return out
