"""The in-memory index: its postings (corpus.search.postings), vocabulary keys, BM25, fuzzy and prefix expansion."""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from corpus.article_columns import article_days, article_sources
from corpus.garbage_collection import set_aside
from corpus.models import Article, Doc
from corpus.packed import PackedStrings, SortedStrings, StringIndex, gather_ranges, range_positions
from corpus.search.neighbours import TermHashes
from corpus.search.postings import EMPTY_TERM, IndexArrays, KeyTerms, PostingsBuilder
from corpus.search.typos import budget as typo_budget
from corpus.search.typos import may_be_fuzzed, same_skeleton, variant_cost
from corpus.text.normalization import LONG_MARK_RUN, normalize, search_keys

__all__ = [
    "CorpusIndex",
    "Bigrams",
    "bigram_pairs",
    "bigram_table",
    "Expansion",
    "edit_budget",
    "range_positions",
    "EXACT",
    "KEYED",
    "FUZZY",
    "PREFIX",
]

EXACT = 1.0
"""Weight of a match on the normalized surface form."""
KEYED = 0.8
"""Weight of a match through another form of the word: its base without clitics, its nisba
base, or its base without a pronoun, dual, plural or feminine ending."""
FUZZY = 0.6
"""Weight of a spelling-variant match, scaled down by its edit distance."""
PREFIX = 0.5
"""Weight of a match on a word the last query word begins (search as you type)."""

SHORT_FREQUENT = 100
"""A three-letter word written in this many documents is taken as meant: it gets no variants."""
SHORT_RATIO = 8
"""A three-letter word's variant must be this many times more frequent than the word as written
(the noisy channel: خلد in 20 documents is a typo for خالد in 3,241; قدس is not one for anything)."""
FALLBACK_CLITICS = ("و", "ال", "ب", "ل", "وال", "بال", "لل", "ف")
"""Clitics put in front of a word that has neither matches nor variants, to look for variants again."""
PREFIX_LIMIT = 60
FUZZY_LIMIT = 24
KNOWN_DF = 25
"""A query word found in this many documents (by its own forms) is taken as written: its spelling
variants are still matched, one edit away (a typo often makes another real word: an article
meant by a mistyped title must still be found), but not their clitic forms, which keeps a
common word from expanding into hundreds of terms."""
K1 = 1.2
B = 0.75
TITLE_BONUS = 0.5
"""Extra score, relative to a body match, for a query word found in the title."""
_PAD_START, _PAD_END = "\x02", "\x03"


def edit_budget(word: str) -> int:
    """How many raw edits a spelling variant of `word` may have: one up to 7 letters, two beyond
    (none below 3); what they may cost is `typos.budget`."""
    if len(word) < 3:
        return 0
    return 1 if len(word) <= 7 else 2


@dataclass(frozen=True, slots=True)
class Expansion:
    """The terms one query word matches, each with its weight (1.0 for the exact surface form)."""

    word: str
    weights: dict[int, float]
    kinds: dict[int, str] = field(default_factory=dict)
    """How each term matches the word: "exact", "base" (its base without clitics or endings,
    or its nisba base), "variant" (another spelling, or a typo), "transliteration" (the Arabic
    word a Latin or Arabizi word spells) or "prefix" (search as you type)."""
    offers: tuple[int, ...] = ()
    """Spelling variants the word does not match, most frequent first: those the user may be
    offered to add (see corpus.search.expansion.offered)."""
    read_as: tuple[int, ...] = ()
    """The Arabic words a Latin or Arabizi word was read as (corpus.search.transliteration)."""


