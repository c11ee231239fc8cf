"""The entity cache: mentions per article text, in SQLite in the user's cache directory.

Keyed by a hash of the text and of the tagger (model and rules), so an article is tagged once
whatever its file is called, and a new model starts a fresh cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from corpus.entities.choice import tagger_files, tagger_name
from corpus.entities.clusters import CLUSTERS_PATH
from corpus.entities.lexicons import DATA, PERSON_NAMES_PATH
from corpus.entities.mentions import Mention
from corpus.entities.table import percent

__all__ = ["EntityCache", "open_cache", "model_version"]

RULES_VERSION = "85-titles-inside-names"
TAGGER_DATA = (
    CLUSTERS_PATH,
    PERSON_NAMES_PATH,
    *(DATA / name for name in ("places.txt", "countries.txt", "not_names.txt", "latin_names.tsv")),
    *(DATA / name for name in ("latin_names_in_use.tsv", "feminine_words.txt", "place_homonyms.tsv")),
)
"""The data every tagger's output depends on besides its model: a change to any of them starts a fresh cache."""


@lru_cache(maxsize=1)
def model_version() -> str:
    """A digest of the rules version, of the chosen tagger and of every file it reads."""
    digest = hashlib.sha1(f"{RULES_VERSION}\0{tagger_name()}".encode())
    for path in (*tagger_files(), *TAGGER_DATA):
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


_SCHEMA = "CREATE TABLE IF NOT EXISTS mentions (key TEXT PRIMARY KEY, data TEXT NOT NULL)"
LOCK_WAIT_SECONDS = 10
"""How long to wait for another process's lock on the cache before going on without it."""


class EntityCache:
    """Mentions per article text, in SQLite: keyed by a hash of the text and of the model.

    Opening raises OSError or sqlite3.Error when no usable cache can be had; a file that is not
    a database, or a FIFO (which SQLite would wait on for ever), a device or a link, is moved
    aside (to `entities.corrupt`) and a new one made. Once open, a failed read is a miss and a
    failed write is dropped: the cache only ever saves time.
    """

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        _set_aside_what_is_not_a_file(path)
        self._db = sqlite3.connect(path, check_same_thread=False, timeout=LOCK_WAIT_SECONDS)
        try:
            self._db.execute(_SCHEMA)
            usable = self._has_schema()
        except sqlite3.OperationalError:
            self._db.close()
            raise  # locked, read-only or not a file: not corrupt, so never moved aside
        except sqlite3.DatabaseError:
            usable = False
        if not usable:
            self._db.close()
            os.replace(path, path.with_suffix(".corrupt"))
            self._db = sqlite3.connect(path, check_same_thread=False, timeout=LOCK_WAIT_SECONDS)
            self._db.execute(_SCHEMA)

    def _has_schema(self) -> bool:
        """True when the mentions table has the columns this version reads and writes."""
        columns = [row[1] for row in self._db.execute("PRAGMA table_info(mentions)")]
        return columns == ["key", "data"]

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha1((model_version() + "\0" + text).encode("utf-8", "surrogatepass")).hexdigest()

    def get_many(self, keys: Sequence[str]) -> dict[str, list[Mention]]:
        """The cached mentions of the keys found; a row that does not hold valid mentions is a miss."""
        found: dict[str, list[Mention]] = {}
        for chunk in range(0, len(keys), 500):
            part = list(keys[chunk : chunk + 500])
            marks = ",".join("?" * len(part))
            try:
                rows = self._db.execute(f"SELECT key, data FROM mentions WHERE key IN ({marks})", part).fetchall()
            except sqlite3.Error:
                return found
            for key, data in rows:
                mentions = _valid_mentions(data)
                if mentions is not None:
                    found[key] = mentions
        return found

    def put_many(self, items: Sequence[tuple[str, list[Mention]]]) -> None:
        """Store mentions; a full or read-only disk only costs the next run its speed."""
        rows = [
            (
                key,
                json.dumps(
                    [[m.start, m.end, m.type, m.text, m.link, percent(m.confidence)] for m in mentions],
                    ensure_ascii=False,
                ),
            )
            for key, mentions in items
        ]
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO mentions VALUES (?, ?)", rows)
        except sqlite3.Error:
            pass

    def close(self) -> None:
        self._db.close()


SIDE_FILES = ("-journal", "-wal", "-shm")
"""What SQLite keeps beside the database, which it opens (and may read) too."""


def _set_aside_what_is_not_a_file(path: Path) -> None:
    """Move aside a database path that is a FIFO, a device, a socket or a link, and delete such
    a side file: SQLite opens them blocking and follows links. A regular file is left to
    SQLite's own checks, and a folder to its refusal (the cache is then not used, and said so)."""
    for name, moved in ((path, path.with_suffix(".corrupt")), *((Path(f"{path}{s}"), None) for s in SIDE_FILES)):
        try:
            mode = os.lstat(name).st_mode
        except FileNotFoundError:
            continue
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            if moved is not None:
                os.replace(name, moved)
            else:
                os.unlink(name)


def _valid_mentions(data: object) -> list[Mention] | None:
    """Mentions from a cached row, or None when the row is not what this version writes."""
    try:
        rows = json.loads(data) if isinstance(data, str) else None
    except ValueError:
        return None
    if not isinstance(rows, list):
        return None
    mentions: list[Mention] = []
    for row in rows:
        if not (isinstance(row, list) and len(row) == 6):
            return None
        start, end, kind, text, link, confidence = row
        if not (type(start) is int and type(end) is int and 0 <= start <= end):
            return None
        if not (type(confidence) is int and 0 <= confidence <= 100):
            return None
        if not (isinstance(kind, str) and isinstance(text, str) and isinstance(link, str)):
            return None
        mentions.append(Mention(start, end, kind, text, link, confidence / 100))
    return mentions


def open_cache(path: Path | None) -> tuple[EntityCache | None, str]:
    """The cache at `path`, or None and why it cannot be used (entities are then computed
    without it): a cache folder that is a file, a locked, read-only or unopenable database."""
    if path is None:
        return None, ""
    try:
        return EntityCache(path), ""
    except (OSError, sqlite3.Error) as error:
        reason = getattr(error, "strerror", None) or str(error)
        return None, f"entity cache {path} not used ({reason}); entities are computed without it"
