"""The state of one reading session, with no screen: the archive, what is remembered of its
corpus, the article open and how it was reached. The main screen draws it and moves the focus;
tests drive it without one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tui.session.remembered import Remembered

if TYPE_CHECKING:
    from corpus import Archive, Article, Doc, LoadProblem, Refreshed
    from corpus.entities import Entity

__all__ = ["Opened", "Restored", "Session"]

Hits = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Opened:
    """An article as the reader shows it: its record, text and word count, and the other articles
    of its story (oldest first; none before the stories are grouped)."""

    doc: Doc
    article: Article
    text: str
    words: int
    also: list[Doc]


@dataclass(frozen=True, slots=True)
class Restored:
    """Where the last session on the corpus was: its query, its open article (None when that
    article is gone) and the place read in it."""

    query: str
    doc: Doc | None
    offset: int
    problem: str
    """Why the remembered state could not all be read (said as a warning), or empty."""


@dataclass(slots=True)
class Session:
    """One session over an archive: set by the app as the archive arrives, changes and fails;
    read by the panes. `memory_folder`: where remembered state is kept (default: the user's
    data directory)."""

    memory_folder: Path | None = None
    archive: Archive | None = None
    problems: list[LoadProblem] = field(default_factory=list)
    remembered: Remembered | None = None
    """What is remembered of the corpus (bookmarks, read marks, history, saved searches)."""
    open_doc: Doc | None = None
    """The article open in the reader."""
    came_from: str = "articles"
    """The pane the open article was reached from: esc in the reader goes back there."""
    mention_return: tuple[Entity, int, Callable[[], None] | None] | None = None
    """The entity and mention the open article was reached from, and where esc in the entity's
    detail goes (None: the article's entities): esc goes back there."""
    query: str = ""
    """The query in the search box, as last typed."""

    def start(self, archive: Archive) -> Restored:
        """The archive is loaded: what is remembered of its corpus is read, and where the last
        session was is given back."""
        self.archive, self.problems = archive, archive.problems
        remembered = self.remembered = Remembered(archive, self.memory_folder)
        memory = remembered.memory
        doc = archive.find(memory.article) if memory.article else None
        if memory.article_where and (doc is None or not remembered.is_what(doc, memory.article_where)):
            doc = remembered.find({memory.article_where}).get(memory.article_where)  # its id names another now
        if doc is not None:
            self.came_from = "search" if memory.query else "articles"
        return Restored(memory.query, doc, memory.offset if doc is not None else 0, memory.problem)

    def failed(self, problems: list[LoadProblem]) -> None:
        """No archive could be loaded; `problems` say why."""
        self.problems = problems

    def refresh(self, refreshed: Refreshed) -> Callable[[Doc | None], Doc | None]:
        """Adopt the index brought up to date; what becomes of an old key (an article read again
        is found by its id; None when it is gone). The open article keeps its place."""
        archive = self.archive
        assert archive is not None
        old_ids = list(archive.ids)
        archive.adopt(refreshed)

        def moved(doc: Doc | None) -> Doc | None:
            if doc is None or not 0 <= doc < len(refreshed.new_doc):
                return None
            new = int(refreshed.new_doc[doc])
            return new if new >= 0 else archive.find(old_ids[doc])

        self.open_doc = moved(self.open_doc)
        self.mention_return = None
        self.problems = archive.problems
        if self.remembered is not None:
            self.remembered.refresh()
        return moved

    def open(self, doc: Doc) -> Opened:
        """Read an article to show it, and mark it read. Raises ArticleUnreadable."""
        archive = self.archive
        assert archive is not None
        self.mention_return = self.open_doc = None
        text = archive.read_text(doc)
        self.open_doc = doc
        if self.remembered is not None:
            self.remembered.opened(doc)
        return Opened(doc, archive.article(doc), text, archive.word_count(doc), self.also_reported(doc))

    def also_reported(self, doc: Doc) -> list[Doc]:
        """The other articles of the article's story, oldest first ([] before the stories are grouped)."""
        stories = self.archive.stories if self.archive is not None else None
        if stories is None or doc >= len(stories.story_of):
            return []
        return stories.others(doc)

    def toggle_bookmark(self, doc: Doc) -> bool:
        """Bookmark the article or remove its bookmark; True when bookmarked now (the caller saves)."""
        assert self.remembered is not None
        return self.remembered.toggle_bookmark(doc)

    def remember_query(self) -> None:
        """The query led to an article: it goes into the search history."""
        if self.remembered is not None:
            self.remembered.memory.remember_query(self.query)

    def remember_now(self, offset: int | None) -> str:
        """Keep the query and the open article at `offset` (the place read) for the next start;
        why it could not be written, or empty."""
        if self.remembered is None or self.archive is None:
            return ""
        memory = self.remembered.memory
        memory.query = self.query
        open_doc = self.open_doc
        memory.article = self.archive.ids[open_doc] if open_doc is not None else ""
        memory.article_where = self.remembered.what(open_doc) if open_doc is not None else ""
        memory.offset = (offset or 0) if open_doc is not None else 0
        return self.remembered.save()

    def save(self) -> str:
        """Write what is remembered now; why it could not be written, or empty."""
        return self.remembered.save() if self.remembered is not None else ""
