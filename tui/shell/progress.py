"""What a shell command that works for minutes (the first tagging of an archive) says meanwhile on
stderr, so that it never looks hung: on a terminal, one line rewritten in place; elsewhere (a log,
a pipe), one line as each long phase begins."""

from __future__ import annotations

import sys
import time
from typing import IO

from corpus.entities import TAGGING, TAGGING_WAIT

__all__ = ["StderrProgress"]

EVERY_SECONDS = 0.5
"""How often the line on a terminal is rewritten at most."""
LONG_PHASES = (TAGGING, TAGGING_WAIT, "grouping entities")
"""The phases said on a stream that is no terminal: the ones that take minutes on a large archive."""


class StderrProgress:
    """A `Progress` (corpus.models) for the shell: `phase` names the work, a call gives done / total."""

    def __init__(self, stream: IO[str] | None = None) -> None:
        self._stream = stream if stream is not None else sys.stderr
        self._tty = self._stream.isatty()
        self._phase = ""
        self._shown = 0.0
        self._written = False

    def phase(self, name: str) -> None:
        if name == self._phase:
            return  # said again while it lasts (a wait for another process's tagging): said once
        self._phase = name
        if self._tty:
            self._line(f"akhbar: {name}…")
        elif name in LONG_PHASES:
            print(f"akhbar: {name}…", file=self._stream, flush=True)

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if self._tty and (now - self._shown >= EVERY_SECONDS or done >= total):
            self._shown = now
            self._line(f"akhbar: {self._phase or 'working'} {done:,}/{total:,}")

    def _line(self, text: str) -> None:
        self._stream.write(f"\r\x1b[K{text}")
        self._stream.flush()
        self._written = True

    def close(self) -> None:
        """Clear the line on a terminal, so what the command prints next starts clean."""
        if self._written:
            self._stream.write("\r\x1b[K")
            self._stream.flush()
            self._written = False
