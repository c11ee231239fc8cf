"""Where a phrase's words stand one after another: in one document's tokens, or which of many
documents hold it (read from the index's token arrays, in numpy)."""

from __future__ import annotations

import numpy as np

from corpus.search.index import CorpusIndex
from corpus.sorted_sets import common, distinct

__all__ = ["WordTable", "member_of", "phrase_docs", "phrase_positions"]


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


def phrase_docs(
    index: CorpusIndex, candidates: np.ndarray, words: list[dict[int, float]], joined: frozenset[int] = frozenset()
) -> np.ndarray:
    """The candidate documents in which the phrase's words occur one after another (in numpy):
    the places of the first word are found in their tokens, and each next word is looked for
    only after those places; or, for a term of `joined` (two words written as one: عبدالله for
    عبد الله), in the same place."""
    if len(candidates) == 0:
        return candidates
    starts = index.token_offsets[candidates]
    lengths = index.token_offsets[candidates + 1] - starts
    tokens = index.tokens_in(starts, lengths)
    ends = np.cumsum(lengths)
    at = np.flatnonzero(member_of(index, tokens, words[0]))
    owner = np.searchsorted(ends, at, side="right")
    joined_at = member_of(index, tokens, dict.fromkeys(joined, 1.0)) if joined else None
    for weights in words[1:]:
        both = joined_at[at] & member_of(index, tokens[at], weights) if joined_at is not None else None
        inside = at + 1 < ends[owner]
        after, after_owner = at[inside] + 1, owner[inside]
        follows = member_of(index, tokens[after], weights)
        if both is not None and both.any():
            at, owner = np.concatenate([after[follows], at[both]]), np.concatenate([after_owner[follows], owner[both]])
        else:
            at, owner = after[follows], after_owner[follows]
    matching: np.ndarray = candidates[distinct(owner)]
    return matching


class WordTable:
    """The query's words as one table over the vocabulary, made once for all of a query's
    results: bit i set for the terms of word i (each word of a phrase its own bit). A result's
    hits and the words it holds are then one gather over its tokens, where a table a word a
    result cost a fresh vocabulary-sized array each (a millisecond a page of results)."""

    __slots__ = ("words", "phrases", "table", "_index")

    def __init__(self, index: CorpusIndex, clauses: list[list[dict[int, float]]]) -> None:
        self.words = [weights for words in clauses for weights in words]
        self.phrases = clauses
        kind = np.uint32 if len(self.words) <= 32 else np.uint64
        self.table: np.ndarray | None = None
        if len(self.words) <= 64:
            self.table = np.zeros(len(index.terms), dtype=kind)
            for bit, weights in enumerate(self.words):
                terms = np.fromiter(weights, dtype=np.int64, count=len(weights))
                self.table[terms] |= kind(1 << bit)
        self._index = index

    def codes(self, tokens: np.ndarray) -> np.ndarray:
        """Per token, the bits of the query words it is."""
        assert self.table is not None
        return np.take(self.table, tokens)

    def hit_positions(self, tokens: np.ndarray) -> np.ndarray:
        """The positions of every token a clause matches (a phrase's words only where they
        stand in a row), ascending."""
        marked = np.zeros(len(tokens), dtype=bool)
        if self.table is None:  # more words than bits: a table a word
            for words in self.phrases:
                if len(words) > 1:
                    for position in phrase_positions(self._index, tokens, words):
                        marked[position : position + len(words)] = True
                else:
                    marked |= member_of(self._index, tokens, words[0])
            return np.flatnonzero(marked)
        codes = self.codes(tokens)
        bit = 0
        for words in self.phrases:
            if len(words) == 1:
                marked |= (codes & (1 << bit)) != 0
            elif len(tokens) >= len(words):
                span = len(words)
                ok = np.ones(len(tokens) - span + 1, dtype=bool)
                for offset in range(span):
                    ok &= (codes[offset : len(tokens) - span + 1 + offset] & (1 << (bit + offset))) != 0
                for position in np.flatnonzero(ok).tolist():
                    marked[position : position + span] = True
            bit += len(words)
        return np.flatnonzero(marked)

    def held(self, tokens: np.ndarray) -> set[int]:
        """The terms of the query's words among `tokens`."""
        if self.table is None:
            wanted = np.fromiter({t for weights in self.words for t in weights}, dtype=np.int64)
            return set(common(tokens, wanted).tolist())
        return set(tokens[self.codes(tokens) != 0].tolist())
