"""A text box that never holds terminal or bidi controls, and shows Arabic as it is read.

What is typed stays in logical order (the value, the cursor, editing keys); in the `app` bidi
mode a value with right-to-left letters is drawn through the display engine, shaped and in
visual order, with the cursor on the cell of the character it stands before, and ← → move
the way they point; a value wider than the box shows the part of its visual line that holds
the cursor, moving with it as a Latin one scrolls. The other modes are drawn by Textual as
they are.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Offset
from textual.strip import Strip
from textual.widgets import Input

from tui.display import (
    BIDI_CONTROLS,
    DisplayOptions,
    VisualLine,
    bidi_class,
    layout,
    prepare,
    visible,
)

__all__ = ["SafeInput", "clean_query"]

_DROP = {ord(c): None for c in BIDI_CONTROLS | {"\u200b"}}
_NO_WRAP = 10_000


def clean_query(text: str) -> str:
    """Controls become visible symbols (␛ …); bidi controls, which search ignores anyway, are dropped."""
    return visible(text.translate(_DROP))


class SafeInput(Input):
    """An Input whose value is cleaned on every change: pasted escape sequences stay harmless text."""

    options = DisplayOptions()
    """Set by the app, with the reader's and the lists' (see AkhbarApp._shaped_widgets)."""
    _window = 0
    """The first cell of the visual line shown, where the value is wider than the box."""

    def validate_value(self, value: str) -> str:
        return clean_query(value)

    async def _on_key(self, event: events.Key) -> None:
        """The box's own editing keys (backspace, ctrl+u, the arrows) run here, in the order they
        were typed. Textual runs a bound key only once it has bubbled up to the app, after the
        letters that followed it in the same burst were typed (textual#6605): "putx⌫in" over SSH
        gave "putxi", ctrl+u then "putin" an empty box."""
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            if not binding.priority and await self.app.run_action(binding.action, self):
                event.stop()
                event.prevent_default()
                return
        await super()._on_key(event)

    def replace(self, text: str, start: int, end: int) -> None:
        super().replace(clean_query(text), start, end)

    def set_options(self, options: DisplayOptions) -> None:
        self.options = options
        self.refresh()

    def _visual(self) -> VisualLine | None:
        """The value as one visual line, when it holds right-to-left letters."""
        value = self.value
        if not value or self.password or not self.options.reorders:
            return None
        if not any(bidi_class(c) in ("R", "AL") for c in value):
            return None
        return layout(prepare(value, None, self.options), _NO_WRAP, self.options)[0]

    def _shown_from(self, line: VisualLine) -> int:
        """The first cell of `line` the box shows: 0 when it fits, else a window that holds the
        cursor's cell, moved as little as it must be."""
        width = self.scrollable_content_region.width
        cells = line.width + 1  # the cursor's own cell at the end the text grows from
        if cells <= width:
            self._window = 0
            return 0
        cursor = self._cursor_cell(line)
        window = min(max(self._window, cursor - width + 1), cursor, cells - width)
        self._window = max(0, window)
        return self._window

    def _cursor_cell(self, line: VisualLine) -> int:
        """The cell of the cursor: on the character it stands before, or just past the text's end."""
        cursor = self.cursor_position
        column = 1 if line.rtl else 0  # an RTL value keeps its first cell for the cursor at its end
        for start, end, width in zip(line.starts, line.ends, line.widths, strict=True):
            if start <= cursor < end:
                return column
            column += width
        return 0 if line.rtl else column

    def _reversed(self) -> bool:
        """True when the value is drawn right to left: the arrow keys then move as they point."""
        line = self._visual()
        return line is not None and line.rtl

    def action_cursor_left(self, select: bool = False) -> None:
        (super().action_cursor_right if self._reversed() else super().action_cursor_left)(select)

    def action_cursor_right(self, select: bool = False) -> None:
        (super().action_cursor_left if self._reversed() else super().action_cursor_right)(select)

    def action_cursor_left_word(self, select: bool = False) -> None:
        (super().action_cursor_right_word if self._reversed() else super().action_cursor_left_word)(select)

    def action_cursor_right_word(self, select: bool = False) -> None:
        (super().action_cursor_left_word if self._reversed() else super().action_cursor_right_word)(select)

    def _cell_offset_to_index(self, offset: int) -> int:
        """Where a click puts the cursor: before the character drawn in that cell."""
        line = self._visual()
        if line is None:
            return super()._cell_offset_to_index(offset)
        offset += self._shown_from(line)
        column = 1 if line.rtl else 0
        for start, width in zip(line.starts, line.widths, strict=True):
            if column <= offset < column + width:
                return start
            column += width
        before_text = offset < (1 if line.rtl else 0)
        return len(self.value) if before_text == line.rtl else 0

    @property
    def cursor_screen_offset(self) -> Offset:
        """Where the terminal's cursor goes: the drawn visual line is never scrolled, so a scroll
        left over from a Latin value wider than the box is not taken off (an input method sits there)."""
        if self._visual() is None:
            return super().cursor_screen_offset
        x, y, _width, _height = self.content_region
        return Offset(x + self._cursor_offset, y)

    @property
    def _cursor_offset(self) -> int:
        line = self._visual()
        if line is None:
            return super()._cursor_offset
        return self._cursor_cell(line) - self._shown_from(line)

    def render_line(self, y: int) -> Strip:
        line = self._visual() if y == 0 else None
        if line is None:
            return super().render_line(y)
        base = self.rich_style
        cursor_style = self.get_component_rich_style("input--cursor")
        selection_style = self.get_component_rich_style("input--selection")
        low, high = sorted(self.selection)
        show_cursor = self.has_focus and self._cursor_visible
        cursor_cell = self._cursor_cell(line) if show_cursor else -1
        segments = [Segment(" ", cursor_style if cursor_cell == 0 and line.rtl else Style())] if line.rtl else []
        column = len(segments)
        for glyph, start, width in zip(line.glyphs, line.starts, line.widths, strict=True):
            style = Style()
            if self.has_focus and low <= start < high:
                style = selection_style
            if column == cursor_cell:
                style = cursor_style
            segments.append(Segment(glyph, style))
            column += width
        if not line.rtl:
            segments.append(Segment(" ", cursor_style if cursor_cell == column else Style()))
        width = self.scrollable_content_region.width + 1
        shown_from = self._shown_from(line)
        return Strip(segments).crop_extend(shown_from, shown_from + width, Style()).apply_style(base)
