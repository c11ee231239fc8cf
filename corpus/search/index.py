"""The in-memory index: its postings (corpus.search.postings) and BM25 over them, its lexicon
(corpus.search.lexicon: the vocabulary, search keys, spelling variants and prefixes)."""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from corpus.article_columns import ArticleColumns, article_days, article_sources
from corpus.garbage_collection import set_aside
from corpus.models import Article, Doc
from corpus.packed import PackedStrings, StringIndex, gather_ranges, packed_parts
from corpus.saved_folders import release_whole
from corpus.search.archive_order import ArchiveOrder
from corpus.search.lexicon import Lexicon, edit_budget
from corpus.search.postings import EMPTY_TERM, IndexArrays, KeyTerms, PostingsBuilder
from corpus.text.boilerplate import trailing_furniture
from corpus.text.normalization import LONG_MARK_RUN, normalize

__all__ = [
    "CorpusIndex",
    "indexed_text",
    "Expansion",
    "edit_budget",
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

FALLBACK_CLITICS = ("و", "ال", "ب", "ل", "وال", "بال", "لل", "ف")
"""Clitics put in front of a word that has neither matches nor variants, to look for variants again."""
K1 = 1.2
B = 0.75
TITLE_BONUS = 0.5
"""Extra score, relative to a body match, for a query word found in the title."""


def indexed_text(text: str) -> str:
    """What of an article's text is indexed, a prefix of it: not the site's furniture at its end
    ("get our app", an opinion disclaimer: corpus.text.boilerplate.trailing_furniture). Its tokens
    are the article's positional postings, which hits and written forms line up with."""
    return text[: trailing_furniture(text)]


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
    unless_none: dict[int, float] = field(default_factory=dict)
    """Variants (with weights, each a "variant") matched only when the query without them is in
    no article: the likeliest typos of a rare word the archive holds (corpus.search.plan)."""


class CorpusIndex:
    """Everything search needs, built once in memory from the loaded articles."""

    EMPTY_TERM = EMPTY_TERM
    """Term id of tokens that normalize to nothing (a lone tatweel); never matched."""
    names_by_article: frozenset[str] = frozenset()
    """Names (normalized) the archive writes only with the article or only without it: their other
    forms are other words (الخليل, not خليل; حماس, not الحماس; set from the entity table:
    expansion.use_names_by_article)."""
    archive_order: ArchiveOrder | None = None
    """What breaks ties in the orders shown when the articles' numbering is not the archive's
    order (set by the archive from its file table: corpus.search.archive_order); None: the
    numbering."""

    def __init__(self, articles: Sequence[Article], arrays: IndexArrays) -> None:
        """An index over `articles` from its arrays (built by `build`, or read from a snapshot).

        Raises ValueError when the arrays do not fit together or with the articles.
        """
        self._check_shapes(articles, arrays)
        self.articles = articles
        self.arrays = arrays
        self._use_arrays(arrays)
        self.doc_lengths = np.diff(self.token_offsets).astype(np.float32)
        self.average_length = float(self.doc_lengths.mean()) if len(articles) else 1.0
        self.document_frequency = self._document_frequency()
        """How many documents hold each term, by id."""
        self.lexicon = Lexicon(
            arrays.terms, arrays.vocabulary, arrays.key_terms, self.document_frequency, self._hidden_terms()
        )
        """The vocabulary and the lookups over it (spelling variants, prefixes)."""
        arrays.vocabulary, arrays.key_terms = self.lexicon.vocabulary, self.lexicon.key_terms
        self._days: np.ndarray | None = None
        self._source_keys: list[str] | None = None
        self._source_numbers: np.ndarray | None = None
        self._distinct_sources: frozenset[str] | None = None

    def _check_shapes(self, articles: Sequence[Article], arrays: IndexArrays) -> None:
        if len(arrays.token_offsets) != len(articles) + 1 or len(arrays.post_offsets) != len(arrays.terms) + 1:
            raise ValueError("index arrays do not match the articles and terms")
        if len(arrays.word_counts) != len(articles):
            raise ValueError("word counts do not match the articles")

    def _document_frequency(self) -> np.ndarray:
        return np.diff(self.post_offsets)

    def _hidden_terms(self) -> np.ndarray | None:
        """Terms no live document holds that search must not know (corpus.search.segmented)."""
        return None

    @property
    def segmented(self) -> bool:
        """True for an index read from a base and a tail (corpus.search.segmented)."""
        return False

    @property
    def terms(self) -> Sequence[str]:
        """Each term by id (the lexicon's)."""
        return self.lexicon.terms

    @property
    def vocabulary(self) -> Mapping[str, int]:
        """Each term → its id, as search knows them (Lexicon.live_vocabulary)."""
        return self.lexicon.live_vocabulary

    @property
    def vocabulary_of_every_term(self) -> Mapping[str, int]:
        """Each term → its id, those search does not know among them: what merges number by."""
        return self.lexicon.vocabulary

    @property
    def key_terms(self) -> KeyTerms:
        """Search key → the terms found under it (the lexicon's)."""
        return self.lexicon.key_terms

    @property
    def forms(self) -> Container[str]:
        """The vocabulary as normalized words are looked up in it (Lexicon.forms): a form in ه is
        held where the archive writes it with a final ه or ة."""
        return self.lexicon.forms

    def term_id(self, form: str) -> int | None:
        """The id of a form as the index writes it (`index_form`: a final ى and ة kept), or None
        when the corpus never uses it."""
        return self.lexicon.term_id(form)

    def frequency(self, form: str) -> int:
        """How many documents hold a normalized form (0 when none)."""
        return self.lexicon.frequency(form)

    def use_saved_strings(
        self, terms: PackedStrings, vocabulary: StringIndex, key_terms: KeyTerms, lengths: np.ndarray
    ) -> None:
        """The lexicon's saved (memory-mapped) strings, which the arrays hold too (see Lexicon.use_saved_strings)."""
        self.lexicon.use_saved_strings(terms, vocabulary, key_terms, lengths)
        self.arrays.terms, self.arrays.vocabulary, self.arrays.key_terms = terms, vocabulary, key_terms

    def share_arrays(self, members: Sequence[np.ndarray]) -> None:
        """Use `members` (equal to the index's numpy members, in the order of ARRAY_NAMES, read
        through memory maps) instead of its own copies: sessions then share one copy."""
        own = self.arrays.numpy_members()
        if len(members) != len(own) or any(
            a.shape != b.shape or a.dtype != b.dtype for a, b in zip(own, members, strict=True)
        ):
            raise ValueError("not the same arrays")
        lexicon = self.lexicon
        shared = IndexArrays.from_members(
            lexicon.terms, members, vocabulary=lexicon.vocabulary, key_terms=lexicon.key_terms
        )
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
        """The arrays of an index of `articles` (and the articles), without what is derived. The
        site's furniture at an article's end ("get our app", an opinion disclaimer) is not indexed:
        a search for المحمول finds no article by the phone its app line names."""
        builder = PostingsBuilder()
        kept: list[Article] = []
        for article in articles:
            builder.add(indexed_text(article.read_text()), article.title)
            if release_texts:
                article.release_text()
            kept.append(article)
        return builder.finish(), kept

    def __len__(self) -> int:
        return len(self.articles)

    def word_count(self, doc: Doc) -> int:
        """How many whitespace-separated words the article's text has (stored: no file is read)."""
        return int(self.word_counts[doc])

    def doc_tokens(self, doc: Doc) -> np.ndarray:
        """The term ids of a document's tokens, in order: its positional postings."""
        return self.tokens[self.token_offsets[doc] : self.token_offsets[doc + 1]]

    def tokens_in(self, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """The tokens of documents' ranges `starts[i]`, `lengths[i]` (from `token_offsets`), one after another."""
        return gather_ranges(self.tokens, starts, lengths)

    def postings(self, term_id: int) -> tuple[np.ndarray, np.ndarray]:
        """The documents a term occurs in and how often, in document order."""
        start, end = self.post_offsets[term_id], self.post_offsets[term_id + 1]
        return self.post_docs[start:end], self.post_tf[start:end]

    def title_postings(self, term_id: int) -> np.ndarray:
        """The documents whose title holds the term."""
        return self.title_docs[self.title_offsets[term_id] : self.title_offsets[term_id + 1]]

    def bm25_many(self, weights: dict[int, float], *, blended: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """The BM25 weight of many terms in every document each occurs in, each scaled by the
        term's weight, all at once: (documents, scores), the postings of one term after another
        (a document may come more than once). `blended`: the terms are the guesses for one word
        no article holds, and share the idf of the most frequent (as Lucene blends a fuzzy
        query's terms), so that a rare guess does not outrank the word the archive writes
        (القهره: قهر before القاهره)."""
        ids = np.fromiter(weights, dtype=np.int64, count=len(weights))
        docs, tf, df, owner = self._postings_of(ids)
        n = len(self.articles)
        if blended and len(df):
            df = np.full_like(df, df.max())  # one word: its rarest guess is not worth more
        idf = np.log(1.0 + (n - df + 0.5) / (df + 0.5)).astype(np.float32)[owner]
        scale = np.fromiter(weights.values(), dtype=np.float32, count=len(weights))[owner]
        norm = K1 * (1.0 - B + B * self.doc_lengths[docs] / self.average_length)
        return docs, idf * tf * (K1 + 1.0) / (tf + norm) * scale

    def _postings_of(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The postings of the terms `ids`: their documents, term frequencies (float32), each
        term's document frequency (float64) and each posting's term (its place in `ids`)."""
        starts = self.post_offsets[ids]
        lengths = self.post_offsets[ids + 1] - starts
        docs = gather_ranges(self.post_docs, starts, lengths)
        tf = gather_ranges(self.post_tf, starts, lengths).astype(np.float32)
        return docs, tf, lengths.astype(np.float64), np.repeat(np.arange(len(ids)), lengths)

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

    def source_numbers(self) -> np.ndarray:
        """Each article's source as a number (its key's place among the distinct keys); made once."""
        if self._source_numbers is None:
            number = {key: n for n, key in enumerate(sorted(self.distinct_source_keys()))}
            keys = self.source_keys()
            self._source_numbers = np.fromiter((number[key] for key in keys), dtype=np.int32, count=len(keys))
        return self._source_numbers

    def distinct_source_keys(self) -> frozenset[str]:
        """The source keys the archive holds, each once (a few, where source_keys has one an article); made once."""
        if self._distinct_sources is None:
            self._distinct_sources = frozenset(self.source_keys())
        return self._distinct_sources

    def let_go(self) -> None:
        """Take the pages of the index's mapped arrays and article columns out of this process's
        memory (they stay in the page cache: read again, they are mapped again). Before the
        stories are grouped at 16x, a start and one query held 1.16 GB of them."""
        columns: list[np.ndarray] = []
        for arrays in self._mapped_arrays():
            columns.extend(arrays.numpy_members())
        articles = self.articles
        if isinstance(articles, ArticleColumns):
            for strings in articles.string_columns():
                if isinstance(strings, PackedStrings):
                    for part in packed_parts(strings):  # a chain's parts: never joined to be let go
                        columns.extend((np.asarray(part.data), np.asarray(part.offsets)))
            columns.extend(np.asarray(values) for values in (articles.offsets, articles.lengths, articles.source_file))
        release_whole(*columns)

    def _mapped_arrays(self) -> list[IndexArrays]:
        """The arrays whose pages `let_go` gives back (a segmented index: its base's too)."""
        return [self.arrays]

    def warm_up(self) -> None:
        """Build the lazily made structures (prefix list, bigram index, vocabulary hashes and
        the lookup's directory) ahead of the first query,
        then set them aside from the collector's passes, as open_corpus does with the index; and
        what the first query would otherwise pay for: numpy.ma, which numpy imports on the first
        np.unique (20 ms), and the pattern that long text is normalized with (70 ms)."""
        import numpy.ma  # noqa: F401

        self.lexicon.prefix_terms("")
        self.lexicon.bigrams()
        self.lexicon.term_hashes()
        self.lexicon.term_id("")
        normalize("ا" * (LONG_MARK_RUN + 1))
        set_aside()
