"""Opening an archive's index: the saved generation reused, brought up to date or built, and
saved; the entity index and stories saved into a generation and read back through memory maps."""

from __future__ import annotations

import contextlib
import copy
import importlib
import shutil
import time
from collections.abc import Sequence
from concurrent import futures
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from corpus.errors import AkhbarError
from corpus.garbage_collection import large_blocks_returned
from corpus.models import Article, LoadProblem, Progress, report_phase
from corpus.packed import PackedStrings
from corpus.search.index import CorpusIndex
from corpus.storage.disk_merge import worth_merging_on_disk
from corpus.storage.generations import BegunSave, IndexDamaged, IndexStore, KnownFiles, Saved
from corpus.storage.incremental import Changes, bring_up_to_date, find_changes
from corpus.storage.merge import kept_numbers
from corpus.storage.spill import worth_spilling
from corpus.storage.trusted_walk import files_by_record, record_walk, trusted_problems
from corpus.walked import WalkedFiles, walk_corpus

if TYPE_CHECKING:
    from corpus.cluster import Cluster
    from corpus.entities.index import EntityIndex
    from corpus.entities.saved import CarriedNames
    from corpus.stories.index import StoryIndex

__all__ = [
    "RESIDENT_BYTES",
    "Opened",
    "merged_and_saved",
    "open_index",
    "releases_texts",
    "save_generation",
    "saved_entities",
    "saved_stories",
    "shared_entities",
    "shared_stories",
]

RESIDENT_BYTES = 64 * 1024 * 1024
"""Corpora smaller than this keep their texts in memory; larger ones read a text again when it is shown."""


def releases_texts(files: WalkedFiles) -> bool:
    """Whether a corpus of these files reads a text again when it is shown (RESIDENT_BYTES)."""
    return files.total_size() > RESIDENT_BYTES


def open_index(
    paths: list[str],
    progress: Progress | None,
    cache: Path | None,
    problems: list[LoadProblem],
    skip: list[Path],
    follow_links: bool,
    cluster: Cluster | None = None,
    *,
    trust_folders: bool = False,
    check_later: bool = False,
) -> Opened:
    """The index of the files under `paths`: the saved one when nothing changed, the saved one
    brought up to date when some files did, else built; problems are added to `problems`.
    With `trust_folders`, the saved one is taken without a walk when no folder changed since a
    walk found its files (corpus.storage.trusted_walk); with `check_later`, whatever changed
    (the caller brings it up to date after: Archive.updated)."""
    report_phase(progress, "finding the files")
    store = IndexStore(cache, paths) if cache is not None else None
    if cache is not None and store is not None:
        _drop_old_formats(cache / "index")
        store.drop_dead_writes()
        trusted = _trusted_start(store, problems, follow_links, check_later) if trust_folders or check_later else None
        if trusted is not None:
            return trusted
        again = _opened_again(store, problems, progress, follow_links, cluster, paths, skip)
        if again is not None:
            return again
    # The saved index is read while the folders are walked, so the two overlap.
    early = _saved_reader.submit(load_saved, store, problems) if store is not None else None
    walk_problems: list[LoadProblem] = []
    into = _first_walk_folder(store) if store is not None else None
    try:
        files = walk_corpus(paths, walk_problems, follow_links=follow_links, skip=skip, resolved=True, into=into)
        saved = early.result() if early is not None else None
        problems.extend(walk_problems)
        opened = update(store, saved, files, problems, progress, releases_texts(files), cluster)
    finally:
        if into is not None:
            shutil.rmtree(into, ignore_errors=True)  # a build moved what it kept of it
    if store is not None and opened.generation is not None:
        record_walk(store, opened.generation.name, files, walk_problems, follow_links)
    return opened


def _first_walk_folder(store: IndexStore) -> Path | None:
    """Where a first build's walk writes its file columns as it goes (so that its memory does not
    grow with the files: corpus.walked), when the store has no generation yet; None otherwise
    (a start compares the walk with the saved table in memory) or when it cannot be made."""
    try:
        if store.current() is not None:
            return None
        return store.new_folder()
    except (IndexDamaged, OSError):
        return None


