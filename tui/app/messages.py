"""Messages from the app's background work to the screen that shows it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from corpus import Archive, LoadProblem, Refreshed

__all__ = [
    "LoadProgress",
    "ArchiveReady",
    "ArchiveFailed",
    "ArchiveChanged",
    "EntitiesReady",
    "EntitiesFailed",
    "StoriesReady",
    "StoriesFailed",
]


@dataclass
class LoadProgress(Message):
    """Background work goes on: `task` ("archive" or "entities"), the phase it is in ("saving
    the index"), and its count so far (total 0: not known; -1: this phase counts nothing)."""

    task: str
    phase: str
    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, LoadProgress) and (message.task, message.phase) == (self.task, self.phase)


@dataclass
class ArchiveReady(Message):
    """The archive is loaded and indexed; search can start."""

    archive: Archive


@dataclass
class ArchiveChanged(Message):
    """Files of the corpus changed: `refreshed` holds the index brought up to date (None when a
    reload by hand found nothing new, or when bringing it up to date failed: then `failure`
    says why); `method` says how the change was seen."""

    refreshed: Refreshed | None
    method: str
    failure: Exception | None = None


@dataclass
class ArchiveFailed(Message):
    """Nothing could be loaded."""

    reason: str
    problems: list[LoadProblem]


@dataclass
class EntitiesReady(Message):
    """Every article is tagged; `tagged` of them anew (the rest came from the cache)."""

    tagged: int
    seconds: float


@dataclass
class EntitiesFailed(Message):
    """The corpus-wide entity index could not be built."""

    reason: str


@dataclass
class StoriesReady(Message):
    """The archive's stories are grouped (or read from the saved index)."""

    seconds: float


@dataclass
class StoriesFailed(Message):
    """The stories could not be grouped."""

    reason: str
