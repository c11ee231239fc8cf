"""The articles pane: a filter box over the list of every article (date, length, source, title)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.style import Style
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.cache import LRUCache
from textual.containers import Vertical
from textual.message import Message
from textual.strip import Strip
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from corpus import Article, Doc, counted
from corpus.text import sortable_date
from tui.app.exporting import export_path, write_export
from tui.app.keys import COPY, bindings
from tui.app.widgets.clipboard import copy_text
from tui.app.widgets.cursor_list import CursorList
from tui.app.widgets.lines import count_label, first_line, text_strip, visual_strip
from tui.app.widgets.safe_input import SafeInput
from tui.display import DisplayOptions, is_rtl_text, visible

if TYPE_CHECKING:
    from corpus import Archive, StoryIndex
    from corpus.search import ArticleListing

__all__ = ["ArticleList", "ArticlesPane", "SORT_ORDERS"]

SORT_ORDERS = ("corpus", "date", "newest file", "title")
"""The orders `s` cycles through: as loaded, by date (newest first), by when the article's file
last changed (newest first: what just arrived in a followed archive), by title (the names
corpus.search.ArticleListing.ordered takes)."""
ORDER_NAMES = {
    "corpus": "archive order",
    "date": "date, newest first",
    "newest file": "newest file first",
    "title": "title",
}
ROW_CACHE = 4096


class ArticleList(CursorList):
    """Every article of the corpus, one line each; only visible rows are drawn, so 69k rows scroll
    freely, and drawing a row reads no file (lengths come from the index).

    Which articles show, and in what order, is worked out by the archive's listing over its
    columns in a worker (the first filter of a session makes the normalized titles, seconds on
    69k articles): keys typed meanwhile go on landing, and a view for an older filter is dropped.
    """

    BINDINGS = bindings([COPY])

    @dataclass(frozen=True)
    class Request:
        """What the list is asked to show: the filter, the order and the bookmarks view."""

        filter_text: str
        order: str
        only: frozenset[Doc] | None
        articles: int = 0
        """Which archive the view is of (ArticleList.set_articles counts them): a view a worker
        made of the keys before a change is never shown after it."""

        @property
        def everything(self) -> bool:
            """Every article in archive order: nothing to work out."""
            return not self.filter_text.strip() and self.order == "corpus" and self.only is None

    class ViewMade(Message):
        """The articles a request shows, in order; `keep`: the article the cursor stays on."""

        def __init__(self, request: ArticleList.Request, docs: Sequence[Doc], keep: Doc | None) -> None:
            super().__init__()
            self.request = request
            self.docs = docs
            self.keep = keep

    class StateChanged(Message):
        """The list's filter, order or bookmarks view changed, or its view arrived."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.articles: Sequence[Article] = []
        self.listing: ArticleListing | None = None
        self.view: Sequence[Doc] = range(0)
        self.options = DisplayOptions()
        self.order = "corpus"
        self.filter_text = ""
        self._words: Callable[[Doc], int] = lambda doc: 0
        self.mark: Callable[[Doc], str] = lambda doc: " "
        """One character before each row: ★ bookmarked, • not read yet (set by the screen)."""
        self.only: set[Doc] | None = None
        """Show only these articles (the bookmarks view), or every one."""
        self.kept_aside = 0
        """How many bookmarks mark no article now (their files gone), for the empty bookmarks view."""
        self.pending: ArticleList.Request | None = None
        """The request being worked out, while the view shown is an older one's."""
        self._rows: LRUCache[tuple[Doc, int, bool], Strip] = LRUCache(ROW_CACHE)
        self.empty_message = "Loading articles…"
        self.stories: StoryIndex | None = None
        """Once grouped: each row says how many other outlets carried its story."""
        self._archives = 0
        """How many archives (a start, then each change) the list has been given."""

    def set_stories(self, stories: StoryIndex | None) -> None:
        self.stories = stories
        self._rows.clear()
        self.refresh()

    def set_articles(
        self,
        articles: Sequence[Article],
        word_count: Callable[[Doc], int],
        listing: ArticleListing,
        keep: Doc | None = None,
        moved: Callable[[Doc | None], Doc | None] | None = None,
    ) -> None:
        """Show a corpus; `word_count` gives an article's stored length, `listing` filters and
        orders its articles. `keep`: the article the cursor stays on, if it is still shown.
        `moved`: what an article's old key became (None: gone), for a corpus brought up to
        date: a filtered, sorted or bookmarks-only view is shown by the new keys while it is
        made again (its old keys would draw other articles, or none: past the end)."""
        if moved is not None and not self._request().everything:
            import numpy as np

            from corpus.search import DocNumbers

            kept = (new for new in map(moved, self.view) if new is not None)
            self.view = DocNumbers(np.fromiter(kept, dtype=np.int64))
            self.set_item_count(len(self.view))
        self._rows.clear()
        self._archives += 1
        self.articles = articles
        self._words = word_count
        self.listing = listing
        self._rebuild(keep)

    def set_options(self, options: DisplayOptions) -> None:
        self.options = options
        self._rows.clear()
        self.refresh()

    def set_filter(self, text: str) -> None:
        """Keep the articles whose title, id or source holds `text` (normalized, so spelling
        folds) and that pass its after:, before: and source: filters."""
        self.filter_text = text
        self._rebuild(self.current_doc)

    def cycle_order(self) -> str:
        """Sort by the next order; the article under the cursor stays under it."""
        self.order = SORT_ORDERS[(SORT_ORDERS.index(self.order) + 1) % len(SORT_ORDERS)]
        self._rebuild(self.current_doc)
        return self.order

    @property
    def current_doc(self) -> Doc | None:
        return self.view[self.cursor] if self.view else None

    def copy_text(self) -> str | None:
        """The title of the article under the cursor."""
        doc = self.current_doc
        return self.articles[doc].title if doc is not None else None

    def action_copy(self) -> None:
        copy_text(self, self.copy_text())

    def refresh_marks(self) -> None:
        """Draw the marks again (an article was read or bookmarked)."""
        self._rows.clear()
        self.refresh()

    def show_only(self, docs: set[Doc] | None, kept_aside: int = 0) -> None:
        """Show only `docs` (None: every article); the cursor stays on its article when it can.
        `kept_aside`: the bookmarks whose articles are gone, which the empty view names."""
        self.only = docs
        self.kept_aside = kept_aside
        self._rebuild(self.current_doc)

    def _request(self) -> ArticleList.Request:
        only = frozenset(self.only) if self.only is not None else None
        return self.Request(self.filter_text, self.order, only, self._archives)

    def _rebuild(self, keep: Doc | None = None) -> None:
        """Ask for the view of the current filter, order and bookmarks: every article at once,
        anything else from a worker."""
        request = self._request()
        listing = self.listing
        if listing is None:
            return
        if request.everything:
            self.pending = None
            self._show(range(len(listing)), keep)
            return
        self.pending = request
        self.post_message(self.StateChanged())
        self._make_view(listing, request, keep)

    @work(thread=True, exclusive=True, group="article-list")
    def _make_view(self, listing: ArticleListing, request: ArticleList.Request, keep: Doc | None) -> None:
        worker = get_current_worker()
        if worker.is_cancelled:
            return  # a newer request came before this one started
        from corpus.search import DocNumbers

        docs = DocNumbers(listing.view(request.filter_text, request.order, request.only))
        if not worker.is_cancelled:
            self.post_message(self.ViewMade(request, docs, keep))

    def on_article_list_view_made(self, message: ArticleList.ViewMade) -> None:
        message.stop()
        if message.request != self.pending:
            return  # made for an older filter or order
        self.pending = None
        self._show(message.docs, message.keep)

    def _show(self, docs: Sequence[Doc], keep: Doc | None) -> None:
        if self.listing is not None:
            bookmarks = self.only is not None and not self.filter_text.strip()
            self.empty_message = self._no_bookmark() if bookmarks else "No article matches the filter."
        self.view = docs
        self._rows.clear()
        self.set_item_count(len(docs))
        if keep is not None:
            with contextlib.suppress(ValueError):
                self.cursor = docs.index(keep)
        self.post_message(self.StateChanged())

    def _no_bookmark(self) -> str:
        """What an empty bookmarks view says: none, and those kept aside while their articles are gone."""
        if not self.kept_aside:
            return "No bookmarked article (B: all)"
        files = "its file is" if self.kept_aside == 1 else "their files are"
        kept = counted(self.kept_aside, "bookmark{s}")
        return f"No bookmarked article here: {kept} kept aside, back when {files} (B: all)"

    def describe(self) -> str:
        """What the list shows when it is not every article in archive order, for its header
        (empty when it is): bookmarked only, the order, how many match the filter."""
        parts = []
        if self.only is not None:
            parts.append("bookmarked only (B: all)")
        if self.order != "corpus":
            parts.append(f"sorted by {ORDER_NAMES[self.order]} (s)")
        if self.pending is not None:
            parts.append("filtering…")
        elif self.filter_text.strip():
            among = f"{len(self.only):,} bookmarked" if self.only is not None else f"{len(self.articles):,}"
            parts.append(f"{len(self.view):,} of {among} match the filter")  # "0 of 69,431": bookmarks lost?
        return " · ".join(parts)

    def render_item_line(self, index: int, line: int, width: int, selected: bool) -> Strip:
        doc = self.view[index]
        key = (doc, width, selected)
        cached = self._rows.get(key)
        if cached is not None:
            return cached
        article = self.articles[doc]
        base = self.rich_style + (self.style_of("cursor") if selected else Style())
        words = self._words(doc) if width >= WITH_LENGTH else None
        meta = self.mark(doc) + _meta(article, words, with_source=width >= WITH_SOURCE) + self._outlets(doc)
        title_width = max(10, width - cell_len(meta))
        title = first_line(visible(article.title, bidi="strip"), title_width, self.options, is_rtl_text(article.title))
        strip = Strip.join(
            [text_strip(meta, cell_len(meta), base + self.style_of("dim")), visual_strip(title, title_width, base)]
        ).crop_extend(0, width, base)
        self._rows.set(key, strip)
        return strip

    def _outlets(self, doc: Doc) -> str:
        """ "+4 " when four other outlets carried the article's story; "" when none did or
        before the stories are grouped (a right-to-left title keeps its right edge either way)."""
        stories = self.stories
        if stories is None or doc >= len(stories.story_of):
            return ""
        others = stories.other_outlets(doc)
        return f"+{others} " if others else ""