def _opened_again(
    store: IndexStore,
    problems: list[LoadProblem],
    progress: Progress | None,
    follow_links: bool,
    cluster: Cluster | None,
    paths: list[str],
    skip: list[Path],
) -> Opened | None:
    """The saved generation brought up to date with its files each stat'ed again, listing only
    the folders that changed since the walk that found them (of `paths`, `skip` left out:
    corpus.storage.trusted_walk.files_by_record): every file looked at. None when the folders
    must be walked."""
    generation = _current(store)
    if generation is None:
        return None
    loaded: list[Saved] = []

    def known() -> Sequence[str] | None:
        saved = load_saved(store, problems)
        if saved is None or saved.generation != generation:
            return None  # replaced or damaged meanwhile: walked in full
        loaded.append(saved)
        return saved.files.paths

    walk_problems: list[LoadProblem] = []
    files = files_by_record(store, generation, follow_links, walk_problems, known, roots=paths, skip=skip)
    if files is None:
        return None
    problems.extend(walk_problems)
    opened = update(store, loaded[0], files, problems, progress, releases_texts(files), cluster)
    if opened.generation is not None:
        record_walk(store, opened.generation.name, files, walk_problems, follow_links)
    return opened


def _current(store: IndexStore) -> str | None:
    """The store's current generation; None when it has none or its pointer is damaged."""
    try:
        return store.current()
    except IndexDamaged:
        return None


def _trusted_start(
    store: IndexStore, problems: list[LoadProblem], follow_links: bool, check_later: bool
) -> Opened | None:
    """The saved generation, its files taken as the walk that found them recorded them, when
    every folder is as that walk saw it (or whatever changed, when the caller will `check_later`);
    None when the files must be walked."""
    generation = _current(store)
    if generation is None:
        return None
    walk_problems = trusted_problems(store, generation, follow_links)
    if walk_problems is None and not check_later:
        return None
    saved = load_saved(store, problems)  # a damaged one is named, deleted and built again
    if saved is None or saved.generation != generation:
        return None  # replaced or damaged meanwhile: the walk's start reads it again
    problems.extend(walk_problems or [])
    unchanged = Changes(np.ones(len(saved.index), dtype=bool), np.arange(len(saved.files), dtype=np.int64))
    opened = reused(store, saved, unchanged, problems)
    opened.trusted = True
    opened.walk_unknown = walk_problems is None
    return opened


@dataclass(slots=True)
class Opened:
    index: CorpusIndex
    files: KnownFiles
    changes: Changes
    reused: bool
    generation: Path | None
    stories: StoryIndex | None = None
    trusted: bool = False
    """Taken without a walk (_trusted_start): a file rewritten in place since is not seen yet."""
    walk_unknown: bool = False
    """Taken so with no record of the walk's problems (a link out of the corpus, a folder that
    cannot be read): the look after it names them (Archive.updated)."""


def update(
    store: IndexStore | None,
    saved: Saved | None,
    files: WalkedFiles,
    problems: list[LoadProblem],
    progress: Progress | None,
    release: bool,
    cluster: Cluster | None = None,
) -> Opened:
    """Reuse `saved` if it matches `files`, else bring it up to date and save the result (one
    session at a time: a session that waited uses what the one before it saved, if it matches).
    A saved index that cannot be brought up to date for a fault of this code (not the disk, the
    memory or a cluster) is discarded, named among the problems, and the corpus indexed anew:
    one such fault never makes every later start fail on the same saved index."""
    try:
        return _brought_up_to_date(store, saved, files, problems, progress, release, cluster)
    except (OSError, MemoryError, AkhbarError):
        raise
    except Exception as error:  # noqa: BLE001 - any other fault of the merge: never a crash loop
        if store is None or saved is None or cluster is not None:  # a cluster's worker failing is no fault here
            raise
        store.discard(saved.generation)
        problems.append(
            LoadProblem(
                str(store.folder),
                f"saved index could not be brought up to date ({type(error).__name__}: {error}): indexed anew",
                skipped=False,
            )
        )
        return _brought_up_to_date(store, None, files, problems, progress, release, cluster)


