"""One entity in detail: every mention across the corpus in context, who occurs with it, and when."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, overload

from rich.style import Style
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import Static

from corpus import ArticleUnreadable, Doc
from corpus.entities import CONFIDENT, Mention
from corpus.search import context_window
from tui.app.exporting import export_path, write_export
from tui.app.panes.entities import TYPE_NAMES, mark_strip
from tui.app.widgets.cursor_list import CursorList
from tui.app.widgets.lines import first_line, text_strip, visual_strip
from tui.display import (
    ARTICLES,
    MENTIONS,
    DisplayOptions,
    arabic_count,
    is_rtl_text,
    render_text,
    timeline_chart,
    visible,
)

if TYPE_CHECKING:
    import numpy as np

    from corpus import Archive
    from corpus.entities import Entity

__all__ = ["EntityScreen", "MentionList"]

CONTEXT = 60
"""Characters of text shown on each side of a mention (cut at a space)."""
CONTEXT_BATCH = 200
"""Mention contexts read per message: the first screens come at once, the rest follow."""


KEY_HINTS = " j/k ↑↓ move · enter opens the article at this mention · x export · esc back"
"""The entity detail's keys, said at its foot."""

Context = tuple[str, int]
"""A window of an article's text around a mention, and the window's offset in the text."""


