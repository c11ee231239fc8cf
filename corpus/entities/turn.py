"""One tagger at a time per entity cache: a process that finds articles untagged while another
tags into the same cache (`akhbar index` beside the app, two sessions started after a delivery)
waits for it, then takes what it stored and tags only the rest, where both tagged every article
before, each on half the cores."""

from __future__ import annotations

import fcntl
import os
import stat
import time
from pathlib import Path

from corpus.models import Progress, report_phase

__all__ = ["TAGGING", "TAGGING_WAIT", "WAITING", "TaggingTurn"]

TAGGING = "tagging entities"
"""The phase of a build that tags, reported again once a wait for the turn is over."""
TAGGING_WAIT = "waiting for another akhbar tagging these articles"
"""The phase a build reports while another process holds the turn."""
WAITING = -1
"""What a build in a helper process reports as its count of tagged articles while it waits."""
POLL_SECONDS = 0.25
"""How often a waiting build tries the turn again (and lets its listener stop it)."""
STALLED_SECONDS = 60.0
"""A process holding the turn that wrote nothing into the cache for this long (stopped with
ctrl+z, hung on a dead disk) is waited for no longer: the build tags at once, as it did before
turns. A batch is stored every few seconds while tagging runs."""
_FLAGS = os.O_RDWR | os.O_CREAT | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


class TaggingTurn:
    """The turn to tag into the cache at `cache_path`: a lock on a file beside it, taken at the
    first untagged article and held until the build's tagging ends (the kernel lets it go if the
    process dies). Without a cache, or where no lock can be had (a file system without locks,
    something not a file in its place), every build tags at once, as before."""

    def __init__(self, cache_path: Path | None, progress: Progress | None = None) -> None:
        self._cache = cache_path
        self._path = cache_path.with_name(f"{cache_path.name}.tagging") if cache_path is not None else None
        self._progress = progress
        self._descriptor: int | None = None
        self._asked = False

    def take(self) -> bool:
        """Hold the turn, at once or once the process holding it lets it go; whether it waited
        (then the cache holds what that process tagged). Only the first call does anything. While
        it waits, the TAGGING_WAIT phase is reported every POLL_SECONDS: a listener that raises
        stops the wait. A holder that stalls (see STALLED_SECONDS) is not waited for."""
        if self._asked or self._path is None or self._cache is None:
            return False
        self._asked = True
        descriptor = _opened(self._path)
        if descriptor is None:
            return False
        waited = False
        written, since = _written(self._cache), time.monotonic()
        try:
            while True:
                try:
                    fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    report_phase(self._progress, TAGGING_WAIT)
                    waited = True
                    time.sleep(POLL_SECONDS)
                    now, seen = time.monotonic(), _written(self._cache)
                    if seen != written:
                        written, since = seen, now
                    elif now - since >= STALLED_SECONDS:
                        os.close(descriptor)  # tag beside the stalled process, turn or no turn
                        report_phase(self._progress, TAGGING)
                        return True
        except OSError:  # no locks on this file system: tag at once
            os.close(descriptor)
            return waited
        except BaseException:
            os.close(descriptor)
            raise
        self._descriptor = descriptor
        if waited:
            report_phase(self._progress, TAGGING)
        return waited

    def release(self) -> None:
        """Let the turn go (closing the file lets the lock go)."""
        if self._descriptor is not None:
            os.close(self._descriptor)
            self._descriptor = None


def _written(cache: Path) -> tuple[tuple[int, int], ...]:
    """When the cache and SQLite's files beside it were last written, and their sizes."""
    found = []
    for path in (cache, cache.with_name(f"{cache.name}-wal"), cache.with_name(f"{cache.name}-journal")):
        try:
            status = os.stat(path)
        except OSError:
            found.append((0, 0))
        else:
            found.append((status.st_mtime_ns, status.st_size))
    return tuple(found)


def _opened(path: Path) -> int | None:
    """The lock file, opened without following a link or waiting on a FIFO; None when it cannot
    be, or is not a regular file."""
    try:
        descriptor = os.open(path, _FLAGS, 0o600)
    except OSError:
        return None
    try:
        regular = stat.S_ISREG(os.fstat(descriptor).st_mode)
    except OSError:
        regular = False
    if not regular:
        os.close(descriptor)
        return None
    return descriptor
