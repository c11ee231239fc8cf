"""The article list: title, date, source and length of every article, filterable and sortable."""

from __future__ import annotations

from rich.cells import cell_len
from rich.style import Style
from textual.strip import Strip

from corpus.text.headline import sortable_date
from corpus.models import Article, word_count
from corpus.text.normalize import normalize
from tui.display.safety import visible
from tui.display import DisplayOptions, is_rtl_text
from tui.app.widgets.cursor_list import CursorList
from tui.app.widgets.lines import first_line, text_strip, visual_strip

__all__ = ["ArticleList", "SORT_ORDERS"]

SORT_ORDERS = ("corpus", "date", "title")
"""The orders `s` cycles through: as loaded, newest first, by title."""


class ArticleList(CursorList):
    """Every article of the corpus, one line each; only visible rows are drawn, so 69k rows scroll freely."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.articles: list[Article] = []
        self.view: list[int] = []
        self.options = DisplayOptions()
        self.sort_order = "corpus"
        self.filter_text = ""
        self._titles: list[str] = []
        self._row_cache: dict[tuple[int, int, bool], Strip] = {}
        self.empty_message = "Loading articles…"

    def set_articles(self, articles: list[Article]) -> None:
        """Show a new corpus (called once the index is ready)."""
        self.articles = articles
        self._titles = [normalize(f"{a.title} {a.id} {a.source_name}") for a in articles]
        self.empty_message = "No article matches the filter."
        self._rebuild()

    def set_options(self, options: DisplayOptions) -> None:
        self.options = options
        self._row_cache.clear()
        self.refresh()

    def set_filter(self, text: str) -> None:
        """Keep the articles whose title, id or source holds `text` (normalized, so spelling folds)."""
        self.filter_text = text
        self._rebuild()

    def cycle_sort(self) -> str:
        self.sort_order = SORT_ORDERS[(SORT_ORDERS.index(self.sort_order) + 1) % len(SORT_ORDERS)]
        current = self.current_doc
        self._rebuild()
        if current is not None and current in self.view:
            self.cursor = self.view.index(current)
        return self.sort_order

    @property
    def current_doc(self) -> int | None:
        return self.view[self.cursor] if self.view else None

    def _rebuild(self) -> None:
        wanted = normalize(self.filter_text.strip())
        view = [i for i, t in enumerate(self._titles) if wanted in t] if wanted else list(range(len(self.articles)))
        if self.sort_order == "date":
            dates = {i: sortable_date(self.articles[i].date) for i in view}
            view.sort(key=lambda i: dates[i], reverse=True)
        elif self.sort_order == "title":
            view.sort(key=lambda i: self._titles[i])
        self.view = view
        self._row_cache.clear()
        self.set_item_count(len(view))

    def render_item_line(self, index: int, line: int, width: int, selected: bool) -> Strip:
        doc = self.view[index]
        key = (doc, width, selected)
        cached = self._row_cache.get(key)
        if cached is not None:
            return cached
        article = self.articles[doc]
        base = self.rich_style + (self.style_of("cursor") if selected else Style())
        meta = _meta(article, with_source=width >= 90)
        title_width = max(10, width - cell_len(meta))
        title = first_line(visible(article.title, bidi="strip"), title_width, self.options, is_rtl_text(article.title))
        strip = Strip.join(
            [text_strip(meta, cell_len(meta), base + self.style_of("dim")), visual_strip(title, title_width, base)]
        ).crop_extend(0, width, base)
        if len(self._row_cache) > 4096:
            self._row_cache.clear()
        self._row_cache[key] = strip
        return strip


def _meta(article: Article, *, with_source: bool) -> str:
    """Date, length and (when there is room) source, left of the title."""
    words, exact = word_count(article.text)
    date = sortable_date(article.date) or " " * 10
    source = f"{visible(article.source_name, bidi='strip')[:12]:<12} " if with_source else ""
    return f" {date} {_count_label(words, exact):>6}w {source}"


def _count_label(words: int, exact: bool) -> str:
    """At most six cells: exact counts below 100,000 in full, then 250k, 5.0M; ~ marks an estimate (huge texts)."""
    if words < 100_000 and exact:
        label = f"{words:,}"
    elif words < 1_000_000:
        label = f"{words // 1000}k"
    else:
        label = f"{words / 1_000_000:.1f}M"
    return label if exact else f"~{label}"
