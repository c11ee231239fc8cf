"""Columns read without making Python objects until asked: strings packed as UTF-8 bytes and
offsets (memory-mapped from a saved folder), a sorted lookup over them, and gathering ranges
of a numpy array (a document's tokens) in numpy."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Container, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TypeVar, overload

import numpy as np

from corpus.saved_folders import (
    ArrayWriter,
    leading_part_of,
    linked_member,
    mapped_file,
    read_array,
    read_in_blocks,
    remove_saved,
    write_array,
)

__all__ = [
    "Rows",
    "PackedStrings",
    "StringIndex",
    "SortedStrings",
    "PackedMembers",
    "ChainedStrings",
    "ExtendedIndex",
    "TAIL_PART",
    "packed_parts",
    "write_packed",
    "read_packed",
    "gather_ranges",
    "gather_runs",
    "range_positions",
]


T = TypeVar("T")


class Rows(Sequence[T]):
    """A sequence whose items are made from columns only when asked for. A subclass gives
    `__len__` and `row(index)` (for an index already checked); slices, negative indexes,
    bounds and iteration are this class's."""

    __slots__ = ()

    def row(self, index: int) -> T:
        raise NotImplementedError

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> list[T]: ...
    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return [self.row(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self.row(index)

    def __iter__(self) -> Iterator[T]:
        for index in range(len(self)):
            yield self.row(index)


HASH_BASE = 0x100000001B3
"""The multiplier of PackedStrings.hashes (FNV's 64-bit prime)."""
LENGTH_MIX = 0x9E3779B97F4A7C15
HASH_BLOCK = 1 << 20
"""Bytes hashed at a time (a few arrays of 8 bytes each of them in memory)."""


def _same_strings(a: PackedStrings, b: PackedStrings) -> np.ndarray:
    """For each row, whether `a` and `b` hold the same bytes there (rows compared in numpy)."""
    lengths = np.diff(np.asarray(a.offsets))
    same = lengths == np.diff(np.asarray(b.offsets))
    if bool(same.all()) and len(a.data) == len(b.data):
        differs = np.flatnonzero(np.asarray(a.data) != np.asarray(b.data))  # where bytes differ: few
        same[np.searchsorted(np.asarray(a.offsets), differs, "right") - 1] = False
        return np.asarray(same, dtype=bool)
    return np.array([same[row] and a[row] == b[row] for row in range(len(lengths))], dtype=bool)


RUNS_COMPARED = 1 / 64
"""_same_in_runs compares runs in place while there are at most this many runs a string."""


def _same_in_runs(a: PackedStrings, b: PackedStrings, rows_a: np.ndarray, rows_b: np.ndarray) -> np.ndarray:
    """For each pair of rows, whether `a` and `b` hold the same bytes there. Where the pairs run
    on together (row i with row j, i + 1 with j + 1, …, as an archive's file table against a walk
    that found a few more files), each run is compared as one stretch of bytes, in place;
    otherwise, or where a run differs, row by row (_same_strings)."""
    breaks = np.flatnonzero((np.diff(rows_a) != 1) | (np.diff(rows_b) != 1)) + 1
    if not len(rows_a) or len(breaks) + 1 > max(1.0, RUNS_COMPARED * len(rows_a)):
        return _same_strings(a.select(rows_a), b.select(rows_b))
    same = np.zeros(len(rows_a), dtype=bool)
    offsets_a, offsets_b = np.asarray(a.offsets), np.asarray(b.offsets)
    data_a, data_b = np.asarray(a.data), np.asarray(b.data)
    for start, end in zip([0, *breaks.tolist()], [*breaks.tolist(), len(rows_a)], strict=True):
        first_a, first_b, count = int(rows_a[start]), int(rows_b[start]), end - start
        ends_a = offsets_a[first_a : first_a + count + 1]
        ends_b = offsets_b[first_b : first_b + count + 1]
        if np.array_equal(ends_a - ends_a[0], ends_b - ends_b[0]) and np.array_equal(
            data_a[ends_a[0] : ends_a[-1]], data_b[ends_b[0] : ends_b[-1]]
        ):
            same[start:end] = True
        else:
            same[start:end] = _same_strings(a.select(rows_a[start:end]), b.select(rows_b[start:end]))
    return same


ALIGNED_MIDDLE = 4096
"""At most this many strings between a shared first and last stretch are looked up one by one."""


def _shared_ends(a: PackedStrings, b: PackedStrings) -> tuple[int, int]:
    """How many strings `a` and `b` share at their start, and then at their end (the two never
    overlapping): compared as lengths, then as bytes, in place."""
    offsets_a, offsets_b = np.asarray(a.offsets, dtype=np.int64), np.asarray(b.offsets, dtype=np.int64)
    data_a, data_b = np.asarray(a.data), np.asarray(b.data)
    lengths_a, lengths_b = np.diff(offsets_a), np.diff(offsets_b)
    limit = min(len(lengths_a), len(lengths_b))

    def first_apart(length_a: np.ndarray, length_b: np.ndarray, bytes_a: np.ndarray, bytes_b: np.ndarray) -> int:
        """How many strings agree from the start, given the strings' lengths and their bytes."""
        unequal = np.flatnonzero(length_a != length_b)
        count = int(unequal[0]) if len(unequal) else len(length_a)
        end = int(length_a[:count].sum())
        if not np.array_equal(bytes_a[:end], bytes_b[:end]):
            byte = int(np.argmax(bytes_a[:end] != bytes_b[:end]))
            count = int(np.searchsorted(np.cumsum(length_a[:count]), byte, "right"))
        return count

    start = first_apart(lengths_a[:limit], lengths_b[:limit], data_a, data_b)
    rest = limit - start
    tail_a = lengths_a[len(lengths_a) - rest :][::-1]
    tail_b = lengths_b[len(lengths_b) - rest :][::-1]
    end = first_apart(tail_a, tail_b, data_a[int(offsets_a[start]) :][::-1], data_b[int(offsets_b[start]) :][::-1])
    return start, end


def _rows_aligned(walked: PackedStrings, known: PackedStrings) -> np.ndarray | None:
    """Each string's row in `known` where the two share all but a few strings in the middle (a
    walk that found a file more or less than the saved table): the shared ends row for row,
    the middle by a dictionary; None where more differ (see PackedStrings.rows_in)."""
    start, end = _shared_ends(walked, known)
    middle = slice(start, len(walked) - end)
    known_middle = range(start, len(known) - end)
    if middle.stop - middle.start > ALIGNED_MIDDLE or len(known_middle) > ALIGNED_MIDDLE:
        return None
    rows = np.full(len(walked), -1, dtype=np.int64)
    rows[:start] = np.arange(start)
    rows[middle.stop :] = np.arange(len(known) - end, len(known))
    row_of = dict(zip(known.many(np.arange(known_middle.start, known_middle.stop)), known_middle, strict=True))
    found = walked.many(np.arange(middle.start, middle.stop))
    rows[middle] = [row_of.get(value, -1) for value in found]
    return rows


class PackedStrings(Rows[str]):
    """A column of strings as UTF-8 bytes and offsets (memory-mapped when read back): a string
    is decoded only when asked for, so a million of them cost no Python objects until used."""

    __slots__ = ("data", "offsets", "_bytes")

    def __init__(self, data: np.ndarray, offsets: np.ndarray) -> None:
        self.data, self.offsets = data, np.asarray(offsets)  # a plain view of a map: faster to index
        self._bytes = np.ascontiguousarray(data, dtype=np.uint8).data

    @classmethod
    def of(cls, values: Sequence[str]) -> PackedStrings:
        encoded = [value.encode("utf-8", "surrogatepass") for value in values]
        offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
        np.cumsum([len(e) for e in encoded], out=offsets[1:])
        return cls(np.frombuffer(b"".join(encoded), dtype=np.uint8), offsets)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def row(self, index: int) -> str:
        return self.encoded(index).decode("utf-8", "surrogatepass")

    def many(self, indices: Sequence[int] | np.ndarray) -> list[str]:
        """The strings at `indices`, in that order (quicker than one at a time)."""
        rows = np.asarray(indices, dtype=np.int64)
        if not len(rows):
            return []
        starts = self.offsets[rows]
        lengths = self.offsets[rows + 1] - starts
        # Gathered into one buffer, a line break after each, and decoded at once; split again
        # unless a string held a line break itself.
        joined = np.full(int(lengths.sum()) + len(rows), ord("\n"), dtype=np.uint8)
        placed = np.cumsum(lengths + 1) - (lengths + 1)
        joined[range_positions(placed, lengths)] = np.asarray(self.data)[range_positions(starts, lengths)]
        found = joined[:-1].tobytes().decode("utf-8", "surrogatepass").split("\n")
        if len(found) == len(rows):
            return found
        data = self._bytes
        ends = (starts + lengths).tolist()
        return [bytes(data[a:b]).decode("utf-8", "surrogatepass") for a, b in zip(starts.tolist(), ends, strict=True)]

    def encoded(self, index: int) -> bytes:
        """The string at `index` (0 or more) as UTF-8."""
        return bytes(self._bytes[int(self.offsets[index]) : int(self.offsets[index + 1])])

    def __iter__(self) -> Iterator[str]:
        data = self._bytes
        bounds = self.offsets.tolist()
        for start, end in zip(bounds, bounds[1:], strict=False):
            yield bytes(data[start:end]).decode("utf-8", "surrogatepass")

    def select(self, rows: np.ndarray) -> PackedStrings:
        """The strings at `rows`, in that order, as a new column (gathered in numpy)."""
        rows = np.asarray(rows, dtype=np.int64)
        starts = self.offsets[rows]
        lengths = self.offsets[rows + 1] - starts
        offsets = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        return PackedStrings(gather_runs(np.asarray(self.data), starts, lengths), offsets)

    def head(self, count: int) -> PackedStrings:
        """The first `count` strings: views of this column, nothing copied."""
        return PackedStrings(self.data[: int(self.offsets[count])], self.offsets[: count + 1])

    def concat(self, other: PackedStrings) -> PackedStrings:
        """This column, then `other`."""
        data = np.concatenate([np.asarray(self.data), np.asarray(other.data)])
        offsets = np.concatenate([self.offsets, np.asarray(other.offsets[1:]) + len(self.data)])
        return PackedStrings(data, offsets)

    def hashes(self) -> np.ndarray:
        """A 64-bit polynomial hash of each string's bytes (uint64), made in numpy HASH_BLOCK
        bytes at a time: equal strings have equal hashes."""
        offsets = np.asarray(self.offsets, dtype=np.int64)
        data = np.asarray(self.data, dtype=np.uint8)
        count = len(offsets) - 1
        out = np.zeros(count, dtype=np.uint64)
        lengths = np.diff(offsets)
        longest = int(lengths.max(initial=0))
        powers = np.cumprod(np.full(max(longest, 1), HASH_BASE, dtype=np.uint64), dtype=np.uint64)
        first = 0
        while first < count:
            last = int(np.searchsorted(offsets, offsets[first] + HASH_BLOCK, "right")) - 1
            last = min(max(last, first + 1), count)
            begin, end = int(offsets[first]), int(offsets[last])
            block_lengths = lengths[first:last]
            from_end = np.repeat(offsets[first + 1 : last + 1] - 1, block_lengths) - np.arange(begin, end)
            weighted = (data[begin:end].astype(np.uint64) + np.uint64(1)) * powers[from_end]
            filled = block_lengths > 0
            starts = (offsets[first:last] - begin)[filled]
            if len(starts):
                out[first:last][filled] = np.add.reduceat(weighted, starts)
            first = last
        return out ^ (lengths.astype(np.uint64) * np.uint64(LENGTH_MIX))

    def rows_in(self, known: PackedStrings, *, aligned: bool = True) -> np.ndarray:
        """Each string's row in `known` (-1: not there; `known` holds each string once), found
        by hash in numpy and checked byte for byte (a million file paths in about a second,
        where a dictionary of them took several and 190 MB); where the two differ only by a few
        strings between a shared start and end (a file added to a folder, or removed), the ends
        are compared in place and only the middle looked up (unless not `aligned`)."""
        if isinstance(known, ChainedStrings):
            return _rows_in_parts(self, known)
        found = _rows_aligned(self, known) if aligned else None
        if found is not None:
            return found
        known_hashes = known.hashes()
        order = np.argsort(known_hashes, kind="stable")
        ordered = known_hashes[order]
        mine = self.hashes()
        at = np.minimum(np.searchsorted(ordered, mine), max(len(ordered) - 1, 0))
        rows = np.full(len(mine), -1, dtype=np.int64)
        if not len(ordered):
            return rows
        hit = np.flatnonzero(ordered[at] == mine)
        rows[hit] = order[at[hit]]
        if len(hit):
            same = _same_in_runs(self, known, hit, rows[hit])
            if not bool(same.all()):  # another string with the same hash (or more than one): looked up
                row_of = {value: row for row, value in enumerate(known)}
                for position in hit[~same].tolist():
                    rows[position] = row_of.get(self[position], -1)
        return rows

    def check(self) -> None:
        """Offsets that rise from 0 to the end of the bytes; raises ValueError."""
        offsets = self.offsets
        if len(offsets) == 0 or int(offsets[0]) != 0 or int(offsets[-1]) != len(self.data):
            raise ValueError("string offsets do not cover their bytes")
        if any(bool((np.diff(block) < 0).any()) for block in read_in_blocks(offsets, overlap=1)):
            raise ValueError("string offsets go backwards")


class ChainedStrings(PackedStrings):
    """Two packed columns read as one: a saved column and the strings added after it, while a
    change is merged and saved. Nothing is joined in memory until a caller asks for the whole's
    bytes or offsets (`data`, `offsets`: joined once); a string is read from its part, and
    `write_packed` copies the saved part file to file."""

    __slots__ = ("first", "second", "_whole")

    def __init__(self, first: PackedStrings, second: PackedStrings) -> None:  # noqa: D107 - no super(): its slots are properties here
        self.first, self.second = first, second
        self._whole: PackedStrings | None = None

    @classmethod
    def of_parts(cls, first: PackedStrings, second: PackedStrings) -> PackedStrings:
        """`first` then `second`: chained when `first` is a saved column mapped whole (or a chain
        of one), else joined."""
        if isinstance(first, ChainedStrings):
            return cls(first.first, first.second.concat(second))
        if _saved(first.data) is not None:
            return cls(first, second)
        return first.concat(second)

    def _joined(self) -> PackedStrings:
        if self._whole is None:
            self._whole = PackedStrings.concat(self.first, self.second)
        return self._whole

    @property
    def data(self) -> np.ndarray:  # type: ignore[override]
        return self._joined().data

    @property
    def offsets(self) -> np.ndarray:  # type: ignore[override]
        return self._joined().offsets

    @property
    def _bytes(self) -> memoryview:  # type: ignore[override]
        return self._joined()._bytes

    def __len__(self) -> int:
        return len(self.first) + len(self.second)

    def __reduce__(self) -> tuple[Callable[..., ChainedStrings], tuple[np.ndarray, ...]]:
        """Its parts' arrays (its slots are read-only properties, a memoryview is not pickled)."""
        first, second = self.first, self.second
        return _chained, (np.asarray(first.data), first.offsets, np.asarray(second.data), second.offsets)

    def encoded(self, index: int) -> bytes:
        split = len(self.first)
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("string index out of range")
        return self.first.encoded(index) if index < split else self.second.encoded(index - split)

    def row(self, index: int) -> str:
        return self.encoded(index).decode("utf-8", "surrogatepass")

    def many(self, indices: Sequence[int] | np.ndarray) -> list[str]:
        rows = np.asarray(indices, dtype=np.int64)
        split = len(self.first)
        found = np.empty(len(rows), dtype=object)
        early = rows < split
        found[early] = self.first.many(rows[early])
        found[~early] = self.second.many(rows[~early] - split)
        return list(found)

    def __iter__(self) -> Iterator[str]:
        yield from self.first
        yield from self.second

    def concat(self, other: PackedStrings) -> PackedStrings:
        return ChainedStrings(self.first, self.second.concat(other))

    def select(self, rows: np.ndarray) -> PackedStrings:
        """The strings at `rows`, gathered from each part (the whole is never joined)."""
        rows = np.asarray(rows, dtype=np.int64)
        split = len(self.first)
        early = rows < split
        if bool(early.all()):
            return self.first.select(rows)
        if not bool(early.any()):
            return self.second.select(rows - split)
        both = self.first.select(rows[early]).concat(self.second.select(rows[~early] - split))
        if bool((np.diff(rows) >= 0).all()):  # in order: the first part's rows come first
            return both
        firsts = int(early.sum())
        place = np.empty(len(rows), dtype=np.int64)  # each row's place in `both`
        place[early] = np.arange(firsts)
        place[~early] = firsts + np.arange(len(rows) - firsts)
        return both.select(place)

    def head(self, count: int) -> PackedStrings:
        """The first `count` strings: the first part (or its head), and the second's head after it."""
        split = len(self.first)
        if count == split:
            return self.first
        if count < split:
            return self.first.head(count)
        return ChainedStrings(self.first, self.second.head(count - split))

    def hashes(self) -> np.ndarray:
        return np.concatenate([self.first.hashes(), self.second.hashes()])


def packed_parts(strings: PackedStrings) -> tuple[PackedStrings, ...]:
    """A column's parts as stored: a chain's two, or the column itself (what reading `data`
    of a chain would join)."""
    return (strings.first, strings.second) if isinstance(strings, ChainedStrings) else (strings,)


def _rows_in_parts(strings: PackedStrings, known: ChainedStrings) -> np.ndarray:
    """PackedStrings.rows_in of a chained `known`: looked up in each part, never joined."""
    rows = strings.rows_in(known.first, aligned=False)
    missing = np.flatnonzero(rows < 0)
    if len(missing):
        later = strings.select(missing).rows_in(known.second, aligned=False)
        found = later >= 0
        rows[missing[found]] = later[found] + len(known.first)
    return rows


def _chained(
    first_data: np.ndarray, first_offsets: np.ndarray, data: np.ndarray, offsets: np.ndarray
) -> ChainedStrings:
    """A ChainedStrings made again from its parts' arrays (pickle)."""
    return ChainedStrings(PackedStrings(first_data, first_offsets), PackedStrings(data, offsets))


class PackedMembers(Container[str]):
    """Whether a string is one of a packed column's rows (those flagged in `rows`), without a
    set of them: looked for in numpy by length and bytes while few are asked, then by hash."""

    SCANS = 8
    """Lookups made by scanning before the column is hashed (about 0.3 s for a million ids)."""

    def __init__(self, strings: PackedStrings, rows: np.ndarray | None = None) -> None:
        self.strings = strings
        self.rows = np.arange(len(strings), dtype=np.int64) if rows is None else np.asarray(rows, dtype=np.int64)
        self._asked = 0
        self._hashes: tuple[np.ndarray, np.ndarray] | None = None
        self._parts: tuple[PackedMembers, PackedMembers] | None = None
        """A chain's rows looked for in each of its parts (its bytes never joined)."""
        if isinstance(strings, ChainedStrings):
            split = len(strings.first)
            early = self.rows < split
            self._parts = (
                PackedMembers(strings.first, self.rows[early]),
                PackedMembers(strings.second, self.rows[~early] - split),
            )

    def __contains__(self, value: object) -> bool:
        if self._parts is not None:
            return any(value in part for part in self._parts)
        if not isinstance(value, str) or not len(self.rows):
            return False
        wanted = _utf8(value)
        self._asked += 1
        offsets = np.asarray(self.strings.offsets, dtype=np.int64)
        if self._asked <= self.SCANS:
            starts = offsets[self.rows]
            same_length = np.flatnonzero(offsets[self.rows + 1] - starts == len(wanted))
            candidates = starts[same_length]
            data = np.asarray(self.strings.data)
            for place, byte in enumerate(wanted):  # the candidates narrowed a byte at a time
                if not len(candidates):
                    break
                candidates = candidates[data[candidates + place] == byte]
            return bool(len(candidates))
        hashes, rows = self._hashed()
        mine = PackedStrings.of([value]).hashes()[0]
        low, high = np.searchsorted(hashes, mine, "left"), np.searchsorted(hashes, mine, "right")
        return any(self.strings.encoded(int(row)) == wanted for row in rows[low:high].tolist())

    def _hashed(self) -> tuple[np.ndarray, np.ndarray]:
        """The rows' hashes in order, and the rows in that order (made once)."""
        if self._hashes is None:
            hashes = self.strings.hashes()[self.rows]
            order = np.argsort(hashes, kind="stable")
            self._hashes = hashes[order], self.rows[order]
        return self._hashes


DIRECTORY_STEP = 64
"""A string lookup bisects a list of every 64th string (a few thousand short byte strings for
a vocabulary of 350k), then 64 strings of the column: six slow steps instead of nineteen."""


class _Lookup(Mapping[str, int]):
    """A mapping of strings to numbers whose subclass says only how to `get` one."""

    __slots__ = ()

    def get(self, key: str, default: int | None = None) -> int | None:  # type: ignore[override]
        raise NotImplementedError

    def __getitem__(self, key: str) -> int:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None


class StringIndex(_Lookup):
    """A string → its position in a packed column, found by bisection over the column's code
    point order (`order`): a dictionary of a million strings with no Python object per string.
    UTF-8 keeps code point order, so the bytes are compared as they are stored."""

    __slots__ = ("strings", "order", "_directory")

    def __init__(self, strings: PackedStrings, order: np.ndarray) -> None:
        if len(order) != len(strings):
            raise ValueError("the order does not cover the strings")
        self.strings, self.order = strings, order
        self._directory: list[bytes] | None = None
        """Every DIRECTORY_STEP-th string in order: a lookup bisects it first, in C."""

    def get(self, key: str, default: int | None = None) -> int | None:  # type: ignore[override]
        wanted = key.encode("utf-8", "surrogatepass")
        strings, order = self.strings, self.order
        if self._directory is None:
            self._directory = [strings.encoded(int(i)) for i in order[::DIRECTORY_STEP].tolist()]
        block = bisect.bisect_right(self._directory, wanted) - 1
        if block < 0:
            low, high = 0, 0
        else:
            low, high = block * DIRECTORY_STEP, min(len(order), (block + 1) * DIRECTORY_STEP)
        while low < high:
            middle = (low + high) // 2
            if strings.encoded(int(order[middle])) < wanted:
                low = middle + 1
            else:
                high = middle
        if low < len(order) and strings.encoded(int(order[low])) == wanted:
            return int(order[low])
        return default

    def __len__(self) -> int:
        return len(self.strings)

    def __iter__(self) -> Iterator[str]:
        return iter(self.strings)


class ExtendedIndex(_Lookup):
    """A lookup of strings (a saved column's StringIndex, say) and the strings added after them,
    numbered on: no dictionary of the saved ones is made."""

    def __init__(self, base: Mapping[str, int], added: dict[str, int], below: int | None = None) -> None:
        """`below`: only the base's strings numbered under it are kept (the rest are gone)."""
        self.base, self.added = base, added
        self.below = len(base) if below is None else below
        self._seen: dict[str, int | None] = {}
        """What the base gave for the strings asked before (a merge asks for the same forms often)."""

    def get(self, key: str, default: int | None = None) -> int | None:  # type: ignore[override]
        found = self.added.get(key)
        if found is None:
            if key in self._seen:
                found = self._seen[key]
            else:
                found = self.base.get(key)
                found = self._seen[key] = found if found is not None and found < self.below else None
        return found if found is not None else default

    def __len__(self) -> int:
        return self.below + len(self.added)

    def __iter__(self) -> Iterator[str]:
        yield from itertools.islice(self.base, self.below)
        yield from self.added


class WithoutSome(_Lookup):
    """A lookup with some of its strings left out: they are not found, as if never added."""

    __slots__ = ("lookup", "left_out")

    def __init__(self, lookup: Mapping[str, int], left_out: frozenset[str]) -> None:
        self.lookup, self.left_out = lookup, left_out

    def get(self, key: str, default: int | None = None) -> int | None:  # type: ignore[override]
        return default if key in self.left_out else self.lookup.get(key, default)

    def __len__(self) -> int:
        return len(self.lookup) - len(self.left_out)

    def __iter__(self) -> Iterator[str]:
        return (key for key in self.lookup if key not in self.left_out)


LEADING_BYTES = 16
"""SortedStrings.bisect_many places strings by their first 16 bytes of UTF-8 in numpy (eight
Arabic letters), then bisects the few strings that share them."""


class SortedStrings(Rows[str]):
    """A packed column seen in its code point order, for `bisect`, without a list of it."""

    __slots__ = ("strings", "order", "_leading")

    def __init__(self, strings: Sequence[str], order: np.ndarray) -> None:
        self.strings, self.order = strings, np.asarray(order)
        self._leading: np.ndarray | None = None

    def bisect_many(self, values: Sequence[str]) -> list[int]:
        """Where each of `values` would go in this order (as bisect.bisect_left), found for all
        of them at once in numpy by their leading bytes (UTF-8 sorts as code points do), then
        bisected among the strings sharing those bytes: a few strings decoded a value, where a
        plain bisection decodes about twenty."""
        if not isinstance(self.strings, PackedStrings):
            return [bisect.bisect_left(self, value) for value in values]
        leading = self._leading_bytes()
        wanted = np.array([_utf8(value)[:LEADING_BYTES] for value in values], dtype=f"S{LEADING_BYTES}")
        lows = np.searchsorted(leading, wanted, "left").tolist()
        highs = np.searchsorted(leading, wanted, "right").tolist()
        return [
            low if low == high else bisect.bisect_left(self, value, low, high)
            for value, low, high in zip(values, lows, highs, strict=True)
        ]

    def shorter_in_many(
        self, lows: np.ndarray, highs: np.ndarray, most_bytes: np.ndarray
    ) -> tuple[np.ndarray, list[str]]:
        """The strings of places `lows[k]` to `highs[k]` whose UTF-8 length is at most
        `most_bytes[k]`, of every range k at once: for each string found, the k of its range,
        and the strings (the others are never decoded; the found ones decoded together)."""
        lows, highs = np.asarray(lows, dtype=np.int64), np.asarray(highs, dtype=np.int64)
        counts = np.maximum(highs - lows, 0)
        owner = np.repeat(np.arange(len(lows), dtype=np.int64), counts)
        if not isinstance(self.strings, PackedStrings):
            places = range_positions(lows, counts).tolist()
            texts = [self[p] for p in places]
            fits = [len(_utf8(t)) <= int(most_bytes[o]) for t, o in zip(texts, owner.tolist(), strict=True)]
            return owner[np.asarray(fits, dtype=bool)], [t for t, f in zip(texts, fits, strict=True) if f]
        rows = np.asarray(self.order)[range_positions(lows, counts)]
        offsets = self.strings.offsets
        fits = (offsets[rows + 1] - offsets[rows]) <= np.asarray(most_bytes, dtype=np.int64)[owner]
        return owner[fits], self.strings.many(rows[fits])

    def _leading_bytes(self) -> np.ndarray:
        """Each string's first LEADING_BYTES bytes in this order, padded with zero bytes, as
        fixed-width byte strings: sorted as the strings are (made once)."""
        if self._leading is None:
            packed = self.strings
            if not isinstance(packed, PackedStrings):
                raise TypeError("leading bytes of a packed column only")
            offsets = np.asarray(packed.offsets, dtype=np.int64)
            data = np.asarray(packed.data, dtype=np.uint8)
            starts = offsets[:-1][self.order]
            lengths = offsets[1:][self.order] - starts
            leading = np.zeros((len(self.order), LEADING_BYTES), dtype=np.uint8)
            for column in range(LEADING_BYTES):
                rows = np.flatnonzero(lengths > column)
                leading[rows, column] = data[starts[rows] + column]
            self._leading = leading.view(f"S{LEADING_BYTES}").ravel()
        return self._leading

    def __len__(self) -> int:
        return len(self.order)

    def row(self, index: int) -> str:
        return self.strings[int(self.order[index])]

    def __iter__(self) -> Iterator[str]:
        strings = self.strings
        if isinstance(strings, PackedStrings):
            data, offsets = strings._bytes, strings.offsets.tolist()
            for i in self.order.tolist():
                yield bytes(data[offsets[i] : offsets[i + 1]]).decode("utf-8", "surrogatepass")
        else:
            for i in self.order.tolist():
                yield strings[i]


def numbered(strings: Sequence[str]) -> dict[str, int]:
    """Each of distinct strings → its position: a packed column decoded at once rather than a
    string at a time (a vocabulary of 360,000 terms in a tenth of the time)."""
    listed = strings.many(np.arange(len(strings))) if isinstance(strings, PackedStrings) else strings
    return dict(zip(listed, range(len(listed)), strict=True))


def _saved(values: np.ndarray) -> np.ndarray | None:
    """The whole saved member `values` is (itself, or the map it is a plain view of), or
    `values` when it is the beginning of one (a saved column's head: ArrayWriter.append_saved
    copies it file to file too), else None."""
    for candidate in (values, getattr(values, "base", None)):
        if (
            isinstance(candidate, np.ndarray)
            and mapped_file(candidate) is not None
            and candidate.shape == values.shape
            and candidate.strides == values.strides
            and candidate.ctypes.data == values.ctypes.data
        ):
            return candidate
    return values if mapped_file(leading_part_of(values)) is not None else None


def _utf8(value: str) -> bytes:
    return value.encode("utf-8", "surrogatepass")


TAIL_PART = "_tail"
"""A column saved in two parts (`write_packed(..., link_saved=True)`): `<name>_bytes` and
`<name>_offsets` linked from the column it was read from, the strings after them in
`<name>_tail_bytes` and `<name>_tail_offsets`."""


def write_packed(folder: Path, name: str, values: Sequence[str], *, link_saved: bool = False) -> dict[str, int]:
    """A column of strings as two members, `<name>_bytes` and `<name>_offsets` (a chain's saved
    part copied file to file: ArrayWriter.append_saved). With `link_saved`, a chain whose first
    part is a saved column of that name, mapped whole, is saved in two parts (TAIL_PART): the
    first hard-linked, not copied. Returns the CRC-32s of the members linked."""
    if isinstance(values, ChainedStrings):
        first, second = values.first, values.second
        linked = _linked_part(folder, name, first) if link_saved else None
        if linked is not None:
            write_packed(folder, name + TAIL_PART, second)
            return linked
        data = ArrayWriter(folder, f"{name}_bytes", np.uint8)
        saved_data, saved_offsets = _saved(first.data), _saved(first.offsets)
        data.append_saved(np.asarray(first.data) if saved_data is None else saved_data)
        data.append(np.asarray(second.data, dtype=np.uint8))
        data.close()
        offsets = ArrayWriter(folder, f"{name}_offsets", np.int64)
        offsets.append_saved(np.asarray(first.offsets) if saved_offsets is None else saved_offsets)
        offsets.append(np.asarray(second.offsets[1:], dtype=np.int64) + len(first.data))
        offsets.close()
        return {}
    packed = values if isinstance(values, PackedStrings) else PackedStrings.of(values)
    write_array(folder, f"{name}_bytes", np.asarray(packed.data, dtype=np.uint8))
    write_array(folder, f"{name}_offsets", np.asarray(packed.offsets, dtype=np.int64))
    return {}


def _linked_part(folder: Path, name: str, first: PackedStrings) -> dict[str, int] | None:
    """`first`'s members hard-linked into `folder` as `name`'s, when it is a saved column of
    that name mapped whole: their CRC-32s by member; None when not (nothing is left linked)."""
    if isinstance(first, ChainedStrings):
        return None
    data, offsets = (_saved(values) for values in (first.data, first.offsets))  # offsets: a plain view
    data_crc = None if data is None else linked_member(folder, f"{name}_bytes", data)
    if data_crc is None:
        return None
    offsets_crc = None if offsets is None else linked_member(folder, f"{name}_offsets", offsets)
    if offsets_crc is None:
        remove_saved(folder / f"{name}_bytes.npy")
        return None
    return {f"{name}_bytes.npy": data_crc, f"{name}_offsets.npy": offsets_crc}


def read_packed(folder: Path, name: str, count: int) -> PackedStrings:
    """A column written by `write_packed`, memory-mapped (a chain of its two parts when it was
    saved in two); raises ValueError unless it holds `count`."""
    packed = _read_part(folder, name)
    if (folder / f"{name}{TAIL_PART}_offsets.npy").exists():
        packed = ChainedStrings(packed, _read_part(folder, name + TAIL_PART))
    if len(packed) != count:
        raise ValueError(f"{name}: not {count} strings")
    return packed


def _read_part(folder: Path, name: str) -> PackedStrings:
    packed = PackedStrings(read_array(folder, f"{name}_bytes"), read_array(folder, f"{name}_offsets"))
    packed.check()
    return packed


SHORT_RANGES = 64
"""Ranges shorter than this on average are gathered by their positions (see gather_ranges)."""


def gather_ranges(values: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """`values[start : start + length]` of every range, one after another: slices joined, which
    copies each value once (three times as fast as indexing by `range_positions` for long
    ranges); short ones (a lead of 50 tokens) are indexed, which spares a slice per range."""
    if not len(starts):
        return values[:0].copy()
    if int(lengths.sum()) < SHORT_RANGES * len(starts):
        found: np.ndarray = values[range_positions(starts, lengths)]
        return found
    return np.concatenate([values[s : s + n] for s, n in zip(starts.tolist(), lengths.tolist(), strict=True)])


RUN_BLOCK = 1 << 23
"""Values copied at a time by `gather_runs` where its runs are short (positions made for these only)."""


def gather_runs(values: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """`gather_ranges` for a selection of a whole column (the rows an archive keeps): ranges
    that follow each other are copied as one slice (keeping most rows is a few long slices), and
    short runs are indexed RUN_BLOCK values at a time. Positions made for a whole column at
    once took 16 bytes a byte: 6 GB for the 16x archive's article columns at a start after one
    new file."""
    starts, lengths = np.asarray(starts, dtype=np.int64), np.asarray(lengths, dtype=np.int64)
    out = np.empty(int(lengths.sum()), dtype=values.dtype)
    if not len(starts):
        return out
    ends = starts + lengths
    new_run = np.flatnonzero(starts[1:] != ends[:-1]) + 1
    firsts, lasts = np.concatenate([[0], new_run]), np.concatenate([new_run, [len(starts)]]) - 1
    run_starts, run_lengths = starts[firsts], ends[lasts] - starts[firsts]
    placed = np.concatenate([[0], np.cumsum(run_lengths)])
    if len(run_starts) * SHORT_RANGES <= len(out):  # long runs: a slice each
        for at, start, length in zip(placed.tolist(), run_starts.tolist(), run_lengths.tolist(), strict=False):
            out[at : at + length] = values[start : start + length]
        return out
    first = 0
    while first < len(run_starts):  # short runs: by their positions, a block at a time
        last = max(first + 1, int(np.searchsorted(placed, placed[first] + RUN_BLOCK, "right")) - 1)
        out[placed[first] : placed[last]] = values[range_positions(run_starts[first:last], run_lengths[first:last])]
        first = last
    return out


def range_positions(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Every position of the ranges [start, start + length), one range after another, in numpy."""
    total = int(lengths.sum())
    positions = np.arange(total, dtype=np.int64)
    shifts = starts - (np.cumsum(lengths) - lengths)
    if np.any(shifts):  # ranges one after another from 0 (a table's entities) need no shift
        positions += np.repeat(shifts, lengths)
    return positions
