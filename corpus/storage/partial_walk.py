"""A start after a change that lists only the folders that changed.

The recorded walk (corpus.storage.trusted_walk) stamped every folder it listed. When some of
them changed since (a file added, removed or renamed in them), only those are listed again:
the saved file table gives the names of every other folder, and a new folder found in a
changed one is walked. Every file is still stat'ed (a file rewritten in place changes no
folder), half by a helper process (corpus.walked.stat_again). The files come out as the walk
would find them, in its order: a folder's entries in name order, depth first, which is the
order of the paths with their separators read as the lowest byte.

Only where that is sure: one corpus folder, links not followed, a recorded walk that met no
problem, no symbolic link in a folder listed or a folder walked, no changed folder reached
through a link, no file that became a folder, and at most NEW_FILES new files. Anything else
is walked in full, and so is a change where most files lie under the folders that changed
(LISTED_SHARE), where the walk costs no more.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from stat import S_ISDIR, S_ISREG

import numpy as np

from corpus.models import LoadProblem
from corpus.packed import PackedStrings
from corpus.walk import RECORD_SUFFIXES, TEXT_SUFFIXES, identities, inside, path_from, walk_folder
from corpus.walked import WalkedFiles, stamp_of, stat_again

__all__ = ["LISTED_SHARE", "NEW_FILES", "files_by_listing_changed", "same_stamp"]

NEW_FILES = 100_000
"""New files past which the folders are walked in full (each new file is placed by a search)."""
LISTED_SHARE = 0.5
"""Past this share of the files under the folders that changed, the folders are walked in full:
comparing a listing with the table's names cost more than sorting it (one folder of 1.1 million
files: 5.5 s against the walk's 4.7 s)."""
_SEP = os.sep.encode()
_SUFFIXES = tuple(suffix.encode() for suffix in (*TEXT_SUFFIXES, *RECORD_SUFFIXES))


@dataclass(slots=True)
class _Listed:
    """A changed folder's visible entries with an article's name (their bytes, as the system
    gives them: files but for a few, told apart once stat'ed) and folders (their names)."""

    files: set[bytes] = field(default_factory=set)
    folders: list[str] = field(default_factory=list)