def _brought_up_to_date(
    store: IndexStore | None,
    saved: Saved | None,
    files: WalkedFiles,
    problems: list[LoadProblem],
    progress: Progress | None,
    release: bool,
    cluster: Cluster | None,
) -> Opened:
    changes = compared(saved, files)
    if saved is not None and changes.none:
        return reused(store, saved, changes, problems)
    with store.writing() if store is not None else contextlib.nullcontext(False) as writable:
        if store is not None and not store.is_current(saved.generation if saved is not None else None):
            saved = load_saved(store, problems)  # another session saved while this one walked or waited
            changes = compared(saved, files)
            if saved is not None and changes.none:
                return reused(store, saved, changes, problems)
        base, known = (saved.index, saved.files) if saved is not None else (None, None)
        spill = store.new_folder() if store is not None and _spilled_build(writable, saved, cluster, changes) else None
        # A first build in parts: the blocks this process joins and saves, once freed, are given
        # back rather than kept in its heap.
        first_build: contextlib.AbstractContextManager[None] = (
            large_blocks_returned() if saved is None and spill is not None else contextlib.nullcontext()
        )
        with first_build:
            begun: futures.Future[BegunSave] | None = None
            try:
                begun = _begun(store, writable, spill, changes)
                old_stories = stories_carried_from(store, saved)
                if old_stories is not None:  # carried once merged: what they need is imported meanwhile
                    _saver.submit(_imported, STORY_MODULES)
                report_phase(progress, "reading and indexing")
                index, table = bring_up_to_date(
                    base,
                    known,
                    changes,
                    problems,
                    progress=progress,
                    release_texts=release,
                    executor=cluster.executor if cluster is not None else None,
                    parts=cluster.parts if cluster is not None else 2,
                    spill_to=spill,
                )
                saving = store is not None and writable and len(index) > 0
                written = spill if spill is not None and spill.exists() else None  # gone: merged in memory
                old_stories = old_stories if len(index) else None
                names = _names_before(store, saved) if saving else None
                del base, saved
                generation, stories = _saved_and_carried(
                    store if saving else None, index, table, written, old_stories, changes.keep, progress, begun
                )
                if generation is not None and names is not None:
                    _carried(generation, names)
            finally:
                if spill is not None:
                    shutil.rmtree(spill, ignore_errors=True)  # gone once saved: renamed into place
                if begun is not None:
                    try:
                        _ended(begun)  # ends once the begin has, an interrupt meanwhile raised after
                    finally:
                        if begun.done() and begun.exception() is None:
                            shutil.rmtree(begun.result().folder, ignore_errors=True)  # as the spill's
        if generation is not None and stories is not None:
            stories = shared_stories(generation, stories, index.articles)
    return Opened(index, table, changes, False, generation, stories)


def _names_before(store: IndexStore | None, saved: Saved | None) -> CarriedNames | None:
    """The names and named words of the saved generation's entity table (or those carried into
    it), read before a change's save deletes it: the next generation keeps them (carry_names)."""
    if store is None or saved is None:
        return None
    from corpus.entities.saved import saved_names

    return saved_names(store.folder / saved.generation)


def _carried(generation: Path, names: CarriedNames) -> None:
    """Keep the names of the table before a change in the generation it made, until its own comes."""
    from corpus.entities.saved import carry_names

    with contextlib.suppress(OSError):  # a cache that cannot be written costs a shell search its names
        carry_names(generation, names)


def _begun(
    store: IndexStore | None, writable: bool, spill: Path | None, changes: Changes
) -> futures.Future[BegunSave] | None:
    """The generation begun in the save thread with the paths and stamps the walk found (the
    table's, once brought up to date: 124 MB at 1.1 million files) while this thread reads what
    changed and merges it (moved into the folder it is merged in, when merged on disk); None
    where it is not saved, or no walk gave the paths."""
    if store is None or not writable or not isinstance(changes.walk_paths, PackedStrings):
        return None
    return _saver.submit(store.begin_save, changes.walk_paths, changes.walk_stamps)


