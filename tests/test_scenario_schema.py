"""The JSON Schema of scenario files (`ladder schema`, shipped as scenarios/scenario.schema.json):
generated from the loader's own models, so every file the loader accepts validates against it,
and a broken one is refused by both."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from sim.cli import cli
from sim.common.errors import ScenarioError
from sim.scenarios import yamlsafe
from sim.scenarios.loader import parse, shipped_dir
from sim.scenarios.schema_doc import FILE_NAME, MODELINE, json_schema, schema_text

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = sorted(shipped_dir().glob("*.yaml"))
CORPUS_GOOD = sorted((ROOT / "tests" / "corpus" / "valid").glob("*.yaml"))
VALIDATOR = Draft202012Validator(json_schema())


def errors(data: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(data)]


def test_the_shipped_schema_is_what_ladder_schema_prints() -> None:
    result = CliRunner().invoke(cli, ["schema"], catch_exceptions=False)
    assert result.exit_code == 0
    shipped = (shipped_dir() / FILE_NAME).read_text(encoding="utf-8")
    assert result.stdout == schema_text()
    assert shipped == result.stdout, "scenarios/scenario.schema.json is stale: run `ladder schema -o` on it"


def test_ladder_schema_writes_the_file(tmp_path: Path) -> None:
    out = tmp_path / "editor" / FILE_NAME
    result = CliRunner().invoke(cli, ["schema", "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0 and result.stdout.strip() == f"wrote {out}"
    assert out.read_text(encoding="utf-8") == schema_text()
    assert sorted(p.name for p in out.parent.iterdir()) == [FILE_NAME]  # no temp file left behind


def test_ladder_schema_refuses_an_unwritable_path_in_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    result = CliRunner().invoke(cli, ["schema", "-o", str(blocker / FILE_NAME)], catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"ladder: cannot write {blocker / FILE_NAME}") and result.stderr.count("\n") == 1


def test_the_schema_is_draft_2020_12_with_help_for_every_field() -> None:
    schema = json_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False
    missing = [
        f"{name}.{field}"
        for name, part in [("Scenario", schema), *schema["$defs"].items()]
        for field, spec in part.get("properties", {}).items()
        if not spec.get("description")
    ]
    assert missing == [], "give these fields a Field(description=...) so editors show help"


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_scenario_names_the_schema_on_its_first_line(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == MODELINE
    named = MODELINE.split("$schema=", 1)[1]
    assert not named.startswith(("http:", "https:")) and (path.parent / named).is_file()


@pytest.mark.parametrize("path", SHIPPED + CORPUS_GOOD, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_good_scenario_validates_against_the_schema(path: Path) -> None:
    raw = path.read_bytes()
    parse(raw, str(path))  # the loader accepts it
    data, _lines = yamlsafe.load(raw)
    assert errors(data) == []


def _base() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((shipped_dir() / "consensus-meeting.yaml").read_text(encoding="utf-8"))
    return data


def _broken() -> list[tuple[str, dict[str, Any]]]:
    out: list[tuple[str, dict[str, Any]]] = []
    d = _base()
    d["colour"] = "blue"
    out.append(("unknown field", d))
    d = _base()
    d["horizon_weeks"] = -3
    out.append(("negative horizon", d))
    d = _base()
    del d["title"]
    out.append(("missing title", d))
    d = _base()
    d["cast"][0]["archetype"] = "wizard"
    out.append(("unknown archetype", d))
    d = _base()
    d["cast"] = []
    out.append(("empty cast", d))
    d = _base()
    d["variants"][0]["cast"] = {d["cast"][0]["id"]: {"title": "Chief Everything Officer"}}
    out.append(("a variant changes a public field", d))
    d = _base()
    d["offering"]["currency"] = "dollars"
    out.append(("currency not a code", d))
    return out


@pytest.mark.parametrize("name, data", _broken(), ids=[n for n, _ in _broken()])
def test_a_broken_scenario_is_refused_by_the_loader_and_the_schema(name: str, data: dict[str, Any]) -> None:
    assert errors(data), f"the schema accepted: {name}"
    with pytest.raises(ScenarioError):
        parse(json.dumps(data).encode(), f"{name}.yaml")  # JSON is YAML


@pytest.mark.parametrize(
    "name", ["unknown-field", "negative-horizon", "missing-title", "unknown-archetype", "empty-cast", "bad-pronouns"]
)
def test_broken_corpus_files_are_refused_by_both(name: str) -> None:
    raw = (ROOT / "tests" / "corpus" / "broken" / f"{name}.yaml").read_bytes()
    with pytest.raises(ScenarioError):
        parse(raw, name)
    data, _lines = yamlsafe.load(raw)
    assert errors(data)
