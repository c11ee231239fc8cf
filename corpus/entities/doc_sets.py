"""Sets of article numbers as sorted arrays: the articles naming each name of an archive.

Grouping a million articles' mentions keeps, for each of a hundred thousand names, the
articles that name it. As Python sets of ints they cost about 60 bytes an article (4.2 GB for
the first tagging of 1.1 million articles); as slices of one sorted int32 column, 4 bytes, with
the set operations resolution needs done in numpy.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np
import numpy.typing as npt

from corpus.packed import range_positions

__all__ = ["Docs", "DocPairs", "docs_of"]

INT32_MAX = 2**31 - 1


class Docs:
    """A set of article numbers, sorted and each once: length, membership, iteration, and `&`,
    `-`, `|` with another (or with a Python set), as a frozenset answers them."""

    __slots__ = ("values",)

    def __init__(self, values: Iterable[int] | npt.NDArray[Any] = ()) -> None:
        array = values if isinstance(values, np.ndarray) else np.fromiter(values, dtype=np.int64)
        if len(array) and (int(array.min()) < 0 or int(array.max()) > INT32_MAX):
            raise ValueError("article numbers are from 0 to 2**31 - 1")
        self.values: npt.NDArray[Any] = np.unique(array).astype(np.int32, copy=False)

    @classmethod
    def sorted(cls, values: npt.NDArray[Any]) -> Docs:
        """Numbers already sorted and each once (a slice of a column is taken without a copy)."""
        made = cls.__new__(cls)
        made.values = values
        return made

    def __len__(self) -> int:
        return len(self.values)

    def __bool__(self) -> bool:
        return len(self.values) > 0

    def __iter__(self) -> Iterator[int]:
        return iter(self.values.tolist())

    def __contains__(self, doc: object) -> bool:
        if not isinstance(doc, int | np.integer):
            return False
        at = int(np.searchsorted(self.values, doc))
        return at < len(self.values) and int(self.values[at]) == doc

    def __and__(self, other: Docs | set[int] | frozenset[int]) -> Docs:
        right = docs_of(other).values
        if not len(self.values) or not len(right):
            return Docs()
        return Docs.sorted(np.intersect1d(self.values, right, assume_unique=True))

    def __sub__(self, other: Docs | set[int] | frozenset[int]) -> Docs:
        right = docs_of(other).values
        if not len(self.values) or not len(right):
            return self
        return Docs.sorted(np.setdiff1d(self.values, right, assume_unique=True))

    def __or__(self, other: Docs | set[int] | frozenset[int]) -> Docs:
        return Docs.sorted(np.union1d(self.values, docs_of(other).values).astype(np.int32, copy=False))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Docs | set | frozenset):
            return bool(np.array_equal(self.values, docs_of(other).values))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Docs({self.values.tolist()})"

    @staticmethod
    def union(many: Iterable[Docs]) -> Docs:
        """Every article of any of `many`."""
        arrays = [docs.values for docs in many]
        return Docs.sorted(np.unique(np.concatenate(arrays)).astype(np.int32, copy=False)) if arrays else Docs()


def docs_of(values: Docs | set[int] | frozenset[int] | Iterable[int]) -> Docs:
    """`values` as Docs (a Docs as it is)."""
    return values if isinstance(values, Docs) else Docs(values)


class DocPairs:
    """Every (article, name) pair of an archive, sorted by article: which names an article holds,
    looked up for many articles at once."""

    __slots__ = ("docs", "numbers", "sizes", "articles")

    def __init__(self, named: list[Docs]) -> None:
        self.sizes = np.array([len(docs) for docs in named], dtype=np.int64)
        docs = np.concatenate([docs.values for docs in named]) if named else np.zeros(0, dtype=np.int32)
        numbers = np.repeat(np.arange(len(named), dtype=np.int32), self.sizes)
        order = np.argsort(docs, kind="stable")
        self.docs, self.numbers = docs[order], numbers[order]
        self.articles = max(1, 1 + int(np.count_nonzero(np.diff(self.docs)))) if len(self.docs) else 1
        """How many articles name anything."""

    def holders(self, docs: npt.NDArray[Any]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """For each of `docs`, the names it holds: (article, name) columns."""
        low = np.searchsorted(self.docs, docs, side="left")
        high = np.searchsorted(self.docs, docs, side="right")
        return np.repeat(docs, high - low).astype(np.int64), self.numbers[range_positions(low, high - low)].astype(
            np.int64
        )
