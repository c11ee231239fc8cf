"""Ranked search over a CorpusIndex, with snippets whose offsets point into the article text."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from corpus.models import Article, ArticleUnreadable, Doc
from corpus.search.index import TITLE_BONUS, CorpusIndex, range_positions
from corpus.search.query import Clause, Query, parse_query
from corpus.search.snippets import Snippet, make_snippets
from corpus.sized_cache import SizedCache
from corpus.text.normalization import TOKEN_PATTERN

__all__ = ["MatchedClause", "SearchResult", "search", "search_iter", "token_spans", "find_hits"]

PHRASE_BONUS = 1.5


@dataclass(frozen=True, slots=True)
class SearchResult:
    """One matching article: its rank score, a few snippets and every hit in its text."""

    article: Article
    doc: Doc
    score: float
    snippets: tuple[Snippet, ...]
    hits: tuple[tuple[int, int], ...]

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.article.id,
            "path": self.article.path,
            "title": self.article.title,
            "score": round(self.score, 4),
            "snippets": [s.to_json() for s in self.snippets],
        }


SPAN_CACHE_TOKENS = 500_000
"""Token spans kept between searches, counted in tokens (about 100 bytes each): the spans of
one 10-million-word article are never kept, those of a few screens of results are."""
_spans: SizedCache[str, tuple[tuple[int, int], ...]] = SizedCache(SPAN_CACHE_TOKENS, len)


def token_spans(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of every token of `text`, aligned with CorpusIndex.doc_tokens."""
    found = _spans.get(text)
    if found is None:
        found = tuple([m.span() for m in TOKEN_PATTERN.finditer(text)])
        _spans.put(text, found)
    return found


@dataclass(slots=True)
class MatchedClause:
    """A positive clause after expansion: per word, the weighted terms it matches."""

    clause: Clause
    words: list[dict[int, float]]


def _expand(index: CorpusIndex, clause: Clause) -> MatchedClause:
    exact = clause.kind == "exact"
    fuzzy = clause.kind == "word" and not clause.negated
    words = [index.expand(word, exact=exact, fuzzy=fuzzy, prefix=clause.prefix).weights for word in clause.words]
    return MatchedClause(clause, words)


def _word_scores(index: CorpusIndex, weights: dict[int, float]) -> np.ndarray:
    body = np.zeros(len(index), dtype=np.float32)
    title = np.zeros(len(index), dtype=np.float32)
    for term, weight in weights.items():
        docs, scores = index.bm25(term)
        body[docs] = np.maximum(body[docs], scores * weight)
        title_docs = index.title_postings(term)
        title[title_docs] = np.maximum(title[title_docs], weight)
    return body * (1.0 + TITLE_BONUS * title) + title


def _phrase_positions(index: CorpusIndex, tokens: np.ndarray, words: list[dict[int, float]]) -> np.ndarray:
    """Token positions where the phrase's words occur one after another."""
    span = len(words)
    if len(tokens) < span:
        return np.zeros(0, dtype=np.int64)
    ok = np.ones(len(tokens) - span + 1, dtype=bool)
    for offset, weights in enumerate(words):
        ok &= _member(index, tokens[offset : len(tokens) - span + 1 + offset], weights)
    return np.nonzero(ok)[0]


def _member(index: CorpusIndex, tokens: np.ndarray, terms: dict[int, float]) -> np.ndarray:
    """Which tokens are one of `terms`: a lookup table over the vocabulary, one gather per token."""
    table = np.zeros(len(index.terms), dtype=bool)
    table[np.fromiter(terms, dtype=np.int64, count=len(terms))] = True
    found: np.ndarray = table[tokens]
    return found


def _phrase_docs(index: CorpusIndex, candidates: np.ndarray, words: list[dict[int, float]]) -> np.ndarray:
    """The candidate documents in which the phrase's words occur one after another (all at once, in numpy)."""
    if len(candidates) == 0:
        return candidates
    starts = index.token_offsets[candidates]
    lengths = index.token_offsets[candidates + 1] - starts
    tokens = index.tokens[range_positions(starts, lengths)]
    owner = np.repeat(np.arange(len(candidates)), lengths)
    ok = _member(index, tokens, words[0])
    for offset, weights in enumerate(words[1:], start=1):
        follows = _member(index, tokens[offset:], weights)
        follows &= owner[offset:] == owner[:-offset]
        ok[:-offset] &= follows
        ok[-offset:] = False
    matching: np.ndarray = candidates[np.unique(owner[ok])]
    return matching


