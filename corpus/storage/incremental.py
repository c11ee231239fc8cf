"""Bringing an index up to date with its files: only new and changed files are read.

The files found by a walk are compared with the files the index was made from, by path and
stamp (size, modification and inode change times, device, inode). Articles of files that are
gone or changed are dropped; new and changed files are read and indexed on their own (many of
them in parts on disk, as a first build: corpus.storage.spill); the two are merged
(corpus.storage.merge, corpus.storage.disk_merge). A JSON Lines file that only grew (the same file, lines
appended after what was read) keeps its articles, and only its new lines are read.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Container, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from corpus.article_columns import article_ids
from corpus.load import LinesRead, is_followable
from corpus.models import Article, LoadProblem, Progress, forget_texts_of, report_phase, tally
from corpus.packed import ChainedStrings, PackedMembers, PackedStrings
from corpus.processes import ends_with_parent, spawn_context, starting_helpers
from corpus.search.index import CorpusIndex
from corpus.search.postings import IndexArrays, KeyTerms
from corpus.search.segmented import DELETED_SHARE, TAIL_SHARE, SegmentedIndex
from corpus.sorted_sets import distinct
from corpus.storage.disk_merge import merge_on_disk
from corpus.storage.generations import NEVER_MATCHES, KnownFiles, prefix_crc, stamp, write_prefix
from corpus.storage.merge import appended_index, merge_indexes, retailed_index
from corpus.storage.reading import RECENT_NS, FileReading, followed_at, is_transient, position_of
from corpus.storage.spill import build_parts, build_spilled, worth_spilling
from corpus.walk import STAMP_FIELDS, CorpusFile, display_path
from corpus.walked import WalkedFiles

__all__ = ["Changes", "DELETED_SHARE", "TAIL_SHARE", "bring_up_to_date", "find_changes", "in_tail", "is_transient"]


@dataclass(slots=True)
class Changes:
    """What differs between an index's files and the files on disk now."""

    keep: np.ndarray
    """One flag per article of the index: False for the articles of gone or changed files."""
    kept_files: np.ndarray
    """Rows of the index's file table that are unchanged or only grew, in their order (int64)."""
    to_read: Sequence[CorpusFile] = field(default_factory=list)
    """New and changed files, in the order of the walk (with no index: the walk's columns)."""
    appended: dict[int, CorpusFile] = field(default_factory=dict)
    """JSON Lines files that only grew, by row: only their new lines are read."""
    added: int = 0
    changed: int = 0
    removed: int = 0
    walk_rows: np.ndarray | None = None
    """Where new or changed files are read: for each file the walk found, in its order, its row
    in the index's file table if it is kept, else -1 (read); the new table is put in that order.
    None otherwise (and once used: it is not kept with the archive)."""
    walk_paths: Sequence[str] | None = None
    """With `walk_rows`: the paths the walk found, in its order (the new table's, once in it)."""
    walk_stamps: np.ndarray | None = None
    """With `walk_rows`: the stamps the walk found (the new table's, but where a read failed)."""

    @property
    def none(self) -> bool:
        return not self.to_read and not self.appended and bool(self.keep.all()) and not self.removed

    def describe(self) -> str:
        """ "3 new files · 1 changed · 1 grew · 2 gone", or "" when nothing changed."""
        return tally(
            (self.added, "new file{s}"), (self.changed, "changed"), (len(self.appended), "grew"), (self.removed, "gone")
        )


