"""Opening corpus files for reading: never blocking on a FIFO or a device, whatever a path has become."""

from __future__ import annotations

import os
from stat import S_ISREG
from typing import BinaryIO

from corpus.safe_files import NotRegularFile

__all__ = ["NotRegularFile", "open_regular"]

_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


def open_regular(path: str) -> BinaryIO:
    """`path` opened for reading in binary, only if it is a regular file when opened.

    The open itself never blocks: a file swapped for a FIFO between the walk and the read
    (which a plain open would wait on for ever) is opened non-blocking, found by fstat, and
    refused with NotRegularFile. Raises OSError as `open` does otherwise.
    """
    descriptor = os.open(path, _FLAGS)
    try:
        if not S_ISREG(os.fstat(descriptor).st_mode):
            raise NotRegularFile(path)
        return os.fdopen(descriptor, "rb")  # O_NONBLOCK changes nothing for a regular file
    except BaseException:
        os.close(descriptor)
        raise
