"""Opening the terminal game from the command line: `ladder play` (without --bot), `ladder` alone,
and `ladder replay` (without --print). Every problem before the app starts is one line and exit 1."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sim.cli.lrs import LrsSetup
    from sim.scenarios.loader import LoadedScenario
    from sim.store.runs import Run


def run_tui(
    scenario: str | None = None,
    seed: int | None = None,
    random_: bool = False,
    *,
    workshop: str | None = None,
    name: str | None = None,
    data_dir: str | None = None,
    database: str | None = None,
    coach: bool = False,
    ask_name: bool = False,
    fresh: bool = False,
    lrs: LrsSetup | None = None,
) -> None:
    """Open the terminal game. `name`: else $LADDER_NAME, else the saved one, else it is asked
    once on the title screen (`ask_name`: always asked and never kept, for a shared server).
    `workshop`: go straight to that workshop's scenario and seed; the result goes on its board.
    `fresh`: start the game over without asking, even when an unfinished one is saved.
    `lrs`: queue each finished game's xAPI statements as it is recorded, and send them when the
    game closes (in a game process of `ladder serve`, the server sends them).

    The store is opened once, on its own thread (`StoreThread`), and handed to the app: the
    process never holds a second connection."""
    import os

    from sim.cli.common import fail, load_scenario
    from sim.store import StoreError
    from sim.store.text import check_name
    from sim.tui.app import LadderApp, Start
    from sim.tui.saver import StoreThread
    from sim.tui.session import RANDOM_REF, load_ref, ref_for

    if name is not None:
        try:
            name = check_name(name)
        except ValueError as exc:
            fail(f"--name: {exc}")
    elif not ask_name and os.environ.get("LADDER_NAME"):
        try:
            name = check_name(os.environ["LADDER_NAME"])
        except ValueError as exc:
            fail(f"$LADDER_NAME: {exc}")
    store = StoreThread(data_dir, database=database)
    try:
        path = store.wait_open()  # a clear one-line error now rather than a warning later
    except StoreError as exc:
        store.close()
        fail(str(exc))
    if lrs is not None:
        from sim.cli.lrs import queue_on_record

        setup = lrs
        store.call(lambda s: queue_on_record(s, setup, quiet=True))
    start = None
    try:  # every way out of here closes the store's thread first
        if seed is None:
            import secrets

            seed = secrets.randbelow(1_000_000)
        if workshop is not None:
            ws = store.call(lambda s: s.workshop(workshop))
            if ws is None:
                fail(
                    f"no workshop {workshop!r} in {path} "
                    "(ask your facilitator for the code, or check --data-dir or --database)"
                )
            loaded = load_scenario(ws.scenario_ref)
            if not loaded.matches(ws.digest):
                fail(
                    f"scenario {ws.scenario!r} has changed since workshop {ws.code} was created; "
                    "the facilitator should create a new workshop"
                )
            start = Start(loaded, ws.seed, ws.scenario_ref, ws.code, fresh=fresh)
        elif random_:
            if scenario is not None:
                fail("give a scenario or --random, not both")
            start = Start(load_ref(RANDOM_REF, seed), seed, RANDOM_REF)
        elif scenario is not None:
            loaded = load_scenario(scenario)
            start = Start(loaded, seed, ref_for(loaded), fresh=fresh)
    except BaseException:
        store.close()
        raise
    LadderApp(
        start=start, seed=seed, name=name, coach=coach, data_dir=data_dir, ask_name=ask_name, store=store
    ).run()  # the app closes the store when it unmounts
    if lrs is not None:
        _send_after(lrs, data_dir, database)


def _send_after(setup: LrsSetup, data_dir: str | None, database: str | None) -> None:
    """Send what the game queued for the LRS, once the terminal game has closed (not in a game
    process of `ladder serve`: the server sends)."""
    import click

    from sim.cli.lrs import send_now, sent_by_server
    from sim.store import Store, StoreError
    from sim.store.lrs import status

    if sent_by_server():
        return
    try:
        with Store.open(data_dir, database) as store:
            if status(store)["queued"]:
                click.echo(send_now(store, setup))
    except StoreError as exc:
        click.echo(f"ladder: the LRS statements stay queued: {exc}", err=True)


def run_replay(
    run: Run,
    *,
    loaded: LoadedScenario,
    until_week: int | None = None,
    branch_week: int | None = None,
    data_dir: str | None = None,
    database: str | None = None,
) -> None:
    """Open the terminal game on the replay viewer (or, with `branch_week`, straight in the deal room
    at that week, to play on)."""
    import os

    from sim.cli.common import fail
    from sim.store import StoreError
    from sim.store.runs import RunError, run_problem
    from sim.store.text import shown
    from sim.tui.app import LadderApp
    from sim.tui.replay import ReplaySpec
    from sim.tui.saver import StoreThread

    try:
        spec = ReplaySpec.build(run, loaded, until_week, branch_week)
    except RunError as exc:
        fail(shown(str(exc)))
    assert spec.final is not None
    problem = run_problem(run, spec.final)
    if problem is not None and not spec.unfinished:  # an unfinished run can still be stepped through
        fail(shown(problem))
    if branch_week is not None and spec.count_before_week(branch_week) >= len(run.actions):
        fail(f"the game was over before week {branch_week}; branch at an earlier week")
    store = StoreThread(data_dir, database=database)  # the process's one connection, on its own thread
    try:
        store.wait_open()
    except StoreError as exc:
        store.close()
        fail(shown(str(exc)))
    LadderApp(name=os.environ.get("LADDER_NAME") or None, data_dir=data_dir, store=store, replay=spec).run()
