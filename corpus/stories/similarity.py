"""Text similarity of articles close in time: TF-IDF over the index's own terms, nearest
neighbours within a window of days.

An article's vector is its body's terms (the index's normalized forms) weighted by
(1 + log tf) · idf, cut to its TOP_TERMS heaviest terms, and scaled to length 1. Terms that
most articles hold (more than COMMON_SHARE of them) or that only one holds say nothing about
which articles tell one event and are left out. Neighbours are searched a day at a time,
among the articles dated within WINDOW_DAYS of it: the work grows with the archive times
the articles of a week, not with the archive squared.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import scipy.sparse as sparse

from corpus.search.index import CorpusIndex

__all__ = ["Neighbours", "TOP_TERMS", "WINDOW_DAYS", "day_numbers", "neighbours", "term_vectors"]

TOP_TERMS = 60
COMMON_SHARE = 0.05
COMMON_FLOOR = 50
"""In a small archive a word is never too common to count unless more than this many hold it."""
WINDOW_DAYS = 3
NEIGHBOURS = 8
"""Nearest neighbours kept for each article (above the floor)."""
FLOOR = 0.2
"""Cosine below which two articles are never neighbours."""
BLOCK = 400
"""Articles compared at once with their window (a dense block of BLOCK × window cosines)."""


def term_vectors(index: CorpusIndex) -> sparse.csr_matrix:
    """Each article's TF-IDF vector (float32 CSR, articles × terms, rows of length 1 or 0)."""
    documents, terms = len(index), len(index.post_offsets) - 1
    if documents == 0:
        return sparse.csr_matrix((0, max(terms, 1)), dtype=np.float32)
    frequency = np.diff(index.post_offsets)
    idf = np.log(documents / np.maximum(frequency, 1)).astype(np.float32)
    idf[(frequency < 2) | (frequency > max(COMMON_SHARE * documents, COMMON_FLOOR))] = 0.0
    idf[CorpusIndex.EMPTY_TERM] = 0.0
    term_of = np.repeat(np.arange(terms, dtype=np.int32), frequency)
    weights = (1.0 + np.log(np.asarray(index.post_tf, dtype=np.float32))) * idf[term_of]
    keep = weights > 0
    docs = np.asarray(index.post_docs)[keep].astype(np.int32)
    term_of, weights = term_of[keep], weights[keep]
    # the TOP_TERMS heaviest terms of each article: ordered by article, then weight
    order = np.lexsort((-weights, docs))
    docs, term_of, weights = docs[order], term_of[order], weights[order]
    starts = np.searchsorted(docs, np.arange(documents))
    rank = np.arange(len(docs)) - starts[docs]
    top = rank < TOP_TERMS
    docs, term_of, weights = docs[top], term_of[top], weights[top]
    matrix = sparse.csr_matrix((weights, (docs, term_of)), shape=(documents, terms), dtype=np.float32)
    lengths = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    lengths[lengths == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / lengths).astype(np.float32) @ matrix)


def day_numbers(index: CorpusIndex) -> np.ndarray:
    """Each article's date as a day number (days since 0001-01-01), or -1 when it has none."""
    stamps = index.article_days()
    days = np.full(len(stamps), -1, dtype=np.int64)
    for stamp in np.unique(stamps[stamps > 0]).tolist():
        try:
            number = date(stamp // 10000, stamp // 100 % 100, stamp % 100).toordinal()
        except ValueError:
            continue
        days[stamps == stamp] = number
    return days


@dataclass(frozen=True, slots=True)
class Neighbours:
    """Pairs of articles with their cosine: `pairs` (int64, n × 2) and `cosines` (float32, n)."""

    pairs: np.ndarray
    cosines: np.ndarray
    mutual: np.ndarray
    """True where each article is among the other's NEIGHBOURS nearest."""


def neighbours(vectors: sparse.csr_matrix, days: np.ndarray, among: np.ndarray | None = None) -> Neighbours:
    """Each dated article's nearest neighbours (cosine ≥ FLOOR) among the articles within
    WINDOW_DAYS of its date; with `among` (a boolean mask), only for those articles, though
    their neighbours may be any article."""
    dated = np.flatnonzero(days >= 0)
    by_day = dated[np.argsort(days[dated], kind="stable")]
    sorted_days = days[by_day]
    asked = by_day if among is None else by_day[among[by_day]]
    found_pairs: list[np.ndarray] = []
    found_cosines: list[np.ndarray] = []
    for start in range(0, len(asked), BLOCK):
        block = asked[start : start + BLOCK]
        low = int(days[block].min()) - WINDOW_DAYS
        high = int(days[block].max()) + WINDOW_DAYS
        window = by_day[np.searchsorted(sorted_days, low, "left") : np.searchsorted(sorted_days, high, "right")]
        cosines = (vectors[block] @ vectors[window].T).toarray()
        near = np.abs(days[block][:, None] - days[window][None, :]) <= WINDOW_DAYS
        cosines[~near | (block[:, None] == window[None, :])] = 0.0
        keep = min(NEIGHBOURS, cosines.shape[1])
        if keep == 0:
            continue
        best = np.argpartition(-cosines, keep - 1, axis=1)[:, :keep]
        values = np.take_along_axis(cosines, best, axis=1)
        rows, columns = np.nonzero(values >= FLOOR)
        found_pairs.append(np.stack([block[rows], window[best[rows, columns]]], axis=1))
        found_cosines.append(values[rows, columns])
    if not found_pairs:
        empty = np.zeros((0, 2), dtype=np.int64)
        return Neighbours(empty, np.zeros(0, dtype=np.float32), np.zeros(0, dtype=bool))
    pairs = np.concatenate(found_pairs).astype(np.int64)
    cosines_found = np.concatenate(found_cosines).astype(np.float32)
    # a pair found from both ends is mutual; keep it once, the smaller key first
    ordered = np.sort(pairs, axis=1)
    keys = ordered[:, 0] * (len(days) + 1) + ordered[:, 1]
    unique, first, counts = np.unique(keys, return_index=True, return_counts=True)
    del unique
    return Neighbours(ordered[first], cosines_found[first], counts > 1)
