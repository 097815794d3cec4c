"""Score and debrief: every point comes from a named rule and a week.

Total (0-100) = outcome + pace + craft.
- outcome: what the deal came to (won / qualified out on evidence / lost / walked away
  blind / walked away from a winnable deal / no decision);
- pace: weeks used against par (a win); how early, and how soon after the evidence, a dead
  deal was qualified out; how early a loss was learned;
- craft: the good moves' points, up to a cap per outcome, and every charge in full: no
  mistake the debrief names is ever free.

The bands keep the design's promises: a faster win scores higher; walking away from a dead
deal in week w scores more the smaller w, and always more than losing or stalling; a stall
to the horizon is the worst result of all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sim.engine.ladder import EVALUATION, SELLER_ONLY
from sim.engine.outcomes import GAME_OUTCOME_TEXT, GameOutcome
from sim.engine.rules import LESSONS, RULES

if TYPE_CHECKING:
    from sim.engine.records import Event
    from sim.engine.state import State

CRAFT_POINTS: dict[str, int] = {
    "on_target_ask": 1,
    "stretch_landed": 0,  # luck as much as skill: it saves a week, it earns no craft
    "stretch_declined": -1,  # an ask above readiness costs, even when a fallback then lands
    "over_ask": -2,
    "disengaged": -2,
    "continuation": -1,
    "seller_only_offer": -1,
    "discovery_first": 1,
    "no_discovery": -1,
    "fallback_landed": 0,  # the fallback's own ask scores; planning it only saves the week
    "step_left_open": -1,
    "step_evaporated": -1,
    "consensus_refused": -3,
    "evaluation_before_consensus": -2,
    "contract_before_evaluation": -3,
    "consensus_before_all_met": -3,
    "adversary_first_met_in_consensus": -3,
    "adversary_concern_unanswered": -3,
    "adversary_concern_answered": 2,
    "concern_learned": 1,
    "unmovable_revealed": 1,
    "no_budget_revealed": 1,
    "reciprocal_ask_refused": 0,  # an excuse is evidence, not a reward
}

# outcome -> (outcome points, pace points at most, positive craft points at most). Charges are
# never capped: every mistake the debrief names costs its points whatever the outcome.
BANDS: dict[str, tuple[int, int, int]] = {  # keyed by GameOutcome (a StrEnum: a plain id finds it too)
    GameOutcome.WON: (50, 30, 20),
    GameOutcome.QUALIFIED_OUT: (45, 35, 15),
    GameOutcome.LOST: (15, 12, 10),
    GameOutcome.WALKED_BLIND: (12, 0, 8),
    GameOutcome.WALKED_AWAY: (8, 0, 6),
    GameOutcome.NO_DECISION: (5, 0, 3),
}
# every week between the first evidence and walking away costs this many pace points
DELAY_COST = 3
OUTCOME_WORDS: dict[str, str] = dict(GAME_OUTCOME_TEXT)  # keyed by GameOutcome (a str)
GRADES = ((90, "A"), (80, "B"), (65, "C"), (50, "D"), (0, "F"))


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


def grade(total: int) -> str:
    for floor, letter in GRADES:
        if total >= floor:
            return letter
    return "F"


def pace_points(outcome: str, weeks: int, par: int, horizon: int, evidence_week: int | None = None) -> int:
    """A win: the fewer weeks the better (par earns about 25 of 30). Qualified out: the earlier,
    and the sooner after the evidence, the better. A loss: the earlier it was learned."""
    _, pace_max, _ = BANDS[outcome]
    if outcome == GameOutcome.WON:
        span = max(1, horizon - par)
        return max(0, min(pace_max, round(25 * (horizon - weeks) / span)))
    if outcome == GameOutcome.QUALIFIED_OUT:
        early = round(pace_max * (horizon - weeks + 1) / horizon)
        delay = weeks - (evidence_week if evidence_week is not None else weeks)
        return max(0, min(pace_max, early - DELAY_COST * delay))
    if outcome == GameOutcome.LOST:
        return max(0, min(pace_max, round(pace_max * (horizon - weeks + 1) / horizon)))
    return 0


def craft_points(outcome: str, raw_gains: int, charges: int) -> int:
    """Positive craft up to the outcome's cap, then every charge in full."""
    return min(BANDS[outcome][2], raw_gains) + charges


# what the trainee did at the end, worded like every other `did` (a verb, no subject: the
# debrief shows it as "You: Walked away.")
_ENDINGS: dict[str, str] = {
    GameOutcome.WON: "Won the deal",
    GameOutcome.QUALIFIED_OUT: "Closed the opportunity",
    GameOutcome.WALKED_AWAY: "Closed the opportunity",
    GameOutcome.WALKED_BLIND: "Closed the opportunity",
    GameOutcome.LOST: "Kept going until the deal fell through",
    GameOutcome.NO_DECISION: "Ran out of calendar",
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
    e: Event = state.events[index]
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
    get = CRAFT_POINTS.get
    pts = [get(m.rule, 0) for m in state.moments]
    gains = sum(p for p in pts if p > 0)
    charges = sum(p for p in pts if p < 0)
    craft = craft_points(outcome, gains, charges)
    total = max(0, min(100, o_pts + p_pts + craft))
    return total, outcome, weeks, o_pts, p_pts, craft, gains + charges


def total(state: State, par: int | None = None) -> tuple[int, GameOutcome, int]:
    """(total, outcome, weeks) without building the debrief: for simulations and planners.
    `par` overrides the scenario's par weeks (to score against another par)."""
    t, outcome, weeks, *_ = _points(state, par)
    return t, outcome, weeks


def score(state: State) -> Score:
    sc = state.scenario
    total, outcome, weeks, o_pts, p_pts, craft, raw = _points(state)
    moments: list[DebriefMoment] = []
    for m in state.moments:
        r = RULES[m.rule]
        pts = CRAFT_POINTS.get(m.rule, 0)
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
    return Score(
        total,
        grade(total),
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
    }
)


def lessons_covered(s: Score) -> set[str]:
    return {m.lesson for m in s.moments if m.lesson}


def craft_tally(s: Score) -> list[tuple[str, str, str | None, int, int]]:
    """Every craft rule that fired: (rule, title, lesson, times, points), biggest effect first."""
    tally: dict[str, list[Any]] = {}
    for m in s.moments:
        if m.rule not in CRAFT_POINTS:
            continue
        row = tally.setdefault(m.rule, [m.rule, m.title, m.lesson, 0, 0])
        row[3] += 1
        row[4] += m.points
    return sorted((tuple(r) for r in tally.values()), key=lambda r: (-abs(r[4]), r[0]))


def craft_note(s: Score) -> str:
    """How the craft points were reached: gains up to the outcome's cap, every charge in full."""
    cap = BANDS[s.outcome][2]
    gains = sum(m.points for m in s.moments if m.rule in CRAFT_POINTS and m.points > 0)
    charges = s.craft_points - min(cap, gains)
    if gains > cap:
        return (
            f"good moves add up to {gains}, of which {cap} count for a result like this; "
            f"charges {charges} (never capped)"
        )
    return f"good moves add up to {gains}; charges {charges} (never capped)"


def _after(n: int) -> str:
    return "the same week as the evidence" if n == 0 else f"{n} week{'s' if n > 1 else ''} after the evidence"
