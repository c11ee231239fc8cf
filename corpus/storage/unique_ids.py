"""Article ids made unique across the parts of a first build, without a set of every id.

`corpus.load.UniqueIds` claims ids one by one in a set: a second `x` becomes `x~2`. Over a
million articles that set held about 90 MB in the process joining a bounded build's parts. Here
the same ids come from the columns' 64-bit hashes (8 bytes an article): an id whose hash no
other id shares is unique, and keeps its name unless a name made for another (`x~2`) takes it
first; only ids sharing a hash, or taken by a made name, are looked at as strings, in order.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence

import numpy as np

from corpus.packed import PackedStrings

__all__ = ["unique_ids"]


def unique_ids(
    columns: Sequence[PackedStrings], hash_of: Callable[[PackedStrings], np.ndarray] = PackedStrings.hashes
) -> dict[int, str]:
    """The ids of `columns` (one after another) that UniqueIds would rename, by position in all
    of them: what it gives for each. Every other id keeps its name. `hash_of`: the columns'
    hashes (a weaker one in tests, to make ids share them)."""
    hashes = np.concatenate([hash_of(column) for column in columns]) if columns else np.zeros(0, np.uint64)
    order = np.argsort(hashes, kind="stable")
    ordered = hashes[order]
    shared = np.flatnonzero(ordered[1:] == ordered[:-1])
    if not len(shared):
        return {}
    starts = np.cumsum([0, *(len(column) for column in columns)])

    def natural(row: int) -> str:
        part = int(np.searchsorted(starts, row, "right")) - 1
        return columns[part][row - int(starts[part])]

    def rows_with(text: str) -> list[int]:
        """The rows whose id is `text`, in order."""
        value = hash_of(PackedStrings.of([text]))[0]
        low, high = int(np.searchsorted(ordered, value, "left")), int(np.searchsorted(ordered, value, "right"))
        return [int(row) for row in order[low:high].tolist() if natural(int(row)) == text]

    pending = sorted({int(row) for row in order[shared].tolist()} | {int(row) for row in order[shared + 1].tolist()})
    heapq.heapify(pending)
    looked: set[int] = set(pending)
    claimed: set[str] = set()
    suffixes: dict[str, int] = {}
    renamed: dict[int, str] = {}

    def in_use(text: str, row: int) -> bool:
        """True when a row before `row` holds `text`: claimed by one looked at, or its own name
        (a row never looked at keeps it)."""
        return text in claimed or any(other < row and other not in looked for other in rows_with(text))

    while pending:
        row = heapq.heappop(pending)
        wanted = natural(row)
        if in_use(wanted, row):
            suffix = suffixes.get(wanted, 2)
            while in_use(f"{wanted}~{suffix}", row):
                suffix += 1
            suffixes[wanted] = suffix + 1
            made = f"{wanted}~{suffix}"
            renamed[row] = made
            for later in rows_with(made):  # a later article named so must be renamed in its turn
                if later > row and later not in looked:
                    looked.add(later)
                    heapq.heappush(pending, later)
            wanted = made
        claimed.add(wanted)
    return renamed
