"""Merging an index with the index of new articles, dropping deleted ones: the incremental step.

A start that finds a few new, changed or deleted files does not build again: it indexes only
the new and changed files (a small index), and merges it with the saved one here, in numpy,
in time proportional to the arrays' size (under a second on 69k articles). The merged index
holds exactly the postings, lengths and vocabulary a build from scratch of the same articles
would; only the numbering of articles and terms differs (new articles come last).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence

import numpy as np

from corpus.article_columns import ArticleColumns, columns_of
from corpus.models import Article
from corpus.packed import (
    ChainedStrings,
    ExtendedIndex,
    PackedStrings,
    SortedStrings,
    WithoutSome,
    gather_runs,
    numbered,
)
from corpus.search.index import CorpusIndex
from corpus.search.lexicon import Bigrams, NormalizedForms, bigram_pairs, bigram_table, normalized_frequency, term_keys
from corpus.search.neighbours import TermHashes
from corpus.search.postings import IndexArrays, KeyTerms, used_rows, used_terms
from corpus.search.segmented import SegmentedIndex, kept_numbers, with_rows
from corpus.search.transliteration import merged_alias_table, use_alias_table
from corpus.sorted_sets import distinct
from corpus.text.clitics import WORD_PREFIXES
from corpus.text.normalization import (
    DEFINITE_PREFIXES,
    KEY_ENDINGS,
    KEY_TAILS,
    OTHER_CONJUNCTION,
    fold_final_ya,
    search_form,
    twin_with_ta,
)

__all__ = [
    "appended_index",
    "delta_terms",
    "kept_numbers",
    "merge_indexes",
    "merged_articles",
    "merged_index",
    "merged_key_terms",
    "term_of_postings",
]


def term_of_postings(offsets: np.ndarray) -> np.ndarray:
    """The term of every posting of a CSR table (offsets per term)."""
    counts = np.diff(offsets).astype(np.int64)
    return np.repeat(np.arange(len(counts), dtype=np.int64), counts)


def _merged_postings(
    base: tuple[np.ndarray, np.ndarray, np.ndarray | None],
    delta: tuple[np.ndarray, np.ndarray, np.ndarray | None],
    base_doc: np.ndarray,
    first_new_doc: int,
    delta_term: np.ndarray,
    size: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """One CSR table (offsets, docs, counts) from the base's postings of kept documents and the
    delta's postings: within a term the base's come first, as new documents are numbered last."""
    base_offsets, base_docs, base_tf = base
    delta_offsets, delta_docs, delta_tf = delta
    if bool((base_doc >= 0).all()):
        return _appended_postings(base, delta, first_new_doc, delta_term, size)
    b_terms = term_of_postings(base_offsets)
    kept = base_doc[base_docs] >= 0
    b_terms, b_docs = b_terms[kept], base_doc[base_docs[kept]]
    d_own_terms = term_of_postings(delta_offsets)
    d_terms = delta_term[d_own_terms]
    b_counts = np.bincount(b_terms, minlength=size)
    counts = b_counts + np.bincount(d_terms, minlength=size)
    offsets = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    docs = np.empty(int(offsets[-1]), dtype=np.uint32)
    b_starts = np.cumsum(b_counts) - b_counts  # where each term's kept postings start, in order
    b_place = np.arange(len(b_terms), dtype=np.int64) + (offsets[:-1] - b_starts)[b_terms]
    d_rank = np.arange(len(d_own_terms), dtype=np.int64) - np.asarray(delta_offsets, dtype=np.int64)[d_own_terms]
    d_place = offsets[d_terms] + b_counts[d_terms] + d_rank
    docs[b_place] = b_docs
    docs[d_place] = delta_docs.astype(np.int64) + first_new_doc
    frequency = None
    if base_tf is not None and delta_tf is not None:
        frequency = np.empty(len(docs), dtype=np.uint16)
        frequency[b_place] = base_tf[kept]
        frequency[d_place] = delta_tf
    return offsets, docs, frequency


def _appended_postings(
    base: tuple[np.ndarray, np.ndarray, np.ndarray | None],
    delta: tuple[np.ndarray, np.ndarray, np.ndarray | None],
    first_new_doc: int,
    delta_term: np.ndarray,
    size: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """_merged_postings when no article is dropped (an archive that only grows): the delta's
    postings are inserted at the end of their terms' runs, in one pass over the base's arrays."""
    base_offsets, base_docs, base_tf = base
    delta_offsets, delta_docs, delta_tf = delta
    ends = np.full(size, len(base_docs), dtype=np.int64)
    ends[: len(base_offsets) - 1] = np.asarray(base_offsets[1:], dtype=np.int64)
    d_terms = delta_term[term_of_postings(delta_offsets)]
    order = np.argsort(d_terms, kind="stable")  # new terms come after every base term
    where = ends[d_terms[order]]
    docs = np.insert(np.asarray(base_docs), where, (delta_docs.astype(np.int64) + first_new_doc)[order])
    offsets = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(np.diff(np.asarray(base_offsets)), out=offsets[1 : len(base_offsets)])
    offsets[len(base_offsets) :] = offsets[len(base_offsets) - 1]
    offsets[1:] += np.cumsum(np.bincount(d_terms, minlength=size))
    frequency = None
    if base_tf is not None and delta_tf is not None:
        frequency = np.insert(np.asarray(base_tf), where, np.asarray(delta_tf)[order])
    return offsets, docs.astype(np.uint32, copy=False), frequency  # base_docs' type: no copy


def appended_index(index: CorpusIndex, delta: CorpusIndex, base_keep: np.ndarray | None = None) -> SegmentedIndex:
    """`index` with `delta`'s articles added after its own, in its tail (a plain index becomes
    the base of one, corpus.search.segmented): the base's arrays are neither copied nor
    rewritten, the tail's are merged with the delta's; the vocabulary and what derives from
    it is the whole's, as merge_indexes makes it. `base_keep`: a flag per live base article,
    False for those deleted now (put in the base's deletion list)."""
    segmented = index if isinstance(index, SegmentedIndex) else SegmentedIndex.of(index)
    rows = np.zeros(0, dtype=np.int64)
    keep = np.ones(len(segmented), dtype=bool)
    if base_keep is not None and not bool(base_keep.all()):
        rows = segmented.rows_dropped(base_keep)
        keep[: segmented.base_docs] = base_keep
    delta_term, added_terms = delta_terms(segmented, delta)
    saved = segmented.terms
    terms: Sequence[str]
    if isinstance(saved, PackedStrings):  # the saved vocabulary is neither listed nor put in a dictionary
        terms = ChainedStrings.of_parts(saved, PackedStrings.of(list(added_terms)))
        vocabulary: Mapping[str, int] | None = ExtendedIndex(segmented.vocabulary_of_every_term, added_terms)
    else:
        terms, vocabulary = [*saved, *added_terms], None  # merged_index makes the dictionary
    size = len(terms)
    tail, d = segmented.tail, delta.arrays
    first_new = len(tail.token_offsets) - 1
    post = _appended_postings(
        (tail.post_offsets, tail.post_docs, tail.post_tf), (d.post_offsets, d.post_docs, d.post_tf),
        first_new, delta_term, size,
    )  # fmt: skip
    title = _appended_postings(
        (tail.title_offsets, tail.title_docs, None), (d.title_offsets, d.title_docs, None), first_new, delta_term, size
    )
    tokens = np.concatenate([np.asarray(tail.tokens), delta_term[np.asarray(d.tokens)].astype(np.uint32)])
    token_offsets = np.concatenate(
        [
            np.asarray(tail.token_offsets, dtype=np.int64),
            np.asarray(d.token_offsets[1:], dtype=np.int64) + int(tail.token_offsets[-1]),
        ]
    )
    word_counts = np.concatenate([np.asarray(tail.word_counts), np.asarray(d.word_counts)]).astype(
        np.uint32, copy=False
    )
    articles = merged_articles(segmented, keep, delta)
    members = (tokens, token_offsets, post[0], post[1], _some(post[2]), title[0], title[1], word_counts)
    base = segmented.base
    deletions, frequency, dropped = with_rows(segmented.deletions, base, rows, post[0], title[0])
    merged = merged_index(
        segmented, delta, articles, terms, members, np.arange(len(segmented.terms), dtype=np.int64),
        dropped if len(rows) else None,
        make=lambda arrays: SegmentedIndex(articles, base, arrays, deletions=deletions),
        document_frequency=frequency, vocabulary=vocabulary, hidden=deletions.dead,
    )  # fmt: skip
    if not isinstance(merged, SegmentedIndex):
        raise TypeError("the tail's merge made a plain index")
    return merged


def retailed_index(index: SegmentedIndex, keep: np.ndarray, delta: CorpusIndex) -> SegmentedIndex | None:
    """`index` with the tail articles where `keep` is false dropped and `delta`'s added: the
    base is neither copied nor rewritten, the tail is made again from its kept articles and
    the delta's (a file added, then changed or deleted, costs what the tail holds), and the
    terms only dropped articles used are gone from the vocabulary, as a full merge drops them.
    A base article dropped goes into the base's deletion list. None when `keep` is not a flag
    an article."""
    split, base_terms = index.base_docs, index.base_terms
    if len(keep) != len(index):
        return None
    kept = np.asarray(keep[split:], dtype=bool)
    gone = np.zeros(0, dtype=np.int64) if bool(keep[:split].all()) else index.rows_dropped(keep[:split])
    tail = index.tail
    delta_term, added_terms = delta_terms(index, delta)  # numbered after the whole's terms
    size = len(index.terms) + len(added_terms)
    post, title, tokens, token_offsets, word_counts = _kept_and_added(tail, delta.arrays, kept, delta_term, size)
    used = used_terms(post[0], title[0], first=base_terms)  # the base's terms stay, as its postings number them
    to_merged = kept_numbers(used)
    rows = np.flatnonzero(used)
    post_offsets = used_rows(post[0], used)
    members = (
        to_merged[tokens.astype(np.int64)].astype(np.uint32), token_offsets, post_offsets, post[1], _some(post[2]),
        used_rows(title[0], used), title[1], word_counts,
    )  # fmt: skip
    whole = index.terms
    rest = [whole[t] for t in rows[(rows >= base_terms) & (rows < len(whole))].tolist()]
    rest += [term for term, number in added_terms.items() if used[number]]
    merged_terms: Sequence[str] = (
        ChainedStrings.of_parts(whole.head(base_terms), PackedStrings.of(rest))
        if isinstance(whole, PackedStrings)
        else [*whole[:base_terms], *rest]
    )
    vocabulary = ExtendedIndex(
        index.vocabulary_of_every_term, {term: base_terms + k for k, term in enumerate(rest)}, below=base_terms
    )
    articles = _retailed_articles(index, np.asarray(keep[:split], dtype=bool), kept, delta)
    dropped = ~np.repeat(kept, np.diff(np.asarray(tail.token_offsets, dtype=np.int64)).astype(np.int64))
    base = index.base
    deletions, frequency, base_dropped = with_rows(index.deletions, base, gone, post_offsets, members[5])
    merged = merged_index(
        index, delta, articles, merged_terms, members, to_merged[: len(whole)],
        distinct(np.concatenate([np.asarray(tail.tokens)[dropped], base_dropped]).astype(np.int64)),
        make=lambda arrays: SegmentedIndex(articles, base, arrays, deletions=deletions),
        document_frequency=frequency, vocabulary=vocabulary, hidden=deletions.dead,
    )  # fmt: skip
    if not isinstance(merged, SegmentedIndex):
        raise TypeError("the tail made again made a plain index")
    return merged


def _kept_and_added(
    b: IndexArrays, d: IndexArrays, keep: np.ndarray, delta_term: np.ndarray, size: int
) -> tuple[
    tuple[np.ndarray, np.ndarray, np.ndarray | None],
    tuple[np.ndarray, np.ndarray, np.ndarray | None],
    np.ndarray,
    np.ndarray,
    np.ndarray,
]:
    """The body and title postings, tokens (uint32), token offsets and word counts of `b`'s
    documents where `keep` is true, then `d`'s, over `size` terms (`d`'s renumbered by
    `delta_term`)."""
    base_doc, kept_count = kept_numbers(keep), int(keep.sum())
    post = _merged_postings(
        (b.post_offsets, b.post_docs, b.post_tf), (d.post_offsets, d.post_docs, d.post_tf),
        base_doc, kept_count, delta_term, size,
    )  # fmt: skip
    title = _merged_postings(
        (b.title_offsets, b.title_docs, None), (d.title_offsets, d.title_docs, None),
        base_doc, kept_count, delta_term, size,
    )  # fmt: skip
    lengths = np.diff(np.asarray(b.token_offsets, dtype=np.int64))[keep]
    kept_tokens = np.asarray(b.tokens)
    if kept_count < len(keep):
        kept_tokens = gather_runs(kept_tokens, np.asarray(b.token_offsets[:-1])[keep], lengths)
    tokens = np.concatenate([kept_tokens, delta_term[d.tokens].astype(np.uint32)]).astype(np.uint32, copy=False)
    token_offsets = np.zeros(len(lengths) + len(d.token_offsets), dtype=np.int64)
    np.cumsum(np.concatenate([lengths, np.diff(d.token_offsets)]), out=token_offsets[1:])
    word_counts = np.concatenate([np.asarray(b.word_counts)[keep], d.word_counts]).astype(np.uint32, copy=False)
    return post, title, tokens, token_offsets, word_counts


def _retailed_articles(
    index: SegmentedIndex, base_kept: np.ndarray, kept: np.ndarray, delta: CorpusIndex
) -> Sequence[Article]:
    """The base's articles where `base_kept`, the tail's where `kept`, then the delta's: of
    saved columns, the base's are their beginning, chained and copied file to file when saved,
    not gathered (unless some are dropped)."""
    split = index.base_docs
    articles = index.articles
    if isinstance(articles, ArticleColumns):
        head = articles.head(split) if bool(base_kept.all()) else articles.select(np.flatnonzero(base_kept))
        tail = articles.select(split + np.flatnonzero(kept))
        return head.concat(tail).concat(columns_of(delta.articles))
    flags = np.concatenate([base_kept, kept]).tolist()
    return [*(a for a, k in zip(articles, flags, strict=True) if k), *delta.articles]


def merge_indexes(
    base: CorpusIndex,
    keep: np.ndarray,
    delta: CorpusIndex,
    *,
    derive: bool = True,
    also_changed: Collection[str] = (),
) -> CorpusIndex:
    """The index of `base`'s articles where `keep` is true, then `delta`'s articles.

    Terms no remaining article uses are dropped, so the vocabulary (and everything derived
    from it: search keys, fuzzy and prefix candidates) is the one a fresh build would have.
    Without `derive` (a merge of parts that more parts will join), no search keys are derived.
    `also_changed`: forms whose frequency changed that neither the delta nor the base's dropped
    articles hold (a segmented base's tail articles dropped before: corpus.storage.incremental).
    """
    keep = np.asarray(keep, dtype=bool)
    if len(keep) != len(base):
        raise ValueError("one keep flag per article of the base")
    kept_count = int(keep.sum())
    delta_term, added_terms = delta_terms(base, delta)
    terms = [*base.terms, *added_terms]
    size = len(terms)

    b = base.arrays
    post, title, tokens, token_offsets, word_counts = _kept_and_added(b, delta.arrays, keep, delta_term, size)
    articles = merged_articles(base, keep, delta)

    arrays = _without_unused_terms(terms, tokens, post, title)
    members = (arrays[1], token_offsets, *arrays[2], *arrays[3][:2], word_counts)
    used = arrays[4][: len(base.terms)]  # the base's terms come first, in order: renumbered by the count of those kept
    dropped_terms: np.ndarray | None = None
    if kept_count < len(keep):
        dropped_terms = distinct(np.asarray(b.tokens)[~np.repeat(keep, np.diff(b.token_offsets))])
    return merged_index(
        base,
        delta,
        articles,
        arrays[0],
        members,
        kept_numbers(used),
        dropped_terms,
        derive=derive,
        also_changed=also_changed,
    )


def merged_articles(base: CorpusIndex, keep: np.ndarray, delta: CorpusIndex) -> Sequence[Article]:
    """The base's articles where `keep` is true, then the delta's: a saved index's columns
    gathered in numpy (not selected at all when every article stays)."""
    if isinstance(base.articles, ArticleColumns):
        kept = base.articles if bool(keep.all()) else base.articles.select(np.flatnonzero(keep))
        return kept.concat(columns_of(delta.articles))
    articles = [a for a, k in zip(base.articles, keep.tolist(), strict=True) if k]
    articles.extend(delta.articles)
    return articles


def delta_terms(base: CorpusIndex, delta: CorpusIndex) -> tuple[np.ndarray, dict[str, int]]:
    """Each delta term's number in the merged vocabulary before unused terms are dropped (the
    base's terms, then the delta's terms the base does not have), and those added terms."""
    added_terms: dict[str, int] = {}
    delta_term = np.empty(len(delta.terms), dtype=np.int64)
    for own, term in enumerate(delta.terms):
        found = base.vocabulary_of_every_term.get(term)
        if found is None:
            found = added_terms.setdefault(term, len(base.terms) + len(added_terms))
        delta_term[own] = found
    return delta_term, added_terms


def merged_index(
    base: CorpusIndex,
    delta: CorpusIndex,
    articles: Sequence[Article],
    merged_terms: Sequence[str],
    members: Sequence[np.ndarray],
    base_to_merged: np.ndarray,
    dropped_terms: np.ndarray | None,
    *,
    derive: bool = True,
    also_changed: Collection[str] = (),
    make: Callable[[IndexArrays], CorpusIndex] | None = None,
    document_frequency: np.ndarray | None = None,
    vocabulary: Mapping[str, int] | None = None,
    hidden: np.ndarray | None = None,
) -> CorpusIndex:
    """The merged index from its terms and arrays, its search keys, bigrams and aliases carried
    from the base's where few forms changed (those of the delta, of dropped articles, and
    `also_changed`):
    `base_to_merged` numbers the base's terms in the merged vocabulary (-1: gone),
    `dropped_terms` are the base terms the dropped articles' bodies held (None: no article
    dropped). `make` builds the index from its arrays (by default one CorpusIndex of
    `articles`), `document_frequency` is the whole's when the arrays are not all of it, and
    `vocabulary` the merged terms' lookup when the caller has one, `hidden` the merged terms
    only deleted documents hold (corpus.search.segmented: they get no search keys)."""
    if vocabulary is None:
        vocabulary = dict(zip(merged_terms, range(len(merged_terms)), strict=True))
    # The forms whose frequency or presence changed: those of the delta, those of the dropped
    # articles' bodies, and base terms no article uses any more (a dropped title's, say).
    changed = set(delta.terms)
    changed.update(base.terms[t] for t in np.nonzero(base_to_merged < 0)[0].tolist())
    if dropped_terms is not None:
        changed.update(base.terms[t] for t in dropped_terms.tolist())
    if hidden is not None:  # a term dead now (a deleted title's only): gone for the keys of the words it concerns
        changed.update(base.terms[t] for t in np.asarray(hidden).tolist() if t not in base.lexicon.hidden)
    key_terms = None if derive else KeyTerms.from_dict({})  # None: CorpusIndex derives them all
    # A base whose keys were never derived (a part of a build: its table is empty) has none to
    # carry: the merge then derives them all, or the words only it holds would have no keys.
    derived = len(base.key_terms) > 0 or len(base.terms) <= 1
    changed.update(also_changed)
    few = derive and derived and len(changed) <= FEW_CHANGED * len(merged_terms)
    base_sorted: Sequence[str] = []
    if few:  # read in place (SortedStrings.bisect_many), the dropped terms among them
        sorted_terms = base.lexicon.sorted_terms()
        base_sorted = sorted_terms if isinstance(sorted_terms, SortedStrings) else list(sorted_terms)
    if few and not isinstance(vocabulary, dict) and len(changed) * LOOKUPS_PER_CHANGED > len(merged_terms):
        vocabulary = numbered(merged_terms)  # many forms asked: one dictionary
    if few:
        frequency = np.diff(members[2]) if document_frequency is None else document_frequency
        key_terms = merged_key_terms(base, base_to_merged, vocabulary, frequency, changed, base_sorted, hidden)
    arrays = IndexArrays.from_members(merged_terms, members, vocabulary=vocabulary, key_terms=key_terms)
    index = CorpusIndex(articles, arrays) if make is None else make(arrays)
    if few:
        first_new = int((base_to_merged >= 0).sum())  # the delta's own terms come after the base's
        new_terms = list(enumerate(merged_terms[first_new:], start=first_new))
        index.lexicon.use_derived(*_merged_derived(base, base_to_merged, new_terms, base_sorted))
        index.lexicon.use_term_lengths(_merged_lengths(base, base_to_merged, new_terms, len(merged_terms)))
        use_alias_table(index, merged_alias_table(base, index, base_to_merged, changed))
    return index


def _merged_lengths(
    base: CorpusIndex, base_to_merged: np.ndarray, new_terms: list[tuple[int, str]], size: int
) -> np.ndarray:
    """Each merged term's length: the base's (saved) renumbered, the new terms' counted."""
    lengths = np.zeros(size, dtype=np.int32)
    kept = base_to_merged >= 0
    lengths[base_to_merged[kept]] = np.asarray(base.lexicon.term_lengths())[kept]
    for number, term in new_terms:
        lengths[number] = len(term)
    return lengths


def _merged_derived(
    base: CorpusIndex, base_to_merged: np.ndarray, new_terms: list[tuple[int, str]], base_sorted: Sequence[str]
) -> tuple[Bigrams, np.ndarray, TermHashes | None]:
    """The bigram table, term order and term hashes of the merged vocabulary from the base's:
    its terms renumbered (the merged ones keep the base's order), the new terms' added (the
    hashes only where no term moved and the base's are at hand; else None: made when asked)."""
    grams, offsets, members = base.lexicon.bigrams()
    grams = dict(grams)
    gram_ids, term_ids = bigram_pairs(new_terms, grams)
    hashes = None
    if bool((base_to_merged == np.arange(len(base_to_merged))).all()):
        hashes = _extended_hashes(base, new_terms)
        # no term dropped or moved (a tail): the new terms' pairs go at the end of their runs,
        # as a delta's postings do (the new terms come after every base term)
        _, new_offsets, new_members = bigram_table(grams, gram_ids, term_ids)
        every = np.arange(len(grams), dtype=np.int64)
        joined = _appended_postings((offsets, members, None), (new_offsets, new_members, None), 0, every, len(grams))
        table = (grams, joined[0], joined[1])
    else:
        owner = np.repeat(np.arange(len(offsets) - 1, dtype=np.int64), np.diff(offsets))
        renumbered = base_to_merged[np.asarray(members, dtype=np.int64)]
        still = renumbered >= 0
        owners = np.concatenate([owner[still], np.asarray(gram_ids, dtype=np.int64)])
        terms = np.concatenate([renumbered[still], np.asarray(term_ids, dtype=np.int64)])
        table = bigram_table(grams, owners, terms)
    base_ids = np.asarray(base.lexicon.sorted_ids(), dtype=np.int64)
    kept = base_to_merged[base_ids]  # the base's vocabulary in code point order, renumbered
    added = sorted(new_terms, key=lambda pair: pair[1])
    places = np.asarray(_places(base_sorted, [term for _, term in added]), dtype=np.int64)
    gone = kept < 0
    if bool(gone.any()):  # a place among all the base's terms, less the dropped ones before it
        dropped_before = np.concatenate([[0], np.cumsum(gone)])
        places = places - dropped_before[places]
        kept = kept[~gone]
    order = np.insert(kept, places, [term_id for term_id, _ in added]) if added else kept
    return table, order.astype(np.uint32), hashes


def _extended_hashes(base: CorpusIndex, new_terms: list[tuple[int, str]]) -> TermHashes | None:
    """The base's term hashes with the new terms' (numbered after the base's) placed in a copy:
    None when the base has none at hand or the table must grow."""
    known = base.lexicon.known_term_hashes()
    if known is None or any(number != len(known.hashes) + k for k, (number, _) in enumerate(new_terms)):
        return None
    try:
        return known.extended([term for _, term in new_terms])
    except ValueError:
        return None


LOOKUPS_PER_CHANGED = 500
"""Past one changed form in this many terms, a saved vocabulary is read into a dictionary
before the keys and aliases are carried (lookups by bisection in the saved column cost tens of
microseconds; the dictionary of 360,000 terms 0.27 s). Measured at 1x: one real article added,
0.96-1.04 s at 500 against 1.35 s at 4,000 (a dictionary made for it); 100 articles the same."""
FEW_CHANGED = 0.05
"""Up to this share of the vocabulary changed in frequency or presence, only the search keys
they concern are derived again; beyond it, all of them."""


def _dependents(changed: Iterable[str], sorted_terms: Sequence[str]) -> set[str]:
    """The terms of `sorted_terms` whose search keys may depend on one of the `changed` forms.

    search_keys(W) looks up forms made of an optional article (alone or after a clitic: بالإضافة
    counts for الإضافي), then a part of W that follows
    one of its proclitics (WORD_PREFIXES) and precedes one of its endings (KEY_ENDINGS), then
    an optional KEY_TAILS. So a form F concerns only the words written proclitic + F's core
    (F without its article or tail) + ending: found by bisection in the sorted vocabulary. A
    form after و or ف concerns the same core after the other one too (فأضاف lets وأضاف be و +
    أضاف: normalization._conjunction_and_verb).
    """
    cores: set[str] = set()
    for form in changed:
        for core in (form, *(form[len(prefix) :] for prefix in DEFINITE_PREFIXES if form.startswith(prefix))):
            spellings = {core, fold_final_ya(core), search_form(core)}  # عليه's key is على's when على is written more
            if (in_ta := twin_with_ta(core)) is not None:  # a form in ه counts the word written with ة too
                spellings.add(in_ta)  # (والحكومة: حكومة)
            cores.update(spellings)
            cores.update(s[: -len(tail)] for s in spellings for tail in KEY_TAILS if s.endswith(tail))
    cores.update(OTHER_CONJUNCTION[core[0]] + core[1:] for core in list(cores) if core[:1] in OTHER_CONJUNCTION)
    starts = [prefix + core for core in cores if len(core) >= 2 for prefix in WORD_PREFIXES]
    lows = _places(sorted_terms, starts)
    highs = _places(sorted_terms, [start + "\U0010ffff" for start in starts])
    found: set[str] = set()
    if isinstance(sorted_terms, SortedStrings):  # only those short enough to be start + an ending are read, at once
        most = np.array(
            [len(start.encode("utf-8", "surrogatepass")) + _LONGEST_ENDING for start in starts], dtype=np.int64
        )
        owners, terms = sorted_terms.shorter_in_many(np.asarray(lows), np.asarray(highs), most)
        found.update(
            term
            for term, owner in zip(terms, owners.tolist(), strict=True)
            if search_form(term)[len(starts[owner]) :] in KEY_ENDINGS  # بابنة: باب + ن + ة, read as ه
        )
        return found
    for start, low, high in zip(starts, lows, highs, strict=True):
        found.update(term for term in sorted_terms[low:high] if search_form(term)[len(start) :] in KEY_ENDINGS)
    return found


_LONGEST_ENDING = max(len(ending.encode("utf-8")) for ending in KEY_ENDINGS)
"""The UTF-8 length of the longest ending search_keys takes off."""


def _places(sorted_terms: Sequence[str], values: Sequence[str]) -> list[int]:
    """Where each value would go in `sorted_terms` (bisect_left), all at once where they are packed."""
    if isinstance(sorted_terms, SortedStrings):
        return sorted_terms.bisect_many(values)
    return [bisect.bisect_left(sorted_terms, value) for value in values]


def merged_key_terms(
    base: CorpusIndex,
    base_to_merged: np.ndarray,
    vocabulary: Mapping[str, int],
    document_frequency: np.ndarray,
    changed: set[str],
    base_sorted: Sequence[str],
    hidden: np.ndarray | None = None,
) -> KeyTerms:
    """The search-key table of the merged vocabulary, exactly as CorpusIndex would derive it,
    computing keys again only for the terms a changed form can concern (_dependents); the
    `hidden` terms (only deleted documents hold them) get none, and no other's keys see them."""
    counts = document_frequency.tolist()
    redo = _dependents(changed, base_sorted)
    redo.update(form for form in changed if form in vocabulary)
    redo.discard("")
    left_out = set(() if hidden is None else np.asarray(hidden).tolist())
    seen: Mapping[str, int] = vocabulary
    if left_out:  # base terms, which keep their numbers in a segmented index's change
        seen = WithoutSome(vocabulary, frozenset(base.terms[term] for term in left_out))

    frequency = normalized_frequency(vocabulary, counts)
    forms = NormalizedForms(seen)
    redone = {term: vocabulary[term] for term in redo if term in vocabulary}
    keyed = (
        (number, [] if number in left_out else term_keys(term, forms, frequency)) for term, number in redone.items()
    )
    return base.key_terms.rekeyed(base_to_merged, redone.values(), keyed)


def _without_unused_terms(
    terms: list[str],
    tokens: np.ndarray,
    post: tuple[np.ndarray, np.ndarray, np.ndarray | None],
    title: tuple[np.ndarray, np.ndarray, np.ndarray | None],
) -> tuple[list[str], np.ndarray, tuple[np.ndarray, ...], tuple[np.ndarray, ...], np.ndarray]:
    """Drop the terms that neither a body nor a title uses any more (term 0, the empty term,
    stays), renumbering the rest in order; and which terms were kept."""
    used = used_terms(post[0], title[0])  # the empty term, term 0, stays
    if used.all():
        return terms, tokens, (post[0], post[1], _some(post[2])), (title[0], title[1]), used
    new_id = (np.cumsum(used) - 1).astype(np.uint32)
    kept_terms = [t for t, u in zip(terms, used.tolist(), strict=True) if u]
    return (
        kept_terms,
        new_id[tokens],
        (used_rows(post[0], used), post[1], _some(post[2])),
        (used_rows(title[0], used), title[1]),
        used,
    )


def _some(values: np.ndarray | None) -> np.ndarray:
    if values is None:
        raise ValueError("body postings carry their counts")
    return values
