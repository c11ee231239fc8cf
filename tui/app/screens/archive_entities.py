"""The archive's entities: the most named people, places, organisations and other names, and a
filter box that finds one by any way it is written (ماكرون, لماكرون, ترمب); enter opens its detail
(its mentions with dates, its timeline, export)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.style import Style
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.timer import Timer
from textual.widgets import Input, Static

from corpus import counted
from corpus.entities import NAME_TYPES, Entity
from tui.app.panes.entities import LABEL_CELLS, TYPE_LABELS, mark_strip
from tui.app.widgets.cursor_list import CursorList
from tui.app.widgets.lines import first_line, text_strip, visual_strip
from tui.display import DisplayOptions, is_rtl_text, visible

__all__ = ["ArchiveEntitiesScreen", "TOP_ENTITIES"]

TOP_ENTITIES = 500
"""Entities listed before anything is typed (and at most as many found): the most named names."""
FIND_AFTER = 0.15
"""Seconds of no typing after which the box's text is looked up."""
HEAD = " Archive entities · any spelling · enter opens · ? = unsure"


class _EntityRows(CursorList):
    """Entities, each with its type and the number of articles naming it; UNSURE_MARK before a
    name the tagger was unsure of in most of its mentions."""

    def __init__(self, options: DisplayOptions) -> None:
        super().__init__(id="archive-entities")
        self.rows: list[Entity] = []
        self.counts: list[int] = []
        """Each row's number of articles: the archive's, or those in view that name it."""
        self.unsure: list[bool] = []
        self.options = options
        self.empty_message = "No entity of the archive has that name."

    def show(self, rows: list[Entity], empty_message: str, counts: list[int] | None = None) -> None:
        self.rows = rows
        self.counts = counts if counts is not None else [len(entity.articles) for entity in rows]
        self.unsure = [entity.unsure for entity in rows]
        self.empty_message = empty_message
        self.set_item_count(len(rows))

    def render_empty(self, width: int) -> Strip:
        """The empty list's message shaped and ordered as the rest of the screen ("No entity
        named" and the Arabic typed: a journalist saw its letters unjoined)."""
        message = " " + self.empty_message
        line = first_line(message, width, self.options, is_rtl_text(message))
        return visual_strip(line, width, self.style_of("empty"))

    def render_item_line(self, index: int, line: int, width: int, selected: bool) -> Strip:
        entity = self.rows[index]
        base = self.rich_style + (self.style_of("cursor") if selected else Style())
        dim = base + self.style_of("dim")
        label = visual_strip(
            first_line(TYPE_LABELS.get(entity.type, entity.type), LABEL_CELLS, self.options, None), LABEL_CELLS, dim
        )
        counts = f" {self.counts[index]:>6,} "
        name = visible(entity.name, bidi="strip")
        used = 1 + LABEL_CELLS + len(counts)
        shown = first_line(name, max(5, width - used), self.options, is_rtl_text(name))
        return Strip.join(
            [
                mark_strip(self.unsure[index], base),
                label,
                text_strip(counts, len(counts), dim),
                visual_strip(shown, width - used, base),
            ]
        ).crop_extend(0, width, base)


