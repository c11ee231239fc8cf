"""A first build in bounded memory: the files indexed in parts by helper processes, each part
spilled to disk, then the parts joined on disk into a generation's arrays and article columns.

Built whole in memory, a first build held every posting, token and article of the archive,
twice over while two halves were merged: 834 MB at the 69k bench, 2.9 GB at four times it.
Here each helper indexes a run of files of about PART_BYTES and writes its arrays, terms and
article columns into a folder of its own. This process then numbers the terms in the order one
process building everything would meet them, so that the joined arrays are exactly the ones
such a build makes; writes the token arrays a part at a time; and writes the postings, which
are ordered by term, one range of terms at a time, each part's share of a range read from its
memory-mapped files and the part's map let go before the next is read. What stays in memory
grows with the vocabulary, the articles (a few numbers each, and their ids while they are made
unique) and the files, not with the words.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

import numpy as np

from corpus.article_columns import read_article_columns, write_article_columns, write_joined_columns
from corpus.garbage_collection import give_back_freed_memory
from corpus.models import LoadProblem, Progress, forget_texts, report_phase
from corpus.packed import PackedStrings, gather_ranges, read_packed, write_packed
from corpus.processes import ends_with_parent, spawn_context, starting_helpers
from corpus.saved_folders import ArrayWriter, read_array, write_array
from corpus.search.index import CorpusIndex
from corpus.search.postings import IndexArrays
from corpus.storage.generations import (
    FOLLOW_FIELDS,
    NEVER_MATCHES,
    KnownFiles,
    stamp,
    write_prefix,
)
from corpus.storage.reading import FileReading, followed_at, is_transient, position_of
from corpus.storage.unique_ids import unique_ids
from corpus.walk import STAMP_FIELDS, CorpusFile
from corpus.walked import FILE_PATHS, FILE_STAMPS, WalkedFiles, mapped_file_columns, write_file_columns

__all__ = ["PART_BYTES", "SPILL_MIN_BYTES", "build_parts", "build_spilled", "term_ranges", "worth_spilling"]

PART_BYTES = 48 * 1024 * 1024
"""A helper indexes runs of files of about this much text (one file larger than this is a part
of its own): about 150 MB of memory in the helper."""
SPILL_MIN_BYTES = 2 * PART_BYTES
"""A first build of less text than this is made in memory (corpus.storage.incremental)."""
HELPERS = 2
"""Parts indexed at once, each in its own process."""
RANGE_POSTINGS = 4_000_000
"""The postings of one range of terms written at once: about 100 MB of memory at its peak."""
TOKEN_BLOCK = 8_000_000
"""Tokens renumbered and written this many at a time."""


@dataclass(slots=True)
class SpilledPart:
    """A part written by `spill_part`: its folder, its counts, and what reading its files noted."""

    folder: Path
    articles: int
    terms: int
    counts: np.ndarray
    """How many articles each file of the run gave."""
    problems: list[tuple[int, LoadProblem]]
    """(file of the run, problem) for every problem met."""
    followed: list[tuple[int, tuple[int, int, int]]]
    """(file of the run, where it was read to) for the JSON Lines files read."""


def worth_spilling(files: Sequence[CorpusFile]) -> bool:
    """True when a first build of `files` is large enough to be made in parts on disk."""
    sizes = files.stamps[:, 0] if isinstance(files, WalkedFiles) else [file.size for file in files]
    return len(files) >= 2 and int(np.sum(sizes)) >= SPILL_MIN_BYTES


def spill_part(run: Sequence[CorpusFile], folder: Path) -> SpilledPart:
    """Index the files of `run` (ids not yet made unique) and write the arrays, the terms and the
    article columns into `folder` (made here; texts released as they are indexed)."""
    reads = [(file, position_of(file)) for file in run]
    reading = FileReading(reads, [], [], claim=False)
    arrays, articles = CorpusIndex.build_arrays(reading.articles(None), release_texts=True)
    folder.mkdir()
    for name, values in zip(IndexArrays.ARRAY_NAMES, arrays.numpy_members(), strict=True):
        write_array(folder, name, values)
    write_packed(folder, "terms", arrays.terms)
    write_article_columns(folder, articles)
    problems = [(row, problem) for row, own in enumerate(reading.own_problems) for problem in own]
    followed = [(row, followed_at(position)) for row, (_, position) in enumerate(reads) if position is not None]
    counts = np.array(reading.counts, dtype=np.int64)
    return SpilledPart(folder, len(articles), len(arrays.terms), counts, problems, followed)


def _send_spilled(sending: Any, run: Sequence[CorpusFile], folder: Path) -> None:
    ends_with_parent()
    sending.send(spill_part(run, folder))
    sending.close()


def runs_of(sizes: np.ndarray, size: int) -> list[tuple[int, int]]:
    """(first, end) of runs of consecutive files of about `size` bytes each, in order, none empty."""
    runs: list[tuple[int, int]] = []
    start, total = 0, 0
    for end, file_size in enumerate(sizes.tolist(), start=1):
        total += file_size
        if total >= size:
            runs.append((start, end))
            start, total = end, 0
    if start < len(sizes):
        runs.append((start, len(sizes)))
    return runs


def build_spilled(
    files: Sequence[CorpusFile], problems: list[LoadProblem], target: Path, progress: Progress | None
) -> tuple[CorpusIndex, KnownFiles]:
    """The first index of `files` (a walk's columns: no object is made per file here), its arrays
    and article columns written into `target` (a generation being written) and read back from
    there, and its file table; the files' problems are added to `problems`."""
    forget_texts()  # every file is read anew
    if isinstance(files, WalkedFiles):
        _table_on_disk(files, target)
    index, runs, parts = build_parts(files, target, progress)
    return index, _file_table(files, runs, parts, problems)


def build_parts(
    files: Sequence[CorpusFile], target: Path, progress: Progress | None, taken: PackedStrings | None = None
) -> tuple[CorpusIndex, list[tuple[int, int]], list[SpilledPart]]:
    """The index of `files` made in parts by helper processes and joined into `target`, read
    back from there; the runs of files the parts read and what each part noted. Ids are made
    unique in file order after `taken` (the ids an archive keeps, when these are its new files)."""
    sizes = files.stamps[:, 0] if isinstance(files, WalkedFiles) else np.array([f.size for f in files], np.int64)
    runs = runs_of(sizes, PART_BYTES)
    del sizes
    if isinstance(files, WalkedFiles):
        files.let_go()
    scratch = Path(tempfile.mkdtemp(dir=target.parent, prefix=f"{write_prefix()}parts-"))
    try:
        parts = _spilled(files, runs, scratch, progress)
        report_phase(progress, f"joining {len(parts)} parts of the index")
        index = _joined(parts, target, taken)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return index, runs, parts


def _table_on_disk(files: WalkedFiles, target: Path) -> None:
    """The walk's paths and stamps written where the generation keeps its file table, and read
    from there while the files are read: the walk's own columns (about 110 bytes a file) are let
    go, and a cold build's memory does not grow with the files. Kept as they are when they cannot
    be written."""
    try:
        if files.written_to is None or not _moved_file_columns(files.written_to, target):
            write_file_columns(target, files.paths, files.stamps)
        files.use_table(*mapped_file_columns(target, len(files)))
    except (OSError, ValueError):
        return
    files.let_go()


def _moved_file_columns(walked: Path, target: Path) -> bool:
    """The file columns of a walk written out into `walked` moved into `target` (False when they
    cannot be: they are written). Moved, not linked: removing the walk's names after the save
    would change the members' inode times, and the next start would read the whole index
    again to check it (saved_folders.verified_now)."""
    names = [f"{FILE_PATHS}_bytes.npy", f"{FILE_PATHS}_offsets.npy", f"{FILE_STAMPS}.npy"]
    try:
        for name in names:
            os.rename(walked / name, target / name)
    except OSError:
        return False
    return True


def _file_table(
    files: Sequence[CorpusFile], runs: list[tuple[int, int]], parts: list[SpilledPart], problems: list[LoadProblem]
) -> KnownFiles:
    """The file table of a first build, from the walk's columns and what each part noted: a file
    that could not be read just now is read again at the next start (its stamp never matches)."""
    paths = files.paths if isinstance(files, WalkedFiles) else [file.path for file in files]
    stamps = files.stamps if isinstance(files, WalkedFiles) else np.array([stamp(f) for f in files], np.int64)
    stamps = stamps.reshape(-1, STAMP_FIELDS)
    if any(is_transient(problem) for part in parts for _, problem in part.problems):
        stamps = stamps.copy()  # the walk's column is not written (44 MB at 1.1 million files otherwise)
    follow = np.zeros((len(files), FOLLOW_FIELDS), dtype=np.int64)
    file_problems: list[tuple[int, LoadProblem]] = []
    for (first, _), part in zip(runs, parts, strict=True):
        transient = {first + row for row, problem in part.problems if is_transient(problem)}
        for row, problem in part.problems:
            problems.append(problem)
            if not is_transient(problem):
                file_problems.append((first + row, problem))
        for row in transient:
            stamps[row] = (NEVER_MATCHES, 0, 0, 0, 0)
        for row, where in part.followed:
            if first + row not in transient:
                follow[first + row] = where
    counts = np.concatenate([part.counts for part in parts]) if parts else np.zeros(0, dtype=np.int64)
    doc_file = np.repeat(np.arange(len(files), dtype=np.int64), counts)
    return KnownFiles(paths, stamps, doc_file, file_problems, follow)


def _spilled(
    files: Sequence[CorpusFile], runs: list[tuple[int, int]], scratch: Path, progress: Progress | None
) -> list[SpilledPart]:
    """Each run spilled into a folder of `scratch` by a helper process (HELPERS at a time), or
    here when no helper can be started or one dies."""
    context = spawn_context()
    waiting = deque(range(len(runs)))
    running: dict[Connection, tuple[int, Any]] = {}
    done: dict[int, SpilledPart] = {}

    def run_of(number: int) -> list[CorpusFile]:
        first, end = runs[number]
        run = [files[row] for row in range(first, end)]
        if isinstance(files, WalkedFiles):
            files.let_go()  # the run's rows, read from its mapped table
        return run

    try:
        while waiting or running:
            while waiting and len(running) < HELPERS:
                number = waiting.popleft()
                folder = scratch / str(number)
                receiving, sending = context.Pipe(duplex=False)
                helper = context.Process(target=_send_spilled, args=(sending, run_of(number), folder), daemon=True)
                try:
                    with starting_helpers():
                        helper.start()
                except (OSError, ValueError, RuntimeError):  # no helper process here: this one indexes it
                    receiving.close()
                    done[number] = spill_part(run_of(number), folder)
                    continue
                finally:
                    sending.close()
                running[receiving] = (number, helper)
            if not running:  # every run so far was indexed here
                continue
            ready = wait(list(running))
            for receiving in [connection for connection in running if connection in ready]:
                number, helper = running.pop(receiving)
                try:
                    done[number] = receiving.recv()
                except (EOFError, OSError):  # the helper died: index its run here
                    shutil.rmtree(scratch / str(number), ignore_errors=True)
                    done[number] = spill_part(run_of(number), scratch / str(number))
                finally:
                    receiving.close()
                    helper.join()
            if progress is not None:
                progress(sum(runs[n][1] - runs[n][0] for n in done), len(files))
    finally:
        for receiving, (_, helper) in running.items():
            helper.terminate()  # stopped half way (the app quit): their work is not wanted
            helper.join()
            receiving.close()
    return [done[number] for number in range(len(runs))]


def _joined(parts: list[SpilledPart], target: Path, taken: PackedStrings | None = None) -> CorpusIndex:
    """The parts joined into the arrays and article columns of `target`, as one index (article
    ids made unique in file order after `taken`, as one process makes them)."""
    vocabulary: dict[str, int] = {}
    terms: list[str] = []
    for part in parts:
        _number_terms(part, vocabulary, terms)
    _write_tokens(parts, target)
    first_docs = np.cumsum([0, *(part.articles for part in parts)])
    _write_postings(parts, target, len(terms), first_docs, ("post_offsets", "post_docs", "post_tf"))
    _write_postings(parts, target, len(terms), first_docs, ("title_offsets", "title_docs", None))
    ids = [read_packed(part.folder, "article_id", part.articles) for part in parts]
    before = len(taken) if taken is not None else 0
    renamed = unique_ids([taken, *ids] if taken is not None else ids)
    renamed = {row - before: name for row, name in renamed.items() if row >= before}  # `taken` is unique: kept
    write_joined_columns(target, [(part.folder, part.articles) for part in parts], renamed)
    del ids
    arrays = IndexArrays.from_members(
        terms, [read_array(target, name) for name in IndexArrays.ARRAY_NAMES], vocabulary=vocabulary
    )
    return CorpusIndex(read_article_columns(target, int(first_docs[-1])), arrays)


def _number_terms(part: SpilledPart, vocabulary: dict[str, int], terms: list[str]) -> None:
    """Give the part's new terms the next numbers (in the order the part met them, which is the
    order one process building everything meets them), and save beside the part its terms'
    numbers (`to_joined`), its terms in the order of those numbers (`joined_order`) and the
    numbers in that order (`joined_sorted`)."""
    local = read_packed(part.folder, "terms", part.terms).many(range(part.terms))
    numbers = np.empty(len(local), dtype=np.int64)
    for own, term in enumerate(local):
        number = vocabulary.get(term)
        if number is None:
            number = vocabulary[term] = len(terms)
            terms.append(term)
        numbers[own] = number
    order = np.argsort(numbers, kind="stable")
    write_array(part.folder, "to_joined", numbers.astype(np.uint32))
    write_array(part.folder, "joined_order", order)
    write_array(part.folder, "joined_sorted", numbers[order])


def _write_tokens(parts: list[SpilledPart], target: Path) -> None:
    """Every part's tokens renumbered, one after another; the token offsets and word counts."""
    tokens = ArrayWriter(target, "tokens", np.uint32)
    lengths: list[np.ndarray] = []
    words: list[np.ndarray] = []
    for part in parts:
        numbers = np.asarray(read_array(part.folder, "to_joined"))
        own = read_array(part.folder, "tokens")
        for start in range(0, len(own), TOKEN_BLOCK):
            tokens.append(numbers[np.asarray(own[start : start + TOKEN_BLOCK])])
        del own
        lengths.append(np.diff(np.asarray(read_array(part.folder, "token_offsets"))))
        words.append(np.asarray(read_array(part.folder, "word_counts"), dtype=np.uint32).copy())
    tokens.close()
    offsets = np.zeros(sum(map(len, lengths)) + 1, dtype=np.int64)
    np.cumsum(np.concatenate(lengths), out=offsets[1:])
    write_array(target, "token_offsets", offsets)
    write_array(target, "word_counts", np.concatenate(words).astype(np.uint32))


def term_ranges(offsets: np.ndarray, postings: int) -> Iterator[tuple[int, int]]:
    """(first, end) of consecutive terms of about `postings` postings each, covering every term of
    a table whose per-term `offsets` are given."""
    terms = len(offsets) - 1
    cuts = np.searchsorted(offsets, np.arange(postings, int(offsets[-1]), postings), side="right")
    bounds = [0, *sorted({int(cut) for cut in cuts} - {0, terms}), terms]
    yield from zip(bounds, bounds[1:], strict=False)


def _write_postings(
    parts: list[SpilledPart], target: Path, size: int, first_docs: np.ndarray, names: tuple[str, str, str | None]
) -> None:
    """One postings table (offsets per term, documents, counts if `names` has them) of all the
    parts, by term then document: written a range of terms at a time, each range's postings
    gathered from every part in part order (documents numbered after the parts before)."""
    offsets_name, docs_name, counts_name = names
    frequency = np.zeros(size, dtype=np.int64)
    for part in parts:
        numbers = np.asarray(read_array(part.folder, "to_joined"), dtype=np.int64)
        frequency[numbers] += np.diff(np.asarray(read_array(part.folder, offsets_name)))
    offsets = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(frequency, out=offsets[1:])
    write_array(target, offsets_name, offsets)
    docs = ArrayWriter(target, docs_name, np.uint32)
    counts = ArrayWriter(target, counts_name, np.uint16) if counts_name is not None else None
    for low, high in term_ranges(offsets, RANGE_POSTINGS):
        found_terms, found_docs, found_counts = [], [], []
        for part, first_doc in zip(parts, first_docs.tolist(), strict=False):
            joined_sorted = read_array(part.folder, "joined_sorted")
            start, end = np.searchsorted(joined_sorted, [low, high])
            own_terms = np.asarray(read_array(part.folder, "joined_order")[start:end])
            own_offsets = read_array(part.folder, offsets_name)
            starts = np.asarray(own_offsets[own_terms])
            lengths = np.asarray(own_offsets[own_terms + 1]) - starts
            found_terms.append(np.repeat(np.asarray(joined_sorted[start:end]), lengths))
            found_docs.append(gather_ranges(read_array(part.folder, docs_name), starts, lengths) + first_doc)
            if counts_name is not None:
                found_counts.append(gather_ranges(read_array(part.folder, counts_name), starts, lengths))
            del joined_sorted, own_offsets  # the part's maps let go before the next part's are read
        order = np.argsort(np.concatenate(found_terms), kind="stable")  # by term; parts (documents) in order
        docs.append(np.concatenate(found_docs)[order])
        if counts is not None:
            counts.append(np.concatenate(found_counts)[order])
    docs.close()
    if counts is not None:
        counts.close()
    give_back_freed_memory()  # each range's share of 50 parts and more: blocks of the heap, freed
