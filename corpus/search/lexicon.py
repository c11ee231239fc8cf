"""The vocabulary of an index: each term by id, the lookup of a normalized form, the search
keys (a clitic or nisba base → its terms), how many documents hold each term, and the lookups
made over it for a query word: its spelling variants (one edit away by hash, two by bigram
candidates), the words it begins, in code point order."""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Callable, Container, Iterable, Mapping, Sequence

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from corpus.packed import PackedStrings, SortedStrings, StringIndex, WithoutSome
from corpus.search.neighbours import TermHashes
from corpus.search.postings import EMPTY_TERM, KeyTerms
from corpus.search.typos import budget as typo_budget
from corpus.search.typos import may_be_fuzzed, same_skeleton, variant_cost
from corpus.text.normalization import folded_ta, search_keys

__all__ = [
    "Bigrams",
    "Lexicon",
    "NormalizedForms",
    "normalized_frequency",
    "term_keys",
    "bigram_pairs",
    "bigram_table",
    "edit_budget",
    "FUZZY_LIMIT",
    "PREFIX_LIMIT",
]

SHORT_FREQUENT = 100
"""A three-letter word written in this many documents is taken as meant: it gets no variants."""
SHORT_RATIO = 8
"""A three-letter word's variant must be this many times more frequent than the word as written
(the noisy channel: خلد in 20 documents is a typo for خالد in 3,241; قدس is not one for anything)."""
PREFIX_LIMIT = 60
FUZZY_LIMIT = 24
KNOWN_DF = 25
"""A query word found in this many documents (by its own forms) is taken as written: its spelling
variants are still matched, one edit away (a typo often makes another real word: an article
meant by a mistyped title must still be found), but not their clitic forms, which keeps a
common word from expanding into hundreds of terms."""
_PAD_START, _PAD_END = "\x02", "\x03"


def edit_budget(word: str) -> int:
    """How many raw edits a spelling variant of `word` may have: one up to 7 letters, two beyond
    (none below 3); what they may cost is `typos.budget`."""
    if len(word) < 3:
        return 0
    return 1 if len(word) <= 7 else 2


class NormalizedForms(Container[str]):
    """A vocabulary of index forms seen as `normalize` writes words: a form in ه is held where the
    archive writes it with a final ه or ة (حكومه for حكومة), which is how the search keys are
    derived and looked up (corpus.text.normalization.search_keys)."""

    __slots__ = ("vocabulary",)

    def __init__(self, vocabulary: Container[str]) -> None:
        self.vocabulary = vocabulary

    def __contains__(self, form: object) -> bool:
        if not isinstance(form, str):
            return False
        return form in self.vocabulary or (form.endswith("ه") and form[:-1] + "ة" in self.vocabulary)


def normalized_frequency(vocabulary: Mapping[str, int], counts: np.ndarray | Sequence[int]) -> Callable[[str], int]:
    """A normalized form → how many documents hold it as the index writes it (a form in ه: with a
    final ه, and with ة, as `normalize` folds them; the two counts summed)."""

    def frequency(form: str) -> int:
        term = vocabulary.get(form)
        found = 0 if term is None else int(counts[term])
        if form.endswith("ه"):
            twin = vocabulary.get(form[:-1] + "ة")
            if twin is not None:
                found += int(counts[twin])
        return found

    return frequency


def term_keys(term: str, forms: Container[str], frequency: Callable[[str], int]) -> tuple[str, ...]:
    """The search keys of an index term: those of its normalized form, where a term written with
    a final ة is a feminine noun (its ة no pronoun: العملة is not العمل + ه)."""
    return search_keys(folded_ta(term), forms, frequency, feminine=term.endswith("ة"))


