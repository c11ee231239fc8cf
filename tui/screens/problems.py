"""The files that could not be loaded as they are, each with its reason."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from corpus.models import LoadProblem
from corpus.safety import visible

__all__ = ["ProblemsScreen", "problems_text"]


def problems_text(problems: list[LoadProblem]) -> str:
    """One line a problem; the file names and reasons made safe to show."""
    if not problems:
        return "Every file loaded without a problem."
    skipped = sum(1 for p in problems if p.skipped)
    lines = [f"{skipped} skipped, {len(problems) - skipped} loaded with a warning", ""]
    for problem in problems:
        lines.append(f"{'skipped' if problem.skipped else 'warning'}: {visible(str(problem), bidi='strip')}")
    return "\n".join(lines)


class ProblemsScreen(ModalScreen[None]):
    """A modal listing load problems; esc or q closes it."""

    BINDINGS = [Binding("escape,q,w", "dismiss", "Close", priority=True)]
    DEFAULT_CSS = """
    ProblemsScreen { align: center middle; }
    ProblemsScreen > VerticalScroll { width: 90%; height: 80%; border: round $warning; background: $surface; padding: 0 1; }
    """

    def __init__(self, problems: list[LoadProblem]) -> None:
        super().__init__()
        self.problems = problems

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(problems_text(self.problems), markup=False)
