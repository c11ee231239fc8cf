"""The stories saved beside the search index generation they were built on.

Like the entity index (corpus.entities.saved): numpy members in a folder of the generation,
read back through memory maps (shared by every session on the archive), with a CRC-32 of
each member checked at load. The folder's name carries FORMAT and the grouping's
parameters' version, so a new grouping never reuses an old copy; it is written into a
temporary folder and renamed, and a copy that fails its checks is deleted (and built again).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from corpus.models import Article
from corpus.saved_folders import (
    checksums,
    link_or_write,
    load_saved,
    read_array,
    record_verified,
    remove_saved,
    save_once,
    verify_members,
    write_array,
    write_bytes,
)
from corpus.search.segmented import StackedRows
from corpus.stories.index import StoryIndex
from corpus.stories.reprints import NUM_PERM

__all__ = ["FORMAT", "load_stories", "save_stories", "stories_folder"]

FORMAT = 5
"""Raise it when the saved members or the rules of grouping change."""


SOURCE_COUNTS = "source_counts"
"""How many sources carried each story (StoryIndex.source_counts), saved so that a start does not
count them again (0.7 s at 1.1 million articles); stories saved before it count them when asked."""


DAY_NUMBERS = "day_numbers"
"""Each article's day number (StoryIndex.day_numbers), saved so that carrying the stories to a
change reads the new articles' dates alone (0.07 s at 1.1 million articles); stories saved
before it read every article's."""
LAST_DAY = 3_652_059
"""date(9999, 12, 31).toordinal(): no saved day number is past it."""


def stories_folder(generation: Path) -> Path:
    return generation / f"stories-{FORMAT}"


def save_stories(generation: Path, stories: StoryIndex) -> None:
    """Write the stories into the generation (once: a copy already there is kept). Raises
    OSError when they cannot be written."""
    target = stories_folder(generation)
    for old in generation.glob("stories-*"):  # an earlier format's copy
        if old.name != target.name:
            remove_saved(old)

    def write(folder: Path) -> None:
        write_array(folder, "story_of", stories.story_of.astype(np.int32))
        write_array(folder, "reprint_of", stories.reprint_of.astype(np.int32))
        values, known = stories.values, {}
        if isinstance(values, StackedRows):  # the base's signatures linked, those added since written
            crc = link_or_write(folder, "signatures", values.first)
            if crc is not None:
                known["signatures.npy"] = crc
            write_array(folder, "tail_signatures", np.asarray(values.second, dtype=np.uint32))
            if len(values.deleted):  # the base's rows of articles gone since
                write_array(folder, "deleted_signatures", values.deleted)
        else:
            write_array(folder, "signatures", np.asarray(values, dtype=np.uint32))
        write_array(folder, SOURCE_COUNTS, stories.source_counts())
        days = stories.day_numbers()
        if days is not None:
            write_array(folder, DAY_NUMBERS, np.asarray(days, dtype=np.int32))
        sums = checksums(folder, known)
        meta = {
            "format": FORMAT,
            "articles": len(stories.story_of),
            "tail": len(values.second) if isinstance(values, StackedRows) else 0,
            "deleted": len(values.deleted) if isinstance(values, StackedRows) else 0,
            "checksums": sums,
        }
        write_bytes(folder, "meta.json", json.dumps(meta).encode())
        record_verified(folder, sums)  # read back whole just now: not again when loaded

    save_once(target, write)


def load_stories(generation: Path, articles: Sequence[Article]) -> StoryIndex | None:
    """The saved stories of the generation, memory-mapped; None when there are none or they
    fail their checks (then they are deleted, and built again by the caller)."""

    def read(folder: Path, meta: object) -> StoryIndex:
        if not isinstance(meta, dict) or meta.get("format") != FORMAT or meta.get("articles") != len(articles):
            raise ValueError("stories of another format or archive")
        verify_members(folder, meta.get("checksums"))
        story_of = np.asarray(read_array(folder, "story_of"))
        reprint_of = np.asarray(read_array(folder, "reprint_of"))
        mapped = read_array(folder, "signatures")
        base = mapped.reshape(-1, NUM_PERM)
        base.identity = mapped.identity  # type: ignore[attr-defined]  # linked again by the next save
        values: np.ndarray | StackedRows = base
        if meta.get("tail") or meta.get("deleted"):
            # signatures of the articles added after the base's, apart; the base's rows gone since, listed
            deleted = np.asarray(read_array(folder, "deleted_signatures")) if meta.get("deleted") else None
            if deleted is not None and (deleted.dtype != np.int64 or (np.diff(deleted) <= 0).any()):
                raise ValueError("deleted signatures not in order")
            if deleted is not None and len(deleted) and (int(deleted[0]) < 0 or int(deleted[-1]) >= len(base)):
                raise ValueError("a deleted signature out of range")
            values = StackedRows(base, np.asarray(read_array(folder, "tail_signatures")).reshape(-1, NUM_PERM), deleted)
        if story_of.dtype != np.int32 or reprint_of.dtype != np.int32 or values.dtype != np.uint32:
            raise ValueError("story members of another type")
        if len(story_of) and (int(story_of.max()) >= len(story_of) or int(reprint_of.max()) >= len(story_of)):
            raise ValueError("a story number out of range")
        if len(reprint_of) and int(reprint_of.min()) < -1:
            raise ValueError("a reprint group out of range")
        stories = StoryIndex(articles, story_of, reprint_of, values)
        counts = read_array(folder, SOURCE_COUNTS) if f"{SOURCE_COUNTS}.npy" in meta.get("checksums", {}) else None
        if (
            counts is not None
            and counts.dtype == np.int32
            and counts.shape == (len(stories),)
            and (not len(counts) or 0 <= int(counts.min()) <= int(counts.max()) <= len(articles))
        ):
            stories.use_source_counts(np.asarray(counts))  # else (saved before they were) counted when asked
        days = read_array(folder, DAY_NUMBERS) if f"{DAY_NUMBERS}.npy" in meta.get("checksums", {}) else None
        if (
            days is not None
            and days.dtype == np.int32
            and days.shape == (len(articles),)
            and (not len(days) or -1 <= int(days.min()) <= int(days.max()) <= LAST_DAY)
        ):
            stories.use_day_numbers(np.asarray(days))  # else (saved before they were) read from the dates
        return stories

    return load_saved(stories_folder(generation), read)
