"""Where a phrase's words stand one after another: in one document's tokens, or which of many
documents hold it (read from the index's token arrays, in numpy)."""

from __future__ import annotations

import numpy as np

from corpus.members import gather_ranges
from corpus.search.index import CorpusIndex

__all__ = ["member_of", "phrase_docs", "phrase_positions"]


def phrase_positions(index: CorpusIndex, tokens: np.ndarray, words: list[dict[int, float]]) -> np.ndarray:
    """Token positions where the phrase's words occur one after another."""
    span = len(words)
    if len(tokens) < span:
        return np.zeros(0, dtype=np.int64)
    ok = np.ones(len(tokens) - span + 1, dtype=bool)
    for offset, weights in enumerate(words):
        ok &= member_of(index, tokens[offset : len(tokens) - span + 1 + offset], weights)
    return np.nonzero(ok)[0]


def member_of(index: CorpusIndex, tokens: np.ndarray, terms: dict[int, float]) -> np.ndarray:
    """Which tokens are one of `terms`: a lookup table over the vocabulary, one gather per token."""
    table = np.zeros(len(index.terms), dtype=bool)
    table[np.fromiter(terms, dtype=np.int64, count=len(terms))] = True
    found: np.ndarray = np.take(table, tokens)  # take: half the time of indexing with uint32
    return found


def phrase_docs(index: CorpusIndex, candidates: np.ndarray, words: list[dict[int, float]]) -> np.ndarray:
    """The candidate documents in which the phrase's words occur one after another (in numpy):
    the places of the first word are found in their tokens, and each next word is looked for
    only after those places."""
    if len(candidates) == 0:
        return candidates
    starts = index.token_offsets[candidates]
    lengths = index.token_offsets[candidates + 1] - starts
    tokens = gather_ranges(index.tokens, starts, lengths)
    ends = np.cumsum(lengths)
    at = np.flatnonzero(member_of(index, tokens, words[0]))
    owner = np.searchsorted(ends, at, side="right")
    for offset, weights in enumerate(words[1:], start=1):
        inside = at + offset < ends[owner]
        at, owner = at[inside], owner[inside]
        follows = member_of(index, tokens[at + offset], weights)
        at, owner = at[follows], owner[follows]
    matching: np.ndarray = candidates[np.unique(owner)]
    return matching
