"""The articles pane: a filter box over the list of every article (date, length, source, title)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.cells import cell_len
from rich.style import Style
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.cache import LRUCache
from textual.containers import Vertical
from textual.strip import Strip
from textual.widgets import Input

from corpus import Article, Doc
from corpus.search import parse_query, without_filters
from corpus.text import normalize, sortable_date
from tui.app.keys import COPY, bindings
from tui.app.widgets.clipboard import copy_text
from tui.app.widgets.cursor_list import CursorList
from tui.app.widgets.lines import count_label, first_line, text_strip, visual_strip
from tui.app.widgets.safe_input import SafeInput
from tui.display import DisplayOptions, is_rtl_text, visible

__all__ = ["ArticleList", "ArticlesPane", "SORT_ORDERS"]

SORT_ORDERS = ("corpus", "date", "newest file", "title")
"""The orders `s` cycles through: as loaded, by date (newest first), by when the article's file
last changed (newest first: what just arrived in a followed archive), by title."""
ROW_CACHE = 4096


class ArticleList(CursorList):
    """Every article of the corpus, one line each; only visible rows are drawn, so 69k rows scroll
    freely, and drawing a row reads no file (lengths come from the index)."""

    BINDINGS = bindings([COPY])

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.articles: Sequence[Article] = []
        self.view: list[Doc] = []
        self.options = DisplayOptions()
        self.order = "corpus"
        self.filter_text = ""
        self._words: Callable[[Doc], int] = lambda doc: 0
        self.mark: Callable[[Doc], str] = lambda doc: " "
        """One character before each row: ★ bookmarked, • not read yet (set by the screen)."""
        self.only: set[Doc] | None = None
        """Show only these articles (the bookmarks view), or every one."""
        self._arrival: Sequence[int] = ()
        self._titles: list[str | None] = []
        """What the filter looks in, by article: made the first time a filter or the title
        order needs it (69k of them would otherwise sit in every session's memory)."""
        self._rows: LRUCache[tuple[Doc, int, bool], Strip] = LRUCache(ROW_CACHE)
        self.empty_message = "Loading articles…"

    def set_articles(
        self,
        articles: Sequence[Article],
        word_count: Callable[[Doc], int],
        arrival: Sequence[int] = (),
        new_doc: Sequence[int] | None = None,
    ) -> None:
        """Show a corpus; `word_count` gives an article's stored length, `arrival` each article's
        file time (for the newest-file order). For the corpus brought up to date, `new_doc` maps
        the articles shown so far to their new keys (or -1): what the filter searches is then
        made again only for the articles that are new."""
        titles: list[str | None] = [None] * len(articles)
        for old, new in enumerate(new_doc or ()):
            if new >= 0 and old < len(self._titles):
                titles[new] = self._titles[old]
        self.articles = articles
        self._words = word_count
        self._arrival = arrival
        self._titles = titles
        self.empty_message = "No article matches the filter."
        self._rebuild()

    def set_options(self, options: DisplayOptions) -> None:
        self.options = options
        self._rows.clear()
        self.refresh()

    def set_filter(self, text: str) -> None:
        """Keep the articles whose title, id or source holds `text` (normalized, so spelling folds)."""
        self.filter_text = text
        self._rebuild()

    def cycle_order(self) -> str:
        """Sort by the next order; the article under the cursor stays under it."""
        self.order = SORT_ORDERS[(SORT_ORDERS.index(self.order) + 1) % len(SORT_ORDERS)]
        current = self.current_doc
        self._rebuild()
        if current is not None and current in self.view:
            self.cursor = self.view.index(current)
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

    def show_only(self, docs: set[Doc] | None) -> None:
        """Show only `docs` (None: every article); the cursor stays on its article when it can."""
        current = self.current_doc
        self.only = docs
        self._rebuild()
        if current is not None and current in self.view:
            self.cursor = self.view.index(current)

    def _rebuild(self) -> None:
        query = parse_query(self.filter_text)
        wanted = normalize(without_filters(self.filter_text).strip())
        titles = self._searchable_titles() if wanted or self.order == "title" else []
        view = [i for i, t in enumerate(titles) if wanted in t] if wanted else list(range(len(self.articles)))
        if self.only is not None:
            view = [doc for doc in view if doc in self.only]
        if query.filtered:
            view = [doc for doc in view if query.admits(self.articles[doc].date, self.articles[doc].source_name)]
        if self.order == "date":
            dates = {i: sortable_date(self.articles[i].date) for i in view}
            view.sort(key=lambda i: dates[i], reverse=True)
        elif self.order == "newest file" and len(self._arrival) == len(self.articles):
            arrival = self._arrival
            view.sort(key=lambda i: (int(arrival[i]), i), reverse=True)
        elif self.order == "title":
            view.sort(key=lambda i: titles[i])
        self.view = view
        self._rows.clear()
        self.set_item_count(len(view))

    def _searchable_titles(self) -> list[str]:
        titles = self._titles
        for doc, title in enumerate(titles):
            if title is None:
                titles[doc] = _searchable(self.articles[doc])
        return titles  # type: ignore[return-value]  # every entry is a string now

    def render_item_line(self, index: int, line: int, width: int, selected: bool) -> Strip:
        doc = self.view[index]
        key = (doc, width, selected)
        cached = self._rows.get(key)
        if cached is not None:
            return cached
        article = self.articles[doc]
        base = self.rich_style + (self.style_of("cursor") if selected else Style())
        words = self._words(doc) if width >= WITH_LENGTH else None
        meta = self.mark(doc) + _meta(article, words, with_source=width >= WITH_SOURCE)
        title_width = max(10, width - cell_len(meta))
        title = first_line(visible(article.title, bidi="strip"), title_width, self.options, is_rtl_text(article.title))
        strip = Strip.join(
            [text_strip(meta, cell_len(meta), base + self.style_of("dim")), visual_strip(title, title_width, base)]
        ).crop_extend(0, width, base)
        self._rows.set(key, strip)
        return strip


def _searchable(article: Article) -> str:
    """What the filter looks in: title, id and source, normalized as search normalizes."""
    return normalize(f"{article.title} {article.id} {article.source_name}")


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
        yield ArticleList(id="articles")

    def on_mount(self) -> None:
        self.filter_box.display = False

    @property
    def filter_box(self) -> Input:
        return self.query_one("#filter", Input)

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