def _saved_and_carried(
    store: IndexStore | None,
    index: CorpusIndex,
    table: KnownFiles,
    written: Path | None,
    old_stories: StoryIndex | None,
    keep: np.ndarray,
    progress: Progress | None,
    begun: futures.Future[BegunSave] | None = None,
) -> tuple[Path | None, StoryIndex | None]:
    """The index saved into `store` (None: not saved) and `old_stories` carried to it: the
    generation and the stories. A change merged in memory (a few files) is saved in a thread
    while its stories are carried here, each on a core: the save mostly waits on the disk and
    zlib, which let the stories run (at 1.1 million articles, the stories took 0.8-1.1 s in a
    thread beside the save, 0.7 s here). The stories read a copy of the index taken before the
    save starts: the save gives the index its saved arrays, one attribute after another (equal,
    but not all at once). Nothing leaves before the save has ended, an interrupt included (the
    store's lock is held until then); the save's error is the one raised when both fail."""
    if store is None or old_stories is None or written is not None:
        stories = extended_stories(old_stories, index, keep, progress)
        if store is None:
            return None, stories
        report_phase(progress, "saving the index")
        return save_generation(store, index, table, written, begun), stories
    copied = copy.copy(index)
    saving = _saver.submit(save_generation, store, index, table, None, begun)
    try:
        stories = extended_stories(old_stories, copied, keep, progress)
        if not saving.done():
            report_phase(progress, "saving the index")
    except BaseException as error:
        _ended(saving)
        failed = saving.exception()
        if failed is not None and isinstance(error, Exception):  # an interrupt stays an interrupt
            raise failed from None
        raise
    _ended(saving)
    return saving.result(), stories


def _ended(saving: futures.Future[Any]) -> None:
    """Wait for the save thread to end, however often interrupted meanwhile; then raise the
    first interrupt."""
    interrupted: BaseException | None = None
    while not saving.done():
        try:
            futures.wait([saving])
        except BaseException as error:  # noqa: BLE001 - a Ctrl-C while the save writes: it ends first
            interrupted = interrupted or error
    if interrupted is not None:
        raise interrupted


def merged_and_saved(
    store: IndexStore,
    base: CorpusIndex,
    known: KnownFiles,
    changes: Changes,
    problems: list[LoadProblem],
    *,
    progress: Progress | None = None,
    release: bool = False,
) -> tuple[CorpusIndex, KnownFiles, Path | None]:
    """`base` brought up to date with `changes`, merged on disk into a new generation of `store`
    and saved as its current one (the caller holds the store's lock): the index, its file table,
    and the generation (None when it could not be saved or holds no article)."""
    spill = store.new_folder()
    try:
        index, table = bring_up_to_date(
            base, known, changes, problems, progress=progress, release_texts=release, spill_to=spill
        )
        written = spill if spill.exists() else None  # gone: merged in memory
        generation = save_generation(store, index, table, written) if len(index) else None
    finally:
        shutil.rmtree(spill, ignore_errors=True)  # gone once saved: renamed into place
    return index, table, generation


def _spilled_build(writable: bool, saved: Saved | None, cluster: Cluster | None, changes: Changes) -> bool:
    """A first build large enough to be made in parts on disk, or a large index's merge with
    what changed, or a large change's (its files indexed in parts), written on disk a range at
    a time: each where it will be saved. A change of every file of the 69k bench (their inode
    times changed) peaked at 1.18 GB merged in memory."""
    if not writable:
        return False
    if saved is None:
        return cluster is None and worth_spilling(changes.to_read)
    large_change = cluster is None and worth_spilling(changes.to_read)
    return len(saved.index) > 0 and (worth_merging_on_disk(saved.index) or large_change)


def stories_carried_from(store: IndexStore | None, saved: Saved | None) -> StoryIndex | None:
    """The stories saved with the generation an index is brought up to date from (carried to
    it by `extended_stories`), or None when it has none (then they are grouped when first
    asked for)."""
    if store is None or saved is None or not len(saved.index):
        return None
    return saved_stories(store.folder / saved.generation, saved.index.articles)


STORY_MODULES = ("scipy.sparse",)
"""What carrying stories imports (0.1 s here): imported in the save thread while the index is
brought up to date, on the core that the merge leaves idle."""


def _imported(names: Sequence[str]) -> None:
    """Import `names` (one that fails is left to fail where it is used)."""
    for name in names:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)


def extended_stories(
    old: StoryIndex | None, index: CorpusIndex, keep: np.ndarray, progress: Progress | None
) -> StoryIndex | None:
    """`old` carried to the index brought up to date, as a followed archive carries them (only
    the new articles sketched and joined), their stories' sources counted (which saving them
    writes: 0.2 s at 1.1 million articles, here beside the index's save); None without stories
    to carry."""
    if old is None:
        return None
    stories = old.extended(index, kept_numbers(keep), progress=progress)
    stories.source_counts()
    return stories


