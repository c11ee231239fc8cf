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

__all__ = ["TAGGING", "TAGGING_LOCK", "TAGGING_WAIT", "WAITING", "TaggingTurn"]

TAGGING_LOCK = "tagging"
"""The lock file's name in an archive's saved index folder (corpus.storage.generations)."""

TAGGING = "tagging entities"
"""The phase of a build that tags, reported again once a wait for the turn is over."""
TAGGING_WAIT = "waiting for another akhbar tagging these articles"
"""The phase a build reports while another process holds the turn."""
WAITING = -1
"""What a build in a helper process reports as its count of tagged articles while it waits."""
POLL_SECONDS = 0.25
"""How often a waiting build tries the turn again (and lets its listener stop it)."""
STALLED_SECONDS = 120.0
"""A process holding the turn that wrote nothing into the cache for this long (stopped with
ctrl+z, hung on a dead disk) is waited for no longer: the build tags at once, as it did before
turns. A batch is stored every few seconds while tagging runs."""
_FLAGS = os.O_RDWR | os.O_CREAT | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


class TaggingTurn:
    """The turn to tag one archive's articles into the cache at `cache_path`: a lock on the file
    `lock_path` (the archive's own: a build of another corpus into the same cache never waits
    for this one), taken at the first untagged article and held until the build's tagging ends
    (the kernel lets it go if the process dies). The holder writes how many processes tag for it
    there: a build with more (`akhbar index` on every core beside the app's one) does not wait.
    Without a cache or a lock file, or where no lock can be had (a file system without locks,
    something not a file in its place), every build tags at once, as before."""

    def __init__(
        self, cache_path: Path | None, lock_path: Path | None, progress: Progress | None = None, workers: int = 1
    ) -> None:
        self._cache = cache_path
        self._path = lock_path if cache_path is not None else None
        self._progress = progress
        self._workers = workers
        self._descriptor: int | None = None
        self._asked = False

    def take(self) -> bool:
        """Hold the turn, at once or once the process holding it lets it go; whether it waited
        (then the cache holds what that process tagged). Only the first call does anything. While
        it waits, the TAGGING_WAIT phase is reported every POLL_SECONDS: a listener that raises
        stops the wait. A holder with fewer processes, or one that stalls (see STALLED_SECONDS),
        is not waited for."""
        if self._asked or self._path is None or self._cache is None:
            return False
        self._asked = True
        descriptor = _opened(self._path)
        if descriptor is None:
            return False
        held, waited = False, False
        written, since = _written(self._cache), time.monotonic()
        try:
            while True:
                try:
                    fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    held = True
                except BlockingIOError:
                    pass
                except OSError:
                    break  # no locks on this file system: tag at once
                if held or _holders_workers(descriptor) < self._workers:
                    break  # held; or the holder tags on fewer cores: tag beside it, as before turns
                report_phase(self._progress, TAGGING_WAIT)
                waited = True
                time.sleep(POLL_SECONDS)
                now, seen = time.monotonic(), _written(self._cache)
                if seen != written:
                    written, since = seen, now
                elif now - since >= STALLED_SECONDS:
                    break  # tag beside the stalled process
        finally:
            if held:
                self._descriptor = descriptor
                _say_workers(descriptor, self._workers)
            else:
                os.close(descriptor)
        if waited:
            report_phase(self._progress, TAGGING)
        return waited

    def release(self) -> None:
        """Let the turn go (closing the file lets the lock go)."""
        if self._descriptor is not None:
            os.close(self._descriptor)
            self._descriptor = None


def _say_workers(descriptor: int, workers: int) -> None:
    """Write into the held lock file how many processes tag for its holder."""
    try:
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{workers}\n".encode("ascii"), 0)
    except OSError:
        pass  # a full disk: waiters wait, as for a holder that says nothing


def _holders_workers(descriptor: int) -> int:
    """How many processes the holder of the lock file tags with (as many as any: not said yet)."""
    try:
        said = os.pread(descriptor, 16, 0).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        said = ""
    return int(said) if said.isdigit() else 1 << 30


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
