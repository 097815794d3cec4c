"""`ladder lint --text`: play many bot games and read every line a trainee would read.

Every registered bot and every lesson-breaking strategy plays each scenario (the shipped ones
and random accounts) on a few seeds; the text of each finished game (the replies, the event
log, the facts, the calendar, the signals, the transcript and the debrief, plus any `views`
the caller adds, such as the terminal UI's own rendering) goes through the checks of
`sim.analysis.text_checks`. A problem names its scenario, bot, seed, week and the text;
the same problem in many games is reported once, with a count.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from sim.analysis import text_checks as checks
from sim.engine.state import State
from sim.engine.transcript import briefing, debrief, event_lines
from sim.players.protocol import bot_rng, play
from sim.players.registry import BOTS, make_bot
from sim.players.strategies import STRATEGIES, make_strategy
from sim.scenarios.loader import LoadedScenario


@dataclass(frozen=True, slots=True)
class Shown:
    """One piece of text as the trainee sees it."""

    week: int | None  # None: before the first week (the briefing) or after the game (the debrief)
    where: str  # reply / log / fact / signals / debrief / briefing / a view's own name
    text: str


View = Callable[[State], Iterable[Shown]]


@dataclass(frozen=True, slots=True)
class TextProblem:
    scenario: str
    bot: str
    seed: int
    week: int | None
    where: str  # which text: reply, log, debrief, ...
    check: str
    message: str

    def line(self, more: int = 0) -> str:
        when = f"week {self.week}" if self.week is not None else "the whole game"
        extra = f" (and {more} more time{'s' if more > 1 else ''})" if more else ""
        return (
            f"{self.scenario} seed {self.seed} ({self.bot}), {when}, {self.where}: {self.check}: {self.message}{extra}"
        )


@dataclass(slots=True)
class TextReport:
    games: int = 0
    problems: list[TextProblem] = field(default_factory=list)
    repeats: dict[tuple[str, str], int] = field(default_factory=dict)  # (check, message) -> more games

    def add(self, p: TextProblem) -> None:
        key = (p.check, p.message)
        if key in self.repeats:
            self.repeats[key] += 1
        else:
            self.repeats[key] = 0
            self.problems.append(p)

    def lines(self) -> list[str]:
        return [p.line(self.repeats[(p.check, p.message)]) for p in self.problems]


def engine_views(state: State) -> Iterator[Shown]:
    """What the engine itself writes for the trainee: briefing, replies, facts, calendar,
    signals, the transcript of each event, the players' last signals and the debrief."""
    yield Shown(None, "briefing", briefing(state))
    for e in state.events:
        if e.kind in ("meet", "consensus", "evaporated"):
            yield Shown(e.week, "reply", e.said)
        for _topic, fact in e.facts:
            yield Shown(e.week, "fact", fact)
        for c in e.calendar:
            yield Shown(e.week, "calendar", c)
        if e.signals:
            yield Shown(e.week, "signals", ", ".join(e.signals))
        yield Shown(e.week, "log", "\n".join(event_lines(state, e)))
    for v in state.observation().players:
        if v.signals:
            yield Shown(state.week, "signals", ", ".join(v.signals))
    if state.is_terminal():
        yield Shown(None, "debrief", debrief(state))


Found = tuple[int | None, str, str, str]  # week, where, check, message


def check_game(state: State, views: Sequence[View] = ()) -> list[Found]:
    """Every problem in one finished game's text: (week, where, check, message)."""
    who = checks.roster(state.names, state.pronoun_ids)
    rungs = state.rung_names[1:]  # rung 0 ("Send information") is an offer, never asked for
    out: list[Found] = []
    replies: list[str] = []
    for view in (engine_views, *views):
        for s in view(state):
            w, where = s.week, s.where
            if where in ("reply", "fact"):
                out.extend((w, where, "empty", m) for m in checks.empty(s.text))
            if where == "reply":
                replies.append(s.text)
            if where == "signals":
                out.extend((w, where, "signals", m) for m in checks.signal_clash(s.text.split(", ")))
                continue
            out.extend((w, where, "doubled", m) for m in checks.doubled(s.text))
            out.extend((w, where, "article", m) for m in checks.articles(s.text, rungs))
            out.extend((w, where, "pronoun", m) for m in checks.pronouns(s.text, who))
            out.extend((w, where, "placeholder", m) for m in checks.placeholders(s.text))
    for sentence, times in checks.repeated(replies):
        out.append((None, "replies", "repeated", f"said {times} times in one game: {sentence!r}"))
    return out


def bot_names() -> list[str]:
    """Every registered bot, then every lesson-breaking strategy."""
    return [*BOTS, *STRATEGIES]


def play_one(loaded: LoadedScenario, bot: str, seed: int) -> State:
    player = make_strategy(bot) if bot in STRATEGIES else make_bot(bot, loaded)
    return play(State(loaded, seed), player, bot_rng(seed))


def lint_text(
    scenarios: Iterable[LoadedScenario],
    seeds: Sequence[int],
    bots: Sequence[str] | None = None,
    views: Sequence[View] = (),
    report: TextReport | None = None,
) -> TextReport:
    """Play every bot on every scenario for every seed and check the text of each game."""
    report = report or TextReport()
    names = list(bots) if bots is not None else bot_names()
    for loaded in scenarios:
        sid = loaded.scenario.id
        for bot in names:
            for seed in seeds:
                state = play_one(loaded, bot, seed)
                report.games += 1
                for week, where, check, message in check_game(state, views):
                    report.add(TextProblem(sid, bot, seed, week, where, check, message))
                state.close()
    return report