def compared(saved: Saved | None, files: WalkedFiles) -> Changes:
    """What differs between the saved index (None: none) and the files found now."""
    return find_changes(saved.files if saved is not None else None, len(saved.index) if saved is not None else 0, files)


def reused(store: IndexStore | None, saved: Saved, changes: Changes, problems: list[LoadProblem]) -> Opened:
    """The saved index of an unchanged archive, its files' problems named again."""
    problems.extend(problem for _, problem in saved.files.problems)
    generation = store.folder / saved.generation if store is not None else None
    return Opened(saved.index, saved.files, changes, True, generation)


def save_generation(
    store: IndexStore,
    index: CorpusIndex,
    files: KnownFiles,
    written: Path | None = None,
    begun: futures.Future[BegunSave] | None = None,
) -> Path | None:
    """Save, then read the arrays, articles and file paths back through memory maps, so that
    this session too shares them; returns the generation folder, or None when it could not be
    saved. `written`: the folder the index's arrays and articles were spilled to; `begun`: the
    generation begun meanwhile (IndexStore.save), written whole when that failed."""
    try:
        started = begun.result() if begun is not None and begun.exception() is None else None
        generation = store.save(index, files, written, started)
        index.share_arrays(store.mapped_arrays(generation, segmented=index.segmented))
        index.articles = store.mapped_articles(generation, len(index))
        store.share_strings(generation, index)
    except (OSError, IndexDamaged):
        return None  # a read-only or full cache only costs the next start its speed
    with contextlib.suppress(OSError, ValueError):  # else the paths stay as built
        files.paths = store.mapped_paths(generation, len(files.paths))
    return store.folder / generation


def saved_entities(generation: Path, articles: Sequence[Article]) -> EntityIndex | None:
    """The entity index saved in the generation, memory-mapped, or None."""
    from corpus.entities.saved import load_entities

    return load_entities(generation, articles)


def shared_entities(generation: Path, entities: EntityIndex) -> EntityIndex:
    """Save a built entity index into the generation and use the saved copy instead: read
    through memory maps, it is shared with every other session (kept as built when it cannot
    be saved)."""
    from corpus.entities.saved import save_entities

    try:
        save_entities(generation, entities)
    except OSError:
        return entities
    shared = saved_entities(generation, entities.articles)
    if shared is None:
        return entities
    shared.cache_problem = entities.cache_problem
    shared.tagged_here = entities.tagged_here
    return shared


def saved_stories(generation: Path, articles: Sequence[Article]) -> StoryIndex | None:
    from corpus.stories.saved import load_stories

    return load_stories(generation, articles)


def shared_stories(generation: Path, stories: StoryIndex, articles: Sequence[Article]) -> StoryIndex:
    """Save the stories into the generation and use the saved, memory-mapped copy (kept as
    built when they cannot be saved)."""
    from corpus.stories.saved import save_stories

    try:
        save_stories(generation, stories)
    except OSError:
        return stories
    return saved_stories(generation, articles) or stories


def load_saved(store: IndexStore | None, problems: list[LoadProblem]) -> Saved | None:
    """The current saved index, or None; a damaged one is deleted and named once among the problems."""
    if store is None:
        return None
    try:
        generation = store.current()
        return store.load(generation) if generation is not None else None
    except IndexDamaged as error:
        store.discard(error.generation)
        problems.append(LoadProblem(str(store.folder), f"saved index damaged and rebuilt ({error})", skipped=False))
        return None


_saved_reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="akhbar-saved-index")
_saver = ThreadPoolExecutor(max_workers=1, thread_name_prefix="akhbar-save")


OLD_FORMAT_SECONDS = 3600
"""Snapshots of earlier versions (one .akx file per corpus) are deleted once this old; a younger
one may belong to an earlier Akhbar still running."""


def _drop_old_formats(folder: Path) -> None:
    cutoff = time.time() - OLD_FORMAT_SECONDS
    for path in [*folder.glob("*.akx"), *folder.glob("last-*.txt"), *folder.glob("*.tmp")]:
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            continue
