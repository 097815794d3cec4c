"""The one registry of named rules.

Every outcome the engine produces, every condition an archetype machine checks and every
point the score gives or takes names a rule from here, so the debrief can cite it.
Conditions are predicates over a Key Player (and the trigger's keyword arguments); the
archetype machines refer to them by name, and `sim.engine.machines` attaches them to the model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sim.engine.rule_ids import RuleId as RuleId  # re-exported for the modules that cite rules

Check = Callable[..., bool]


@dataclass(frozen=True, slots=True)
class Rule:
    name: RuleId
    lesson: str | None  # "L1".."L9" or None for plumbing rules
    title: str
    lesson_text: str
    check: Check | None = None  # set for rules that are machine conditions


LESSONS: dict[str, str] = {
    "L1": "Climb the ladder: ask for a little more each time.",
    "L2": "Asking for too much too early gets you rebuffed.",
    "L3": "Asking for too little builds nothing: commitment has to run both ways.",
    "L4": "Plan every call: what to learn, what to ask for, and a fallback.",
    "L5": "Put the next step on the calendar before the meeting ends.",
    "L6": "Meet every Key Player before asking them to commit to an evaluation.",
    "L7": "Hear an adversary out one-to-one and answer their personal concern.",
    "L8": "Don't fear a no: test interest with reciprocal asks and walk away from dead deals.",
    "L9": "Bad news early is good news: a late loss costs more, a stall costs most.",
}

RULES: dict[str, Rule] = {}  # keyed by RuleId (a str)


def _rule(name: str, lesson: str | None, title: str, text: str, check: Check | None = None) -> Rule:
    rid = RuleId(name)
    rule = Rule(rid, lesson, title, text, check)
    RULES[rid] = rule
    return rule


# --- conditions the archetype machines name (predicates over a KeyPlayer) -------------
def _trust_high(p: Any, **_: Any) -> bool:
    return bool(p.trust >= 2)


def _trust_low(p: Any, **_: Any) -> bool:
    return bool(p.trust <= 0)


def _patience_spent(p: Any, **_: Any) -> bool:
    return bool(p.over_asks >= p.spec.patience)


def _value_established(p: Any, **_: Any) -> bool:
    return p.granted >= 2 and "goals" in p.facts


def _movable(p: Any, **_: Any) -> bool:
    return not p.spec.unmovable


def _unmovable(p: Any, **_: Any) -> bool:
    return bool(p.spec.unmovable)


def _answers_concern(p: Any, rung: int = 0, **_: Any) -> bool:
    return p.concern_known and p.spec.concern is not None and rung >= p.spec.concern.answered_by


def _is_evidence(p: Any, rung: int = 0, **_: Any) -> bool:
    return rung >= 4


_rule(
    "trust_high",
    None,
    "Trust has built up",
    "Two or more asks that landed on target turn a contact into a champion.",
    _trust_high,
)
_rule("trust_low", None, "Trust has run out", "A player whose trust is spent cools off.", _trust_low)
_rule(
    "patience_spent",
    "L2",
    "Too many over-asks",
    "Each over-ask uses up patience; when it is gone the player stops taking your calls.",
    _patience_spent,
)
_rule(
    "value_established",
    None,
    "Value established",
    "An economic buyer moves past small talk only once you have heard their goals and done a needs deep-dive.",
    _value_established,
)
_rule(
    "movable",
    "L7",
    "The adversary can be moved",
    "Once you know an adversary's personal concern, the right rung can answer it.",
    _movable,
)
_rule(
    "unmovable",
    "L8",
    "The adversary cannot be moved",
    "Some adversaries have decided; learning that early is the point.",
    _unmovable,
)
_rule(
    "answers_concern",
    "L7",
    "Concern answered",
    "The rung that answers an adversary's concern turns them from opponent to neutral.",
    _answers_concern,
)
_rule(
    "is_evidence",
    None,
    "Evidence",
    "Evaluators are moved by evidence: a strategy session, an office visit or a reference trip.",
    _is_evidence,
)

# --- rules the engine fires and the debrief cites -------------------------------------
_rule(
    "on_target_ask",
    "L1",
    "On-target ask",
    "You asked one step above what they had already given, within what they were ready for, and it landed.",
)
_rule(
    "stretch_landed",
    "L1",
    "Stretch ask landed",
    "You asked a step beyond their readiness and got it: a week saved, but luck as much as skill.",
)
_rule(
    "stretch_half_landed",
    "L5",
    "Stretch ask half-landed",
    "They agreed in principle to your stretch ask but would not put a date on it yet.",
)
_rule(
    "stretch_declined",
    "L1",
    "Stretch ask declined",
    "One step beyond what they were ready for: they said not yet, and their patience wore a little thinner.",
)
_rule(
    "over_ask",
    "L2",
    "Over-ask",
    "You asked for far more than they were ready to give. They refused, and trust dropped.",
)
_rule(
    "far_over_ask",
    "L2",
    "Far over-ask",
    "You asked three or more rungs beyond what they were ready for: not a test of interest but a request "
    "they could only refuse, and it costs more than a small over-ask.",
)
_rule("disengaged", "L2", "Player disengaged", "Pushed too often, they stopped engaging with you.")
_rule(
    "continuation",
    "L3",
    "Continuation",
    "You asked for nothing they had not already given. The week passed and nothing moved.",
)
_rule(
    "seller_only_offer",
    "L3",
    "Seller-only offer",
    "Offering to send material is something you do, not a commitment from them: never an advance.",
)
_rule("free_help_taken", "L3", "Free help taken", "They gladly took your time and advice; it cost them nothing.")
_rule("discovery_first", "L4", "Discovery before asking", "You learned about them before you asked them for something.")
_rule(
    "no_discovery",
    "L4",
    "Asked without discovery",
    "You asked for a commitment at a first meeting without learning anything about them.",
)
_rule(
    "fallback_landed",
    "L4",
    "Fallback landed",
    "Your primary ask was refused, but the fallback you planned kept the meeting from being wasted.",
)
_rule("step_scheduled", "L5", "Next step scheduled", "You put the agreed step on the calendar before leaving the room.")
_rule(
    "step_left_open",
    "L5",
    "Step left unscheduled",
    "They agreed, but you left without a date. Open steps can quietly evaporate.",
)
_rule("step_evaporated", "L5", "Step evaporated", "An agreed step with no date on it slipped away.")
_rule(
    "needs_introduction",
    "L1",
    "Needs an introduction",
    "This player only meets you after someone they trust introduces you.",
)
_rule(
    "not_theirs_to_give",
    "L6",
    "Not theirs to give",
    "They told you plainly that this is not theirs to grant: worth knowing who decides, but nothing moved.",
)
_rule(
    "group_decision",
    None,
    "A group decision",
    "A formal evaluation is agreed by the whole group in the consensus meeting, not one-to-one.",
)
_rule(
    "consensus_not_agreed",
    "L6",
    "No consensus meeting agreed",
    "The economic buyer has to agree to convene the consensus meeting first.",
)
_rule(
    "consensus_before_all_met",
    "L6",
    "Consensus called too early",
    "Someone in the room had never met you one-to-one, so the meeting could not reach agreement.",
)
_rule(
    "adversary_first_met_in_consensus",
    "L7",
    "Adversary met first in the room",
    "An adversary you had never met one-to-one argued it was not the right time, and the room agreed.",
)
_rule(
    "adversary_concern_unanswered",
    "L7",
    "Adversary's concern unanswered",
    "You had met the adversary but never answered their concern, so they derailed the meeting.",
)
_rule(
    "adversary_concern_answered",
    "L7",
    "Adversary's concern answered",
    "You learned the adversary's concern one-to-one and answered it with the right step.",
)
_rule(
    "adversary_has_ear",
    "L8",
    "The adversary has the buyer's ear",
    "While the adversary opposes the deal, the economic buyer will not convene a consensus meeting.",
)
_rule("blocked_by_opposition", "L6", "Not enough support in the room", "Those against outweighed those in favour.")
_rule(
    "consensus_reached",
    "L6",
    "Consensus reached",
    "Every Key Player had been met and heard, and the room agreed an evaluation.",
)
_rule(
    "evaluation_running",
    None,
    "Evaluation under way",
    "The buyer will not sign before the formal evaluation has run its course.",
)
_rule(
    "no_active_blocker",
    "L7",
    "An active blocker",
    "The economic buyer will not sign while a Key Player is actively against the deal.",
)
_rule(
    "reciprocal_ask_refused",
    "L8",
    "Reciprocal ask refused",
    "A keen prospect who refuses to invest their own time is telling you something.",
)
_rule(
    "concern_learned",
    "L7",
    "Concern learned",
    "Asking about personal concerns one-to-one brought the real objection into the open.",
)
_rule(
    "unmovable_revealed",
    "L8",
    "A closed door",
    "One-to-one, they made it plain that nothing you offer will change their mind.",
)
_rule(
    "cold_start",
    "L1",
    "Not ready even for a follow-up",
    "At your first meeting they would not yet agree even to meet again: a cold start that only meeting "
    "them could show. The least anyone can ask costs nothing; discovery and patience warm them.",
)
_rule(
    "interest_test_not_yet",
    "L8",
    "Interest tested",
    "After discovery you asked them to invest their own time. A genuine buyer said not yet, and meant it: "
    "a test of interest costs nothing the first time.",
)
_rule(
    "consensus_refused",
    "L6",
    "Consensus asked for too early",
    "The buyer will only convene the group once you have met every Key Player one-to-one and nobody is "
    "still against it. Asking before that cost you their trust.",
)
_rule(
    "evaluation_before_consensus",
    "L6",
    "Evaluation asked for before consensus",
    "A formal evaluation is agreed by the whole group in the consensus meeting, never one-to-one beforehand.",
)
_rule(
    "contract_before_evaluation",
    "L2",
    "Contract asked for too early",
    "Nobody signs before a formal evaluation has run its course with no one left against it.",
)
_rule(
    "no_budget",
    "L8",
    "No money this year",
    "Without a budget the buyer cannot commit to an evaluation or a contract, however keen the people are.",
)
_rule(
    "no_budget_revealed",
    "L8",
    "No budget",
    "Asking about budget and timing brought out that there is no money for this: evidence the deal is dead.",
)
_rule(
    "dead_deal_evidence",
    "L8",
    "Evidence the deal is dead",
    "What they told you shows this deal cannot be won: the moment to thank them and walk away.",
)
_rule("won", "L1", "Contract signed", "The deal closed.")
_rule(
    "walked_away_blind",
    "L8",
    "Walked away without evidence",
    "The deal was dead, but you had not found that out: walking away on a hunch is a guess, not qualifying out.",
)
_rule(
    "walked_away_dead_deal",
    "L8",
    "Qualified out",
    "You walked away from a deal that could not be won. The earlier, the better.",
)
_rule(
    "walked_away_winnable",
    "L8",
    "Walked away from a live deal",
    "You walked away from a deal that could have been won.",
)
_rule("lost_deal", "L9", "Deal lost", "The deal was lost. The later a loss is learned, the more it costs.")
_rule("stalled_to_horizon", "L9", "No decision", "The horizon passed with no decision: the most expensive way to lose.")
_rule("pace", "L1", "Pace", "Weeks used against the scenario's par.")


def rule(name: str) -> Rule:
    try:
        return RULES[name]
    except KeyError:
        raise KeyError(f"unknown rule {name!r}") from None
