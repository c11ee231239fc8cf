"""Finding a corpus's files: folders walked (links followed only inside the corpus when asked,
every folder once, unreadable ones named), each regular .txt, .md, .jsonl or .json file with its
identity (size, times, device, inode); never reads a file's contents."""

from __future__ import annotations

import os
from array import array
from collections.abc import Iterable, Sequence
from itertools import accumulate
from pathlib import Path
from stat import S_IFREG, S_ISDIR
from typing import NamedTuple, Protocol

from corpus.models import LoadProblem
from corpus.processes import usable_cores
from corpus.stat_pass import FIELDS, HELPER_FILES, stat_in_two

__all__ = [
    "CorpusFile",
    "RECORD_SUFFIXES",
    "TEXT_SUFFIXES",
    "corpus_roots",
    "default_corpus_path",
    "display_path",
    "walk_into",
    "Found",
    "STAMP_FIELDS",
    "is_under",
    "corpus_holding",
    "LINK_OUT",
    "path_from",
    "inside",
    "walk_folder",
    "identities",
]

TEXT_SUFFIXES = frozenset({".txt", ".md"})
RECORD_SUFFIXES = frozenset({".jsonl", ".json"})


def display_path(path: str | os.PathLike[str]) -> str:
    """A path as text that can always be printed: undecodable bytes in file names become �."""
    text = os.fspath(path)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", errors="replace")


def default_corpus_path() -> Path:
    """The bundled seed articles: inside the installed package, or beside it in a checkout."""
    packaged = Path(__file__).with_name("seeds")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "seeds"


class CorpusFile(NamedTuple):
    """A file found under the corpus paths, with what `stat` said of it (a named tuple: one is
    made for every file on every start)."""

    path: str
    size: int
    mtime_ns: int
    ctime_ns: int
    """The inode change time: a rewrite that restores the modification time still changes it."""
    regular: bool
    identity: tuple[int, int]
    """(device, inode): the same file reached twice, through a link, is read once."""


class Found(Protocol):
    """Where a walk puts the files it finds, and the places it looked in."""

    def add(self, path: str, info: os.stat_result) -> None: ...

    def add_rows(self, paths: bytes, ends: Sequence[int], rows: array[int]) -> None:
        """Regular files stat'ed together: the paths `paths[ends[i]:ends[i + 1]]` (UTF-8), each
        with its row of `rows` (corpus.stat_pass.stat_rows), in order (as many `add`s)."""

    def add_place(self, path: str, info: os.stat_result) -> None:
        """A folder listed, or a file given by name: while each is as `stat` said here, no file
        was added, removed or renamed in it (corpus.storage.trusted_walk)."""


LINK_OUT = "a link out of the corpus"
"""How a walk names a symbolic link it does not follow out of the corpus folders."""
STAMP_FIELDS = 5
"""size, modification time, inode change time, device, inode: a file whose stamp is unchanged is unchanged."""
INT64_END = 1 << 63
RUN_FILES = 2048
"""Files stat'ed and added together in a run of a folder's files stat'ed here alone."""
WALK_BLOCK = 1 << 18
"""Files stat'ed and added together, half by a helper process, in a run of HELPER_FILES or more."""
_KIND = 0o170000
"""The bits of a mode that say what kind of file it is (stat.S_IFMT's mask)."""


def as_int64(value: int) -> int:
    """A device or inode number as int64 (the saved stamps' type): numbers past 2^63 wrap."""
    return value - (1 << 64) if value >= INT64_END else value


def walk_into(
    found: Found,
    paths: Iterable[str | os.PathLike[str]],
    problems: list[LoadProblem],
    *,
    follow_links: bool = False,
    skip: Iterable[str | os.PathLike[str]] = (),
    resolved: bool = False,
) -> bool:
    """Add every article file under `paths` to `found`, in a stable order (a file reached twice,
    through a link, is added twice: the caller keeps its first place); folders are searched
    recursively, at any depth (the walk keeps its own stack).

    Hidden entries are skipped, and so are the folders in `skip` (Akhbar's own cache).
    Symbolic links are followed while they stay inside the given folders; one that leads out
    of them is named and skipped unless `follow_links` (as ripgrep's -L). A folder reached
    twice is walked once, so link loops are cut. Files given by name are read whatever their
    suffix.

    `resolved` says the paths were resolved when the archive was opened (corpus_roots): a path
    that leads elsewhere now (a link put in a folder's place) is a link out, refused likewise.
    Returns whether a symbolic link was met in a folder (followed or refused).
    """
    given = [os.fspath(p) for p in paths]
    roots = [p if resolved else os.path.realpath(p) for p in given if os.path.isdir(p)]
    walk = _Walk(problems, roots, identities(skip), follow_links, found)
    for path in given:
        target = None if follow_links or not resolved else _link_out(os.path.realpath(path), path, roots)
        if target is not None:
            problems.append(LoadProblem(display_path(path), _link_out_reason(target)))
            continue
        try:
            info = os.stat(path)
        except OSError as error:
            reason = "no such file or folder" if not os.path.lexists(path) else f"cannot open: {error.strerror}"
            problems.append(LoadProblem(display_path(path), reason))
            continue
        if S_ISDIR(info.st_mode):
            walk.folder(path, info)
        else:
            found.add_place(path, info)
            found.add(path, info)
    return walk.met_links


