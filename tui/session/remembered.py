"""What is remembered of one archive's corpus (its file: tui.session.saved_file), by article key:
read marks and bookmarks for the article list, the saved searches' counts, and saving."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from corpus import data_dir
from tui.session.saved_file import Memory, memory_file

if TYPE_CHECKING:
    from collections.abc import Iterator

    from corpus import Archive, Doc
    from corpus.search import Stop

__all__ = ["Remembered"]

BOOKMARK, UNREAD, READ = "★", "•", " "


class Remembered:
    """The memory of one archive's corpus, and where it is kept."""

    def __init__(self, archive: Archive, folder: Path | None = None) -> None:
        self.archive = archive
        self.path = memory_file(folder or data_dir(), archive.paths)
        self.memory = Memory.load(self.path)
        self._read = set(self.memory.read)
        self._bookmarks = set(self.memory.bookmarks)

    def mark(self, doc: Doc) -> str:
        """The mark before an article's row: ★ bookmarked, • not read yet, else blank."""
        article_id = self.archive.ids[doc]
        if article_id in self._bookmarks:
            return BOOKMARK
        return READ if article_id in self._read else UNREAD

    def opened(self, doc: Doc) -> None:
        article_id = self.archive.ids[doc]
        self.memory.mark_read(article_id)
        self._read.add(article_id)

    def toggle_bookmark(self, doc: Doc) -> bool:
        """Bookmark the article or remove its bookmark (the caller saves); True when bookmarked now."""
        on = self.memory.toggle_bookmark(self.archive.ids[doc])
        self._bookmarks = set(self.memory.bookmarks)
        return on

    def bookmarked_docs(self) -> set[Doc]:
        """The bookmarked articles that are in the archive now."""
        return {doc for doc, article_id in enumerate(self.archive.ids) if article_id in self._bookmarks}

    def saved_search_counts(self, stop: Stop | None = None) -> Iterator[tuple[str, int, int]]:
        """Each saved search, as it is counted: (query, articles matching it, of them those that
        arrived since it was last looked at). The articles' file times are read once for all of
        them. Slow on a large corpus: run it in a worker, whose cancelling `stop` tells (the
        counting then raises corpus.search.SearchStopped)."""
        searches = list(self.memory.searches)
        if not searches:
            return
        arrivals = self.archive.arrival_times()
        for search in searches:
            docs = self.archive.matching(search.query, stop=stop)  # as searched when saved (saved_form)
            yield search.query, len(docs), int((arrivals[docs] > search.checked_ns).sum())

    def save(self) -> str:
        """Write the memory (merged with what another session wrote); why it failed, naming
        the file, or empty. What failed to be written stays in memory for the next save."""
        return self.memory.save(self.path)
