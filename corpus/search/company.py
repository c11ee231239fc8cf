"""The company a word keeps in the archive: which words stand right before or after it, counted
in articles, read from the index's token arrays (the entity table asks whether a word the
tagger seldom names is written as a name: نادي الهلال, ميدان التحرير)."""

from __future__ import annotations

from collections.abc import Collection

import numpy as np

from corpus.search.index import CorpusIndex
from corpus.search.phrases import phrase_docs

__all__ = ["WordCompany"]

SAMPLED_ARTICLES = 5_000
"""Articles of a word read at most (its first in archive order): a million-article archive's
common word is not read whole to count a few dozen phrases."""


class WordCompany:
    """Counts over the articles holding a word, given as normalized (its final ة as ه: the index
    keeps a ة, so both spellings are looked up)."""

    def __init__(self, index: CorpusIndex, sampled: int = SAMPLED_ARTICLES) -> None:
        self.index = index
        self.sampled = sampled

    def _terms(self, form: str) -> list[int]:
        spellings = (form, form[:-1] + "ة") if form.endswith("ه") else (form,)
        return [term for spelling in spellings if (term := self.index.term_id(spelling)) is not None]

    def _docs(self, terms: list[int]) -> np.ndarray:
        held = [np.asarray(self.index.postings(term)[0], dtype=np.int64) for term in terms]
        docs: np.ndarray = np.unique(np.concatenate(held)) if held else np.zeros(0, dtype=np.int64)
        return docs[: self.sampled]

    def articles_after(self, word: str, before: Collection[str]) -> int:
        """Articles (of those read) holding `word` right after one of the forms `before`."""
        terms = self._terms(word)
        heads = [term for form in before for term in self._terms(form)]
        docs = self._docs(terms)
        if not heads or not len(docs):
            return 0
        return len(phrase_docs(self.index, docs, [dict.fromkeys(heads, 1.0), dict.fromkeys(terms, 1.0)]))

    def partner_share(self, word: str) -> float:
        """The largest share of the word's articles (of those read) in which one same word stands
        right before it, or one same word right after it (نيوز after سكاي: a piece of سكاي نيوز)."""
        terms = self._terms(word)
        docs = self._docs(terms)
        if not len(docs):
            return 0.0
        starts = self.index.token_offsets[docs]
        lengths = self.index.token_offsets[docs + 1] - starts
        tokens = np.asarray(self.index.tokens_in(starts, lengths))
        ends = np.cumsum(lengths)
        at = np.flatnonzero(np.isin(tokens, terms))
        owner = np.searchsorted(ends, at, side="right")
        most = 0
        for step in (-1, 1):
            beside = at + step
            inside = (beside >= 0) & (beside < len(tokens))
            inside[inside] = np.searchsorted(ends, beside[inside], side="right") == owner[inside]
            pairs = np.unique(owner[inside].astype(np.int64) << 32 | tokens[beside[inside]].astype(np.int64))
            if len(pairs):
                most = max(most, int(np.unique(pairs & 0xFFFFFFFF, return_counts=True)[1].max()))
        return most / len(docs)
