"""The scenario format as a JSON Schema (draft 2020-12), generated from the very models the
loader validates with (`sim.scenarios.schema.Scenario`), so the two cannot disagree.

Editors read it through a scenario file's first line, `# yaml-language-server: $schema=./scenario.schema.json`,
and complete and check fields as the author types. The loader stays the judge: some rules
(cross-references between cast members, a variant's merged scenario) are beyond a JSON Schema,
and the loader also accepts a few loose spellings the schema does not (`pass_mark: b`).
"""

from __future__ import annotations

import json
from typing import Any

DIALECT = "https://json-schema.org/draft/2020-12/schema"
FILE_NAME = "scenario.schema.json"  # shipped beside the scenarios
MODELINE = f"# yaml-language-server: $schema=./{FILE_NAME}"


def json_schema() -> dict[str, Any]:
    """The schema as a mapping: `$schema` first, then pydantic's own draft 2020-12 output."""
    from sim.scenarios.schema import Scenario

    generated = Scenario.model_json_schema(mode="validation")
    generated["title"] = "Commitment Ladder scenario"
    return {"$schema": DIALECT, **generated}


def schema_text() -> str:
    """The schema as the shipped file holds it: two-space indents, a final newline."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
