"""Search results: a title line and a shaped snippet line per result, hits highlighted."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.style import Style
from textual.strip import Strip

from tui.display.safety import visible
from tui.display import DisplayOptions, is_rtl_text
from tui.app.widgets.cursor_list import CursorList
from tui.app.widgets.lines import first_line, text_strip, visual_strip

if TYPE_CHECKING:
    from corpus.search.ranking import SearchResult

__all__ = ["ResultList"]


class ResultList(CursorList):
    """Ranked results; enter opens the article at its first hit."""

    LINES_PER_ITEM = 2

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.results: list[SearchResult] = []
        self.options = DisplayOptions()
        self._cache: dict[tuple[int, int, int, bool], Strip] = {}
        self.empty_message = "Type to search the whole corpus."

    def set_results(self, results: list[SearchResult], empty_message: str) -> None:
        self.results = results
        self.empty_message = empty_message
        self._cache.clear()
        self.set_item_count(len(results))

    def set_options(self, options: DisplayOptions) -> None:
        self.options = options
        self._cache.clear()
        self.refresh()

    @property
    def current(self) -> SearchResult | None:
        return self.results[self.cursor] if self.results else None

    def render_item_line(self, index: int, line: int, width: int, selected: bool) -> Strip:
        key = (index, line, width, selected)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        result = self.results[index]
        base = self.rich_style + (self.style_of("cursor") if selected else Style())
        if line == 0:
            rank = f" {index + 1:>3}. "
            title = visible(result.article.title, bidi="strip")
            shown = first_line(title, max(10, width - len(rank)), self.options, is_rtl_text(title))
            strip = Strip.join([text_strip(rank, len(rank), base + self.style_of("dim")), visual_strip(shown, width - len(rank), base)])
        else:
            strip = self._snippet_line(result, width, base)
        strip = strip.crop_extend(0, width, base)
        self._cache[key] = strip
        return strip

    def _snippet_line(self, result: SearchResult, width: int, base: Style) -> Strip:
        if not result.snippets:
            return Strip.blank(width, base)
        snippet = result.snippets[0]
        text = visible(snippet.text.replace("\n", " "), bidi="strip")
        hits = [(s - snippet.start, e - snippet.start, self.style_of("hit")) for s, e in snippet.hits]
        indent = 6
        shown = first_line(text, max(10, width - indent), self.options, is_rtl_text(text))
        dim = base + self.style_of("dim")
        return Strip.join([Strip.blank(indent, base), visual_strip(shown, width - indent, dim, hits)])
