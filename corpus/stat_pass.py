"""Stat'ing many files by path, here or in a helper that runs this file with the interpreter
alone (`python -I -S stat_pass.py`, the paths on its input, the results on its output): a
start that looks at 1.1 million files stats half of them on the other core. The standard
library only: the helper imports nothing else (it took about 20 ms to start here)."""

from __future__ import annotations

import os
import subprocess
import sys
from array import array
from collections.abc import Callable, Sequence
from operator import attrgetter

__all__ = ["FAILED", "FIELDS", "HELPER_FILES", "StatHelper", "stat_in_two", "stat_rows"]

FIELDS = 6
"""A row: size, modification time, inode change time, device, inode, mode."""
FAILED = -1
"""Every field of a path that could not be stat'ed as its bytes (or whose numbers pass int64):
the caller looks at it again, to name it."""
HELPER_FILES = 100_000
"""Files from which half are stat'ed by a helper process (it took about 20 ms to start here)."""
_STAT_ROWS = 65_536
"""Files stat'ed here at once: their paths are held that long."""
_ROW = attrgetter("st_size", "st_mtime_ns", "st_ctime_ns", "st_dev", "st_ino", "st_mode")
_FAILED_ROW = (FAILED,) * FIELDS


def stat_rows(raw: bytes, ends: Sequence[int]) -> array[int]:
    """The row of each path `raw[ends[i]:ends[i + 1]]`, one after another (int64), as `lstat`
    says: a symbolic link is given as one, not followed."""
    rows: array[int] = array("q")
    stat, row_of, add = os.lstat, _ROW, rows.extend
    for number, (start, end) in enumerate(zip(ends[:-1], ends[1:], strict=True)):
        try:
            add(row_of(stat(raw[start:end])))
        except (OSError, ValueError):
            add(_FAILED_ROW)
        except OverflowError:  # a device or inode number past 2^63: the row's first fields are in
            del rows[number * FIELDS :]
            add(_FAILED_ROW)
    return rows


def stat_in_two(count: int, run: Callable[[int, int], tuple[bytes, Sequence[int]]], two: bool) -> array[int]:
    """The rows of `count` paths (`run(first, end)`: those paths as bytes, and their ends from 0),
    as `stat_rows` gives them: with `two` and HELPER_FILES paths or more, the second half stat'ed
    by a helper process meanwhile (here, when it cannot start or dies)."""
    split = count // 2 if two and count >= HELPER_FILES else count
    helper: StatHelper | None = None
    if split < count:
        try:
            helper = StatHelper(*run(split, count))
        except OSError:
            split = count
    try:
        rows: array[int] = array("q")
        for first in range(0, split, _STAT_ROWS):
            rows.extend(stat_rows(*run(first, min(first + _STAT_ROWS, split))))
        if helper is not None:
            theirs = helper.rows()
            rows.extend(theirs if theirs is not None else stat_rows(*run(split, count)))
    finally:
        if helper is not None:
            helper.stop()
    return rows


class StatHelper:
    """A helper process stat'ing a run of paths while this one stats the rest."""

    def __init__(self, raw: bytes, ends: Sequence[int]) -> None:
        """Started with the paths `raw[ends[i]:ends[i + 1]]` (ends from 0); raises OSError when
        it cannot be started or fed."""
        self.count = len(ends) - 1
        if not sys.executable or getattr(sys, "frozen", False):  # no interpreter to run this file with
            raise OSError("no Python interpreter to start a helper with")
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-I", "-S", os.path.abspath(__file__)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except (OSError, ValueError, TypeError) as error:
            raise OSError(f"the helper that stats files did not start: {error}") from None
        try:
            assert self._process.stdin is not None
            header = array("q", [self.count, len(raw)]).tobytes()
            self._process.stdin.write(header + array("q", ends).tobytes())
            self._process.stdin.write(raw)
            self._process.stdin.close()
        except (OSError, ValueError):
            self.stop()
            raise OSError("the helper that stats files took no paths") from None

    def rows(self) -> array[int] | None:
        """Its rows once it is done; None when it ended without them all."""
        assert self._process.stdout is not None
        try:
            answer = self._process.stdout.read()
        except OSError:
            answer = b""
        self.stop()
        if self._process.returncode != 0 or len(answer) != self.count * FIELDS * 8:
            return None
        rows: array[int] = array("q")
        rows.frombytes(answer)
        return rows

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        if self._process.stdout is not None:
            self._process.stdout.close()


def _serve() -> None:
    """In the helper: the paths from the input, their rows to the output."""
    read = sys.stdin.buffer.read
    count, size = array("q", read(16))
    ends: array[int] = array("q")
    ends.frombytes(read(8 * (count + 1)))
    sys.stdout.buffer.write(stat_rows(read(size), ends).tobytes())


if __name__ == "__main__":
    _serve()
