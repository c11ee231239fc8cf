"""Ranking by where the query's words stand in an article, over the BM25 order.

Words next to each other in the query rank the articles where they stand next to each other,
in that order (in the text or in the title), above those where they are near (within NEAR
words, in any order), and those above the articles where they are scattered: a tier for each
pair of neighbouring query words. Within a tier, the BM25 score counts, raised by how often
the words stand together and by the words found in the lead (the first LEAD words), so an
article about the thing beats one that mentions it once.

The positions are read from the index's token arrays for the best candidates by BM25, as many
as PROXIMITY_TOKENS tokens allow; the rest keep their BM25 order, after them.
"""

from __future__ import annotations

import numpy as np

from corpus.members import range_positions
from corpus.search.index import CorpusIndex
from corpus.text.normalization import tokenize

__all__ = ["NEAR", "LEAD", "PROXIMITY_TOKENS", "proximity_order"]

NEAR = 4
"""Two words at most this many positions apart (and not adjacent in order) are near."""
LEAD = 50
"""The first words of an article: its lead paragraph."""
LEAD_BONUS = 0.3
"""Extra score, relative to the BM25 score, when every query word is in the lead."""
TOGETHER_BONUS = 0.5
"""Extra score per doubling of how often the neighbouring query words stand together."""
AS_WRITTEN = 1.0
"""The weight of a query word's own term (and of a word added with |)."""
PROXIMITY_TOKENS = 4_000_000
"""Tokens read at most to place the words of one query (about 15,000 articles of the bench)."""


def _member(index: CorpusIndex, tokens: np.ndarray, terms: dict[int, float]) -> np.ndarray:
    table = np.zeros(len(index.terms), dtype=bool)
    table[np.fromiter(terms, dtype=np.int64, count=len(terms))] = True
    found: np.ndarray = table[tokens]
    return found


def _pairs_in_titles(index: CorpusIndex, docs: np.ndarray, words: list[dict[int, float]]) -> np.ndarray:
    """Per document and pair of neighbouring query words, whether they stand next to each
    other, in order and as written, in its title (1) or not (0)."""
    words = [{t: w for t, w in weights.items() if w >= AS_WRITTEN} for weights in words]
    adjacent = np.zeros((len(docs), max(0, len(words) - 1)), dtype=np.int64)
    holds = np.ones(len(docs), dtype=bool)
    for weights in words:
        titled = np.concatenate([index.title_postings(t) for t in weights]) if weights else np.zeros(0, np.int64)
        holds &= np.isin(docs, titled)
    for row in np.nonzero(holds)[0].tolist():
        title = [index.term_id(form) for form in tokenize(index.articles[int(docs[row])].title)]
        for pair, (first, second) in enumerate(zip(words, words[1:], strict=False)):
            if any(a in first and b in second for a, b in zip(title, title[1:], strict=False)):
                adjacent[row, pair] = 1
    return adjacent


def proximity_order(
    index: CorpusIndex, order: np.ndarray, scores: np.ndarray, words: list[dict[int, float]]
) -> np.ndarray:
    """`order` (documents, best BM25 first) ranked again by where `words` (the query's words
    in order, each its weighted terms) stand in each document; `scores` are by document."""
    if len(order) == 0 or not words:
        return order
    starts = index.token_offsets[order]
    lengths = index.token_offsets[order + 1] - starts
    window = max(1, int(np.searchsorted(np.cumsum(lengths), PROXIMITY_TOKENS, side="right")))
    head, lengths, starts = order[:window], lengths[:window], starts[:window]
    tokens = index.tokens[range_positions(starts, lengths)]
    owner = np.repeat(np.arange(len(head)), lengths)
    first_token = np.zeros(len(head), dtype=np.int64)
    np.cumsum(lengths[:-1], out=first_token[1:])
    position = np.arange(len(tokens)) - first_token[owner]
    written = [{t: w for t, w in weights.items() if w >= AS_WRITTEN} for weights in words]
    members = [_member(index, tokens, weights) for weights in words]
    exact = [_member(index, tokens, weights) if weights else np.zeros(len(tokens), bool) for weights in written]
    in_lead = np.zeros(len(head), dtype=np.float64)
    as_written = np.zeros(len(head), dtype=np.int64)
    for member, own, terms in zip(members, exact, written, strict=True):
        in_lead += np.bincount(owner[member & (position < LEAD)], minlength=len(head)) > 0
        titled = np.isin(head, np.concatenate([index.title_postings(t) for t in terms])) if terms else False
        as_written += (np.bincount(owner[own], minlength=len(head)) > 0) | titled
    tier = np.zeros(len(head), dtype=np.float64)
    together = np.zeros(len(head), dtype=np.float64)
    same = owner[:-1] == owner[1:]
    in_titles = _pairs_in_titles(index, head, words)
    for pair in range(len(words) - 1):
        left, right = members[pair], members[pair + 1]
        adjacent = np.bincount(owner[:-1][left[:-1] & right[1:] & same], minlength=len(head)) + in_titles[:, pair]
        held = exact[pair][:-1] & exact[pair + 1][1:] & same
        adjacent_as_written = np.bincount(owner[:-1][held], minlength=len(head)) + in_titles[:, pair]
        near = np.zeros(len(head), dtype=bool)
        for gap in range(1, NEAR + 1):
            if gap >= len(tokens):
                break
            close = owner[:-gap] == owner[gap:]
            hit = ((left[:-gap] & right[gap:]) | (right[:-gap] & left[gap:])) & close
            near |= np.bincount(owner[:-gap][hit], minlength=len(head)) > 0
        tier += np.where(adjacent_as_written > 0, 1.0, np.where(adjacent > 0, 0.75, np.where(near, 0.5, 0.0)))
        together += adjacent
    boost = 1.0 + TOGETHER_BONUS * np.log2(1.0 + together) + LEAD_BONUS * in_lead / len(words)
    ranked = head[np.lexsort((head, -(scores[head] * boost), -as_written, -tier))]
    return np.concatenate([ranked, order[window:]])
