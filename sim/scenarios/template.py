"""The scenario template `ladder new` writes: a small real deal (a supporter, an economic buyer
and three variants, one of them dead), every section explained by a comment, that validates,
lints clean, plays and balances as it stands (a test holds it to that)."""

from __future__ import annotations

import re
from importlib import resources

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,47}")  # the schema's Slug


def id_problem(scenario_id: str) -> str | None:
    """Why `scenario_id` cannot be a scenario's id, or None when it can."""
    if ID_PATTERN.fullmatch(scenario_id):
        return None
    return (
        f"{scenario_id!r} is not a scenario id: use lower-case letters, digits and hyphens, "
        "starting with a letter or digit, at most 48 characters (e.g. 'garden-stock')"
    )


def template_text(scenario_id: str, filename: str) -> str:
    """The template with its id and file name filled in."""
    if (why := id_problem(scenario_id)) is not None:
        raise ValueError(why)
    text = resources.files("sim.scenarios").joinpath("template.yaml").read_text(encoding="utf-8")
    return text.replace("__ID__", scenario_id).replace("__FILE__", filename)
