"""Score and debrief: every point comes from a named rule and a week.

Total (0-100) = outcome + pace + craft.
- outcome: what the deal came to (won / qualified out on evidence / lost / walked away
  blind / walked away from a winnable deal / no decision);
- pace: weeks used against par (a win); how early, and how soon after the evidence, a dead
  deal was qualified out; how early a loss was learned;
- craft: the good moves' points, up to a cap per outcome, and every charge in full: no
  mistake the debrief names is ever free.

The bands keep the design's promises: a faster win scores higher; walking away from a dead
deal by its par, at the first chance after the evidence, earns the full pace, every week
later scores less, and it always scores more than losing or stalling; a stall to the horizon
is the worst result of all.

The letter grade reads these points against what the right play earns in the deal
(`sim.engine.grading`); the debrief's lines are laid out in `sim.engine.debrief`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sim.engine.ladder import EVALUATION, SELLER_ONLY
from sim.engine.outcomes import GAME_OUTCOME_TEXT, GameOutcome
from sim.engine.points import BANDS as BANDS
from sim.engine.points import CRAFT_POINTS as CRAFT_POINTS
from sim.engine.points import DEAD_PAR_PACE as DEAD_PAR_PACE
from sim.engine.points import DELAY_COST as DELAY_COST
from sim.engine.points import GRADES as GRADES
from sim.engine.points import MOVES_PER_MEETING as MOVES_PER_MEETING
from sim.engine.points import WEEK_COST as WEEK_COST
from sim.engine.points import clean_share_points as clean_share_points
from sim.engine.points import craft_points as craft_points
from sim.engine.points import grade as grade
from sim.engine.points import pace_points as pace_points
from sim.engine.points import qualify_out_craft as qualify_out_craft
from sim.engine.rules import LESSONS, RULES, RuleId

if TYPE_CHECKING:
    from sim.engine.records import Event
    from sim.engine.state import State

R_STEP_EVAPORATED, R_STEP_LEFT_OPEN = RuleId.STEP_EVAPORATED.value, RuleId.STEP_LEFT_OPEN.value
OUTCOME_WORDS: dict[str, str] = dict(GAME_OUTCOME_TEXT)  # keyed by GameOutcome (a str)


@dataclass(frozen=True, slots=True)
class DebriefMoment:
    week: int
    did: str  # what the trainee did
    rule: str
    title: str
    lesson: str | None  # "L1".."L9"
    points: int
    lesson_text: str
    detail: str
    key: bool  # worth discussing

    def to_dict(self) -> dict[str, Any]:
        return {
            "week": self.week,
            "did": self.did,
            "rule": self.rule,
            "title": self.title,
            "lesson": self.lesson,
            "points": self.points,
            "lesson_text": self.lesson_text,
            "detail": self.detail,
            "key": self.key,
        }


@dataclass(frozen=True, slots=True)
class EvidenceSeen:
    """One piece of evidence the trainee had that the deal was dead (from `State.evidence`)."""

    week: int
    rule: str
    player: str | None  # the Key Player's id
    who: str  # their name, as drawn for this game
    detail: str

    def words(self) -> str:
        """What it was, in a few words: "Gordon Pike's concern"."""
        return _EVIDENCE_WORDS.get(self.rule, "{who}: {detail}").format(who=self.who, detail=self.detail)

    def to_dict(self) -> dict[str, Any]:
        return {"week": self.week, "rule": self.rule, "player": self.player, "who": self.who, "detail": self.detail}


_EVIDENCE_WORDS: dict[str, str] = {
    "reciprocal_ask_refused": "{who}'s excuse",
    "unmovable_revealed": "{who}'s concern",
    "no_budget_revealed": "{who}: no budget",
    "dead_deal_evidence": "what {who} told you",
}


@dataclass(frozen=True, slots=True)
class Score:
    total: int
    grade: str
    outcome: GameOutcome
    outcome_words: str
    outcome_points: int
    pace_points: int
    craft_points: int
    craft_raw: int
    weeks: int
    par: int
    horizon: int
    moments: tuple[DebriefMoment, ...]
    variant: str | None = None  # the drawn variant's name (None: the scenario declares none)
    why: str = ""  # what was true in this deal
    evidence: tuple[EvidenceSeen, ...] = ()  # what told the trainee the deal was dead, in order

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "grade": self.grade,
            "outcome": self.outcome.value,
            "outcome_words": self.outcome_words,
            "outcome_points": self.outcome_points,
            "pace_points": self.pace_points,
            "craft_points": self.craft_points,
            "craft_raw": self.craft_raw,
            "weeks": self.weeks,
            "par": self.par,
            "horizon": self.horizon,
            "moments": [m.to_dict() for m in self.moments],
            "variant": self.variant,
            "why": self.why,
            "evidence": [e.to_dict() for e in self.evidence],
        }

    @property
    def graded(self) -> int:
        """The points the grade reads (`sim.engine.grading`): the total, or a qualify-out's share
        of a clean one at par on a win's scale."""
        from sim.engine.grading import graded_points

        return graded_points(self.total, self.outcome, self.par, self.horizon)


