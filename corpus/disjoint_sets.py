"""Disjoint sets (union-find) over hashable items, for grouping what belongs together."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Generic, TypeVar

__all__ = ["DisjointSets"]

T = TypeVar("T", bound=Hashable)


class DisjointSets(Generic[T]):
    """Sets joined pairwise; each set is named by one of its items, its root. The root of a union
    is the first argument's, unless sizes are kept: then the larger set's (ties: the first's), and
    `size` tells a set's total. An item never seen is a set of its own (size 1)."""

    def __init__(self, sizes: dict[T, int] | None = None) -> None:
        self._parent: dict[T, T] = {}
        self._sizes = sizes

    def find(self, item: T) -> T:
        """The root of the item's set (paths halved on the way)."""
        parent = self._parent
        while (up := parent.get(item, item)) != item:
            parent[item] = parent.get(up, up)
            item = up
        return item

    def union(self, a: T, b: T) -> None:
        """Join the sets of a and b."""
        a, b = self.find(a), self.find(b)
        if a == b:
            return
        if self._sizes is not None:
            if self.size(b) > self.size(a):
                a, b = b, a
            self._sizes[a] = self.size(a) + self.size(b)
        self._parent[b] = a

    def size(self, item: T) -> int:
        """The total size of the item's set when sizes are kept (1 a new item), else 0."""
        return 0 if self._sizes is None else self._sizes.get(self.find(item), 1)
