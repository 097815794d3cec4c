"""`ladder play`: play a scenario: in the terminal game, or headless with --bot."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

import click

from sim.cli.common import data_dir_option, scenario_or_random
from sim.cli.lrs import lrs_options

if TYPE_CHECKING:
    from sim.cli.lrs import LrsSetup

if TYPE_CHECKING:
    from sim.engine.state import State


class TuiOptions(TypedDict, total=False):
    """What `ladder play` passes on to `run_tui` (only what was given)."""

    workshop: str | None
    name: str | None
    data_dir: str | None
    database: str | None
    coach: bool
    ask_name: bool
    fresh: bool
    lrs: LrsSetup | None


@click.command()
@click.argument("scenario", required=False)
@click.option(
    "--bot",
    "bot_name",
    default=None,
    help="Let a bot play (headless): random, reckless, timid, climber, expert, or FILE.py:Class.",
)
@click.option("--seed", default=None, type=int, help="The game's seed (default: a fresh one).")
@click.option("--random", "random_", is_flag=True, help="Play a freshly generated account.")
@click.option(
    "--workshop",
    "workshop",
    default=None,
    metavar="CODE",
    help="Play a workshop's scenario and seed; the result goes on its board.",
)
@click.option(
    "--name",
    "name",
    default=None,
    help="Your name as it shows in history and on the board (default: $LADDER_NAME or your login).",
)
@click.option(
    "--coach/--no-coach",
    default=False,
    show_default=True,
    help="Show the rung the climber would take, and why, before each ask. Marked on the score.",
)
@click.option(
    "--fresh", is_flag=True, help="Start over without asking, even when an unfinished game of this scenario is saved."
)
@click.option(
    "--ask-name", is_flag=True, hidden=True, help="Always ask the name and never keep it (used by `ladder serve`)."
)
@lrs_options
@data_dir_option
def play(
    scenario: str | None,
    bot_name: str | None,
    seed: int | None,
    random_: bool,
    workshop: str | None,
    name: str | None,
    coach: bool,
    fresh: bool,
    ask_name: bool,
    lrs: str | None,
    lrs_home: str | None,
    lrs_emails: str | None,
    data_dir: str | None,
    database: str | None,
) -> None:
    """Play SCENARIO (a shipped id or a file). With --bot, a bot plays it and the game is
    printed meeting by meeting, then the debrief. Without --bot, the terminal game opens.

    With --workshop CODE (and --name) the workshop's scenario and seed are played and the
    result is stored for its leaderboard. With --bot, the game is stored when --name,
    --workshop or --data-dir is given (a plain `--bot` demo stores nothing).

    With --lrs URL (or $LADDER_LRS_URL) each stored game's xAPI statements are queued as it is
    recorded and sent to that Learning Record Store when the game ends (`ladder lrs status`)."""
    import secrets

    from sim.cli.common import fail
    from sim.cli.lrs import resolve

    setup = resolve(lrs, lrs_home, lrs_emails)

    if workshop is not None and random_:
        fail("--random cannot be used with --workshop: a workshop plays one scenario and seed")
    if workshop is not None and name is None and bot_name is not None:
        raise click.BadParameter("a workshop needs your name: add --name NAME", param_hint="--name")
    ref = scenario
    if workshop is not None:
        ref, seed, workshop = _workshop_game(workshop, scenario, seed, data_dir, database)
    if bot_name is None:
        from sim.cli.terminal import run_tui

        if seed is None:
            seed = secrets.randbelow(1_000_000)
        extra: TuiOptions = {}
        stored = data_dir is not None or database is not None
        if workshop is not None or name is not None or stored or coach or ask_name or fresh or setup is not None:
            extra = {"workshop": workshop, "name": name, "data_dir": data_dir, "database": database, "coach": coach}
            if setup is not None:
                extra["lrs"] = setup
            if ask_name:
                extra["ask_name"] = True
            if fresh:
                extra["fresh"] = True
        if workshop is not None:  # run_tui looks the workshop up itself
            ref = None
        run_tui(scenario=ref, seed=seed, random_=random_, **extra)
        return
    from sim.cli.bots import check_bot

    check_bot(bot_name)  # a known bot, or a plug-in FILE.py:Class (one line if it cannot be loaded)
    record = (workshop is not None or name is not None or data_dir is not None or database is not None) and not random_
    if not record:
        if seed is None:
            seed = secrets.randbelow(1_000_000)
        _play_unrecorded(ref, random_, seed, bot_name, coach)
        return
    _play_recorded(ref, seed, bot_name, coach, workshop, name, data_dir, database, fresh, setup)


def _workshop_game(
    code: str, scenario: str | None, seed: int | None, data_dir: str | None, database: str | None
) -> tuple[str, int, str]:
    from sim.cli.common import fail, load_scenario, open_store

    with open_store(data_dir, database) as store:
        ws = store.workshop(code)
        if ws is None:
            fail(
                f"no workshop {code!r} in {store.where} "
                "(ask your facilitator for the code, or check --data-dir or --database)"
            )
    if scenario is not None and scenario not in (ws.scenario, ws.scenario_ref):
        fail(f"workshop {ws.code} plays {ws.scenario!r}, not {scenario!r}; leave the scenario out")
    if seed is not None and seed != ws.seed:
        fail(f"workshop {ws.code} plays seed {ws.seed}, not {seed}; leave --seed out")
    loaded = load_scenario(ws.scenario_ref)
    if not loaded.matches(ws.digest):
        fail(
            f"scenario {ws.scenario!r} has changed since workshop {ws.code} was created; "
            "the facilitator should create a new workshop"
        )
    return ws.scenario_ref, ws.seed, ws.code


def _play_unrecorded(ref: str | None, random_: bool, seed: int, bot_name: str, coach: bool) -> None:
    from sim.engine.state import State
    from sim.players.protocol import bot_rng
    from sim.players.registry import make_bot

    loaded = scenario_or_random(ref, random_, seed)
    state = State(loaded, seed)
    bot, rng = make_bot(bot_name, loaded), bot_rng(seed)
    tips: list[str] = []
    while not state.is_terminal():
        if coach:
            tips.append(_tip(state))
        state.apply(bot.step(state.observation(), state.legal_actions(), rng))
    click.echo(f"Seed {seed}, played by the {bot_name} bot" + (", coach on" if coach else "") + ".\n")
    click.echo(_text(state, tips, coach))


def _play_recorded(
    ref: str | None,
    seed: int | None,
    bot_name: str,
    coach: bool,
    workshop: str | None,
    name: str | None,
    data_dir: str | None,
    database: str | None,
    fresh: bool,
    setup: LrsSetup | None = None,
) -> None:
    from sim.cli.common import fail, load_scenario, open_store, player_name, scenario_ref, shown
    from sim.cli.lrs import queue_on_record, send_now, sent_by_server
    from sim.players.protocol import bot_rng
    from sim.players.registry import make_bot
    from sim.store import StoreError
    from sim.store.session import GameSession

    if ref is None:
        fail("name a scenario (see `ladder scenarios`) or use --workshop CODE")
    player = player_name(name)
    loaded = load_scenario(ref)
    with open_store(data_dir, database) as store:
        if setup is not None:
            queue_on_record(store, setup)
        try:
            session = GameSession.start(
                store,
                loaded,
                seed,
                player=player,
                scenario_ref=scenario_ref(ref),
                workshop=workshop,
                coach=coach,
                mode="bot",
                resume=not fresh,
            )
            state = session.state
            bot, rng = make_bot(bot_name, state.loaded), bot_rng(state.seed)
            tips: list[str] = []
            while not state.is_terminal():
                if coach:
                    tips.append(_tip(state))
                session.apply(bot.step(state.observation(), state.legal_actions(), rng))
        except StoreError as exc:
            fail(str(exc))
        if session.note:
            click.echo(session.note)
        click.echo(
            f"Seed {state.seed}, played by the {bot_name} bot for {shown(player)}"
            + (f" in workshop {workshop}" if workshop else "")
            + (", coach on" if session.coach else "")
            + ".\n"
        )
        click.echo(_text(state, tips, session.coach, skip=session.resumed))
        s = state.score()
        click.echo(
            f"\nSaved as game {session.game_id}: {shown(player)} scored {s.total}/100 ({s.grade}), "
            f"{s.outcome_words.lower()} in week {s.weeks}" + (" - coached" if session.coach else "") + "."
        )
        if setup is not None and not sent_by_server():
            click.echo(send_now(store, setup))


def _tip(state: State) -> str:
    import textwrap

    from sim.players.coach import advice

    return textwrap.fill(advice(state).line(state), 88, initial_indent="  coach: ", subsequent_indent="         ")


def _text(state: State, tips: list[str], coach: bool, skip: int = 0) -> str:
    """The transcript, with the coach's advice before each action it was given for."""
    from sim.engine.transcript import briefing, debrief, event_lines, transcript

    if not tips:
        text = transcript(state)
    else:
        lines = [briefing(state), ""]
        index = 0
        for e in state.events:
            if e.kind in ("meet", "consensus", "wait", "walk_away"):
                if index >= skip and index - skip < len(tips):
                    lines.append(tips[index - skip])
                index += 1
            lines.extend(event_lines(state, e))
        if state.is_terminal():
            lines.append(debrief(state))
        text = "\n".join(lines)
    if coach:
        text = text.replace("\nScore: ", "\nScore (coached): ", 1)
    from sim.common.text import shown

    return shown(text, lines=True)  # the scenario's title and text reach the terminal escaped
