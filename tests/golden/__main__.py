"""`python -m tests.golden`: check the golden games, regenerate them (`--write`, after an
intended change of the rules), or show one game's canonical form (`--show KEY`)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from tests.golden.canonical import canonical
from tests.golden.games import (
    DATA,
    GoldenDataError,
    build,
    compare,
    game_keys,
    load_data,
    play,
    pretty,
    report,
    write_data,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.golden", description=__doc__)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="replay every golden game and compare (the default)")
    mode.add_argument("--write", action="store_true", help="replay every golden game and record the result")
    mode.add_argument("--show", metavar="KEY", help="print one game's canonical form (scenario/bot/seed)")
    parser.add_argument("--data", type=Path, default=DATA, help=f"the data file (default: {DATA})")
    args = parser.parse_args(argv)
    if args.show:
        return _show(args.show)
    started = time.perf_counter()
    try:
        old = load_data(args.data)
    except GoldenDataError as exc:
        if not (args.write and not args.data.exists()):
            print(f"error: {exc}", file=sys.stderr)
            return 2
        old = {"digests": {}, "games": {}}
    now = build()
    diff = compare(old, now, args.data)
    print(report(diff, hint=not args.write))
    print(f"({time.perf_counter() - started:.1f} s)")
    if args.write:
        write_data(args.data, now)
        print(f"wrote {args.data} ({args.data.stat().st_size:,} bytes)")
        return 0
    return 0 if diff.ok else 1


def _show(key: str) -> int:
    if key not in game_keys():
        print(
            f"error: no golden game {key!r} (keys look like first-rung/climber/3 or random:4/timid/4)", file=sys.stderr
        )
        return 2
    print(pretty(canonical(play(key)), flat_at=2))  # one action or event a line
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # piped into `head`: stop quietly
        sys.stderr.close()
        sys.exit(1)
