"""What Key Players say by default, keyed by the rule the moment answers and the context.

A key is `rule.qualifier...` (the scheme, and how a line is chosen, are in `sim.engine.voice`):
`over_ask.first.top` is an over-ask of rung 7-9 at a first meeting; `continuation.withdrawn`
the fourth (or later) time a player is asked for nothing new. Scenario files may add or
override any key, for the whole scenario or for one Key Player; theirs come first.

Placeholders: {name} {title} {company} {offering} of the speaker and the deal; {ask} the rung
asked in running text ("a strategy session"), {rung} its name on the ladder ("Strategy
session"); {excuse} a tire-kicker's excuse or an adversary's concern; {times} ("four times")
and {nth} ("fourth") how often this player has answered this rule; and the speaker's
pronouns, with verbs that agree: {they} {them} {their} {theirs} {themselves} {They} {Them}
{Their} {is} {was} {has} {s} ("{they} trust{s}": "she trusts", "they trust").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from sim.engine.pronouns import PRONOUN_PLACEHOLDERS

PLACEHOLDERS = frozenset(
    {"name", "title", "company", "offering", "ask", "rung", "excuse", "times", "nth"} | PRONOUN_PLACEHOLDERS
)

DEFAULT_LINES: dict[str, tuple[str, ...]] = {
    # ---- an ask that lands -------------------------------------------------------------------
    "on_target_ask": (
        "That makes sense as a next step. Let's do it.",
        "Fair ask. Count me in.",
        "I was going to suggest something like that myself. Agreed.",
        "Good. I'd rather do this properly than quickly.",
        "Yes. That's the obvious next step.",
    ),
    "on_target_ask.first": (
        "Good to meet you. Yes, let's carry on from here.",
        "This was useful. Yes, I'm happy to take it a step further.",
        "You've done your homework. All right, yes.",
    ),
    "on_target_ask.small": (
        "Yes, I can commit to {ask}.",
        "Easy enough. Let's find a date that works.",
        "Sure, I can make that happen.",
    ),
    "on_target_ask.follow_up": ("Yes, let's meet again. Put a date in.", "Happy to. Same place, next week?"),
    "on_target_ask.deep_dive": (
        "Good. Bring your questions and I'll bring the numbers.",
        "Happy to. It's time someone looked at this properly.",
    ),
    "on_target_ask.introduction": (
        "Yes. I know exactly who you should talk to.",
        "I'll make the introduction. Don't make me regret it.",
    ),
    "on_target_ask.reciprocal": (
        "That's a real investment of our time, and I think it's worth it. Yes.",
        "All right: {ask}. I'll make sure the right people are there.",
        "Yes. Let's see it properly, not on slides.",
    ),
    "on_target_ask.office_visit": ("Yes, I'll come and see it for myself.",),
    "on_target_ask.reference_trip": ("A day out to see it running somewhere real? Yes, I'd like that.",),
    "on_target_ask.consensus": (
        "Yes. I'll get everyone round one table and we'll settle how to evaluate it.",
        "Agreed. It's time we all sat down together.",
    ),
    "on_target_ask.fallback": (
        "That much I can do: {ask}.",
        "Now that's more like it. Yes.",
        "Yes to that, at least.",
    ),
    "on_target_ask.neutralised": (
        "Now you're speaking my language. Go on.",
        "You listened, and it shows. Yes.",
    ),
    "stretch_landed": (
        "That's a bigger step than I expected, but all right.",
        "You're moving fast. Still, I'll agree to {ask}.",
    ),
    "stretch_landed.small": ("Sooner than I'd planned, but all right.",),
    "stretch_landed.reciprocal": (
        "I wasn't planning to give you that much time yet. Go on, then.",
        "Bold. Fine, let's try it.",
    ),
    "stretch_landed.fallback": ("That one I can stretch to.", "All right, that one. Just about."),
    "stretch_half_landed": (
        "In principle, yes. I can't put a date on it this week, though.",
        "Probably. Let me look at the calendar and come back to you.",
        "I like the idea. Let's firm it up later.",
    ),
    "stretch_half_landed.fallback": ("That one, in principle, yes. I can't put a date on it yet.",),
    "stretch_half_landed.again": ("Same as before: yes in principle, but no date yet.",),
    "won": (
        "Send the paper over. We'll sign on the date we agreed.",
        "We're going ahead. Congratulations, and let's make it work.",
        "Yes. Let's sign it and get started.",
    ),
    # ---- an ask too far, or the wrong ask ---------------------------------------------------------
    "stretch_declined": (
        "Not yet. Let's get a bit further first.",
        "I'm not ready for that one. Maybe in a while.",
        "Hmm. That feels premature.",
    ),
    "stretch_declined.first": ("We've only just met. Let's not get ahead of ourselves.",),
    "stretch_declined.again": ("Still not yet.", "Not yet, as I said."),
    "stretch_declined.impatient": ("You keep reaching for more than I can give right now.",),
    "stretch_declined.withdrawn": (
        "That's {times} you've pushed for more, and not yet still means not yet.",
        "You've asked {times} now, and the answer is still not yet.",
    ),
    "over_ask": (
        "That's a lot to ask at this point. I'll pass.",
        "I don't think you understand where we are. No.",
        "That's not going to happen any time soon.",
    ),
    "over_ask.first": ("Hold on. We've only just met and you want {ask}? No.", "We've barely started. No."),
    "over_ask.top": ("We are nowhere near {ask}. No.", "That's a decision for much later, if ever."),
    "over_ask.room": ("Before any evaluation? No. Not in this room, not yet.",),
    "over_ask.again": ("No. Same answer as before.", "Again? No."),
    "over_ask.impatient": ("I've told you twice. Stop asking for things I can't give you.",),
    "over_ask.withdrawn": (
        "That's {times} now, and I'm not discussing it again.",
        "You've asked {times}, and I've stopped listening.",
    ),
    "disengaged": (
        "I've made my position clear. I think we're done for now.",
        "Let's leave it here. Please don't call me about this again.",
        "I don't think this is working. I'll call you if anything changes.",
    ),
    "not_theirs_to_give": (
        "That's not my call.",
        "That isn't mine to give, I'm afraid.",
        "You'd need someone else for that.",
    ),
    "not_theirs_to_give.contract": (
        "I don't sign contracts. That's above me.",
        "Signing isn't mine to do, I'm afraid.",
    ),
    "not_theirs_to_give.consensus": ("Calling everyone together isn't something I can do.",),
    "not_theirs_to_give.top": ("That's a decision well above my desk.",),
    "not_theirs_to_give.introduction": ("I'm not the right person to introduce you around.",),
    "not_theirs_to_give.again": ("Again, that's not mine to give.",),
    "not_theirs_to_give.impatient": ("You keep asking me for things only other people can give.",),
    "not_theirs_to_give.withdrawn": ("That's {times} now, and it still isn't my call.",),
    "group_decision": (
        "That's not something I'd decide alone.",
        "Put it to the group. That's what the meeting is for.",
    ),
    "group_decision.again": ("As I said: the group decides that.",),
    "group_decision.impatient": ("Bring it to the meeting, not to me.",),
    "group_decision.withdrawn": ("I've said it {times} now: the group decides.",),
    "interest_test_not_yet": (
        "Not yet. Give me a little longer with what we have so far.",
        "I'd like to, but not yet. Ask me again when we've done a bit more together.",
        "Soon, perhaps. Not this week.",
    ),
    # ---- nothing new asked --------------------------------------------------------------------------
    "continuation": (
        "Sure, happy to keep talking.",
        "Good to catch up. Let's stay in touch.",
        "Always useful. Send me whatever you think is helpful.",
    ),
    "continuation.again": ("Fine. Same time next week, I suppose.", "Catching up again? All right."),
    "continuation.impatient": (
        "We keep meeting and nothing changes. What are we actually doing here?",
        "I enjoy these chats, but I'm not sure where they're going.",
    ),
    "continuation.withdrawn": (
        "That's {times} we've had this same conversation.",
        "Our {nth} catch-up, so I'll keep it short.",
    ),
    "continuation.browsing.again": ("Always good to see you. Same time next week?",),
    "continuation.browsing.impatient": ("Always a pleasure. You're becoming our favourite adviser.",),
    "continuation.browsing.withdrawn": (
        "Our {nth} coffee, and at this rate we should put you on the payroll.",
        "That's {times} now, and I learn something every time.",
    ),
    "seller_only_offer": (
        "Send it over. I'll have a look when I get a chance.",
        "Thanks, I'll read it. No promises.",
        "By all means send it. Can't say when I'll get to it.",
    ),
    "seller_only_offer.again": ("You sent something last time. I haven't opened it yet.",),
    "seller_only_offer.impatient": ("More reading? I've still got the last lot.",),
    "seller_only_offer.withdrawn": ("That's {times} you've offered to send me something, and my inbox is full.",),
    "seller_only_offer.browsing": ("Yes please, send everything you have.",),
    "seller_only_offer.browsing.again": ("More? Wonderful. The team loved the last lot.",),
    "seller_only_offer.browsing.impatient": ("Keep it coming. We're building quite a library of your ideas.",),
    "seller_only_offer.browsing.withdrawn": ("The {nth} pack already, and we read every word.",),
    "reciprocal_ask_refused": (
        "Love the idea, but {excuse}. Could you just send your thoughts in writing?",
        "We're very keen, honestly. It's only that {excuse}.",
        "Maybe next quarter: {excuse}. In the meantime, any advice is welcome.",
    ),
    "reciprocal_ask_refused.again": ("Still the same problem, I'm afraid: {excuse}.",),
    "reciprocal_ask_refused.impatient": ("I did explain: {excuse}. But do keep the ideas coming.",),
    "reciprocal_ask_refused.withdrawn": (
        "As I've said {times} now, {excuse}.",
        "You've asked {times}, and it's still that {excuse}.",
    ),
    "step_evaporated": (
        "Something came up. Let's revisit that another time.",
        "The calendar filled up. We'll have to put that on hold.",
        "Sorry, the week got away from me. Another time.",
    ),
    "step_evaporated.again": ("It slipped again, I'm afraid. No date, no meeting.",),
    "step_evaporated.impatient": ("Without a date, things like this never happen here.",),
    "step_evaporated.withdrawn": (
        "That's the {nth} thing we agreed that never happened.",
        "The {nth} plan without a date, and it went the way of the others.",
    ),
    # ---- the buyer's gates ----------------------------------------------------------------------------
    "consensus_refused": (
        "I'm not calling the group together yet. There's work to do first.",
        "Not yet. I won't put everyone in a room until I know how it will go.",
    ),
    "consensus_refused.first": ("Get everyone together? We've only just met.",),
    "consensus_refused.again": ("Still not. The ground isn't ready.",),
    "consensus_refused.impatient": ("I've told you what it takes. Asking again won't do it.",),
    "consensus_refused.withdrawn": ("That's {times} you've asked, and the answer is the same.",),
    "evaluation_before_consensus": (
        "A formal evaluation needs the whole group behind it, and we haven't met as a group.",
        "Evaluate it before we've all sat down together? No.",
    ),
    "evaluation_before_consensus.again": ("The group first. Then an evaluation.",),
    "evaluation_before_consensus.impatient": ("I've said it: no evaluation without the group.",),
    "evaluation_before_consensus.withdrawn": ("That's {times} now, and the group still comes first.",),
    "contract_before_evaluation": (
        "Sign before we've evaluated it? No.",
        "Nobody here signs anything that hasn't been properly tried.",
    ),
    "contract_before_evaluation.first": ("You want my signature at our first meeting? No.",),
    "contract_before_evaluation.again": ("No signature without an evaluation. That hasn't changed.",),
    "contract_before_evaluation.impatient": ("Stop asking me to sign. Show me it works first.",),
    "contract_before_evaluation.withdrawn": ("You've asked me to sign {times} now, and I won't before an evaluation.",),
    "no_budget": (
        "There's no money for this. I won't pretend otherwise.",
        "I like it, but there's nothing to spend this year.",
    ),
    "no_budget.again": ("Still no money. That won't change this year.",),
    "no_budget.impatient": ("I told you: there is no budget.",),
    "no_budget.withdrawn": ("I've said it {times}: there's no money.",),
    "adversary_has_ear": (
        "I'd want everyone aligned before convening the group, and we're not there.",
        "Let me talk it over with my colleagues first.",
    ),
    "adversary_has_ear.again": ("I still need my colleagues on side.",),
    "adversary_has_ear.impatient": ("I've said it: not until my colleagues agree.",),
    "adversary_has_ear.withdrawn": ("That's {times} you've asked, and I won't while my colleagues are against it.",),
    "evaluation_running": (
        "Let the evaluation run its course. Then we'll talk about paper.",
        "The evaluation isn't finished. Patience.",
    ),
    "evaluation_running.again": ("Not until the evaluation is done.",),
    "evaluation_running.impatient": ("The evaluation finishes when it finishes.",),
    "evaluation_running.withdrawn": ("That's {times} you've asked; wait for the evaluation.",),
    "no_active_blocker": (
        "I won't sign while part of my team is against this.",
        "Not while someone round my table is still opposed.",
    ),
    "no_active_blocker.again": ("My team isn't united yet. Still no.",),
    "no_active_blocker.impatient": ("Sort out the opposition first. I've said so.",),
    "no_active_blocker.withdrawn": ("That's {times}, and I won't sign while my team is split.",),
    # ---- the consensus meeting (said in the room) ------------------------------------------------------
    "consensus_reached": ("Everyone here is on board. Let's settle it: who does what, and by when.",),
    "consensus_reached.evaluation": (
        "Everyone here is on board. Let's agree the evaluation: who, what, and by when.",
        "Right. We have what we need to commit to a proper evaluation.",
    ),
    "consensus_reached.contract": (
        "The evaluation spoke for itself. Send the contract and we'll sign it.",
        "We're agreed, all of us. Bring the paper.",
    ),
    "consensus_before_all_met": (
        "Who are you, exactly? Nobody told me what this is about. I'm not agreeing to anything today.",
        "I'd want to understand this properly before we commit as a group. Not today.",
    ),
    "consensus_before_all_met.again": ("We've done this before. Some of us still haven't met you.",),
    "consensus_before_all_met.impatient": ("Again? Meet the people in this room first.",),
    "consensus_before_all_met.withdrawn": ("The {nth} of these meetings, and still I don't know who you are.",),
    "adversary_first_met_in_consensus": (
        "With respect, this is not the right time. We've been burned by rollouts like this before.",
        "I've seen three of these projects fail. Not now. Not this year.",
    ),
    "adversary_concern_unanswered": (
        "I said it before and I'll say it again: nobody has answered my concern. It's not the right time.",
        "My concern is exactly where it was. I can't support this.",
    ),
    "blocked_by_opposition": (
        "There's too much doubt around this table. Let's park it.",
        "We're not of one mind. Let's leave it for now.",
    ),
    "blocked_by_opposition.again": ("Still too much doubt in this room.",),
    "blocked_by_opposition.impatient": ("Calling us together again won't change the arithmetic.",),
    "blocked_by_opposition.withdrawn": ("The {nth} time round this table, and nothing has moved.",),
}

EXCUSES = (
    "the budget isn't signed off yet",
    "my team is swamped this quarter",
    "we're in the middle of a reorganisation",
    "the boss wants to see more options first",
    "we just need a little more information",
)

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@lru_cache(maxsize=4096)
def _pieces(template: str) -> tuple[tuple[str, str], ...]:
    """A template as (literal text, placeholder name after it) pairs, worked out once."""
    out: list[tuple[str, str]] = []
    at = 0
    for m in _PLACEHOLDER.finditer(template):
        out.append((template[at : m.start()], m.group(1)))
        at = m.end()
    out.append((template[at:], ""))
    return tuple(out)


def fill(template: str, values: Mapping[str, str], more: Mapping[str, str] | None = None) -> str:
    """Substitute {placeholders} literally (from `more`, then `values`); never str.format on
    scenario text. An unknown placeholder is left as it is."""
    out: list[str] = []
    for text, name in _pieces(template):
        out.append(text)
        if name:
            found = more.get(name) if more is not None else None
            out.append(found if found is not None else values.get(name, "{" + name + "}"))
    return "".join(out)