_ENDINGS: dict[str, str] = {  # the `did` of the end's moments, as stored with a game's score
    GameOutcome.WON: "The contract was signed",
    GameOutcome.QUALIFIED_OUT: "You walked away",
    GameOutcome.WALKED_AWAY: "You walked away",
    GameOutcome.WALKED_BLIND: "You walked away",
    GameOutcome.LOST: "The deal was lost",
    GameOutcome.NO_DECISION: "The calendar ran out",
}


def meeting_words(state: State, e: Event) -> str:
    """What the trainee did in a one-to-one meeting, in words: "met Dana Whitlock, asked about
    goals and needs, asked for a follow-up meeting (fallback: ...)". One wording for the
    debrief, the TUI and the transcript."""
    text = f"met {e.who}"
    if e.topic:
        text += f", asked about {_topic(e.topic)}"
    if e.ask == SELLER_ONLY:
        text += f", offered to send {state.rung_phrase(e.ask)}"
    elif e.ask is not None:
        text += f", asked for {state.rung_phrase(e.ask)}"
    if e.fallback is not None:
        text += f" (fallback: {state.rung_phrase(e.fallback)})"
    return text


def _did(state: State, index: int) -> str:
    if index < 0 or index >= len(state.events):
        return _ENDINGS.get(state.outcome or "", "The game ended")
    return event_words(state, state.events[index])


def event_words(state: State, e: Event) -> str:
    """What happened in an event, in the debrief's words ("Met Sam Okonkwo, asked for ...")."""
    if e.kind == "meet":
        return "M" + meeting_words(state, e)[1:]
    if e.kind == "consensus":
        return f"Called the consensus meeting, asked for {state.rung_phrase(e.ask or EVALUATION)}"
    if e.kind == "evaporated":
        return f"Left {state.rung_phrase(e.ask or 0)} with {e.who} without a date"
    if e.kind == "wait":
        return "Waited a week"
    if e.kind == "walk_away":
        return "Walked away"
    return "The horizon passed"


def _topic(t: str) -> str:
    from sim.engine.ladder import TOPICS

    return TOPICS.get(t, t)


def _points(state: State, par: int | None = None) -> tuple[int, GameOutcome, int, int, int, int, int]:
    sc = state.scenario
    outcome = state.outcome or GameOutcome.NO_DECISION
    weeks = state.end_week or state.week
    o_pts = BANDS[outcome][0]
    first = state.evidence[0].week if state.evidence else None
    p_pts = pace_points(outcome, weeks, sc.par_weeks if par is None else par, sc.horizon_weeks, first)
    pts = moment_points(state)
    gains = sum(p for p in pts if p > 0)
    charges = sum(p for p in pts if p < 0)
    if outcome == GameOutcome.QUALIFIED_OUT and first is not None:
        craft = qualify_out_craft(state, first, charges)
    else:
        craft = craft_points(outcome, gains, charges)
    total = max(0, min(100, o_pts + p_pts + craft))
    return total, outcome, weeks, o_pts, p_pts, craft, gains + charges