WITH_LENGTH = 70
"""A list at least this wide shows each article's length; a narrower one gives it to the title."""
WITH_SOURCE = 90
"""A list at least this wide shows each article's source."""


def _meta(article: Article, words: int | None, *, with_source: bool) -> str:
    """Date, length (when `words` is given) and (when there is room) source, left of the title."""
    date = sortable_date(article.date) or " " * 10
    length = f"{count_label(words):>6}w " if words is not None else ""
    source = f"{visible(article.source_name, bidi='strip')[:12]:<12} " if with_source else ""
    return f" {date} {length}{source}"


class ArticlesPane(Vertical):
    """The filter box (hidden until ctrl+f) above the article list; it owns filtering and sorting."""

    BINDINGS = [Binding("escape", "close_filter", "Close the filter", show=False)]

    def compose(self) -> ComposeResult:
        yield SafeInput(placeholder="Filter titles…", id="filter", select_on_focus=False)
        yield Static(id="list-state", markup=False)
        yield ArticleList(id="articles")

    def on_mount(self) -> None:
        self.filter_box.display = False
        self.state_line.display = False

    @property
    def state_line(self) -> Static:
        """Says, while it is so, that the list is filtered, sorted or bookmarks only."""
        return self.query_one("#list-state", Static)

    def on_article_list_state_changed(self, message: ArticleList.StateChanged) -> None:
        message.stop()
        described = self.list.describe()
        self.state_line.display = bool(described)
        self.state_line.update(f" {described}")

    @property
    def filter_box(self) -> Input:
        return self.query_one("#filter", Input)

    def export_view(self, archive: Archive, folder: str | None = None) -> str:
        """Write the list in view (filtered, sorted or bookmarks only), in its order, as CSV into
        `folder`, in a worker; the file's path, or "" when the list shows every article as the
        corpus orders them (then x exports the search), or when no file can be made there."""
        listed = self.list
        if listed.describe() == "" or not listed.articles:
            return ""
        path = export_path(self.app, folder, archive)
        if path:
            self._export(archive, [listed.articles[doc] for doc in listed.view], listed.describe(), path)
        return path

    @work(thread=True, group="export")
    def _export(self, archive: Archive, articles: list[Article], described: str, path: str) -> None:
        from corpus import ARTICLE_FIELDS, article_rows

        def said(written: int) -> str:
            return f"Exported {counted(written, 'article{s}')} of the list ({described})"

        write_export(self.app, archive, article_rows(articles), ARTICLE_FIELDS, path, said)

    @property
    def list(self) -> ArticleList:
        return self.query_one(ArticleList)

    def open_filter(self) -> None:
        """Show the filter box and type into it."""
        self.filter_box.display = True
        self.filter_box.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Esc is the filter's while its box has the focus, or while a filter is on and the list
        has it (the first esc clears the filter); otherwise it goes on to the screen."""
        if action != "close_filter":
            return True
        return self.filter_box.has_focus or (self.list.has_focus and bool(self.filter_box.value))

    def action_close_filter(self) -> None:
        """Clear the filter, hide its box and go back to the list."""
        self.filter_box.value = ""
        self.filter_box.display = False
        self.list.focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.list.set_filter(event.value)

    @on(Input.Submitted, "#filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.list.focus()
