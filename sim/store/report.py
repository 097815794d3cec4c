"""A workshop's report as one HTML file a facilitator can e-mail (`ladder workshop report`, and
"Report (HTML)" on the facilitator's pages).

Self-contained: the style is inline and the charts are inline SVG (`sim.common.chart`); nothing is
fetched from anywhere, so it reads the same offline, in a mail client or printed. Everything from a
person or a file (names, the title) is escaped. With `names=False` participants are numbered in the
order they finished ("Participant 3") and no name appears anywhere in the file.

What it shows follows the cohort debrief (`sim.store.cohort`): each participant counts once, with
their first finished game; the table also gives how many games they played and their best score.
"""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from typing import TYPE_CHECKING

from sim.common.chart import bar_chart
from sim.store.cohort import OUTCOME_WORDS, Cohort, cohort, first_attempts
from sim.store.lesson_marks import BROKEN, LessonMark, game_marks, spreadsheet_time
from sim.store.mistakes import ScenarioCache
from sim.store.text import name_key, shown

if TYPE_CHECKING:
    from sim.store.records import GameRecord, Workshop

STYLE = """
:root { --ink: #1d2330; --muted: #5b6475; --bar: #2f6db5; --line: #d5dae3; --broken: #a3261b; --kept: #23703a; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); margin: 2em auto;
  max-width: 980px; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { margin-top: 1.8em; border-bottom: 1px solid var(--line); }
.meta { color: var(--muted); margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin: 0.6em 0; }
th, td { text-align: left; padding: 0.3em 0.5em; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f1f4f8; } td.num, th.num { text-align: right; }
.share { display: inline-block; height: 0.8em; background: var(--bar); }
.broken { color: var(--broken); font-weight: 600; } .kept { color: var(--kept); }
.small { color: var(--muted); font-size: 0.9em; }
svg.chart { width: 100%; max-width: 760px; height: auto; }
svg.chart .bar { fill: var(--bar); } svg.chart .axis { stroke: var(--ink); stroke-width: 2; }
svg.chart text { font: 18px system-ui, sans-serif; fill: var(--ink); text-anchor: middle; }
svg.chart .xlabel { fill: var(--muted); }
@media print { h2 { break-after: avoid; } table, svg { break-inside: avoid; } }
"""


NONE_BROKEN = "<span class='kept'>none</span>"


def e(value: object) -> str:
    """Text for the page: control characters made visible, then HTML-escaped (quotes too)."""
    return escape(shown(str(value)), quote=True)


def _scenario_title(ws: Workshop) -> str:
    try:
        from sim.scenarios.loader import load

        return load(ws.scenario_ref or ws.scenario).scenario.title
    except Exception:  # a scenario file moved or changed since: its id says enough
        return ws.scenario


def _pct(count: int, of: int) -> int:
    return round(100 * count / of) if of else 0


def _outcomes(data: Cohort) -> list[str]:
    n = data["participants"]
    out = ["<table><tr><th>Outcome</th><th class='num'>Participants</th><th class='num'>Share</th><th></th></tr>"]
    for o in data["outcomes"]:
        if o["count"]:
            pct = _pct(o["count"], n)
            out.append(
                f"<tr><td>{e(o['words'])}</td><td class='num'>{o['count']} of {n}</td><td class='num'>{pct}%</td>"
                f"<td><span class='share' style='width:{2 * pct}px'></span></td></tr>"
            )
    out.append("</table>")
    return out


def _lessons(
    data: Cohort, firsts: list[GameRecord], marks: dict[int, dict[str, LessonMark]], label: dict[int, str]
) -> list[str]:
    from sim.engine.rules import LESSONS

    n = data["participants"]
    who_col = "<th>Who (week of the first break)</th>" if label else ""
    out = [
        "<p class='small'>Broken: a rule of the lesson cost points, or the game ended the way the lesson warns "
        "about. Kept: never broken.</p>",
        "<table><tr><th>Lesson</th><th class='num'>Broken by</th><th class='num'>Kept by</th>"
        f"<th class='num'>Earliest break</th>{who_col}</tr>",
    ]
    for lesson, text in LESSONS.items():
        broke = [
            (marks[g.id][lesson]["first_broken"] or 0, g) for g in firsts if marks[g.id][lesson]["result"] == BROKEN
        ]
        earliest = f"week {min(w for w, _ in broke)}" if broke else "-"
        details = "".join(
            f"<br><span class='small'>{m['count']} of {m['of']} {e(m['text'])}</span>"
            for m in data["mistakes"]
            if m["lesson"] == lesson
        )
        row = (
            f"<tr><td><strong>{lesson}</strong> {e(text)}{details}</td>"
            f"<td class='num'>{len(broke)} of {n}</td><td class='num'>{n - len(broke)} of {n}</td>"
            f"<td class='num'>{earliest}</td>"
        )
        if label:
            names = ", ".join(f"{label[g.id]} ({w})" for w, g in sorted(broke, key=lambda b: (b[0], label[b[1].id])))
            row += f"<td>{names or '-'}</td>"
        out.append(row + "</tr>")
    out.append("</table>")
    return out