def moment_points(state: State) -> list[int]:
    """The craft points of each of the game's moments, in order: its rule's points, except an open
    step that slipped away the very week the buyer agreed it but would not put a date on it (their
    no, not the trainee's omission: no L5 charge)."""
    get = CRAFT_POINTS.get
    pts = [get(m.rule, 0) for m in state.moments]
    if any(e.kind == "evaporated" for e in state.events):
        for i, m in enumerate(state.moments):
            if m.rule == R_STEP_EVAPORATED and _date_refused_this_week(state, m.player, m.week):
                pts[i] = 0
    return pts


def _date_refused_this_week(state: State, player: str | None, week: int) -> bool:
    """`player` agreed a step in `week` without a date, and not because the trainee left it open."""
    agreed = any(
        e.kind == "meet" and e.player == player and e.week == week and e.granted is not None and not e.scheduled
        for e in state.events
    )
    left_open = any(m.rule == R_STEP_LEFT_OPEN and m.player == player and m.week == week for m in state.moments)
    return agreed and not left_open


def total(state: State, par: int | None = None) -> tuple[int, GameOutcome, int]:
    """(total, outcome, weeks) without building the debrief: for simulations and planners.
    `par` overrides the scenario's par weeks (to score against another par)."""
    t, outcome, weeks, *_ = _points(state, par)
    return t, outcome, weeks


def score(state: State) -> Score:
    sc = state.scenario
    total, outcome, weeks, o_pts, p_pts, craft, raw = _points(state)
    moments: list[DebriefMoment] = []
    for m, pts in zip(state.moments, moment_points(state), strict=True):
        r = RULES[m.rule]
        if m.event < 0:
            pts = o_pts
        moments.append(
            DebriefMoment(
                m.week,
                _did(state, m.event),
                m.rule,
                r.title,
                r.lesson,
                pts,
                r.lesson_text,
                m.detail,
                key=abs(pts) >= 2 or m.event < 0 or m.rule in _KEY_RULES,
            )
        )
    pace_rule = RULES["pace"]
    pace_detail = {
        GameOutcome.WON: f"{weeks} weeks against a par of {sc.par_weeks}",
        GameOutcome.QUALIFIED_OUT: f"walked away in week {weeks} of {sc.horizon_weeks}"
        + (f", {_after(weeks - state.evidence[0].week)}" if state.evidence else ""),
        GameOutcome.WALKED_BLIND: "no pace points: you walked away before you had any evidence",
        GameOutcome.LOST: f"learned the truth in week {weeks} of {sc.horizon_weeks}",
        GameOutcome.WALKED_AWAY: "no pace points: the deal could have been won",
        GameOutcome.NO_DECISION: f"no pace points: still no decision after {sc.horizon_weeks} weeks",
    }[outcome]
    moments.append(
        DebriefMoment(
            weeks,
            _ENDINGS.get(outcome, "The game ended"),
            "pace",
            pace_rule.title,
            "L9" if outcome in (GameOutcome.QUALIFIED_OUT, GameOutcome.LOST) else pace_rule.lesson,
            p_pts,
            LESSONS["L9"] if outcome in (GameOutcome.QUALIFIED_OUT, GameOutcome.LOST) else pace_rule.lesson_text,
            pace_detail,
            key=True,
        )
    )
    from sim.engine.grading import grade_for

    return Score(
        total,
        grade_for(total, outcome, sc.par_weeks, sc.horizon_weeks),
        outcome,
        OUTCOME_WORDS[outcome],
        o_pts,
        p_pts,
        craft,
        raw,
        weeks,
        sc.par_weeks,
        sc.horizon_weeks,
        tuple(moments),
        variant=state.variant.name if state.variant is not None else None,
        why=state.variant.why if state.variant is not None else sc.truth.why,
        evidence=tuple(
            EvidenceSeen(m.week, m.rule, m.player, state.names.get(m.player, m.player) if m.player else "", m.detail)
            for m in state.evidence
        ),
    )


_KEY_RULES = frozenset(
    {
        "concern_learned",
        "unmovable_revealed",
        "step_evaporated",
        "reciprocal_ask_refused",
        "adversary_has_ear",
        "consensus_reached",
        "fallback_landed",
        "cold_start",
    }
)


def lessons_covered(s: Score) -> set[str]:
    return {m.lesson for m in s.moments if m.lesson}


def _after(n: int) -> str:
    return "the same week as the evidence" if n == 0 else f"{n} week{'s' if n > 1 else ''} after the evidence"
