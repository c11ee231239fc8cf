"""Opening a corpus: load and index it in one streaming pass, or reuse the snapshot of an unchanged one."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from corpus.index import CorpusIndex
from corpus.load import iter_articles, iter_corpus_files
from corpus.models import LoadProblem, Progress
from corpus.snapshot import corpus_key, load_snapshot, save_snapshot, snapshot_path

__all__ = ["OpenedCorpus", "open_corpus", "default_cache_dir", "RESIDENT_BYTES"]

RESIDENT_BYTES = 64 * 1024 * 1024
"""Corpora smaller than this keep their texts in memory; larger ones read a text again when it is shown."""


def default_cache_dir() -> Path:
    """The user's cache directory for Akhbar ($XDG_CACHE_HOME/akhbar on Linux)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("akhbar"))


@dataclass(slots=True)
class OpenedCorpus:
    """The index, what went wrong on the way, and whether a snapshot was reused."""

    index: CorpusIndex
    problems: list[LoadProblem] = field(default_factory=list)
    reused: bool = False
    seconds: float = 0.0
    files: int = 0


def open_corpus(
    paths: Iterable[str | os.PathLike[str]],
    *,
    progress: Progress | None = None,
    cache_dir: Path | None = None,
    use_snapshot: bool = True,
) -> OpenedCorpus:
    """Index every article under `paths`, reusing (and refreshing) the cached snapshot when allowed."""
    started = time.perf_counter()
    problems: list[LoadProblem] = []
    files = list(iter_corpus_files(paths, problems))
    key = path = None
    if use_snapshot and files:
        cache = cache_dir or default_cache_dir()
        key = corpus_key(files)
        path = snapshot_path(cache, key)
        found = load_snapshot(path, key) if path.exists() else None
        if found is not None:
            index, saved_problems = found
            return OpenedCorpus(index, problems + saved_problems, True, time.perf_counter() - started, len(files))
    release = sum(f.size for f in files) > RESIDENT_BYTES
    walked = len(problems)
    index = CorpusIndex(iter_articles(files, problems, progress), release_texts=release)
    if path is not None and key is not None and len(index):
        try:
            save_snapshot(path, key, index, problems[walked:])
        except OSError:
            pass  # a read-only or full cache only costs the next start its speed
    return OpenedCorpus(index, problems, False, time.perf_counter() - started, len(files))
