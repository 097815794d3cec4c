"""Player names: normalised and checked on the way in (`check_name`, see `sim.common.person_names`),
compared by `name_key`, shown through `sim.text.shown`.

`shown`, `width_fit`, `safe_json` and `unsafe_char` live in `sim.text` (the one place text
from a file or a person is made safe for a terminal) and are re-exported here.
"""

from __future__ import annotations

from sim.common.person_names import MAX_NAME, check_name, name_key, normalise
from sim.common.text import safe_json, shown, unsafe_char, width_fit

__all__ = ["MAX_NAME", "check_name", "name_key", "normalise", "safe_json", "shown", "unsafe_char", "width_fit"]
