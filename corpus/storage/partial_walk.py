"""A start after a change that lists only the folders that changed.

The recorded walk (corpus.storage.trusted_walk) stamped every folder it listed. When some of
them changed since (a file added, removed or renamed in them), only those are listed again:
the saved file table gives the names of every other folder, and a new folder found in a
changed one is walked. Every file is still stat'ed (a file rewritten in place changes no
folder): the table's last rows by a helper process from the start (corpus.walked.StatAhead),
while this one lists the changed folders, then the rest here. The files come out as the walk
would find them, in its order: a folder's entries in name order, depth first, which is the
order of the paths with their separators read as the lowest byte.

Only where that is sure: one corpus folder, links not followed, a recorded walk that met no
problem, no symbolic link in a folder listed or a folder walked, no changed folder reached
through a link, no file that became a folder, and at most NEW_FILES new files. Anything else
is walked in full. A folder of 1.1 million files with one added was taken in 3.1-3.3 s this
way, where its walk took 4.1-4.8 s.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import compress, filterfalse
from stat import S_ISDIR, S_ISREG

import numpy as np

from corpus.models import LoadProblem
from corpus.packed import PackedStrings
from corpus.walk import RECORD_SUFFIXES, TEXT_SUFFIXES, identities, inside, path_from, walk_folder
from corpus.walked import StatAhead, WalkedFiles, stamp_of, stat_again

__all__ = ["LISTING_COST", "NEW_FILES", "files_by_listing_changed", "same_stamp"]

NEW_FILES = 100_000
"""New files past which the folders are walked in full (each new file is placed by a search)."""
LISTING_COST = 0.5
"""What listing a changed folder and comparing its names with the table's costs a name, as a
share of a stat: the helper that stats the table meanwhile takes that much more of it. Chosen
by measurement on one folder of 1.1 million files with one added (0.3, 0.4, 0.5 and 0.75 tried:
3.1-3.4 s, the least at 0.5)."""
_SEP = os.sep.encode()
_SUFFIXES = tuple(suffix.encode() for suffix in (*TEXT_SUFFIXES, *RECORD_SUFFIXES))
_TEXT = b".txt"


@dataclass(slots=True)
class _Listed:
    """A changed folder's visible entries with an article's name (their bytes, as the system
    gives them: files but for a few, told apart once stat'ed) and folders (their names)."""

    files: list[bytes] = field(default_factory=list)
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
    keys = _Keys(paths)
    ahead = StatAhead(paths, (len(paths) - int(LISTING_COST * _listed_rows(keys, places, changed))) // 2)
    try:
        return _listed_again(root, places, now, skip, keys, changed, ahead, problems)
    finally:
        ahead.stop()


def _listed_rows(keys: _Keys, places: list[tuple[str, tuple[int, ...]]], changed: set[str]) -> int:
    """About how many saved files lie right in the changed folders (listed again): each one's
    files less those of the folders recorded in it, two searches a folder."""
    inner: dict[str | None, list[str]] = {}
    for path, _ in places:
        inner.setdefault(_parent(path), []).append(path)

    def count(folder: str) -> int:
        first, end = keys.subtree(folder)
        return end - first

    return sum(max(count(path) - sum(map(count, inner.get(path, []))), 0) for path in changed)


def _listed_again(
    root: str,
    places: list[tuple[str, tuple[int, ...]]],
    now: dict[str, os.stat_result | None],
    skip: Iterable[str | os.PathLike[str]],
    keys: _Keys,
    changed: set[str],
    ahead: StatAhead,
    problems: list[LoadProblem],
) -> WalkedFiles | None:
    """files_by_listing_changed's work, the saved table's last rows stat'ed `ahead` meanwhile."""
    paths = keys.paths
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
    direct = {path: keys.direct(path) for path in listed if path in known}
    for path in gone:
        first, end = keys.subtree(path)
        keep[first:end] = False
    new_paths: list[str] = []
    for path, rows in direct.items():
        found = listed[path]
        # A name that is not UTF-8 is stored otherwise: gone, and new.
        dropped, new = _compared(found.files, keys.names(rows, path))
        keep[rows[dropped]] = False
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
                return None  # checked after each new folder: a large import is not walked twice over
    if len(new_paths) + len(walked) > NEW_FILES:
        return None
    new_paths.extend(walked.paths)
    placed, sources = _placed(paths, keep, new_paths, keys)
    files = stat_again(placed, problems, ahead, sources)
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
    names alone (a million: 0.5 s, where entries with their kinds took 1.5 s), those ending in
    .txt told apart in numpy; an entry without an article's name is stat'ed to tell a folder."""
    found = _Listed()
    prefix = inside(folder)
    try:
        names = os.listdir(os.fsencode(folder))  # as bytes: none decoded
    except OSError:
        return None
    plain = _plain_text_names(names)
    found.files.extend(compress(names, plain.tolist()))
    for name in compress(names, (~plain).tolist()):
        if name[:1] == b".":
            continue
        if name.lower().endswith(_SUFFIXES):
            found.files.append(name)
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


def _plain_text_names(names: list[bytes]) -> np.ndarray:
    """Which names end in .txt and are not hidden (most of an archive's, told in numpy: a loop
    over a million names took 0.5 s)."""
    lengths = np.fromiter(map(len, names), dtype=np.int64, count=len(names))
    ends = np.cumsum(lengths) + len(_TEXT)  # after as many bytes of padding: every read below is inside
    joined = np.frombuffer(b"\0" * len(_TEXT) + b"".join(names) + b"\0", dtype=np.uint8)
    plain: np.ndarray = (lengths > len(_TEXT)) & (joined[ends - lengths] != ord("."))
    for back, byte in enumerate(reversed(_TEXT), start=1):
        plain &= joined[ends - back] == byte
    return plain


def _compared(listed: list[bytes], saved: list[bytes]) -> tuple[np.ndarray, set[bytes]]:
    """Which of a folder's saved names are gone from its listing (a mask), and the listing's new
    names. One set is made, of the saved names, and each listed name looked up in it (a million
    names: 0.4 s, where a set of each took 0.5 s); where some are gone, the listed names are
    taken out of it, which leaves those."""
    ours = set(saved)
    new = set(filterfalse(ours.__contains__, listed))
    if len(listed) - len(new) == len(ours) == len(saved):  # every saved name listed still
        return np.zeros(len(saved), dtype=bool), new
    ours.difference_update(listed)
    return np.fromiter(map(ours.__contains__, saved), dtype=bool, count=len(saved)), new


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
        region = self.data[int(self.offsets[first]) : int(self.offsets[end])]
        if np.count_nonzero(region == _SEP[0]) == (end - first) * _prefix(folder).count(_SEP):
            return np.arange(first, end, dtype=np.int64)  # no path has a separator more: none deeper
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
        if int(rows[-1]) - int(rows[0]) + 1 == len(rows):  # one run of rows: its paths split at the folder's
            names = self.data[int(starts[0]) - skip : int(ends[-1])].tobytes().split(_prefix(folder))
            lengths = np.fromiter(map(len, names), dtype=np.int64, count=len(names))
            if len(names) == len(rows) + 1 and not names[0] and np.array_equal(lengths[1:], ends - starts):
                return names[1:]
        begin = int(starts[0])
        raw = self.data[begin : int(ends[-1])].tobytes()
        return [raw[start:end] for start, end in zip((starts - begin).tolist(), (ends - begin).tolist(), strict=True)]

    @staticmethod
    def _skip(folder: str) -> int:
        """The bytes of a path in `folder` before a name's."""
        return len(_key(folder).rstrip(b"\x00")) + 1


def _prefix(folder: str) -> bytes:
    """What a path in `folder` begins with, as the table stores it."""
    return _key(folder).rstrip(b"\x00").replace(b"\x00", _SEP) + _SEP


def _placed(
    paths: PackedStrings, keep: np.ndarray, new_paths: Sequence[str], keys: _Keys
) -> tuple[PackedStrings, np.ndarray]:
    """The kept rows of `paths` with `new_paths` put where the walk finds them, and the row of
    `paths` each one is (-1: a path it does not hold)."""
    kept = np.flatnonzero(keep)
    if not new_paths:
        return (paths, kept) if len(kept) == len(paths) else (paths.select(kept), kept)
    new = sorted(new_paths, key=_key)
    new_keys = [_key(path) for path in new]
    at = np.array([keys.search(key) for key in new_keys], dtype=np.int64)
    # a new path the table holds still (a folder gone and made again): that row, as a lookup by path gives
    held = np.array(
        [
            row if row < len(paths) and keys.key(row) == key else -1
            for row, key in zip(at.tolist(), new_keys, strict=True)
        ],
        dtype=np.int64,
    )
    added = PackedStrings.of(new)
    if len(kept) == len(paths):  # only added: the saved paths copied a run at a time between them
        return _inserted(paths, at, added), np.insert(kept, at, held)
    joined = PackedStrings(
        np.concatenate([np.asarray(paths.data, dtype=np.uint8), np.asarray(added.data, dtype=np.uint8)]),
        np.concatenate([np.asarray(paths.offsets[:-1], dtype=np.int64), np.asarray(added.offsets) + len(paths.data)]),
    )
    order = np.insert(kept, np.searchsorted(kept, at), len(paths) + np.arange(len(new)))
    return joined.select(order), np.where(order < len(paths), order, held[np.maximum(order - len(paths), 0)])


def _inserted(paths: PackedStrings, at: np.ndarray, added: PackedStrings) -> PackedStrings:
    """`paths` with `added`'s put before the rows `at` (ascending; their number for the end)."""
    data, offsets = np.asarray(paths.data, dtype=np.uint8), np.asarray(paths.offsets, dtype=np.int64)
    new_data, new_offsets = np.asarray(added.data, dtype=np.uint8), np.asarray(added.offsets, dtype=np.int64)
    pieces, before = [], 0
    for number, row in enumerate(at.tolist()):
        pieces += [data[offsets[before] : offsets[row]], new_data[new_offsets[number] : new_offsets[number + 1]]]
        before = row
    pieces.append(data[offsets[before] : offsets[-1]])
    lengths = np.insert(np.diff(offsets), at, np.diff(new_offsets))
    return PackedStrings(np.concatenate(pieces), np.concatenate([[0], np.cumsum(lengths)]))