class Lexicon:
    """The terms of an index and the lookups over them (see the module doc)."""

    def __init__(
        self,
        terms: Sequence[str],
        vocabulary: Mapping[str, int] | None,
        key_terms: KeyTerms | None,
        document_frequency: np.ndarray,
        hidden: np.ndarray | None = None,
    ) -> None:
        """`vocabulary` (term → id) is made from `terms` when None, `key_terms` derived from them.
        `hidden`: terms only deleted documents hold (corpus.search.segmented), which lookups
        for a query never give: for search they are not in the vocabulary."""
        self.terms = terms
        self.vocabulary: Mapping[str, int] = vocabulary or dict(zip(terms, range(len(terms)), strict=True))
        """Every term → its id, the hidden ones too (what a merge numbers by)."""
        self.hidden = frozenset(() if hidden is None else np.asarray(hidden, dtype=np.int64).tolist())
        self.live_vocabulary = self._without_hidden()
        """The vocabulary as search sees it: the hidden terms left out."""
        self.document_frequency = document_frequency
        """How many documents hold each term, by id."""
        self.frequency = self._frequency_of()
        """A normalized form → how many documents hold it."""
        self.key_terms = key_terms if key_terms is not None else self._key_terms()
        self._sorted_terms: Sequence[str] | None = None
        self._bigram_index: Bigrams | None = None
        self._term_hashes: TermHashes | None = None
        self._sorted_ids: np.ndarray | None = None
        self._term_lengths: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.terms)

    def _without_hidden(self) -> Mapping[str, int]:
        if not self.hidden:
            return self.vocabulary
        terms = self.terms
        return WithoutSome(self.vocabulary, frozenset(terms[term] for term in self.hidden))

    def _key_terms(self) -> KeyTerms:
        """Search key → the terms found under it, derived from the vocabulary (hidden terms have none)."""
        table: dict[str, list[int]] = {}
        forms, frequency, hidden = NormalizedForms(self.live_vocabulary), self.frequency, self.hidden
        for term_id, term in enumerate(self.terms):
            if term and term_id not in hidden:
                for key in term_keys(term, forms, frequency):
                    table.setdefault(key, []).append(term_id)
        return KeyTerms.from_dict(table)

    def _frequency_of(self) -> Callable[[str], int]:
        """A normalized form → the number of documents holding it (0 when none; normalized_frequency)."""
        return normalized_frequency(self.vocabulary, self.document_frequency)

    @property
    def forms(self) -> NormalizedForms:
        """The vocabulary as search keys see it (NormalizedForms)."""
        return NormalizedForms(self.live_vocabulary)

    def term_id(self, form: str) -> int | None:
        """The id of a form as the index writes it (`index_form`: a final ى and ة kept), or None
        when the corpus never uses it."""
        found = self.vocabulary.get(form)
        return None if found in (None, EMPTY_TERM) or found in self.hidden else found

    def fuzzy_terms(
        self, word: str, limit: int = FUZZY_LIMIT, *, clitic: str = "", one_edit: bool = False
    ) -> list[tuple[int, float]]:
        """(term id, cost) of the vocabulary's spelling variants of `word`, cheapest then most
        frequent first: within its budget (typos.budget), keeping its first or last letter, never
        for numbers or acronyms. A three-letter word reaches only words far more frequent than it
        (خلد → خالد), and only when it is itself rare (SHORT_FREQUENT, SHORT_RATIO).
        With `clitic`, variants of the word written with that clitic in front are looked for,
        on the budget of the word alone; with `one_edit`, only variants one edit away."""
        budget = min(edit_budget(word), 1) if one_edit else edit_budget(word)
        if budget == 0 or not may_be_fuzzed(word):
            return []
        surface = self.frequency(word)
        if len(word) == 3 and surface >= SHORT_FREQUENT:
            return []
        allowed = typo_budget(word)
        written = word
        word = clitic + word
        if budget == 1 and not clitic:
            scored = [(text, 1, term) for term, text in self.term_hashes().one_edit(word, self.terms)]
        else:
            scored = self._distant_terms(word, budget, limit)
        frequency = self.document_frequency
        found: list[tuple[int, float, int]] = []
        for text, distance, term in scored:
            if term in self.hidden or text == word or not text.startswith(clitic) or any(c.isdigit() for c in text):
                continue
            if not same_skeleton(written, text[len(clitic) :]):
                continue
            cost = variant_cost(word, text, int(distance))
            seen = int(frequency[term])
            if cost > allowed or (len(written) == 3 and seen < max(KNOWN_DF, SHORT_RATIO * surface)):
                continue
            found.append((term, cost, seen))
        found.sort(key=lambda item: (item[1], -item[2]))
        return [(term, cost) for term, cost, _ in found[:limit]]

    def _distant_terms(self, word: str, budget: int, limit: int) -> list[tuple[str, int, int]]:
        """(term, distance, term id) of vocabulary words at most `budget` edits from `word` (two,
        or with a clitic), at most 4 × `limit` of the nearest: those sharing enough of its
        bigrams, measured (more than one edit is too many neighbours to hash)."""
        grams, offsets, members = self.bigrams()
        padded = _PAD_START + word + _PAD_END
        wanted = [grams[g] for g in {padded[i : i + 2] for i in range(len(padded) - 1)} if g in grams]
        # Each edit breaks at most two of the word's bigrams, a swap of two neighbours three.
        needed = (len(padded) - 1) - 2 * budget - (1 if budget == 1 else 0)
        if not wanted or needed <= 0 or needed > len(wanted):
            return []
        # The count is only a filter before rapidfuzz's exact distance: leaving out the bigrams
        # that a fifth of the vocabulary holds (ال, the padded ا at the start) and needing as
        # many fewer lets more candidates through, for a third of the work; the distance then
        # decides (a few two-edit variants the stricter count missed are found now).
        common = [
            g for g in wanted if offsets[g + 1] - offsets[g] > (len(self.terms) - len(self.hidden)) // COMMON_BIGRAM
        ]
        if common and needed - len(common) >= 2:
            wanted, needed = [g for g in wanted if g not in common], needed - len(common)
        hits = np.concatenate([members[offsets[g] : offsets[g + 1]] for g in wanted])
        counts = np.bincount(hits, minlength=len(self.terms))
        candidates = np.nonzero(counts >= needed)[0]
        lengths = self.term_lengths()[candidates]
        candidates = candidates[np.abs(lengths - len(word)) <= budget]
        if len(candidates) == 0:
            return []
        terms = self.terms
        texts = terms.many(candidates) if isinstance(terms, PackedStrings) else [terms[t] for t in candidates]
        choices = dict(zip(candidates.tolist(), texts, strict=True))
        return process.extract(  # hidden terms are left out after: room for as many more
            word, choices, scorer=OSA.distance, score_cutoff=budget, limit=limit * 4 + len(self.hidden)
        )

    def term_lengths(self) -> np.ndarray:
        """Each term's length in characters, by term id, made once (or as saved)."""
        if self._term_lengths is None:
            self._term_lengths = np.fromiter(map(len, self.terms), dtype=np.int32, count=len(self.terms))
        return self._term_lengths

    def sorted_terms(self) -> Sequence[str]:
        """The vocabulary in code point order (without the empty term), made once: a view of a
        saved column in its saved order, else a list."""
        if self._sorted_terms is None:
            if self._sorted_ids is not None and isinstance(self.terms, PackedStrings):
                self._sorted_terms = SortedStrings(self.terms, self._sorted_ids)
            elif self._sorted_ids is not None:
                terms = self.terms
                self._sorted_terms = [terms[i] for i in self._sorted_ids.tolist()]
            else:
                self._sorted_terms = sorted(self.terms[1:])
        return self._sorted_terms

    def prefix_terms(self, word: str, limit: int = PREFIX_LIMIT) -> list[int]:
        """The most frequent vocabulary words that begin with `word` and are longer than it."""
        terms = self.sorted_terms()
        start = bisect.bisect_right(terms, word)
        end = bisect.bisect_left(terms, word + "\U0010ffff", lo=start)
        ids: list[int]
        window = 20 * limit + len(self.hidden)  # a window of 20 × limit words search knows
        if self._sorted_ids is not None:
            ids = self._sorted_ids[start : min(end, start + window)].tolist()
        else:
            ids = [self.vocabulary[t] for t in terms[start : min(end, start + window)]]
        if self.hidden:
            ids = [term for term in ids if term not in self.hidden][: 20 * limit]
        if len(ids) > limit:
            frequency = self.document_frequency[ids]
            ids = [ids[i] for i in np.argsort(-frequency, kind="stable")[:limit]]
        return ids

    def term_hashes(self) -> TermHashes:
        """The vocabulary's hashes: its words one edit from a query word, looked up (made once)."""
        if self._term_hashes is None:
            self._term_hashes = TermHashes.of(self.terms)
        return self._term_hashes

    def known_term_hashes(self) -> TermHashes | None:
        """The vocabulary's hashes when saved, carried or made already (never made here)."""
        return self._term_hashes

    def known_term_lengths(self) -> np.ndarray | None:
        """The terms' lengths when saved, carried or counted already (never counted here)."""
        return self._term_lengths

    def bigrams(self) -> Bigrams:
        """Bigram (of the padded term) → the terms holding it: the candidates of fuzzy matching."""
        if self._bigram_index is None:
            grams: dict[str, int] = {}
            gram_ids, term_ids = bigram_pairs(enumerate(self.terms), grams)
            self._bigram_index = bigram_table(grams, gram_ids, term_ids)
        return self._bigram_index

    def use_saved_strings(
        self, terms: PackedStrings, vocabulary: StringIndex, key_terms: KeyTerms, lengths: np.ndarray
    ) -> None:
        """Use the saved (memory-mapped) terms, term lookup, key table and term lengths, equal to
        this index's own: the session then holds no Python string per term."""
        if len(terms) != len(self.terms) or len(lengths) != len(self.terms) or len(key_terms) != len(self.key_terms):
            raise ValueError("not the same vocabulary")
        self.terms, self.vocabulary, self.key_terms = terms, vocabulary, key_terms
        self.live_vocabulary = self._without_hidden()
        self._term_lengths = lengths
        self._sorted_terms = None
        self.frequency = self._frequency_of()

    def use_term_lengths(self, lengths: np.ndarray) -> None:
        """Each term's length, as term_lengths would count them (a merge carries the base's)."""
        if len(lengths) != len(self.terms):
            raise ValueError("not one length a term")
        self._term_lengths = lengths

    def use_derived(self, bigrams: Bigrams, sorted_ids: np.ndarray, hashes: TermHashes | None = None) -> None:
        """Take the bigram table, the code point order of the terms and their hashes as saved
        or merged, instead of deriving them again (one and a half seconds on 69k articles)."""
        if len(sorted_ids) != len(self.terms) - 1:
            raise ValueError("the order of the terms does not cover them")
        if hashes is not None and len(hashes.hashes) != len(self.terms):
            raise ValueError("the hashes do not cover the terms")
        self._bigram_index = bigrams
        self._sorted_ids = sorted_ids
        self._term_hashes = hashes

    def sorted_ids(self) -> np.ndarray:
        """The ids of the terms (the empty term left out) in code point order of the terms."""
        if self._sorted_ids is None:
            self._sorted_ids = np.array([self.vocabulary[t] for t in self.sorted_terms()], dtype=np.uint32)
        return self._sorted_ids