class CorpusIndex:
    """Everything search needs, built once in memory from the loaded articles."""

    EMPTY_TERM = EMPTY_TERM
    """Term id of tokens that normalize to nothing (a lone tatweel); never matched."""

    def __init__(self, articles: Sequence[Article], arrays: IndexArrays) -> None:
        """An index over `articles` from its arrays (built by `build`, or read from a snapshot).

        Raises ValueError when the arrays do not fit together or with the articles.
        """
        if len(arrays.token_offsets) != len(articles) + 1 or len(arrays.post_offsets) != len(arrays.terms) + 1:
            raise ValueError("index arrays do not match the articles and terms")
        if len(arrays.word_counts) != len(articles):
            raise ValueError("word counts do not match the articles")
        self.articles = articles
        self.arrays = arrays
        self.terms = arrays.terms
        self.vocabulary = arrays.vocabulary or dict(zip(arrays.terms, range(len(arrays.terms)), strict=True))
        self._use_arrays(arrays)
        self.doc_lengths = np.diff(self.token_offsets).astype(np.float32)
        self.average_length = float(self.doc_lengths.mean()) if len(articles) else 1.0
        self.document_frequency = np.diff(self.post_offsets)
        self.frequency = self._frequency_of()
        """A normalized form → how many documents hold it."""
        self.key_terms = arrays.key_terms if arrays.key_terms is not None else self._key_terms()
        arrays.key_terms = self.key_terms
        self._sorted_terms: Sequence[str] | None = None
        self._bigram_index: Bigrams | None = None
        self._term_hashes: TermHashes | None = None
        self._sorted_ids: np.ndarray | None = None
        self._term_lengths: np.ndarray | None = None
        self._days: np.ndarray | None = None
        self._source_keys: list[str] | None = None

    def share_arrays(self, members: Sequence[np.ndarray]) -> None:
        """Use `members` (equal to the index's numpy members, in the order of ARRAY_NAMES, read
        through memory maps) instead of its own copies: sessions then share one copy."""
        own = self.arrays.numpy_members()
        if len(members) != len(own) or any(
            a.shape != b.shape or a.dtype != b.dtype for a, b in zip(own, members, strict=True)
        ):
            raise ValueError("not the same arrays")
        shared = IndexArrays.from_members(self.terms, members, vocabulary=self.vocabulary, key_terms=self.key_terms)
        self.arrays = shared
        self._use_arrays(shared)

    def _use_arrays(self, arrays: IndexArrays) -> None:
        """Search reads the arrays as plain numpy views: still the same memory maps, without
        the cost np.memmap adds to every slice and scalar (a third of a query's time)."""
        self.tokens, self.token_offsets = np.asarray(arrays.tokens), np.asarray(arrays.token_offsets)
        self.post_offsets, self.post_docs = np.asarray(arrays.post_offsets), np.asarray(arrays.post_docs)
        self.post_tf = np.asarray(arrays.post_tf)
        self.title_offsets, self.title_docs = np.asarray(arrays.title_offsets), np.asarray(arrays.title_docs)
        self.word_counts = np.asarray(arrays.word_counts)

    @classmethod
    def build(cls, articles: Iterable[Article], *, release_texts: bool = False, part: bool = False) -> CorpusIndex:
        """Index articles as they come; with `release_texts`, each text leaves memory once indexed
        (it can be read again from its file). A `part`, to be merged into a whole, derives no
        search keys (the merge derives them for the whole vocabulary)."""
        arrays, kept = cls.build_arrays(articles, release_texts=release_texts)
        if part:
            arrays.key_terms = KeyTerms.from_dict({})
        return cls(kept, arrays)

    @staticmethod
    def build_arrays(articles: Iterable[Article], *, release_texts: bool = False) -> tuple[IndexArrays, list[Article]]:
        """The arrays of an index of `articles` (and the articles), without what is derived."""
        builder = PostingsBuilder()
        kept: list[Article] = []
        for article in articles:
            builder.add(article.read_text(), article.title)
            if release_texts:
                article.release_text()
            kept.append(article)
        return builder.finish(), kept

    def _key_terms(self) -> KeyTerms:
        """Search key → the terms found under it, derived from the vocabulary."""
        table: dict[str, list[int]] = {}
        vocabulary, frequency = self.vocabulary, self.frequency
        for term_id, term in enumerate(self.terms):
            if term:
                for key in search_keys(term, vocabulary, frequency):
                    table.setdefault(key, []).append(term_id)
        return KeyTerms.from_dict(table)

    def _frequency_of(self) -> Callable[[str], int]:
        """A normalized form → the number of documents holding it (0 when none)."""
        counts = self.document_frequency
        vocabulary = self.vocabulary

        def frequency(form: str) -> int:
            term = vocabulary.get(form)
            return 0 if term is None else int(counts[term])

        return frequency

    def __len__(self) -> int:
        return len(self.articles)

    def term_id(self, form: str) -> int | None:
        """The id of a normalized form, or None when the corpus never uses it."""
        found = self.vocabulary.get(form)
        return None if found in (None, self.EMPTY_TERM) else found

    def word_count(self, doc: Doc) -> int:
        """How many whitespace-separated words the article's text has (stored: no file is read)."""
        return int(self.word_counts[doc])

    def doc_tokens(self, doc: Doc) -> np.ndarray:
        """The term ids of a document's tokens, in order: its positional postings."""
        return self.tokens[self.token_offsets[doc] : self.token_offsets[doc + 1]]

    def postings(self, term_id: int) -> tuple[np.ndarray, np.ndarray]:
        """The documents a term occurs in and how often, in document order."""
        start, end = self.post_offsets[term_id], self.post_offsets[term_id + 1]
        return self.post_docs[start:end], self.post_tf[start:end]

    def title_postings(self, term_id: int) -> np.ndarray:
        """The documents whose title holds the term."""
        return self.title_docs[self.title_offsets[term_id] : self.title_offsets[term_id + 1]]

    def bm25_many(self, weights: dict[int, float]) -> tuple[np.ndarray, np.ndarray]:
        """The BM25 weight of many terms in every document each occurs in, each scaled by the
        term's weight, all at once: (documents, scores), the postings of one term after another
        (a document may come more than once)."""
        ids = np.fromiter(weights, dtype=np.int64, count=len(weights))
        starts = self.post_offsets[ids]
        lengths = self.post_offsets[ids + 1] - starts
        docs = gather_ranges(self.post_docs, starts, lengths)
        tf = gather_ranges(self.post_tf, starts, lengths).astype(np.float32)
        n = len(self.articles)
        df = lengths.astype(np.float64)
        idf = np.repeat(np.log(1.0 + (n - df + 0.5) / (df + 0.5)).astype(np.float32), lengths)
        scale = np.repeat(np.fromiter(weights.values(), dtype=np.float32, count=len(weights)), lengths)
        norm = K1 * (1.0 - B + B * self.doc_lengths[docs] / self.average_length)
        return docs, idf * tf * (K1 + 1.0) / (tf + norm) * scale

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
            if text == word or not text.startswith(clitic) or any(c.isdigit() for c in text):
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
        common = [g for g in wanted if offsets[g + 1] - offsets[g] > len(self.terms) // COMMON_BIGRAM]
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
        return process.extract(word, choices, scorer=OSA.distance, score_cutoff=budget, limit=limit * 4)

    def article_days(self) -> np.ndarray:
        """Each article's date as YYYYMMDD (0: none), made once."""
        if self._days is None:
            self._days = article_days(self.articles)
        return self._days

    def source_keys(self) -> list[str]:
        """Each article's source name, normalized and case-folded, as source: filters match it; made once."""
        if self._source_keys is None:
            self._source_keys = [normalize(name).casefold() for name in article_sources(self.articles)]
        return self._source_keys

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
        if self._sorted_ids is not None:
            ids = self._sorted_ids[start : min(end, start + 20 * limit)].tolist()
        else:
            ids = [self.vocabulary[t] for t in terms[start : min(end, start + 20 * limit)]]
        if len(ids) > limit:
            frequency = self.document_frequency[ids]
            ids = [ids[i] for i in np.argsort(-frequency, kind="stable")[:limit]]
        return ids

    def warm_up(self) -> None:
        """Build the lazily made structures (prefix list, bigram index, vocabulary hashes and
        the lookup's directory) ahead of the first query,
        then set them aside from the collector's passes, as open_corpus does with the index; and
        what the first query would otherwise pay for: numpy.ma, which numpy imports on the first
        np.unique (20 ms), and the pattern that long text is normalized with (70 ms)."""
        import numpy.ma  # noqa: F401

        self.prefix_terms("")
        self.bigrams()
        self.term_hashes()
        self.term_id("")
        normalize("ا" * (LONG_MARK_RUN + 1))
        set_aside()

    def term_hashes(self) -> TermHashes:
        """The vocabulary's hashes: its words one edit from a query word, looked up (made once)."""
        if self._term_hashes is None:
            self._term_hashes = TermHashes.of(self.terms)
        return self._term_hashes

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
        self.terms = self.arrays.terms = terms
        self.vocabulary = self.arrays.vocabulary = vocabulary
        self.key_terms = self.arrays.key_terms = key_terms
        self._term_lengths = lengths
        self._sorted_terms = None
        self.frequency = self._frequency_of()

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