def _participants(
    games: list[GameRecord], firsts: list[GameRecord], marks: dict[int, dict[str, LessonMark]], label: dict[int, str]
) -> list[str]:
    out = [
        "<table><tr><th>Participant</th><th>Bot</th><th>Coached</th><th class='num'>Score</th><th>Grade</th>"
        "<th>Outcome</th><th class='num'>Weeks</th><th>Lessons broken (week)</th><th class='num'>Games</th>"
        "<th class='num'>Best score</th><th>Finished (UTC)</th></tr>"
    ]
    for g in firsts:
        theirs = [x for x in games if name_key(x.player) == name_key(g.player)]
        broken = [f"{lesson} ({m['first_broken']})" for lesson, m in marks[g.id].items() if m["result"] == BROKEN]
        yes = {True: "yes", False: "no"}
        out.append(
            f"<tr><td>{label[g.id]}</td><td>{yes[g.mode == 'bot']}</td><td>{yes[g.coach]}</td>"
            f"<td class='num'>{g.total}</td><td>{e(g.grade)}</td><td>{e(OUTCOME_WORDS.get(g.outcome, g.outcome))}</td>"
            f"<td class='num'>{g.weeks}</td><td class='broken'>{', '.join(broken) or NONE_BROKEN}</td>"
            f"<td class='num'>{len(theirs)}</td><td class='num'>{max(x.total for x in theirs)}</td>"
            f"<td>{e(spreadsheet_time(g.finished_at))}</td></tr>"
        )
    out.append("</table>")
    return out


def report_html(
    ws: Workshop, games: list[GameRecord], *, names: bool = True, left_out: int = 0, generated: datetime | None = None
) -> str:
    """The report of workshop `ws` from its finished `games`, as one HTML document (`left_out`: how
    many games the caller kept out, said on the page)."""
    data = cohort(games)
    firsts = first_attempts(games)
    n = data["participants"]
    cache: ScenarioCache = {}
    marks = {g.id: game_marks(g, cache) for g in firsts}
    label = {g.id: e(g.player) if names else f"Participant {i}" for i, g in enumerate(firsts, 1)}
    heading = f"Workshop report: {ws.title}" if ws.title else f"Workshop report: {ws.code}"
    when = (generated or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%d %H:%M")
    played = ""
    if games:
        start = min(spreadsheet_time(g.started_at) for g in games)
        end = max(spreadsheet_time(g.finished_at) for g in games)
        played = f" Played {e(start[:16])} to {e(end[:16])} UTC."
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(heading)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{e(heading)}</h1>",
        f"<p class='meta'>Workshop {e(ws.code)}: {e(_scenario_title(ws))} ({e(ws.scenario)}), seed {ws.seed}. "
        f"Created {e(spreadsheet_time(ws.created_at)[:10])}.{played} Report made {when} UTC.</p>",
    ]
    if left_out:
        out.append(
            f"<p class='small'>{left_out} game{'s' if left_out != 1 else ''} left out: bots the room does not rank, "
            "or entries removed from the board.</p>"
        )
    if n == 0:
        out += ["<p>No finished games yet.</p>", "</body></html>"]
        return "\n".join(out) + "\n"
    bots = sum(1 for g in firsts if g.mode == "bot")
    coached = sum(1 for g in firsts if g.coach)
    out.append(
        f"<h2>Participants</h2><p><strong>{n}</strong> participant{'s' if n != 1 else ''} "
        f"({bots} bot{'s' if bots != 1 else ''}, {coached} coached), {data['games']} games in all. "
        f"Each counts once, with their first finished game. Mean score {data['mean']}, median {data['median']}.</p>"
    )
    out += ["<h2>Outcomes</h2>", *_outcomes(data)]
    scores = [(f"{h['low']}-{h['high']}", h["count"]) for h in data["histogram"]]
    out += ["<h2>Scores</h2>", bar_chart(scores, "Scores of the first attempts", "score")]
    used = {w["weeks"]: w["count"] for w in data["weeks_used"]}
    weeks = [(str(w), used.get(w, 0)) for w in range(1, max(used, default=0) + 1)]
    out += ["<h2>Weeks used</h2>", bar_chart(weeks, "Weeks each participant used", "weeks used")]
    out += ["<h2>Mistakes by lesson</h2>", *_lessons(data, firsts, marks, label if names else {})]
    out += ["<h2>Every participant</h2>", *_participants(games, firsts, marks, label)]
    out.append("</body></html>")
    return "\n".join(out) + "\n"
