"""The in-memory index: positional postings, vocabulary keys, fuzzy and prefix expansion."""

from __future__ import annotations

import bisect
import math
from array import array
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from corpus.models import Article
from corpus.normalize import TOKEN_PATTERN, normalize, search_keys

__all__ = ["CorpusIndex", "Expansion", "edit_budget", "EXACT", "KEYED", "FUZZY", "PREFIX"]

EXACT = 1.0
"""Weight of a match on the normalized surface form."""
KEYED = 0.8
"""Weight of a match through a clitic or nisba base."""
FUZZY = 0.6
"""Weight of a spelling-variant match, scaled down by its edit distance."""
PREFIX = 0.5
"""Weight of a match on a word the last query word begins (search as you type)."""

PREFIX_LIMIT = 200
FUZZY_LIMIT = 40
K1 = 1.2
B = 0.75
TITLE_BONUS = 0.5
"""Extra score, relative to a body match, for a query word found in the title."""
_PAD_START, _PAD_END = "\x02", "\x03"

Progress = Callable[[int, int], None]


def edit_budget(word: str) -> int:
    """How many edits a fuzzy match of `word` may cost: none up to 3 letters, 1 up to 6, 2 beyond."""
    if len(word) <= 3:
        return 0
    return 1 if len(word) <= 6 else 2


class _TermIds(dict[str, int]):
    """Raw token → term id, normalizing each distinct raw token once."""

    def __init__(self, vocabulary: dict[str, int], terms: list[str]) -> None:
        super().__init__()
        self.vocabulary = vocabulary
        self.terms = terms

    def __missing__(self, raw: str) -> int:
        form = normalize(raw)
        term_id = self.vocabulary.get(form)
        if term_id is None:
            term_id = self.vocabulary[form] = len(self.terms)
            self.terms.append(form)
        self[raw] = term_id
        return term_id


def _csr(keys: np.ndarray, values: Sequence[np.ndarray], size: int) -> tuple[np.ndarray, ...]:
    """Group parallel arrays by key: returns offsets (size+1) and each value array in key order."""
    order = np.argsort(keys, kind="stable")
    counts = np.bincount(keys, minlength=size)
    offsets = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    return (offsets, *(value[order] for value in values))


@dataclass(frozen=True, slots=True)
class Expansion:
    """The terms one query word matches, each with its weight (1.0 for the exact surface form)."""

    word: str
    weights: dict[int, float]


