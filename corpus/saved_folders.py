"""Files of a saved folder (an index generation, an entity index): numpy members read through
memory maps, strings as text (never pickle), and a CRC-32 of each member checked at load.

A member mapped with `read_array` is shared through the page cache by every process that
maps it (`corpus.packed` gives a column of strings the same way, decoding one when asked).

A member is read only if it is a regular file (never through a link, never waiting on a
FIFO, never reading a device without end) of the size its format allows: exactly what its
header says for a numpy member, at most MEMBER_LIMIT for any other. Anything else raises
OSError or ValueError, which the folder's reader takes for damage.
"""

from __future__ import annotations

import contextlib
import json
import mmap
import os
import shutil
import stat
import struct
import sys
import tempfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TypeVar

import numpy as np

from corpus.safe_files import open_regular_file, read_regular_file

__all__ = [
    "MEMBER_LIMIT",
    "crc_of",
    "verify_members",
    "record_verified",
    "Verification",
    "read_member",
    "remove_saved",
    "save_once",
    "load_saved",
    "checksums",
    "write_bytes",
    "write_array",
    "ArrayWriter",
    "read_array",
    "release_pages",
    "release_whole",
    "read_in_blocks",
    "write_strings",
    "read_strings",
]


MEMBER_LIMIT = 1 << 30
"""The most bytes of a member read into memory (strings as text or JSON, meta.json): 1 GiB,
some 250 times the largest of the 69k-article archive (its file paths, 4 MB)."""
T = TypeVar("T")

HEADER_LIMIT = 10_000
"""The longest numpy header read (numpy's own default bound)."""


def _open_member(path: Path) -> BinaryIO:
    """A member opened for reading if it is a regular file of the size its format allows."""
    if path.suffix != ".npy":
        return open_regular_file(path, MEMBER_LIMIT)
    handle = open_regular_file(path, sys.maxsize)
    try:
        _array_layout(handle, path)
    except BaseException:
        handle.close()
        raise
    handle.seek(0)
    return handle


def _array_layout(handle: BinaryIO, path: Path) -> tuple[np.dtype[np.generic], tuple[int, ...], bool, int]:
    """dtype, shape, Fortran order and data offset from a numpy member's header; raises
    ValueError for an object dtype (pickle) or a file not exactly as long as the header says."""
    version = np.lib.format.read_magic(handle)
    read_header = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
    shape, fortran, dtype = read_header(handle, max_header_size=HEADER_LIMIT)
    if dtype.hasobject:
        raise ValueError(f"{path.name}: Python objects in an array")
    offset = handle.tell()
    expected = offset + int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    size = os.fstat(handle.fileno()).st_size
    if size != expected:
        raise ValueError(f"{path.name}: {size:,} bytes where its header says {expected:,}")
    return dtype, shape, fortran, offset


CRC_BLOCK = 16 * 1024 * 1024
"""A member's CRC-32 is computed this many bytes at a time."""


def crc_of(path: Path) -> int:
    """The CRC-32 of a member, read a block at a time: its pages stay in the page cache, never
    all in this process's memory at once (a member of a large archive is a gigabyte)."""
    crc = 0
    with _open_member(path) as handle:
        while block := handle.read(CRC_BLOCK):
            crc = zlib.crc32(block, crc)
    return crc


def read_member(folder: Path, name: str) -> bytes:
    """The bytes of a member that is not an array (at most MEMBER_LIMIT); raises OSError."""
    return read_regular_file(folder / name, MEMBER_LIMIT)


def remove_saved(path: Path) -> None:
    """Delete a saved folder, or whatever has taken its name (a file, a link, a FIFO)."""
    try:
        if stat.S_ISDIR(os.lstat(path).st_mode):
            shutil.rmtree(path, ignore_errors=True)
        else:
            os.unlink(path)
    except OSError:
        pass


def save_once(target: Path, write: Callable[[Path], None]) -> None:
    """Write a saved folder at `target` (inside a generation) through `write`, which fills a
    temporary folder beside it that is then renamed into place; a copy already there is
    kept, and whatever else has its name is removed first. Raises OSError when it cannot be
    written (not when another session renamed its copy first: that one is used)."""
    if target.is_dir() and not target.is_symlink():
        return
    remove_saved(target)
    temporary = Path(tempfile.mkdtemp(dir=target.parent, prefix=f"tmp-{target.name}-"))
    try:
        write(temporary)
        os.replace(temporary, target)
    except OSError:
        shutil.rmtree(temporary, ignore_errors=True)
        if not target.exists():
            raise
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise


def load_saved(folder: Path, read: Callable[[Path, object], T | None]) -> T | None:
    """What `read` makes of a saved folder and its parsed meta.json; None when there is no
    folder, or when it fails its checks: then it is removed, to be made again."""
    try:
        meta: object = json.loads(read_member(folder, "meta.json"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        remove_saved(folder)
        return None
    try:
        return read(folder, meta)
    except Exception:  # noqa: BLE001 - a damaged member can fail in any part of numpy or json
        remove_saved(folder)
        return None


def checksums(folder: Path, known: dict[str, int] | None = None) -> dict[str, int]:
    """The CRC-32 of every file of `folder`, by name: what `verify_members` checks. `known`:
    those already known (members linked from a folder that holds their checksums)."""
    known = known or {}
    return {
        path.name: known[path.name] if path.name in known else crc_of(path)
        for path in sorted(folder.iterdir())
        if path.is_file()
    }


VERIFIED = "verified"
"""Written into a folder once its members matched their checksums: the boot it was checked in
and what `stat` said of each member then."""
BOOT_ID = Path("/proc/sys/kernel/random/boot_id")


@dataclass(frozen=True, slots=True)
class Verification:
    """What `verify_members` did: whether it read the members now (not done before in this
    boot), and the stamp that says so once the caller's own checks of them pass too."""

    folder: Path
    checked_now: bool
    stamp: bytes | None

    def record(self) -> None:
        """Write the folder's VERIFIED stamp (nothing when it was checked before)."""
        if self.checked_now and self.stamp is not None:
            _write_quietly(self.folder, VERIFIED, self.stamp)


def verify_members(folder: Path, expected: object, *, record: bool = True) -> Verification:
    """Every member is there, whole and unchanged (CRC-32): a damaged folder is never used.
    Raises ValueError.

    A member is torn by a crash of the machine (the page cache lost before it reached the
    disk), which is a new boot, or changed by a write, which changes its modification and
    inode change times. So a folder checked whole once is checked again only when the machine
    has restarted since (where a boot has an id: Linux) or a member's `stat` differs: every
    start read every byte of the index for this (0.2 s of the 69k archive's start, seconds at a
    million articles). What is not caught: a member's bytes changed on disk with no write
    through the file system. With `record` False the stamp is written by the caller
    (`Verification.record`) after checks of its own that need the same once-a-boot pass."""
    if not isinstance(expected, dict) or not expected:
        raise ValueError("no checksums")
    for name, crc in expected.items():
        if "/" in name or not isinstance(crc, int) or name == VERIFIED:
            raise ValueError("a bad checksum entry")
    stamp = _verified_stamp(folder, expected)
    if stamp is not None and _read_small(folder / VERIFIED) == stamp:
        return Verification(folder, False, stamp)
    for name, crc in expected.items():
        if crc_of(folder / name) != crc:
            raise ValueError(f"{name} does not match its checksum")
    verification = Verification(folder, True, stamp)
    if record:
        verification.record()
    return verification


def record_verified(folder: Path, expected: dict[str, int]) -> None:
    """Mark a folder whose checksums were just computed from its members (`checksums` reads
    every byte back) as checked in this boot: the first start after a change then does not
    read the whole index again (6 GB at 16x the bench). A crash before the members reach the
    disk is a new boot, which checks them again."""
    Verification(folder, True, _verified_stamp(folder, expected)).record()


def verified_now(folder: Path) -> bool:
    """True when a saved folder's VERIFIED stamp says it was checked in this boot and not written since."""
    sums = _meta_checksums(folder)
    stamp = _verified_stamp(folder, sums) if sums else None
    return stamp is not None and _read_small(folder / VERIFIED) == stamp


def stamp_again(folder: Path) -> None:
    """Record a folder that `verified_now` said was checked as checked still: hard links made
    to its members, or removed, change their inode change time, never their bytes."""
    sums = _meta_checksums(folder)
    if sums:
        record_verified(folder, sums)


def _meta_checksums(folder: Path) -> dict[str, int]:
    try:
        meta = json.loads(read_member(folder, "meta.json").decode("utf-8", "surrogatepass"))
        sums = meta["checksums"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return {str(k): v for k, v in sums.items() if isinstance(v, int)} if isinstance(sums, dict) else {}


def _verified_stamp(folder: Path, expected: dict[str, int]) -> bytes | None:
    """This boot's id, then a CRC of the checksums and of each member's size, times and inode:
    what the folder's VERIFIED holds when it was checked in this boot and not written since
    (None: no boot id, or a member cannot be stat'ed)."""
    boot = _read_small(BOOT_ID).strip()
    if not boot:
        return None
    try:
        stats = [os.stat(folder / name, follow_symlinks=False) for name in sorted(expected)]
    except OSError:
        return None
    seen = [
        (name, s.st_size, s.st_mtime_ns, s.st_ctime_ns, s.st_ino)
        for name, s in zip(sorted(expected), stats, strict=True)
    ]
    listed = json.dumps([sorted(expected.items()), seen]).encode("utf-8", "surrogatepass")
    return boot + b" " + str(zlib.crc32(listed)).encode("ascii")


def _read_small(path: Path) -> bytes:
    try:
        return read_regular_file(path, 4096)
    except (OSError, ValueError):
        return b""


def _write_quietly(folder: Path, name: str, data: bytes) -> None:
    """A small file written whole or not at all; a folder that cannot be written is left as it is."""
    temporary = folder / f".{name}.{os.getpid()}.tmp"
    try:
        with open(temporary, "wb") as out:
            out.write(data)
        os.replace(temporary, folder / name)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def write_bytes(folder: Path, name: str, data: bytes) -> None:
    """A member, not synced to disk: a folder torn by a power cut fails its checksums and is
    made again, which costs less than syncing it on every save."""
    with open(folder / name, "wb") as out:
        out.write(data)


def write_array(folder: Path, name: str, values: np.ndarray) -> None:
    """`values` as the member `name` of `folder`. Nothing is written when `values` is that member
    itself, mapped whole (a file table a first build wrote early); a file of that name is
    replaced, never written over, so that a map of it or another folder's link to it keeps its
    bytes."""
    path = folder / f"{name}.npy"
    if _is_the_member(values, path):
        return
    with _new_member(path) as out:
        np.lib.format.write_array(out, np.ascontiguousarray(values), allow_pickle=False)


def _new_member(path: Path) -> BinaryIO:
    """`path` opened for writing as a new file (one of its name unlinked first)."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
    return open(path, "wb")  # noqa: SIM115 - the caller closes it


def _is_the_member(values: np.ndarray, path: Path) -> bool:
    """Whether `values` is the whole of the member at `path`, mapped from that very file."""
    whole = values if mapped_file(values) is not None else leading_part_of(values)
    source = mapped_file(whole)
    if source is None or whole.shape != values.shape or whole.dtype != values.dtype:
        return False
    try:
        status = os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    return stat.S_ISREG(status.st_mode) and source[1] == (status.st_dev, status.st_ino)


NPY_MAGIC = b"\x93NUMPY\x02\x00"
"""A numpy member's first bytes (format 2.0: a four-byte header length)."""
_LONGEST = 10**18
"""The header of an ArrayWriter's member is sized for a length this long, then written over."""


def _npy_header(dtype: np.dtype[np.generic], length: int, size: int = 0, width: int = 0) -> bytes:
    """A numpy 2.0 header for a flat array (with `width`, rows of that many values), padded with
    spaces to `size` bytes (else to a multiple of 64, as numpy pads it)."""
    shape = f"({length},)" if not width else f"({length // width}, {width})"
    text = f"{{'descr': {np.lib.format.dtype_to_descr(dtype)!r}, 'fortran_order': False, 'shape': {shape}, }}"
    body = text.encode("latin-1")
    size = size or -(-(len(NPY_MAGIC) + 4 + len(body) + 1) // 64) * 64
    padding = size - len(NPY_MAGIC) - 4 - len(body) - 1
    if padding < 0:
        raise ValueError("the header does not fit")
    return NPY_MAGIC + struct.pack("<I", len(body) + padding + 1) + body + b" " * padding + b"\n"


class ArrayWriter:
    """A flat numpy member written a block at a time (what `read_array` reads), so that an
    array larger than memory is never held whole; its length is written when it is closed."""

    def __init__(self, folder: Path, name: str, dtype: np.dtype[np.generic] | type, width: int = 0) -> None:
        """`width`: the member is rows of that many values (appended flat, a whole row at a time)."""
        self.dtype, self.written, self.width = np.dtype(dtype), 0, width
        self._out = _new_member(folder / f"{name}.npy")
        self._header = len(_npy_header(self.dtype, _LONGEST, width=width))
        self._out.write(b"\0" * self._header)

    def append(self, values: np.ndarray) -> None:
        block = np.ascontiguousarray(values, dtype=self.dtype)
        self._out.write(block.tobytes())
        self.written += block.size

    def append_saved(self, values: np.ndarray) -> None:
        """Append `values`, copied file to file in the kernel (no page of it read into this
        process) when it is a whole member mapped by `read_array`, else as `append` does."""
        source = mapped_file(values) or mapped_file(leading_part_of(values))
        if source is None or values.dtype != self.dtype or not values.flags.c_contiguous:
            self.append(values)
            return
        try:
            with open_regular_file(source[0], sys.maxsize) as handle:
                _, shape, _, offset = _array_layout(handle, source[0])
                status = os.fstat(handle.fileno())
                leading = len(shape) == len(values.shape) and shape[1:] == values.shape[1:]
                if not leading or shape[0] < values.shape[0] or (status.st_dev, status.st_ino) != source[1]:
                    raise ValueError("not the member or its beginning")
                self._out.flush()
                left, at = values.nbytes, offset
                while left > 0:
                    copied = os.copy_file_range(handle.fileno(), self._out.fileno(), left, at)
                    if copied <= 0:
                        raise OSError("copy_file_range copied nothing")
                    left, at = left - copied, at + copied
                self._out.seek(0, os.SEEK_END)
        except (OSError, ValueError, AttributeError):  # not copied in the kernel: written as before
            self._out.seek(self._header + self.written * self.dtype.itemsize)
            self._out.truncate()
            self.append(values)
            return
        self.written += len(values)

    def close(self) -> None:
        """Write the header, now that the length is known, and close the member."""
        with self._out:
            self._out.seek(0)
            self._out.write(_npy_header(self.dtype, self.written, self._header, self.width))


def read_array(folder: Path, name: str) -> np.ndarray:
    """The member mapped into memory: shared with every process mapping it, never copied.
    Raises OSError or ValueError unless it is a regular file exactly as long as its header says."""
    path = folder / f"{name}.npy"
    with open_regular_file(path, sys.maxsize) as handle:
        dtype, shape, fortran, offset = _array_layout(handle, path)
        mapped = np.memmap(handle, dtype=dtype, mode="r", offset=offset, shape=shape, order="F" if fortran else "C")
        status = os.fstat(handle.fileno())
    mapped.filename = str(path)
    mapped.identity = (status.st_dev, status.st_ino)  # type: ignore[attr-defined]
    return mapped


def release_pages(values: np.ndarray, start: int, stop: int) -> None:
    """Take the whole pages of `values[start:stop]` out of this process's resident memory, where
    `values` (one-dimensional) is a view of a member mapped read-only by `read_array`: they stay
    in the page cache, mapped again by a minor fault when read next. A pass over an index's
    tokens (1.1 GB at 1.1 million articles) then never holds them all. Any other array is left
    as it is: dropped pages of memory not backed by a file would be lost."""
    mapped: object = values
    while isinstance(mapped, np.ndarray) and not isinstance(mapped, np.memmap):
        mapped = mapped.base
    mapping = getattr(mapped, "_mmap", None)
    advice = getattr(mmap, "MADV_DONTNEED", None)
    if (
        not isinstance(mapping, mmap.mmap)
        or getattr(mapped, "mode", None) != "r"
        or advice is None
        or values.ndim != 1
        or not values.flags.c_contiguous
    ):
        return
    begins = int(np.frombuffer(mapping, dtype=np.uint8).ctypes.data)  # where the whole mapping starts
    first = values.ctypes.data + max(start, 0) * values.itemsize - begins
    last = values.ctypes.data + min(stop, len(values)) * values.itemsize - begins
    first = -(-first // mmap.PAGESIZE) * mmap.PAGESIZE  # whole pages inside the range only
    last = last // mmap.PAGESIZE * mmap.PAGESIZE
    if 0 <= first < last <= len(mapping):
        mapping.madvise(advice, first, last - first)


def release_whole(*columns: np.ndarray) -> None:
    """`release_pages` over the whole of each column (any shape, read as one row of values)."""
    for values in columns:
        flat = values.reshape(-1) if values.flags.c_contiguous else values
        release_pages(flat, 0, len(flat))


READ_ROWS = 1 << 22
"""Values a check reads at once (32 MB of int64)."""


def read_in_blocks(values: np.ndarray, overlap: int = 0) -> Iterator[np.ndarray]:
    """`values` READ_ROWS at a time (each block `overlap` values longer, into the next), the
    mapped pages of each let go once it is read (release_pages): a check of every article's
    columns does not keep them in this process's memory (60 MB at 1.1 million articles)."""
    length = len(values)
    for start in range(0, length, READ_ROWS):
        stop = min(start + READ_ROWS, length)
        yield values[start : min(stop + overlap, length)]
        release_pages(values, start, stop)


def leading_part_of(values: np.ndarray) -> np.ndarray:
    """The member mapped by `read_array` that `values` is the beginning of (a view of its first
    rows: a saved column's head), or an empty array."""
    base = getattr(values, "base", None)
    while (  # a view of a view (a packed column's offsets, then their head): the map they all start at
        isinstance(base, np.ndarray)
        and mapped_file(base) is None
        and isinstance(base.base, np.ndarray)
        and base.ctypes.data == values.ctypes.data
    ):
        base = base.base
    if (
        isinstance(base, np.ndarray)
        and values.ndim >= 1
        and mapped_file(base) is not None
        and base.dtype == values.dtype
        and base.flags.c_contiguous
        and values.flags.c_contiguous
        and base.shape[1:] == values.shape[1:]
        and len(values) <= len(base)
        and base.ctypes.data == values.ctypes.data
    ):
        return base
    return np.zeros(0, dtype=np.uint8)


def mapped_file(values: np.ndarray) -> tuple[Path, tuple[int, int]] | None:
    """The member file `values` was mapped from by `read_array` and its device and inode, or None."""
    filename, identity = getattr(values, "filename", None), getattr(values, "identity", None)
    return (Path(filename), identity) if isinstance(filename, str) and isinstance(identity, tuple) else None


def link_or_write(folder: Path, name: str, values: np.ndarray) -> int | None:
    """`values` as the member `name` of `folder`: linked (`linked_member`), its CRC-32 given,
    else written (None: `checksums` reads it)."""
    crc = linked_member(folder, name, values)
    if crc is None:
        write_array(folder, name, values)
    return crc


def linked_member(folder: Path, name: str, values: np.ndarray) -> int | None:
    """`values`' file hard-linked into `folder` as the member `name`, when `values` was mapped
    by `read_array` from a member of that name that is still that file (a saved folder's
    members never change): its CRC-32, from the checksums of the meta.json beside it (read
    whole when it has none). None when it was not linked: the caller writes it."""
    member, source = f"{name}.npy", mapped_file(values)
    if source is None or source[0].name != member:
        return None
    target = folder / member
    try:
        os.link(source[0], target, follow_symlinks=False)
        status = os.stat(target, follow_symlinks=False)
    except OSError:
        return None
    if (status.st_dev, status.st_ino) != source[1]:
        remove_saved(target)
        return None
    crc = _meta_checksums(source[0].parent).get(member)
    return crc if crc is not None else crc_of(target)


def write_strings(folder: Path, name: str, values: Sequence[str]) -> None:
    """A column of strings as one NUL-separated text member (JSON if a value holds a NUL)."""
    if any("\0" in value for value in values):
        data = json.dumps(list(values), ensure_ascii=False).encode("utf-8", "surrogatepass")
        write_bytes(folder, f"{name}.json", data)
    else:
        write_bytes(folder, f"{name}.txt", "\0".join(values).encode("utf-8", "surrogatepass"))


def read_strings(folder: Path, name: str, count: int) -> list[str]:
    """A column written by `write_strings`, as Python strings; raises ValueError unless it holds `count`."""
    try:
        text = read_member(folder, f"{name}.txt").decode("utf-8", "surrogatepass")
    except FileNotFoundError:
        values = json.loads(read_member(folder, f"{name}.json").decode("utf-8", "surrogatepass"))
    else:
        values = text.split("\0") if count else []
    if len(values) != count or not {str}.issuperset(map(type, values)):
        raise ValueError(f"{name}: not {count} strings")
    return list(values)
