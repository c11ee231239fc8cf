"""A word's final ة and ه: one word or two, as the archive's writers write them.

The index keeps a final ة apart from ه (corpus.text.normalization.index_form): عملة ("currency")
is not عمله ("his work"), ابنة ("daughter") not ابنه ("his son"), والدة ("mother") not والده ("his
father"). Some writers put ه for ة (الحكومه), and some words are written either way (الدكتوراه,
الدكتوراة). Whether a word typed with one letter also means the word written with the other is
read from the articles that write ة (those holding one of the archive's commonest words in ة): a
spelling they hardly use beside the other is a slip (الحكومه beside الحكومة), and so is a ه after
what is no word of the archive (بنزيمه: no بنزيم, so its ه is no pronoun); two spellings both of
them use, the ه after a word, are two words.
"""

from __future__ import annotations

import threading
import weakref
from typing import TYPE_CHECKING

import numpy as np

from corpus.search.final_ya import held_term
from corpus.text.normalization import folded_ta, seen_with_article, twin_with_ta

if TYPE_CHECKING:
    from corpus.search.index import CorpusIndex

__all__ = [
    "STEM_ARTICLES",
    "TA_WORD_SHARE",
    "held_spelling",
    "spelled_apart",
    "ta_twin",
    "ta_spellings",
    "writers_of_ta",
]

TA_WORD_SHARE = 0.05
"""Two spellings of a word, with a final ة and with ه, are one word when the articles that write ة
hold one of them in fewer than this share of the articles where they hold the other. Over the
6,685 words in ة held by 30 articles or more of the 69k bench, 349 have a twin in ه above it:
والده ("his father") is 2.6 times والدة, مكتبه 1.9 times مكتبة, عمله 4.2 times عملة; slips such as
الحكومه (0 beside 7,379) and المدينه (4 beside 3,779) lie far below."""
TA_WORD_ARTICLES = 3
"""The twin in ه is a word of its own only where at least this many of those articles hold it."""
STEM_ARTICLES = 3
"""A final ه is a pronoun only after a word the archive holds in this many articles, bare or with
the article: بنزيمه is بنزيمة (Benzema; no بنزيم), وحده ("alone") is وحد + ه beside وحدة ("unit")."""
COMMONEST = 400
"""The commonest terms of an archive looked at for words in ة: an article holding one of them
writes ة (nearly every article of a careful archive holds one of them)."""
_writers: weakref.WeakKeyDictionary[CorpusIndex, np.ndarray] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def ta_spellings(index: CorpusIndex, form: str) -> tuple[int | None, int | None]:
    """The terms of a form written with a final ة and with ه (None where the archive has none)."""
    with_ha = folded_ta(form)
    with_ta = twin_with_ta(with_ha)
    return (index.term_id(with_ta) if with_ta is not None else None), index.term_id(with_ha)


def ta_twin(index: CorpusIndex, word: str) -> int | None:
    """The term of `word` with its final ة written ه or the other way, where the archive reads
    the two as one word, or holds only that one; else None."""
    if not word.endswith(("ة", "ه")):
        return None
    ta, ha = ta_spellings(index, word)
    own, other = (ta, ha) if word.endswith("ة") else (ha, ta)
    if ta is None or ha is None:
        return other if own is None else None
    return None if _apart(index, word, ta, ha) else other


def held_spelling(index: CorpusIndex, form: str) -> int | None:
    """The term of a normalized form (a list's, or a Latin word's reading, which write a final ة
    as ه and ى as ي) as the archive writes it: in ة or ه, the spelling more articles hold (فاطمه is
    فاطمة); otherwise as final_ya.held_term finds it (موسي is موسى)."""
    if not form.endswith("ه"):
        return held_term(index, form)
    ta, ha = ta_spellings(index, form)
    if ta is None or ha is None:
        return ha if ta is None else ta
    return max((ta, ha), key=lambda term: int(index.document_frequency[term]))


def spelled_apart(index: CorpusIndex, form: str) -> bool:
    """Whether the archive writes `form` (ending in ه or ة) with a final ة and with ه as two
    words (عملة and عمله), so that what is written one way is not found by the other."""
    ta, ha = ta_spellings(index, form)
    return ta is not None and ha is not None and _apart(index, form, ta, ha)


def _apart(index: CorpusIndex, form: str, ta: int, ha: int) -> bool:
    """Whether the two spellings are two words (TA_WORD_SHARE, TA_WORD_ARTICLES, STEM_ARTICLES)."""
    if seen_with_article(folded_ta(form)[:-1], index.frequency) < STEM_ARTICLES:
        return False
    writers = writers_of_ta(index)
    with_ta = int(np.count_nonzero(writers[index.postings(ta)[0]]))
    with_ha = int(np.count_nonzero(writers[index.postings(ha)[0]]))
    if with_ha < TA_WORD_ARTICLES:
        return False
    return with_ha >= TA_WORD_SHARE * max(1, with_ta) and with_ta >= TA_WORD_SHARE * max(1, with_ha)


def writers_of_ta(index: CorpusIndex) -> np.ndarray:
    """Per document, whether it writes ة: it holds one of the COMMONEST terms that end in ة (made
    once per index: 25 ms for the 69k bench, so Archive.warm_up makes it before a first query)."""
    with _lock:
        found = _writers.get(index)
    if found is None:
        found = np.zeros(len(index), dtype=bool)
        frequency = np.asarray(index.document_frequency)
        count = min(COMMONEST, len(frequency))
        commonest = np.argpartition(-frequency, count - 1)[:count] if count else np.zeros(0, dtype=np.int64)
        for term in commonest.tolist():
            if index.terms[term].endswith("ة"):
                found[index.postings(term)[0]] = True
        with _lock:
            _writers[index] = found
    return found
