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
from typing import TYPE_CHECKING

import numpy as np

from corpus.saved_folders import release_pages
from corpus.search.index import CorpusIndex
from corpus.sorted_sets import stable_order

if TYPE_CHECKING:
    import scipy.sparse as sparse

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
CHUNK_TOKENS = 1 << 18
"""Tokens read at a time to make the vectors: their temporary arrays stay small."""
BLOCK = 128
"""Articles compared at once with their window (a dense block of BLOCK × window cosines)."""


def term_vectors(index: CorpusIndex, rows: np.ndarray | None = None) -> sparse.csr_matrix:
    """Each article's TF-IDF vector (float32 CSR, articles × terms, rows of length 1 or 0),
    made from the articles' tokens CHUNK_TOKENS at a time (their mapped pages let go once
    read); with `rows` (a boolean mask), only
    those articles' (the others' rows are empty)."""
    import scipy.sparse as sparse  # noqa: PLC0415 - scipy is imported where stories are grouped, not at every start

    documents, terms = len(index), len(index.terms)
    if documents == 0:
        return sparse.csr_matrix((0, max(terms, 1)), dtype=np.float32)
    frequency = np.asarray(index.document_frequency)
    idf = np.log(documents / np.maximum(frequency, 1)).astype(np.float32)
    idf[(frequency < 2) | (frequency > max(COMMON_SHARE * documents, COMMON_FLOOR))] = 0.0
    idf[CorpusIndex.EMPTY_TERM] = 0.0
    starts = np.asarray(index.token_offsets, dtype=np.int64)
    wanted = np.arange(documents) if rows is None else np.flatnonzero(rows)
    # each document gives at most TOP_TERMS terms: the columns are made that long and filled
    # a run of documents at a time, then cut to what was filled (no copy of the whole)
    room = int(np.minimum(starts[wanted + 1] - starts[wanted], TOP_TERMS).sum())
    term_of = np.empty(room, dtype=np.int32)
    weights = np.empty(room, dtype=np.float32)
    counts = np.zeros(documents, dtype=np.int64)
    filled = at = 0
    while at < len(wanted):
        # a run of wanted documents whose tokens make about CHUNK_TOKENS
        lengths = starts[wanted[at:] + 1] - starts[wanted[at:]]
        count = max(1, int(np.searchsorted(np.cumsum(lengths), CHUNK_TOKENS, "right")))
        chosen = wanted[at : at + count]
        slices = [index.tokens[starts[doc] : starts[doc + 1]] for doc in chosen.tolist()]
        tokens = np.concatenate(slices) if slices else np.zeros(0, dtype=np.uint32)
        release_pages(index.tokens, int(starts[chosen[0]]), int(starts[chosen[-1] + 1]))  # read once
        offsets = np.concatenate([[0], np.cumsum(lengths[:count])])
        docs, chosen_terms, heavy = _top_terms(tokens, offsets, 0, idf)
        squares = np.bincount(docs, weights=heavy * heavy, minlength=count)
        heavy /= np.sqrt(np.where(squares > 0, squares, 1.0)).astype(np.float32)[docs]
        term_of[filled : filled + len(heavy)] = chosen_terms
        weights[filled : filled + len(heavy)] = heavy
        counts[chosen] = np.bincount(docs, minlength=count)
        filled += len(heavy)
        at += count
    term_of.resize(filled, refcheck=False)
    weights.resize(filled, refcheck=False)
    indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    return sparse.csr_matrix((weights, term_of, indptr), shape=(documents, terms))


