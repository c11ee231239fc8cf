"""The files that could not be loaded as they are, each with its reason."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from corpus import LoadProblem, ProblemCounts
from tui.display import visible

__all__ = ["ProblemsScreen", "problems_text"]


def problems_text(problems: list[LoadProblem], roots: Sequence[str | Path] = ()) -> str:
    """One line a problem, skipped files first; paths are shown from the corpus folder they
    are under, and file names and reasons are made safe to show."""
    if not problems:
        return "Every file loaded without a problem."
    folders = [str(root) for root in roots if os.path.isdir(root)]
    lines = [ProblemCounts.of(problems).describe()]
    if folders:
        lines.append("under " + ", ".join(visible(folder, bidi="strip") for folder in folders))
    lines.append("")
    for problem in sorted(problems, key=lambda p: not p.skipped):
        shown = replace(problem, path=_relative(problem.path, folders))
        lines.append(f"{'skipped' if problem.skipped else 'warning'}: {visible(str(shown), bidi='strip')}")
    return "\n".join(lines)


def _relative(path: str, folders: list[str]) -> str:
    for folder in folders:
        if path.startswith(folder.rstrip(os.sep) + os.sep):
            return path[len(folder.rstrip(os.sep)) + 1 :]
    return path


class ProblemsScreen(ModalScreen[None]):
    """A modal listing load problems; esc or q closes it."""

    BINDINGS = [Binding("escape,q,w", "dismiss", "Close", priority=True)]
    DEFAULT_CSS = """
    ProblemsScreen { align: center middle; }
    ProblemsScreen > VerticalScroll {
        width: 90%;
        height: 80%;
        border: round $warning;
        background: $surface;
        padding: 0 1;
    }
    """

    def __init__(self, problems: list[LoadProblem], roots: Sequence[str | Path] = ()) -> None:
        super().__init__()
        self.problems = problems
        self.roots = roots

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(problems_text(self.problems, self.roots), markup=False)
