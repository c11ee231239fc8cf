"""An index in two segments: a saved base, and the articles added since (its tail).

A change that only adds articles (a news archive's usual change) makes a tail: the new
articles' tokens and postings, numbered after the base's articles, over the whole vocabulary
(the base's terms, then the new ones). The base's arrays are not copied or rewritten: a saved
generation links them from the one before (corpus.storage.generations). Search reads both as
one index: a term's postings are the base's then the tail's (the tail's articles come last),
its document frequency the sum, a document's tokens come from the segment that holds them, so
results, scores and snippets are those of one index of the same articles. Once the tail passes
a share of the base, or an article is dropped, the two are merged into one (corpus.storage).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from corpus.article_columns import ArticleColumns
from corpus.models import Article
from corpus.packed import PackedStrings, StringIndex, gather_ranges, range_positions
from corpus.search.index import CorpusIndex
from corpus.search.postings import IndexArrays, KeyTerms
from corpus.search.transliteration import alias_table, use_alias_table

__all__ = ["TAIL_SHARE", "Joined", "SegmentedIndex", "StackedRows", "padded_offsets", "summed_frequency"]

TAIL_SHARE = 0.25
"""A change that only adds articles goes into the tail while the tail holds at most this share
of the base (tokens for the index, rows for the stories' signatures); past it, or when an
article is dropped, base and tail are merged into one (size-tiered, as Lucene merges)."""


class Joined:
    """Two arrays read as one, the first's values then the second's: slices and ranges of it."""

    __slots__ = ("first", "second", "split", "dtype")

    def __init__(self, first: np.ndarray, second: np.ndarray) -> None:
        self.first, self.second = first, second
        self.split = len(first)
        self.dtype = first.dtype

    def __len__(self) -> int:
        return self.split + len(self.second)

    def __getitem__(self, key: slice) -> np.ndarray:
        if not isinstance(key, slice) or key.step not in (None, 1):
            raise TypeError("a Joined array is read by slices")
        start, stop, _ = key.indices(len(self))
        stop = max(start, stop)
        if stop <= self.split:
            return self.first[start:stop]
        if start >= self.split:
            return self.second[start - self.split : stop - self.split]
        return np.concatenate([self.first[start:], self.second[: stop - self.split]])

    def __array__(self, dtype: np.dtype[np.generic] | None = None, copy: bool | None = None) -> np.ndarray:
        whole = np.concatenate([self.first, self.second])
        return whole if dtype is None else whole.astype(dtype)

    def gather(self, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """`gather_ranges` over the two, each range lying within one of them (a document's tokens)."""
        starts, lengths = np.asarray(starts, dtype=np.int64), np.asarray(lengths, dtype=np.int64)
        second = starts >= self.split
        if not second.any():
            return gather_ranges(self.first, starts, lengths)
        if second.all():
            return gather_ranges(self.second, starts - self.split, lengths)
        out = np.empty(int(lengths.sum()), dtype=self.dtype)
        begins = np.cumsum(lengths) - lengths
        first = ~second
        out[range_positions(begins[first], lengths[first])] = gather_ranges(self.first, starts[first], lengths[first])
        out[range_positions(begins[second], lengths[second])] = gather_ranges(
            self.second, starts[second] - self.split, lengths[second]
        )
        return out


class StackedRows:
    """Two 2-D arrays read as one, the first's rows then the second's (a saved base's MinHash
    signatures and those of the articles added since): columns and slices of rows of it."""

    __slots__ = ("first", "second", "dtype")
    ndim = 2

    def __init__(self, first: np.ndarray, second: np.ndarray) -> None:
        if first.ndim != 2 or second.ndim != 2 or first.shape[1] != second.shape[1]:
            raise ValueError("rows of another width")
        self.first, self.second = first, second
        self.dtype = first.dtype

    @property
    def shape(self) -> tuple[int, int]:
        return (len(self), int(self.first.shape[1]))

    def __len__(self) -> int:
        return len(self.first) + len(self.second)

    def __getitem__(self, key: tuple[slice, int | slice] | np.ndarray) -> np.ndarray:
        """`[:, column]` or `[:, columns]`: the column(s) of every row; `[rows]`: those rows."""
        if isinstance(key, np.ndarray):
            rows_at = np.asarray(key, dtype=np.int64)
            out = np.empty((len(rows_at), self.first.shape[1]), dtype=self.dtype)
            first = rows_at < len(self.first)
            out[first] = self.first[rows_at[first]]
            out[~first] = self.second[rows_at[~first] - len(self.first)]
            return out
        rows, columns = key
        if rows != slice(None):
            raise TypeError("stacked rows are read a column at a time")
        return np.concatenate([self.first[:, columns], self.second[:, columns]])

    def __array__(self, dtype: np.dtype[np.generic] | None = None, copy: bool | None = None) -> np.ndarray:
        whole = np.concatenate([self.first, self.second])
        return whole if dtype is None else whole.astype(dtype)


def padded_offsets(offsets: np.ndarray, size: int) -> np.ndarray:
    """CSR offsets over the first terms made to cover `size` terms (the others hold nothing)."""
    offsets = np.asarray(offsets, dtype=np.int64)
    if len(offsets) == size + 1:
        return offsets
    return np.concatenate([offsets, np.full(size + 1 - len(offsets), offsets[-1], dtype=np.int64)])


def summed_frequency(base_offsets: np.ndarray, tail_offsets: np.ndarray) -> np.ndarray:
    """Each term's document frequency over a base and a tail, from their postings' offsets
    (the base's over its first terms only)."""
    frequency = np.diff(tail_offsets)
    frequency[: len(base_offsets) - 1] += np.diff(base_offsets)
    return frequency


def _carry_derived(target: CorpusIndex, source: CorpusIndex) -> None:
    """Give `target`, over `source`'s vocabulary, `source`'s bigram table, term order, term
    hashes, term lengths and alias table instead of making them again."""
    lexicon = source.lexicon
    target.lexicon.use_derived(lexicon.bigrams(), lexicon.sorted_ids(), lexicon.term_hashes())
    lengths = lexicon.known_term_lengths()
    if lengths is not None:
        target.lexicon.use_term_lengths(lengths)
    use_alias_table(target, alias_table(source))


class SegmentedIndex(CorpusIndex):
    """A base index's arrays and a tail's, read as one index (see the module doc).

    `base`: the arrays of the first articles, over the terms they use (their `terms` are not
    read); `tail`: those of the articles after them, numbered from 0, over every term (the
    base's first), with the vocabulary and search keys of the whole."""

    JOINED_NAMES = ("token_offsets", "word_counts")
    """The whole's arrays by document, saved beside the segments' (as `joined_<name>`) so that
    sessions map them rather than each joining its own copy (13 MB at 1.1 million articles)."""

    def __init__(
        self,
        articles: Sequence[Article],
        base: IndexArrays,
        tail: IndexArrays,
        joined: Sequence[np.ndarray] | None = None,
    ) -> None:
        """`joined`: the whole's JOINED_NAMES arrays, as `joined_members` gives them (made when None)."""
        self.base = base
        self._joined = joined
        self.base_docs = len(base.token_offsets) - 1
        self.base_terms = len(base.post_offsets) - 1
        super().__init__(articles, tail)

    @classmethod
    def of(cls, index: CorpusIndex) -> SegmentedIndex:
        """An index as a base with an empty tail (the start of a segmented index)."""
        arrays, count = index.arrays, len(index.terms)
        empty = np.zeros(0, dtype=np.uint32)
        tail = IndexArrays(
            index.terms, empty, np.zeros(1, dtype=np.int64), np.zeros(count + 1, dtype=np.int64), empty,
            np.zeros(0, dtype=np.uint16), np.zeros(count + 1, dtype=np.int64), empty, empty,
            index.vocabulary, index.key_terms,
        )  # fmt: skip
        segmented = cls(index.articles, arrays, tail)
        _carry_derived(segmented, index)
        return segmented

    @property
    def tail(self) -> IndexArrays:
        return self.arrays

    @property
    def segmented(self) -> bool:
        return True

    def tail_tokens(self) -> int:
        return len(self.arrays.tokens)

    def base_tokens(self) -> int:
        return len(self.base.tokens)

    def parts(self) -> tuple[CorpusIndex, CorpusIndex]:
        """The base and the tail as two indexes of their own articles, each over the whole
        vocabulary (with its search keys), to be merged into one (corpus.storage)."""
        size, split = len(self.terms), self.base_docs
        base, tail = self.base, self.arrays
        whole = IndexArrays(
            self.terms, base.tokens, base.token_offsets, padded_offsets(base.post_offsets, size), base.post_docs,
            base.post_tf, padded_offsets(base.title_offsets, size), base.title_docs, base.word_counts,
            self.vocabulary, self.key_terms,
        )  # fmt: skip
        articles = self.articles
        first: Sequence[Article]
        rest: Sequence[Article]
        if isinstance(articles, ArticleColumns):
            first, rest = articles.head(split), articles.select(np.arange(split, len(articles)))
        else:
            first, rest = list(articles[:split]), list(articles[split:])
        tail_arrays = IndexArrays(
            self.terms, tail.tokens, tail.token_offsets, tail.post_offsets, tail.post_docs, tail.post_tf,
            tail.title_offsets, tail.title_docs, tail.word_counts, self.vocabulary, self.key_terms,
        )  # fmt: skip
        base_part = CorpusIndex(first, whole)
        _carry_derived(base_part, self)  # the whole's derived tables: a merge carries them
        return base_part, CorpusIndex(rest, tail_arrays)

    def _check_shapes(self, articles: Sequence[Article], arrays: IndexArrays) -> None:
        base, tail = self.base, arrays
        docs = self.base_docs + len(tail.token_offsets) - 1
        if docs != len(articles) or len(base.word_counts) + len(tail.word_counts) != docs:
            raise ValueError("index segments do not match the articles")
        if self._joined is not None and [len(values) for values in self._joined] != [docs + 1, docs]:
            raise ValueError("the whole's arrays do not match the articles")
        terms = len(tail.terms)
        if len(tail.post_offsets) != terms + 1 or len(tail.title_offsets) != terms + 1:
            raise ValueError("the tail's postings do not cover the terms")
        if len(base.post_offsets) > terms + 1 or len(base.title_offsets) != len(base.post_offsets):
            raise ValueError("the base's postings do not fit the terms")

    def _use_arrays(self, arrays: IndexArrays) -> None:
        super()._use_arrays(arrays)
        base = self.base
        base_tokens = np.asarray(base.tokens)
        self.tokens = Joined(base_tokens, self.tokens)  # type: ignore[assignment]
        if self._joined is not None:
            self.token_offsets, self.word_counts = (np.asarray(values) for values in self._joined)
        else:
            self.token_offsets, self.word_counts = self.joined_arrays(base, arrays)
        self._use_segments(arrays)

    @staticmethod
    def joined_arrays(base: IndexArrays, tail: IndexArrays) -> tuple[np.ndarray, np.ndarray]:
        """The whole's token offsets and word counts, from the base's and the tail's."""
        base_offsets = np.asarray(base.token_offsets, dtype=np.int64)
        offsets = np.concatenate([base_offsets, np.asarray(tail.token_offsets[1:], dtype=np.int64) + base_offsets[-1]])
        return offsets, np.concatenate([np.asarray(base.word_counts), np.asarray(tail.word_counts)])

    def joined_members(self) -> tuple[np.ndarray, np.ndarray]:
        """The whole's arrays of JOINED_NAMES, in that order."""
        return self.token_offsets, self.word_counts

    def _use_segments(self, arrays: IndexArrays) -> None:
        base = self.base
        self.base_post_offsets, self.base_post_docs = np.asarray(base.post_offsets), np.asarray(base.post_docs)
        self.base_post_tf = np.asarray(base.post_tf)
        self.base_title_offsets, self.base_title_docs = np.asarray(base.title_offsets), np.asarray(base.title_docs)

    def _document_frequency(self) -> np.ndarray:
        return summed_frequency(self.base_post_offsets, self.post_offsets)

    def tokens_in(self, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        joined: Joined = self.tokens  # type: ignore[assignment]
        return joined.gather(starts, lengths)

    def postings(self, term_id: int) -> tuple[np.ndarray, np.ndarray]:
        start, end = self.post_offsets[term_id], self.post_offsets[term_id + 1]
        tail_docs, tail_tf = self.post_docs[start:end] + np.uint32(self.base_docs), self.post_tf[start:end]
        if term_id >= self.base_terms:
            return tail_docs, tail_tf
        start, end = self.base_post_offsets[term_id], self.base_post_offsets[term_id + 1]
        return (
            np.concatenate([self.base_post_docs[start:end], tail_docs]),
            np.concatenate([self.base_post_tf[start:end], tail_tf]),
        )

    def title_postings(self, term_id: int) -> np.ndarray:
        tail = self.title_docs[self.title_offsets[term_id] : self.title_offsets[term_id + 1]] + np.uint32(
            self.base_docs
        )
        if term_id >= self.base_terms:
            return tail
        return np.concatenate(
            [self.base_title_docs[self.base_title_offsets[term_id] : self.base_title_offsets[term_id + 1]], tail]
        )

    def _postings_of(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        in_base = ids < self.base_terms
        base_ids = np.where(in_base, ids, 0)
        base_starts = self.base_post_offsets[base_ids]
        base_lengths = np.where(in_base, self.base_post_offsets[base_ids + 1] - base_starts, 0)
        tail_starts = self.post_offsets[ids]
        tail_lengths = self.post_offsets[ids + 1] - tail_starts
        docs = np.concatenate(
            [
                gather_ranges(self.base_post_docs, base_starts, base_lengths).astype(np.int64),
                gather_ranges(self.post_docs, tail_starts, tail_lengths).astype(np.int64) + self.base_docs,
            ]
        )
        tf = np.concatenate(
            [
                gather_ranges(self.base_post_tf, base_starts, base_lengths),
                gather_ranges(self.post_tf, tail_starts, tail_lengths),
            ]
        ).astype(np.float32)
        terms = np.arange(len(ids))
        owner = np.concatenate([np.repeat(terms, base_lengths), np.repeat(terms, tail_lengths)])
        return docs, tf, (base_lengths + tail_lengths).astype(np.float64), owner

    def use_saved_strings(
        self, terms: PackedStrings, vocabulary: StringIndex, key_terms: KeyTerms, lengths: np.ndarray
    ) -> None:
        super().use_saved_strings(terms, vocabulary, key_terms, lengths)
        self.base.terms = terms  # no list of every term kept alive by the base

    def share_arrays(self, members: Sequence[np.ndarray]) -> None:
        """`members`: the base's numpy members, then the tail's, then the whole's
        (JOINED_NAMES: IndexStore.mapped_arrays)."""
        own = (*self.base.numpy_members(), *self.arrays.numpy_members(), *self.joined_members())
        if len(members) != len(own) or any(
            a.shape != b.shape or a.dtype != b.dtype for a, b in zip(own, members, strict=True)
        ):
            raise ValueError("not the same arrays")
        half = len(IndexArrays.ARRAY_NAMES)
        lexicon = self.lexicon
        self.base = IndexArrays.from_members(self.arrays.terms, members[:half])
        tail = IndexArrays.from_members(
            lexicon.terms, members[half : 2 * half], vocabulary=lexicon.vocabulary, key_terms=lexicon.key_terms
        )
        self._joined = members[2 * half :]
        self.arrays = tail
        self._use_arrays(tail)
