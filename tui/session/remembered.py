"""What is remembered of one archive's corpus (its file: tui.session.saved_file), by article key:
read marks and bookmarks for the article list, the saved searches' counts, and saving."""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from corpus import ArticleUnreadable, corpus_holding, data_dir
from tui.session.saved_file import LOST, Memory, fingerprint_of, head_of, memory_file, path_of, what_is

if TYPE_CHECKING:
    from collections.abc import Iterator

    from corpus import Archive, Doc
    from corpus.search import Stop

__all__ = ["Remembered"]

BOOKMARK, UNREAD, READ = "★", "•", " "
FINGERPRINT_CHARS = 4096
"""How much of an article's text its fingerprint is taken over: enough to tell apart records
that share a path and a title, never a whole long article read at each start."""


class Remembered:
    """The memory of one archive's corpus, and where it is kept."""

    def __init__(self, archive: Archive, folder: Path | None = None) -> None:
        self.archive = archive
        self.path = memory_file(folder or data_dir(), archive.paths)
        self.refused = corpus_holding(self.path, archive.paths) is not None
        """The data folder is in the corpus (a corpus of the home folder): nothing is written there."""
        self.memory, _ = Memory.load_with_pending(self.path)
        self._printed: dict[Doc, str] = {}
        """Fingerprints of the articles read while the bookmarks are found, by article."""
        self._read = set(self.memory.read)
        self._bookmarks = self._bookmarks_found()

    def what(self, doc: Doc) -> str:
        """What the article is, for a bookmark to find it again (saved_file.what_is)."""
        article = self.archive.articles[doc]
        return what_is(article.path, article.title, self._fingerprint(doc))

    def _head(self, doc: Doc) -> str:
        """The article's path and title (saved_file.head_of), no file read."""
        article = self.archive.articles[doc]
        return what_is(article.path, article.title)

    def _fingerprint(self, doc: Doc) -> str:
        """A CRC-32 of the start of the article's text (FINGERPRINT_CHARS); "" when it cannot be
        read. Read once per article while the bookmarks are found (_printed)."""
        found = self._printed.get(doc)
        if found is None:
            try:
                text = self.archive.read_text(doc)
            except ArticleUnreadable:
                text = ""
            found = self._printed[doc] = (
                f"{zlib.crc32(text[:FINGERPRINT_CHARS].encode('utf-8', 'surrogatepass')):08x}" if text else ""
            )
        return found

    def is_what(self, doc: Doc, what: str) -> bool:
        """Whether the article is what `what` says: the same path, title and text (or, remembered
        before texts were, path and title); the same path and title where no other article of
        the path has that title (its text was edited); or the same path where that file holds
        this article alone (a text whose title line was edited)."""
        path, head, now = path_of(what), head_of(what), self._head(doc)
        if now != head:
            return path_of(now) == path and self.archive.docs_at({path}) == [doc]
        fingerprint = fingerprint_of(what)
        if not fingerprint or self._fingerprint(doc) == fingerprint:
            return True
        return [d for d in self.archive.docs_at({path}) if self._head(d) == head] == [doc]

    def _bookmarks_found(self) -> set[str]:
        """The ids of the bookmarked articles as the archive numbers them now. A bookmark whose
        id names another article now follows its own (kept under its id now), or, when that is
        gone, is kept aside (LOST) until it comes back: it never marks another article. One kept
        before what it named was remembered names what its id names now, and is remembered so."""
        memory = self.memory
        self._printed.clear()  # the archive may have changed: texts are read again
        if not memory.bookmarks:
            return set()
        kept = list(memory.bookmarks)
        wanted: dict[str, str] = {}  # what a bookmark was of -> the id it is kept under
        for article_id, doc in zip(kept, self.archive.docs_of(kept), strict=True):
            what = memory.where.get(article_id, "") or (self.what(doc) if doc is not None else "")
            if not what and article_id.startswith(LOST):
                what = article_id[len(LOST) :]  # set aside by this version, saved by an older one
            if doc is not None and self.is_what(doc, what):
                memory.where[article_id] = self.what(doc)
            elif what:
                wanted.setdefault(what, article_id)
        if wanted:
            self._follow(wanted)
        return self._shown()

    def _shown(self) -> set[str]:
        """The ids of the bookmarks that mark an article (not those set aside)."""
        return {article_id for article_id in self.memory.bookmarks if not article_id.startswith(LOST)}

    def refresh(self) -> None:
        """The archive changed (follow mode): the bookmarks found again, as at the start."""
        self._bookmarks = self._bookmarks_found()

    def _follow(self, wanted: dict[str, str]) -> None:
        """Keep each bookmark of `wanted` (what it was of -> the id it is kept under) under the id
        of the article that is what it was of now, or aside when none is."""
        ids = self.archive.ids
        for what, old in wanted.items():  # all set aside first: one's new id may be another's old
            if not old.startswith(LOST):
                self.memory.rekey_bookmark(old, LOST + what, what)
        for what, doc in self.find(set(wanted)).items():
            self.memory.rekey_bookmark(LOST + what, ids[doc], self.what(doc))

    def find(self, wanted: set[str]) -> dict[str, Doc]:
        """The articles that are what `wanted` says (see `is_what`), by what they were: where
        several of a path share the title and none has the text, none (it is not guessed)."""
        paths = {path_of(what) for what in wanted}
        at: dict[str, list[Doc]] = {}
        for doc in self.archive.docs_at(paths):
            at.setdefault(self.archive.articles[doc].path, []).append(doc)
        found: dict[str, Doc] = {}
        for what in sorted(wanted):
            docs = at.get(path_of(what), [])
            same = [doc for doc in docs if self._head(doc) == head_of(what)]
            fingerprint = fingerprint_of(what)
            if len(same) > 1 and fingerprint:
                same = [doc for doc in same if self._fingerprint(doc) == fingerprint]
            if same or len(docs) == 1:
                found[what] = (same or docs)[0]
        return found

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
        on = self.memory.toggle_bookmark(self.archive.ids[doc], self.what(doc))
        self._bookmarks = self._shown()
        return on

    def bookmarked_docs(self) -> set[Doc]:
        """The bookmarked articles that are in the archive now."""
        return {doc for doc, article_id in enumerate(self.archive.ids) if article_id in self._bookmarks}

    def bookmarks_kept_aside(self, marked: set[Doc]) -> int:
        """How many bookmarks mark no article now (their files gone or changed past knowing), of
        `bookmarked_docs()`'s `marked`: kept, and found again when their articles come back."""
        return max(0, len(self.memory.bookmarks) - len(marked))

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
        the file, or empty. What failed to be written stays in memory for the next save; nothing
        is written into the corpus (`refused`)."""
        if self.refused:
            folder = self.path.parent.parent
            return f"nothing is remembered after this session: the data folder {folder} is in the corpus"
        return self.memory.save(self.path)