def files_by_listing_changed(
    root: str,
    places: list[tuple[str, tuple[int, ...]]],
    now: dict[str, os.stat_result | None],
    skip: Iterable[str | os.PathLike[str]],
    paths: PackedStrings,
    problems: list[LoadProblem],
) -> WalkedFiles | None:
    """The files under the corpus folder `root` as a walk finds them now, where the recorded
    walk listed `places` (folders, with their stamps then; `now`: each one's stat now, None
    when gone) and found `paths` (its file table, in the walk's order): the changed folders
    listed again, the others' files taken from `paths`, every file stat'ed. Problems met are
    added to `problems`. None when the folders must be walked in full."""
    if not places or places[0][0] != root or any(path_from(path, root) is None for path, _ in places):
        return None
    changed = {path for path, stamp in places if not same_stamp(now[path], stamp)}
    listed: dict[str, _Listed] = {}
    for path in changed:
        info = now[path]
        if info is None or not S_ISDIR(info.st_mode):
            continue
        if os.path.realpath(path) != path:
            return None  # reached through a link: where it leads is the full walk's to judge
        found = _listing(path)
        if found is None:
            return None
        listed[path] = found
    reachable = _reachable(places, now, changed, listed)
    if reachable is None:
        return None
    known = set(reachable)
    gone = [path for path, _ in places if path not in known]
    keep = np.ones(len(paths), dtype=bool)
    keys = _Keys(paths)
    direct = {path: keys.direct(path) for path in listed if path in known}
    if sum(len(rows) for rows in direct.values()) > LISTED_SHARE * len(paths):
        return None  # most files in folders listed again: the full walk costs no more
    for path in gone:
        first, end = keys.subtree(path)
        keep[first:end] = False
    new_paths: list[str] = []
    for path, rows in direct.items():
        found = listed[path]
        names = keys.names(rows, path)  # a name not UTF-8 is stored otherwise: gone, and new
        keep[rows[~np.fromiter(map(found.files.__contains__, names), dtype=bool, count=len(names))]] = False
        new = found.files.difference(names)
        del names
        for name in sorted(new):  # a new name: a file, or a folder with an article's name
            inner = inside(path) + os.fsdecode(name)
            try:
                info = os.lstat(inner)
            except OSError:
                return None
            if S_ISDIR(info.st_mode):
                found.folders.append(os.fsdecode(name))
            elif S_ISREG(info.st_mode):
                new_paths.append(inner)
            else:
                return None  # a link, a pipe: the full walk's to judge and name
    walked = WalkedFiles()
    skipped = identities(skip)
    for path, found in listed.items():
        if path not in known:
            continue
        for folder_name in found.folders:
            inner = inside(path) + folder_name
            if inner in known:
                continue
            try:
                info = os.stat(inner)
            except OSError:
                return None
            if (info.st_dev, info.st_ino) in skipped:
                continue
            met: list[LoadProblem] = []
            if not walk_folder(walked, inner, info, root, skipped, met) or met:
                return None  # a link met, or a folder that cannot be listed: named by the full walk
    if len(new_paths) + len(walked) > NEW_FILES:
        return None
    new_paths.extend(walked.paths)
    files = stat_again(_placed(paths, keep, new_paths, keys), problems)
    if files is None:
        return None
    files = files.first_of_each_file()  # a file reached twice (linked again in a new folder): once
    new_places: list[tuple[str, tuple[int, ...]]] = [(path, stamp_of(now[path])) for path in reachable]  # type: ignore[arg-type]
    new_places.extend(walked.places)
    new_places.sort(key=lambda place: _key(place[0]))
    files.places = new_places
    return files


def same_stamp(info: os.stat_result | None, stamp: tuple[int, ...]) -> bool:
    """Whether a place stat'ed as `info` (None: gone) still has the stamp recorded for it."""
    return info is not None and stamp_of(info) == stamp


def _parent(path: str) -> str | None:
    """The folder holding `path` (None for a path without one)."""
    at = path.rfind(os.sep)
    if at < 0:
        return None
    return path[:at] or os.sep


def _listing(folder: str) -> _Listed | None:
    """The visible entries of a changed folder with an article's name, and its folders; None
    when it cannot be listed or holds a link or a pipe without one: walked in full. Listed as
    names alone (a million: 0.5 s, where entries with their kinds took 1.5 s); an entry without
    an article's name is stat'ed to tell a folder."""
    found = _Listed()
    prefix = inside(folder)
    try:
        names = os.listdir(os.fsencode(folder))  # as bytes: none decoded
    except OSError:
        return None
    for name in names:
        if name[:1] == b".":
            continue
        if name.endswith(b".txt") or name.lower().endswith(_SUFFIXES):
            found.files.add(name)
            continue
        try:
            info = os.lstat(prefix + os.fsdecode(name))
        except OSError:
            return None
        if S_ISDIR(info.st_mode):
            found.folders.append(os.fsdecode(name))
        elif not S_ISREG(info.st_mode):
            return None
    return found


def _reachable(
    places: list[tuple[str, tuple[int, ...]]],
    now: dict[str, os.stat_result | None],
    changed: set[str],
    listed: dict[str, _Listed],
) -> list[str] | None:
    """The recorded folders a walk reaches now, parents first: the corpus folder, and each folder
    whose parent is reached and either unchanged or still lists it. None when one that an
    unchanged folder holds is gone (changed under the walk: walked in full)."""
    root = places[0][0]
    info = now[root]
    if info is None or not S_ISDIR(info.st_mode):
        return None
    reached = {root}
    order = [root]
    for path, _ in sorted(places[1:], key=lambda place: _key(place[0])):
        parent = _parent(path)
        if parent not in reached:
            continue
        info = now[path]
        if parent in changed:
            if path[len(inside(parent)) :] not in listed[parent].folders:
                continue
        if info is None or not S_ISDIR(info.st_mode):
            return None
        reached.add(path)
        order.append(path)
    return order


