"""What the app remembers of each corpus between sessions, in the user's data directory.

Per set of corpus paths, one JSON file: the last query, the open article and the place read
in it (restored at the next start), the search history (up and down in the search box),
bookmarks, read marks, and saved searches with when each was last run (to count what
arrived since). It is written whole into a temporary file and renamed over the old one, so a
crash or a full disk never leaves half a file; a file that cannot be read is set aside (as
`.corrupt`) and the app starts afresh, saying so. Two sessions on one corpus: the last to
save wins for the position, and bookmarks, read marks and saved searches of both are kept
(each save merges what is on disk).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import asdict, dataclass, field
from pathlib import Path

__all__ = ["Memory", "SavedSearch", "memory_file", "HISTORY_LIMIT"]

HISTORY_LIMIT = 200
"""Queries kept in the search history, newest last."""
READ_LIMIT = 100_000
"""Read marks kept (the oldest are forgotten first)."""


@dataclass(slots=True)
class SavedSearch:
    """A query kept to be run again; `checked_ns`: when its results were last looked at."""

    query: str
    checked_ns: int = 0


@dataclass(slots=True)
class Memory:
    """Everything remembered of one corpus."""

    query: str = ""
    article: str = ""
    """The id of the article open at the last quit, or empty."""
    offset: int = 0
    """Where in that article the reader was: the text offset at the top of the view."""
    history: list[str] = field(default_factory=list)
    bookmarks: list[str] = field(default_factory=list)
    """Article ids, in the order they were bookmarked."""
    read: list[str] = field(default_factory=list)
    """Ids of articles opened, oldest first."""
    searches: list[SavedSearch] = field(default_factory=list)
    problem: str = ""
    """Why the remembered file could not be read (it was set aside), or empty. Not saved."""
    unbookmarked: set[str] = field(default_factory=set)
    """Bookmarks removed in this session: a save does not bring them back from the file. Not saved."""
    unsaved: set[str] = field(default_factory=set)
    """Saved searches forgotten in this session. Not saved."""

    @classmethod
    def load(cls, path: Path) -> Memory:
        """The memory in `path`; a fresh one when there is none, or when it cannot be read
        (then the file is renamed to `.corrupt` and `problem` says why)."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls._from(data)
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError, TypeError, KeyError, AttributeError) as error:
            with contextlib.suppress(OSError):
                os.replace(path, path.with_suffix(".corrupt"))
            return cls(problem=f"what was remembered could not be read and was set aside ({error})")

    @classmethod
    def _from(cls, data: object) -> Memory:
        if not isinstance(data, dict):
            raise ValueError("not an object")

        def strings(key: str) -> list[str]:
            values = data.get(key, [])
            if not isinstance(values, list):
                raise ValueError(f"{key} is not a list")
            return [str(v) for v in values]

        searches = [SavedSearch(str(s["query"]), int(s.get("checked_ns", 0))) for s in data.get("searches", [])]
        return cls(
            str(data.get("query", "")),
            str(data.get("article", "")),
            int(data.get("offset", 0)),
            strings("history")[-HISTORY_LIMIT:],
            strings("bookmarks"),
            strings("read")[-READ_LIMIT:],
            searches,
        )

    def save(self, path: Path) -> str:
        """Write atomically, merged with what another session saved meanwhile; returns why it
        could not be written, or empty."""
        on_disk = Memory.load(path) if path.exists() else Memory()
        merged = Memory(
            self.query,
            self.article,
            self.offset,
            _merged(on_disk.history, self.history)[-HISTORY_LIMIT:],
            _merged(on_disk.bookmarks, self.bookmarks, removed=self.unbookmarked),
            _merged(on_disk.read, self.read)[-READ_LIMIT:],
            _merged_searches(on_disk.searches, self.searches, removed=self.unsaved),
        )
        payload = asdict(merged)
        for unsaved in ("problem", "unbookmarked", "unsaved"):
            payload.pop(unsaved)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(payload, out, ensure_ascii=False)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, path)
        except OSError as error:
            with contextlib.suppress(OSError, UnboundLocalError):
                os.unlink(temporary)
            return f"could not remember this session ({error})"
        return ""

    # What changes during a session

    def remember_query(self, query: str) -> None:
        """Add a query to the history (once, as the newest)."""
        query = query.strip()
        if query:  # in place: the search box walks this very list
            if query in self.history:
                self.history.remove(query)
            self.history.append(query)
            del self.history[:-HISTORY_LIMIT]

    def toggle_bookmark(self, article_id: str) -> bool:
        """Bookmark the article, or remove its bookmark; True when it is bookmarked now."""
        if article_id in self.bookmarks:
            self.bookmarks.remove(article_id)
            self.unbookmarked.add(article_id)
            return False
        self.bookmarks.append(article_id)
        self.unbookmarked.discard(article_id)
        return True

    def mark_read(self, article_id: str) -> None:
        """The article was opened: it is read (and the most recently read)."""
        if not self.read or self.read[-1] != article_id:
            if article_id in self.read:
                self.read.remove(article_id)
            self.read.append(article_id)

    def save_search(self, query: str) -> bool:
        """Keep a query to run again; False when it was already kept."""
        query = query.strip()
        if not query or any(s.query == query for s in self.searches):
            return False
        self.searches.append(SavedSearch(query, time.time_ns()))
        self.unsaved.discard(query)
        return True

    def forget_search(self, query: str) -> None:
        self.searches = [s for s in self.searches if s.query != query]
        self.unsaved.add(query)

    def checked(self, query: str) -> None:
        """The saved search's results were looked at now: what arrives later is new."""
        for search in self.searches:
            if search.query == query:
                search.checked_ns = time.time_ns()


def _merged(on_disk: Sequence[str], mine: Sequence[str], removed: AbstractSet[str] = frozenset()) -> list[str]:
    """Mine in my order, then what only the file has (kept by another session), less what I removed."""
    seen = set(mine)
    return [v for v in on_disk if v not in seen and v not in removed] + [v for v in mine if v not in removed]


def _merged_searches(on_disk: list[SavedSearch], mine: list[SavedSearch], removed: set[str]) -> list[SavedSearch]:
    queries = {s.query for s in mine}
    return [s for s in on_disk if s.query not in queries and s.query not in removed] + mine


def memory_file(folder: Path, paths: Sequence[str]) -> Path:
    """Where the memory of the corpus made of `paths` is kept under `folder`."""
    key = hashlib.sha256("\0".join(os.path.abspath(p) for p in paths).encode("utf-8", "surrogateescape"))
    return folder / "sessions" / f"{key.hexdigest()[:32]}.json"
