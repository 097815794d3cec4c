"""A game as plain text: meeting by meeting, then the debrief. Used by `ladder play --bot`
and `ladder replay --print`."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from typing import TYPE_CHECKING

from sim.engine.ladder import EVALUATION, TOPICS
from sim.engine.outcomes import OUTCOME_TEXT, GameOutcome

if TYPE_CHECKING:
    from sim.engine.debrief import DebriefLine
    from sim.engine.records import Event
    from sim.engine.scoring import EvidenceSeen, Score
    from sim.engine.state import State

WIDTH = 88


def _wrap(text: str, indent: str = "    ") -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent)


def briefing(state: State) -> str:
    sc = state.scenario
    lines = [f"{sc.title}  ({sc.difficulty})", "=" * min(WIDTH, len(sc.title) + 4 + len(sc.difficulty)), ""]
    lines.append("\n\n".join(_wrap(" ".join(p.split()), "") for p in sc.briefing.strip().split("\n\n")))
    lines += [
        "",
        f"Account: {sc.account.company}, {sc.account.industry}",
        f"Offering: {sc.offering.name}, {sc.offering.deal_value:,} {sc.offering.currency}",
        f"Calendar: {sc.horizon_weeks} weeks; par {state.public_par}",
        "",
        "Key Players you know:",
    ]
    for c in sc.cast:
        if c.known:
            lines.append(
                f"  - {state.name(c.id)}, {c.title}" + (" (needs an introduction)" if c.needs_introduction else "")
            )
    return "\n".join(lines)


def event_lines(state: State, e: Event) -> Iterator[str]:
    head = f"Week {e.week:>2}  "
    if e.kind == "meet":
        from sim.engine.scoring import meeting_words

        yield head + f"You {meeting_words(state, e)}."
    elif e.kind == "consensus":
        yield head + f"The consensus meeting: you asked the room for {state.rung_phrase(e.ask or EVALUATION)}."
    elif e.kind == "evaporated":
        yield head + f"No date was set with {e.who}, and the step slipped away."
    elif e.kind == "wait":
        yield head + "You let the week pass."
    elif e.kind == "walk_away":
        yield head + "You walked away from the deal."
    else:
        yield head + "The horizon has passed."
    for topic, fact in e.facts:
        yield _wrap(f"Learned ({TOPICS[topic]}): {fact}")
    if e.said:
        yield _wrap(f'"{e.said}"' if e.kind in ("meet", "consensus", "evaporated") else e.said)
    if e.kind in ("meet", "consensus"):
        result = (
            f"{OUTCOME_TEXT[e.primary].upper()} on the {state.rung_name(e.ask).lower()}, then the fallback: "
            if e.primary is not None and e.ask is not None
            else ""
        ) + OUTCOME_TEXT[e.outcome].upper()
        if e.granted is not None:
            result += f": {state.rung_name(e.granted).lower()}" + (", dated" if e.scheduled else ", no date")
        yield f"    -> {result}" + (f"   [{', '.join(e.signals)}]" if e.signals else "")
    for c in e.calendar:
        yield f"    calendar: {c}"
    for rid in e.revealed:
        yield f"    new Key Player: {state.name(rid)}, {state.players[rid].spec.title}"


def debrief(state: State) -> str:
    from sim.engine.debrief import build

    s = state.score()
    d = build(state, s)
    out = [
        "",
        "DEBRIEF",
        "=======",
        f"Outcome: {s.outcome_words} in week {s.weeks} (par {s.par}, horizon {s.horizon})",
        f"Score: {s.total}/100, grade {s.grade}   "
        f"(outcome {s.outcome_points} + pace {s.pace_points} + craft {s.craft_points})",
        "",
    ]
    out += _line_text(d.verdict) + _line_text(d.grading)
    out += ["", "Key moments:"]
    for line in d.moments:
        out += _line_text(line)
    out += ["", "How the craft points add up:"]
    for line in d.craft:
        out += _line_text(line, short=True)
    out.append(_wrap(d.craft_sum, "        "))
    out += ["", "The truth:", _wrap(truth_words(s), "  ")]
    found = evidence_words(state, s) if s.outcome != GameOutcome.QUALIFIED_OUT else ""  # the verdict said it
    if found:
        out.append(_wrap(found, "  "))
    for r in state.reveal():
        extra = f" Concern: {r['concern']}" if r["concern"] else ""
        out.append(
            textwrap.fill(
                f"{r['name']} ({r['title']}): {r['archetype_label']}, power {r['power']}, ended {r['state']}.{extra}",
                WIDTH,
                initial_indent="  - ",
                subsequent_indent="    ",
            )
        )
    return "\n".join(out)


def _line_text(line: DebriefLine, short: bool = False) -> list[str]:
    """One debrief line: points, when, lesson, rule, what happened; the lesson and the definition
    of any word it is the first to use under it. `short`: a craft tally line (how many times)."""
    sign = "" if line.points is None else f"{line.points:+d}" if line.points else "0"
    what = f"{line.title} x{line.times}" if short else f"{line.title}: {line.text}"
    head = f"  {sign:>4}  {line.when}  [{line.lesson or '--'}] {what}"
    out = [textwrap.fill(head, WIDTH, subsequent_indent="          ")]
    if line.why and (not short or line.teaches_in_tally):
        out.append(_wrap(line.why, "          "))
    out += [
        textwrap.fill(t, WIDTH, initial_indent="          * ", subsequent_indent="            ")
        for t in line.definitions()
    ]
    return out


def truth_words(s: Score) -> str:
    """The drawn variant and what was true: "already-bought — the budget went to ..."."""
    why = " ".join(s.why.split())
    return f"{s.variant} — {why}" if s.variant else why


def evidence_words(state: State, s: Score) -> str:
    """When the trainee had the evidence and what they did with it: "You had the evidence in week 3
    (Gordon Pike's concern) and walked away in week 4." Empty when there is nothing to say."""
    by_week: dict[int, list[str]] = {}
    for e in _distinct(s.evidence):
        by_week.setdefault(e.week, []).append(e.words())
    seen = ", then ".join(f"week {week} ({' and '.join(words)})" for week, words in by_week.items())
    if state.scenario.truth.winnable:
        return f"You heard discouraging things in {seen}, but this deal could be won." if seen else ""
    if seen:
        end = {
            GameOutcome.QUALIFIED_OUT: f"walked away in week {s.weeks}",
            GameOutcome.LOST: f"stayed until the deal was lost in week {s.weeks}",
        }.get(s.outcome, f"stayed until week {s.weeks} without walking away")
        return f"You had the evidence in {seen} and {end}."
    head = (
        f"You walked away in week {s.weeks} before you had any evidence."
        if s.outcome == GameOutcome.WALKED_BLIND
        else "You never found the evidence."
    )
    clues = _clues(state)
    return head + (f" It was there to find: {clues}." if clues else "")


def _distinct(evidence: tuple[EvidenceSeen, ...]) -> list[EvidenceSeen]:
    out: list[EvidenceSeen] = []
    for e in evidence:
        if not any(o.week == e.week and o.rule == e.rule and o.player == e.player for o in out):
            out.append(e)
    return out


def _clues(state: State) -> str:
    """Where the drawn variant's evidence was: "ask Gordon Pike about budget"."""
    if state.variant is None:
        return ""
    out: list[str] = []
    for c in state.variant.evidence:
        who = state.names.get(c.player, c.player)
        if c.topic is not None:
            out.append(f"ask {who} about {TOPICS.get(c.topic, c.topic)}")
        elif c.ask is not None:
            out.append(f"ask {who} for {state.rung_phrase(c.ask)}")
    return ", or ".join(dict.fromkeys(out))


def transcript(state: State) -> str:
    lines = [briefing(state), ""]
    for e in state.events:
        lines.extend(event_lines(state, e))
    if state.is_terminal():
        lines.append(debrief(state))
    return "\n".join(lines)
