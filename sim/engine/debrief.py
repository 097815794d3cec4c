"""The debrief as lines, each naming its weeks (or the whole game) and the rule it cites: the
verdict and its grade, the key moments, the craft tally. The text transcript
(`sim.engine.transcript.debrief`) and the TUI's debrief screen both render this one list, so
they say the same thing. The first time a line uses one of the game's words (advance,
continuation, stretch, fallback, ...) it carries its one-sentence definition from
`sim.common.glossary`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from sim.common.glossary import sentence, terms_in
from sim.engine.grading import bands_words, par_total
from sim.engine.outcomes import GameOutcome
from sim.engine.rules import RULES, RuleId
from sim.engine.scoring import BANDS, CRAFT_POINTS, DELAY_COST

if TYPE_CHECKING:
    from sim.engine.scoring import DebriefMoment, Score
    from sim.engine.state import State

_GOOD = ("A", "B")
R_STEP_EVAPORATED = RuleId.STEP_EVAPORATED.value
# rules whose detail only restates the ask the meeting's words already name
_RESTATED = frozenset(
    r.value
    for r in (
        RuleId.ON_TARGET_ASK,
        RuleId.STRETCH_LANDED,
        RuleId.STRETCH_HALF_LANDED,
        RuleId.STRETCH_DECLINED,
        RuleId.RECIPROCAL_ASK_REFUSED,
        RuleId.INTEREST_TEST_NOT_YET,
        RuleId.CONTINUATION,
        RuleId.FALLBACK_LANDED,
        RuleId.STEP_SCHEDULED,
        RuleId.STEP_LEFT_OPEN,
        RuleId.GROUP_DECISION,
    )
)
_NEVER_RIGHT = {
    GameOutcome.LOST: "a lost deal",
    GameOutcome.NO_DECISION: "a stall to the horizon",
    GameOutcome.WALKED_BLIND: "walking away without evidence",
    GameOutcome.WALKED_AWAY: "walking away from a deal that could be won",
}


@dataclass(frozen=True, slots=True)
class DebriefLine:
    weeks: tuple[int, ...]  # the weeks it is about, in order; () for the whole game
    rule: str  # the rule it cites (a `RuleId`)
    title: str  # the rule's title
    lesson: str | None  # "L1".."L9"
    points: int | None  # the points it gave or took; None for a line that explains, not scores
    text: str  # what happened, as a sentence
    why: str = ""  # the lesson behind it
    times: int = 1  # how many times it happened (the craft tally)
    explains: tuple[str, ...] = field(default=())  # glossary terms this line is the first to use

    @property
    def teaches_in_tally(self) -> bool:
        """A craft tally line shows its lesson when it is a charge whose lesson no line above said."""
        return bool(self.why) and self.points is not None and self.points < 0

    @property
    def when(self) -> str:
        """ "Week 3", "Weeks 3 and 5", "The whole game"."""
        words = weeks_words(self.weeks)
        return words[0].upper() + words[1:]

    def definitions(self) -> list[str]:
        return [sentence(t) for t in self.explains]


@dataclass(frozen=True, slots=True)
class Debrief:
    verdict: DebriefLine  # the outcome, judged in words that agree with the grade
    grading: DebriefLine  # what the grade was measured against
    moments: tuple[DebriefLine, ...]  # the key moments, in order, the pace last
    craft: tuple[DebriefLine, ...]  # every craft rule that fired, biggest effect first
    craft_sum: str  # how the craft lines add up (the whole game)

    def lines(self) -> list[DebriefLine]:
        return [self.verdict, self.grading, *self.moments, *self.craft]


def weeks_words(weeks: Iterable[int], say_count: bool = True) -> str:
    """ "week 3", "weeks 3 and 5", "weeks 1 to 4 and 6"; "weeks 1 to 23, 12 of them" for a long
    scatter (without the count when the line says it already); "the whole game" for none."""
    ws = sorted(set(weeks))
    if not ws:
        return "the whole game"
    runs: list[list[int]] = []
    for w in ws:
        if runs and w == runs[-1][-1] + 1:
            runs[-1].append(w)
        else:
            runs.append([w])
    parts: list[str] = []
    for r in runs:
        if len(r) >= 3:
            parts.append(f"{r[0]} to {r[-1]}")
        else:
            parts.extend(str(w) for w in r)
    head = "week " if len(ws) == 1 else "weeks "
    if len(parts) > MAX_PARTS:  # a long game's habit: its span and how often, not every week
        return f"weeks {ws[0]} to {ws[-1]}" + (f", {len(ws)} of them" if say_count else "")
    return head + (parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1])


MAX_PARTS = 5  # the weeks a line lists one by one before it gives their span instead


def build(state: State, s: Score | None = None) -> Debrief:
    """The debrief of a finished game."""
    s = s or state.score()
    verdict = _verdict(state, s)
    moments = _moments(state, s)
    craft = _craft(s)
    n = len(moments)
    lines = _explained([verdict, _grading(s, verdict.rule), *moments, *craft], 2 + n)
    return Debrief(lines[0], lines[1], tuple(lines[2 : 2 + n]), tuple(lines[2 + n :]), _craft_sum(s))


def _explained(lines: list[DebriefLine], tally_from: int) -> list[DebriefLine]:
    """Each rule's lesson said once, on the first line that cites it, and each glossary term
    explained on the first line that uses it (a craft tally line, from `tally_from` on, shows
    its title, and a charge's lesson when no line above said it)."""
    seen: set[str] = set()
    taught: set[str] = set()
    out = []
    for i, line in enumerate(lines):
        if line.why and line.why in taught:
            line = replace(line, why="")
        taught.add(line.why)
        if i < tally_from:
            shown = f"{line.title} {line.text} {line.why}"
        else:
            shown = f"{line.title} {line.why}" if line.teaches_in_tally else line.title
        new = [t for t in terms_in(shown) if t not in seen]
        seen.update(new)
        out.append(replace(line, explains=tuple(new)) if new else line)
    return out


def _end_index(state: State) -> int:
    """The index of the outcome's moment (the moments of the score follow the game's one to one)."""
    return max(i for i, m in enumerate(state.moments) if m.event < 0)


def _verdict(state: State, s: Score) -> DebriefLine:
    end = s.moments[_end_index(state)]
    ev = s.evidence[0].week if s.evidence else None
    weeks: tuple[int, ...] = (s.weeks,) if ev is None or ev == s.weeks else (ev, s.weeks)
    return DebriefLine(
        weeks, end.rule, end.title, end.lesson, s.outcome_points, _verdict_words(state, s, ev), end.lesson_text
    )


def _verdict_words(state: State, s: Score, ev: int | None) -> str:
    w, par, o = s.weeks, s.par, s.outcome
    if o == GameOutcome.QUALIFIED_OUT and ev is not None:
        return _qualified_words(s, ev)
    if o == GameOutcome.WON:
        if w == par:
            return f"You won the contract in week {w}, at par."
        n = abs(par - w)
        side = "under" if w < par else "over"
        return f"You won the contract in week {w}, {n} week{'s' if n > 1 else ''} {side} par (par is {par} weeks)."
    if o == GameOutcome.WALKED_BLIND:
        return (
            f"You walked away in week {w} before you had any evidence. The deal was dead, but a walk-away on "
            "a hunch is a guess: test the deal first, then walk away on what you learn."
        )
    if o == GameOutcome.WALKED_AWAY:
        return (
            f"In week {w} you closed a deal that was still there to win: walking away is for deals the "
            "evidence shows are dead."
        )
    if o == GameOutcome.LOST:
        how = s.moments[_end_index(state)].detail
        text = f"The deal fell through in week {w}" + (f": {how}." if how else ".")
        if state.scenario.truth.winnable:
            return text + " It could have been won."
        if ev is not None:
            return text + (
                f" It could not be won, and you had the evidence in week {ev}: walking away then would have "
                "scored more."
            )
        return text + " It could not be won: finding that out and walking away would have scored more than losing it."
    text = f"Nobody said yes and nobody said no: the calendar ran out in week {w}."
    if state.scenario.truth.winnable:
        return text
    if ev is not None:
        return text + (
            f" It could not be won, and you had the evidence in week {ev}: walking away then would have "
            "scored far more."
        )
    return text + " It could not be won: finding that out and walking away would have scored far more."


def _qualified_words(s: Score, ev: int) -> str:
    """The words for a qualify-out, chosen by the grade so they agree with it: praise for an A or
    B, and for anything less what cost the points."""
    w, par = s.weeks, s.par
    waited = w - ev - 1  # a walk-away comes the week after the meeting that brought the evidence, at the soonest
    late = ev > par + 1  # at par the evidence comes the week before the walk-away; par is a mean
    charges = sum(m.points for m in s.moments if m.rule in CRAFT_POINTS and m.points < 0)
    head = f"You found the evidence in week {ev} ({s.evidence[0].words()}) and walked away in week {w}"
    if s.grade in _GOOD:
        if waited > 0:
            return head + f": the right call, though each week you waited after the evidence cost {DELAY_COST} points."
        if late:
            return head + (
                ": the right call, made as soon as you knew. Asking the right questions sooner would have told "
                f"you sooner (par for this deal is week {par})."
            )
        return head + ": the right call, made early."
    costs: list[str] = []
    if waited > 0:
        weeks = f"{waited} week{'s' if waited > 1 else ''}"
        costs.append(f"you waited {weeks} after your first chance to walk away, at {DELAY_COST} points a week")
    if late:
        costs.append(f"the evidence came late (par for this deal is week {par})")
    if charges:
        costs.append(f"the mistakes along the way cost {-charges} points")
    reason = "; ".join(costs) or "walking away sooner scores more"
    return head + f": the right call in the end, but {reason}."


def _grading(s: Score, rule: str) -> DebriefLine:
    r = RULES[rule]
    ref = par_total(s.outcome, s.par, s.horizon)
    if s.outcome == GameOutcome.QUALIFIED_OUT and ref is not None:
        text = (
            f"Graded against a clean walk-away at par, since a dead deal cannot earn a win's points: par "
            f"is week {s.par}, which scores {ref}, and yours grades as {s.graded} of 100 ({bands_words()})."
        )
    elif s.outcome in _NEVER_RIGHT:
        text = (
            f"Graded on your total ({bands_words()}): {_NEVER_RIGHT[s.outcome]} is never the right play, "
            "so it never grades well."
        )
    else:
        text = f"Graded on your total ({bands_words()})."
    return DebriefLine((), r.name, f"Grade {s.grade}", r.lesson, None, text)


def _moments(state: State, s: Score) -> list[DebriefLine]:
    out: list[DebriefLine] = []
    end = _end_index(state)  # the outcome's moment, shown as the verdict
    shown = -2  # the event of the last moment shown (-2: none yet)
    for i, m in enumerate(s.moments[:-1]):
        if not m.key or i == end:
            continue
        event = state.moments[i].event
        if event != shown:
            text = _sentence(m.did)
        elif out and out[-1].rule == m.rule:
            text = "The same meeting, a second time."
        else:
            text = "The same meeting."
        shown = event
        if m.rule == R_STEP_EVAPORATED and m.points == 0:
            text += (
                " They would not put a date on it, and it slipped away before you could go back: their no, not yours."
            )
        elif m.detail and m.rule not in _RESTATED and _adds(m.detail, f"{m.did} {m.title}"):
            text += f" ({m.detail})"
        out.append(DebriefLine((m.week,), m.rule, m.title, m.lesson, m.points, text, m.lesson_text))
    pace = s.moments[-1]
    ev = s.evidence[0].week if s.evidence and s.outcome == GameOutcome.QUALIFIED_OUT else None
    weeks = (s.weeks,) if ev is None or ev == s.weeks else (ev, s.weeks)
    out.append(
        DebriefLine(weeks, pace.rule, pace.title, pace.lesson, pace.points, _sentence(pace.detail), pace.lesson_text)
    )
    return out


def _craft(s: Score) -> list[DebriefLine]:
    rows: dict[str, list[DebriefMoment]] = {}
    for m in s.moments:
        if m.rule in CRAFT_POINTS:
            rows.setdefault(m.rule, []).append(m)
    out = []
    for rule, ms in rows.items():
        first = ms[0]
        pts = sum(m.points for m in ms)
        text = f"{len(ms)} time{'s' if len(ms) > 1 else ''} ({weeks_words((m.week for m in ms), say_count=False)})"
        out.append(
            DebriefLine(
                tuple(sorted({m.week for m in ms})),
                rule,
                first.title,
                first.lesson,
                pts,
                text,
                first.lesson_text,
                len(ms),
            )
        )
    return sorted(out, key=lambda d: (-abs(d.points or 0), d.rule))


def _craft_sum(s: Score) -> str:
    """How the craft points were reached: gains up to the outcome's cap (a qualify-out's by how
    clean its meetings up to the evidence were), every charge in full."""
    cap = BANDS[s.outcome][2]
    gains = sum(m.points for m in s.moments if m.rule in CRAFT_POINTS and m.points > 0)
    charges = sum(m.points for m in s.moments if m.rule in CRAFT_POINTS and m.points < 0)
    if s.outcome == GameOutcome.QUALIFIED_OUT and s.evidence:
        counted = (
            f"; a walk-away counts how clean your meetings up to the evidence were, not how many: "
            f"{s.craft_points - charges} of {cap}"
        )
    else:
        counted = f", of which {cap} count for a result like this" if gains > cap else ""
    return (
        f"The whole game: good moves add up to {gains}{counted}; charges {charges}, never capped: "
        f"craft {s.craft_points}."
    )


_WORD = re.compile(r"[a-z0-9]+")


def _adds(detail: str, did: str) -> bool:
    """Whether `detail` says something `did` does not (most details restate the ask)."""
    said = set(_WORD.findall(did.lower()))
    return any(w not in said for w in _WORD.findall(detail.lower()))


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."
