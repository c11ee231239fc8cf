"""An index in two segments: a saved base, and the articles added since (its tail).

A change that only adds articles (a news archive's usual change) makes a tail: the new
articles' tokens and postings, numbered after the base's articles, over the whole vocabulary
(the base's terms, then the new ones). The base's arrays are not copied or rewritten: a saved
generation links them from the one before (corpus.storage.generations). Search reads both as
one index: a term's postings are the base's then the tail's (the tail's articles come last),
its document frequency the sum, a document's tokens come from the segment that holds them, so
results, scores and snippets are those of one index of the same articles.

A change that deletes or changes articles of the base puts them in its deletion list (as
Lucene keeps one): their postings and tokens stay in the base's arrays, and search reads past
them. Documents are numbered as if they were gone (the base's live ones, then the tail's), a
term's document frequency leaves them out, and the terms only they held are hidden from the
lexicon (Lexicon.hidden): the index answers as one built from its live articles. Once the tail
passes TAIL_SHARE of the base, or the list DELETED_SHARE of it, the two are merged into one
(corpus.storage), the deleted articles leaving the arrays.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from corpus.article_columns import ArticleColumns
from corpus.models import Article
from corpus.packed import PackedStrings, StringIndex, gather_ranges, range_positions
from corpus.search.index import CorpusIndex
from corpus.search.postings import EMPTY_TERM, IndexArrays, KeyTerms
from corpus.search.transliteration import alias_table, use_alias_table
from corpus.sorted_sets import distinct

__all__ = [
    "DELETED_SHARE",
    "TAIL_SHARE",
    "Joined",
    "SegmentedIndex",
    "StackedRows",
    "dead_terms",
    "Deletions",
    "deleted_terms",
    "deletion_runs",
    "kept_numbers",
    "live_numbers",
    "with_rows",
    "padded_offsets",
    "summed_frequency",
]

TAIL_SHARE = 0.25
"""A change that only adds articles goes into the tail while the tail holds at most this share
of the base (tokens for the index, rows for the stories' signatures); past it, or past
DELETED_SHARE, base and tail are merged into one (size-tiered, as Lucene merges)."""


DELETED_SHARE = 0.05
"""A change that deletes articles of the base puts them in its deletion list while the list
holds at most this share of the base's documents; past it, base and tail are merged into one
(the deleted articles then leave the arrays)."""


class Joined:
    """Two arrays read as one, the first's values then the second's: slices and ranges of it.
    With `runs`, only those runs of the first are read (its deleted documents' tokens are gaps)."""

    __slots__ = ("first", "second", "split", "dtype", "_starts", "_lengths", "_logical")

    def __init__(
        self, first: np.ndarray, second: np.ndarray, runs: tuple[np.ndarray, np.ndarray] | None = None
    ) -> None:
        """`runs`: the physical starts and the lengths of the runs of `first` that are read, in order."""
        self.first, self.second = first, second
        if runs is None:
            runs = (np.zeros(1, dtype=np.int64), np.array([len(first)], dtype=np.int64))
        self._starts, self._lengths = (np.asarray(values, dtype=np.int64) for values in runs)
        self._logical = np.cumsum(self._lengths) - self._lengths
        """Where each run starts once the runs are read one after another."""
        self.split = int(self._lengths.sum())
        self.dtype = first.dtype

    def __len__(self) -> int:
        return self.split + len(self.second)

    def __getitem__(self, key: slice) -> np.ndarray:
        if not isinstance(key, slice) or key.step not in (None, 1):
            raise TypeError("a Joined array is read by slices")
        start, stop, _ = key.indices(len(self))
        stop = max(start, stop)
        if stop <= self.split:
            return self._first_slice(start, stop)
        if start >= self.split:
            return self.second[start - self.split : stop - self.split]
        return np.concatenate([self._first_slice(start, self.split), self.second[: stop - self.split]])

    def _first_slice(self, start: int, stop: int) -> np.ndarray:
        """The runs' values from `start` to `stop` (positions once they are read one after another)."""
        first = int(np.searchsorted(self._logical, start, "right")) - 1
        last = int(np.searchsorted(self._logical, stop, "left"))
        pieces = []
        for run in range(max(first, 0), max(last, first + 1)):
            begin, length = int(self._logical[run]), int(self._lengths[run])
            low, high = max(start, begin), min(stop, begin + length)
            if high > low:
                shift = int(self._starts[run]) - begin
                pieces.append(self.first[low + shift : high + shift])
        if len(pieces) == 1:
            return pieces[0]
        return np.concatenate(pieces) if pieces else self.first[:0]

    def __array__(self, dtype: np.dtype[np.generic] | None = None, copy: bool | None = None) -> np.ndarray:
        whole = np.concatenate([self._first_slice(0, self.split), self.second])
        return whole if dtype is None else whole.astype(dtype)

    def physical(self, starts: np.ndarray) -> np.ndarray:
        """Where positions of the first part's runs (read one after another) lie in `first`."""
        if len(self._starts) == 1:
            return starts + int(self._starts[0])
        run = np.searchsorted(self._logical, starts, "right") - 1
        return starts + (self._starts - self._logical)[run]

    def gather(self, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """`gather_ranges` over the two, each range lying within one run of them (a document's tokens)."""
        starts, lengths = np.asarray(starts, dtype=np.int64), np.asarray(lengths, dtype=np.int64)
        second = starts >= self.split
        if not second.any():
            return gather_ranges(self.first, self.physical(starts), lengths)
        if second.all():
            return gather_ranges(self.second, starts - self.split, lengths)
        out = np.empty(int(lengths.sum()), dtype=self.dtype)
        begins = np.cumsum(lengths) - lengths
        first = ~second
        out[range_positions(begins[first], lengths[first])] = gather_ranges(
            self.first, self.physical(starts[first]), lengths[first]
        )
        out[range_positions(begins[second], lengths[second])] = gather_ranges(
            self.second, starts[second] - self.split, lengths[second]
        )
        return out


class StackedRows:
    """Two 2-D arrays read as one, the first's rows then the second's (a saved base's MinHash
    signatures and those of the articles added since): columns and slices of rows of it. With
    `deleted`, those rows of the first (sorted) are left out, as if gone."""

    __slots__ = ("first", "second", "deleted", "split", "dtype")
    ndim = 2

    def __init__(self, first: np.ndarray, second: np.ndarray, deleted: np.ndarray | None = None) -> None:
        if first.ndim != 2 or second.ndim != 2 or first.shape[1] != second.shape[1]:
            raise ValueError("rows of another width")
        self.first, self.second = first, second
        self.deleted = np.zeros(0, dtype=np.int64) if deleted is None else np.asarray(deleted, dtype=np.int64)
        self.split = len(first) - len(self.deleted)
        """The first's rows read (its deleted ones left out): the second's are numbered after them."""
        self.dtype = first.dtype

    @property
    def shape(self) -> tuple[int, int]:
        return (len(self), int(self.first.shape[1]))

    def __len__(self) -> int:
        return self.split + len(self.second)

    def physical(self, rows: np.ndarray) -> np.ndarray:
        """Where rows of the first part (numbered without its deleted ones) are in `first`."""
        if not len(self.deleted):
            return rows
        return rows + np.searchsorted(self.deleted - np.arange(len(self.deleted)), rows, "right")

    def numbered(self, rows: np.ndarray) -> np.ndarray:
        """The numbers of rows of `first` once its deleted ones are left out (-1: deleted)."""
        if not len(self.deleted):
            return rows
        before = np.searchsorted(self.deleted, rows, "left")
        gone = self.deleted[np.minimum(before, len(self.deleted) - 1)] == rows
        return np.where(gone, -1, rows - before)

    def first_read(self, columns: int | slice) -> np.ndarray:
        """The first's rows read, at `columns`."""
        values = self.first[:, columns]
        return np.delete(values, self.deleted, axis=0) if len(self.deleted) else values

    def __getitem__(self, key: tuple[slice, int | slice] | np.ndarray) -> np.ndarray:
        """`[:, column]` or `[:, columns]`: the column(s) of every row; `[rows]`: those rows."""
        if isinstance(key, np.ndarray):
            rows_at = np.asarray(key, dtype=np.int64)
            out = np.empty((len(rows_at), self.first.shape[1]), dtype=self.dtype)
            first = rows_at < self.split
            out[first] = self.first[self.physical(rows_at[first])]
            out[~first] = self.second[rows_at[~first] - self.split]
            return out
        rows, columns = key
        if rows != slice(None):
            raise TypeError("stacked rows are read a column at a time")
        return np.concatenate([self.first_read(columns), self.second[:, columns]])

    def __array__(self, dtype: np.dtype[np.generic] | None = None, copy: bool | None = None) -> np.ndarray:
        whole = np.concatenate([self.first_read(slice(None)), self.second])
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


@dataclass(frozen=True, slots=True)
class Deletions:
    """A base's deletion list and what it takes from the index: saved with it, carried from a
    change to the next (never gathered again from the deleted documents' tokens)."""

    rows: np.ndarray
    """The base's deleted documents, sorted (int64)."""
    lost_terms: np.ndarray
    """The terms their bodies held, sorted (int64) ..."""
    lost_counts: np.ndarray
    """... and in how many of them each is: what their document frequencies lose."""
    dead: np.ndarray
    """The terms only they held, in a body or a title (int64): search knows them no more."""

    @classmethod
    def nothing(cls) -> Deletions:
        empty = np.zeros(0, dtype=np.int64)
        return cls(empty, empty, empty, empty)

    def __len__(self) -> int:
        return len(self.rows)

    def members(self) -> tuple[np.ndarray, ...]:
        """The arrays saved, in the order of NAMES."""
        return self.rows, self.lost_terms, self.lost_counts, self.dead

    NAMES = ("deleted_docs", "lost_terms", "lost_counts", "dead_terms")


def with_rows(
    deletions: Deletions, base: IndexArrays, rows: np.ndarray, post_offsets: np.ndarray, title_offsets: np.ndarray
) -> tuple[Deletions, np.ndarray, np.ndarray]:
    """`deletions` with the base's `rows` deleted too, over a tail whose body and title postings'
    offsets are given: the list, each term's live document frequency, and the terms the
    bodies of `rows` held."""
    terms, counts = deleted_terms(base, rows)
    lost = np.concatenate([deletions.lost_terms, terms])
    lost_terms, at = np.unique(lost, return_inverse=True)
    lost_counts = np.bincount(at, weights=np.concatenate([deletions.lost_counts, counts]), minlength=len(lost_terms))
    deleted = np.union1d(deletions.rows, rows).astype(np.int64)
    frequency = summed_frequency(np.asarray(base.post_offsets), post_offsets)
    frequency[lost_terms] -= lost_counts.astype(np.int64)
    dead = np.zeros(0, dtype=np.int64)
    if len(deleted):
        numbers = live_numbers(len(base.token_offsets) - 1, deleted)
        dead = dead_terms(base, numbers, lost_terms, frequency, title_offsets)
    return Deletions(deleted, lost_terms, lost_counts.astype(np.int64), dead), frequency, terms


def _carry_derived(target: CorpusIndex, source: CorpusIndex) -> None:
    """Give `target`, over `source`'s vocabulary, `source`'s bigram table, term order, term
    hashes, term lengths and alias table instead of making them again."""
    lexicon = source.lexicon
    target.lexicon.use_derived(lexicon.bigrams(), lexicon.sorted_ids(), lexicon.term_hashes())
    lengths = lexicon.known_term_lengths()
    if lengths is not None:
        target.lexicon.use_term_lengths(lengths)
    use_alias_table(target, alias_table(source))


def deletion_runs(offsets: np.ndarray, deleted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The starts and lengths of the runs of a CSR array (by `offsets`) that the `deleted` rows
    (sorted) do not hold: what is read of a base whose documents are deleted."""
    offsets = np.asarray(offsets, dtype=np.int64)
    starts = np.concatenate([offsets[:1], offsets[deleted + 1]])
    lengths = np.concatenate([offsets[deleted], offsets[-1:]]) - starts
    read = lengths > 0
    return (starts[read], lengths[read]) if read.any() else (starts[:1], lengths[:1])


def kept_numbers(keep: np.ndarray, dtype: type[np.signedinteger] = np.int64) -> np.ndarray:
    """Each old number's new one once only those flagged in `keep` stay, in order (-1: gone)."""
    return np.where(keep, np.cumsum(keep, dtype=dtype) - 1, -1).astype(dtype, copy=False)


def live_numbers(rows: int, deleted: np.ndarray) -> np.ndarray:
    """Each of `rows` numbers once the `deleted` ones are gone (-1: deleted), int32."""
    live = np.ones(rows, dtype=bool)
    live[deleted] = False
    return kept_numbers(live, np.int32)


def deleted_terms(base: IndexArrays, deleted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The terms the bodies of a base's `deleted` documents hold, and in how many of them each is."""
    offsets = np.asarray(base.token_offsets, dtype=np.int64)
    starts = offsets[deleted]
    lengths = offsets[deleted + 1] - starts
    tokens = gather_ranges(np.asarray(base.tokens), starts, lengths).astype(np.int64)
    owners = np.repeat(np.arange(len(deleted), dtype=np.int64), lengths)
    pairs = distinct((owners << 32) | tokens)
    terms, counts = np.unique(pairs & 0xFFFFFFFF, return_counts=True)
    return terms, counts


def dead_terms(
    base: IndexArrays, numbers: np.ndarray, lost_terms: np.ndarray, frequency: np.ndarray, tail_titles: np.ndarray
) -> np.ndarray:
    """The terms only the deleted documents of a base (`numbers` -1) held, in a body (among
    `lost_terms`) or a title, that no other document holds (`frequency`: the live documents'
    body frequency; `tail_titles`: the tail's title offsets): a build of the live articles would
    not know them."""
    title_offsets = np.asarray(base.title_offsets, dtype=np.int64)
    gone = np.flatnonzero(numbers[np.asarray(base.title_docs)] < 0)
    title_terms, title_lost = np.unique(np.searchsorted(title_offsets, gone, "right") - 1, return_counts=True)
    candidates = np.union1d(lost_terms, title_terms)
    candidates = candidates[(frequency[candidates] == 0) & (candidates != EMPTY_TERM)]
    titled = np.diff(np.asarray(tail_titles, dtype=np.int64))[candidates]
    titled += title_offsets[candidates + 1] - title_offsets[candidates]  # base terms, every one
    lost = np.zeros(len(candidates), dtype=np.int64)
    at = np.searchsorted(title_terms, candidates)
    found = at < len(title_terms)
    found[found] = title_terms[at[found]] == candidates[found]
    lost[found] = title_lost[at[found]]
    dead: np.ndarray = candidates[titled - lost == 0].astype(np.int64)
    return dead


class SegmentedIndex(CorpusIndex):
    """A base index's arrays and a tail's, read as one index (see the module doc).

    `base`: the arrays of the first articles, over the terms they use (their `terms` are not
    read); `tail`: those of the articles after them, numbered from 0, over every term (the
    base's first), with the vocabulary and search keys of the whole. `deleted`: the base's
    documents that are gone (sorted; a deletion list, as Lucene keeps one): their postings and
    tokens stay in the base's arrays, and search reads past them. Documents are numbered as
    the articles are, the deleted ones left out: the base's live documents, then the tail's."""

    JOINED_NAMES = ("token_offsets", "word_counts")
    """The whole's arrays by document, saved beside the segments' (as `joined_<name>`) so that
    sessions map them rather than each joining its own copy (13 MB at 1.1 million articles)."""

    def __init__(
        self,
        articles: Sequence[Article],
        base: IndexArrays,
        tail: IndexArrays,
        joined: Sequence[np.ndarray] | None = None,
        *,
        deletions: Deletions | None = None,
    ) -> None:
        """`joined`: the whole's JOINED_NAMES arrays, as `joined_members` gives them (made when
        None); `deletions`: the base's deletion list (`with_rows` makes it)."""
        self.base = base
        self._joined = joined
        self.deletions = Deletions.nothing() if deletions is None else deletions
        self.deleted = self.deletions.rows
        self.base_rows = len(base.token_offsets) - 1
        """The base's documents, the deleted ones among them."""
        self.base_docs = self.base_rows - len(self.deleted)
        """The base's live documents: the tail's are numbered after them."""
        self.base_terms = len(base.post_offsets) - 1
        self._numbers: np.ndarray | None = None
        super().__init__(articles, tail)

    @classmethod
    def of(cls, index: CorpusIndex) -> SegmentedIndex:
        """An index as a base with an empty tail (the start of a segmented index)."""
        arrays, count = index.arrays, len(index.terms)
        empty = np.zeros(0, dtype=np.uint32)
        tail = IndexArrays(
            index.terms, empty, np.zeros(1, dtype=np.int64), np.zeros(count + 1, dtype=np.int64), empty,
            np.zeros(0, dtype=np.uint16), np.zeros(count + 1, dtype=np.int64), empty, empty,
            index.vocabulary_of_every_term, index.key_terms,
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

    def live_numbers(self) -> np.ndarray:
        """Each base document's number (int32; -1: deleted), made once."""
        if self._numbers is None:
            self._numbers = live_numbers(self.base_rows, self.deleted)
        return self._numbers

    def base_rows_kept(self, keep: np.ndarray) -> np.ndarray:
        """A flag per base row from `keep`, a flag per live base document (deleted rows: False)."""
        rows = np.zeros(self.base_rows, dtype=bool)
        rows[self.live_numbers() >= 0] = keep
        return rows

    def rows_dropped(self, base_keep: np.ndarray) -> np.ndarray:
        """The base rows of the live base articles `base_keep` drops."""
        return np.flatnonzero(~self.base_rows_kept(base_keep) & (self.live_numbers() >= 0))

    def _mapped_arrays(self) -> list[IndexArrays]:
        return [self.base, self.arrays]

    def parts(self) -> tuple[CorpusIndex, CorpusIndex]:
        """The base and the tail as two indexes of their own articles, each over the whole
        vocabulary (with its search keys), to be merged into one (corpus.storage). The base's
        is of every base row, the deleted ones too (keep them out with `base_rows_kept`): each
        deleted row stands on a live article of the base, which the merge never takes for it."""
        size, split = len(self.terms), self.base_docs
        base, tail = self.base, self.arrays
        whole = IndexArrays(
            self.terms, base.tokens, base.token_offsets, padded_offsets(base.post_offsets, size), base.post_docs,
            base.post_tf, padded_offsets(base.title_offsets, size), base.title_docs, base.word_counts,
            self.vocabulary_of_every_term, self.key_terms,
        )  # fmt: skip
        articles = self.articles
        first: Sequence[Article]
        rest: Sequence[Article]
        rows = np.arange(split)
        if len(self.deleted):
            if not split:
                raise ValueError("a base of deleted documents only")
            rows = np.maximum(np.maximum.accumulate(self.live_numbers()), 0)
        if isinstance(articles, ArticleColumns):
            first = articles.head(split) if not len(self.deleted) else articles.select(rows)
            rest = articles.select(np.arange(split, len(articles)))
        else:
            first, rest = [articles[row] for row in rows.tolist()], list(articles[split:])
        tail_arrays = IndexArrays(
            self.terms, tail.tokens, tail.token_offsets, tail.post_offsets, tail.post_docs, tail.post_tf,
            tail.title_offsets, tail.title_docs, tail.word_counts, self.vocabulary_of_every_term, self.key_terms,
        )  # fmt: skip
        base_part = CorpusIndex(first, whole)
        _carry_derived(base_part, self)  # the whole's derived tables: a merge carries them
        return base_part, CorpusIndex(rest, tail_arrays)

    def _check_shapes(self, articles: Sequence[Article], arrays: IndexArrays) -> None:
        base, tail, deleted = self.base, arrays, self.deleted
        docs = self.base_docs + len(tail.token_offsets) - 1
        if docs != len(articles) or len(base.word_counts) - len(deleted) + len(tail.word_counts) != docs:
            raise ValueError("index segments do not match the articles")
        if len(deleted) and (
            int(deleted[0]) < 0 or int(deleted[-1]) >= self.base_rows or (np.diff(deleted) <= 0).any()
        ):
            raise ValueError("the deleted documents are not rows of the base, each once in order")
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
        runs = deletion_runs(base.token_offsets, self.deleted) if len(self.deleted) else None
        self.tokens = Joined(np.asarray(base.tokens), self.tokens, runs)  # type: ignore[assignment]
        if self._joined is not None:
            self.token_offsets, self.word_counts = (np.asarray(values) for values in self._joined)
        else:
            self.token_offsets, self.word_counts = self.joined_arrays(base, arrays, self.deleted)
        self._use_segments(arrays)

    @staticmethod
    def joined_arrays(
        base: IndexArrays, tail: IndexArrays, deleted: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """The whole's token offsets and word counts, from the base's (less its `deleted`
        documents) and the tail's."""
        lengths = np.diff(np.asarray(base.token_offsets, dtype=np.int64))
        words = np.asarray(base.word_counts)
        if deleted is not None and len(deleted):
            live = np.ones(len(lengths), dtype=bool)
            live[deleted] = False
            lengths, words = lengths[live], words[live]
        lengths = np.concatenate([lengths, np.diff(np.asarray(tail.token_offsets, dtype=np.int64))])
        offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        return offsets, np.concatenate([words, np.asarray(tail.word_counts)])

    def joined_members(self) -> tuple[np.ndarray, np.ndarray]:
        """The whole's arrays of JOINED_NAMES, in that order."""
        return self.token_offsets, self.word_counts

    def _use_segments(self, arrays: IndexArrays) -> None:
        base = self.base
        self.base_post_offsets, self.base_post_docs = np.asarray(base.post_offsets), np.asarray(base.post_docs)
        self.base_post_tf = np.asarray(base.post_tf)
        self.base_title_offsets, self.base_title_docs = np.asarray(base.title_offsets), np.asarray(base.title_docs)

    def _document_frequency(self) -> np.ndarray:
        frequency = summed_frequency(self.base_post_offsets, self.post_offsets)
        frequency[self.deletions.lost_terms] -= self.deletions.lost_counts
        return frequency

    def _hidden_terms(self) -> np.ndarray:
        return self.deletions.dead

    def _live(self, docs: np.ndarray, *values: np.ndarray) -> tuple[np.ndarray, ...]:
        """Base postings `docs` (and their `values`) renumbered, the deleted documents' left out."""
        if not len(self.deleted):
            return (docs, *values)
        numbers = self.live_numbers()[docs]
        live = numbers >= 0
        if bool(live.all()):
            return (numbers.astype(docs.dtype), *values)
        return (numbers[live].astype(docs.dtype), *(value[live] for value in values))

    def tokens_in(self, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        joined: Joined = self.tokens  # type: ignore[assignment]
        return joined.gather(starts, lengths)

    def postings(self, term_id: int) -> tuple[np.ndarray, np.ndarray]:
        start, end = self.post_offsets[term_id], self.post_offsets[term_id + 1]
        tail_docs, tail_tf = self.post_docs[start:end] + np.uint32(self.base_docs), self.post_tf[start:end]
        if term_id >= self.base_terms:
            return tail_docs, tail_tf
        start, end = self.base_post_offsets[term_id], self.base_post_offsets[term_id + 1]
        docs, tf = self._live(self.base_post_docs[start:end], self.base_post_tf[start:end])
        return np.concatenate([docs, tail_docs]), np.concatenate([tf, tail_tf])

    def title_postings(self, term_id: int) -> np.ndarray:
        tail = self.title_docs[self.title_offsets[term_id] : self.title_offsets[term_id + 1]] + np.uint32(
            self.base_docs
        )
        if term_id >= self.base_terms:
            return tail
        (docs,) = self._live(
            self.base_title_docs[self.base_title_offsets[term_id] : self.base_title_offsets[term_id + 1]]
        )
        return np.concatenate([docs, tail])

    def _postings_of(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        in_base = ids < self.base_terms
        base_ids = np.where(in_base, ids, 0)
        base_starts = self.base_post_offsets[base_ids]
        base_lengths = np.where(in_base, self.base_post_offsets[base_ids + 1] - base_starts, 0)
        tail_starts = self.post_offsets[ids]
        tail_lengths = self.post_offsets[ids + 1] - tail_starts
        terms = np.arange(len(ids))
        base_docs, base_tf, base_owner = self._live(
            gather_ranges(self.base_post_docs, base_starts, base_lengths).astype(np.int64),
            gather_ranges(self.base_post_tf, base_starts, base_lengths),
            np.repeat(terms, base_lengths),
        )
        docs = np.concatenate(
            [base_docs, gather_ranges(self.post_docs, tail_starts, tail_lengths).astype(np.int64) + self.base_docs]
        )
        tf = np.concatenate([base_tf, gather_ranges(self.post_tf, tail_starts, tail_lengths)]).astype(np.float32)
        owner = np.concatenate([base_owner, np.repeat(terms, tail_lengths)])
        if len(self.deleted):
            return docs, tf, self.document_frequency[ids].astype(np.float64), owner
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
