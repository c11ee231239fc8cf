"""The shell commands' standard streams: input read within a bound, output whose failure is said.

Input (`tag`, `render`, `search --batch`) may be /dev/zero or a file of gigabytes: it is read
up to INPUT_LIMIT bytes, or a line at a time of at most LINE_LIMIT characters, and past that
refused with a clear message instead of read until memory runs out. Output may go to a full
disk or a device that fails: writing it raises OutputFailed, which the entry point turns into
one line on stderr and a non-zero status instead of a traceback.
"""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Iterator
from typing import IO, Any, cast

from corpus import AkhbarError

__all__ = [
    "INPUT_LIMIT",
    "LINE_LIMIT",
    "InputTooLarge",
    "OutputFailed",
    "bounded_lines",
    "checked_output",
    "ended_by_signals",
    "read_input",
]

INPUT_LIMIT = 64 * 1024 * 1024
"""The most bytes `tag` and `render` read: far more than any text one would tag or render at once."""
LINE_LIMIT = 64 * 1024
"""The most characters of one line of `search --batch`: far more than any query."""


class InputTooLarge(AkhbarError, ValueError):
    """Input past its bound, with a message that says which and what the bound is."""


class OutputFailed(AkhbarError):
    """Writing the standard output failed (a full disk, an I/O error); `error` says why."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error.strerror or str(error))
        self.error = error


def read_input(path: str | None, limit: int = INPUT_LIMIT) -> bytes:
    """The bytes of the file at `path`, or of standard input when None (or "-"), at most `limit`;
    raises InputTooLarge past it (without reading further) and OSError as `open` does."""
    name = "standard input" if path in (None, "-") else path
    if path in (None, "-"):
        stream = sys.stdin.buffer if sys.stdin is not None else None
        data = stream.read(limit + 1) if stream is not None else b""
    else:
        assert path is not None
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    if len(data) > limit:
        raise InputTooLarge(f"{name} holds more than {limit // (1024 * 1024)} MB: give less at a time")
    return data


def bounded_lines(stream: IO[str], name: str, limit: int = LINE_LIMIT) -> Iterator[str]:
    """The lines of `stream` (each with its line break), read one at a time; raises
    InputTooLarge at the first line longer than `limit` characters, having read no more of it."""
    number = 0
    while line := stream.readline(limit + 1):
        number += 1
        if len(line) > limit and not (len(line) == limit + 1 and line.endswith("\n")):
            raise InputTooLarge(f"{name}: line {number:,} is longer than {limit:,} characters")
        yield line


class _CheckedOutput:
    """A text stream whose failed writes raise OutputFailed (a broken pipe stays BrokenPipeError,
    which the entry point ends quietly)."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as error:
            raise OutputFailed(error) from error

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as error:
            raise OutputFailed(error) from error

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def checked_output(stream: IO[str]) -> IO[str]:
    """`stream`, its write errors raised as OutputFailed."""
    return cast(IO[str], _CheckedOutput(stream))


@contextlib.contextmanager
def ended_by_signals() -> Iterator[None]:
    """While the block runs, SIGTERM and SIGHUP end it as Ctrl-C does, by an exception, so what it
    opened is cleaned up (an export's temporary file removed, the old file kept); the status is
    128 plus the signal's number, as when the signal kills a process."""

    def end(number: int, _frame: object) -> None:
        raise SystemExit(128 + number)

    before = {number: signal.signal(number, end) for number in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)
