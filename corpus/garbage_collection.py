"""Python's cycle collector, kept out of the way of the millions of long-lived objects an archive makes.

Every decision about the collector is here: nothing else in the project calls `gc`.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache

__all__ = ["collector_paused", "give_back_freed_memory", "set_aside"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector: objects made in bulk that all live on (an index, a corpus's
    entities) form no cycles, and collecting while they are made cost a third of a snapshot
    open and half-second pauses in the app. Call `set_aside()` once they are made."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def set_aside() -> None:
    """Move every object alive now out of the collector's passes (gc.freeze): the index, the
    warmed search structures and the entity index live as long as the session, and a full
    pass over them cost up to 100 ms inside a keystroke's search."""
    gc.freeze()


def give_back_freed_memory() -> None:
    """Return memory freed by a large build to the system (glibc's malloc_trim) where the C
    library offers it: otherwise a process keeps the high-water mark of its heap for life."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    """The C library's malloc_trim, looked up once (finding the library runs ldconfig: 5 ms)."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        trim: Callable[[int], int] = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):
        return None
    return trim
