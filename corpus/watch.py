"""Watching the corpus for new, changed and deleted files, for follow mode.

Through watchfiles (the Rust notify library): inotify on Linux, so a change is seen within
a fraction of a second without walking the corpus. Where inotify cannot be used (its watch
limit reached, a network file system that sends no events), watchfiles polls instead, every
POLL_SECONDS. What changed is not taken from the events: the caller walks the corpus and
compares stamps (Archive.refresh), so a missed or merged event never loses a file.

Each folder of the corpus is watched on its own, never recursively: a recursive watch follows
symbolic links, and one link to `/` inside an archive had the watcher walk the whole machine
holding Python's interpreter lock (the app froze and grew to 6 GB). The folders are found
the way the corpus is walked (links followed only with --follow-links, each folder once),
and found again after every change, so a new folder is watched from then on.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

__all__ = ["Wake", "watch_corpus", "corpus_folders", "POLL_SECONDS"]

POLL_SECONDS = 2.0
"""How often the corpus is polled where inotify is not available."""
DEBOUNCE_MS = 400
"""Events this close together are taken as one change (a file copied in several writes)."""


@dataclass(frozen=True, slots=True)
class Wake:
    """Why the watch woke up: files changed (seen by `method`), or a reload was asked for."""

    method: str
    """"inotify", "polling", "asked" (a reload by hand), "check" (every file looked at after a
    start that trusted the folders: corpus.storage.trusted_walk) or "quiet" (a look a while after
    JSON Lines were read, for a last line left unfinished: the app's)."""


def corpus_folders(paths: Sequence[str], *, follow_links: bool = False, skip: Sequence[str] = ()) -> list[str]:
    """Every folder under `paths` (and each path itself), each once: links to folders are
    followed only with `follow_links`, and never into a folder already seen (a loop).

    `paths` are the archive's resolved roots (Archive.paths): one that is a link now (a link
    to `/` put in a folder's place) is not watched unless `follow_links`, as the walk refuses it."""
    skipped = {os.path.realpath(path) for path in skip}
    seen: set[str] = set()
    found: list[str] = []
    pending = [p for p in paths if os.path.isdir(p) and (follow_links or os.path.realpath(p) == os.path.abspath(p))]
    while pending:
        folder = pending.pop()
        real = os.path.realpath(folder)
        if real in seen or real in skipped:
            continue
        seen.add(real)
        found.append(folder)
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    try:
                        if entry.is_dir(follow_symlinks=follow_links):
                            pending.append(entry.path)
                    except OSError:
                        continue
        except OSError:
            continue
    return found + [p for p in paths if os.path.isfile(p)]


def watch_corpus(
    paths: Sequence[str],
    stop: threading.Event,
    asked: threading.Event,
    *,
    follow_links: bool = False,
    skip: Sequence[str] = (),
) -> Iterator[Wake]:
    """Wake up whenever files under `paths` change, or `asked` is set (then cleared), until
    `stop` is set. Editors' temporary files are ignored; folders in `skip` (the cache) are not watched."""
    from watchfiles import DefaultFilter, watch

    either = _Either(stop, asked)
    method = "inotify"
    while not stop.is_set():
        roots = corpus_folders(paths, follow_links=follow_links, skip=skip)
        if roots:
            try:
                for _ in watch(
                    *roots,
                    watch_filter=DefaultFilter(),
                    debounce=DEBOUNCE_MS,
                    stop_event=either,
                    force_polling=method == "polling",
                    poll_delay_ms=int(POLL_SECONDS * 1000),
                    ignore_permission_denied=True,
                    raise_interrupt=False,
                    recursive=False,
                ):
                    yield Wake(method)
                    if corpus_folders(paths, follow_links=follow_links, skip=skip) != roots:
                        break  # a folder came or went: watch the new set
            except (OSError, RuntimeError):
                if method == "polling":
                    either.wait(POLL_SECONDS)  # not even polling works now (a folder went away)
                method = "polling"
        else:
            either.wait(POLL_SECONDS)  # nothing to watch yet: look again
            if not either.is_set():
                yield Wake("polling")
        if asked.is_set() and not stop.is_set():
            asked.clear()
            yield Wake("asked")


class _Either:
    """Set when any of its events is: watchfiles takes one stop event, and has to stop for both."""

    def __init__(self, *events: threading.Event) -> None:
        self.events = events

    def is_set(self) -> bool:
        return any(event.is_set() for event in self.events)

    def wait(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not self.is_set() and time.monotonic() < deadline:
            self.events[0].wait(0.1)
