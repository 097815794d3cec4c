"""Lint rules for three of the mistakes authors make most (the other two, a Key Player nobody
can reach and a concern nothing answers, are `sim.analysis.lint.static_findings`):

- a dead deal with no evidence to find: a dead variant that names no `evidence` (the search in
  `sim.analysis.lint_variants` then tests that the climber finds it), or evidence on a topic the
  player has no answer for;
- lines that give the variant away: words the trainee reads before the first meeting (title,
  summary, briefing) that repeat a phrase of one variant's own hidden text (its why, or the
  facts and lines it gives a Key Player) that no other variant and no shared text uses;
- a par nobody can meet: par weeks below the fewest weeks a win can take (one-to-one meetings
  with every Key Player, the consensus meeting, the evaluation, the contract; one meeting a week).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from sim.analysis.lint import Finding

if TYPE_CHECKING:
    from sim.scenarios.loader import LoadedScenario
    from sim.scenarios.schema import Scenario


_WORD = re.compile(r"[a-z0-9']+")


def _phrases(text: str) -> set[str]:
    """Every run of three words with at least two of four letters or more (so "and the
    partners" is not a phrase, "storm took the" is)."""
    words = _WORD.findall(text.lower())
    runs = (words[i : i + 3] for i in range(len(words) - 2))
    return {" ".join(run) for run in runs if sum(len(w) >= 4 for w in run) >= 2}


def _spoken(facts: Any, lines: Any, concern: str | None) -> list[str]:
    return [
        *(facts or {}).values(),
        *(line for said in (lines or {}).values() for line in said),
        *([concern] * bool(concern)),
    ]


def giveaway_findings(loaded: LoadedScenario) -> list[Finding]:
    """The briefing repeats a phrase only one variant's hidden text has: it points at that variant."""
    sc = loaded.scenario
    if len(sc.variants) < 2:
        return []
    shared = [sc.truth.why, *(line for said in sc.lines.values() for line in said)]
    for c in sc.cast:
        shared += _spoken(c.facts, c.lines, c.concern.text if c.concern else None)
    common = _phrases(" ".join(shared))
    own: dict[str, set[str]] = {}
    for v in sc.variants:
        parts = [v.why]
        for o in v.cast.values():
            parts += _spoken(o.facts, o.lines, o.concern.text if o.concern is not None else None)
        own[v.name] = _phrases(" ".join(parts))
    public = _phrases(" ".join([sc.title, sc.summary, sc.briefing]))
    out = []
    for v in sc.variants:
        others = set().union(*(p for name, p in own.items() if name != v.name))
        leaked = sorted((own[v.name] - others - common) & public)
        if leaked:
            shown = ", ".join(repr(p) for p in leaked[:3])
            out.append(
                Finding(
                    "warning",
                    sc.id,
                    f"variants[{v.name}]",
                    f"the title, summary or briefing repeats {shown} from this variant's hidden truth and no "
                    "other variant's: it gives the variant away before the first meeting",
                )
            )
    return out


def fewest_weeks_to_win(sc: Scenario) -> int:
    """A lower bound on the weeks of any win: meet every Key Player one-to-one (a week each), the
    consensus meeting, the evaluation's weeks, then the contract."""
    return len(sc.cast) + 1 + sc.evaluation_weeks + 1


def evidence_findings(loaded: LoadedScenario) -> list[Finding]:
    sc = loaded.scenario
    out = []
    for v in loaded.variants:
        vsc = v.scenario
        if not vsc.truth.winnable and not v.evidence:
            out.append(
                Finding(
                    "error",
                    sc.id,
                    f"variants[{v.name}].evidence",
                    "a dead deal with no evidence to find: name where a careful trainee learns the truth "
                    "(e.g. {player: cfo, topic: budget}), and make that player's answer say it",
                )
            )
        for k, ev in enumerate(v.evidence):
            if ev.topic is not None and not _answers(vsc, ev.player, ev.topic):
                out.append(
                    Finding(
                        "warning",
                        sc.id,
                        f"variants[{v.name}].evidence[{k}]",
                        f"points at {ev.player}'s answer on {ev.topic}, but {ev.player} has no {ev.topic} fact "
                        "to answer with",
                    )
                )
    return out


def _answers(sc: Scenario, player: str, topic: str) -> bool:
    member = sc.member(player)
    return topic in member.facts or (topic == "concerns" and member.concern is not None)


def par_findings(loaded: LoadedScenario) -> list[Finding]:
    """Par weeks below what any win can take (a dead variant's par only needs one week)."""
    sc = loaded.scenario
    out = []
    floors: list[tuple[int, int]] = []  # (weight, floor)
    for v in loaded.variants:
        vsc = v.scenario
        floor = fewest_weeks_to_win(vsc) if vsc.truth.winnable else 1
        floors.append((v.weight, floor))
        if vsc.par_weeks < floor:
            out.append(Finding("error", sc.id, f"variants[{v.name}].par_weeks", _par_message(vsc, floor)))
    if not loaded.variants and sc.truth.winnable and sc.par_weeks < fewest_weeks_to_win(sc):
        out.append(Finding("error", sc.id, "par_weeks", _par_message(sc, fewest_weeks_to_win(sc))))
    weights = sum(w for w, _ in floors)
    if weights:
        top = sum(w * f for w, f in floors) / weights
        if sc.par_weeks < int(top):
            out.append(
                Finding(
                    "error",
                    sc.id,
                    "par_weeks",
                    f"par_weeks is {sc.par_weeks}, but its variants by weight need at least {int(top)}: "
                    "nobody can meet it (`ladder par FILE --write` sets it from the expert)",
                )
            )
    return out


def _par_message(sc: Any, floor: int) -> str:
    return (
        f"par_weeks is {sc.par_weeks}, but no win takes fewer than {floor} weeks ({len(sc.cast)} one-to-one "
        f"meetings, the consensus meeting, {sc.evaluation_weeks} week(s) of evaluation, the contract): "
        "nobody can meet it (`ladder par FILE --write` sets it from the expert)"
    )


def mistake_findings(loaded: LoadedScenario) -> list[Finding]:
    return evidence_findings(loaded) + giveaway_findings(loaded) + par_findings(loaded)