def walk_folder(
    found: Found,
    folder: str,
    info: os.stat_result,
    root: str,
    skipped: set[tuple[int, int]],
    problems: list[LoadProblem],
) -> bool:
    """Add the article files under `folder` (of the corpus folder `root`, stat'ed as `info`) as
    `walk_into` does, links not followed out of `root`; False when a symbolic link was met."""
    walk = _Walk(problems, [root], skipped, False, found)
    walk.folder(folder, info)
    return not walk.met_links


def identities(folders: Iterable[str | os.PathLike[str]]) -> set[tuple[int, int]]:
    """(device, inode) of each folder that exists: a folder is known by it however it is reached."""
    found = set()
    for folder in folders:
        try:
            info = os.stat(folder)
        except OSError:
            continue
        found.add((info.st_dev, info.st_ino))
    return found


def _inside(path: str, roots: Sequence[str]) -> bool:
    return any(is_under(path, root) for root in roots)


def corpus_holding(path: str | os.PathLike[str], paths: Sequence[str]) -> str | None:
    """The corpus path (a folder) that `path` is, or is inside of, links resolved (nothing is
    walked), if any: where the cache or the data folder must not be."""
    real = os.path.realpath(path)
    for corpus in paths:
        root = os.path.realpath(corpus)
        if os.path.isdir(root) and is_under(real, root):
            return corpus
    return None


def is_under(path: str, root: str) -> bool:
    """`path` is `root` or lies under it (as written: resolve both first to follow links)."""
    return path_from(path, root) is not None


def path_from(path: str, root: str) -> str | None:
    """`path` from `root` when it lies under it ("" when it is `root`), else None."""
    bare = root.rstrip(os.sep)  # "/" becomes "", under which every absolute path lies
    if path in (root, bare):
        return ""
    return path[len(bare) + 1 :] if path.startswith(bare + os.sep) else None


def _link_out(target: str, path: str, roots: Sequence[str]) -> str | None:
    """`target` (where `path` really leads) when that is outside the corpus folders, else None."""
    return None if target == path or _inside(target, roots) else target


def _link_out_reason(target: str) -> str:
    return f"{LINK_OUT} (to {display_path(target)}); --follow-links reads it"