Bigrams = tuple[dict[str, int], np.ndarray, np.ndarray]
"""(bigram → number, offsets by number, term ids): the terms holding each bigram, in term order."""


COMMON_BIGRAM = 5
"""A bigram held by more than a 1/COMMON_BIGRAM of the vocabulary is not counted by fuzzy_terms."""


def bigram_pairs(terms: Iterable[tuple[int, str]], grams: dict[str, int]) -> tuple[array[int], array[int]]:
    """(bigram number, term id) for every distinct bigram of every padded term; new bigrams are
    numbered in `grams` as they come."""
    gram_ids, term_ids = array("I"), array("I")
    for term_id, term in terms:
        if not term:
            continue
        padded = _PAD_START + term + _PAD_END
        own = {padded[i : i + 2] for i in range(len(padded) - 1)}
        gram_ids.extend(grams.setdefault(g, len(grams)) for g in own)
        term_ids.extend([term_id] * len(own))
    return gram_ids, term_ids


def bigram_table(
    grams: dict[str, int], gram_ids: Sequence[int] | np.ndarray, term_ids: Sequence[int] | np.ndarray
) -> Bigrams:
    """The table from (bigram number, term id) pairs given in term order."""
    keys = np.asarray(gram_ids, dtype=np.uint32) if len(gram_ids) else np.zeros(0, np.uint32)
    order = np.argsort(keys, kind="stable")
    offsets = np.zeros(len(grams) + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys, minlength=len(grams)), out=offsets[1:])
    members = np.asarray(term_ids, dtype=np.uint32)[order] if len(term_ids) else np.zeros(0, np.uint32)
    return grams, offsets, members
