"""Bringing a large saved archive up to date in a helper process, for a session that follows it.

In the session itself, a change to an archive of a million articles walked a million files
and merged the index on disk: the walk's names, the kept ids and the stories' signatures
(about 1.1 GB at its peak) freed left the session's own memory at 420 MB where it had been
140 MB. A helper process walks, compares, reads what changed, merges on disk, saves the new
generation with its stories extended, and ends; the session reads the new generation back
through memory maps, as a start does. Where no helper can run or finish, the caller merges
in its own process.
"""

from __future__ import annotations

from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from corpus.archive.opening import merged_and_saved, releases_texts, saved_stories, shared_stories
from corpus.garbage_collection import collector_paused
from corpus.models import LoadProblem, Progress, report_phase
from corpus.processes import ends_with_parent, spawn_context, starting_helpers
from corpus.storage.generations import IndexStore
from corpus.storage.incremental import Changes, find_changes
from corpus.storage.merge import kept_numbers
from corpus.storage.trusted_walk import files_by_record, record_walk
from corpus.walked import walk_corpus

__all__ = ["Merged", "merged_elsewhere"]

POLL_SECONDS = 0.1


@dataclass(frozen=True, slots=True)
class Merged:
    """What the helper did: the generation it saved (None: nothing had changed), the changes
    it found and the problems of reading what changed."""

    generation: str | None
    changes: Changes | None = None
    problems: tuple[LoadProblem, ...] = ()


def merged_elsewhere(
    generation: Path, paths: list[str], follow_links: bool, skip: list[str], *, progress: Progress | None = None
) -> Merged | None:
    """Bring the archive saved as `generation` up to date with its files in a helper process,
    which saves the result as the store's new current generation; None when the helper could
    not (no process, a cache that cannot be written): the caller then does it."""
    context = spawn_context()
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(
        target=_merge_saved,
        args=(str(generation), paths, follow_links, skip, sending),
        name="akhbar-merge",
        daemon=True,
    )
    with starting_helpers():
        try:
            child.start()
        except (OSError, ValueError, RuntimeError):
            return None
    sending.close()
    answer: Merged | None = None
    try:
        while child.is_alive() or receiving.poll():
            report_phase(progress, "bringing the index up to date")
            if receiving.poll(POLL_SECONDS):
                try:
                    answer = receiving.recv()
                except EOFError:
                    break
        child.join()
    except BaseException:
        child.terminate()
        child.join()
        raise
    finally:
        receiving.close()
    return answer if child.exitcode == 0 else None


def _merge_saved(generation: str, paths: list[str], follow_links: bool, skip: list[str], answer: Connection) -> None:
    """In the helper: what Archive.updated does for a large archive, saved as a generation."""
    ends_with_parent()
    folder = Path(generation)
    store = IndexStore.at(folder.parent)
    with collector_paused():
        saved = store.load(folder.name)
        if saved is None:
            raise SystemExit(1)
        problems: list[LoadProblem] = []
        files = files_by_record(
            store, folder.name, follow_links, problems, lambda: saved.files.paths, roots=paths, skip=skip
        )
        if files is None:
            files = walk_corpus(paths, problems, follow_links=follow_links, skip=skip, resolved=True)
        changes = find_changes(saved.files, len(saved.index), files)
        if changes.none:
            record_walk(store, folder.name, files, problems, follow_links)
            answer.send(Merged(None))
            return
        walk_problems = list(problems)
        with store.writing() as writable:
            if not writable:
                raise SystemExit(1)
            # Saved as the current generation even when another session saved one meanwhile: it
            # holds the files as they are now, numbered from this session's index.
            index, _, new = merged_and_saved(
                store, saved.index, saved.files, changes, problems, release=releases_texts(files)
            )
        if new is None:
            raise SystemExit(1)
        old_stories = saved_stories(folder, saved.index.articles)
        if old_stories is not None:
            shared_stories(new, old_stories.extended(index, kept_numbers(changes.keep)), index.articles)
        record_walk(store, new.name, files, walk_problems, follow_links)
        answer.send(Merged(new.name, changes, tuple(problems)))
