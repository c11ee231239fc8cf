"""Sets of integers as sorted numpy arrays, made by sorting.

numpy 2.3 and later make `np.unique` of a plain array (and so `np.intersect1d`, which calls it)
with a hash table: here 20 times slower than sorting for 100,000 distinct int64 values (18 ms
against 0.8 ms) and 50 to 100 times for millions (5 million pair keys: 12.8 s against 0.12 s).
These give the same arrays by sorting.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "ascending",
    "blocks",
    "common",
    "counted",
    "dense_unique",
    "distinct",
    "members",
    "paired",
    "squeezed",
    "stable_order",
    "stably_grouped",
    "tally",
]


def distinct(values: np.ndarray, *, runs: bool = False, in_place: bool = False) -> np.ndarray:
    """The distinct values, ascending: what `np.unique(values)` gives. With `runs`, the values
    are a few sorted runs one after another, which a stable sort (timsort) merges in a pass.
    With `in_place`, `values` (one-dimensional, the caller's own) is sorted where it is, not copied."""
    if in_place:
        values.sort(kind="stable" if runs else None)
        ordered = values
    else:
        ordered = np.sort(np.ravel(values), kind="stable" if runs else None)
    if len(ordered) < 2:
        return ordered
    kept: np.ndarray = ordered[_firsts(ordered)]
    return kept


def squeezed(values: np.ndarray, *, runs: bool = False) -> np.ndarray:
    """What `distinct` gives, made in the memory of `values` (one-dimensional, owning its data,
    the caller's own): sorted where it is, its repeats moved out MEMBER_CHUNK values at a time and
    the array resized to what is left. No second copy of it: a column of candidate pairs grown a
    band at a time and squeezed after each holds one array's memory, not three."""
    values.sort(kind="stable" if runs else None)
    if len(values) < 2:
        return values
    first = _firsts(values)
    kept = 0
    for start in range(0, len(values), MEMBER_CHUNK):
        chunk = values[start : start + MEMBER_CHUNK][first[start : start + MEMBER_CHUNK]]  # a copy: no overlap
        values[kept : kept + len(chunk)] = chunk
        kept += len(chunk)
    values.resize(kept, refcheck=False)
    return values


def counted(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values, ascending, and how often each occurs: what `np.unique(values,
    return_counts=True)` gives, with `values` (one-dimensional, the caller's own) sorted in
    place rather than copied."""
    values.sort()
    if not len(values):
        return values, np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(_firsts(values))
    return values[starts], np.diff(starts, append=len(values))


def _firsts(ordered: np.ndarray) -> np.ndarray:
    """Which values of a sorted, non-empty column differ from the one before (the first does)."""
    first = np.empty(len(ordered), dtype=bool)
    first[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    return first


def paired(first: np.ndarray, span: int, second: np.ndarray) -> np.ndarray:
    """`first * span + second` as one new int64 column, widened before it is multiplied (int32
    columns would overflow) and made in place: no other row-long int64 column beside it."""
    codes = first.astype(np.int64)
    codes *= span
    codes += second
    return codes


def common(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """The values in both, ascending and each once: what `np.intersect1d` gives."""
    return np.intersect1d(distinct(first), distinct(second), assume_unique=True)


MEMBER_CHUNK = 1 << 20
"""Values looked up at once by `members`."""


def members(values: np.ndarray, wanted: np.ndarray | list[int]) -> np.ndarray:
    """Whether each of `values` is one of `wanted`: what `np.isin(values, wanted)` gives, in a
    byte a value (np.isin sorts the two together: about 40 bytes a value, 800 MB for the
    mentions of a million articles)."""
    table = distinct(np.asarray(wanted))
    found = np.zeros(len(values), dtype=bool)
    if not len(table):
        return found
    for start in range(0, len(values), MEMBER_CHUNK):
        chunk = values[start : start + MEMBER_CHUNK]
        at = np.searchsorted(table, chunk)
        np.minimum(at, len(table) - 1, out=at)
        found[start : start + len(chunk)] = table[at] == chunk
    return found


def tally(values: np.ndarray, size: int = 0) -> np.ndarray:
    """How many of `values` are each number from 0: what `np.bincount(values, minlength=size)`
    gives, MEMBER_CHUNK values at a time (bincount widens its input to int64 first: a row-long
    copy of an int32 column, 167 MB for the mentions of a million articles)."""
    if len(values):
        size = max(size, int(values.max()) + 1)
    counts = np.zeros(size, dtype=np.int64)
    for start in range(0, len(values), MEMBER_CHUNK):
        counts += np.bincount(values[start : start + MEMBER_CHUNK], minlength=size)
    return counts


def stably_grouped(values: np.ndarray, keys: np.ndarray, counts: np.ndarray, rank: np.ndarray) -> np.ndarray:
    """`values` ordered by `rank[keys]` (each key's rank, from 0), those of one rank in the order
    they came, `counts` being how many rows hold each key (`tally(keys)`, which the caller has):
    a counting sort MEMBER_CHUNK rows at a time, where a sort of (rank, value) pairs held a
    row-long int64 column (167 MB for the mentions of a million articles)."""
    ranks = len(rank)
    per_rank = np.bincount(rank, weights=counts[:ranks], minlength=ranks).astype(np.int64)
    next_at = np.zeros(ranks, dtype=np.int64)  # where each rank's next value goes
    np.cumsum(per_rank[:-1], out=next_at[1:])
    grouped = np.empty(len(values), dtype=values.dtype)
    for start in range(0, len(values), MEMBER_CHUNK):
        block = rank[keys[start : start + MEMBER_CHUNK]]
        order = np.argsort(block, kind="stable")
        ordered = block[order]
        within = np.arange(len(order)) - np.searchsorted(ordered, ordered)  # place among its rank's in the block
        grouped[next_at[ordered] + within] = values[start : start + MEMBER_CHUNK][order]
        next_at += np.bincount(block, minlength=ranks)
    return grouped


def ascending(values: np.ndarray) -> bool:
    """Whether `values` never decrease, looked at MEMBER_CHUNK at a time (no row-long temporary)."""
    for start in range(0, len(values) - 1, MEMBER_CHUNK):
        chunk = values[start : start + MEMBER_CHUNK + 1]
        if (chunk[1:] < chunk[:-1]).any():
            return False
    return True


def blocks(key: np.ndarray, size: int) -> list[tuple[int, int]]:
    """(start, stop) of consecutive slices of an ascending `key`, about `size` rows each, each
    ending where a value does: rows of one value are never in two slices."""
    spans: list[tuple[int, int]] = []
    start = 0
    while start < len(key):
        stop = min(start + size, len(key))
        if stop < len(key):
            stop = int(np.searchsorted(key, key[stop - 1], side="right"))
        spans.append((start, stop))
        start = stop
    return spans


RADIX_KEYS = 1 << 12
"""Keys below which `stable_order` sorts them as numpy does (a pass per digit costs more)."""
RADIX_SPAN = 1 << 48
"""Keys spread this far or more are sorted as numpy does (three passes of 16 bits at most)."""


def stable_order(keys: np.ndarray) -> np.ndarray:
    """What `np.argsort(keys, kind="stable")` gives for integer keys: positions ordered by key,
    equal keys in the order they came. Made a 16-bit digit at a time, lowest first, by numpy's
    radix sort of 16-bit values (each pass stable): 1.1 million article keys in 39 ms, where
    numpy's stable sort of int64 takes 101 ms (timsort)."""
    keys = np.ravel(keys)
    if keys.dtype.kind not in "iu" or len(keys) < RADIX_KEYS:
        return np.argsort(keys, kind="stable")
    low, high = int(keys.min()), int(keys.max())
    if high - low >= RADIX_SPAN:
        return np.argsort(keys, kind="stable")
    shifted = keys.astype(np.int64) - low if keys.dtype != np.uint64 else (keys - np.uint64(low)).astype(np.int64)
    order: np.ndarray | None = None
    for shift in range(0, max((high - low).bit_length(), 1), 16):
        digits = shifted if order is None else shifted[order]
        step = np.argsort(((digits >> shift) & 0xFFFF).astype(np.uint16), kind="stable")
        order = step if order is None else order[step]
    assert order is not None
    return order


DENSE_SPAN = 4
"""`dense_unique` counts values below this many times their number (else it sorts)."""


def dense_unique(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What `np.unique(values, return_index=True, return_inverse=True)` gives (the distinct
    values ascending, each one's first position, each value's place among them; the last two
    int64) for non-negative integers: by counting them when they lie below DENSE_SPAN times
    their number (article keys, story labels), with no sort; else by numpy."""
    values = np.ravel(values)
    count = len(values)
    if not count or values.dtype.kind not in "iu" or int(values.min()) < 0 or int(values.max()) >= DENSE_SPAN * count:
        found, first, inverse = np.unique(values, return_index=True, return_inverse=True)
        return found, first.astype(np.int64), np.asarray(inverse, dtype=np.int64).reshape(-1)
    size = int(values.max()) + 1
    present = np.bincount(values, minlength=size) > 0
    distinct_values = np.flatnonzero(present)
    place = np.cumsum(present, dtype=np.int64) - 1
    firsts = np.full(size, count, dtype=np.int64)
    np.minimum.at(firsts, values, np.arange(count, dtype=np.int64))
    return distinct_values.astype(values.dtype), firsts[distinct_values], place[values]
