"""Entry point used by `ladder play` (without --bot) and `ladder` alone."""

from __future__ import annotations


def run_tui(scenario: str | None = None, seed: int | None = None, random_: bool = False, *,
            workshop: str | None = None, name: str | None = None, data_dir: str | None = None,
            coach: bool = False, ask_name: bool = False, fresh: bool = False) -> None:
    """Open the terminal game. `name`: else $LADDER_NAME, else the saved one, else it is asked
    once on the title screen (`ask_name`: always asked and never kept, for a shared server).
    `workshop`: go straight to that workshop's scenario and seed; the result goes on its board.
    `fresh`: start the game over without asking, even when an unfinished one is saved.

    The store is opened once, on its own thread (`StoreThread`), and handed to the app: the
    process never holds a second connection."""
    import os

    from sim.cli.common import fail, load_scenario
    from sim.store import StoreError
    from sim.tui.saver import StoreThread
    from sim.tui.app import LadderApp, Start
    from sim.tui.session import RANDOM_REF, generator_available, load_ref, ref_for

    if name is not None:
        from sim.store.text import check_name

        try:
            name = check_name(name)
        except ValueError as exc:
            fail(f"--name: {exc}")
    elif not ask_name:
        name = os.environ.get("LADDER_NAME") or None
    store = StoreThread(data_dir)
    try:
        path = store.wait_open()  # a clear one-line error now rather than a warning later
    except StoreError as exc:
        store.close()
        fail(str(exc))
    start = None
    try:  # every way out of here closes the store's thread first
        if seed is None:
            import secrets

            seed = secrets.randbelow(1_000_000)
        if workshop is not None:
            ws = store.call(lambda s: s.workshop(workshop))
            if ws is None:
                fail(f"no workshop {workshop!r} in {path} (ask your facilitator for the code, or check --data-dir)")
            loaded = load_scenario(ws.scenario_ref)
            if loaded.digest != ws.digest:
                fail(f"scenario {ws.scenario!r} has changed since workshop {ws.code} was created; "
                     "the facilitator should create a new workshop")
            start = Start(loaded, ws.seed, ws.scenario_ref, ws.code, fresh=fresh)
        elif random_:
            if scenario is not None:
                fail("give a scenario or --random, not both")
            if not generator_available():
                fail("random accounts are not available in this build yet (the scenario generator is missing)")
            start = Start(load_ref(RANDOM_REF, seed), seed, RANDOM_REF)
        elif scenario is not None:
            loaded = load_scenario(scenario)
            start = Start(loaded, seed, ref_for(loaded), fresh=fresh)
    except BaseException:
        store.close()
        raise
    LadderApp(start=start, seed=seed, name=name, coach=coach, data_dir=data_dir, ask_name=ask_name,
              store=store).run()  # the app closes the store when it unmounts
