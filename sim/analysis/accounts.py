"""`ladder balance --random N`: the balance checks, suite included, on N random accounts
(`sim.scenarios.generator.generate`). A generated account may be an odd deal, so the run
passes when at least `PASS_SHARE` of the accounts pass every check."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sim.analysis.balance import BOT_ORDER, balance, random_ref

PASS_SHARE = 0.95  # the share of random accounts that must pass every check


def account_seeds(seed: int, accounts: int) -> list[int]:
    """The seeds of N random accounts, derived from one seed (the first N of a longer run)."""
    from sim.analysis.simulate import game_seeds

    return game_seeds(seed ^ 0x5EED, accounts)


def random_balance(
    accounts: int,
    games: int,
    expert_games: int,
    suite_games: int,
    seed: int,
    jobs: int | None,
    bots: Iterable[str] = BOT_ORDER,
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Balance (and the suite, when `suite_games`) on every account; which failed, and whether
    enough passed."""
    refs = [random_ref(s) for s in account_seeds(seed, accounts)]
    report = balance(refs, games, expert_games, seed, jobs, bots, progress, suite_games=suite_games)
    rows = []
    for ref, sc in zip(refs, report["scenarios"], strict=True):
        broken = [c["rule"] for c in sc["checks"] if not c["ok"]]
        rows.append({"account": ref, "id": sc["id"], "ok": not broken, "broken": broken})
    passed = sum(1 for r in rows if r["ok"])
    share = passed / len(rows) if rows else 0.0
    return {
        **report,
        "accounts": rows,
        "passed": passed,
        "share": round(share, 4),
        "pass_share": PASS_SHARE,
        "ok": share >= PASS_SHARE,
    }


def account_lines(report: dict[str, Any]) -> list[str]:
    """One line per failing account and the verdict, for the terminal."""
    lines = [f"  {r['account']} ({r['id']}): {'; '.join(r['broken'])}" for r in report["accounts"] if not r["ok"]]
    n = len(report["accounts"])
    verdict = "ok" if report["ok"] else "FAIL"
    lines.append(
        f"random accounts: {report['passed']} of {n} passed every check ({report['share']:.0%}; "
        f"needs {report['pass_share']:.0%}): {verdict}"
    )
    return lines
