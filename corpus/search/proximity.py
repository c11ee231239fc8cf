"""Ranking by where the query's words stand in an article, over the BM25 order.

Words next to each other in the query rank the articles where they stand next to each other,
in that order (in the text or in the title), above those where they are near (within NEAR
words, in any order), and those above the articles where they are scattered: a tier for each
pair of neighbouring query words. Within a tier, the BM25 score counts, raised by how often
the words stand together and by the words found in the lead (the first LEAD words), so an
article about the thing beats one that mentions it once.

The positions are read from the index's token arrays for the best candidates by BM25, as many
as PROXIMITY_TOKENS tokens allow (for one word, the leads of the LEAD_DOCS best); the others
are ranked as if their words stood apart.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from corpus.article_columns import ArticleColumns
from corpus.search.index import CorpusIndex
from corpus.text.normalization import TOKEN_PATTERN, normalize, search_form

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
"""Tokens read at most to place the words of one query: about 11,000 articles of the bench, so
that a query of a few thousand results is placed whole and its export and deep pages keep the
words side by side first (with 250,000, about 700 articles: وزير الخارجية ranked 2,217 articles
holding the two words side by side below one that held them apart, from rank 825)."""
LEAD_DOCS = 2000
"""For one word, the best documents by BM25 whose lead is read."""
TITLE_ROWS = 100
"""Titles read at most per query to see whether its words stand together there."""
MAX_WORDS = 16
"""Query words placed (two bits each in a 32-bit code); later ones keep their BM25 part only."""
_folded = lru_cache(maxsize=1 << 16)(normalize)
"""normalize, remembered for the words of titles."""


def _pairs_in_titles(index: CorpusIndex, docs: np.ndarray, words: list[dict[int, float]]) -> np.ndarray:
    """Per document and pair of neighbouring query words, whether they stand next to each
    other, in order and as written, in its title (1) or not (0). Only the first TITLE_ROWS
    documents whose titles hold every word are read."""
    adjacent = np.zeros((len(docs), max(0, len(words) - 1)), dtype=np.int64)
    forms = [{search_form(index.terms[t]) for t, w in weights.items() if w >= AS_WRITTEN} for weights in words]
    holds = np.ones(len(docs), dtype=bool)
    for weights in words:
        titled = np.zeros(len(index), dtype=bool)
        for term in weights:
            titled[index.title_postings(term)] = True
        holds &= titled[docs]
    articles = index.articles
    titles = articles.titles if isinstance(articles, ArticleColumns) else None
    for row in np.nonzero(holds)[0][:TITLE_ROWS].tolist():
        doc = int(docs[row])
        # Cut, then each word folded, as the index folds a title's words (a title's words are
        # common ones, folded once: a third of the time of folding the whole title).
        title = [
            _folded(raw) for raw in TOKEN_PATTERN.findall(titles[doc] if titles is not None else articles[doc].title)
        ]
        for pair, (first, second) in enumerate(zip(forms, forms[1:], strict=False)):
            if any(a in first and b in second for a, b in zip(title, title[1:], strict=False)):
                adjacent[row, pair] = 1
    return adjacent


def _codes(index: CorpusIndex, words: list[dict[int, float]]) -> np.ndarray:
    """A table over the vocabulary: bit 2i set for the terms of query word i, bit 2i+1 for its
    terms as written."""
    table = np.zeros(len(index.terms), dtype=np.uint32)
    for number, weights in enumerate(words[:MAX_WORDS]):
        for term, weight in weights.items():
            table[term] |= (1 << (2 * number)) | ((1 << (2 * number + 1)) if weight >= AS_WRITTEN else 0)
    return table


def proximity_order(
    index: CorpusIndex, order: np.ndarray, scores: np.ndarray, words: list[dict[int, float]]
) -> np.ndarray:
    """`order` (documents, best BM25 first) ranked again by where `words` (the query's words
    in order, each its weighted terms) stand in each document; `scores` are by document.

    The tokens of the documents are looked up once; the rest works on the few tokens that are
    query words (their positions in order), never on every token again."""
    words = words[:MAX_WORDS]
    if len(order) == 0 or not words:
        return order
    as_written = _as_written(index, order, words)
    starts = index.token_offsets[order]
    lengths = index.token_offsets[order + 1] - starts
    if len(words) == 1:  # one word: only its place in the lead counts, in the best documents
        lengths = np.minimum(lengths[:LEAD_DOCS], LEAD)
    window = max(1, int(np.searchsorted(np.cumsum(lengths), PROXIMITY_TOKENS, side="right")))
    head, lengths, starts = order[:window], lengths[:window], starts[:window]
    tokens = index.tokens_in(starts, lengths)
    codes = _codes(index, words)
    first_token = np.zeros(len(head), dtype=np.int64)
    np.cumsum(lengths[:-1], out=first_token[1:])
    # A table of booleans (few cache misses), gathered by take and searched as booleans: a
    # third of the time of indexing with the tokens and searching bytes.
    hits = np.flatnonzero(np.take(codes > 0, tokens))
    kinds = codes[tokens[hits]]
    owner = np.searchsorted(first_token, hits, side="right") - 1
    lead = hits - first_token[owner] < LEAD
    count = len(head)
    in_lead = np.zeros(count, dtype=np.float64)
    for number in range(len(words)):
        word = np.uint32(1 << (2 * number))
        in_lead += np.bincount(owner[((kinds & word) > 0) & lead], minlength=count) > 0
    tier = np.zeros(count, dtype=np.float64)
    together = np.zeros(count, dtype=np.float64)
    in_titles = _pairs_in_titles(index, head, words) if len(words) > 1 else np.zeros((count, 0), np.int64)
    for pair in range(len(words) - 1):
        left, right = np.uint32(1 << (2 * pair)), np.uint32(1 << (2 * pair + 2))
        left_own, right_own = left << np.uint32(1), right << np.uint32(1)
        follows = (hits[1:] == hits[:-1] + 1) & (owner[1:] == owner[:-1])
        adjacent_at = follows & ((kinds[:-1] & left) > 0) & ((kinds[1:] & right) > 0)
        written_at = follows & ((kinds[:-1] & left_own) > 0) & ((kinds[1:] & right_own) > 0)
        one = ((kinds & left) > 0) & ((kinds & right) > 0)  # the two written as one: عبدالله for عبد الله
        one_as_written = ((kinds & left_own) > 0) & ((kinds & right_own) > 0)
        adjacent = (
            np.bincount(owner[:-1][adjacent_at], minlength=count)
            + np.bincount(owner[one], minlength=count)
            + in_titles[:, pair]
        )
        adjacent_as_written = (
            np.bincount(owner[:-1][written_at], minlength=count)
            + np.bincount(owner[one_as_written], minlength=count)
            + in_titles[:, pair]
        )
        near = np.zeros(count, dtype=bool)
        for step in range(1, NEAR + 1):
            if step >= len(hits):
                break
            close = (hits[step:] - hits[:-step] <= NEAR) & (owner[step:] == owner[:-step])
            a, b = kinds[:-step], kinds[step:]
            hit = close & ((((a & left) > 0) & ((b & right) > 0)) | (((a & right) > 0) & ((b & left) > 0)))
            near[owner[:-step][hit]] = True
        tier += np.where(adjacent_as_written > 0, 1.0, np.where(adjacent > 0, 0.75, np.where(near, 0.5, 0.0)))
        together += adjacent
    boost = np.ones(len(order), dtype=np.float64)
    boost[:count] += TOGETHER_BONUS * np.log2(1.0 + together) + LEAD_BONUS * in_lead / len(words)
    tiers = np.zeros(len(order), dtype=np.float64)
    tiers[:count] = tier
    # Stable: equal keys keep the order given, by score and then by key (sorting by the key
    # again costs more than all the rest of this function on a common word).
    ranked: np.ndarray = order[np.lexsort((-(scores[order] * boost), -as_written, -tiers))]
    return ranked


def _as_written(index: CorpusIndex, order: np.ndarray, words: list[dict[int, float]]) -> np.ndarray:
    """How many of the query's words each document of `order` holds as written (their own
    terms, in its text or its title), from the postings: no token is read."""
    found = np.zeros(len(order), dtype=np.int64)
    for weights in words:
        held = np.zeros(len(index), dtype=bool)
        for term, weight in weights.items():
            if weight >= AS_WRITTEN:
                held[index.postings(term)[0]] = True
                held[index.title_postings(term)] = True
        found += held[order]
    return found