def find_changes(known: KnownFiles | None, articles: int, files: WalkedFiles) -> Changes:
    """Compare the walk with the index's file table (None: no index, every file is new). The
    stamps are compared in numpy; only the files that differ become objects."""
    if known is None:
        return Changes(np.ones(articles, dtype=bool), np.zeros(0, dtype=np.int64), files, added=len(files))
    stamps = files.stamps
    rows = _rows_in(known, files)
    if rows is None:  # the same paths in the same order: row for row
        rows = np.arange(len(files), dtype=np.int64)
        same = (stamps == known.stamps).all(axis=1)
    else:
        found = rows >= 0
        same = np.zeros(len(files), dtype=bool)
        same[found] = (stamps[found] == known.stamps[rows[found]]).all(axis=1)
    kept = np.zeros(len(known), dtype=bool)
    kept[rows[same]] = True
    to_read: list[CorpusFile] = []
    walk_rows = rows.copy()
    changes = Changes(np.ones(articles, dtype=bool), np.zeros(0, dtype=np.int64), to_read)
    for position in np.flatnonzero(~same).tolist():  # new, changed or grown: a few
        file, row = files[position], int(rows[position])
        if row < 0:
            to_read.append(file)
            changes.added += 1
        elif _only_grew(file, known.stamps[row].tolist(), known.followed()[row].tolist()):
            kept[row] = True
            changes.appended[row] = file
        else:
            to_read.append(file)
            changes.changed += 1
            walk_rows[position] = -1
    for position, row in _tails_left_waiting(known, files, rows, same):
        changes.appended[row] = files[position]  # its kept articles stay: read from where it was left
    if articles:
        changes.keep = kept[known.doc_file]
    changes.kept_files = np.flatnonzero(kept)
    changes.removed = len(known) - len(changes.kept_files) - changes.changed
    if to_read or changes.appended or changes.removed:  # not held by an unchanged archive's changes
        changes.walk_rows, changes.walk_paths, changes.walk_stamps = walk_rows, files.paths, files.stamps
    known.let_go()
    return changes


def _rows_in(known: KnownFiles, files: WalkedFiles) -> np.ndarray | None:
    """Each walked file's row in the index's file table (-1: new), or None when the walk found
    the table's paths in its order (an unchanged archive): then no lookup table is made."""
    if files.saved_rows is not None and files.saved_rows[0] is known.paths:  # taken from this table
        return np.asarray(files.saved_rows[1], dtype=np.int64)
    if isinstance(known.paths, PackedStrings) and files.same_paths(known.paths):
        return None
    if isinstance(known.paths, PackedStrings):
        return files.paths.rows_in(known.paths)
    row_of = {path: row for row, path in enumerate(known.paths)}
    return np.fromiter((row_of.get(path, -1) for path in files.paths), dtype=np.int64, count=len(files))


def _tails_left_waiting(
    known: KnownFiles, files: WalkedFiles, rows: np.ndarray, same: np.ndarray
) -> list[tuple[int, int]]:
    """(walk position, row) of each unchanged JSON Lines file whose last line was left
    unfinished and unsaid because the file had just been written (KnownFiles.unread_tails),
    and that has not changed for RECENT_NS since: read again from there, so that the line is
    read if whole or named (UNFINISHED_LINE) once."""
    waiting = known.unread_tails()
    if not len(waiting):
        return []
    position_of_row = np.full(len(known), -1, dtype=np.int64)
    on_walk = np.flatnonzero(same)
    position_of_row[rows[on_walk]] = on_walk
    settled = time.time_ns() - RECENT_NS
    found = []
    for row in waiting.tolist():
        position = int(position_of_row[row])
        if position >= 0 and files[position].mtime_ns < settled and is_followable(files[position]):
            found.append((position, row))
    return found


def _only_grew(file: CorpusFile, known_stamp: list[int], follow: list[int]) -> bool:
    """True for the same JSON Lines file (device and inode) with lines appended after what was
    read, every byte before that point unchanged (the same CRC-32 as when they were read)."""
    read_to, lines, crc = follow
    same_file = (known_stamp[3], known_stamp[4]) == file.identity and known_stamp[0] != NEVER_MATCHES
    if not same_file or lines == 0 or file.size <= read_to or not is_followable(file):
        return False
    return prefix_crc(file.path, read_to) == crc


PARALLEL_MIN_BYTES = 64 * 1024 * 1024
"""A first build of at least this much text is split between two processes (on two cores)."""


def _worth_two_processes(reads: Sequence[tuple[CorpusFile, LinesRead | None]]) -> bool:
    return (os.cpu_count() or 1) >= 2 and len(reads) >= 2 and sum(f.size for f, _ in reads) >= PARALLEL_MIN_BYTES


def _build_part(
    files: Sequence[tuple[CorpusFile, LinesRead | None]], release_texts: bool
) -> tuple[IndexArrays, list[Article], list[int], list[list[LoadProblem]], list[LinesRead | None]]:
    """In a second process: the arrays and articles of the second half of the files (ids not
    yet made unique), how many articles and which problems each file gave, where each ended."""
    reading = FileReading(files, [], [], claim=False)
    arrays, articles = CorpusIndex.build_arrays(reading.articles(None), release_texts=release_texts)
    arrays.vocabulary = None
    return arrays, articles, reading.counts, reading.own_problems, [position for _, position in files]


