"""Saved searches: each with how many articles match it and how many arrived since it was last
looked at, counted in a worker: the rows show at once and their counts fill in."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from rich.style import Style
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.widgets import Static
from textual.worker import get_current_worker

from corpus.search import SearchStopped, Stop
from tui.app.widgets.cursor_list import CursorList
from tui.app.widgets.lines import first_line, text_strip, visual_strip
from tui.display import DisplayOptions, is_rtl_text, visible

__all__ = ["SavedSearchesScreen", "SavedRow", "Counting"]

SavedRow = tuple[str, int | None, int | None]
"""(query, articles matching it, of them new since it was last looked at); None: not counted yet."""
Counting = Callable[[Stop], Iterator[tuple[str, int, int]]]
"""Counts each saved search (tui.session.remembered.Remembered.saved_search_counts), stopping when told."""


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
        counts = f" {new:>5,} new {total:>7,} in all  " if total is not None and new is not None else _COUNTING
        text = visible(query, bidi="strip")
        shown = first_line(text, max(10, width - len(counts)), self.options, is_rtl_text(text))
        return Strip.join([text_strip(counts, len(counts), base), visual_strip(shown, width - len(counts), base)])


_COUNTING = f" {'…':>5} new {'…':>7} in all  "


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

    class Counted(Message):
        """One saved search counted."""

        def __init__(self, query: str, total: int, new: int) -> None:
            super().__init__()
            self.query = query
            self.total = total
            self.new = new

    def __init__(
        self,
        queries: list[str],
        counting: Counting,
        options: DisplayOptions,
        forget: Callable[[str], None] | None = None,
    ) -> None:
        """`forget` is called at once for each search forgotten with d (it saves, and says a
        save that failed there and then); `forgotten` lists them all."""
        super().__init__()
        self.rows: list[SavedRow] = [(query, None, None) for query in queries]
        self.counting = counting
        self.options = options
        self.forget = forget
        self.forgotten: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(" Saved searches · enter runs · d forgets · esc closes", id="saved-head", markup=False)
            yield _SavedList(self.rows, self.options)

    def on_mount(self) -> None:
        self.query_one(_SavedList).focus()
        self._count()

    @work(thread=True, exclusive=True, group="saved-counts")
    def _count(self) -> None:
        """Count every saved search; stops when the screen closes or the app quits."""
        worker = get_current_worker()
        try:
            for query, total, new in self.counting(lambda: worker.is_cancelled):
                self.post_message(self.Counted(query, total, new))
        except SearchStopped:
            return

    def on_saved_searches_screen_counted(self, message: Counted) -> None:
        for number, (query, _, _) in enumerate(self.rows):
            if query == message.query:
                self.rows[number] = (query, message.total, message.new)
                self.query_one(_SavedList).refresh()
                return

    def on_cursor_list_selected(self, event: CursorList.Selected) -> None:
        event.stop()
        self.dismiss(self.rows[event.index][0])

    def action_forget(self) -> None:
        saved = self.query_one(_SavedList)
        if not self.rows:
            return
        query, _, _ = self.rows.pop(saved.cursor)
        self.forgotten.append(query)
        if self.forget is not None:
            self.forget(query)
        saved.set_item_count(len(self.rows))
        saved.refresh()
