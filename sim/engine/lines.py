"""What Key Players say by default, keyed by the rule the moment answers.

Scenario files may override any key, for the whole scenario or for one Key Player.
Several variants per key, so a replay does not read the same every time. Placeholders:
{name} {title} {company} {offering} {ask} {rung} {excuse}.
"""

from __future__ import annotations

import re

DEFAULT_LINES: dict[str, tuple[str, ...]] = {
    "on_target_ask": (
        "That makes sense as a next step. Let's do it.",
        "Yes, I can commit to the {ask}.",
        "Fair ask. Count me in.",
        "I was going to suggest something like that myself. Agreed.",
    ),
    "stretch_landed": (
        "That's a bigger step than I expected, but all right.",
        "You're moving fast. Still, I'll agree to the {ask}.",
    ),
    "stretch_half_landed": (
        "In principle, yes. I can't put a date on it this week, though.",
        "Probably. Let me look at the calendar and come back to you.",
        "I like the idea. Let's firm it up later.",
    ),
    "stretch_declined": (
        "Not yet. Let's get a bit further first.",
        "I'm not ready for that one. Maybe in a while.",
        "Hmm. That feels premature.",
    ),
    "over_ask": (
        "Hold on. We've barely started and you want the {ask}? No.",
        "That's a lot to ask at this point. I'll pass.",
        "I don't think you understand where we are. No.",
        "That's not going to happen any time soon.",
    ),
    "disengaged": (
        "I've made my position clear. I think we're done for now.",
        "Let's leave it here. Please don't call me about this again.",
    ),
    "continuation": (
        "Sure, happy to keep talking.",
        "Good to catch up. Let's stay in touch.",
        "Always useful. Send me whatever you think is helpful.",
    ),
    "seller_only_offer": (
        "Send it over. I'll have a look when I get a chance.",
        "Thanks, I'll read it. No promises.",
        "By all means send it. Can't say when I'll get to it.",
    ),
    "reciprocal_ask_refused": (
        "Love the idea, but {excuse}. Could you just send your thoughts in writing?",
        "We're very keen, honestly. It's only that {excuse}.",
        "Maybe next quarter: {excuse}. In the meantime, any advice is welcome.",
    ),
    "needs_introduction": ("Their assistant says they only take meetings through someone they know.",),
    "consensus_reached": (
        "Everyone here is on board. Let's agree the evaluation: who, what, and by when.",
        "Right. We have what we need to commit to a proper evaluation.",
    ),
    "consensus_before_all_met": (
        "Who are you, exactly? Nobody told me what this is about. I'm not agreeing to anything today.",
        "I'd want to understand this properly before we commit as a group. Not today.",
    ),
    "adversary_first_met_in_consensus": (
        "With respect, this is not the right time. We've been burned by rollouts like this before.",
        "I've seen three of these projects fail. Not now. Not this year.",
    ),
    "adversary_concern_unanswered": (
        "I said it before and I'll say it again: nobody has answered my concern. It's not the right time.",
    ),
    "blocked_by_opposition": ("There's too much doubt around this table. Let's park it.",),
    "adversary_has_ear": (
        "I'd want everyone aligned before convening the group, and we're not there.",
        "Let me talk it over with my colleagues first.",
    ),
    "evaluation_running": ("Let the evaluation run its course. Then we'll talk about paper.",),
    "no_active_blocker": ("I won't sign while part of my team is against this.",),
    "won": (
        "Send the paper over. We'll sign on the date we agreed.",
        "We're going ahead. Congratulations, and let's make it work.",
    ),
    "concern_learned": ("Since you ask: {excuse}",),
    "unmovable_revealed": ("Since you ask: {excuse}",),
    "step_evaporated": (
        "Something came up. Let's revisit that another time.",
        "The calendar filled up. We'll have to put that on hold.",
    ),
    "group_decision": ("That's not something I'd decide alone.",),
    "not_theirs_to_give": ("That's not my call.",),
}

EXCUSES = (
    "the budget isn't signed off yet",
    "my team is swamped this quarter",
    "we're in the middle of a reorganisation",
    "the boss wants to see more options first",
    "we just need a little more information",
)

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill(template: str, values: dict[str, str]) -> str:
    """Substitute {placeholders} literally; never str.format on scenario text."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)
