"""The archive's order: its articles in the order a build from scratch numbers them.

A build numbers the articles as the walk meets them: files in the walk's order, each file's
articles in the order they are read. An archive brought up to date numbers the articles it
takes in after the others (a new file's, a changed file's, lines appended), so its numbering
stops being that order. Every order shown breaks its ties by the archive's order rather than
by the numbering, so that an archive answers as one built from scratch does: articles of equal
score (a reprint's copies, short articles alike) come in the same order, and the same ones are
kept where a list is cut (--limit, the partial matches).

The order is an article's file row (the file table is in the walk's order), then its key: no
column of a place per article is made, only the rows of the articles that tie are looked up.
"""

from __future__ import annotations

import threading

import numpy as np

from corpus.sorted_sets import stable_order

__all__ = ["ArchiveOrder", "in_archive_order", "tie_columns", "ties_in_archive_order"]


class ArchiveOrder:
    """The archive's order of an index's articles, from `doc_file` (each article's file row,
    int64, mapped from the saved table)."""

    def __init__(self, doc_file: np.ndarray) -> None:
        self.doc_file = doc_file
        self._lock = threading.Lock()
        self._numbering: bool | None = None
        self._every: np.ndarray | None = None

    def is_numbering(self) -> bool:
        """Whether the archive's order is the articles' numbering (the file rows never fall from
        one article to the next, as after a build), found once."""
        with self._lock:
            if self._numbering is None:
                files = np.asarray(self.doc_file)
                self._numbering = len(files) < 2 or not bool((files[1:] < files[:-1]).any())
            return self._numbering

    def arranged(self, docs: np.ndarray) -> np.ndarray:
        """`docs`, ascending, in the archive's order."""
        if self.is_numbering():
            return docs
        arranged: np.ndarray = docs[stable_order(np.asarray(self.doc_file)[docs])]
        return arranged

    def every(self, count: int) -> np.ndarray:
        """All `count` articles in the archive's order (made once; int32 past the numbering)."""
        if self.is_numbering():
            return np.arange(count, dtype=np.int64)
        with self._lock:
            if self._every is None:
                self._every = stable_order(np.asarray(self.doc_file)).astype(np.int32)
            return self._every.astype(np.int64)


def tie_columns(order: ArchiveOrder | None, docs: np.ndarray) -> tuple[np.ndarray, ...]:
    """The keys, least significant first (as np.lexsort takes them), that put tied `docs` in the
    archive's `order` (None: the numbering)."""
    if order is None or order.is_numbering():
        return (docs,)
    return (docs, np.asarray(order.doc_file)[docs])


def ties_in_archive_order(order: ArchiveOrder | None, docs: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """`docs`, sorted by `groups` (a key per doc, equal ones next to each other) and within a
    group by key, with each group's docs put in the archive's `order`: only the docs that tie
    are looked up and sorted again."""
    if order is None or len(docs) < 2 or order.is_numbering():
        return docs
    same = groups[1:] == groups[:-1]
    if not bool(same.any()):
        return docs
    tied = np.zeros(len(docs), dtype=bool)
    tied[1:] = same
    tied[:-1] |= same
    at = np.flatnonzero(tied)
    taken = docs[at]
    files = np.asarray(order.doc_file)[taken]
    # One key, the group's number above the file row: a group's docs come by key, so a stable
    # sort of nearly sorted keys (timsort) leaves those of one file by key, six times faster
    # than sorting by three keys.
    keys = np.cumsum(np.concatenate([[True], ~same]))[at] * (int(files.max()) + 1) + files
    arranged = docs.copy()
    arranged[at] = taken[np.argsort(keys, kind="stable")]
    return arranged


def in_archive_order(order: ArchiveOrder | None, docs: np.ndarray, count: int) -> np.ndarray:
    """`docs`, ascending, of an index of `count` articles, put in the archive's `order`."""
    if order is None:
        return docs
    if len(docs) == count:  # every article
        return order.every(count)
    return order.arranged(docs)
