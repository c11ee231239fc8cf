"""The records the corpus is made of: articles and the problems met while loading them."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from corpus.errors import AkhbarError
from corpus.safe_files import read_regular_range
from corpus.sized_cache import SizedCache
from corpus.text.dates import article_date
from corpus.text.headline import record_title, title_from_text
from corpus.text.sources import article_source

Progress = Callable[[int, int], None]
"""Called with (done, total) as long work goes on (total 0: not known, as for the records of a
file being read); it may raise to stop that work. One that has a `phase(name)` method is also
told when the work enters a new phase (see report_phase)."""


def report_phase(progress: Progress | None, phase: str) -> None:
    """Tell `progress` that the work has entered `phase` ("saving the index"), if it listens."""
    listener = getattr(progress, "phase", None)
    if listener is not None:
        listener(phase)


__all__ = [
    "Article",
    "ArticleUnreadable",
    "Doc",
    "counted",
    "forget_texts",
    "forget_texts_of",
    "LoadProblem",
    "ProblemCounts",
    "Progress",
    "report_phase",
    "TextSource",
    "tally",
]

Doc = int
"""An article's key everywhere (index, entities, widgets): its position in the archive."""


class ArticleUnreadable(AkhbarError):
    """An article's text could not be read again from its file (gone, changed or unreadable)."""


class TextSource(NamedTuple):
    """Where an article's text can be read again: a whole file, or one line of a JSON Lines file.

    A named tuple: 69k of them are made on every start from a snapshot.
    """

    path: str
    offset: int
    length: int
    field: str = ""
    """For a JSON Lines record, the key holding the text; empty for a plain text file."""

    def read(self) -> tuple[str, str]:
        """The text again, exactly as it was decoded when the corpus was loaded (never written
        to), and the title it gives now (the record's title, or the one read from the text).

        Raises OSError or ValueError when the file cannot be read or no longer holds the text.
        """
        return _read_source(self)


READ_CACHE_CHARS = 16_000_000
"""Characters of texts read again that stay in memory (a few thousand articles, or none of a huge one)."""
_texts: SizedCache[TextSource, tuple[str, str]] = SizedCache(READ_CACHE_CHARS, lambda read: len(read[0]))


def forget_texts() -> None:
    """Forget every text read again (a first build reads every file anew)."""
    _texts.forget(lambda source: True)


def forget_texts_of(paths: set[str]) -> None:
    """Forget the texts read from these files: they changed, and may hold other texts at the
    same offsets."""
    _texts.forget(lambda source: source.path in paths)


def _read_source(source: TextSource) -> tuple[str, str]:
    read = _texts.get(source)
    if read is None:
        read = _read_uncached(source)
        _texts.put(source, read)
    return read


def _read_uncached(source: TextSource) -> tuple[str, str]:
    from corpus.text.decode import decode_bytes, loads_json, without_surrogates

    data = read_regular_range(source.path, source.offset, source.length, follow_links=True)
    if not source.field:
        text = decode_bytes(data).text
        return text, title_from_text(text)
    record, _ = loads_json(data.decode("utf-8"))
    value = record.get(source.field) if isinstance(record, dict) else None
    if not isinstance(value, str):
        raise ValueError("the record there no longer holds the article's text")
    text = without_surrogates(value)[0]
    title = record.get("title")
    return text, record_title(without_surrogates(str(title))[0] if title else "", text)


