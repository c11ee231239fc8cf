"""Reprints and near-duplicates: MinHash over normalized word shingles, banded into an LSH.

An article's shingles are the runs of SHINGLE_WORDS consecutive index terms of its body (the
index's own normalized forms, so spelling variants the index folds fold here too), hashed in
numpy and sketched into NUM_PERM MinHash values by rensa (Rust) in one call for the whole
archive. Pairs of articles whose signatures agree on every row of at least one band are
candidates; a candidate whose signatures agree on REPRINT_JACCARD of their values (the
MinHash estimate of the Jaccard similarity of their shingles) is a reprint.
"""

from __future__ import annotations

import numpy as np
import rensa

from corpus.saved_folders import release_pages
from corpus.search.segmented import StackedRows
from corpus.sorted_sets import squeezed

__all__ = ["NUM_PERM", "REPRINT_JACCARD", "SHINGLE_WORDS", "signatures", "similar_pairs"]

SHINGLE_WORDS = 3
NUM_PERM = 64
"""MinHash values per article: 256 bytes each, 17 MB for 69k articles (saved, memory-mapped)."""
BANDS = 16
"""LSH bands of NUM_PERM // BANDS rows: a pair with Jaccard 0.5 is a candidate 98% of the
time, one with Jaccard 0.2 4% of the time."""
REPRINT_JACCARD = 0.5
SEED = 27
MIN_SHINGLES = 8
"""An article with fewer shingles (a caption, a one-line brief) is nobody's reprint: two
short notes that share a dateline are not one report."""
_MIX = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F), np.uint64(0x165667B19E3779F9))
EMPTY = np.uint32(0xFFFFFFFF)
MAX_RUN = 64
CHUNK_TOKENS = 1 << 18
PAIR_CHUNK = 1 << 22
"""Candidate pairs made, or checked, at a time: their temporary columns stay small."""
CHECK_ROWS = 100_000
"""Candidate pairs whose signatures are compared at once (two rows of 256 bytes each)."""


