"""The archive's order: its articles in the order a build from scratch numbers them.

A build numbers the articles as the walk meets them: files in the walk's order, each file's
articles in the order they are read. An archive brought up to date numbers the articles it
takes in after the others (a new file's, a changed file's, lines appended), so its numbering
stops being that order. Every order shown breaks its ties by the archive's order rather than
by the numbering, so that an archive answers as one built from scratch does: articles of equal
score (a reprint's copies, short articles alike) come in the same order, and the same ones are
kept where a list is cut (--limit, the partial matches).
"""

from __future__ import annotations

import threading

import numpy as np

from corpus.sorted_sets import stable_order

__all__ = ["ArchiveOrder", "in_archive_order", "tie_keys"]


class ArchiveOrder:
    """The order of an index's articles given by the file each came from (`doc_file`: the row
    of its file in the table, which is in the walk's order), made when first asked for."""

    def __init__(self, doc_file: np.ndarray) -> None:
        self._doc_file: np.ndarray | None = doc_file
        self._lock = threading.Lock()
        self._docs: np.ndarray | None = None
        self._ranks: np.ndarray | None = None

    def _made(self) -> tuple[np.ndarray, np.ndarray] | None:
        """The articles in the archive's order and each one's place in it; None when that order
        is their numbering (the files' rows never fall from one article to the next)."""
        with self._lock:
            doc_file = self._doc_file
            if doc_file is not None:
                self._doc_file = None
                files = np.asarray(doc_file)
                if len(files) > 1 and bool((files[1:] < files[:-1]).any()):
                    docs = stable_order(files).astype(np.int64)
                    ranks = np.empty(len(docs), dtype=np.int64)
                    ranks[docs] = np.arange(len(docs), dtype=np.int64)
                    self._docs, self._ranks = docs, ranks
            if self._docs is None or self._ranks is None:
                return None
            return self._docs, self._ranks

    def ranks(self, docs: np.ndarray) -> np.ndarray:
        """Each of `docs`' place in the archive's order."""
        made = self._made()
        return docs if made is None else made[1][docs]

    def docs(self, ranks: np.ndarray) -> np.ndarray:
        """The articles at these places of the archive's order."""
        made = self._made()
        return ranks if made is None else made[0][ranks]

    def all_docs(self, count: int) -> np.ndarray:
        """Every article (`count` of them), in the archive's order."""
        made = self._made()
        return np.arange(count, dtype=np.int64) if made is None else made[0]


def tie_keys(order: ArchiveOrder | None, docs: np.ndarray) -> np.ndarray:
    """What breaks ties between `docs` in an order shown: their places in the archive's `order`
    (None: the numbering)."""
    return docs if order is None else order.ranks(docs)


def in_archive_order(order: ArchiveOrder | None, docs: np.ndarray, count: int) -> np.ndarray:
    """`docs`, ascending, of an index of `count` articles, put in the archive's `order`."""
    if order is None:
        return docs
    if len(docs) == count:  # every article
        return order.all_docs(count)
    return order.docs(np.sort(order.ranks(docs)))
