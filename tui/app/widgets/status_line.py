"""The status line under the panes: the archive's state, the phase of each background task with
its time running, the entities' state, and the reader's "hit 2/5" (where the line is too narrow
for all, the entities' and the stories' parts give way to it, then the end of the archive's)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len, set_cell_size
from textual.widgets import Static

from corpus import ProblemCounts, counted
from tui.display import visible

if TYPE_CHECKING:
    from corpus import Archive

__all__ = ["RunningPhase", "StatusLine"]


class StatusLine(Static):
    """One line of parts joined by " · "; background work reports its phases here."""

    def __init__(self, *, id: str | None = None, show_timings: bool = True) -> None:
        super().__init__(id=id, markup=False)
        self.show_timings = show_timings
        """False in snapshot tests, whose screens must not depend on the machine's speed."""
        self.clock: Callable[[], float] = time.monotonic
        """What the phases' times are measured with (a test gives its own)."""
        self._archive_text = "Reading the corpus…"
        self._entity_text = ""
        self._hit_text = ""
        self._waiting_text = ""
        self._phases: dict[str, RunningPhase] = {}
        """By task ("archive", "stories", "entities"): the phase of background work now running."""

    def on_mount(self) -> None:
        if self.show_timings:
            self.set_interval(1.0, self.tick)
        self.draw()

    def set_archive(self, text: str) -> None:
        """What the archive is (or why there is none), shown when no phase of its runs."""
        self._archive_text = text
        self.draw()

    def set_entities(self, text: str) -> None:
        """What the entities are (or why there are none), shown when no phase of theirs runs."""
        self._entity_text = text
        self.draw()

    def show_archive(self, archive: Archive, note: str) -> None:
        """How many articles, then `note`, then the problems (w lists them)."""
        problems = ProblemCounts.of(archive.problems).describe()
        shown = counted(len(archive), "article{s}") + note
        self.set_archive(shown + (f" · {problems} (w)" if problems else ""))

    def show_waiting(self, described: str) -> None:
        """What the corpus brought while a list over the panes holds the index's articles
        ("1 new article"): taken in when it closes; "" once taken in."""
        self._waiting_text = f"{described}, in when this closes" if described else ""
        self.draw()

    def show_hit(self, number: int, count: int) -> None:
        """ "hit 2/5 (n/N)": the reader's hit `number` (from 0) of `count`; nothing when `count` is 0."""
        self._hit_text = f"hit {number + 1}/{count} (n/N)" if count else ""
        self.draw()

    def show_progress(self, task: str, phase: str, done: int, total: int) -> None:
        """Background work reports: a new phase starts its clock; a count is shown with it."""
        running = self._phases.get(task)
        if running is None or running.phase != phase:
            running = self._phases[task] = RunningPhase(phase, self.clock())
        running.done, running.total = done, total
        self.draw()

    def progress_over(self, task: str) -> None:
        """A task's background work ended (done or failed): its phase leaves the line."""
        self._phases.pop(task, None)
        self.draw()

    def tick(self) -> None:
        """Once a second while background work runs: its phase's time goes on."""
        if self._phases:
            self.draw()

    def draw(self) -> None:
        if not self.is_attached:
            return  # the app is closing: background work may still report, with no line to show it
        archive, entities = self._phases.get("archive"), self._phases.get("entities")
        stories = self._phases.get("stories")
        parts = [
            archive.describe(self._seconds(archive), first=True) if archive else self._archive_text,
            self._waiting_text,
            stories.describe(self._seconds(stories)) if stories else "",
            entities.describe(self._seconds(entities)) if entities else self._entity_text,
            self._hit_text,
        ]
        shown = [p for p in parts if p]
        line = visible(" · ".join(shown), bidi="strip")
        width = self.content_size.width
        for dropped in (part for part in (parts[3], parts[2]) if part):  # entities', stories': not the hit
            if not width or cell_len(line) <= width:  # measured as drawn
                break
            shown.remove(dropped)
            line = visible(" · ".join(shown), bidi="strip")
        if width and cell_len(line) > width and self._hit_text:  # the archive's part gives way to the hit too
            hit = " · " + self._hit_text
            rest = visible(" · ".join(p for p in shown if p != self._hit_text), bidi="strip")
            line = set_cell_size(rest, max(0, width - cell_len(hit) - 1)) + "…" + hit
        self.update(line)

    def on_resize(self) -> None:
        self.draw()

    def _seconds(self, running: RunningPhase) -> float | None:
        """How long the phase has run, wall time (None when the line shows no timings)."""
        return self.clock() - running.started if self.show_timings else None


@dataclass(slots=True)
class RunningPhase:
    """The phase a background task is in, since when (monotonic), and its count so far (total
    0: not known; -1: none)."""

    phase: str
    started: float
    done: int = 0
    total: int = -1

    def describe(self, seconds: float | None, *, first: bool = False) -> str:
        """ "Reading and indexing 1,200/69,431… 12 s": what runs, how far, and for how long (the
        wall time since the phase began, when `seconds` is given)."""
        text = (self.phase[:1].upper() + self.phase[1:]) if first else self.phase
        if self.total > 0:
            text += f" {self.done:,}/{self.total:,}"
        elif self.total == 0:
            text += f" {self.done:,} articles"
        text += "…"
        if seconds is not None:
            text += f" {seconds:.0f} s"
        return text