class CorpusIndex:
    """Everything search needs, built once in memory from the loaded articles."""

    EMPTY_TERM = 0
    """Term id of tokens that normalize to nothing (a lone tatweel); never matched."""

    def __init__(self, articles: Sequence[Article], progress: Progress | None = None) -> None:
        self.articles: list[Article] = list(articles)
        self.vocabulary: dict[str, int] = {"": self.EMPTY_TERM}
        self.terms: list[str] = [""]
        ids = _TermIds(self.vocabulary, self.terms)
        tokens = array("I")
        token_offsets = array("q", [0])
        post_terms, post_docs, post_tf = array("I"), array("I"), array("I")
        title_terms, title_docs = array("I"), array("I")
        total = len(self.articles)
        step = max(1, total // 100)
        for doc, article in enumerate(self.articles):
            doc_ids = array("I", map(ids.__getitem__, TOKEN_PATTERN.findall(article.text)))
            tokens.extend(doc_ids)
            token_offsets.append(len(tokens))
            counts = Counter(doc_ids)
            post_terms.extend(counts.keys())
            post_tf.extend(counts.values())
            post_docs.extend([doc] * len(counts))
            in_title = set(map(ids.__getitem__, TOKEN_PATTERN.findall(article.title)))
            title_terms.extend(in_title)
            title_docs.extend([doc] * len(in_title))
            if progress is not None and (doc % step == 0 or doc == total - 1):
                progress(doc + 1, total)
        size = len(self.terms)
        self.tokens = np.frombuffer(tokens, dtype=np.uint32) if tokens else np.zeros(0, np.uint32)
        self.token_offsets = np.frombuffer(token_offsets, dtype=np.int64)
        self.doc_lengths = np.diff(self.token_offsets).astype(np.float32)
        self.average_length = float(self.doc_lengths.mean()) if total else 1.0
        self.post_offsets, self.post_docs, self.post_tf = _csr(
            _as_np(post_terms), [_as_np(post_docs), _as_np(post_tf)], size
        )
        self.title_offsets, self.title_docs = _csr(_as_np(title_terms), [_as_np(title_docs)], size)
        self.document_frequency = np.diff(self.post_offsets)
        self.key_terms: dict[str, list[int]] = {}
        self.term_keys: dict[int, tuple[str, ...]] = {}
        for term_id, term in enumerate(self.terms):
            keys = search_keys(term, self.vocabulary) if term else ()
            if keys:
                self.term_keys[term_id] = keys
                for key in keys:
                    self.key_terms.setdefault(key, []).append(term_id)
        self._sorted_terms: list[str] | None = None
        self._bigram_index: tuple[dict[str, int], np.ndarray, np.ndarray] | None = None
        self._term_lengths = np.fromiter((len(t) for t in self.terms), dtype=np.int32, count=size)

    def __len__(self) -> int:
        return len(self.articles)

    def term_id(self, form: str) -> int | None:
        """The id of a normalized form, or None when the corpus never uses it."""
        found = self.vocabulary.get(form)
        return None if found in (None, self.EMPTY_TERM) else found

    def doc_tokens(self, doc: int) -> np.ndarray:
        """The term ids of a document's tokens, in order: its positional postings."""
        return self.tokens[self.token_offsets[doc] : self.token_offsets[doc + 1]]

    def postings(self, term_id: int) -> tuple[np.ndarray, np.ndarray]:
        """The documents a term occurs in and how often, in document order."""
        start, end = self.post_offsets[term_id], self.post_offsets[term_id + 1]
        return self.post_docs[start:end], self.post_tf[start:end]

    def title_postings(self, term_id: int) -> np.ndarray:
        """The documents whose title holds the term."""
        return self.title_docs[self.title_offsets[term_id] : self.title_offsets[term_id + 1]]

    def bm25(self, term_id: int) -> tuple[np.ndarray, np.ndarray]:
        """BM25 weight of a term in every document it occurs in: (documents, scores)."""
        docs, tf = self.postings(term_id)
        n = len(self.articles)
        df = len(docs)
        idf = math.log(1.0 + (n - df + 0.5) / (df + 0.5))
        lengths = self.doc_lengths[docs]
        tf = tf.astype(np.float32)
        norm = K1 * (1.0 - B + B * lengths / self.average_length)
        return docs, idf * tf * (K1 + 1.0) / (tf + norm)

    def keyed_terms(self, word: str) -> list[int]:
        """Terms that share a clitic or nisba base with `word` (its other written forms)."""
        keys = {word, *search_keys(word, self.vocabulary)}
        found: set[int] = set()
        for key in keys:
            found.update(self.key_terms.get(key, ()))
            term = self.term_id(key)
            if term is not None:
                found.add(term)
        return sorted(found)

    def fuzzy_terms(self, word: str, limit: int = FUZZY_LIMIT) -> list[tuple[int, int]]:
        """(term id, edit distance) of vocabulary words within the edit budget of `word`."""
        budget = edit_budget(word)
        if budget == 0:
            return []
        grams, offsets, members = self._bigrams()
        padded = _PAD_START + word + _PAD_END
        wanted = [grams[g] for g in {padded[i : i + 2] for i in range(len(padded) - 1)} if g in grams]
        needed = (len(padded) - 1) - 2 * budget
        if not wanted or needed <= 0:
            return []
        hits = np.concatenate([members[offsets[g] : offsets[g + 1]] for g in wanted])
        counts = np.bincount(hits, minlength=len(self.terms))
        candidates = np.nonzero(counts >= needed)[0]
        lengths = self._term_lengths[candidates]
        candidates = candidates[np.abs(lengths - len(word)) <= budget]
        if len(candidates) == 0:
            return []
        choices = {int(t): self.terms[t] for t in candidates}
        scored = process.extract(
            word, choices, scorer=OSA.distance, score_cutoff=budget, limit=limit * 2
        )
        return [(term, distance) for _, distance, term in scored if self.terms[term] != word][:limit]

    def prefix_terms(self, word: str, limit: int = PREFIX_LIMIT) -> list[int]:
        """The most frequent vocabulary words that begin with `word` and are longer than it."""
        if self._sorted_terms is None:
            self._sorted_terms = sorted(self.terms[1:])
        terms = self._sorted_terms
        start = bisect.bisect_right(terms, word)
        end = bisect.bisect_left(terms, word + "\U0010ffff", lo=start)
        ids = [self.vocabulary[t] for t in terms[start : min(end, start + 20 * limit)]]
        if len(ids) > limit:
            frequency = self.document_frequency[ids]
            ids = [ids[i] for i in np.argsort(-frequency, kind="stable")[:limit]]
        return ids

    def expand(self, word: str, *, exact: bool = False, fuzzy: bool = True, prefix: bool = False) -> Expansion:
        """The terms a normalized query word matches, weighted by how directly they match it."""
        weights: dict[int, float] = {}

        def offer(term: int, weight: float) -> None:
            if weight > weights.get(term, 0.0):
                weights[term] = weight

        own = self.term_id(word)
        if own is not None:
            offer(own, EXACT)
        if exact:
            return Expansion(word, weights)
        for term in self.keyed_terms(word):
            offer(term, KEYED)
        if fuzzy:
            for term, distance in self.fuzzy_terms(word):
                weight = FUZZY * (1.0 - distance / (len(word) + 1))
                offer(term, weight)
                for related in self.keyed_terms(self.terms[term]):
                    offer(related, weight * 0.9)
        if prefix:
            for term in self.prefix_terms(word):
                offer(term, PREFIX)
        return Expansion(word, weights)

    def warm_up(self) -> None:
        """Build the lazily made structures (prefix list, bigram index) ahead of the first query."""
        self.prefix_terms("")
        self._bigrams()

    def _bigrams(self) -> tuple[dict[str, int], np.ndarray, np.ndarray]:
        if self._bigram_index is None:
            grams: dict[str, int] = {}
            gram_ids, term_ids = array("I"), array("I")
            for term_id, term in enumerate(self.terms):
                if not term:
                    continue
                padded = _PAD_START + term + _PAD_END
                own = {padded[i : i + 2] for i in range(len(padded) - 1)}
                gram_ids.extend(grams.setdefault(g, len(grams)) for g in own)
                term_ids.extend([term_id] * len(own))
            offsets, members = _csr(_as_np(gram_ids), [_as_np(term_ids)], len(grams))
            self._bigram_index = (grams, offsets, members)
        return self._bigram_index


def _as_np(values: array) -> np.ndarray:
    if not values:
        return np.zeros(0, dtype=np.int64)
    return np.frombuffer(values, dtype=np.uint32).astype(np.int64)
