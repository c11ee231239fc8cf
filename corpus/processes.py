"""Helper processes: fresh interpreters (spawn) that never run the caller's main script again."""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.context import SpawnContext

__all__ = ["ONE_THREAD", "ends_with_parent", "one_thread_each", "spawn_context", "starting_helpers", "usable_cores"]

ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
"""What keeps numpy's matrix library to one thread in a helper: the helpers already share the
cores, and its threads waiting on one another took five times the CPU of the work itself
(the neural tagger's small matrix products, two workers on two cores)."""


def one_thread_each() -> None:
    """Pool initializer: one matrix-library thread in this helper, unless the user set it (runs
    before numpy is first imported there); and the helper ends with its parent (ends_with_parent)."""
    for name, value in ONE_THREAD.items():
        os.environ.setdefault(name, value)
    ends_with_parent()


PARENT_CHECK_SECONDS = 1.0
"""How often a helper looks whether the process that started it is still there."""


def ends_with_parent(parent: int | None = None, *, warning: int | None = None, grace: float = 0.0) -> None:
    """End this process as soon as the process that started it (`parent`, read before a fork;
    else the parent now) is gone. A parent killed (SIGTERM with no handler, SIGKILL, a crash)
    cleans nothing up: its pool's workers waited for work for ever, each holding its tagger's
    memory (400 MB), and a helper went on merging or grouping for minutes for no one. A daemon
    thread checks the parent every PARENT_CHECK_SECONDS. With `warning`, the process is first
    sent that signal (to save and quit on its own) and ended `grace` seconds later if still there."""
    started_by = os.getppid() if parent is None else parent

    def watch() -> None:
        while os.getppid() == started_by:
            time.sleep(PARENT_CHECK_SECONDS)
        status = 1
        if warning is not None:
            try:
                os.kill(os.getpid(), warning)
            except OSError:
                pass
            time.sleep(grace)
            status = 128 + warning
        os._exit(status)

    threading.Thread(target=watch, name="akhbar-ends-with-parent", daemon=True).start()


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

    A helper started here inherits ONE_THREAD (unless the user set those variables).
    """
    main = sys.modules["__main__"]
    path = main.__dict__.pop("__file__", None)
    replaced = sys.stderr
    added = [name for name in ONE_THREAD if name not in os.environ]
    try:
        os.environ.update({name: ONE_THREAD[name] for name in added})
        if sys.__stderr__ is not None:
            sys.stderr = sys.__stderr__
        yield
    finally:
        for name in added:
            os.environ.pop(name, None)
        sys.stderr = replaced
        if path is not None:
            main.__file__ = path


def usable_cores() -> int:
    """The cores this process may run on (its affinity, where the system says)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1
