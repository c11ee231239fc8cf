"""Opening files for reading (corpus files, the app's own files): never blocking on a FIFO or a
device, whatever a path has become, and never reading more than a bound."""

from __future__ import annotations

import errno
import os
from stat import S_ISREG
from typing import BinaryIO

__all__ = ["FileTooLarge", "NotRegularFile", "open_regular", "read_regular_file"]

_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


class NotRegularFile(OSError):
    """The path is (now) a FIFO, a device, a socket or a folder."""

    def __init__(self, path: str) -> None:
        super().__init__(errno.EINVAL, "not a regular file", path)


class FileTooLarge(OSError):
    """The file holds more than the reader takes."""

    def __init__(self, path: str, limit: int) -> None:
        super().__init__(errno.EFBIG, f"larger than {limit:,} bytes", path)


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


def read_regular_file(path: str | os.PathLike[str], limit: int) -> bytes:
    """The whole content of `path`, only if it is a regular file of at most `limit` bytes.

    Never blocks on a FIFO and never reads a device (NotRegularFile), nor more than `limit`
    bytes of a file that is or grows larger (FileTooLarge); other errors as `open` raises them.
    """
    name = os.fspath(path)
    with open_regular(name) as handle:
        if os.fstat(handle.fileno()).st_size > limit:
            raise FileTooLarge(name, limit)
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise FileTooLarge(name, limit)
    return data
