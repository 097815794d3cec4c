"""A scenario's identity: a digest of its parsed, canonical content.

Saved games, workshops and run files record which scenario they were played on by this digest,
so a comment, a reformatting or keys in another order do not orphan them, while a real change
does. The content is the validated scenario as the author wrote it: `model_dump(exclude_unset=True)`
keeps every field the file gives (normalised by the schema: `pass_mark: b` is `B`, `trust: 1.0`
is `1`) and leaves out the ones it does not. Defaults are left out rather than filled in, so a
later version that adds an optional field, or an author who writes out a default, is judged by
what the file says; a default the engine changes is a rule change, which runs record as their
engine version. An explicit `null` is kept apart from a missing key: in a variant they mean
different things (`concern: null` clears the concern).

Records made before this digest hold a sha256 of the file's raw bytes (`raw_digest`): an
unchanged file still matches them (`LoadedScenario.matches`).
"""

from __future__ import annotations

import hashlib
import json

from pydantic import BaseModel


def canonical_form(model: BaseModel) -> str:
    """The content as JSON: sorted keys, fixed separators, no whitespace."""
    data = model.model_dump(mode="json", exclude_unset=True)
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def canonical_digest(model: BaseModel) -> str:
    """sha256 (hex) of `canonical_form`."""
    return hashlib.sha256(canonical_form(model).encode("utf-8")).hexdigest()


def raw_digest(raw: bytes) -> str:
    """sha256 (hex) of a file's bytes: the identity records held before the canonical digest."""
    return hashlib.sha256(raw).hexdigest()
