"""A word's final ى and ي: one word or two, as the archive's careful writers write them.

The index keeps a final ى apart from ي (corpus.text.normalization.index_form), except in an
article that writes ي as ى (فى, الذى), whose ى it folds. Whether a word typed with one letter
also means the word written with the other is read from the articles that keep them apart: a
spelling those writers hardly use beside the other is a slip of some writers (مستشفي beside
مستشفى, المصرى beside المصري): one word; two spellings both of them use are two words (علي "Ali"
and على "on", مني and منى)."""

from __future__ import annotations

import threading
import weakref
from typing import TYPE_CHECKING

import numpy as np

from corpus.text.normalization import fold_final_ya, twin_with_maqsura

if TYPE_CHECKING:
    from corpus.search.index import CorpusIndex

__all__ = ["YA_WORD_SHARE", "held_term", "ya_twin"]

YA_WORD_SHARE = 0.05
"""Two spellings of a word, with a final ي and with ى, are one word when the articles that write ى
apart from ي hold one of them in fewer than this share of the articles where they hold the other:
a slip of some writers. Above, each is a word of its own (علي "Ali" is 7% of على "on", على 14 times
علي; لدي "I have", مبني "built", يبقي "keeps"). Measured over the 455 such pairs of the 69k bench
held by 30 articles or more: slips lie below 3%, words of their own mostly above 6%."""
_writers: weakref.WeakKeyDictionary[CorpusIndex, np.ndarray] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def _spellings(index: CorpusIndex, form: str) -> tuple[int | None, int | None]:
    """The terms of a form written with a final ي and with ى (None where the archive has none)."""
    plain = fold_final_ya(form)
    maqsura = twin_with_maqsura(plain)
    return index.term_id(plain), index.term_id(maqsura) if maqsura is not None else None


def _one_word(index: CorpusIndex, ya: int, maqsura: int) -> bool:
    """Whether the two spellings are one word (YA_WORD_SHARE)."""
    writers = _writers_apart(index)
    with_ya = int(np.count_nonzero(writers[index.postings(ya)[0]]))
    with_maqsura = int(np.count_nonzero(writers[index.postings(maqsura)[0]]))
    return with_ya < YA_WORD_SHARE * max(1, with_maqsura) or with_maqsura < YA_WORD_SHARE * max(1, with_ya)


def ya_twin(index: CorpusIndex, word: str) -> int | None:
    """The term of `word` with its final ي written ى or the other way, where the archive reads the
    two as one word, or holds only that one (فى, which no careful writer writes, is في); else None."""
    ya, maqsura = _spellings(index, word)
    own, other = (ya, maqsura) if word == fold_final_ya(word) else (maqsura, ya)
    if own is None or other is None:
        return other if own is None else None
    return other if _one_word(index, own, other) else None


def held_term(index: CorpusIndex, form: str) -> int | None:
    """The term of a normalized form (a list's, which writes a final ى as ي) as the archive writes
    it: the form itself, or its spelling with ى where the archive holds only that or reads the two
    as one word and writes that one more (موسي is موسى; علي stays علي, "Ali", never على "on")."""
    ya, maqsura = _spellings(index, form)
    if ya is None or maqsura is None:
        return ya if ya is not None else maqsura
    if _one_word(index, ya, maqsura):
        return max((ya, maqsura), key=lambda term: int(index.document_frequency[term]))
    return ya if form == fold_final_ya(form) else maqsura


def _writers_apart(index: CorpusIndex) -> np.ndarray:
    """Per document, whether it writes ى apart from ي: it holds إلى or حتى with ى, and neither with ي.
    Made once per index."""
    with _lock:
        found = _writers.get(index)
    if found is None:
        found = np.zeros(len(index), dtype=bool)
        for forms, writes_apart in ((("الى", "حتى"), True), (("الي", "حتي"), False)):
            for form in forms:
                if (term := index.term_id(form)) is not None:
                    found[index.postings(term)[0]] = writes_apart
        with _lock:
            _writers[index] = found
    return found
