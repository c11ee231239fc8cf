"""Watching the corpus for new, changed and deleted files, for follow mode.

Through watchfiles (the Rust notify library): inotify on Linux, so a change is seen within
a fraction of a second without walking the corpus. Where inotify cannot be used (its watch
limit reached, a network file system that sends no events), watchfiles polls instead, every
POLL_SECONDS. What changed is not taken from the events: the caller walks the corpus and
compares stamps (Archive.refresh), so a missed or merged event never loses a file.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

__all__ = ["Wake", "watch_corpus", "POLL_SECONDS"]

POLL_SECONDS = 2.0
"""How often the corpus is polled where inotify is not available."""
DEBOUNCE_MS = 400
"""Events this close together are taken as one change (a file copied in several writes)."""


@dataclass(frozen=True, slots=True)
class Wake:
    """Why the watch woke up: files changed (seen by `method`), or a reload was asked for."""

    method: str
    """"inotify", "polling", or "asked" (a reload by hand)."""


def watch_corpus(paths: Sequence[str], stop: threading.Event, asked: threading.Event) -> Iterator[Wake]:
    """Wake up whenever files under `paths` change, or `asked` is set (then cleared), until
    `stop` is set. Editors' temporary files are ignored."""
    from watchfiles import DefaultFilter, watch

    either = _Either(stop, asked)
    method = "inotify"
    while not stop.is_set():
        roots = [p for p in paths if os.path.exists(p)]
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
                ):
                    yield Wake(method)
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
