"""The incremental step of a large archive written to disk a range at a time, in bounded memory.

corpus.storage.merge makes the merged postings, tokens and word counts whole in memory, with
int64 intermediates of every posting: a start after one new file peaked at 7.5 GB on 1.1
million articles, and one deleted file at 8.8 GB. Here the same arrays are written straight
into the folder of the generation being made: the tokens a block of articles at a time, the
postings a range of terms at a time (the base's share read from its memory-mapped arrays, the
delta's, small, from memory), as the bounded first build joins its parts
(corpus.storage.spill). What stays in memory grows with the vocabulary and the articles'
columns, not with the words. The arrays are member for member those of `merge_indexes`.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import numpy as np

from corpus.article_columns import ArticleColumns, read_article_columns, write_article_columns, write_kept_and_new
from corpus.saved_folders import ArrayWriter, read_array, release_pages, write_array
from corpus.search.index import CorpusIndex
from corpus.search.postings import IndexArrays
from corpus.storage.merge import delta_terms, kept_numbers, merged_articles, merged_index, term_of_postings
from corpus.storage.spill import term_ranges

__all__ = ["MERGE_ON_DISK_TOKENS", "merge_on_disk", "worth_merging_on_disk"]

MERGE_ON_DISK_TOKENS = 40_000_000
"""A saved index of at least this many tokens (about twice the 69k bench's words) is merged on
disk; a smaller one in memory, where it takes under a gigabyte."""
RANGE_POSTINGS = 4_000_000
"""Postings of the base read, merged and written at once: about 100 MB at the peak."""
TOKEN_BLOCK = 8_000_000
"""Tokens of the base renumbered and written at once."""


def worth_merging_on_disk(base: CorpusIndex) -> bool:
    """True when bringing `base` up to date should write its arrays a range at a time."""
    return len(base.tokens) >= MERGE_ON_DISK_TOKENS


def merge_on_disk(
    base: CorpusIndex, keep: np.ndarray, delta: CorpusIndex, target: Path, *, also_changed: Collection[str] = ()
) -> CorpusIndex:
    """`merge_indexes(base, keep, delta, also_changed=also_changed)` with its arrays and article columns written into
    `target` (a generation being written: IndexStore.save adds the rest) and read back from there."""
    keep = np.asarray(keep, dtype=bool)
    if len(keep) != len(base):
        raise ValueError("one keep flag per article of the base")
    kept_count = int(keep.sum())
    dropping = kept_count < len(keep)
    base_doc = kept_numbers(keep)
    delta_term, added_terms = delta_terms(base, delta)
    size = len(base.terms) + len(added_terms)
    b, d = base.arrays, delta.arrays

    post_counts = _counts(b.post_offsets, b.post_docs, base_doc if dropping else None, d.post_offsets, delta_term, size)
    title_counts = _counts(
        b.title_offsets, b.title_docs, base_doc if dropping else None, d.title_offsets, delta_term, size
    )
    used = (post_counts > 0) | (title_counts > 0)
    used[CorpusIndex.EMPTY_TERM] = True
    new_id = np.where(used, np.cumsum(used) - 1, -1).astype(np.int64)
    terms = [*base.terms, *added_terms]
    merged_terms = terms if bool(used.all()) else [t for t, u in zip(terms, used.tolist(), strict=True) if u]

    delta_new = new_id[delta_term]
    base_new = new_id[: len(base.terms)]
    dropped_terms = _write_tokens(base, keep, base_new, delta_new[np.asarray(d.tokens)], target)
    _write_lengths(base, keep, delta, target)
    _write_postings(
        target, ("post_offsets", "post_docs", "post_tf"), post_counts[used], base_new, base_doc if dropping else None,
        (b.post_offsets, b.post_docs, b.post_tf), (d.post_offsets, d.post_docs, d.post_tf), delta_new, kept_count,
    )  # fmt: skip
    _write_postings(
        target, ("title_offsets", "title_docs", None), title_counts[used], base_new, base_doc if dropping else None,
        (b.title_offsets, b.title_docs, None), (d.title_offsets, d.title_docs, None), delta_new, kept_count,
    )  # fmt: skip

    if isinstance(base.articles, ArticleColumns):
        rows = None if bool(keep.all()) else np.flatnonzero(keep)
        count = write_kept_and_new(target, base.articles, rows, delta.articles)
    else:
        articles = merged_articles(base, keep, delta)
        write_article_columns(target, articles)
        count = len(articles)
        del articles
    members = [read_array(target, name) for name in IndexArrays.ARRAY_NAMES]
    return merged_index(
        base,
        delta,
        read_article_columns(target, count),
        merged_terms,
        members,
        base_new,
        dropped_terms,
        also_changed=also_changed,
    )


def _counts(
    offsets: np.ndarray,
    docs: np.ndarray,
    base_doc: np.ndarray | None,
    delta_offsets: np.ndarray,
    delta_term: np.ndarray,
    size: int,
) -> np.ndarray:
    """How many postings each term of the merged vocabulary (before unused terms are dropped)
    has: the base's of kept articles (all of them when `base_doc` is None), then the delta's."""
    counts = np.zeros(size, dtype=np.int64)
    base_terms = len(offsets) - 1
    if base_doc is None:
        counts[:base_terms] = np.diff(np.asarray(offsets, dtype=np.int64))
    else:
        for low, high in term_ranges(offsets, RANGE_POSTINGS):
            start, end = int(offsets[low]), int(offsets[high])
            owners = low + term_of_postings(np.asarray(offsets[low : high + 1]))
            counts[:base_terms] += np.bincount(owners[base_doc[np.asarray(docs[start:end])] >= 0], minlength=base_terms)
            release_pages(docs, start, end)
    counts += np.bincount(delta_term[term_of_postings(np.asarray(delta_offsets))], minlength=size)
    return counts


def _write_tokens(
    base: CorpusIndex, keep: np.ndarray, base_new: np.ndarray, delta_tokens: np.ndarray, target: Path
) -> np.ndarray | None:
    """The kept articles' tokens renumbered (`base_new`: each base term's merged number), then the
    delta's; returns the base terms the dropped articles' bodies held (None when none was dropped)."""
    offsets = np.asarray(base.arrays.token_offsets, dtype=np.int64)
    tokens = base.arrays.tokens
    dropping = not bool(keep.all())
    touched = np.zeros(len(base.terms), dtype=bool) if dropping else None
    out = ArrayWriter(target, "tokens", np.uint32)
    renumber = base_new.astype(np.uint32)
    same_numbers = bool((base_new == np.arange(len(base_new))).all())
    first = 0
    while first < len(keep):
        last = max(first + 1, int(np.searchsorted(offsets, offsets[first] + TOKEN_BLOCK, side="right")) - 1)
        last = min(last, len(keep))
        block = np.asarray(tokens[offsets[first] : offsets[last]])
        if dropping:
            kept = np.repeat(keep[first:last], np.diff(offsets[first : last + 1]))
            assert touched is not None
            touched[block[~kept]] = True
            block = block[kept]
        out.append(block if same_numbers else renumber[block])  # the base's terms keep their numbers: copied
        release_pages(tokens, int(offsets[first]), int(offsets[last]))
        first = last
    out.append(delta_tokens)
    out.close()
    return np.flatnonzero(touched) if touched is not None else None


def _write_lengths(base: CorpusIndex, keep: np.ndarray, delta: CorpusIndex, target: Path) -> None:
    """The token offsets and word counts of the kept articles, then the delta's."""
    b, d = base.arrays, delta.arrays
    lengths = np.concatenate([np.diff(np.asarray(b.token_offsets))[keep], np.diff(np.asarray(d.token_offsets))])
    offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    write_array(target, "token_offsets", offsets)
    words = np.concatenate([np.asarray(b.word_counts)[keep], np.asarray(d.word_counts)]).astype(np.uint32)
    write_array(target, "word_counts", words)


