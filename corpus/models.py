"""The records the corpus is made of: articles and the problems met while loading them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Article:
    """One article; `text` is exactly as decoded and every offset in the project points into it."""

    id: str
    path: str
    title: str
    text: str
    metadata: dict[str, str] = field(default_factory=dict)

    @property
    def date(self) -> str:
        """The publication date as written in the metadata, or an empty string."""
        return self.metadata.get("date", "")

    @property
    def source(self) -> str:
        """Where the article comes from: its source, else the site it was first published on."""
        return self.metadata.get("source") or self.metadata.get("url", "")

    def summary(self) -> dict[str, Any]:
        """The article without its text, as `akhbar list --json` prints it."""
        return {"id": self.id, "path": self.path, "title": self.title, "metadata": dict(self.metadata)}


@dataclass(frozen=True, slots=True)
class LoadProblem:
    """A file, or one line of a file, that could not be loaded as it is, and why."""

    path: str
    message: str
    line: int | None = None
    skipped: bool = True
    """True when nothing of this file or line was loaded; False for a warning about what was."""

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


@dataclass(slots=True)
class LoadResult:
    """The articles found under the given paths, and the problems met on the way."""

    articles: list[Article] = field(default_factory=list)
    problems: list[LoadProblem] = field(default_factory=list)
    files_read: int = 0

    @property
    def skipped(self) -> list[LoadProblem]:
        """The problems that cost an article."""
        return [p for p in self.problems if p.skipped]
