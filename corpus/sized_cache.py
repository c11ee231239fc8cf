"""A least-recently-used cache bounded by the size of what it holds, not by its number of entries."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock
from typing import Generic, TypeVar

__all__ = ["SizedCache"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class SizedCache(Generic[K, V]):
    """Keeps recent values while their sizes add up to at most `budget`; a value bigger than a
    quarter of the budget is never kept (one huge article must not push out everything else,
    nor stay in memory). Safe to use from several threads."""

    def __init__(self, budget: int, size: Callable[[V], int]) -> None:
        self.budget = budget
        self._size = size
        self._items: OrderedDict[K, tuple[V, int]] = OrderedDict()
        self._held = 0
        self._lock = Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            self._items.move_to_end(key)
            return found[0]

    def put(self, key: K, value: V) -> None:
        size = self._size(value)
        if size > self.budget // 4:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._held -= old[1]
            self._items[key] = (value, size)
            self._held += size
            while self._held > self.budget:
                _, (_, dropped) = self._items.popitem(last=False)
                self._held -= dropped

    def forget(self, unwanted: Callable[[K], bool]) -> None:
        """Drop every entry whose key is `unwanted`."""
        with self._lock:
            for key in [k for k in self._items if unwanted(k)]:
                self._held -= self._items.pop(key)[1]

    @property
    def held(self) -> int:
        """The total size of what is kept now."""
        return self._held