def signatures(tokens: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """The MinHash signature of each document (uint32, documents × NUM_PERM) from the term
    ids of its tokens (`tokens[offsets[d]:offsets[d + 1]]`); a document with fewer than
    MIN_SHINGLES shingles gets EMPTY values, which `similar_pairs` never pairs. Documents are
    sketched CHUNK_TOKENS tokens at a time, so the shingles of the whole archive are never
    in memory at once, nor the mapped pages of its tokens."""
    starts = np.asarray(offsets, dtype=np.int64)
    documents = len(starts) - 1
    values = np.full((max(documents, 0), NUM_PERM), EMPTY, dtype=np.uint32)
    first = 0
    while first < documents:
        last = int(np.searchsorted(starts, starts[first] + CHUNK_TOKENS, "right")) - 1
        last = min(max(last, first + 1), documents)
        values[first:last] = _sketch(
            np.asarray(tokens[starts[first] : starts[last]]), starts[first : last + 1] - starts[first]
        )
        release_pages(tokens, int(starts[first]), int(starts[last]))  # read once: not kept resident
        first = last
    return values


def _sketch(tokens: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """`signatures` of a run of documents (`starts` from 0)."""
    documents = len(starts) - 1
    counts = np.maximum(np.diff(starts) - (SHINGLE_WORDS - 1), 0)
    values = np.full((documents, NUM_PERM), EMPTY, dtype=np.uint32)
    if len(tokens) < SHINGLE_WORDS or not counts.any():
        return values
    ids = tokens.astype(np.uint64)
    hashes = ids[:-2] * _MIX[0]
    hashes ^= ids[1:-1] * _MIX[1]
    hashes ^= ids[2:] * _MIX[2]
    del ids
    keep = np.ones(len(hashes), dtype=bool)
    for back in range(1, SHINGLE_WORDS):  # a shingle never runs over a document's end
        ends = starts[1:] - back
        keep[ends[(ends >= 0) & (ends < len(hashes))]] = False
    rows = np.concatenate([[0], np.cumsum(counts)]).astype(np.uint64)
    flat = np.ascontiguousarray(hashes[keep])
    del hashes, keep
    matrix = rensa.RMinHash.digest_matrix_from_flat_token_hashes(flat, rows, NUM_PERM, SEED)
    values = np.array(matrix.to_rows(), dtype=np.uint32).reshape(documents, NUM_PERM)
    values[counts < MIN_SHINGLES] = EMPTY
    return values


def similar_pairs(values: np.ndarray | StackedRows, among: np.ndarray | None = None) -> np.ndarray:
    """Pairs (i, j), i < j, of documents whose signatures estimate a Jaccard similarity of at
    least REPRINT_JACCARD, found through the LSH bands (int32, pairs × 2, ascending). With
    `among` (a boolean mask), only pairs with at least one document in it."""
    documents = len(values)
    found = np.zeros(0, dtype=np.int64)  # candidate pairs as i * documents + j, sorted, each once
    rows = NUM_PERM // BANDS
    matching = None if among is None else _matching_keys(values, among)
    usable = np.flatnonzero(values[:, 0] != EMPTY) if matching is None else np.zeros(0, dtype=np.int64)
    for band in range(BANDS):
        if matching is not None:  # only runs with an article of `among`: every pair holding one is in them
            docs, doc_keys = matching[band]
        else:
            docs = usable
            doc_keys = _band_keys(values[:, band * rows : (band + 1) * rows])[docs]
        by_key = np.argsort(doc_keys, kind="stable")
        order, sorted_keys = docs[by_key], doc_keys[by_key]
        del by_key, doc_keys
        run_starts = np.flatnonzero(np.concatenate([[True], sorted_keys[1:] != sorted_keys[:-1]]))
        run_lengths = np.diff(np.append(run_starts, len(order)))
        shared = run_lengths > 1
        run_starts, run_lengths = run_starts[shared], run_lengths[shared]
        del sorted_keys, shared
        if not len(run_starts):
            continue
        # the band's pairs are written after those found so far and merged with them in that
        # one array (the bands find mostly the same pairs: the candidates never hold BANDS
        # copies of them, nor a second copy of the whole)
        held = len(found)
        found.resize(held + _pair_count(run_lengths), refcheck=False)
        _fill_pairs(order, run_starts, run_lengths, documents, found[held:])
        found[held:].sort()
        found = squeezed(found, runs=True)
    return _checked(values, found, among)


def _pair_count(run_lengths: np.ndarray) -> int:
    """How many pairs `_fill_pairs` makes of runs of these lengths."""
    lengths = run_lengths.astype(np.int64)
    return int(np.where(lengths <= MAX_RUN, lengths * (lengths - 1) // 2, lengths - 1).sum())


def _fill_pairs(
    order: np.ndarray, run_starts: np.ndarray, run_lengths: np.ndarray, documents: int, out: np.ndarray
) -> None:
    """Write into `out` every pair inside each run of equal keys (a reprint's copies) as the key
    i * documents + j, i < j; a run longer than MAX_RUN (a template filled in every day) is
    linked to its first member only. Made PAIR_CHUNK pairs at a time."""
    at = 0
    for length in np.unique(run_lengths).tolist():
        firsts = run_starts[run_lengths == length]
        if length <= MAX_RUN:
            left, right = np.triu_indices(length, 1)
        else:
            left, right = np.zeros(length - 1, dtype=np.int64), np.arange(1, length)
        step = max(1, PAIR_CHUNK // len(left))
        for start in range(0, len(firsts), step):
            part = firsts[start : start + step, None]
            a = order[part + left[None, :]].ravel()
            b = order[part + right[None, :]].ravel()
            low = np.minimum(a, b)
            np.maximum(a, b, out=b)
            low *= documents
            low += b
            out[at : at + len(low)] = low
            at += len(low)


def _checked(values: np.ndarray | StackedRows, found: np.ndarray, among: np.ndarray | None) -> np.ndarray:
    """The candidate pairs `found` (keys i * documents + j) whose signatures agree on at least
    REPRINT_JACCARD of their values (with `among`, those with a document in it), as pairs,
    checked PAIR_CHUNK at a time."""
    documents = len(values)
    keep = np.zeros(len(found), dtype=bool)
    for start in range(0, len(found), PAIR_CHUNK):
        part = found[start : start + PAIR_CHUNK]
        first, second = part // documents, part % documents
        chosen = np.ones(len(part), dtype=bool) if among is None else among[first] | among[second]
        for at in range(0, len(part), CHECK_ROWS):  # 64 values a pair, read for both
            lefts, rights = first[at : at + CHECK_ROWS], second[at : at + CHECK_ROWS]
            agree = (values[lefts] == values[rights]).mean(axis=1)
            chosen[at : at + len(lefts)] &= agree >= REPRINT_JACCARD
        keep[start : start + len(part)] = chosen
    kept = found[keep]
    pairs = np.empty((len(kept), 2), dtype=np.int32)
    for start in range(0, len(kept), PAIR_CHUNK):
        part = kept[start : start + PAIR_CHUNK]
        pairs[start : start + len(part), 0] = part // documents
        pairs[start : start + len(part), 1] = part % documents
    return pairs


KEY_ROWS = 65_536
"""Signatures read at a time when the documents sharing a band key with new ones are looked
for: one pass over the rows (a saved table's pages read once, not a band of columns at a time)."""


FEW_KEYS = 8
"""Up to this many keys sought, each is compared with every value (a few ms over a million rows),
not searched for (a binary search a value: 0.1 s over the sixteen bands at 1.1 million)."""


def _in_sorted(keys: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Which `values` are among `keys` (distinct, ascending, at least one)."""
    found: np.ndarray
    if len(keys) <= FEW_KEYS:
        found = values == keys[0]
        for key in keys[1:]:
            found |= values == key
        return found
    found = keys[np.minimum(np.searchsorted(keys, values), len(keys) - 1)] == values
    return found


def _matching_keys(values: np.ndarray | StackedRows, among: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """For each band, the usable documents whose key in it is one of the `among` documents'
    keys there, with those keys (in document order)."""
    rows = NUM_PERM // BANDS
    chosen = np.flatnonzero(among)
    own = np.asarray(values[chosen]) if len(chosen) else np.zeros((0, NUM_PERM), dtype=np.uint32)
    own = own[own[:, 0] != EMPTY]
    wanted = [np.unique(_band_keys(own[:, band * rows : (band + 1) * rows])) for band in range(BANDS)]
    leads = [np.unique(own[:, band * rows]) for band in range(BANDS)]  # a band's first value: a cheap sieve
    found: list[list[tuple[np.ndarray, np.ndarray]]] = [[] for _ in range(BANDS)]
    parts = (
        [(0, values, False)]
        if isinstance(values, np.ndarray)
        else [(0, values.first, True), (values.split, values.second, False)]
    )
    blocks = (
        (at + start, part[start : start + KEY_ROWS], in_base)
        for at, part, in_base in parts
        for start in range(0, len(part), KEY_ROWS)
    )
    for start, rows_read, in_base in blocks if len(own) else ():
        block = np.asarray(rows_read)  # a slice of the saved table: its pages read once
        # every band's first value, gathered in one pass over the rows (a band's column read
        # alone touched every row's memory: the table sixteen times over)
        firsts = np.ascontiguousarray(block[:, ::rows])
        fine = firsts[:, 0] != EMPTY
        for band in range(BANDS):
            first = firsts[:, band]
            near = np.flatnonzero(fine & _in_sorted(leads[band], first))
            if not len(near):
                continue
            keys = _band_keys(
                block[near, band * rows : (band + 1) * rows]
            )  # only rows whose first value is a new one's
            hit = _in_sorted(wanted[band], keys)
            docs = start + near[hit]
            if in_base and isinstance(values, StackedRows):  # rows of the saved base: its deleted ones left out
                docs = values.numbered(docs)
                hit[hit] = docs >= 0
                docs = docs[docs >= 0]
            if hit.any():
                found[band].append((docs, keys[hit]))
    return [
        (np.concatenate([d for d, _ in parts]), np.concatenate([k for _, k in parts]))
        if parts
        else (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64))
        for parts in found
    ]


def _band_keys(band: np.ndarray) -> np.ndarray:
    """One 64-bit key per row of a band (its values mixed), equal for equal rows."""
    key = np.zeros(len(band), dtype=np.uint64)
    for column in range(band.shape[1]):
        key = (key ^ band[:, column].astype(np.uint64)) * np.uint64(0x100000001B3)
    return key
