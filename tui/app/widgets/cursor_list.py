"""A virtualized list with a cursor: only the visible lines are ever rendered (line API)."""

from __future__ import annotations

from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.app.keys import movement_bindings
from tui.app.widgets.lines import text_strip

__all__ = ["CursorList"]


class CursorList(ScrollView, can_focus=True):
    """Items of a fixed number of lines each, drawn on demand; enter selects the item under the cursor."""

    BINDINGS = [
        *movement_bindings(
            down="cursor_down", up="cursor_up", first="first", last="last", page_down="page_down", page_up="page_up"
        ),
        Binding("enter", "select", "Open", show=False),
    ]
    COMPONENT_CLASSES = {"cursor-list--cursor", "cursor-list--dim", "cursor-list--hit", "cursor-list--empty"}
    DEFAULT_CSS = """
    CursorList > .cursor-list--cursor { background: $accent 40%; text-style: bold; }
    CursorList:focus > .cursor-list--cursor { background: $accent; color: $text; }
    CursorList > .cursor-list--dim { color: $text-muted; }
    CursorList > .cursor-list--hit { text-style: bold reverse; }
    CursorList > .cursor-list--empty { color: $text-muted; text-style: italic; }
    """

    LINES_PER_ITEM = 1
    cursor = reactive(0, always_update=True, init=False)

    class Selected(Message):
        """Enter (or a click) on an item."""

        def __init__(self, widget: CursorList, index: int) -> None:
            super().__init__()
            self.widget = widget
            self.index = index

        @property
        def control(self) -> CursorList:
            return self.widget

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._count = 0
        self.empty_message = ""

    @property
    def item_count(self) -> int:
        return self._count

    def set_item_count(self, count: int, *, keep_cursor: bool = False) -> None:
        """Declare how many items there are now; the view is rebuilt on demand."""
        self._count = count
        self.virtual_size = Size(self.size.width, count * self.LINES_PER_ITEM)
        if not keep_cursor:
            self.scroll_to(y=0, animate=False)
        self.cursor = min(self.cursor if keep_cursor else 0, max(0, count - 1))
        self.refresh()

    def render_item_line(self, index: int, line: int, width: int, selected: bool) -> Strip:
        """Draw line `line` of item `index`; subclasses say what an item looks like."""
        raise NotImplementedError

    def style_of(self, name: str) -> Style:
        style = self.get_component_rich_style(f"cursor-list--{name}")
        if name == "cursor" and self.app.no_color:
            style += Style(reverse=True)  # without colour the cursor must still stand out
        return style

    def render_empty(self, width: int) -> Strip:
        """The line saying why the list is empty (a subclass showing Arabic shapes it)."""
        return text_strip(" " + self.empty_message, width, self.style_of("empty"))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = self.scroll_offset.y + y
        if self._count == 0:
            if y == 0 and self.empty_message:
                return self.render_empty(width)
            return Strip.blank(width, self.rich_style)
        index, line = divmod(row, self.LINES_PER_ITEM)
        if index >= self._count:
            return Strip.blank(width, self.rich_style)
        return self.render_item_line(index, line, width, index == self.cursor)

    def watch_cursor(self, old: int, new: int) -> None:
        for index in (old, new):
            self.refresh(
                Region(0, index * self.LINES_PER_ITEM - self.scroll_offset.y, self.size.width, self.LINES_PER_ITEM)
            )
        self.scroll_to_region(
            Region(0, new * self.LINES_PER_ITEM, 1, self.LINES_PER_ITEM), animate=False, immediate=True
        )

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, self._count * self.LINES_PER_ITEM)
        self.refresh()

    def _move(self, delta: int) -> None:
        if self._count:
            self.cursor = max(0, min(self._count - 1, self.cursor + delta))

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_first(self) -> None:
        self._move(-self._count)

    def action_last(self) -> None:
        self._move(self._count)

    def action_page_down(self) -> None:
        self._move(max(1, self.size.height // self.LINES_PER_ITEM))

    def action_page_up(self) -> None:
        self._move(-max(1, self.size.height // self.LINES_PER_ITEM))

    def action_select(self) -> None:
        if self._count:
            self.post_message(self.Selected(self, self.cursor))

    def on_click(self, event: events.Click) -> None:
        index = (event.y + self.scroll_offset.y) // self.LINES_PER_ITEM
        if 0 <= index < self._count:
            self.cursor = index
            if event.chain >= 2:
                self.action_select()
