"""Messages that cross the app: from background workers to the widgets that own the state."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from corpus.entities.grouping import Entity
    from corpus.entities.index import EntityIndex
    from corpus.search.index import CorpusIndex
    from corpus.models import LoadProblem
    from corpus.search.ranking import SearchResult


@dataclass
class LoadProgress(Message):
    """Files read or articles indexed so far, for the progress indicator."""

    stage: str
    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, LoadProgress) and message.stage == self.stage


@dataclass
class CorpusReady(Message):
    """The corpus is loaded and indexed; search can start."""

    index: CorpusIndex
    problems: list[LoadProblem]
    seconds: float


@dataclass
class CorpusFailed(Message):
    """Nothing could be loaded."""

    reason: str
    problems: list[LoadProblem]


@dataclass
class SearchFinished(Message):
    """Results for one query; stale ones (for an older query) are dropped by the receiver."""

    query: str
    results: list[SearchResult]
    seconds: float


@dataclass
class ArticleEntities(Message):
    """The entities of one article, with how often it names each."""

    doc: int
    items: list[tuple[Entity, int]]


@dataclass
class EntitiesReady(Message):
    """Every article is tagged; `tagged` of them anew (the rest came from the cache)."""

    index: EntityIndex
    tagged: int
    seconds: float
