"""The `ladder` command. Commands load lazily: `ladder --help` imports neither Textual,
Faker nor the engine. Each command lives in its own module, `sim/cli/<module>.py`.

May import: every other package (it is the top layer); nothing imports it."""

from __future__ import annotations

import importlib
import importlib.util
import sys

import click

# command name -> (module under sim.cli, attribute, one-line help shown by `ladder --help`)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "play": ("play", "play", "Play a scenario: in the terminal game, or headless with --bot."),
    "scenarios": ("scenarios", "scenarios", "List the shipped scenarios."),
    "validate": ("validate", "validate", "Check scenario files; one line per problem."),
    "simulate": ("simulate", "simulate", "Play N games with a bot and summarise the results."),
    "balance": ("balance", "balance", "Every bot on every scenario, and the teaching checks."),
    "par": ("par", "par", "Compute or check each variant's par weeks (the expert bot's)."),
    "lint": ("lint", "lint", "Find dead ends; --text: faults in the game text."),
    "new": ("new", "new", "Write a commented scenario template to change."),
    "check": ("check", "check", "Is a scenario fit for a workshop? Validate, lint, balance, par."),
    "schema": ("schema", "schema", "Print the JSON Schema of scenario files, for editors."),
    "diagram": ("diagram", "diagram", "Draw an archetype's state machine as Mermaid."),
    "bench": ("bench", "bench", "Measure the engine's and the TUI's speed and memory."),
    "runs": ("runs", "runs", "Finished games: list and export runs."),
    "replay": ("replay", "replay", "Step through an exported run."),
    "history": ("history", "history", "Your finished games and personal bests."),
    "campaign": ("campaign", "campaign", "The self-paced campaign: progress and the next scenario."),
    "workshop": ("workshop", "workshop", "Run a workshop: codes, leaderboard, cohort debrief."),
    "serve": ("serve", "serve", "Play in a browser (textual-serve)."),
    "lrs": ("lrs", "lrs", "xAPI statements for a Learning Record Store: status, flush, queue."),
    "screenshots": ("screenshots", "screenshots", "Write an SVG of every screen into docs/screens/."),
}


def _available(name: str) -> bool:
    module = COMMANDS[name][0]
    return importlib.util.find_spec(f"sim.cli.{module}") is not None


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return [n for n in COMMANDS if _available(n)]

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS or not _available(name):
            return None
        module, attr, _ = COMMANDS[name]
        command = getattr(importlib.import_module(f"sim.cli.{module}"), attr)
        if not isinstance(command, click.Command):
            raise TypeError(f"sim.cli.{module}.{attr} is not a click command")
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(n, COMMANDS[n][2]) for n in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(cls=LazyGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="commitment-ladder", prog_name="ladder")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Commitment Ladder: a sales-training game. Climb the commitment ladder with a buying
    organisation's Key Players, one meeting at a time.

    Run `ladder` alone to open the game.
    """
    if ctx.invoked_subcommand is None:
        play = cli.get_command(ctx, "play") if _available("play") else None
        if play is None:
            click.echo(ctx.get_help())
            return
        ctx.invoke(play)


def main(argv: list[str] | None = None) -> object:
    from sim.common.errors import LadderError

    try:
        return cli.main(args=argv, prog_name="ladder", standalone_mode=True)
    except LadderError as exc:  # pragma: no cover - commands handle their own
        click.echo(f"ladder: {exc}", err=True)
        sys.exit(1)
