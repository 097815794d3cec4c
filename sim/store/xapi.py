"""xAPI 1.0.3 statements for a finished game: pure functions of the stored game and its replay.

A game becomes, in order: `launched` (the scenario), one `interacted` per week (the week's
activity; `result.response` is what the trainee asked, the result's extensions how it went),
`completed` (score, outcome, weeks, the lessons kept and broken) and `passed` or `failed` (a
scaled score; the pass mark is a grade). Every statement carries the same context: the
workshop as a grouping activity, the scenario as the parent, one registration per game, and
as extensions the scenario, its variant, the seed, the engine version, the scenario's digest
and a replay reference (with the actions on `completed`), so a statement can be replayed with
`ladder replay`.

The actor is an `account` (homePage: the room's home page; name: the trainee's normalised
name), or an `mbox` when the facilitator maps the name to an e-mail (`emails`, keyed by
`name_key`). Statement ids and the registration are given by the caller when it queues them
(`sim.store.lrs`), so sending the same statement twice never makes two.

Activity, extension and type IRIs live under `BASE`; verbs are ADL's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sim.common.person_names import name_key, normalise

if TYPE_CHECKING:
    from sim.engine.state import State
    from sim.store.records import GameRecord

XAPI_VERSION = "1.0.3"
BASE = "https://commitment-ladder.org/xapi"
DEFAULT_HOME = "https://commitment-ladder.org"  # an account's homePage when no room address is known
ADL = "http://adlnet.gov/expapi/verbs/"
VERBS: dict[str, str] = {v: ADL + v for v in ("launched", "interacted", "completed", "passed", "failed")}
SIMULATION = "http://adlnet.gov/expapi/activities/simulation"
INTERACTION = "http://adlnet.gov/expapi/activities/interaction"
WORKSHOP_TYPE = f"{BASE}/activity-types/workshop"
PASS_GRADE = "C"  # the lowest passing grade when the scenario sets none
GRADE_ORDER = ("A", "B", "C", "D", "F")


def ext(name: str) -> str:
    """An extension's IRI: `ext("seed")`."""
    return f"{BASE}/extensions/{name}"


def scenario_iri(scenario: str) -> str:
    return f"{BASE}/scenarios/{scenario}"


def workshop_iri(code: str) -> str:
    return f"{BASE}/workshops/{code}"