def _let_go(table: tuple[np.ndarray, np.ndarray, np.ndarray | None], start: int, end: int) -> None:
    """The mapped pages of a range of a base's postings (documents and counts) let go once
    written: a merge of a 1.1-million-article index held 2.7 GB of them."""
    _, docs, tf = table
    release_pages(docs, start, end)
    if tf is not None:
        release_pages(tf, start, end)


def _write_postings(
    target: Path,
    names: tuple[str, str, str | None],
    counts: np.ndarray,
    base_new: np.ndarray,
    base_doc: np.ndarray | None,
    base: tuple[np.ndarray, np.ndarray, np.ndarray | None],
    delta: tuple[np.ndarray, np.ndarray, np.ndarray | None],
    delta_new: np.ndarray,
    first_new_doc: int,
) -> None:
    """One postings table of the merged index (offsets per merged term, documents, counts if
    `names` has them): a range of base terms at a time, each term's kept base postings (renumbered
    by `base_doc`; None: none dropped) followed by the delta's, then the delta's own new terms."""
    offsets_name, docs_name, counts_name = names
    base_offsets, base_docs, base_tf = base
    delta_offsets, delta_docs, delta_tf = delta
    merged_offsets = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=merged_offsets[1:])
    write_array(target, offsets_name, merged_offsets)
    docs_out = ArrayWriter(target, docs_name, np.uint32)
    tf_out = ArrayWriter(target, counts_name, np.uint16) if counts_name is not None else None

    # The delta's postings by merged term (stable: each term's documents stay in order), in the
    # narrowest types that hold them: a delta of 69,000 articles took about 500 MB more in int64.
    delta_terms_of = delta_new.astype(np.int32)[term_of_postings(np.asarray(delta_offsets))]
    order = np.argsort(delta_terms_of, kind="stable")
    delta_terms_of = delta_terms_of[order]
    delta_docs_sorted = np.asarray(delta_docs, dtype=np.uint32)[order]
    delta_docs_sorted += np.uint32(first_new_doc)
    delta_tf_sorted = np.asarray(delta_tf)[order] if delta_tf is not None else None
    del order
    used_before = np.concatenate([[0], np.cumsum(base_new >= 0)])  # merged ids of base terms before each

    def write(terms: np.ndarray, docs: np.ndarray, tf: np.ndarray | None, first: int, last: int) -> None:
        """A run of postings and the delta's between `first` and `last`, ordered by term (the
        base's first within a term: a stable sort)."""
        terms = np.concatenate([terms, delta_terms_of[first:last]])
        order = np.argsort(terms, kind="stable")
        docs_out.append(np.concatenate([docs, delta_docs_sorted[first:last]])[order])
        if tf_out is not None and tf is not None and delta_tf_sorted is not None:
            tf_out.append(np.concatenate([tf, delta_tf_sorted[first:last]])[order])

    for low, high in term_ranges(base_offsets, RANGE_POSTINGS):
        start, end = int(base_offsets[low]), int(base_offsets[high])
        first, last = np.searchsorted(delta_terms_of, [used_before[low], used_before[high]])
        docs = np.asarray(base_docs[start:end])
        tf = np.asarray(base_tf[start:end]) if base_tf is not None else None
        kept = base_doc[docs] >= 0 if base_doc is not None else None
        if first == last:  # no new posting among these terms: the kept ones, in their order
            docs_out.append(base_doc[docs[kept]] if base_doc is not None else docs)
            if tf_out is not None and tf is not None:
                tf_out.append(tf[kept] if kept is not None else tf)
            _let_go(base, start, end)
            continue
        terms = base_new[low + term_of_postings(np.asarray(base_offsets[low : high + 1]))]
        docs = docs.astype(np.int64)
        if base_doc is not None:
            docs = base_doc[docs[kept]]
            terms = terms[kept]
            tf = tf[kept] if tf is not None else None
        write(terms, docs, tf, int(first), int(last))
        _let_go(base, start, end)
    empty = np.zeros(0, dtype=np.int64)
    rest = int(np.searchsorted(delta_terms_of, used_before[-1]))
    write(empty, empty, empty.astype(np.uint16) if delta_tf_sorted is not None else None, rest, len(delta_terms_of))
    docs_out.close()
    if tf_out is not None:
        tf_out.close()
