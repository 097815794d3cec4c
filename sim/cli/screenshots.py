"""`ladder screenshots`: an SVG of every screen of the terminal game, at 80x24 and 100x30."""

from __future__ import annotations

import click

from sim.cli.common import fail


def _size(text: str) -> tuple[int, int]:
    """'80x24' -> (80, 24), or exit 1 with one line."""
    w, _, h = text.lower().partition("x")
    if not (w.isdigit() and h.isdigit()) or not (40 <= int(w) <= 400 and 12 <= int(h) <= 200):
        fail(f"--size: {text!r} is not a terminal size like 80x24 (40-400 columns, 12-200 rows)")
    return int(w), int(h)


@click.command()
@click.option(
    "--out",
    default="docs/screens",
    show_default=True,
    metavar="DIR",
    help="The folder to write into (created if missing).",
)
@click.option(
    "--size",
    "sizes",
    multiple=True,
    metavar="WxH",
    help="A terminal size; repeat for several (default: 80x24 and 100x30).",
)
def screenshots(out: str, sizes: tuple[str, ...]) -> None:
    """Write an SVG of every screen (title, name, briefing, deal room, planner, meeting result, help,
    the questions, resume, debrief, replay...) as SCREEN-WxH.svg. Drives the real game headless
    with fixed seeds, so the files are the same on every run."""
    from pathlib import Path

    from sim.tui.screenshots import SIZES, take

    wanted = tuple(_size(s) for s in sizes) or SIZES
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        fail(f"--out: {out} is not a folder")
    try:
        written = take(folder, wanted)
    except OSError as exc:
        fail(f"cannot write the screenshots into {out}: {exc.strerror or exc}")
    click.echo(f"{len(written)} screenshots written to {folder}")
