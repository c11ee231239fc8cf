"""Helper processes: fresh interpreters (spawn) that never run the caller's main script again."""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.context import SpawnContext

__all__ = ["spawn_context", "starting_helpers"]


def spawn_context() -> SpawnContext:
    """Fresh interpreters: forking a process that has threads (the app's) is unsafe."""
    return multiprocessing.get_context("spawn")


@contextmanager
def starting_helpers() -> Iterator[None]:
    """Around starting helper processes.

    Spawn runs the caller's main script again in each helper, unless it was run with -m: a
    script without an `if __name__ == "__main__"` guard would then do its work twice, or wait
    forever on a lock its first run holds, and `akhbar` would import the whole app into a
    helper that needs none of it; helpers only need their own module, so the script is hidden.

    A full-screen app replaces sys.stderr with an object whose file descriptor is not real;
    multiprocessing hands that descriptor to the process it starts and fails ("bad value(s)
    in fds_to_keep": the app's first build of a large archive stopped there), so the real
    stderr is put back while they start.
    """
    main = sys.modules["__main__"]
    path = main.__dict__.pop("__file__", None)
    replaced = sys.stderr
    try:
        if sys.__stderr__ is not None:
            sys.stderr = sys.__stderr__
        yield
    finally:
        sys.stderr = replaced
        if path is not None:
            main.__file__ = path
