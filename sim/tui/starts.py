"""Starting a game without losing one: what `LadderApp` does before a new game would take the
place of the trainee's unfinished game in the same slot.

Every way in (Enter on the title, `ladder play SCENARIO`, another `--seed`, a workshop, play
again) goes through `offer_game`: it asks the store's thread for the slot's saved game and,
when there is one, asks the trainee "Resume (week 5)" or "Start over" (`ResumeScreen`); a
saved game whose scenario changed cannot be resumed, so the trainee is asked before it is
discarded (`ConfirmScreen`). `Start.fresh` (`ladder play --fresh`) starts over without
asking. Either way nothing is written to the slot before the new game's first action.

Importing this module loads neither the engine nor the store."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text

from sim.common.errors import LadderError
from sim.tui.session import RANDOM_REF, resume

if TYPE_CHECKING:
    from sim.store.db import Progress
    from sim.tui.app import LadderApp
    from sim.tui.screens.resume import Choice


@dataclass(frozen=True)
class Start:
    """A game to start: from the title, `ladder play SCENARIO`, `--random` or `--workshop CODE`."""

    loaded: Any
    seed: int
    ref: str
    workshop: str | None = None
    fresh: bool = False  # start over without asking (`ladder play --fresh`)


def _actions(n: int) -> str:
    return f"{n} action{'s' if n != 1 else ''}"


# Every function here runs on the UI thread.


def offer_game(app: LadderApp, start: Start) -> None:
    """Start `start` in `app`, asking first when it would replace the player's unfinished game."""
    stored = start.ref != RANDOM_REF and bool(app.player)
    if not stored or start.fresh or app.store_error is not None:
        begin_new(app, start)
        return
    from sim.store.session import find_progress

    player, scenario = app.player or "", start.loaded.scenario.id

    def unreadable(message: str) -> None:
        app.notify(f"This game will not be kept: {message}", severity="warning", markup=False)
        begin_new(app, start, stored=False)

    app.store_job(
        lambda store: find_progress(store, player, scenario, start.workshop),
        lambda saved: _ask_about(app, saved, start),
        failed=unreadable,
    )


def begin_new(app: LadderApp, start: Start, stored: bool | None = None) -> None:
    if stored is None:
        stored = app.store_error is None
    from sim.store.session import GameSession

    session = GameSession.new(
        start.loaded,
        start.seed,
        start.ref,
        player=app.player or "",
        stored=stored,
        workshop=start.workshop,
        coach=app.coach,
    )
    app.begin_session(session)


def _ask_about(app: LadderApp, saved: Progress | None, start: Start) -> None:
    from sim.tui.screens.confirm import ConfirmScreen
    from sim.tui.screens.resume import ResumeScreen

    if saved is None:
        begin_new(app, start)
        return
    title = start.loaded.scenario.title
    try:
        resumed = resume(saved)
    except LadderError as exc:
        q = Text("Your unfinished game of ", style="bold")
        q.append(title)
        q.append(f" ({_actions(len(saved.actions))}, seed {saved.seed}) cannot be resumed: {exc}.\n\n")
        q.append("Start over and discard it?")

        def discard(yes: bool | None) -> None:
            if yes:
                begin_new(app, start)
            else:
                app.go_title()

        app.push_screen(ConfirmScreen(q, yes="Start over", no="Keep it"), discard)
        return
    week = resumed.state.week
    q = Text("You have an unfinished game of ", style="bold")
    q.append(title, style="bold")
    q.append(f": week {week}, {_actions(len(saved.actions))} in, seed {saved.seed}.")
    if saved.seed != start.seed:
        q.append(f" A new game would use seed {start.seed}.")
    q.append("\n\nStart over replaces it once you take your first action.", style="dim")

    def chosen(choice: Choice | None) -> None:
        if choice == "resume":
            if saved.coach:
                app.coach = True
            app.begin_session(resumed, resumed=True)
        elif choice == "over":
            begin_new(app, start)
        else:
            app.go_title()

    app.push_screen(ResumeScreen(q, week), chosen)
