"""Opening a corpus: load and index it in one streaming pass, or reuse the snapshot of an unchanged one."""

from __future__ import annotations

import gc
import hashlib
import os
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from corpus.collector import collector_paused
from corpus.search.index import CorpusIndex
from corpus.load import iter_articles, iter_corpus_files
from corpus.models import LoadProblem, Progress
from corpus.search.snapshot import corpus_key, load_snapshot, save_snapshot, snapshot_path

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
    with collector_paused():
        opened = _open_corpus(paths, progress, cache_dir, use_snapshot)
    # The index lives as long as the session: set its millions of objects aside so that the
    # collector's full passes stop walking them (they cost up to 100 ms in a keystroke's search).
    gc.freeze()
    return opened


def _open_corpus(
    paths: Iterable[str | os.PathLike[str]], progress: Progress | None, cache_dir: Path | None, use_snapshot: bool
) -> OpenedCorpus:
    started = time.perf_counter()
    paths = [os.fspath(p) for p in paths]
    problems: list[LoadProblem] = []
    cache = (cache_dir or default_cache_dir()) if use_snapshot else None
    hint = _hint_path(cache, paths) if cache is not None else None
    guessed = _read_hint(hint) if hint is not None else None
    # The snapshot these paths had last time is read while the folders are walked, so the two
    # overlap; it is used only if the walk gives the same key.
    early = None
    if guessed is not None and cache is not None:
        early = _snapshot_reader.submit(load_snapshot, snapshot_path(cache, guessed), guessed)
    files = list(iter_corpus_files(paths, problems))
    key = path = None
    if cache is not None and files:
        key = corpus_key(files)
        path = snapshot_path(cache, key)
    read_early = early.result() if early is not None else None
    found = read_early if key is not None and key == guessed else None
    del read_early  # never two indexes in memory at once
    if found is None and path is not None and hint is not None and key != guessed and path.exists():
        found = load_snapshot(path, key)  # type: ignore[arg-type]
        if found is not None:
            _write_hint(hint, key)  # type: ignore[arg-type]
    if found is not None:
        index, saved_problems = found
        return OpenedCorpus(index, problems + saved_problems, True, time.perf_counter() - started, len(files))
    release = sum(f.size for f in files) > RESIDENT_BYTES
    walked = len(problems)
    index = CorpusIndex(iter_articles(files, problems, progress), release_texts=release)
    if path is not None and key is not None and hint is not None and len(index):
        try:
            save_snapshot(path, key, index, problems[walked:])
            if guessed is not None and guessed != key and cache is not None:
                snapshot_path(cache, guessed).unlink(missing_ok=True)  # the corpus changed: drop its old snapshot
        except OSError:
            pass  # a read-only or full cache only costs the next start its speed
        else:
            _write_hint(hint, key)
            _drop_orphans(hint.parent)
    return OpenedCorpus(index, problems, False, time.perf_counter() - started, len(files))


_snapshot_reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="akhbar-snapshot")


def _hint_path(cache: Path, paths: list[str]) -> Path:
    """Where the key of the last snapshot made for these corpus paths is noted."""
    named = hashlib.sha256("\0".join(os.path.abspath(p) for p in paths).encode("utf-8", "surrogateescape"))
    return cache / "index" / f"last-{named.hexdigest()[:32]}.txt"


def _read_hint(hint: Path) -> str | None:
    try:
        key = hint.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return key if len(key) == 64 and all(c in "0123456789abcdef" for c in key) else None


ORPHAN_AGE_SECONDS = 3600
"""Snapshots no corpus points to (an older format, a corpus gone) are deleted once this old;
younger ones may belong to another process that has not written its note yet."""


def _drop_orphans(folder: Path) -> None:
    """Delete snapshots and interrupted writes that no `last-*.txt` note points to."""
    wanted = {key[:40] for note in folder.glob("last-*.txt") if (key := _read_hint(note))}
    cutoff = time.time() - ORPHAN_AGE_SECONDS
    for path in [*folder.glob("*.akx"), *folder.glob("*.tmp")]:
        try:
            if path.stem not in wanted and path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            continue


def _write_hint(hint: Path, key: str) -> None:
    """Note the key for these paths (atomically); a note that cannot be written only costs the
    next start its overlap."""
    temporary = hint.with_suffix(".tmp")
    try:
        temporary.write_text(key, encoding="ascii")
        os.replace(temporary, hint)
    except OSError:
        pass