class MentionList(CursorList):
    """Each mention: the article's date and title (after UNSURE_MARK when the tagger was unsure
    of this mention), then a line of shaped context with the mention highlighted.

    Contexts are read from the articles by a worker, never while a row is drawn; a row whose
    context has not arrived yet shows its title only.
    """

    LINES_PER_ITEM = 2

    class ContextsRead(Message):
        """Contexts of mentions [start, start + len(contexts))."""

        def __init__(self, start: int, contexts: list[Context]) -> None:
            super().__init__()
            self.start = start
            self.contexts = contexts

    def __init__(
        self,
        archive: Archive,
        mentions: Sequence[tuple[Doc, Mention]],
        options: DisplayOptions,
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.archive = archive
        self.mentions = mentions
        self.options = options
        self.contexts: list[Context | None] = [None] * len(mentions)
        self.empty_message = "No mentions."

    def on_mount(self) -> None:
        self.set_item_count(len(self.mentions))
        self._read_contexts()

    @work(thread=True, exclusive=True, group="mention-contexts")
    def _read_contexts(self) -> None:
        for start in range(0, len(self.mentions), CONTEXT_BATCH):
            batch: list[Context] = []
            for doc, mention in self.mentions[start : start + CONTEXT_BATCH]:
                try:
                    text = self.archive.read_text(doc)
                except ArticleUnreadable as error:
                    batch.append((str(error), -1))
                    continue
                first, last = context_window(text, mention.start, mention.end, CONTEXT, CONTEXT)
                batch.append((text[first:last], first))
            self.post_message(self.ContextsRead(start, batch))

    def on_mention_list_contexts_read(self, message: MentionList.ContextsRead) -> None:
        message.stop()
        self.contexts[message.start : message.start + len(message.contexts)] = message.contexts
        self.refresh()

    def render_item_line(self, index: int, line: int, width: int, selected: bool) -> Strip:
        doc, mention = self.mentions[index]
        base = self.rich_style + (self.style_of("cursor") if selected else Style())
        if line == 0:  # the unsure mark, the article's date, its title
            article = self.archive.article(doc)
            title = visible(article.title, bidi="strip")
            date = visible(article.date, bidi="strip")[:10]
            dated = len(date) + 1 if date and width > 40 else 0
            shown = first_line(title, width - 2 - dated, self.options, is_rtl_text(title))
            dim = base + self.style_of("dim")
            return Strip.join(
                [
                    mark_strip(not mention.confident, base),
                    Strip.blank(1, base),
                    text_strip(date, dated, base) if dated else Strip.blank(0, base),
                    visual_strip(shown, width - 2 - dated, dim),
                ]
            ).crop_extend(0, width, base)
        context = self.contexts[index]
        if context is None:
            return Strip.blank(width, base)
        text, offset = context
        hit = [(mention.start - offset, mention.end - offset, self.style_of("hit"))] if offset >= 0 else []
        shown_text = visible(text, bidi="strip")
        shown = first_line(shown_text, width - 4, self.options, is_rtl_text(shown_text))
        return Strip.join([Strip.blank(4, base), visual_strip(shown, width - 4, base, hit)]).crop_extend(0, width, base)


class EntityScreen(Screen["int | None"]):
    """Detail of one entity; enter on a mention opens its article there (the screen returns the
    mention's number, so esc in the reader can come back to it), esc goes back."""

    BINDINGS = [
        Binding("escape,q", "dismiss(None)", "Back", priority=True),
        Binding("x", "export", "Export the mentions"),
    ]
    DEFAULT_CSS = """
    EntityScreen { layout: vertical; }
    EntityScreen #entity-head { height: auto; max-height: 8; padding: 0 1; background: $panel; }
    EntityScreen MentionList { height: 1fr; }
    EntityScreen #entity-keys { height: 1; background: $panel; color: $text-muted; }
    """

    def __init__(self, archive: Archive, entity: Entity, options: DisplayOptions, cursor: int | None = None) -> None:
        super().__init__()
        self.start_at = cursor
        """The entity's number of the mention under the cursor when the screen opens (the one read
        last, coming back), or None: the newest."""
        self.archive = archive
        self.entity = entity
        self.order = newest_first(archive, entity.mentions)
        """The entity's mention numbers in the order shown: newest article first."""
        self.mentions: Sequence[tuple[Doc, Mention]] = _Reordered(entity.mentions, self.order)
        self.options = options
        index = archive.entities
        self.together = index.cooccurring(entity) if index is not None else []
        self.months = index.timeline(entity) if index is not None else []
        self.note = (
            "" if index is not None else "Only this article: entities of the whole corpus are still being tagged."
        )

    def compose(self) -> ComposeResult:
        entity = self.entity
        name = visible(entity.name, bidi="strip")
        variants = "، ".join(f"{visible(v, bidi='strip')} ({n})" for v, n in entity.variant_counts[:8])
        together = "، ".join(f"{visible(e.name, bidi='strip')} ({n})" for e, n in self.together[:6]) or "—"
        label = TYPE_NAMES.get(entity.type, entity.type)
        counted_articles = arabic_count(len(entity.articles), ARTICLES)
        latin = " / ".join(visible(spelling, bidi="strip") for spelling in entity.latin)
        latin_label = "بالحروف اللاتينية" + (" تقريبًا" if entity.latin_by_rule else "")
        chart_width = max(8, min(40, self.app.size.width - CHART_ROOM))
        head = [
            (f"{name} — {label}: {arabic_count(len(entity.mentions), MENTIONS)} في {counted_articles}", True),
            # second, so that 80x24 shows it; the chart first, so that the line runs left to right
            # (oldest month first, as the search's timeline): after an Arabic label the whole
            # line ran right to left, its dates turned round (10-2018)
            (f"{timeline_chart(self.months, width=chart_width)} :عبر الزمن", False),
            (f"يُكتب: {variants}" + (f" · {latin_label}: {latin}" if latin else ""), True),
            (f"يظهر مع: {together}", True),
            (confidence_line(entity), True),
        ]
        if self.note:
            head.append((self.note, False))
        with Vertical():
            yield _ShapedBlock(head, self.options, id="entity-head")
            yield MentionList(self.archive, self.mentions, self.options, id="mentions")
            yield Static(KEY_HINTS, id="entity-keys", markup=False)

    def on_mount(self) -> None:
        mentions = self.query_one(MentionList)
        mentions.focus()
        if self.start_at is not None and 0 <= self.start_at < len(self.order):
            mentions.cursor = int((self.order == self.start_at).nonzero()[0][0])

    @on(CursorList.Selected, "#mentions")
    def _open(self, event: CursorList.Selected) -> None:
        self.dismiss(int(self.order[event.index]))  # the entity's own number of the mention

    def action_export(self, folder: str | None = None) -> str:
        """Every mention of the entity, in article order, as CSV into `folder` (default: the
        current directory), as `akhbar export --entity` writes them; returns the file's path."""
        path = export_path(self.app, folder, self.archive)
        if path:
            self._export(path)
        return path

    @work(thread=True, group="export")
    def _export(self, path: str) -> None:
        from corpus import MENTION_FIELDS, mention_rows

        def said(written: int) -> str:  # the name is on the screen, shaped; a toast would show it unshaped
            return f"Exported {written:,} mentions"

        write_export(self.app, self.archive, mention_rows(self.archive, [self.entity]), MENTION_FIELDS, path, said)


def newest_first(archive: Archive, mentions: Sequence[tuple[Doc, Mention]]) -> np.ndarray:
    """The mentions' numbers, newest article first (undated ones last, article order within a day)."""
    import numpy as np  # not before the first paint (tests/unit/test_import_hygiene.py)

    packed = getattr(mentions, "docs", None)
    docs = np.asarray(packed() if packed is not None else [doc for doc, _ in mentions], dtype=np.int64)
    days = archive.index.article_days()[docs] if len(docs) else np.zeros(0, dtype=np.int32)
    return np.lexsort((np.arange(len(docs)), -days.astype(np.int64)))


class _Reordered(Sequence[tuple[Doc, Mention]]):
    """A sequence of mentions shown in another order (`order[i]` is the i-th shown)."""

    def __init__(self, mentions: Sequence[tuple[Doc, Mention]], order: np.ndarray) -> None:
        self._mentions, self._order = mentions, order

    def __len__(self) -> int:
        return len(self._order)

    @overload
    def __getitem__(self, index: int) -> tuple[Doc, Mention]: ...
    @overload
    def __getitem__(self, index: slice) -> list[tuple[Doc, Mention]]: ...
    def __getitem__(self, index: int | slice) -> tuple[Doc, Mention] | list[tuple[Doc, Mention]]:
        if isinstance(index, slice):
            return [self._mentions[int(i)] for i in self._order[index]]
        return self._mentions[int(self._order[index])]


CHART_ROOM = 66
"""Columns of the timeline line that are not bars: its dates, its note and its label (at 80
columns the line fits on one)."""


def confidence_line(entity: Entity) -> str:
    """How many of the entity's mentions the tagger was sure of, and the threshold, in Arabic:
    one line at 80 columns."""
    sure, total = entity.confident_count, len(entity.mentions)
    mark = " ؟ راجِعه" if entity.unsure else ""
    share = f"≥{round(CONFIDENT * 100)}٪"
    return f"ثقة المُعلِّم: {sure:,} من {arabic_count(total, MENTIONS)} {share}{mark} (? قبل إشارة: غير متأكد)"


class _ShapedBlock(Static):
    """A few lines of mixed Arabic and Latin text, each (text, is right-to-left) shown through the display engine."""

    def __init__(self, lines: list[tuple[str, bool]], options: DisplayOptions, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.block_lines = lines
        self.options = options

    def render_lines_for(self, width: int) -> list[str]:
        out: list[str] = []
        for line, rtl in self.block_lines:
            out.extend(render_text(line, width, self.options, rtl=rtl or None))
        return out

    def on_resize(self) -> None:
        self.update("\n".join(self.render_lines_for(max(10, self.size.width))))

    def on_mount(self) -> None:
        self.update("\n".join(self.render_lines_for(max(10, self.app.size.width - 2))))
