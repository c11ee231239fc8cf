"""Reading the files of a build: each file's articles, problems and where it ended, noted as
they come (for the file table of corpus.storage.incremental)."""

from __future__ import annotations

import time
from collections.abc import Container, Iterator, Sequence

from corpus.load import LinesRead, UniqueIds, is_followable, iter_file
from corpus.models import Article, LoadProblem, Progress, report_phase
from corpus.walk import CorpusFile

__all__ = ["FileReading", "RECORDS_EVERY", "RECENT_NS", "is_transient", "position_of", "followed_at"]


class FileReading:
    """Reads the files to index, noting for each its articles, problems and where it ended."""

    def __init__(
        self,
        files: Sequence[tuple[CorpusFile, LinesRead | None]],
        problems: list[LoadProblem],
        taken: Container[str],
        *,
        claim: bool = True,
    ) -> None:
        """`taken`: the ids the archive keeps (new articles' ids are made unique against them)."""
        self.files = files
        self.problems = problems
        self.ids = UniqueIds(kept=taken)
        self.claim = claim
        """Make ids unique as articles come (off in a process that reads only a part)."""
        self.counts: list[int] = []
        self.own_problems: list[list[LoadProblem]] = []

    def articles(self, progress: Progress | None) -> Iterator[Article]:
        """The articles of the files, in order; `progress` counts files, or for a single file
        (a JSON Lines archive) its records (of a total not known: 0)."""
        one_file = len(self.files) == 1
        for done, (file, position) in enumerate(self.files, start=1):
            before = len(self.problems)
            count = 0
            for article in iter_file(file, self.problems, position):
                count += 1
                if one_file and progress is not None and count % RECORDS_EVERY == 0:
                    progress(count, 0)
                yield self.ids.claim(article) if self.claim else article
            self.counts.append(count)
            self.own_problems.append(self.problems[before:])
            if progress is not None and not one_file:  # one file counts its records instead
                progress(done, len(self.files))
        report_phase(progress, "indexing")  # every file is read: what is left is the index's own work


RECORDS_EVERY = 1000
"""Progress counts the records of a single file this many at a time."""


RECENT_NS = 10 * 1_000_000_000
"""A file changed this recently may still be being written: an unfinished last line waits."""


def is_transient(problem: LoadProblem) -> bool:
    """A file that could not be read just now (gone, swapped, an I/O error) may read next time:
    it is read again at the next start. A permission refused is not transient: fixing it changes
    the file's inode change time, which is part of its stamp."""
    message = problem.message
    return message.startswith(("cannot read", "cannot open")) and "Permission denied" not in message


def position_of(file: CorpusFile, follow: list[int] | None = None) -> LinesRead | None:
    """Where to read a JSON Lines file from (its start, or the end of what was read), else None."""
    if not is_followable(file):
        return None
    recent = time.time_ns() - file.mtime_ns < RECENT_NS
    if follow is None:
        return LinesRead(wait_for_partial=recent)
    return LinesRead(follow[0], follow[1], follow[2], wait_for_partial=recent)


def followed_at(position: LinesRead | None) -> tuple[int, int, int]:
    """What the file table keeps of where a JSON Lines file was read to (zeros: nothing)."""
    if position is None or position.lines == 0:
        return (0, 0, 0)
    return (position.offset, position.lines, position.crc)