def corpus_roots(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """The corpus paths made absolute and resolved (links, `.`, `..`, trailing slashes), each
    once: any spelling of the same folders is the same archive, with the same saved index."""
    return list(dict.fromkeys(os.path.realpath(os.fspath(path)) for path in paths))


class _Walk:
    """One walk over the corpus folders: what was seen, and where links may lead."""

    def __init__(
        self,
        problems: list[LoadProblem],
        roots: list[str],
        skipped: set[tuple[int, int]],
        follow_links: bool,
        found: Found,
    ) -> None:
        self.found = found
        self.problems = problems
        self.roots = roots
        self.skipped = skipped
        self.follow_links = follow_links
        self.seen_dirs: set[tuple[int, int]] = set()
        self.met_links = False
        """Whether a symbolic link was met (followed or refused)."""

    def _listing(self, folder: str, info: os.stat_result) -> _Listing | None:
        """The entries of a folder not walked yet; None (and a problem) if unlistable."""
        key = (info.st_dev, info.st_ino)
        if key in self.seen_dirs:
            return None
        self.seen_dirs.add(key)
        if key in self.skipped:
            return None
        self.found.add_place(folder, info)  # stamped before it is listed: a later change shows
        try:
            return _Listing(folder)
        except OSError as error:
            self.problems.append(LoadProblem(display_path(folder), f"cannot list folder: {error.strerror}"))
            return None

    def _leaves(self, path: str) -> str | None:
        """Where a symbolic link leads when that is outside the corpus folders (None: inside)."""
        if self.follow_links:
            return None
        return _link_out(os.path.realpath(path), path, self.roots)

    def folder(self, path: str, info: os.stat_result) -> None:
        """Add the article files under one folder, depth first in name order. The plain article
        files between two folders or links are stat'ed in one run, by name in their folder."""
        first = self._listing(path, info)
        stack = [first] if first is not None else []
        while stack:
            listing = stack[-1]
            run = listing.next_run()
            if run:
                self._plain_files(listing, run)
                continue
            name = listing.next_special()
            if name is None:
                stack.pop()
                continue
            entry_path = listing.prefix + name
            try:
                entry_info = os.stat(entry_path)
            except OSError as error:
                self.problems.append(LoadProblem(display_path(entry_path), f"cannot open: {error.strerror}"))
                continue
            is_folder = S_ISDIR(entry_info.st_mode)
            if not is_folder and not _is_article(name):
                continue
            if name in listing.links:
                self.met_links = True
            target = self._leaves(entry_path) if name in listing.links else None
            if target is not None:
                self.problems.append(LoadProblem(display_path(entry_path), _link_out_reason(target)))
                continue
            if is_folder:
                inner = self._listing(entry_path, entry_info)
                if inner is not None:
                    stack.append(inner)
            else:
                self.found.add(entry_path, entry_info)

    def _plain_files(self, listing: _Listing, names: list[str]) -> None:
        """Stat a run of article files that the listing says are neither links nor folders, by
        path, a block at a time: half of a block by a helper process in a run of HELPER_FILES
        or more (corpus.stat_pass: a folder of 1.1 million files on both cores). A block where
        one is no longer a plain file (gone, a link or a folder since the listing), or whose
        name is not UTF-8, is stat'ed again a file at a time."""
        two = len(names) >= HELPER_FILES and usable_cores() >= 2
        block = WALK_BLOCK if two else RUN_FILES
        for start in range(0, len(names), block):
            run = names[start : start + block]
            if not self._stat_block(listing.prefix, run, two):
                self._one_by_one(listing.prefix, run)

    def _stat_block(self, prefix: str, names: list[str], two: bool) -> bool:
        """Add the files `prefix + name` as stat'ed in one block; False (nothing added) when one
        is not a regular file now or a name is not UTF-8 (stat'ed by other bytes than stored)."""
        try:
            encoded = [(prefix + name).encode("utf-8") for name in names]
        except UnicodeEncodeError:
            return False
        ends = list(accumulate(map(len, encoded), initial=0))
        raw = b"".join(encoded)
        del encoded

        def run(first: int, end: int) -> tuple[bytes, list[int]]:
            start = ends[first]
            return raw[start : ends[end]], [at - start for at in ends[first : end + 1]]

        rows = stat_in_two(len(names), run, two)
        if not all(mode & _KIND == S_IFREG for mode in rows[FIELDS - 1 :: FIELDS]):  # a failed row's mode is -1
            return False
        self.found.add_rows(raw, ends, rows)
        return True

    def _one_by_one(self, prefix: str, names: list[str]) -> None:
        """Stat each file on its own: one that cannot be is named, one that became a folder walked."""
        for name in names:
            path = prefix + name
            try:
                info = os.stat(path)
            except OSError as error:
                self.problems.append(LoadProblem(display_path(path), f"cannot open: {error.strerror}"))
                continue
            if S_ISDIR(info.st_mode):
                self.folder(path, info)
            else:
                self.found.add(path, info)


class _Listing:
    """A folder's visible entry names in name order, split into runs of plain article files (by
    the listing: neither links nor folders) and the entries between them that may be folders
    or links, taken one after another as they are walked. Names alone are kept: a folder of
    277,000 files listed as DirEntry objects, each holding its stat, took 300 MB."""

    __slots__ = ("folder", "links", "names", "prefix", "_next", "_stops", "_stop")

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self.prefix = inside(folder)
        """What a name is joined to (as os.path.join does, without a call a file)."""
        self.links: set[str] = set()
        special: set[str] = set()
        names: list[str] = []
        with os.scandir(folder) as entries:
            for entry in entries:
                name = entry.name
                if name[0] == ".":
                    continue
                if entry.is_file(follow_symlinks=False):
                    if not name.endswith(".txt") and not _is_article(name):  # the common case first, without a call
                        continue  # known from the listing alone: no stat for a file that is no article
                elif entry.is_symlink():
                    self.links.add(name)
                    special.add(name)  # where it leads is known only by following it
                elif entry.is_dir(follow_symlinks=False):
                    special.add(name)
                elif _is_article(name):
                    special.add(name)  # a pipe or a device with an article's name: named as the walk finds it
                else:
                    continue
                names.append(name)
        names.sort()
        self.names = names
        self._stops = [i for i, name in enumerate(names) if name in special] if special else []
        self._stops.append(len(names))
        self._stop = 0
        self._next = 0

    def next_run(self) -> list[str]:
        """The plain article files from here to the next entry that may be a folder or a link."""
        end = self._stops[self._stop]
        run = self.names[self._next : end]
        self._next = end
        return run

    def next_special(self) -> str | None:
        """The entry that may be a folder or a link, after the run before it; None at the end."""
        if self._next >= len(self.names):
            return None
        name = self.names[self._next]
        self._next += 1
        self._stop += 1
        return name


def inside(folder: str) -> str:
    """What a name in `folder` is joined to (as os.path.join joins it)."""
    return folder if folder.endswith(os.sep) else folder + os.sep


def _is_article(name: str) -> bool:
    """Whether a file's name has an article's suffix (.txt, .md, .jsonl, .json, any case) after
    something (a name that is a suffix alone is hidden, and never walked)."""
    return name.lower().endswith(_SUFFIXES) and name[0] != "."


_SUFFIXES = tuple(TEXT_SUFFIXES | RECORD_SUFFIXES)