def _top_terms(
    tokens: np.ndarray, starts: np.ndarray, first: int, idf: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(document, term, weight) of the TOP_TERMS heaviest terms of each document of a run
    (`starts`: its token offsets, the first document's key `first`)."""
    lengths = np.diff(starts)
    local = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    ids = np.asarray(tokens, dtype=np.int64)
    useful = idf[ids] > 0
    pairs, counts = np.unique(local[useful] * len(idf) + ids[useful], return_counts=True)
    docs, term_of = pairs // len(idf), pairs % len(idf)
    weights = (1.0 + np.log(counts.astype(np.float32))) * idf[term_of]
    # by document, then heaviest first (a positive float32's bits order as it does), ties by
    # term: one stable sort of one key, four times faster than np.lexsort of the two
    key = docs << 32
    key |= 0xFFFFFFFF - weights.view(np.uint32).astype(np.int64)
    order = np.argsort(key, kind="stable")
    del key
    docs, term_of, weights = docs[order], term_of[order], weights[order]
    rank = np.arange(len(docs)) - np.searchsorted(docs, docs)
    top = rank < TOP_TERMS
    return (docs[top] + first).astype(np.int32), term_of[top].astype(np.int32), weights[top].astype(np.float32)


def day_numbers(index: CorpusIndex) -> np.ndarray:
    """Each article's date as a day number (`date.toordinal`: days since 0001-01-01), or -1 when
    it has none or is no date (a 31 February). Counted in numpy from its year, month and day
    (a sort of 1.1 million dates to read each once took 0.1 s)."""
    return ordinals(np.asarray(index.article_days(), dtype=np.int64))


_MONTH_DAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)
_DAYS_BEFORE = np.concatenate([[0], np.cumsum(_MONTH_DAYS)])  # before each month, 1 to 12, of a common year


ORDINAL_TABLE = 1 << 22
"""Stamps spanning at most this many numbers are looked up in a table of their span's ordinals
(a few years of dates: a few hundred thousand numbers), not counted one by one: at 1.1 million
articles, 0.01 s where counting took 0.08 s."""


def ordinals(stamps: np.ndarray) -> np.ndarray:
    """`date(y, m, d).toordinal()` of each YYYYMMDD stamp (int64), -1 where there is no such
    date (0, a month 13, a 30 February, a year past 9999)."""
    if len(stamps) < 2:
        return _counted_ordinals(stamps)
    dated = stamps[stamps > 0]
    if not len(dated):
        return np.full(len(stamps), -1, dtype=np.int64)
    low, high = int(dated.min()), int(dated.max())
    if high - low >= ORDINAL_TABLE or high - low >= len(stamps):
        return _counted_ordinals(stamps)
    # slot 0 for every stamp below the span (no date), the span's ordinals after it
    table = np.concatenate([[-1], _counted_ordinals(np.arange(low, high + 1, dtype=np.int64))])
    found: np.ndarray = table[np.maximum(stamps - (low - 1), 0)]
    return found


def _counted_ordinals(stamps: np.ndarray) -> np.ndarray:
    """`ordinals`, counted for each stamp from its year, month and day."""
    year, month, day = stamps // 10000, stamps // 100 % 100, stamps % 100
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    safe_month = np.clip(month, 1, 12)
    longest = _MONTH_DAYS[safe_month] + (leap & (safe_month == 2))
    real = (stamps > 0) & (year >= 1) & (year <= 9999) & (month >= 1) & (month <= 12) & (day >= 1) & (day <= longest)
    before = year - 1
    counted = before * 365 + before // 4 - before // 100 + before // 400
    counted += _DAYS_BEFORE[safe_month] + (leap & (safe_month > 2)) + day
    return np.where(real, counted, -1)


@dataclass(frozen=True, slots=True)
class Neighbours:
    """Pairs of articles with their cosine: `pairs` (int32, n × 2, ascending, the smaller key
    first) and `cosines` (float32, n)."""

    pairs: np.ndarray
    cosines: np.ndarray
    mutual: np.ndarray
    """True where each article is among the other's NEIGHBOURS nearest."""


def neighbours(
    vectors: sparse.csr_matrix, days: np.ndarray, groups: np.ndarray, among: np.ndarray | None = None
) -> Neighbours:
    """Each dated article's nearest neighbours (cosine ≥ FLOOR) among the articles within
    WINDOW_DAYS of its date, its own reprints (the same number in `groups`) left out: ten
    papers printing one report would otherwise fill each other's NEIGHBOURS places, and the
    next day's report of the same event would be nobody's neighbour. With `among` (a boolean
    mask), only for those articles, though their neighbours may be any article. Of equal
    cosines the article earlier in date order (then by key) is taken first."""
    dated = np.flatnonzero(days >= 0)
    by_day = dated[stable_order(days[dated])]
    sorted_days = days[by_day]
    asked = by_day if among is None else by_day[among[by_day]]
    span = len(days) + 1
    found_keys: list[np.ndarray] = []  # each pair as smaller key * span + larger key
    found_cosines: list[np.ndarray] = []
    window_at = (-1, -1)
    window_t = vectors[:0].T.tocsr()
    for start in range(0, len(asked), BLOCK):
        block = asked[start : start + BLOCK]
        low = int(np.searchsorted(sorted_days, int(days[block].min()) - WINDOW_DAYS, "left"))
        high = int(np.searchsorted(sorted_days, int(days[block].max()) + WINDOW_DAYS, "right"))
        if (low, high) != window_at:  # a busy day's blocks share one window: transposed once
            window_at, window_t = (low, high), vectors[by_day[low:high]].T.tocsr()
        cosines = (vectors[block] @ window_t).tocsr()
        rows = np.repeat(np.arange(len(block)), np.diff(cosines.indptr))
        keep = cosines.data >= FLOOR
        rows, columns, values = rows[keep], cosines.indices[keep], cosines.data[keep]
        firsts, others = block[rows], by_day[low + columns]
        keep = (np.abs(days[firsts] - days[others]) <= WINDOW_DAYS) & (groups[firsts] != groups[others])
        rows, columns, values, firsts, others = rows[keep], columns[keep], values[keep], firsts[keep], others[keep]
        order = np.lexsort((columns, -values, rows))
        rows = rows[order]
        best = order[np.arange(len(order)) - np.searchsorted(rows, rows) < NEIGHBOURS]
        firsts, others = firsts[best], others[best]
        found_keys.append(np.minimum(firsts, others).astype(np.int64) * span + np.maximum(firsts, others))
        found_cosines.append(values[best])
    return _once(found_keys, found_cosines, span)


def _once(found_keys: list[np.ndarray], found_cosines: list[np.ndarray], span: int) -> Neighbours:
    """The pairs found (as keys smaller * span + larger), each once, ascending, with the cosine
    it was first found with: a pair found from both ends is mutual. The lists are emptied as
    they are joined."""
    if not sum(len(keys) for keys in found_keys):
        return Neighbours(np.zeros((0, 2), dtype=np.int32), np.zeros(0, dtype=np.float32), np.zeros(0, dtype=bool))
    keys = np.concatenate(found_keys)
    found_keys.clear()
    cosines = np.concatenate(found_cosines).astype(np.float32, copy=False)
    found_cosines.clear()
    order = np.argsort(keys, kind="stable")  # a pair's first finding first
    keys = keys[order]
    starts = np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]]))
    counts = np.diff(np.append(starts, len(keys)))
    keys = keys[starts]
    first = order[starts]
    del order, starts
    pairs = np.empty((len(keys), 2), dtype=np.int32)
    pairs[:, 0] = keys // span
    pairs[:, 1] = keys % span
    return Neighbours(pairs, cosines[first], counts > 1)
