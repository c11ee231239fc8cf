"""Files that something else may have replaced, read and written safely.

Reading: a cache member or a state file may have become a FIFO (a plain open waits for a
writer for ever), a link to /dev/zero (a plain read never ends) or a huge file. It is opened
without following a link and without blocking, and read only if it is a regular file within
a size bound. Writing: a file the user named is written beside itself and renamed over, so an
error or Ctrl-C halfway leaves the old file as it was.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from typing import IO, Any, BinaryIO

from corpus.errors import AkhbarError

__all__ = [
    "FileTooLarge",
    "NotRegularFile",
    "open_regular",
    "open_regular_file",
    "read_regular_file",
    "read_regular_range",
    "write_atomically",
    "writing_atomically",
    "FileReplaced",
]

_READ_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


class NotRegularFile(AkhbarError, OSError):
    """The path is (now) a FIFO, a device, a socket or a folder."""

    def __init__(self, path: str) -> None:
        super().__init__(errno.EINVAL, "not a regular file", path)


class FileReplaced(AkhbarError, OSError):
    """The path names another file than the one listed (swapped for a link, or rewritten by a
    rename) since the walk looked at it: what the walk checked is not what would be read."""

    def __init__(self, path: str) -> None:
        super().__init__(errno.ESTALE, "replaced since the folder was read (read at the next look)", path)


class FileTooLarge(AkhbarError, OSError):
    """A file larger than what may be read of it."""

    def __init__(self, path: str, size: int, limit: int) -> None:
        super().__init__(errno.EFBIG, f"{size:,} bytes, more than the {limit:,} allowed", path)


def open_regular_file(path: str | os.PathLike[str], limit: int, *, follow_links: bool = False) -> BinaryIO:
    """`path` opened for reading in binary, only if it is a regular file of at most `limit`
    bytes (itself, not through a link, unless `follow_links`); raises NotRegularFile,
    FileTooLarge or OSError. The open never blocks, whatever the path is (a file swapped for a
    FIFO is opened non-blocking, found by fstat and refused)."""
    descriptor = _regular_descriptor(path, limit, follow_links=follow_links)
    try:
        return os.fdopen(descriptor, "rb")  # O_NONBLOCK changes nothing for a regular file
    except BaseException:
        os.close(descriptor)
        raise


def open_regular(path: str, identity: tuple[int, int] | None = None) -> BinaryIO:
    """`path` (a corpus file, links followed: the walk has checked where they lead) opened for
    reading in binary, only if it is a regular file when opened (NotRegularFile otherwise) and,
    given the walk's (device, inode), the file the walk checked (FileReplaced otherwise: a link
    out of the corpus swapped in after the walk is never read)."""
    descriptor = _regular_descriptor(path, sys.maxsize, follow_links=True, identity=identity)
    return os.fdopen(descriptor, "rb")


def read_regular_range(path: str | os.PathLike[str], offset: int, length: int, *, follow_links: bool = False) -> bytes:
    """At most `length` bytes of a regular file from `offset` (see `open_regular_file`), read
    with one call and no file object: an article's record out of a large JSON Lines file."""
    descriptor = _regular_descriptor(path, sys.maxsize, follow_links=follow_links)
    try:
        return os.pread(descriptor, length, offset)
    finally:
        os.close(descriptor)


def _regular_descriptor(
    path: str | os.PathLike[str], limit: int, *, follow_links: bool, identity: tuple[int, int] | None = None
) -> int:
    """A descriptor of `path` opened for reading, only if it is a regular file of at most `limit`
    bytes (and, given `identity`, that (device, inode))."""
    descriptor = os.open(path, _READ_FLAGS | (0 if follow_links else os.O_NOFOLLOW))
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(os.fsdecode(path))
        if identity is not None and not _same_identity((info.st_dev, info.st_ino), identity):
            raise FileReplaced(os.fsdecode(path))
        if info.st_size > limit:
            raise FileTooLarge(os.fsdecode(path), info.st_size, limit)
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor


def _same_identity(found: tuple[int, int], listed: tuple[int, int]) -> bool:
    """Whether two (device, inode) pairs are one, however the walk stored a number past 2**63."""
    return all((a - b) % (1 << 64) == 0 for a, b in zip(found, listed, strict=True))


GROWTH_CHUNK = 1 << 20
"""A file that grows while it is read is read on in pieces this large."""


def read_regular_file(path: str | os.PathLike[str], limit: int, *, follow_links: bool = False) -> bytes:
    """The bytes of a regular file of at most `limit` bytes (see `open_regular_file`); a file
    that grows past the bound while it is read raises FileTooLarge too."""
    with open_regular_file(path, limit, follow_links=follow_links) as handle:
        # What the file holds now, not `limit + 1` bytes at once: such a read reserves the whole
        # bound first (1 GiB for a saved member, at every read of a small file).
        size = os.fstat(handle.fileno()).st_size
        data = handle.read(min(size, limit) + 1)
        if len(data) > size:  # it grew while being read: read on, in pieces, up to the bound
            parts, got = [data], len(data)
            while got <= limit:
                part = handle.read(min(GROWTH_CHUNK, limit + 1 - got))
                if not part:
                    break
                parts.append(part)
                got += len(part)
            data = b"".join(parts)
    if len(data) > limit:
        raise FileTooLarge(os.fsdecode(path), len(data), limit)
    return data


@contextlib.contextmanager
def writing_atomically(path: str | os.PathLike[str], *, encoding: str = "utf-8") -> Iterator[IO[str]]:
    """A text file to write `path` through: a temporary file beside it, synced and renamed over
    `path` when the block ends, removed (and `path` untouched) when it raises, Ctrl-C included.

    A link is followed (the file it names is replaced, the link kept); a path that is not a
    regular file (a device such as /dev/stdout, a FIFO) is written in place, as it cannot be replaced.
    """
    target = os.path.realpath(path)
    try:
        existing: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        existing = None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        with open(target, "w", encoding=encoding, newline="") as stream:
            yield stream
        return
    if existing is not None and not os.access(target, os.W_OK):
        # Renaming over it would replace a file its owner made read-only, which `>` refuses.
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))
    mode = stat.S_IMODE(existing.st_mode) if existing is not None else _new_file_mode()
    with _replacing(target, mode, encoding) as out:
        yield out


def write_atomically(path: str | os.PathLike[str], data: bytes, *, mode: int = 0o600) -> None:
    """`data` as the whole of `path` (a file of the app's own, readable by its owner only unless
    `mode` says otherwise): written beside it, synced and renamed over it, or not at all."""
    with _replacing(os.fspath(path), mode, None) as out:
        out.write(data)


@contextlib.contextmanager
def _replacing(target: str, mode: int, encoding: str | None) -> Iterator[IO[Any]]:
    """A new temporary file beside `target` (text in `encoding`, or bytes when None), with
    `mode`: synced and renamed over `target` when the block ends, removed (and `target`
    untouched) when it raises, Ctrl-C included."""
    folder, name = os.path.split(target)
    try:
        descriptor, temporary = tempfile.mkstemp(dir=folder or ".", prefix=f".{name}.", suffix=".tmp")
    except OSError as error:  # the folder is missing or closed: name it, not the temporary file
        raise OSError(error.errno, error.strerror, folder or ".") from None
    try:
        opened = (
            os.fdopen(descriptor, "wb")
            if encoding is None
            else os.fdopen(descriptor, "w", encoding=encoding, newline="")
        )
        with opened as out:
            os.fchmod(out.fileno(), mode)
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _new_file_mode() -> int:
    """The mode `open` would give a new file: 0o666 less the umask (read by setting it back at once)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask
