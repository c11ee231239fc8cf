"""The files a walk of the corpus found, as columns (corpus.walk finds them): what a start
compares with the saved file table without making an object per file."""

from __future__ import annotations

import contextlib
import os
import re
import time
from array import array
from collections.abc import Callable, Iterable, Sequence
from itertools import accumulate
from pathlib import Path
from stat import S_IFDIR, S_IFLNK, S_IFREG, S_ISDIR, S_ISLNK, S_ISREG

import numpy as np

from corpus.models import LoadProblem
from corpus.packed import PackedStrings, Rows, read_packed, write_packed
from corpus.processes import usable_cores
from corpus.saved_folders import ArrayWriter, read_array, release_whole, write_array
from corpus.stat_pass import FAILED, FIELDS, HELPER_FILES, StatHelper, stat_in_two
from corpus.walk import INT64_END, STAMP_FIELDS, CorpusFile, as_int64, display_path, walk_into

__all__ = [
    "FILE_PATHS",
    "FILE_STAMPS",
    "WalkedFiles",
    "mapped_file_columns",
    "stamp_of",
    "StatAhead",
    "stat_again",
    "walk_corpus",
    "write_file_columns",
    "write_file_paths",
    "write_file_stamps",
]

FILE_PATHS = "file_paths"
FILE_STAMPS = "file_stamps"
"""The names of a file table's paths (a packed column) and stamps in a saved folder: a
generation's, and a walk's written out (WalkedFiles with `into`)."""
AHEAD_FILES = HELPER_FILES // 2
"""Saved rows from which a StatAhead starts a helper (fewer are stat'ed here, once)."""
WRITTEN_FILES = 65_536
"""A walk written out writes its columns this many files at a time (about 7 MB of them)."""


def write_file_columns(
    folder: Path,
    paths: Sequence[str],
    stamps: np.ndarray,
    *,
    paths_written: Sequence[str] | None = None,
    stamps_written: np.ndarray | None = None,
) -> None:
    """A file table's paths and stamps as members of `folder` (left as they are when they are
    those members, mapped: mapped_file_columns). `paths_written`, `stamps_written`: what
    `write_file_paths` and `write_file_stamps` wrote into `folder` before; not written again
    when they are `paths` (that very column) and equal to `stamps`."""
    if paths is not paths_written:
        write_file_paths(folder, paths)
    if stamps_written is None or not np.array_equal(stamps, stamps_written):
        write_file_stamps(folder, stamps)


def write_file_paths(folder: Path, paths: Sequence[str]) -> None:
    """A file table's paths as members of `folder` (write_file_columns writes them with the rest)."""
    write_packed(folder, FILE_PATHS, paths)


def write_file_stamps(folder: Path, stamps: np.ndarray) -> None:
    """A file table's stamps as a member of `folder` (write_file_columns writes them with the rest)."""
    write_array(folder, FILE_STAMPS, np.asarray(stamps, dtype=np.int64))


def mapped_file_columns(folder: Path, count: int) -> tuple[PackedStrings, np.ndarray]:
    """A file table's paths and stamps as written by `write_file_columns` (or a walk written out),
    memory-mapped; raises OSError or ValueError when they are not there as written."""
    stamps = np.asarray(read_array(folder, FILE_STAMPS)).reshape(-1, STAMP_FIELDS)
    return read_packed(folder, FILE_PATHS, count), stamps


def stamp_of(info: os.stat_result) -> tuple[int, int, int, int, int]:
    """A file's or folder's stamp, as saved: size, modification time, inode change time, device, inode."""
    device, inode = info.st_dev, info.st_ino
    if device >= INT64_END or inode >= INT64_END:  # rare: numbers past 2^63 wrap as int64
        device, inode = as_int64(device), as_int64(inode)
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, device, inode)


class WalkedFiles(Rows[CorpusFile]):
    """The files a walk found, as columns: paths packed as UTF-8, and size, times, device and
    inode as int64 (a CorpusFile is made only when one is asked for). A walk of 277,000 files
    as CorpusFile objects held 130 MB in every session at every start; these columns about
    a fifth of it, and the stamps compare with the saved ones in numpy."""

    __slots__ = (
        "_paths",
        "_ends",
        "_numbers",
        "_regular",
        "_table",
        "_out",
        "written_to",
        "places",
        "started_ns",
        "plain",
        "saved_rows",
    )

    def __init__(self, into: Path | None = None) -> None:
        """`into`: a folder the columns are written to as the walk goes, read back mapped when it
        ends (`finish`), so that a walk of millions of files holds a few thousand at a time."""
        self._paths = bytearray()
        self._ends = array("q")
        self._numbers = array("q")
        """STAMP_FIELDS a file: size, modification time, inode change time, device, inode."""
        self._regular = array("b")
        self.places: list[tuple[str, tuple[int, ...]]] = []
        """Each folder listed and each file given by name, with its stamp (as a file's)."""
        self.started_ns = time.time_ns()
        """When the walk began (this machine's clock)."""
        self.plain = True
        """The walk met no symbolic link and reached no file twice: every path it found is in
        its table, so a later start may take an unchanged folder's files from the table
        (corpus.storage.partial_walk)."""
        self._table: tuple[PackedStrings, np.ndarray] | None = None
        """The paths and stamps read from files instead (use_table), the walk's own let go."""
        self.saved_rows: tuple[PackedStrings, np.ndarray] | None = None
        """A saved file table's paths and each file's row in it (-1: a path it does not hold),
        where the files were taken from it (a changed folder listed again: StatAhead)."""
        self.written_to: Path | None = None
        """The folder the columns were written to (FILE_PATHS, FILE_STAMPS), once read from there."""
        self._out: tuple[Path, ArrayWriter, ArrayWriter, ArrayWriter] | None = None
        if into is not None:
            self._out = (
                into,
                ArrayWriter(into, f"{FILE_PATHS}_bytes", np.uint8),
                ArrayWriter(into, f"{FILE_PATHS}_offsets", np.int64),
                ArrayWriter(into, FILE_STAMPS, np.int64, width=STAMP_FIELDS),
            )
            self._out[2].append(np.zeros(1, dtype=np.int64))

    def _write_out(self) -> None:
        """Append the columns held to the files of `into` and let them go."""
        if self._out is None:
            return
        _, paths, offsets, stamps = self._out
        if len(self._ends):
            offsets.append(np.frombuffer(self._ends, dtype=np.int64) + paths.written)
            paths.append(np.frombuffer(self._paths, dtype=np.uint8))
            stamps.append(np.frombuffer(self._numbers, dtype=np.int64))
        self._paths, self._ends, self._numbers = bytearray(), array("q"), array("q")

    def finish(self) -> None:
        """The walk has ended: a walk written out reads its columns back, mapped. Raises OSError
        when they could not be written or read."""
        if self._out is None:
            return
        into, *writers = self._out
        try:
            self._write_out()
        finally:
            self._out = None
            for writer in writers:
                writer.close()
        try:
            self._table = mapped_file_columns(into, writers[1].written - 1)
        except ValueError as error:
            raise OSError(f"a walk written out does not read back: {error}") from error
        self.written_to = into
        self.let_go()

    def add(self, path: str, info: os.stat_result) -> None:
        paths = self._paths
        paths += path.encode("utf-8", "surrogatepass")
        self._ends.append(len(paths))
        device, inode = info.st_dev, info.st_ino  # stamp_of, written out: a call a file costs
        if device >= INT64_END or inode >= INT64_END:
            device, inode = as_int64(device), as_int64(inode)
        self._numbers.extend((info.st_size, info.st_mtime_ns, info.st_ctime_ns, device, inode))
        self._regular.append(S_ISREG(info.st_mode))
        if self._out is not None and len(self._ends) >= WRITTEN_FILES:
            self._write_out()

    def add_rows(self, paths: bytes, ends: Sequence[int], rows: array[int]) -> None:
        """Regular files stat'ed together, as `add` takes them one by one (corpus.walk.Found)."""
        start = len(self._paths)
        self._paths += paths
        self._ends.extend(start + end for end in ends[1:])
        self._numbers.frombytes(np.frombuffer(rows, dtype=np.int64).reshape(-1, FIELDS)[:, :STAMP_FIELDS].tobytes())
        self._regular.frombytes(b"\x01" * (len(ends) - 1))
        if self._out is not None and len(self._ends) >= WRITTEN_FILES:
            self._write_out()

    def add_place(self, path: str, info: os.stat_result) -> None:
        self.places.append((path, stamp_of(info)))

    def __len__(self) -> int:
        """The files found (of a walk being written out, those it holds: it is asked after `finish`)."""
        return len(self._ends) if self._table is None else len(self._table[1])

    def _path_bytes(self, index: int) -> bytearray:
        return self._paths[self._ends[index - 1] if index else 0 : self._ends[index]]

    def row(self, index: int) -> CorpusFile:
        if self._table is not None:
            paths, stamps = self._table
            path = paths.row(index)
            size, mtime, ctime, device, inode = stamps[index].tolist()
        else:
            path = self._path_bytes(index).decode("utf-8", "surrogatepass")
            first = STAMP_FIELDS * index
            size, mtime, ctime, device, inode = self._numbers[first : first + STAMP_FIELDS]
        return CorpusFile(path, size, mtime, ctime, bool(self._regular[index]), (device, inode))

    def use_table(self, paths: PackedStrings, stamps: np.ndarray) -> None:
        """Read the paths and stamps from `paths` and `stamps` (the same, written to files and
        mapped: corpus.storage.spill) and let the walk's own columns go: a first build of 1.1
        million files does not hold them (122 MB) while it reads the files."""
        if len(paths) != len(self) or stamps.shape != (len(self), STAMP_FIELDS):
            raise ValueError("a file table of other files than the walk's")
        self._table = (paths, stamps)
        self._paths, self._ends, self._numbers = bytearray(), array("q"), array("q")

    def let_go(self) -> None:
        """Take the pages of a table read from files (use_table) out of this process's memory:
        read again, they are mapped again from the page cache."""
        if self._table is not None:
            paths, stamps = self._table
            release_whole(paths.data, paths.offsets, stamps)

    @property
    def paths(self) -> PackedStrings:
        """The paths as a packed column over the walk's own bytes (no more files are added after a walk)."""
        if self._table is not None:
            return self._table[0]
        offsets = np.zeros(len(self) + 1, dtype=np.int64)
        offsets[1:] = np.frombuffer(self._ends, dtype=np.int64) if len(self) else []
        return PackedStrings(np.frombuffer(self._paths, dtype=np.uint8), offsets)

    def same_paths(self, known: PackedStrings) -> bool:
        """Whether `known` holds the walk's paths in its order (compared as bytes, in place)."""
        if len(known) != len(self):
            return False
        if self._table is not None:
            mine = self._table[0]
            if mine is known:  # the table's own paths, stat'ed again (stat_again)
                return True
            return bool(np.array_equal(mine.offsets, known.offsets) and np.array_equal(mine.data, known.data))
        ends = np.frombuffer(self._ends, dtype=np.int64) if len(self) else np.zeros(0, dtype=np.int64)
        return bool(np.array_equal(ends, known.offsets[1:])) and self._paths == known.data.data

    @property
    def stamps(self) -> np.ndarray:
        """int64, one row a file: size, modification time, inode change time, device, inode."""
        if self._table is not None:
            return self._table[1]
        if not len(self):
            return np.zeros((0, STAMP_FIELDS), dtype=np.int64)
        return np.frombuffer(self._numbers, dtype=np.int64).reshape(-1, STAMP_FIELDS)

    def total_size(self) -> int:
        size = int(self.stamps[:, 0].sum())
        self.let_go()
        return size

    def keeping(self, keep: np.ndarray) -> WalkedFiles:
        """The files flagged in `keep`, in order."""
        kept = WalkedFiles()
        kept.places, kept.started_ns, kept.plain = self.places, self.started_ns, self.plain
        if self.saved_rows is not None:
            kept.saved_rows = (self.saved_rows[0], self.saved_rows[1][np.asarray(keep, dtype=bool)])
        stamps = self.stamps
        paths = self.paths
        for index in np.flatnonzero(keep).tolist():
            kept._paths += paths.encoded(index)
            kept._ends.append(len(kept._paths))
            kept._numbers.extend(stamps[index].tolist())
            kept._regular.append(self._regular[index])
        return kept

    def first_of_each_file(self) -> WalkedFiles:
        """Each file once (by device and inode), where it was first found: a file reached again
        through a link is read once."""
        stamps = self.stamps
        device, inode = stamps[:, 3], stamps[:, 4]
        order = np.lexsort((inode, device))  # stable: a file's first place comes first
        devices, inodes = device[order], inode[order]
        repeated = (devices[1:] == devices[:-1]) & (inodes[1:] == inodes[:-1])
        del devices, inodes
        self.let_go()
        if not repeated.any():
            return self
        again = np.zeros(len(self), dtype=bool)
        again[order[1:]] = repeated
        kept = self.keeping(~again)
        kept.plain = False  # a path dropped: a later start cannot find it in the table
        return kept


def stat_again(
    paths: PackedStrings,
    problems: list[LoadProblem],
    ahead: StatAhead | None = None,
    sources: np.ndarray | None = None,
) -> WalkedFiles | None:
    """The files at `paths` (a saved file table's, in its order) as a walk that lists the same
    names finds them: each stat'ed again, one gone since named as the walk names it and left
    out. What a start looks at when no folder changed since the walk that found them
    (corpus.storage.trusted_walk): listing a folder of 1.1 million files, sorting and encoding
    its names took half of a 6 s start. Many files are stat'ed half here, half by a helper
    process (corpus.stat_pass), on both cores. None when one of them is a symbolic link: where
    it leads may have changed with no folder of the corpus (a walk looks again), or a folder
    (a file that became one: walked). With `ahead`, the saved rows it stat'ed are taken from it:
    `sources` gives each path's row in that saved table (-1: a path it does not hold)."""
    count = len(paths)
    if ahead is None:
        table = _stat_table(paths, usable_cores() >= 2)
    else:
        table = ahead.rows(paths, sources if sources is not None else np.arange(count))
    kinds = table[:, STAMP_FIELDS] & _KIND
    if bool(((kinds == S_IFLNK) | (kinds == S_IFDIR)).any()):
        return None
    found = np.ones(count, dtype=bool)
    met: list[LoadProblem] = []
    for row in np.flatnonzero(table[:, 0] == FAILED).tolist():  # rare: looked at again, to be named
        name = paths.row(row)
        try:
            info = os.lstat(name)
        except OSError as error:
            met.append(LoadProblem(display_path(name), f"cannot open: {error.strerror}"))
            found[row] = False
            continue
        if S_ISLNK(info.st_mode) or S_ISDIR(info.st_mode):
            return None
        table[row] = (*stamp_of(info), info.st_mode)
    problems.extend(met)
    again = WalkedFiles()
    regular = (table[:, STAMP_FIELDS] & _KIND) == S_IFREG
    stamps = table[:, :STAMP_FIELDS]
    if not found.all():
        kept = np.flatnonzero(found)
        paths, stamps, regular = paths.select(kept), stamps[kept], regular[kept]
    again._table = (paths, np.ascontiguousarray(stamps))
    again._regular = array("b", regular.astype(np.int8).tobytes())
    if ahead is not None and sources is not None:
        again.saved_rows = (ahead.saved, sources if found.all() else sources[found])
    return again


def _stat_table(paths: PackedStrings, two: bool) -> np.ndarray:
    """Each of `paths` stat'ed (corpus.stat_pass.stat_in_two, in two processes with `two`): a row
    of FIELDS values a path, writable."""
    return np.frombuffer(stat_in_two(len(paths), _path_runs(paths), two), dtype=np.int64).reshape(-1, FIELDS)


def _path_runs(paths: PackedStrings) -> Callable[[int, int], tuple[bytes, list[int]]]:
    """What corpus.stat_pass asks for a run of `paths`: their bytes as the system takes them,
    and each one's end."""
    data, offsets = np.asarray(paths.data), np.asarray(paths.offsets)

    def run(first: int, end: int) -> tuple[bytes, list[int]]:
        raw = data[offsets[first] : offsets[end]].tobytes()
        ends = (offsets[first : end + 1] - offsets[first]).tolist()
        if _SURROGATE.search(raw) is None:
            return raw, ends
        # A name that is not UTF-8 is kept with surrogates: stat'ed by its own bytes, never by
        # those of its UTF-8 form (another file may have them).
        names = [raw[a:b] for a, b in zip(ends[:-1], ends[1:], strict=True)]
        names = [os.fsencode(n.decode("utf-8", "surrogatepass")) if _SURROGATE.search(n) else n for n in names]
        return b"".join(names), list(accumulate(map(len, names), initial=0))

    return run


class StatAhead:
    """The last rows of a saved file table stat'ed by a helper process from now on, while this
    one does other work first (lists the folders that changed: corpus.storage.partial_walk);
    `stat_again` then stats the rest here. Nothing is stat'ed ahead with one core or a short
    table."""

    def __init__(self, saved: PackedStrings, first: int) -> None:
        """The helper started on the rows from `first` on."""
        self.saved = saved
        self.first = min(max(first, 0), len(saved))
        self._helper: StatHelper | None = None
        if len(saved) - self.first >= AHEAD_FILES and usable_cores() >= 2:
            with contextlib.suppress(OSError):
                self._helper = StatHelper(*_path_runs(saved)(self.first, len(saved)))

    def rows(self, paths: PackedStrings, sources: np.ndarray) -> np.ndarray:
        """The row of each of `paths`, whose saved row is `sources` (-1: none): from the helper
        where it stat'ed that row, else stat'ed here (the helper's too when it failed)."""
        table = np.empty((len(paths), FIELDS), dtype=np.int64)
        ahead = (sources >= self.first) if self._helper is not None else np.zeros(len(paths), dtype=bool)
        self._stat_here(paths, np.flatnonzero(~ahead), table)
        theirs = self._helper.rows() if self._helper is not None else None
        self.stop()
        if theirs is None:
            self._stat_here(paths, np.flatnonzero(ahead), table)
        else:
            table[ahead] = np.frombuffer(theirs, dtype=np.int64).reshape(-1, FIELDS)[sources[ahead] - self.first]
        return table

    def _stat_here(self, paths: PackedStrings, rows: np.ndarray, table: np.ndarray) -> None:
        """Stat `paths` at `rows` here, into those rows of `table` (in two when no helper ran)."""
        if not len(rows):
            return
        own = paths if len(rows) == len(paths) else paths.select(rows)
        table[rows] = _stat_table(own, self._helper is None and usable_cores() >= 2)

    def stop(self) -> None:
        """End the helper (done, or no longer wanted)."""
        if self._helper is not None:
            self._helper.stop()
            self._helper = None


_KIND = 0o170000
"""The bits of a mode that say what kind of file it is (stat.S_IFMT's mask)."""
_SURROGATE = re.compile(rb"\xed[\xa0-\xbf]")
"""A surrogate in UTF-8 with surrogatepass: a byte of a name that was not UTF-8."""


def walk_corpus(
    paths: Iterable[str | os.PathLike[str]],
    problems: list[LoadProblem],
    *,
    follow_links: bool = False,
    skip: Iterable[str | os.PathLike[str]] = (),
    resolved: bool = False,
    into: Path | None = None,
) -> WalkedFiles:
    """Every article file under `paths` (see corpus.walk.walk_into), each once where it was
    first found, as columns; with `into` (an empty folder), written there as the walk goes and
    read back mapped (a first build's: its memory does not grow with the files), or held here
    when they cannot be written there (that folder is then left as it is, for its owner to drop)."""
    before = len(problems)
    try:
        found = WalkedFiles(into)
        found.plain = not walk_into(found, paths, problems, follow_links=follow_links, skip=skip, resolved=resolved)
        found.finish()
    except OSError:
        if into is None:
            raise
        del problems[before:]  # named again by the walk held here
        return walk_corpus(paths, problems, follow_links=follow_links, skip=skip, resolved=resolved)
    return found.first_of_each_file()
