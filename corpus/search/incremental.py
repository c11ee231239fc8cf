"""Bringing an index up to date with its files: only new and changed files are read.

The files found by a walk are compared with the files the index was made from, by path and
stamp (size, modification and inode change times, device, inode). Articles of files that are
gone or changed are dropped; new and changed files are read and indexed on their own; the two
are merged (corpus.search.merge).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from corpus.load import CorpusFile, UniqueIds, iter_file
from corpus.models import Article, LoadProblem, Progress, forget_texts_of
from corpus.search.index import CorpusIndex
from corpus.search.merge import merge_indexes
from corpus.search.store import NEVER_MATCHES, STAMP_FIELDS, KnownFiles, stamp

__all__ = ["Changes", "find_changes", "bring_up_to_date", "is_transient"]


@dataclass(slots=True)
class Changes:
    """What differs between an index's files and the files on disk now."""

    keep: np.ndarray
    """One flag per article of the index: False for the articles of gone or changed files."""
    kept_files: list[int]
    """Rows of the index's file table that are unchanged, in their order."""
    to_read: list[CorpusFile] = field(default_factory=list)
    """New and changed files, in the order of the walk."""
    added: int = 0
    changed: int = 0
    removed: int = 0

    @property
    def none(self) -> bool:
        return not self.to_read and bool(self.keep.all()) and not self.removed

    def describe(self) -> str:
        """ "3 new files · 1 changed · 2 gone", or "" when nothing changed."""
        parts = []
        if self.added:
            parts.append(f"{self.added:,} new file{'s' if self.added != 1 else ''}")
        if self.changed:
            parts.append(f"{self.changed:,} changed")
        if self.removed:
            parts.append(f"{self.removed:,} gone")
        return " · ".join(parts)


def find_changes(known: KnownFiles | None, articles: int, files: Sequence[CorpusFile]) -> Changes:
    """Compare the walk with the index's file table (None: no index, every file is new)."""
    if known is None:
        return Changes(np.ones(articles, dtype=bool), [], list(files), added=len(files))
    row_of = {path: row for row, path in enumerate(known.paths)}
    stamps = known.stamps.tolist()
    keep = np.ones(articles, dtype=bool)
    unchanged: set[int] = set()
    changes = Changes(keep, [])
    for file in files:
        row = row_of.get(file.path)
        if row is None:
            changes.to_read.append(file)
            changes.added += 1
        elif tuple(stamps[row]) == stamp(file):
            unchanged.add(row)
        else:
            changes.to_read.append(file)
            changes.changed += 1
    for row in range(len(known)):
        if row not in unchanged:
            start = int(known.first_doc[row])
            keep[start : start + int(known.doc_count[row])] = False
    changes.kept_files = sorted(unchanged)
    changes.removed = len(known) - len(unchanged) - changes.changed
    return changes


def is_transient(problem: LoadProblem) -> bool:
    """A file that could not be read just now (gone, swapped, an I/O error) may read next time:
    it is read again at the next start. A permission refused is not transient: fixing it changes
    the file's inode change time, which is part of its stamp."""
    message = problem.message
    return message.startswith(("cannot read", "cannot open")) and "Permission denied" not in message


class _Reading:
    """Reads the files to index, noting for each how many articles it gave and its problems."""

    def __init__(self, files: Sequence[CorpusFile], problems: list[LoadProblem], taken: Sequence[str]) -> None:
        self.files = files
        self.problems = problems
        self.ids = UniqueIds(taken)
        self.counts: list[int] = []
        self.own_problems: list[list[LoadProblem]] = []

    def articles(self, progress: Progress | None) -> Iterator[Article]:
        for done, file in enumerate(self.files, start=1):
            before = len(self.problems)
            count = 0
            for article in iter_file(file, self.problems):
                count += 1
                yield self.ids.claim(article)
            self.counts.append(count)
            self.own_problems.append(self.problems[before:])
            if progress is not None:
                progress(done, len(self.files))


def bring_up_to_date(
    base: CorpusIndex | None,
    known: KnownFiles | None,
    changes: Changes,
    problems: list[LoadProblem],
    *,
    progress: Progress | None = None,
    release_texts: bool = False,
) -> tuple[CorpusIndex, KnownFiles]:
    """The index and file table after `changes`: unchanged files keep their articles, new and
    changed ones are read (their problems added to `problems`), and the two are merged."""
    keep = changes.keep
    forget_texts_of({file.path for file in changes.to_read})
    kept_ids = [a.id for a, k in zip(base.articles, keep.tolist(), strict=True) if k] if base is not None else []
    reading = _Reading(changes.to_read, problems, kept_ids)
    delta = CorpusIndex.build(reading.articles(progress), release_texts=release_texts)
    index = merge_indexes(base, keep, delta) if base is not None and len(base) else delta

    paths: list[str] = []
    rows: list[tuple[int, ...]] = []
    counts: list[int] = []
    file_problems: list[tuple[int, LoadProblem]] = []
    if known is not None:
        by_row: dict[int, list[LoadProblem]] = {}
        for number, problem in known.problems:
            by_row.setdefault(number, []).append(problem)
        for row in changes.kept_files:
            for problem in by_row.get(row, ()):
                file_problems.append((len(paths), problem))
                problems.append(problem)
            paths.append(known.paths[row])
            rows.append(tuple(known.stamps[row].tolist()))
            counts.append(int(known.doc_count[row]))
    for file, count, own in zip(changes.to_read, reading.counts, reading.own_problems, strict=False):
        number = len(paths)
        transient = any(map(is_transient, own))
        file_problems.extend((number, p) for p in own if not is_transient(p))
        paths.append(file.path)
        rows.append((NEVER_MATCHES, 0, 0, 0, 0) if transient else stamp(file))
        counts.append(count)
    doc_count = np.array(counts, dtype=np.int64)
    first_doc = np.zeros(len(counts), dtype=np.int64)
    if len(counts):
        first_doc[1:] = np.cumsum(doc_count)[:-1]
    stamps = np.array(rows, dtype=np.int64).reshape(-1, STAMP_FIELDS)
    return index, KnownFiles(paths, stamps, first_doc, doc_count, file_problems)
