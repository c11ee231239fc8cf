"""A start that trusts the saved file table where no folder changed.

Adding, removing or renaming a file changes its folder's modification and change times; a
file rewritten in place does not. A full walk that finds the files as a generation holds them
records the stamp of every folder it listed (and of every file given by name); a later start
whose folders all still have those stamps takes the generation's file table as it is: one
`stat` a folder instead of one a file (1.1 million files: 6 s of walking against a few
milliseconds). What it cannot see is a file rewritten in place since, or a link whose target
changed: the shell trusts only when asked (--trust-folders). The app does not need the record:
it shows the saved generation at once whatever changed, and looks at every file after
(Archive.open's check_later, then Archive.updated), taking in what changed as follow mode does.

A start that looks at every file uses the record too (files_by_record): where no folder
changed, the names are the table's, and each file is stat'ed again rather than its folder
listed (1.1 million files: 2.7 s against 6.1 s), so a file rewritten in place is still seen.
Not where a file is a symbolic link: where it leads can change with no folder of the corpus
changing (a link through a folder outside it, or a hidden one), so that start walks. Both rely
on folders' times changing with their names; on a file system whose times are whole seconds,
RACY_NS also assumes the file server's clock within 3 s of this machine's, and a start that
looks at every file then walks (a folder recorded with a time in whole seconds).
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable, Iterable, Sequence

from corpus.models import LoadProblem
from corpus.packed import PackedStrings
from corpus.safe_files import read_regular_file
from corpus.storage.generations import IndexStore, problem_of_row, problem_row
from corpus.storage.partial_walk import files_by_listing_changed, same_stamp
from corpus.walk import LINK_OUT, STAMP_FIELDS
from corpus.walked import WalkedFiles, stat_again

__all__ = ["NEVER_SAME", "RACY_NS", "RECORD", "files_by_record", "record_walk", "trusted_problems"]

RECORD = "walk.json"
"""The record's name in the store's folder."""
RECORD_LIMIT = 256 * 1024 * 1024
RACY_NS = 3 * 10**9
"""A folder changed this close before the walk began is not trusted: a file added in the same
tick of the file system's clock, after the folder was listed, would leave its stamp as it was.
It is recorded with NEVER_SAME, so the next start lists it again."""
NEVER_SAME = (-1, -1, -1, -1, -1)
"""The stamp recorded for a folder that changed too close to the walk: no folder has it (a size
is never negative)."""
_VERSION = 1


def record_walk(
    store: IndexStore, generation: str, walked: WalkedFiles, problems: list[LoadProblem], follow_links: bool
) -> None:
    """Record that `walked` (whose walk met `problems`) found the files of `generation`, a place
    that changed too close to the walk (RACY_NS) as never the same; nothing is recorded when the
    store cannot be written."""
    racy = walked.started_ns - RACY_NS
    places = [(path, stamp if max(stamp[1], stamp[2]) < racy else NEVER_SAME) for path, stamp in walked.places]
    if not all(problem.message.startswith(LINK_OUT) for problem in problems):  # a link is its folder's entry
        return  # a path missing, a link leading nowhere: what appears there changes no stamp
    record = {
        "version": _VERSION,
        "generation": generation,
        "follow_links": follow_links,
        "places": [[path, *stamp] for path, stamp in places],
        "plain": walked.plain,
        "problems": [problem_row(problem) for problem in problems],
    }
    with contextlib.suppress(OSError):
        store.replace_file(RECORD, json.dumps(record).encode("ascii"))  # ASCII: \\u escapes keep any path


def trusted_problems(store: IndexStore, generation: str, follow_links: bool) -> list[LoadProblem] | None:
    """The recorded walk's problems when it found the files of `generation` (walked the same way)
    and every place it recorded has its stamp still; None when a full walk is needed."""
    record = trusted_record(store, generation, follow_links)
    return record[0] if record is not None else None


def files_by_record(
    store: IndexStore,
    generation: str,
    follow_links: bool,
    problems: list[LoadProblem],
    known: Callable[[], Sequence[str] | None],
    *,
    roots: Sequence[str] = (),
    skip: Iterable[str | os.PathLike[str]] = (),
) -> WalkedFiles | None:
    """The files a walk would find now, listing no folder that did not change since the walk
    that found the files of `generation` (`known()`: its file table's paths, or None when it
    cannot be read): each stat'ed again (corpus.walked.stat_again), so that a file rewritten in
    place is seen. Where folders changed, they alone are listed again (with `roots`, the
    corpus folders, and `skip`, those not walked: corpus.storage.partial_walk). The recorded
    walk's problems and those met now are added to `problems`. None when the folders must be
    walked."""
    started = time.time_ns()
    record = _read_record(store, generation, follow_links)
    if record is None or any(stamp[1] % 10**9 == 0 for _, stamp in record[1]):
        return None  # a folder's time in whole seconds (a coarse file system): RACY_NS rests on the clocks
    walk_problems, places, plain = record
    now = _stats_now(places)
    unchanged = all(same_stamp(info, stamp) for (_, stamp), info in zip(places, now.values(), strict=True))
    if not unchanged and (walk_problems or follow_links or len(roots) != 1 or not plain):
        return None  # a link met or a file reached twice: a path the table does not hold
    paths = known()
    if paths is None:
        return None
    packed = paths if isinstance(paths, PackedStrings) else PackedStrings.of(list(paths))
    met: list[LoadProblem] = []
    if unchanged:
        files = stat_again(packed, met)
        if files is not None:
            files.places, files.plain = places, plain
    else:
        files = files_by_listing_changed(roots[0], places, now, skip, packed, met)
    if files is None:
        return None
    problems.extend([*walk_problems, *met])
    files.started_ns = started
    return files


def _stats_now(places: list[tuple[str, tuple[int, ...]]]) -> dict[str, os.stat_result | None]:
    """Each recorded place's `stat` now (None: gone or unreadable), in the record's order."""
    now: dict[str, os.stat_result | None] = {}
    for path, _ in places:
        try:
            now[path] = os.stat(path)
        except (OSError, ValueError):
            now[path] = None
    return now


def _read_record(
    store: IndexStore, generation: str, follow_links: bool
) -> tuple[list[LoadProblem], list[tuple[str, tuple[int, ...]]], bool] | None:
    """The problems and places of the recorded walk that found the files of `generation`
    (walked the same way), and whether it was plain (WalkedFiles.plain), or None."""
    try:
        record = json.loads(read_regular_file(store.folder / RECORD, RECORD_LIMIT).decode("ascii"))
        if not (
            isinstance(record, dict)
            and record.get("version") == _VERSION
            and record.get("generation") == generation
            and record.get("follow_links") is follow_links
        ):
            return None
        places = [(str(row[0]), tuple(int(n) for n in row[1:])) for row in record["places"]]
        problems = [problem_of_row(list(row)) for row in record["problems"]]
        if not places or len({path for path, _ in places}) != len(places):
            return None
        if any(len(stamp) != STAMP_FIELDS for _, stamp in places):
            return None
    except Exception:  # noqa: BLE001 - none, gone, damaged or hostile (a NUL in a path, 1e400, deep nesting)
        return None  # walked in full, and recorded again
    return problems, places, record.get("plain") is True


def trusted_record(
    store: IndexStore, generation: str, follow_links: bool
) -> tuple[list[LoadProblem], list[tuple[str, tuple[int, ...]]]] | None:
    """The recorded walk's problems and places (trusted_problems) when every place has its
    recorded stamp still, or None."""
    record = _read_record(store, generation, follow_links)
    if record is None:
        return None
    problems, places, _ = record
    for (_, stamp), info in zip(places, _stats_now(places).values(), strict=True):
        if not same_stamp(info, stamp):
            return None
    return problems, places
