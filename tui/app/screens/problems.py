"""The files that could not be loaded as they are, each with its reason.

The list is virtual (a CursorList): however many files were skipped, only the rows in view
are drawn, and the problem under the cursor is shown in full below the list.
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from rich.style import Style
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.widgets import Static

from corpus import LoadProblem, ProblemCounts, path_from
from tui.app.widgets.cursor_list import CursorList
from tui.app.widgets.lines import visual_strip
from tui.display import DisplayOptions, layout, prepare, render_text, visible

__all__ = ["ProblemList", "ProblemsScreen", "problem_line", "problems_heading"]


def problems_heading(problems: Sequence[LoadProblem], folders: Sequence[str]) -> str:
    """What the problems add up to, and the corpus folders their paths are shown from."""
    if not problems:
        return "Every file loaded without a problem."
    heading = ProblemCounts.of(problems).describe()
    if folders:
        heading += " under " + ", ".join(visible(folder, bidi="strip") for folder in folders)
    return heading


def problem_line(problem: LoadProblem, folders: Sequence[str]) -> str:
    """One problem as a line, its path from the corpus folder it is under, made safe to show."""
    shown = replace(problem, path=_relative(problem.path, folders))
    return f"{'skipped' if problem.skipped else 'warning'}: {visible(str(shown), bidi='strip')}"


def _relative(path: str, folders: Sequence[str]) -> str:
    for folder in folders:
        inside = path_from(path, folder)
        if inside:
            return inside
    return path


class ProblemList(CursorList):
    """One row a problem, skipped files first; a row is made only when it is drawn."""

    def __init__(self, problems: Sequence[LoadProblem], folders: Sequence[str], options: DisplayOptions) -> None:
        super().__init__(id="problems")
        self.problems = problems
        self.folders = folders
        self.options = options
        skipped = array("L", (index for index, problem in enumerate(problems) if problem.skipped))
        self.order = skipped + array("L", (index for index, problem in enumerate(problems) if not problem.skipped))
        """Positions into `problems`, in the order shown."""
        self.rows_drawn = 0
        """How many rows were ever drawn (the work the list does, which tests bound)."""
        self.empty_message = ""  # the heading says every file loaded
        self.set_item_count(len(problems))

    def problem_at(self, index: int) -> LoadProblem:
        return self.problems[self.order[index]]

    def render_item_line(self, index: int, line: int, width: int, selected: bool) -> Strip:
        self.rows_drawn += 1
        base = self.rich_style + (self.style_of("cursor") if selected else Style())
        text = problem_line(self.problem_at(index), self.folders)
        if len(text) > width:  # cut by characters, not at a space: a long path keeps its start
            text = text[: max(0, width - 1)] + "…"
        shown = layout(prepare(text, False, self.options), 2 * len(text) + 2, self.options)[0]  # one line
        return visual_strip(shown, width, base)


DETAIL_SHARE = 0.9
"""The box's share of the screen's width."""


class ProblemsScreen(ModalScreen[None]):
    """A modal listing load problems; esc, q or w closes it."""

    BINDINGS = [Binding("escape,q,w", "dismiss", "Close", priority=True)]
    DEFAULT_CSS = """
    ProblemsScreen { align: center middle; }
    ProblemsScreen > Vertical {
        width: 90%;  /* DETAIL_SHARE */
        height: 80%;
        border: round $warning;
        background: $surface;
    }
    ProblemsScreen #problems-head { height: auto; max-height: 3; color: $text-muted; padding: 0 1; }
    ProblemsScreen #problems { height: 1fr; }
    ProblemsScreen #problem-detail {
        height: auto;
        max-height: 8;
        border-top: solid $warning;
        padding: 0 1;
    }
    """

    def __init__(
        self,
        problems: Sequence[LoadProblem],
        roots: Sequence[str | Path] = (),
        options: DisplayOptions | None = None,
    ) -> None:
        super().__init__()
        self.problems = problems
        self.folders = [str(root) for root in roots if os.path.isdir(root)]
        self.options = options or DisplayOptions()

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(problems_heading(self.problems, self.folders), id="problems-head", markup=False)
            yield ProblemList(self.problems, self.folders, self.options)
            yield Static("", id="problem-detail", markup=False)

    def on_mount(self) -> None:
        listing = self.query_one(ProblemList)
        listing.focus()
        self.watch(listing, "cursor", self._show_detail)

    def on_resize(self) -> None:
        self._show_detail(self.query_one(ProblemList).cursor)

    def _show_detail(self, cursor: int) -> None:
        """The problem under the cursor in full, wrapped: a row too long for the width loses nothing."""
        listing = self.query_one(ProblemList)
        detail = self.query_one("#problem-detail", Static)
        detail.display = listing.item_count > 0
        if listing.item_count:
            text = problem_line(listing.problem_at(cursor), self.folders)
            width = max(10, int(self.app.size.width * DETAIL_SHARE) - 4)  # the box's width, less border and padding
            detail.update("\n".join(render_text(text, width, self.options, False)))