def actor(name: str, home: str, emails: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The xAPI Agent for a trainee: an e-mail the facilitator mapped to the name, else an account."""
    shown = normalise(name)
    email = (emails or {}).get(name_key(name))
    if email:
        return {"objectType": "Agent", "name": shown, "mbox": f"mailto:{email}"}
    return {"objectType": "Agent", "name": shown, "account": {"homePage": home, "name": shown}}


def passed(grade: str, pass_grade: str = PASS_GRADE) -> bool:
    """A grade at or above the pass mark (A is the best)."""
    if grade not in GRADE_ORDER or pass_grade not in GRADE_ORDER:
        return False
    return GRADE_ORDER.index(grade) <= GRADE_ORDER.index(pass_grade)


def lessons(score: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """(kept, broken): a lesson is broken by any moment that cost points, kept when it earned
    points and was never broken. Sorted lesson ids ("L1".."L9")."""
    gained: set[str] = set()
    lost: set[str] = set()
    for m in score.get("moments", []):
        lesson, points = m.get("lesson"), int(m.get("points", 0))
        if not lesson:
            continue
        if points < 0:
            lost.add(str(lesson))
        elif points > 0:
            gained.add(str(lesson))
    order: Callable[[str], tuple[int, str]] = lambda s: (len(s), s)  # noqa: E731
    return sorted(gained - lost, key=order), sorted(lost, key=order)


def week_results(state: State) -> list[tuple[int, list[dict[str, Any]]]]:
    """Per week with an action: what was asked and how each meeting went, in order."""
    from sim.engine.outcomes import OUTCOME_TEXT
    from sim.engine.scoring import event_words

    weeks: dict[int, list[dict[str, Any]]] = {}
    for e in state.events:
        if e.kind not in ("meet", "consensus", "wait", "walk_away"):
            continue
        weeks.setdefault(e.week, []).append(
            {
                "asked": event_words(state, e),
                "with": e.who or None,
                "ask": None if e.ask is None else state.rung_name(e.ask),
                "fallback": None if e.fallback is None else state.rung_name(e.fallback),
                "outcome": str(e.outcome),
                "result": OUTCOME_TEXT.get(str(e.outcome), str(e.outcome)),
                "granted": None if e.granted is None else state.rung_name(e.granted),
                "said": e.said,
            }
        )
    return sorted(weeks.items())


def _duration(start: str, end: str) -> str | None:
    try:
        seconds = (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()
    except ValueError:
        return None
    return f"PT{max(0.0, seconds):.2f}S"


def statements(
    game: GameRecord,
    state: State,
    *,
    new_id: Callable[[], str],
    registration: str,
    home: str = DEFAULT_HOME,
    emails: Mapping[str, str] | None = None,
    pass_grade: str | None = None,
) -> list[dict[str, Any]]:
    """The game's statements, each with an id from `new_id()`. `state` is the game replayed
    (`sim.engine.replay.replay`). Passed or failed against `pass_grade`, else the scenario's pass mark."""
    pass_grade = pass_grade or state.loaded.scenario.pass_mark
    who = actor(game.player, home, emails)
    title = state.loaded.scenario.title
    scenario = {
        "objectType": "Activity",
        "id": scenario_iri(game.scenario),
        "definition": {"name": {"en": str(title)}, "type": SIMULATION},
    }
    replay_ref = {
        "game": game.id,
        "scenario": game.scenario_ref or game.scenario,
        "seed": game.seed,
        "digest": game.digest,
        "command": f"ladder replay {game.id} --print",
    }
    extensions: dict[str, Any] = {
        ext("scenario"): game.scenario,
        ext("variant"): state.variant.name if state.variant is not None else None,
        ext("seed"): game.seed,
        ext("engine-version"): game.engine_version,
        ext("digest"): game.digest,
        ext("replay"): replay_ref,
        ext("mode"): game.mode,
        ext("coached"): game.coach,
    }
    context: dict[str, Any] = {
        "registration": registration,
        "platform": "Commitment Ladder",
        "language": "en",
        "contextActivities": {"parent": [{"objectType": "Activity", "id": scenario["id"]}]},
        "extensions": extensions,
    }
    if game.workshop:
        context["contextActivities"]["grouping"] = [
            {
                "objectType": "Activity",
                "id": workshop_iri(game.workshop),
                "definition": {"name": {"en": f"Workshop {game.workshop}"}, "type": WORKSHOP_TYPE},
            }
        ]

    def statement(verb: str, obj: dict[str, Any], stamp: str, result: dict[str, Any] | None = None) -> dict[str, Any]:
        s: dict[str, Any] = {
            "id": new_id(),
            "actor": who,
            "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
            "object": obj,
            "context": context,
            "timestamp": stamp,
        }
        if result is not None:
            s["result"] = result
        return s

    out = [statement("launched", scenario, game.started_at)]
    for week, meetings in week_results(state):
        activity = {
            "objectType": "Activity",
            "id": f"{scenario['id']}/weeks/{week}",
            "definition": {"name": {"en": f"{title}: week {week}"}, "type": INTERACTION},
        }
        result = {
            "response": "; ".join(m["asked"] for m in meetings),
            "extensions": {ext("week"): week, ext("meetings"): meetings},
        }
        out.append(statement("interacted", activity, game.finished_at, result))
    kept, broken = lessons(game.score)
    score = {"scaled": round(max(0, min(100, game.total)) / 100, 4), "raw": game.total, "min": 0, "max": 100}
    summary = {
        ext("outcome"): game.outcome,
        ext("grade"): game.grade,
        ext("weeks"): game.weeks,
        ext("par"): game.score.get("par"),
        ext("lessons-kept"): kept,
        ext("lessons-broken"): broken,
    }
    completed: dict[str, Any] = {"completion": True, "score": score, "extensions": summary}
    duration = _duration(game.started_at, game.finished_at)
    if duration is not None:
        completed["duration"] = duration
    done = statement("completed", scenario, game.finished_at, completed)
    done["context"] = {
        **context,
        "extensions": {**extensions, ext("replay"): {**replay_ref, "actions": game.actions}},
    }
    out.append(done)
    success = passed(game.grade, pass_grade)
    verdict = {"success": success, "score": score, "extensions": {**summary, ext("pass-grade"): pass_grade}}
    out.append(statement("passed" if success else "failed", scenario, game.finished_at, verdict))
    return out
