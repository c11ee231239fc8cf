"""Opening corpus files for reading: never blocking on a FIFO or a device, whatever a path has become."""

from __future__ import annotations

import sys
from typing import BinaryIO

from corpus.safe_files import NotRegularFile, open_regular_file

__all__ = ["NotRegularFile", "open_regular"]


def open_regular(path: str) -> BinaryIO:
    """`path` (a corpus file, links followed: the walk has checked where they lead) opened for
    reading in binary, only if it is a regular file when opened (NotRegularFile otherwise)."""
    return open_regular_file(path, sys.maxsize, follow_links=True)
