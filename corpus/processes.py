"""Helper processes: fresh interpreters (spawn) that never run the caller's main script again."""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.context import SpawnContext

__all__ = ["spawn_context", "main_script_hidden"]


def spawn_context() -> SpawnContext:
    """Fresh interpreters: forking a process that has threads (the app's) is unsafe."""
    return multiprocessing.get_context("spawn")


@contextmanager
def main_script_hidden() -> Iterator[None]:
    """Around starting helpers: spawn runs the caller's main script again in each helper, unless
    it was run with -m. A script without an `if __name__ == "__main__"` guard would then do its
    work twice, or wait forever on a lock its first run holds; and `akhbar` would import the
    whole app into a helper that needs none of it. Helpers only need their own module."""
    main = sys.modules["__main__"]
    path = main.__dict__.pop("__file__", None)
    try:
        yield
    finally:
        if path is not None:
            main.__file__ = path
