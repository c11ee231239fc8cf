"""Saved searches: each with how many articles match it and how many arrived since it was last looked at."""

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

__all__ = ["SavedSearchesScreen", "SavedRow"]

SavedRow = tuple[str, int, int]
"""(query, articles matching it, of them new since it was last looked at)."""


class _SavedList(CursorList):
    def __init__(self, rows: list[SavedRow], options: DisplayOptions) -> None:
        super().__init__(id="saved")
        self.rows = rows
        self.options = options
        self.empty_message = "No saved searches: S in the search pane saves the current one."
        self.set_item_count(len(rows))

    def render_item_line(self, index: int, line: int, width: int, selected: bool) -> Strip:
        query, total, new = self.rows[index]
        base = self.rich_style + (self.style_of("cursor") if selected else Style())
        counts = f" {new:>5,} new {total:>7,} in all  "
        text = visible(query, bidi="strip")
        shown = first_line(text, max(10, width - len(counts)), self.options, is_rtl_text(text))
        return Strip.join([text_strip(counts, len(counts), base), visual_strip(shown, width - len(counts), base)])


class SavedSearchesScreen(ModalScreen[str | None]):
    """Enter runs the search under the cursor (its new articles then count as seen); d forgets it."""

    BINDINGS = [
        Binding("escape,q,V", "dismiss(None)", "Close", priority=True),
        Binding("d,delete", "forget", "Forget this search"),
    ]
    DEFAULT_CSS = """
    SavedSearchesScreen { align: center middle; }
    SavedSearchesScreen > Vertical { width: 90%; height: 70%; border: round $accent; background: $surface; }
    SavedSearchesScreen #saved-head { height: 1; color: $text-muted; }
    """

    def __init__(self, rows: list[SavedRow], options: DisplayOptions) -> None:
        super().__init__()
        self.rows = rows
        self.options = options
        self.forgotten: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(" Saved searches · enter runs · d forgets · esc closes", id="saved-head", markup=False)
            yield _SavedList(self.rows, self.options)

    def on_mount(self) -> None:
        self.query_one(_SavedList).focus()

    def on_cursor_list_selected(self, event: CursorList.Selected) -> None:
        event.stop()
        self.dismiss(self.rows[event.index][0])

    def action_forget(self) -> None:
        saved = self.query_one(_SavedList)
        if not self.rows:
            return
        query, _, _ = self.rows.pop(saved.cursor)
        self.forgotten.append(query)
        saved.set_item_count(len(self.rows))
        saved.refresh()
