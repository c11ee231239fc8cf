"""The archive service: opens a corpus and owns its articles, search index, snapshot and entity index.

The command line and the app both go through `Archive`: it loads (or reuses the snapshot of)
the corpus, answers searches, reads article texts explicitly, and builds the entity index.
An article is known everywhere by one key, its position in the archive (`Doc`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from corpus.collector import collector_paused, give_back_freed_memory, set_aside
from corpus.load import display_path, iter_articles, iter_corpus_files
from corpus.models import Article, Doc, LoadProblem, Progress
from corpus.search.index import CorpusIndex
from corpus.search.ranking import SearchResult, search
from corpus.search.snapshot import (
    SnapshotDamaged,
    corpus_key,
    load_snapshot,
    save_snapshot,
    snapshot_path,
)
from corpus.user_dirs import cache_dir as user_cache_dir

if TYPE_CHECKING:
    from corpus.entities.index import EntityIndex
    from corpus.entities.mentions import Entity

__all__ = ["Archive", "RESIDENT_BYTES"]

RESIDENT_BYTES = 64 * 1024 * 1024
"""Corpora smaller than this keep their texts in memory; larger ones read a text again when it is shown."""
ENTITY_CACHE = "entities.sqlite"


class Archive:
    """An opened corpus: its articles, index and problems, and (once built) its entity index."""

    def __init__(
        self,
        paths: Sequence[str],
        index: CorpusIndex,
        problems: list[LoadProblem],
        *,
        cache_dir: Path | None,
        reused: bool = False,
        seconds: float = 0.0,
    ) -> None:
        self.paths = list(paths)
        self.index = index
        self.problems = problems
        self.cache_dir = cache_dir
        """Where snapshots and the entity cache go; None for an archive that caches nothing."""
        self.reused = reused
        """True when the index came from the snapshot of an unchanged corpus."""
        self.seconds = seconds
        self.entities: EntityIndex | None = None
        """The corpus-wide entity index, once `build_entities` (or the app's process) made it."""
        self._ids: list[str] | None = None

    @classmethod
    def open(
        cls,
        paths: Iterable[str | os.PathLike[str]],
        *,
        progress: Progress | None = None,
        cache_dir: Path | None = None,
        use_snapshot: bool = True,
        follow_links: bool = False,
    ) -> Archive:
        """Load and index every article under `paths`, reusing (and refreshing) the snapshot of
        an unchanged corpus when `use_snapshot`. Bad files become problems, never exceptions.

        Nothing is ever written under a corpus path: a cache folder inside the corpus is not
        walked, and is not used (the archive then caches nothing, and says so).
        """
        shown = [os.fspath(p) for p in paths]
        folder = cache_dir or user_cache_dir()
        problems: list[LoadProblem] = []
        inside = _corpus_holding(folder, shown)
        if inside is not None:
            reason = f"the cache folder {display_path(str(folder))} is inside the corpus: nothing is cached"
            problems.append(LoadProblem(display_path(inside), reason, skipped=False))
        cache = folder if use_snapshot and inside is None else None
        started = time.perf_counter()
        with collector_paused():
            index, reused = _open_index(shown, progress, cache, problems, [folder], follow_links)
        set_aside()
        return cls(shown, index, problems, cache_dir=cache, reused=reused, seconds=time.perf_counter() - started)

    # Articles

    def __len__(self) -> int:
        return len(self.index)

    @property
    def articles(self) -> Sequence[Article]:
        """Every article, in archive order: an article's position is its key."""
        return self.index.articles

    @property
    def ids(self) -> Sequence[str]:
        """Each article's id, by key (unique within the archive)."""
        if self._ids is None:
            self._ids = [article.id for article in self.index.articles]
        return self._ids

    def article(self, doc: Doc) -> Article:
        return self.index.articles[doc]

    def read_text(self, doc: Doc) -> str:
        """The article's text; raises ArticleUnreadable (with a message) when its file cannot be read."""
        return self.index.articles[doc].read_text()

    def word_count(self, doc: Doc) -> int:
        """The article's length in words, as stored at indexing: no file is read."""
        return self.index.word_count(doc)

    def find(self, key: str) -> Doc | None:
        """An article by id (ids are unique), else by path, else by its 1-based position in
        `akhbar list`. `#N` is always the N-th article, whatever the ids are."""
        articles = self.index.articles
        if key.startswith("#") and key[1:].isdigit():
            position = int(key[1:])
            return position - 1 if 1 <= position <= len(articles) else None
        for doc, article_id in enumerate(self.ids):
            if article_id == key:
                return doc
        wanted = os.path.abspath(key)
        for doc, article in enumerate(articles):
            if article.path == key or os.path.abspath(article.path) == wanted:
                return doc
        if key.isdigit() and 1 <= int(key) <= len(articles):
            return int(key) - 1
        return None

    # Search

    def search(self, query: str, *, limit: int = 20, snippets: int = 1) -> list[SearchResult]:
        """The best `limit` articles for a query in the query language (see corpus.search.query)."""
        return search(self.index, query, limit=limit, snippets=snippets)

    def warm_up(self) -> None:
        """Make the structures the first query would otherwise make (after the first paint)."""
        self.index.warm_up()

    # Entities

    @property
    def entity_cache_path(self) -> Path | None:
        """The entity cache beside the snapshots; None for an archive that caches nothing."""
        return self.cache_dir / ENTITY_CACHE if self.cache_dir is not None else None

    def article_entities(self, doc: Doc) -> list[tuple[Entity, int]]:
        """The entities of one article with how often it names each: from the entity index when
        it is built, else by tagging the article now. Raises ArticleUnreadable."""
        if self.entities is not None:
            return self.entities.for_article(doc)
        from corpus.entities.grouping import article_entities

        return [(entity, len(entity.mentions)) for entity in article_entities(self.read_text(doc), doc)]

    def build_entities(
        self, *, progress: Progress | None = None, processes: int = 0, separate_process: bool = False
    ) -> int:
        """Tag every article (reusing the entity cache) and keep the entity index; returns how many
        articles were tagged anew. `separate_process` builds it in a fresh interpreter, so that
        the caller's threads (an app's keystrokes) never wait on it."""
        from corpus.entities.grouping import forget_name_caches
        from corpus.entities.index import EntityIndex

        if separate_process:
            entities, tagged = EntityIndex.build_elsewhere(
                self.articles, cache_path=self.entity_cache_path, progress=progress
            )
        else:
            entities, tagged = EntityIndex.build_cached(
                self.articles, cache_path=self.entity_cache_path, progress=progress, processes=processes
            )
        entities.drop_common_words(self.index.frequency)
        self.entities = entities
        forget_name_caches()
        give_back_freed_memory()
        set_aside()  # the entity index lives as long as the archive
        return tagged

    def entity_json(self, entity: Entity) -> dict[str, object]:
        """An entity as `akhbar entities --json` prints it, articles named by id."""
        return entity.to_json(self.ids)


def _corpus_holding(folder: Path, paths: list[str]) -> str | None:
    """The corpus path that `folder` (the cache) is inside of, if any."""
    real = os.path.realpath(folder)
    for path in paths:
        root = os.path.realpath(path)
        if os.path.isdir(root) and (real == root or real.startswith(root.rstrip(os.sep) + os.sep)):
            return path
    return None


def _open_index(
    paths: list[str],
    progress: Progress | None,
    cache: Path | None,
    problems: list[LoadProblem],
    skip: list[Path],
    follow_links: bool,
) -> tuple[CorpusIndex, bool]:
    """(index, reused a snapshot): the walk, the snapshot, the build; problems are added to
    `problems`."""
    if cache is not None:
        _drop_dead_writes(cache / "index")
    hint = _hint_path(cache, paths) if cache is not None else None
    guessed = _read_hint(hint) if hint is not None else None
    # The snapshot these paths had last time is read while the folders are walked, so the two
    # overlap; it is used only if the walk gives the same key.
    early = None
    if guessed is not None and cache is not None:
        early = _snapshot_reader.submit(_read_snapshot, snapshot_path(cache, guessed), guessed, problems)
    files = list(iter_corpus_files(paths, problems, follow_links=follow_links, skip=skip))
    key = corpus_key(files) if cache is not None and files else None
    read_early = early.result() if early is not None else None
    found = read_early if key is not None and key == guessed else None
    del read_early  # never two indexes in memory at once
    if found is None and cache is not None and key is not None and hint is not None and key != guessed:
        found = _read_snapshot(snapshot_path(cache, key), key, problems)
        if found is not None:
            _write_hint(hint, key)
    if found is not None:
        index, saved_problems = found
        problems.extend(saved_problems)
        return index, True
    release = sum(f.size for f in files) > RESIDENT_BYTES
    walked = len(problems)
    index = CorpusIndex.build(iter_articles(files, problems, progress), release_texts=release)
    built = problems[walked:]
    if cache is not None and key is not None and hint is not None and len(index) and not any(map(_transient, built)):
        try:
            save_snapshot(snapshot_path(cache, key), key, index, built)
            if guessed is not None and guessed != key:
                snapshot_path(cache, guessed).unlink(missing_ok=True)  # the corpus changed: drop its old snapshot
        except OSError:
            pass  # a read-only or full cache only costs the next start its speed
        else:
            _write_hint(hint, key)
            _drop_orphans(hint.parent)
    return index, False


def _transient(problem: LoadProblem) -> bool:
    """A file that could not be read just now (gone, swapped, an I/O error) may read next time:
    an index missing it is never saved as the truth about an unchanged corpus, so the next start
    builds again and retries it. A permission refused is not transient: fixing it changes the
    file's inode change time, which is part of the snapshot's key."""
    message = problem.message
    return message.startswith(("cannot read", "cannot open")) and "Permission denied" not in message


def _read_snapshot(path: Path, key: str, problems: list[LoadProblem]) -> tuple[CorpusIndex, list[LoadProblem]] | None:
    """The snapshot, or None; a damaged one is deleted and named once among the problems."""
    try:
        return load_snapshot(path, key)
    except SnapshotDamaged as error:
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)
        problems.append(LoadProblem(str(path), f"index snapshot damaged and rebuilt ({error})", skipped=False))
        return None


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


DEAD_WRITE_SECONDS = 60
"""A temporary file this long untouched is what a killed write left: a live one grows every second."""


def _drop_dead_writes(folder: Path) -> None:
    """Delete the partial files of writes that were killed (at every start, before anything else)."""
    cutoff = time.time() - DEAD_WRITE_SECONDS
    for path in folder.glob("*.tmp"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            continue


def _drop_orphans(folder: Path) -> None:
    """Delete snapshots that no `last-*.txt` note points to (interrupted writes are dropped at
    every start, by `_drop_dead_writes`)."""
    wanted = {key[:40] for note in folder.glob("last-*.txt") if (key := _read_hint(note))}
    cutoff = time.time() - ORPHAN_AGE_SECONDS
    for path in folder.glob("*.akx"):
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
