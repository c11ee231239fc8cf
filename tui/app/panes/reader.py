"""The reader: one article as shaped, right-aligned Arabic, with hits highlighted and furniture dimmed."""

from __future__ import annotations

import os
import time
from bisect import bisect_left
from collections import OrderedDict
from dataclasses import dataclass
from typing import Literal

from rich.style import Style
from textual import events, on
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.selection import Selection
from textual.strip import Strip
from textual.widgets import Input

from corpus import Article, Doc, display_path, path_from
from corpus.search import find_in_text
from corpus.text import Paragraph, boilerplate_start, paragraphs
from tui.app.keys import COPY, COPY_ARTICLE, bindings, movement_bindings
from tui.app.widgets.clipboard import copy_text
from tui.app.widgets.lines import Span, count_label, first_line, text_strip, visual_strip
from tui.app.widgets.safe_input import SafeInput
from tui.display import (
    DisplayOptions,
    VisualLine,
    bidi_class,
    is_rtl_text,
    is_web_address,
    layout,
    link_target,
    pieces,
    prepare,
    shown_address,
    visible,
)

__all__ = ["FindBox", "Reader"]

LAYOUT_SLICE_SECONDS = 0.03
"""How long one slice of laying out a long article may hold the app before keys are read."""
SLICE_GAP_SECONDS = 0.02
"""The pause between slices, in which keys are read and the screen is drawn."""
SIZE_EVERY_SECONDS = 0.5
"""While a long article is laid out, its scroll size grows at most this often."""

LINES_KEPT = 32
"""Paragraphs whose lines are kept laid out (those drawn last): the rows of text hold none."""
DISPLAY_PIECE = 4000
"""A line of text longer than this many characters is shown as several paragraphs, cut at
spaces, so that no single piece of work is unbounded (files without line breaks)."""
ALSO_SHOWN = 5
"""The other articles of a story listed under an article's head (a lists them all)."""

RowKind = Literal["title", "meta", "body", "furniture", "rule", "blank", "link"]


@dataclass(frozen=True, slots=True)
class _Row:
    kind: RowKind
    paragraph: int
    """Index into the article's paragraphs, or -1 for rows that are not article text."""
    line: VisualLine | None
    """The row's line, for rows that are not article text (None for a blank or a rule, and for
    article text: laid out again when drawn, Reader._line)."""
    offset: int
    """Offset of the paragraph in the article text (0 for rows that are not article text)."""
    number: int = -1
    """The row's line among its paragraph's, for article text; -1 otherwise."""
    start: int = 0
    end: int = 0
    """The paragraph offsets the line shows, from `start` to `end`, for article text."""

    @property
    def is_text(self) -> bool:
        """Whether the row shows a line of the article's text."""
        return self.number >= 0


def corpus_relative(path: str, roots: list[str]) -> str:
    """The path from the corpus folder (or file) it is under, that folder's name first
    (news69k/sn_okaz-….txt); the path as it is when it is under none."""
    for root in roots:
        root = os.path.abspath(root).rstrip(os.sep)
        inside = path_from(path, root)
        if inside is not None:
            return os.path.join(os.path.basename(root), inside) if inside else os.path.basename(root)
    return path


def _display_pieces(whole: list[Paragraph], furniture_from: int) -> tuple[list[Paragraph], int]:
    """The paragraphs as displayed, very long ones cut at spaces, and the furniture index among them."""
    if all(len(p.text) <= DISPLAY_PIECE for p in whole):
        return whole, furniture_from
    shown: list[Paragraph] = []
    furniture_piece = len(whole)
    for index, paragraph in enumerate(whole):
        if index == furniture_from:
            furniture_piece = len(shown)
        text, base = paragraph.text, paragraph.start
        shown.extend(Paragraph(base + start, base + end, text[start:end]) for start, end in pieces(text, DISPLAY_PIECE))
    if furniture_from >= len(whole):
        furniture_piece = len(shown)
    return shown, furniture_piece