def _clause_scores(index: CorpusIndex, matched: MatchedClause, *, check_phrase: bool = True) -> np.ndarray:
    """Each document's score for one clause (0: no match). For a phrase, `check_phrase=False`
    scores every document holding all its words as if the words were adjacent; the caller then
    checks adjacency only for the documents it takes (see search_iter)."""
    scores = np.zeros(len(index), dtype=np.float32)
    present = np.ones(len(index), dtype=bool)
    for weights in matched.words:
        word = _word_scores(index, weights)
        scores += word
        present &= word > 0
    if len(matched.words) > 1:
        if check_phrase:
            phrase = np.zeros(len(index), dtype=bool)
            phrase[_phrase_docs(index, np.nonzero(present)[0], matched.words)] = True
            present &= phrase
        scores *= PHRASE_BONUS
    return np.where(present, scores, 0.0).astype(np.float32)


def _with_phrases(index: CorpusIndex, order: np.ndarray, phrases: list[MatchedClause]) -> Iterator[int]:
    """The documents of `order`, in that order, in which every phrase occurs; checked a slice
    at a time (64 documents, then twice as many each time), so the first results come from a
    few hundred documents even when thousands hold the phrase's words."""
    start, size = 0, 64
    while start < len(order):
        chunk = order[start : start + size]
        for phrase in phrases:
            chunk = _phrase_docs(index, chunk, phrase.words)
        yield from chunk.tolist()
        start += size
        size *= 2


def find_hits(index: CorpusIndex, doc: Doc, text: str, matched: list[MatchedClause]) -> list[tuple[int, int]]:
    """Offsets into `text` (the document's) of every token a positive clause matches, in text order."""
    tokens = index.doc_tokens(doc)
    spans = token_spans(text)
    if len(spans) != len(tokens):
        return []  # the file changed since it was indexed: its tokens no longer line up
    marked = np.zeros(len(tokens), dtype=bool)
    for m in matched:
        if len(m.words) > 1:
            for position in _phrase_positions(index, tokens, m.words):
                marked[position : position + len(m.words)] = True
        else:
            marked |= _member(index, tokens, m.words[0])
    return [spans[i] for i in np.nonzero(marked)[0].tolist()]


def search_iter(index: CorpusIndex, query: str | Query, *, snippets: int = 1) -> Iterator[SearchResult]:
    """Every matching article, best first, built lazily (snippets are made as results are taken)."""
    parsed = parse_query(query) if isinstance(query, str) else query
    if not parsed.positive or len(index) == 0:
        return
    matched = [_expand(index, clause) for clause in parsed.positive]
    total = np.zeros(len(index), dtype=np.float32)
    present = np.ones(len(index), dtype=bool)
    for m in matched:
        scores = _clause_scores(index, m, check_phrase=False)
        total += scores
        present &= scores > 0
    for clause in parsed.negative:
        present &= _clause_scores(index, _expand(index, clause)) <= 0
    docs = np.nonzero(present)[0]
    order = docs[np.lexsort((docs, -total[docs]))]
    phrases = [m for m in matched if len(m.words) > 1]
    for doc in _with_phrases(index, order, phrases) if phrases else order.tolist():
        article = index.articles[doc]
        try:
            text = article.read_text()
        except ArticleUnreadable:
            yield SearchResult(article, doc, float(total[doc]), (), ())
            continue
        hits = find_hits(index, doc, text, matched)
        yield SearchResult(article, doc, float(total[doc]), make_snippets(text, hits, snippets), tuple(hits))


def search(index: CorpusIndex, query: str | Query, *, limit: int = 20, snippets: int = 1) -> list[SearchResult]:
    """The best `limit` matches for `query`."""
    results: list[SearchResult] = []
    for result in search_iter(index, query, snippets=snippets):
        results.append(result)
        if len(results) >= limit:
            break
    return results
