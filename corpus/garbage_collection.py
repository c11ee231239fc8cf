"""Python's cycle collector, kept out of the way of the millions of long-lived objects an archive makes.

Every decision about the collector is here: nothing else in the project calls `gc`.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache

__all__ = ["collector_paused", "give_back_freed_memory", "large_blocks_returned", "set_aside"]


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
    trim = _libc_function("malloc_trim")
    if trim is not None:
        trim(0)


M_MMAP_THRESHOLD = -3
"""mallopt's parameter (malloc.h): blocks of this size or more are mappings of their own."""
LARGE_BLOCK = 1 << 20
"""The threshold while `large_blocks_returned` runs."""
DYNAMIC_CEILING = 32 << 20
"""Where glibc's own moving threshold ends on 64-bit systems (DEFAULT_MMAP_THRESHOLD_MAX): the
threshold put back after, as it stands once a build has freed its large arrays."""


@contextmanager
def large_blocks_returned() -> Iterator[None]:
    """While the block runs, every allocation of LARGE_BLOCK or more (glibc) is a mapping of its
    own, given back to the system when freed. glibc's threshold otherwise rises to the size of
    the large arrays freed before, and the next ones, a block of rows at a time, were carved
    from the heap and kept: about 80 MB of a million articles' entity grouping held nothing."""
    mallopt = _libc_function("mallopt")
    if mallopt is None or not mallopt(M_MMAP_THRESHOLD, LARGE_BLOCK):
        yield
        return
    try:
        yield
    finally:
        mallopt(M_MMAP_THRESHOLD, DYNAMIC_CEILING)


@cache
def _libc_function(name: str) -> Callable[..., int] | None:
    """A function of the C library, looked up once (finding the library runs ldconfig: 5 ms)."""
    import ctypes
    import ctypes.util

    library = ctypes.util.find_library("c")
    if library is None:
        return None
    try:
        function: Callable[..., int] = getattr(ctypes.CDLL(library), name)
    except (OSError, AttributeError):
        return None
    return function