class Reader(ScrollView, can_focus=True):
    """Shows one article; n/N step through search hits, c copies the current paragraph."""

    BINDINGS = [
        *movement_bindings(
            down="scroll_lines(1)",
            up="scroll_lines(-1)",
            first="top",
            last="bottom",
            page_down="page(1)",
            page_up="page(-1)",
        ),
        *bindings([COPY, COPY_ARTICLE]),
    ]
    COMPONENT_CLASSES = {
        "reader--title",
        "reader--meta",
        "reader--hit",
        "reader--current-hit",
        "reader--furniture",
        "reader--rule",
        "reader--empty",
    }
    DEFAULT_CSS = """
    /* The scrollbar's column is kept whether or not the scrollbar shows: lines are laid out at
       the width that stays visible, and a right-to-left line never loses its first letter
       under a scrollbar that appears after the layout. */
    Reader { scrollbar-gutter: stable; }
    Reader > .reader--title { text-style: bold; color: $text-accent; }
    Reader > .reader--meta { color: $text-muted; }
    Reader > .reader--hit { text-style: bold underline; background: $warning 30%; }
    Reader > .reader--current-hit { text-style: bold reverse; }
    Reader > .reader--furniture { color: $text-disabled; }
    Reader > .reader--rule { color: $text-disabled; }
    Reader > .reader--empty { color: $text-muted; text-style: italic; }
    """

    class HitChanged(Message):
        """The current hit moved: (position, count)."""

        def __init__(self, position: int, count: int) -> None:
            super().__init__()
            self.position = position
            self.count = count

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article: Article | None = None
        self.doc: Doc | None = None
        self.text = ""
        """The open article's text, as read when it was opened: every offset points into it."""
        self.words = 0
        self.problem = ""
        """Why the last article asked for could not be shown, or empty."""
        self._link = ""
        """The open article's web address as a terminal hyperlink's target (see link_target), or empty."""
        self.roots: list[str] = []
        """The corpus paths: an article's file is shown from the one it is under."""
        self.hits: list[tuple[int, int]] = []
        self.hit_index = -1
        self.options = DisplayOptions()
        self._paragraphs: list[Paragraph] = []
        self._furniture_from = 0
        self._rtl = True
        self._rows: list[_Row] = []
        self._kept_lines: OrderedDict[tuple[int, int], list[VisualLine]] = OrderedDict()
        self._rows_width = -1
        self._next_paragraph = 0
        """The first of `_paragraphs` not laid out yet at `_rows_width`."""
        self._sized_at = 0.0
        self._generation = 0
        self._slice_pending = -1
        self._opened_at: int | None = None
        """The offset the open article was opened at, until the reader moves: a resize that finds
        the view still at the top (a tab sized after the first scroll) scrolls there again."""
        """The generation whose next slice is already on a timer, or -1."""

    also: list[tuple[str, str]] = []
    """The other articles of the open article's story (source and date, title), shown under its
    head; set before `show`."""

    def show(
        self,
        doc: Doc,
        article: Article,
        text: str,
        words: int,
        hits: tuple[tuple[int, int], ...] = (),
        at: int | None = None,
    ) -> None:
        """Open an article (its text already read), scrolled to `at` or to its first hit."""
        self.article = article
        self.doc = doc
        self.text = text
        self.words = words
        self.problem = ""
        self.hits = sorted(hits)
        whole = paragraphs(text)
        self._furniture_from = boilerplate_start(whole)
        self._paragraphs, self._furniture_from = _display_pieces(whole, self._furniture_from)
        self._rtl = is_rtl_text(text)
        self._rows_width = -1
        self._rebuild()
        self.hit_index = -1
        wanted = at if at is not None else (self.hits[0][0] if self.hits else None)
        if at is not None:
            self.hit_index = next((i for i, (s, _) in enumerate(self.hits) if s >= at), -1)
        elif self.hits:
            self.hit_index = 0
        self._opened_at = wanted
        if wanted is not None:
            self.scroll_to_offset(wanted)
            self.call_after_refresh(self._scrolled_to, doc, wanted)
        else:
            self.scroll_to(y=0, animate=False)
        self.post_message(self.HitChanged(self.hit_index, len(self.hits)))
        self.refresh()

    def _scrolled_to(self, doc: Doc, offset: int) -> None:
        """Scroll to `offset` again once the screen is laid out, if the view still stands at the
        top: a reader shown as a tab is sized only then, and its first scroll could fall short (an
        article opened at a mention showed its top, the mention below)."""
        if self.doc == doc and int(self.scroll_offset.y) == 0:
            self.scroll_to_offset(offset)

    def set_options(self, options: DisplayOptions) -> None:
        anchor = self.top_offset()
        self.options = options
        self._rows_width = -1
        self._rebuild()
        if anchor is not None:
            self.scroll_to_offset(anchor, center=False)
        self.refresh()

    @property
    def _width(self) -> int:
        return max(10, self.scrollable_content_region.width or self.size.width or 80)

    def _rebuild(self) -> None:
        """Lay the article out again at the current width: the first screens now, the rest in
        slices between keystrokes, so a 50 MB article opens at once."""
        width = self._width
        if self.article is None or width == self._rows_width:
            return
        self._rows_width = width
        self._generation += 1
        article, options = self.article, self.options
        rows: list[_Row] = []
        for line in layout(prepare(visible(article.title, bidi="strip"), self._rtl, options), width, options):
            rows.append(_Row("title", -1, line, 0))
        meta, count = self._meta_text(article), self._count_text()
        if meta and any(bidi_class(char) in ("R", "AL") for char in meta):
            # "29 words" inside a right-to-left line would read "words 29": a line of its own
            lines = [(meta, self._rtl), (count, False)]
        else:
            lines = [(" · ".join(p for p in (meta, count) if p), self._rtl)]
        for text, rtl in lines:
            for line in layout(prepare(text, rtl, options), width, options):
                rows.append(_Row("meta", -1, line, 0))
        url = article.metadata.get("url", "")
        self._link = link_target(url)
        if is_web_address(url):  # its own rows, so the terminal's hyperlink (OSC 8) covers the address alone
            # a link shows where it goes, its words read back; a refused one is shown as it is, and no link
            kind: RowKind = "link" if self._link else "meta"
            shown = shown_address(self._link) if self._link else url.strip()
            for line in layout(prepare(visible(shown, bidi="strip"), False, options), width, options):
                rows.append(_Row(kind, -1, line, 0))
        where = visible(display_path(corpus_relative(article.path, self.roots)), bidi="strip")
        for line in layout(prepare(where, False, options), width, options):
            rows.append(_Row("meta", -1, line, 0))
        if self.also:
            rows.append(_Row("blank", -1, None, 0))
            head = f"Also in this story ({len(self.also)}; a lists them, enter there opens one):"
            for line in layout(prepare(head, False, options), width, options):
                rows.append(_Row("meta", -1, line, 0))
            for source, title in self.also[:ALSO_SHOWN]:
                text = f"{source} · {title}"  # one line, "…" where it is cut
                rows.append(_Row("meta", -1, first_line(text, width, options, is_rtl_text(title)), 0))
            if len(self.also) > ALSO_SHOWN:
                more = f"… and {len(self.also) - ALSO_SHOWN} more (a)"
                for line in layout(prepare(more, False, options), width, options):
                    rows.append(_Row("meta", -1, line, 0))
        rows.append(_Row("blank", -1, None, 0))
        self._rows = rows
        self._kept_lines.clear()
        self._next_paragraph = 0
        self._sized_at = 0.0
        self._lay_out(LAYOUT_SLICE_SECONDS)

    def _lay_out(self, budget: float | None = None, until_offset: int | None = None) -> None:
        """Lay out further paragraphs: for `budget` seconds, up to `until_offset`, or to the end."""
        width, rows = self._rows_width, self._rows
        deadline = None if budget is None else time.perf_counter() + budget
        pieces = self._paragraphs
        while self._next_paragraph < len(pieces):
            if deadline is not None and time.perf_counter() > deadline:
                break
            if until_offset is not None and pieces[self._next_paragraph].start > until_offset:
                break
            index = self._next_paragraph
            self._next_paragraph += 1
            paragraph = pieces[index]
            if not paragraph.text.strip():
                continue
            furniture = index >= self._furniture_from
            if index == self._furniture_from:
                rows.append(_Row("rule", -1, None, 0))
            kind: RowKind = "furniture" if furniture else "body"
            for number, line in enumerate(self._laid_out(index)):
                rows.append(_Row(kind, index, None, paragraph.start, number, line.logical_start, line.logical_end))
            if index + 1 == len(pieces) or pieces[index + 1].start > paragraph.end:
                rows.append(_Row("blank", index, None, paragraph.end))
        done = self._next_paragraph >= len(pieces)
        now = time.perf_counter()
        if done or budget is None or now - self._sized_at > SIZE_EVERY_SECONDS:
            self.virtual_size = Size(width, len(rows))  # a new size re-lays the screen out: not every slice
            self._sized_at = now
        if not done and self._slice_pending != self._generation:  # one chain of slices at a time
            generation = self._slice_pending = self._generation
            self.set_timer(SLICE_GAP_SECONDS, lambda: self._continue(generation))

    def _laid_out(self, index: int) -> list[VisualLine]:
        """The lines of paragraph `index` at the current width, kept for the last LINES_KEPT
        paragraphs drawn: a row of text holds no line of its own (the clusters of each line of a
        34 MB article held 3 GB)."""
        key = (self._generation, index)
        lines = self._kept_lines.get(key)
        if lines is None:
            lines = layout(
                prepare(self._paragraphs[index].text, self._rtl, self.options), self._rows_width, self.options
            )
            self._kept_lines[key] = lines
            while len(self._kept_lines) > LINES_KEPT:
                self._kept_lines.popitem(last=False)
        else:
            self._kept_lines.move_to_end(key)
        return lines

    def _line(self, row: _Row) -> VisualLine | None:
        """The line a row shows (None for a blank or a rule)."""
        return self._laid_out(row.paragraph)[row.number] if row.is_text else row.line

    def _continue(self, generation: int) -> None:
        if generation != self._generation:
            return
        self._slice_pending = -1
        if self._next_paragraph < len(self._paragraphs):
            self._lay_out(LAYOUT_SLICE_SECONDS)
            self.refresh()

    def show_problem(self, message: str) -> None:
        """Say why an article cannot be shown, in place of its text."""
        self.article = None
        self.doc = None
        self.text = ""
        self.hits = []
        self.hit_index = -1
        self._rows = []
        self._paragraphs = []
        self.problem = visible(message, bidi="strip")
        self.virtual_size = Size(self._width, 0)
        self.scroll_to(y=0, animate=False)
        self.refresh()

    def _meta_text(self, article: Article) -> str:
        """Date, source (or URL) and author, as the article gives them."""
        shown = article.shown_metadata()
        parts = [shown.get(k, "") for k in ("date", "source", "author")]
        url = article.metadata.get("url", "")
        if not shown.get("source") and url and not is_web_address(url):
            parts[1] = url  # a web address has a row of its own
        return visible(" · ".join(p for p in parts if p), bidi="strip")

    def _count_text(self) -> str:
        label = f"{self.words:,}" if self.words < 100_000 else count_label(self.words)
        return f"{label} words"

    def on_resize(self, event: events.Resize) -> None:
        anchor = self.top_offset()
        self._rebuild()
        if anchor is not None:
            self.scroll_to_offset(anchor, center=False)
        elif self._opened_at is not None:
            self.scroll_to_offset(self._opened_at)  # opened at a mention, still at the top: the first scroll fell short
        self.refresh()

    def top_offset(self) -> int | None:
        """The article offset shown at the top of the view, to keep it in place across a re-wrap;
        None at the very top, which stays the top (title included)."""
        return None if int(self.scroll_offset.y) == 0 else self._first_offset_in_view()

    def _first_offset_in_view(self) -> int | None:
        for row in self._rows[int(self.scroll_offset.y) :]:
            if row.is_text:
                return row.offset + row.start
        return None

    def row_of_offset(self, offset: int) -> int | None:
        """The row showing an article offset (laying the article out that far if need be)."""
        if self._next_paragraph < len(self._paragraphs):
            self._lay_out(until_offset=offset)
        for number, row in enumerate(self._rows):
            if row.is_text and row.offset + row.start <= offset <= row.offset + row.end:
                return number
        return None

    def scroll_to_offset(self, offset: int, *, center: bool = True) -> None:
        row = self.row_of_offset(offset)
        if row is None:
            return
        target = max(0, row - (self.size.height // 3 if center else 0))
        self.scroll_to(y=target, animate=False, immediate=True)

    def _spans(self, row: _Row) -> list[Span]:
        spans: list[Span] = []
        if not row.is_text:
            return spans
        low, high = row.offset + row.start, row.offset + row.end
        # The hits are sorted and do not overlap: those on the line follow the last that starts
        # before it (a 34 MB article had 533,135 hits, each looked at for every line drawn).
        first = max(bisect_left(self.hits, (low, low)) - 1, 0)
        while first > 0 and self.hits[first - 1][1] > low:  # one that overlaps it
            first -= 1
        for index in range(first, len(self.hits)):
            start, end = self.hits[index]
            if start >= high:
                break
            if end > low:
                name = "reader--current-hit" if index == self.hit_index else "reader--hit"
                spans.append((start - row.offset, end - row.offset, self.get_component_rich_style(name)))
        selected = self._selected_range(self.text_selection)
        if selected is not None and selected[0] < high and selected[1] > low:
            style = self.screen.get_component_rich_style("screen--selection")
            spans.append((selected[0] - row.offset, selected[1] - row.offset, style))
        return spans

    def render_line(self, y: int) -> Strip:
        width = self._width
        number = int(self.scroll_offset.y) + y
        if self.article is None:
            if y == 1:
                message = self.problem or "Open an article from the list or the search results."
                return text_strip(f" {message}", width, self.get_component_rich_style("reader--empty"))
            return Strip.blank(width, self.rich_style)
        if number >= len(self._rows):
            return Strip.blank(width, self.rich_style)
        row = self._rows[number]
        base = self.rich_style
        if row.kind in ("title", "meta", "furniture", "rule"):
            base = base + self.get_component_rich_style(f"reader--{row.kind}")
        elif row.kind == "link":
            base = base + self.get_component_rich_style("reader--meta") + Style(underline=True, link=self._link)
        if row.kind == "rule":
            return text_strip("─" * width, width, base)
        line = self._line(row)
        if line is None:
            return Strip.blank(width, base)
        return visual_strip(line, width, base, self._spans(row), offset_y=number)

    # Selection: what is copied is the original text between the two ends, never presentation forms.

    def _offset_at(self, x: int, y: int) -> int | None:
        rows = self._rows
        if not rows:
            return None
        y = max(0, min(y, len(rows) - 1))
        row = rows[y]
        if not row.is_text:
            following = next((r for r in rows[y:] if r.is_text), None)
            return following.offset + following.start if following is not None else None
        line = self._laid_out(row.paragraph)[row.number]
        found = line.offset_at(x)
        if found is None:
            found = (
                line.logical_end if (line.rtl and self.options.reorders) == (x < line.indent) else line.logical_start
            )
        return row.offset + found

    def _selected_range(self, selection: Selection | None) -> tuple[int, int] | None:
        """The article offsets [start, end) between the two ends of a selection."""
        if selection is None or self.article is None:
            return None
        if selection.start is None or selection.end is None:
            return 0, len(self.text)
        a = self._offset_at(selection.start.x, selection.start.y)
        b = self._offset_at(selection.end.x, selection.end.y)
        if a is None or b is None:
            return None
        low, high = min(a, b), max(a, b)
        return low, min(len(self.text), high + 1)

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The ORIGINAL text under a mouse selection, in logical order (ctrl+c copies it)."""
        selected = self._selected_range(selection)
        if selected is None or self.article is None:
            return None
        return self.text[selected[0] : selected[1]], "\n"

    def selection_updated(self, selection: Selection | None) -> None:
        self.refresh()

    # Hits, paragraphs and scrolling.

    def current_paragraph(self) -> str | None:
        """The paragraph to copy: the one holding the current hit, else the first one in view."""
        if self.article is None:
            return None
        if 0 <= self.hit_index < len(self.hits):
            offset = self.hits[self.hit_index][0]
            for paragraph in self._paragraphs:
                if paragraph.start <= offset <= paragraph.end:
                    return paragraph.text
        top = self._first_offset_in_view()
        if top is None:
            return None
        for paragraph in self._paragraphs:
            if paragraph.start <= top <= paragraph.end and paragraph.text.strip():
                return paragraph.text
        return None

    def action_copy(self) -> None:
        """Copy the paragraph of the current hit, else the first one in view."""
        copy_text(self, self.current_paragraph())

    def action_copy_article(self) -> None:
        """Copy the whole text of the open article (original characters, logical order)."""
        copy_text(self, self.text if self.article is not None else None)

    def set_hits(self, hits: list[tuple[int, int]]) -> None:
        """Highlight these instead (what find found); the first at or after the top of the view is current."""
        self.hits = sorted(hits)
        top = self._first_offset_in_view() or 0
        self.hit_index = next((i for i, (start, _) in enumerate(self.hits) if start >= top), 0) if self.hits else -1
        if self.hits:
            self.scroll_to_offset(self.hits[self.hit_index][0])
        self.post_message(self.HitChanged(self.hit_index, len(self.hits)))
        self.refresh()

    def step_hit(self, delta: int) -> bool:
        """Move to the next (1) or previous (-1) hit, wrapping around; False when there are none."""
        if not self.hits:
            return False
        self._opened_at = None
        self.hit_index = (self.hit_index + delta) % len(self.hits)
        self.scroll_to_offset(self.hits[self.hit_index][0])
        self.post_message(self.HitChanged(self.hit_index, len(self.hits)))
        self.refresh()
        return True

    def action_scroll_lines(self, delta: int) -> None:
        self._opened_at = None
        self.scroll_to(y=self.scroll_offset.y + delta, animate=False)

    def action_page(self, direction: int) -> None:
        self._opened_at = None
        self.scroll_to(y=self.scroll_offset.y + direction * max(1, self.size.height - 2), animate=False)

    def action_top(self) -> None:
        self._opened_at = None
        self.scroll_to(y=0, animate=False)

    def action_bottom(self) -> None:
        self._opened_at = None
        self.virtual_size = Size(self._rows_width, len(self._rows))  # as far as it is laid out
        self.scroll_to(y=max(0, len(self._rows) - self.size.height), animate=False)


class FindBox(SafeInput):
    """The box under the reader that finds text in its article (f): enter highlights every
    place it stands, n/N go through them; the box closes and the reader has the keys again."""

    def __init__(self, reader: Reader, *, placeholder: str = "", id: str | None = None) -> None:
        super().__init__(placeholder=placeholder, id=id)
        self.reader = reader

    @on(Input.Submitted)
    def _find(self, event: Input.Submitted) -> None:
        event.stop()
        needle = event.value.strip()
        found = find_in_text(self.reader.text, needle) if needle else []
        self.display = False
        self.reader.focus()
        self.reader.set_hits(found)
        if needle and not found:
            self.notify(f"Not in this article: {visible(needle, bidi='strip')}", timeout=3)
