"""`ladder check FILE`: is a scenario fit for a workshop? One report from every check there is:
lint (every variant: the static checks and a search with the bots), the game text (every bot and
lesson-breaking strategy on seeds that draw every variant), a short balance (the bots and the
lesson-breaking suite) and par (the expert's weeks against the file's). Each problem is an
`Item`; `fix_first` picks the one to fix first: errors, then warnings, then balance."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sim.scenarios.loader import LoadedScenario

ORDER = {"error": 0, "warning": 1, "balance": 2}
TEXT_SEEDS = 2  # seeds per variant for the text checks


@dataclass(frozen=True)
class Item:
    level: str  # "error", "warning" or "balance" (a teaching rule a short balance broke)
    section: str  # lint, text, balance, par
    message: str

    def line(self) -> str:
        return f"{self.level}: {self.section}: {self.message}"


@dataclass
class CheckReport:
    sections: dict[str, list[str]] = field(default_factory=dict)  # section -> its summary lines
    items: list[Item] = field(default_factory=list)

    def fix_first(self) -> Item | None:
        return min(self.items, key=lambda i: ORDER[i.level], default=None)

    @property
    def fit(self) -> bool:
        return not any(i.level in ("error", "balance") for i in self.items)


def text_seeds(loaded: LoadedScenario, per_variant: int = TEXT_SEEDS, limit: int = 500) -> list[int]:
    """The first seeds that draw each variant `per_variant` times (seeds 1.. when there are none)."""
    from sim.engine.state import State

    if not loaded.variants:
        return list(range(1, per_variant + 1))
    need = {v.name: per_variant for v in loaded.variants}
    out = []
    for seed in range(1, limit + 1):
        state = State(loaded, seed)
        name = state.variant.name if state.variant is not None else ""
        state.close()
        if need.get(name, 0) > 0:
            need[name] -= 1
            out.append(seed)
        if not any(need.values()):
            break
    return out


def check_lint(loaded: LoadedScenario, games: int, report: CheckReport) -> None:
    from sim.analysis.lint import lint

    findings = [f for f in lint(loaded, search=True, games=games) if f.level != "note"]
    for f in findings:
        report.items.append(Item(f.level, "lint", f"{f.where}: {f.message}"))
    errors = sum(f.level == "error" for f in findings)
    variants = len(loaded.variants) or 1
    report.sections["lint"] = [
        f"{variants} variant(s), climber {games} games: {errors} error(s), {len(findings) - errors} warning(s)"
    ]


def check_text(loaded: LoadedScenario, report: CheckReport, views: Any = ()) -> None:
    from sim.analysis.text_lint import lint_text

    seeds = text_seeds(loaded)
    text = lint_text([loaded], seeds, views=views)
    lines = text.lines()
    for line in lines:
        report.items.append(Item("error", "text", line))
    report.sections["text"] = [f"{text.games} games (every bot and strategy, seeds {seeds}): {len(lines)} problem(s)"]


def check_balance(ref: str, games: int, expert_games: int, suite_games: int, jobs: int, report: CheckReport) -> None:
    from sim.analysis.balance import balance

    result = balance([ref], games, min(expert_games, games), 0, jobs, suite_games=suite_games)
    sc = result["scenarios"][0]
    lines = []
    for bot, b in sc["bots"].items():
        lines.append(f"{bot:<9}{b['games']:>6} games  score {b['mean_score']:>5.1f}  weeks {b['mean_weeks']:>5.1f}")
    for c in sc["checks"]:
        lines.append(f"[{'ok' if c['ok'] else 'FAIL'}] {c['rule']}")
        if not c["ok"]:
            report.items.append(Item("balance", "balance", f"{c['rule']} ({c['detail']})"))
    report.sections["balance"] = lines


def check_par(loaded: LoadedScenario, ref: str, games: int, jobs: int, report: CheckReport) -> None:
    """Each variant's par against the expert's weeks there: a par the expert does not come
        near (more than a week under its mean) is one nobody meets (an error); more than a week over it,
    a warning. A week either way is the noise of a short run."""
    from sim.analysis.par import expected_par, play_expert, variant_pars

    if not loaded.variants:
        report.items.append(Item("warning", "par", "no variants: par is per variant, so it is not checked"))
        report.sections["par"] = ["no variants"]
        return
    rows = variant_pars(loaded, play_expert(ref, games, 0, jobs))
    lines = []
    for r in rows:
        where = f"variants[{r.variant}].par_weeks"
        lines.append(f"{r.variant:<24} par {r.par_weeks:>3}  expert {r.expert if r.expert is not None else '-':>3}")
        if r.expert is None:
            level = "warning" if r.detail.startswith("never drawn") else "error"
            report.items.append(Item(level, "par", f"{where}: {r.detail}, so its par cannot be checked"))
        elif r.par_weeks < r.expert - 1:
            report.items.append(
                Item(
                    "error",
                    "par",
                    f"{where} is {r.par_weeks}, but even the expert takes {r.expert}: nobody meets it "
                    "(`ladder par FILE --write` sets it)",
                )
            )
        elif r.par_weeks > r.expert + 1:
            report.items.append(
                Item("warning", "par", f"{where} is {r.par_weeks}, the expert takes {r.expert} (`ladder par --write`)")
            )
    top = expected_par(loaded, rows)
    par = loaded.scenario.par_weeks
    if top is not None and par < top - 1:
        report.items.append(
            Item("error", "par", f"par_weeks is {par}, but the expert takes {top} by weight: nobody meets it")
        )
    elif top is not None and par > top + 1:
        report.items.append(Item("warning", "par", f"par_weeks is {par}, its variants' by weight {top}"))
    report.sections["par"] = [f"expert {games} games; par_weeks {par}, the variants' by weight {top}", *lines]
