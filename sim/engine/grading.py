"""The letter grade: a game is graded against what the right play earns in its deal.

A won deal can earn a win's points; a dead deal cannot, however well it is played: qualifying out
ends the game early, with no win to score and only a few weeks of good moves behind it. So the
two right plays are graded on one scale. A clean win at par scores `WIN_PAR_TOTAL`; a clean
qualify-out at this deal's par scores `par_total(...)`; a qualify-out is graded as its share of
that par total, in a win's points (`graded_points`), then on the one set of bands (`GRADES`).
Every other outcome (a loss, a stall, walking away blind or from a winnable deal) is never the
right play and is graded on its plain total, so it never earns a good grade.
"""

from __future__ import annotations

from sim.engine.outcomes import GameOutcome
from sim.engine.scoring import BANDS, GRADES, grade, pace_points

WON, QUALIFIED_OUT = GameOutcome.WON, GameOutcome.QUALIFIED_OUT
# a clean win at par: the outcome, the pace points par earns (25) and good moves up to the cap
WIN_PAR_TOTAL = BANDS[WON][0] + 25 + BANDS[WON][2]


def par_total(outcome: str, par: int, horizon: int) -> int | None:
    """What the right play of this outcome class scores at the deal's par, with clean craft; None
    for an outcome that is never the right play. A qualify-out at par walks away the week after
    the evidence (the soonest a walk can follow a meeting) with every meeting clean (a qualify-out's
    good moves count by how clean its meetings were: `sim.engine.points.qualify_out_craft`)."""
    if outcome == WON:
        return WIN_PAR_TOTAL
    if outcome == QUALIFIED_OUT:
        o_pts, _, gains_cap = BANDS[QUALIFIED_OUT]
        walk = max(2, par)
        return o_pts + pace_points(QUALIFIED_OUT, walk, par, horizon, walk - 1) + gains_cap
    return None


def graded_points(total: int, outcome: str, par: int, horizon: int) -> int:
    """The points the grade reads: a qualify-out's share of its par total on a win's scale (at
    most 100); every other outcome's own total."""
    ref = par_total(outcome, par, horizon)
    if ref is None or outcome == WON:
        return total
    return max(0, min(100, round(total * WIN_PAR_TOTAL / max(1, ref))))


def grade_for(total: int, outcome: str, par: int, horizon: int) -> str:
    return grade(graded_points(total, outcome, par, horizon))


def bands_words() -> str:
    """The bands in words: "A from 90, B from 80, C from 65, D from 50"."""
    return ", ".join(f"{letter} from {floor}" for floor, letter in GRADES if floor > 0)


# The letters the engine gives, best first ("A" ... "F"), and the pass mark a scenario has when
# its file names none (`Scenario.pass_mark`): the campaign opens the next scenario on a game
# graded at least this.
GRADE_LETTERS: tuple[str, ...] = tuple(letter for _, letter in GRADES)
DEFAULT_PASS_MARK = "C"


def grade_rank(letter: str) -> int:
    """0 for the best grade, 1 for the next...; a letter the engine never gives ranks below all."""
    return GRADE_LETTERS.index(letter) if letter in GRADE_LETTERS else len(GRADE_LETTERS)


def meets(letter: str, mark: str) -> bool:
    """Whether a game graded `letter` reaches the pass mark `mark` (a C meets C, B meets C, D does not)."""
    return grade_rank(letter) <= grade_rank(mark)