class ArchiveEntitiesScreen(ModalScreen[Entity | None]):
    """Enter gives the entity under the cursor (the caller shows its detail); esc gives None.

    In the filter box: enter opens the entity under the list's cursor (the first match), ↓ and
    page down move into the list, esc clears the box (esc in an empty box closes). The box
    is looked up once typing pauses (FIND_AFTER), away from the app's thread, and only the
    result for the text in the box is shown: keys typed meanwhile are never held up."""

    BINDINGS = [Binding("escape", "close", "Close", priority=True)]
    DEFAULT_CSS = """
    ArchiveEntitiesScreen { align: center middle; }
    ArchiveEntitiesScreen > Vertical { width: 80%; height: 80%; border: round $accent; background: $surface; }
    ArchiveEntitiesScreen #archive-entities-head { height: 1; color: $text-muted; }
    ArchiveEntitiesScreen #entity-filter { height: 3; }
    """

    class Found(Message):
        """What the filter box's text found."""

        def __init__(self, text: str, rows: list[Entity], empty_message: str, counts: list[int] | None = None) -> None:
            super().__init__()
            self.text, self.rows, self.empty_message = text, rows, empty_message
            self.counts = counts
            self.open_first = False
            self.written: int | None = None
            """How many articles write the name typed, as a search finds it (None: not counted)."""

    def __init__(
        self,
        entities: Sequence[Entity],
        named: Callable[[str], list[Entity]],
        options: DisplayOptions,
        typed: str = "",
        warm: Callable[[], object] | None = None,
        in_view: tuple[str, Callable[[], list[tuple[Entity, int]]]] | None = None,
        written: Callable[[str], int] | None = None,
    ) -> None:
        super().__init__()
        self.entities = entities
        self.in_view = in_view
        """For a list or search in view that is not the whole archive: its heading, and its most
        named entities with the articles in view naming each (the list before anything is typed)."""
        self.named = named
        """What a typed name may name, most articles first (any spelling, Latin letters too)."""
        self.options = options
        self.typed = typed
        """The name in the box (kept for coming back to the list as it was left)."""
        self.shown_for: str | None = None
        """The text whose result the list shows (None before the first)."""
        self.waiting = False
        """Whether the list says it is looking for what the box holds, not what it found."""
        self._pending: Timer | None = None
        self.warm = warm
        """Makes what the lookup reads (an index of the names), while the top list is read."""
        self.written = written
        """How many articles write a name typed in Arabic letters (a search's count), said over what
        it found: the entities may name it in far fewer (الهلال: written in 1,766, its entity named
        in 269)."""

    def compose(self) -> ComposeResult:
        from tui.app.widgets.safe_input import SafeInput

        with Vertical():
            yield Static(self._head(self.typed), id="archive-entities-head", markup=False)
            box = SafeInput(self.typed, placeholder="Name (any spelling)…", id="entity-filter", select_on_focus=False)
            box.set_options(self.options)
            yield box
            yield _EntityRows(self.options)

    def _head(self, text: str, written: int | None = None) -> str:
        """The heading over what `text` finds: a name is looked up in the whole archive, and its
        counts are the archive's, even on a search's results; with how many articles write it."""
        if written is not None and text.strip():
            return f" Written in {counted(written, 'article{s}')} · enter opens · ? = unsure"
        if self.in_view is None or text.strip():
            return HEAD
        return f" {self.in_view[0]} · ? = unsure"

    def on_mount(self) -> None:
        self._find(self.typed)
        self.query_one(Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value == self.typed and self.shown_for is not None:
            return  # the box given its text back (on coming back to the list): nothing typed
        self.typed = event.value
        if self._pending is not None:
            self._pending.stop()
        if event.value.strip() and (self.waiting or not (self.shown_for or "").strip()):
            # the unfiltered list is never left standing as if it were what the name found, and
            # while nothing is found yet the line says the whole name typed (not its first letter)
            self.query_one(_EntityRows).show([], f"Looking for {visible(event.value.strip())}…")
            self.shown_for, self.waiting = event.value, True
        self._pending = self.set_timer(FIND_AFTER, self._find_typed)

    def _find_typed(self) -> None:
        self._pending = None
        self._find(self.query_one(Input).value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the box opens the entity under the list's cursor, once the list shows what
        the box holds (found now when typing has not paused yet)."""
        event.stop()
        rows = self.query_one(_EntityRows)
        if self.waiting or self.shown_for != event.value:  # typed and entered in one burst
            if self._pending is not None:
                self._pending.stop()
                self._pending = None
            self._find(event.value, open_first=True)
            return
        if rows.item_count:
            self.dismiss(rows.rows[rows.cursor])

    def on_key(self, event: events.Key) -> None:
        """↓ and page down in the box move into the list; a letter typed before the box has
        the focus (E and a name in one burst, over SSH) goes into the box."""
        box = self.query_one(Input)
        if box.has_focus and event.key in ("down", "pagedown"):
            event.stop()
            event.prevent_default()
            rows = self.query_one(_EntityRows)
            rows.focus()
            if event.key == "pagedown":
                rows.action_page_down()

    def action_close(self) -> None:
        """Esc clears the box first; esc with an empty box closes."""
        box = self.query_one(Input)
        if box.value:
            box.value = ""
            box.focus()
            return
        self.dismiss(None)

    @work(thread=True, exclusive=True, group="archive-entities")
    def _find(self, text: str, open_first: bool = False) -> None:
        """Look the name up away from the app's thread."""
        if not text.strip() and self.in_view is not None:
            named = self.in_view[1]()
            rows, counts = [entity for entity, _ in named], [count for _, count in named]
            self.post_message(self.Found(text, rows, "The articles in view name no one.", counts))
            if self.warm is not None:
                self.warm()
            return
        if not text.strip():
            top = [e for e in self.entities[: TOP_ENTITIES * 4] if e.type in NAME_TYPES][:TOP_ENTITIES]
            self.post_message(self.Found(text, top, "The archive names no one yet."))
            if self.warm is not None:
                self.warm()
            return
        message = f"No entity named {visible(text.strip())}."
        found = self.Found(text, self.named(text), message)
        found.open_first = open_first
        from corpus import in_latin_letters  # the export module: loaded on this thread, never before a paint

        if self.written is not None and not open_first and not in_latin_letters(text):
            found.written = self.written(text)  # in Arabic letters: Latin ones are counted as a search reads them
        self.post_message(found)

    def on_archive_entities_screen_found(self, message: Found) -> None:
        message.stop()
        if message.text != self.query_one(Input).value:
            return  # an older text's: the newest is found after it
        rows = self.query_one(_EntityRows)
        if (
            self.waiting
            or message.text != self.shown_for
            or [(e.key, e.type) for e in message.rows] != [(e.key, e.type) for e in rows.rows]
        ):
            rows.show(message.rows, message.empty_message, message.counts)  # the same rows again keep their cursor
        self.shown_for, self.waiting = message.text, False
        self.query_one("#archive-entities-head", Static).update(self._head(message.text, message.written))
        if message.open_first and message.rows:
            self.dismiss(message.rows[0])

    def on_cursor_list_selected(self, event: CursorList.Selected) -> None:
        event.stop()
        rows = self.query_one(_EntityRows).rows
        if 0 <= event.index < len(rows):
            self.dismiss(rows[event.index])