def _send_part(sending: Any, files: Sequence[tuple[CorpusFile, LinesRead | None]], release_texts: bool) -> None:
    ends_with_parent()
    sending.send(_build_part(files, release_texts))
    sending.close()


PartBuilt = tuple[IndexArrays, list[Article], list[int], list[list[LoadProblem]], list[LinesRead | None]]
"""What `_build_part` returns: arrays, articles, each file's article count, problems and end."""


def _adopted(
    reading: FileReading,
    files: Sequence[tuple[CorpusFile, LinesRead | None]],
    built: PartBuilt,
    *,
    derive: bool = False,
) -> CorpusIndex:
    """A part built elsewhere, as an index of its own (its search keys derived only if `derive`:
    a merge derives them for the whole):
    its ids made unique after the parts before it (as one process makes them, in file order),
    its files' counts, problems and ends noted in `reading`."""
    arrays, articles, counts, own_problems, positions = built
    for article in articles:
        reading.ids.claim(article)
    ends = [(ended.offset, ended.lines, ended.crc) if ended is not None else None for ended in positions]
    _noted(reading, files, counts, own_problems, ends)
    if not derive:
        arrays.key_terms = KeyTerms.from_dict({})
    return CorpusIndex(articles, arrays)


def _build_in_two(reading: FileReading, progress: Progress | None, release_texts: bool) -> CorpusIndex:
    """A first build split in two halves of about the same size, the second built in another
    process while this one builds the first, then merged: the same index as one process makes
    (ids are made unique in file order here, as one process does)."""
    files = reading.files
    half = len(_split(files, 2)[0])
    context = spawn_context()
    receiving, sending = context.Pipe(duplex=False)
    helper = context.Process(target=_send_part, args=(sending, files[half:], release_texts), daemon=True)
    try:
        with starting_helpers():
            helper.start()
    except (OSError, ValueError, RuntimeError):  # no helper process here: all in this one
        sending.close()
        receiving.close()
        return CorpusIndex.build(reading.articles(progress), release_texts=release_texts)
    sending.close()
    try:
        reading.files = files[:half]

        def report(done: int, total: int) -> None:
            if progress is not None:
                progress(min(done * len(files) // max(total, 1), len(files) - 1), len(files))

        first = CorpusIndex.build(reading.articles(report), release_texts=release_texts, part=True)
        try:
            built: PartBuilt = receiving.recv()
            helper.join()
        except (EOFError, OSError):  # the helper died: read the second half here
            built = _build_part(files[half:], release_texts)
    finally:
        if helper.is_alive():
            helper.terminate()  # stopped half way (the app quit): the helper's work is not wanted
        helper.join()
        receiving.close()
    reading.files = files
    second = _adopted(reading, files[half:], built)
    report_phase(progress, "merging the two halves of the index")
    merged = merge_indexes(first, np.ones(len(first), dtype=bool), second)
    if progress is not None:
        progress(len(files), len(files))
    return merged


def _built_in_parts(
    reading: FileReading, base: CorpusIndex, keep: np.ndarray, target: Path, progress: Progress | None
) -> CorpusIndex:
    """The new and changed files' index made in parts by helper processes and joined on disk
    into `target` (corpus.storage.spill), as a first build is: a change of tens of thousands of
    files held their whole index in memory (720 MB for 69,000 files). Ids are made unique after
    the kept articles', each file's count, problems and end noted in `reading` as it notes them."""
    files = [file for file, _ in reading.files]
    ids = article_ids(base.articles)
    taken = (
        ids.select(np.flatnonzero(keep))
        if isinstance(ids, PackedStrings)
        else PackedStrings.of([i for i, k in zip(ids, keep.tolist(), strict=True) if k])
    )
    delta, runs, built = build_parts(files, target, progress, taken)
    for (first, end), part in zip(runs, built, strict=True):
        own: list[list[LoadProblem]] = [[] for _ in range(end - first)]
        for row, problem in part.problems:
            own[row].append(problem)
        ends: list[tuple[int, int, int] | None] = [None] * (end - first)
        for row, where in part.followed:
            ends[row] = where
        _noted(reading, reading.files[first:end], part.counts.tolist(), own, ends)
    return delta


def _noted(
    reading: FileReading,
    files: Sequence[tuple[CorpusFile, LinesRead | None]],
    counts: list[int],
    own_problems: list[list[LoadProblem]],
    ends: Sequence[tuple[int, int, int] | None],
) -> None:
    """What reading `files` elsewhere gave, noted in `reading` as it notes what it reads itself:
    each file's article count and problems, and where each JSON Lines file ended."""
    for file_problems in own_problems:
        reading.problems.extend(file_problems)
    reading.counts.extend(counts)
    reading.own_problems.extend(own_problems)
    for (_, position), ended in zip(files, ends, strict=True):
        if position is not None and ended is not None:
            position.offset, position.lines, position.crc = ended


def _split(
    files: Sequence[tuple[CorpusFile, LinesRead | None]], count: int
) -> list[Sequence[tuple[CorpusFile, LinesRead | None]]]:
    """The files in at most `count` runs of about the same size, in order, none empty."""
    sizes = np.cumsum([file.size for file, _ in files])
    count = max(1, min(count, len(files)))
    cuts = [int(np.searchsorted(sizes, sizes[-1] * k / count)) + 1 for k in range(1, count)]
    bounds = sorted({min(max(cut, 1), len(files) - 1) for cut in cuts}) if len(files) > 1 else []
    return [files[a:b] for a, b in zip([0, *bounds], [*bounds, len(files)], strict=True)]


def _build_on(executor: Executor, reading: FileReading, progress: Progress | None, parts: int) -> CorpusIndex:
    """The files' index built as `parts` runs of files of about the same size, each a task on
    `executor` (a cluster: its workers read the files and index them, texts released), merged
    here in file order into the index one process makes."""
    files = reading.files
    runs = _split(files, parts)
    tasks = [executor.submit(_build_part, run, True) for run in runs]
    merged: CorpusIndex | None = None
    try:
        for done, (run, task) in enumerate(zip(runs, tasks, strict=True), start=1):
            try:
                built = task.result()
            except Exception as error:  # noqa: BLE001 - a worker lost, the cluster gone: read this part here
                built = _build_part(run, True)
                first = display_path(run[0][0].path)
                where = f"{first} and {len(run) - 1} more files" if len(run) > 1 else first
                reason = f"its part of the index failed on the cluster ({type(error).__name__}); read here instead"
                reading.problems.append(LoadProblem(where, reason, skipped=False))
            part = _adopted(reading, run, built, derive=len(runs) == 1)
            if merged is None:
                merged = part
            else:
                report_phase(progress, f"merging part {done} of {len(runs)} of the index")
                keep = np.ones(len(merged), dtype=bool)
                merged = merge_indexes(merged, keep, part, derive=done == len(runs))
            if progress is not None:
                progress(sum(len(r) for r in runs[:done]), len(files))
    finally:
        for task in tasks:
            task.cancel()
    assert merged is not None
    return merged


def bring_up_to_date(
    base: CorpusIndex | None,
    known: KnownFiles | None,
    changes: Changes,
    problems: list[LoadProblem],
    *,
    progress: Progress | None = None,
    release_texts: bool = False,
    executor: Executor | None = None,
    parts: int = 2,
    spill_to: Path | None = None,
) -> tuple[CorpusIndex, KnownFiles]:
    """The index and file table after `changes`: unchanged files keep their articles, lines
    appended to JSON Lines files and new and changed files are read (their problems added to
    `problems`), and the two are merged. With `executor` (a cluster), the files to read are
    indexed in `parts` tasks there (corpus.cluster). With `spill_to`, the index's arrays and
    articles are written there: a first build is made in parts on disk (corpus.storage.spill),
    a base of at least one article is merged on disk (corpus.storage.disk_merge), or in memory
    when that cannot be written (the folder is then removed: nothing of the index is there)."""
    if spill_to is not None and base is None:
        return build_spilled(changes.to_read, problems, spill_to, progress)
    keep = changes.keep
    forget_texts_of({file.path for file in changes.to_read})
    kept_ids = _kept_ids(base, keep)

    # The new table: kept rows in their order (grown files among them), then new and changed
    # files. The kept rows are taken as columns (a million files made no object each).
    kept_rows = changes.kept_files
    new_row = np.full(len(known) if known is not None else 0, -1, dtype=np.int64)
    new_row[kept_rows] = np.arange(len(kept_rows), dtype=np.int64)
    file_problems: list[tuple[int, LoadProblem]] = []
    reads: list[tuple[CorpusFile, LinesRead | None]] = []
    read_rows: list[int] = []
    # In the walk's order the table's stamps are the walk's (a kept file's are the saved ones, a
    # read file's were taken by the walk): not gathered from the saved table (0.15 s at 1.1
    # million files), the failed reads' marked after.
    walk_stamps = _walk_stamps(changes)
    walk_paths = changes.walk_paths if isinstance(changes.walk_paths, PackedStrings) else None
    if walk_paths is not None and len(walk_paths) != len(kept_rows) + len(changes.to_read):
        walk_paths = None
    from_walk = walk_stamps is not None and walk_paths is not None  # the kept paths not gathered either
    if known is not None:
        stamps = known.stamps[kept_rows].astype(np.int64) if walk_stamps is None else _NO_STAMPS
        followed = known.followed()
        follows = followed[kept_rows].astype(np.int64) if walk_stamps is None or followed.any() else None
        kept_paths = PackedStrings.of([]) if from_walk else _paths_of(known.paths, kept_rows)
        for number, problem in known.problems:
            if new_row[number] < 0:
                continue
            if number in changes.appended and problem.line is not None and problem.line > int(followed[number][1]):
                continue  # a line after what was read (left unfinished): read again, named again if still bad
            file_problems.append((int(new_row[number]), problem))
        file_problems.sort(key=lambda pair: pair[0])
        problems.extend(problem for _, problem in file_problems)
        for row, grown in sorted(changes.appended.items(), key=lambda pair: int(new_row[pair[0]])):
            if new_row[row] < 0:
                continue
            position = position_of(grown, followed[row].tolist())
            reads.append((grown, position))
            read_rows.append(int(new_row[row]))
            if walk_stamps is None:
                stamps[new_row[row]] = stamp(grown)
    else:
        stamps = np.zeros((0, STAMP_FIELDS), dtype=np.int64)
        follows = np.zeros((0, 3), dtype=np.int64)
        kept_paths = PackedStrings.of([])
    first_new = len(kept_rows)
    for number, file in enumerate(changes.to_read):
        reads.append((file, position_of(file)))
        read_rows.append(first_new + number)
    if walk_stamps is None:
        new_stamps = np.array([stamp(f) for f in changes.to_read], np.int64).reshape(-1, STAMP_FIELDS)
        stamps = np.concatenate([stamps, new_stamps])
    # no file followed (no JSON Lines file): zeros, made by the system as they are touched
    follows = (
        np.zeros((first_new + len(changes.to_read), 3), dtype=np.int64)
        if follows is None
        else np.concatenate([follows, np.zeros((len(changes.to_read), 3), dtype=np.int64)])
    )
    paths: Sequence[str] = (
        walk_paths
        if from_walk and walk_paths is not None
        else ChainedStrings.of_parts(kept_paths, PackedStrings.of([file.path for file in changes.to_read]))
    )

    reading = FileReading(reads, problems, kept_ids)
    scratch: Path | None = None
    try:
        if executor is not None and reads:
            delta = _build_on(executor, reading, progress, parts)
        elif base is None and _worth_two_processes(reads):
            delta = _build_in_two(reading, progress, release_texts)
        elif base is not None and spill_to is not None and not changes.appended and worth_spilling(changes.to_read):
            scratch = Path(tempfile.mkdtemp(dir=spill_to.parent, prefix=f"{write_prefix()}delta-"))
            delta = _built_in_parts(reading, base, keep, scratch, progress)
        else:
            delta = CorpusIndex.build(reading.articles(progress), release_texts=release_texts)
        index = _merged(base, keep, delta, spill_to)
    finally:
        if scratch is not None:  # a tail of these articles keeps reading them where they are mapped
            shutil.rmtree(scratch, ignore_errors=True)

    failed: list[int] = []
    for (_, position), row, own in zip(reads, read_rows, reading.own_problems, strict=False):
        file_problems.extend((row, p) for p in own if not is_transient(p))
        if any(map(is_transient, own)):
            failed.append(row)
        else:
            follows[row] = followed_at(position)
    if walk_stamps is None:
        stamps[failed] = (NEVER_MATCHES, 0, 0, 0, 0)
    kept_doc_file = new_row[known.doc_file[keep]] if known is not None and base is not None and len(base) else []
    new_doc_file = np.repeat(np.array(read_rows[: len(reading.counts)], dtype=np.int64), reading.counts)
    doc_file = np.concatenate([np.asarray(kept_doc_file, dtype=np.int64), new_doc_file])
    table = KnownFiles(paths, stamps, doc_file, file_problems, follows)
    if known is not None and changes.walk_rows is not None:
        read = np.flatnonzero(changes.walk_rows < 0)
        order = np.empty(len(changes.walk_rows), dtype=np.int64)
        walked = np.flatnonzero(changes.walk_rows >= 0)  # none when every file the table held is gone
        order[walked] = new_row[changes.walk_rows[walked]]
        order[read] = first_new + np.arange(len(read))
        table = _in_walk_order(table, order, walk_paths, walk_stamps, failed)
        changes.walk_rows = changes.walk_paths = changes.walk_stamps = None
    return index, table


_NO_STAMPS = np.zeros((0, STAMP_FIELDS), dtype=np.int64)
"""The kept rows' stamps, not gathered: the walk's are taken once the table is in its order."""


def _walk_stamps(changes: Changes) -> np.ndarray | None:
    """The walk's stamps when the new table is put in the walk's order and takes them (one row
    a file it found), else None."""
    stamps, rows = changes.walk_stamps, changes.walk_rows
    if stamps is None or rows is None or len(stamps) != len(rows):
        return None
    return stamps if len(rows) == len(changes.kept_files) + len(changes.to_read) else None


def _in_walk_order(
    table: KnownFiles,
    order: np.ndarray,
    walk_paths: Sequence[str] | None = None,
    walk_stamps: np.ndarray | None = None,
    failed: Sequence[int] = (),
) -> KnownFiles:
    """The file table with its rows as the walk found them (`order`: each walked file's row in
    `table`; `walk_paths`: the paths it found, which are then the table's, not gathered again:
    0.3 s at 1.1 million files), so the next walk of the same files finds the table's paths in
    its order and compares stamps row for row, and one that found a file more compares all but a
    few paths in place (PackedStrings.rows_in): new files were put after the kept ones, where the
    next start had to hash every path (1.4 s at 1.1 million files). `walk_stamps`: the stamps
    the walk found, taken as the table's (it holds none then), but at the table's rows `failed`
    (a read that failed: NEVER_MATCHES, read again next time)."""
    if len(order) != len(table):
        return table
    walked = walk_paths if isinstance(walk_paths, PackedStrings) and len(walk_paths) == len(order) else None
    in_order = bool((order == np.arange(len(order))).all())
    placed = np.arange(len(order), dtype=np.int64)
    if not in_order:
        placed[order] = np.arange(len(order), dtype=np.int64)
    if walk_stamps is not None:  # already in the walk's order (a copy: the walk's may be read-only)
        stamps = np.array(walk_stamps, dtype=np.int64)
        stamps[placed[np.asarray(failed, dtype=np.int64)]] = (NEVER_MATCHES, 0, 0, 0, 0)
    else:
        stamps = table.stamps if in_order else table.stamps[order]
    if in_order:  # the walk's paths are the table's
        return replace(table, paths=walked if walked is not None else table.paths, stamps=stamps)
    problems = sorted(((int(placed[row]), problem) for row, problem in table.problems), key=lambda pair: pair[0])
    if walked is not None:
        paths = walked
    else:
        table_paths = table.paths if isinstance(table.paths, PackedStrings) else PackedStrings.of(list(table.paths))
        paths = table_paths.select(order)
    return KnownFiles(paths, stamps, placed[table.doc_file], problems, table.followed()[order])


def in_tail(base: CorpusIndex, keep: np.ndarray, delta: CorpusIndex) -> bool:
    """True when `delta` is added to `base`'s tail, the base articles `keep` drops put in its
    deletion list, rather than merged into one index with it."""
    if not len(base):
        return False
    if isinstance(base, SegmentedIndex):
        return (
            bool(keep[base.base_docs :].all())
            and base.tail_tokens() + len(delta.tokens) <= TAIL_SHARE * base.base_tokens()
            and _deletions_fit(base, keep)
        )
    return len(delta.tokens) <= TAIL_SHARE * len(base.tokens) and _deletions_fit(base, keep)


def _deletions_fit(base: CorpusIndex, keep: np.ndarray) -> bool:
    """True when the base articles `keep` drops, with those its deletion list holds, stay within
    DELETED_SHARE of its documents, and some are left."""
    rows, live = len(base), len(base)
    deleted = 0
    if isinstance(base, SegmentedIndex):
        rows, live, deleted = base.base_rows, base.base_docs, len(base.deleted)
    dropped = live - int(np.count_nonzero(keep[:live]))
    return dropped == 0 or (deleted + dropped <= DELETED_SHARE * rows and dropped < live)


def _tail_again(base: SegmentedIndex, keep: np.ndarray, delta: CorpusIndex) -> bool:
    """True when articles of `base`'s tail are dropped (files added since the last whole merge,
    then changed or deleted), its kept articles with `delta`'s still fit a tail and the base
    articles dropped too fit its deletion list: the tail is made again, the base kept as saved
    (merge.retailed_index)."""
    if bool(keep[base.base_docs :].all()) or not _deletions_fit(base, keep):
        return False
    kept_tail = keep[base.base_docs :]
    kept_tokens = int(np.diff(np.asarray(base.tail.token_offsets, dtype=np.int64))[kept_tail].sum())
    return kept_tokens + len(delta.tokens) <= TAIL_SHARE * base.base_tokens()


def _merged(base: CorpusIndex | None, keep: np.ndarray, delta: CorpusIndex, spill_to: Path | None) -> CorpusIndex:
    """`base`'s articles where `keep` is true, then `delta`'s: in `base`'s tail when they fit,
    dropped base articles in its deletion list (in_tail: nothing is written into `spill_to`,
    which is removed), or in a tail made again when tail articles are dropped (_tail_again),
    else one index merged on disk into `spill_to` (in memory without it, or when it cannot be
    written: then it is removed). A segmented base is otherwise merged whole: its tail with the
    change first, then the base with both, the forms of the tail's dropped articles among those
    whose keys are made again, its deletion list's articles dropped."""
    if base is None or not len(base):
        return delta
    small: CorpusIndex | None = None
    if in_tail(base, keep, delta):
        small = appended_index(base, delta, keep[: base.base_docs if isinstance(base, SegmentedIndex) else len(base)])
    elif isinstance(base, SegmentedIndex) and _tail_again(base, keep, delta):
        small = retailed_index(base, keep, delta)
    if small is not None:
        if spill_to is not None:
            shutil.rmtree(spill_to, ignore_errors=True)
        return small
    also_changed: set[str] = set()
    if isinstance(base, SegmentedIndex):
        split, terms = base.base_docs, base.terms
        base_rows = base.base_rows_kept(keep[:split])
        base, tail = base.parts()
        kept_in_tail = keep[split:]
        dropped = ~np.repeat(kept_in_tail, np.diff(tail.token_offsets))
        also_changed = {terms[t] for t in distinct(np.asarray(tail.tokens)[dropped]).tolist()}
        delta = merge_indexes(tail, kept_in_tail, delta, derive=False)
        keep = base_rows
    if spill_to is not None:
        try:
            return merge_on_disk(base, keep, delta, spill_to, also_changed=also_changed)
        except OSError:  # a full disk: merged in memory, and the folder taken away (nothing written there)
            shutil.rmtree(spill_to, ignore_errors=True)
    return merge_indexes(base, keep, delta, also_changed=also_changed)


def _kept_ids(base: CorpusIndex | None, keep: np.ndarray) -> Container[str]:
    """The ids of the articles `keep` flags: looked in where they are saved (no set of a million)."""
    if base is None:
        return ()
    ids = article_ids(base.articles)
    if isinstance(ids, PackedStrings):
        return PackedMembers(ids, np.flatnonzero(keep))
    return {i for i, k in zip(ids, keep.tolist(), strict=True) if k}


def _paths_of(paths: Sequence[str], rows: np.ndarray) -> PackedStrings:
    """The paths at `rows`, packed (selected in numpy when they are packed already)."""
    if isinstance(paths, PackedStrings):
        return paths if len(rows) == len(paths) and bool((rows == np.arange(len(rows))).all()) else paths.select(rows)
    return PackedStrings.of([paths[row] for row in rows.tolist()])
