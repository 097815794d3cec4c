"""The calendar of weeks: where you are, what is dated, what is agreed without a date."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

if TYPE_CHECKING:
    from sim.engine.records import Observation


class Calendar(Static):
    observation: reactive[Observation | None] = reactive(None, layout=True)
    rung_names: reactive[tuple[str, ...]] = reactive(tuple)

    def render(self) -> Text:
        obs = self.observation
        if obs is None:
            return Text("")
        names = {p.id: p.name for p in obs.players}
        rn = self.rung_names
        t = Text()
        t.append(f"Week {obs.week} of {obs.horizon}\n", style="bold")
        strip = Text()
        dated = {w for w, _, _ in obs.calendar}
        for w in range(1, obs.horizon + 1):
            if w == obs.week:
                strip.append("▮", style="bold reverse")
            elif w < obs.week:
                strip.append("■" if w in dated else "·", style="green" if w in dated else "dim")
            elif obs.evaluation_until is not None and w <= obs.evaluation_until:
                strip.append("▫", style="cyan")
            else:
                strip.append("□", style="dim")
        t.append_text(strip)
        if obs.evaluation_until is not None:
            t.append(f"\nFormal evaluation runs until week {obs.evaluation_until}", style="cyan")
        if obs.consensus_ready:
            t.append("\nThe consensus meeting is agreed: you can call it", style="bold green")
        for w, pid, r in obs.open_steps:
            t.append(f"\n! wk {w:>2} ", style="bold yellow")
            t.append(f"{rn[r] if r < len(rn) else r} with {names.get(pid, pid)}: no date yet")
        for w, pid, r in reversed(obs.calendar[-6:]):
            t.append(f"\n  wk {w:>2} ", style="green")
            t.append(f"{rn[r] if r < len(rn) else r} with {names.get(pid, pid)}")
        if not obs.calendar and not obs.open_steps:
            t.append("\nNothing on the calendar yet.", style="dim")
        return t