def _key(path: str) -> bytes:
    """A path's place in the walk's order: its bytes, each separator the lowest byte (a folder's
    files and folders by name, a folder's own entries right after its name)."""
    return path.encode("utf-8", "surrogatepass").replace(_SEP, b"\x00")


class _Keys:
    """The saved table's paths searched in the walk's order (their keys rise row by row)."""

    def __init__(self, paths: PackedStrings) -> None:
        self.paths = paths
        self.data = np.asarray(paths.data, dtype=np.uint8)
        self.offsets = np.asarray(paths.offsets, dtype=np.int64)

    def key(self, row: int) -> bytes:
        return self.paths.encoded(row).replace(_SEP, b"\x00")

    def search(self, key: bytes) -> int:
        """The first row whose key is not below `key`."""
        return bisect.bisect_left(range(len(self.paths)), key, key=self.key)

    def subtree(self, folder: str) -> tuple[int, int]:
        """The rows under `folder`, at any depth: first and end."""
        prefix = _key(folder).rstrip(b"\x00") + b"\x00"
        return self.search(prefix), self.search(prefix[:-1] + b"\x01")

    def direct(self, folder: str) -> np.ndarray:
        """The rows of the files right in `folder` (not in a folder under it)."""
        first, end = self.subtree(folder)
        if first == end:
            return np.zeros(0, dtype=np.int64)
        starts = self.offsets[first:end] + self._skip(folder)
        ends = self.offsets[first + 1 : end + 1]
        begin = int(starts[0])
        slashes = begin + np.flatnonzero(self.data[begin : int(ends[-1])] == _SEP[0])
        deeper = np.searchsorted(slashes, ends) - np.searchsorted(slashes, starts)
        return first + np.flatnonzero(deeper == 0)

    def names(self, rows: np.ndarray, folder: str) -> list[bytes]:
        """The names of the files at `rows`, right in `folder` (as stored: UTF-8, a name that is
        not kept with surrogates)."""
        if not len(rows):
            return []
        skip = self._skip(folder)
        starts, ends = self.offsets[rows] + skip, self.offsets[rows + 1]
        begin = int(starts[0])
        raw = self.data[begin : int(ends[-1])].tobytes()
        return [raw[start:end] for start, end in zip((starts - begin).tolist(), (ends - begin).tolist(), strict=True)]

    @staticmethod
    def _skip(folder: str) -> int:
        """The bytes of a path in `folder` before a name's."""
        return len(_key(folder).rstrip(b"\x00")) + 1


def _placed(paths: PackedStrings, keep: np.ndarray, new_paths: Sequence[str], keys: _Keys) -> PackedStrings:
    """The kept rows of `paths` with `new_paths` put where the walk finds them."""
    if not new_paths:
        return paths if bool(keep.all()) else paths.select(np.flatnonzero(keep))
    new = sorted(new_paths, key=_key)
    at = np.array([keys.search(_key(path)) for path in new], dtype=np.int64)
    added = PackedStrings.of(new)
    joined = PackedStrings(
        np.concatenate([np.asarray(paths.data, dtype=np.uint8), np.asarray(added.data, dtype=np.uint8)]),
        np.concatenate([np.asarray(paths.offsets[:-1], dtype=np.int64), np.asarray(added.offsets) + len(paths.data)]),
    )
    kept = np.flatnonzero(keep)
    order = np.insert(kept, np.searchsorted(kept, at), len(paths) + np.arange(len(new)))
    return joined.select(order)
