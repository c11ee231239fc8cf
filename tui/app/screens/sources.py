"""The archive's sources, each with its number of articles; enter searches that source."""

from __future__ import annotations

from rich.style import Style
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.widgets import Static

from tui.app.widgets.cursor_list import CursorList
from tui.app.widgets.lines import first_line, text_strip, visual_strip
from tui.display import DisplayOptions, is_rtl_text, visible

__all__ = ["SourcesScreen", "source_filter"]


def source_filter(name: str, names: list[str]) -> str:
    """The `source:` filter that finds `name` (a filter is one word): its first word that no
    other source's name holds, else its longest word."""
    words = name.split() or [name]
    others = [other.casefold() for other in names if other != name]
    unique = next((word for word in words if not any(word.casefold() in other for other in others)), None)
    return f"source:{unique or max(words, key=len)}"


class _SourceList(CursorList):
    def __init__(self, rows: list[tuple[str, int]], options: DisplayOptions) -> None:
        super().__init__(id="sources")
        self.rows = rows
        self.options = options
        self.empty_message = "No article names its source."
        self.set_item_count(len(rows))

    def render_item_line(self, index: int, line: int, width: int, selected: bool) -> Strip:
        name, count = self.rows[index]
        base = self.rich_style + (self.style_of("cursor") if selected else Style())
        counts = f" {count:>7,}  "
        text = visible(name, bidi="strip")
        shown = first_line(text, max(10, width - len(counts)), self.options, is_rtl_text(text))
        return Strip.join([text_strip(counts, len(counts), base), visual_strip(shown, width - len(counts), base)])


class SourcesScreen(ModalScreen[str | None]):
    """Enter gives the `source:` filter of the source under the cursor (the caller searches it)."""

    BINDINGS = [Binding("escape,q,o", "dismiss(None)", "Close", priority=True)]
    DEFAULT_CSS = """
    SourcesScreen { align: center middle; }
    SourcesScreen > Vertical { width: 70%; height: 70%; border: round $accent; background: $surface; }
    SourcesScreen #sources-head { height: 1; color: $text-muted; }
    """

    def __init__(self, rows: list[tuple[str, int]], options: DisplayOptions) -> None:
        super().__init__()
        self.rows = rows
        self.options = options

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(" Sources · articles · enter searches one · esc closes", id="sources-head", markup=False)
            yield _SourceList(self.rows, self.options)

    def on_mount(self) -> None:
        self.query_one(_SourceList).focus()

    def on_cursor_list_selected(self, event: CursorList.Selected) -> None:
        event.stop()
        names = [name for name, _ in self.rows]
        self.dismiss(source_filter(self.rows[event.index][0], names))