class Article:
    """One article; `text` is exactly as decoded and every offset in the project points into it.

    In a large corpus the text is not kept in memory once indexed: it is read again from its
    file on demand (a few files at a time, cached), which keeps 69k articles in well under
    the memory their texts would take.
    """

    __slots__ = ("id", "path", "title", "_metadata", "source", "_text", "date", "source_name")

    def __init__(
        self,
        id: str,
        path: str,
        title: str,
        text: str | None,
        metadata: dict[str, str] | str | None = None,
        source: TextSource | None = None,
        *,
        date: str | None = None,
        source_name: str | None = None,
    ) -> None:
        """`date` and `source_name` are worked out from the metadata, text and path unless given
        (as a saved index gives them: see corpus.text.dates and corpus.text.sources).
        `metadata` may be given as its JSON text: it is then read when first asked for (a
        page of search results never asks)."""
        self.id = id
        self.path = path
        self.title = title
        self._metadata: dict[str, str] | str = metadata if metadata is not None else {}
        self.source = source
        self._text = text
        self.date = date if date is not None else article_date(self.metadata.get("date", ""), text or "", path)
        """The publication date, ISO (YYYY-MM-DD), or "" when none can be trusted."""
        self.source_name = source_name if source_name is not None else article_source(self.metadata, path)
        """Where the article comes from (its source, site or the archive's name for it), or ""."""

    @property
    def metadata(self) -> dict[str, str]:
        """The article's metadata (source, date, url… as its file gave them)."""
        if isinstance(self._metadata, str):
            self._metadata = dict(json.loads(self._metadata)) if self._metadata else {}
        return self._metadata

    def read_text(self) -> str:
        """The text: from memory, or read again from its file.

        Raises ArticleUnreadable, with a message naming the file and the reason, when the
        file can no longer be read or no longer holds the article (a text whose title is not
        the indexed one is another article: its title is never shown over it).
        """
        if self._text is not None:
            return self._text
        if self.source is None:
            raise ArticleUnreadable(f"{self.path}: the text was not kept")
        try:
            text, title = self.source.read()
        except OSError as error:
            raise ArticleUnreadable(f"{self.path}: cannot read: {error.strerror or error}") from error
        except (ValueError, UnicodeError) as error:
            raise ArticleUnreadable(f"{self.path}: the file changed since it was indexed ({error})") from error
        if title != self.title:
            raise ArticleUnreadable(f"{self.path}: the file changed since it was indexed (another article is there)")
        return text

    def release_text(self) -> None:
        """Drop the text from memory when it can be read again from its file."""
        if self.source is not None:
            self._text = None

    def __repr__(self) -> str:
        return f"Article(id={self.id!r}, path={self.path!r}, title={self.title!r})"

    def __getstate__(self) -> tuple[object, ...]:
        return (self.id, self.path, self.title, self.metadata, self.source, self._text, self.date, self.source_name)

    def __setstate__(self, state: tuple[object, ...]) -> None:
        (self.id, self.path, self.title, self._metadata, self.source, self._text, self.date, self.source_name) = state  # type: ignore[assignment]

    def shown_metadata(self) -> dict[str, str]:
        """The metadata as shown with the article: its own, with the date and source worked out
        from its text or file name where it gives none (a folder of .txt has no metadata)."""
        shown = dict(self.metadata)
        if self.date and not shown.get("date"):
            shown["date"] = self.date
        if self.source_name and not shown.get("source"):
            shown["source"] = self.source_name
        return shown

    def summary(self) -> dict[str, Any]:
        """The article without its text, as `akhbar list --json` prints it."""
        return {
            "id": self.id,
            "path": self.path,
            "title": self.title,
            "date": self.date,
            "source": self.source_name,
            "metadata": dict(self.metadata),
        }


@dataclass(frozen=True, slots=True)
class LoadProblem:
    """A file, or one line of a file, that could not be loaded as it is, and why."""

    path: str
    message: str
    line: int | None = None
    skipped: bool = True
    """True when nothing of this file or line was loaded; False for a warning about what was."""
    lines: int = 0
    """For the summary of a file's many bad lines: how many lines it stands for (0: one line or file)."""

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class ProblemCounts:
    """What the problems of a load add up to, for a status line."""

    files: int
    """Files of which nothing loaded."""
    lines: int
    """Lines or records skipped inside files that otherwise loaded."""
    warnings: int
    """Problems about what did load (a guessed encoding, replaced characters)."""

    @classmethod
    def of(cls, problems: Sequence[LoadProblem]) -> ProblemCounts:
        files = lines = warnings = 0
        for problem in problems:
            if not problem.skipped:
                warnings += 1
            elif problem.line is None and not problem.lines:
                files += 1
            else:
                lines += problem.lines or 1
        return cls(files, lines, warnings)

    def describe(self) -> str:
        """ "2 files skipped · 1,000,000 lines skipped · 3 warnings", or "" when there is nothing."""
        return tally((self.files, "file{s} skipped"), (self.lines, "line{s} skipped"), (self.warnings, "warning{s}"))


def counted(count: int, label: str) -> str:
    """ "1 file", "3,000 files": the count, then `label` with {s} where a plural takes an s."""
    return f"{count:,} " + label.format(s="" if count == 1 else "s")


def tally(*counts: tuple[int, str]) -> str:
    """The counts that are not zero, each `counted`, joined by " · "; "" when all are zero."""
    return " · ".join(counted(count, label) for count, label in counts if count)
