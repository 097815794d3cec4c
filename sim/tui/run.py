"""Entry point used by `ladder play` (without --bot) and `ladder` alone."""

from __future__ import annotations


def run_tui(scenario: str | None = None, seed: int | None = None, random_: bool = False) -> None:
    from sim.cli.common import fail, load_scenario
    from sim.tui.app import LadderApp, Start
    from sim.tui.session import RANDOM_REF, generator_available, load_ref, ref_for

    start = None
    if seed is None:
        import secrets

        seed = secrets.randbelow(1_000_000)
    if random_:
        if scenario is not None:
            fail("give a scenario or --random, not both")
        if not generator_available():
            fail("random accounts are not available in this build yet (the scenario generator is missing)")
        start = Start(load_ref(RANDOM_REF, seed), seed, RANDOM_REF)
    elif scenario is not None:
        loaded = load_scenario(scenario)
        start = Start(loaded, seed, ref_for(loaded))
    LadderApp(start=start, seed=seed).run()
