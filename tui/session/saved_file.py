"""What the app remembers of each corpus between sessions, in the user's data directory.

Per set of corpus paths, one JSON file: the last query, the open article and the place read
in it (restored at the next start), the search history (up and down in the search box),
bookmarks, read marks, and saved searches with when each was last run (to count what
arrived since).

Reading it trusts nothing: only a regular file of at most FILE_LIMIT bytes is read (a FIFO or
a device in its place is never waited on), and each value must be of its kind and within its
bounds or it is left out, never turned into a string. A file that cannot be read, or holds
values left out, is set aside (as `.corrupt`) and the app says so.

Writing merges with what another session saved meanwhile, under a lock on a side file, into a
temporary file renamed over the old one, so a crash or a full disk never leaves half a file.
Two sessions on one corpus: the last to save wins for the position; read marks and history of
both are kept; for each bookmark and saved search the latest change wins, whichever session
made it: a removal is remembered with its time (a tombstone), so a session that still holds
the bookmark does not bring it back.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from corpus import read_regular_file, write_atomically

__all__ = [
    "HISTORY_LIMIT",
    "LOST",
    "Memory",
    "SavedSearch",
    "fingerprint_of",
    "head_of",
    "memory_file",
    "path_of",
    "what_is",
]

HISTORY_LIMIT = 200
"""Queries kept in the search history, newest last."""
READ_LIMIT = 100_000
"""Read marks kept (the oldest are forgotten first)."""
BOOKMARK_LIMIT = 100_000
"""Bookmarks kept, and as many removals remembered (the oldest go first)."""
SEARCH_LIMIT = 1_000
"""Saved searches kept, and as many forgotten ones remembered."""
FILE_LIMIT = 32 * 1024 * 1024
"""The largest memory file read (the limits above fit in it, whatever the ids' length, as
saving drops the oldest read marks when they would not)."""
LOCK_WAIT_SECONDS = 1.0
"""How long a save waits for another session's save to finish before it gives up."""
NS_LIMIT = 2**63 - 1
"""Times are nanoseconds since the epoch, and the offset a count of characters: 0 up to this."""


SEARCH_FORM = 2
"""How a saved search is written: its query without blanks, and "begun" when its last word was
read as being typed (saved_form). One saved before holds no "form" and was run with its last word
whole: it is read back so, and runs as it ran; an older version reads the query as it always did."""


LOST = "gone:"
"""What a bookmark is kept under while no article is what it was of (its id names another article
now, or none): the prefix, then what it was (see `what_is`). It comes back when the article does."""


def what_is(path: str, title: str, fingerprint: str = "") -> str:
    """What an article is, for a bookmark to find it again whatever its id: its path, its title
    (a JSON Lines file's records share the path) and a fingerprint of its text (they may share a
    title too: عاجل); one remembered before fingerprints has none."""
    return f"{path}\n{title}\n{fingerprint}" if fingerprint else f"{path}\n{title}"


def path_of(what: str) -> str:
    """The path part of what `what_is` made."""
    return what.split("\n", 1)[0]


def head_of(what: str) -> str:
    """The path and title of what `what_is` made."""
    return "\n".join(what.split("\n", 2)[:2])


def fingerprint_of(what: str) -> str:
    """The fingerprint part of what `what_is` made ("" when it has none)."""
    parts = what.split("\n", 2)
    return parts[2] if len(parts) == 3 else ""


def saved_form(query: str) -> str:
    """A query as a saved search keeps it: no blank before it, one after it where it had any
    (its last word whole), none where it had none (its last word read as begun)."""
    bare = query.strip()
    return bare + " " if bare and query[-1:].isspace() else bare


@dataclass(slots=True)
class SavedSearch:
    """A query kept to be run again; `checked_ns`: when its results were last looked at;
    `saved_ns`: when it was saved (a forgetting later than that wins over it)."""

    query: str
    checked_ns: int = 0
    saved_ns: int = 0


@dataclass(slots=True)
class Memory:
    """Everything remembered of one corpus."""

    query: str = ""
    article: str = ""
    """The id of the article open at the last quit, or empty."""
    offset: int = 0
    """Where in that article the reader was: the text offset at the top of the view."""
    history: list[str] = field(default_factory=list)
    bookmarks: dict[str, int] = field(default_factory=dict)
    """Article id: when it was bookmarked (ns), in the order bookmarked."""
    read: list[str] = field(default_factory=list)
    """Ids of articles opened, oldest first."""
    searches: list[SavedSearch] = field(default_factory=list)
    unbookmarked: dict[str, int] = field(default_factory=dict)
    """Article id: when its bookmark was removed, so that a merge does not bring it back."""
    forgotten: dict[str, int] = field(default_factory=dict)
    """Query: when its saved search was forgotten, likewise."""
    problem: str = ""
    """Why the remembered file could not be read, or not all of it (it was set aside), or empty. Not saved."""
    where: dict[str, str] = field(default_factory=dict)
    """Bookmarked article id: what it named when bookmarked (see `what_is`), so that a bookmark
    follows its article when ids are given again (an index built anew numbers same-named files
    in another order; a deleted file's id goes to the next of its name)."""
    article_where: str = ""
    """What the open article's id named, likewise."""

    @classmethod
    def load(cls, path: Path) -> Memory:
        """The memory in `path`; a fresh one when there is none. A file that cannot be read is
        renamed to `.corrupt` and a fresh memory has `problem` say why; a file with values
        not of their kind is set aside the same way, and what was sound in it is kept."""
        try:
            data = json.loads(read_regular_file(path, FILE_LIMIT, follow_links=True))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError, RecursionError) as error:
            if isinstance(error, RecursionError):
                reason = "nested too deeply"
            else:
                reason = (error.strerror if isinstance(error, OSError) else None) or str(error)
            return cls(problem=_set_aside(path, f"what was remembered could not be read ({reason})"))
        fields = _Fields(data if isinstance(data, dict) else {})
        memory = fields.memory()
        if not isinstance(data, dict):
            memory.problem = _set_aside(path, "what was remembered could not be read (not a JSON object)")
        elif fields.left_out:
            left_out = ", ".join(sorted(set(fields.left_out)))
            wrong = f"some remembered values were not of their kind and were left out ({left_out})"
            memory.problem = _set_aside(path, wrong)
        return memory

    @classmethod
    def load_with_pending(cls, path: Path) -> tuple[Memory, list[Path]]:
        """The memory in `path` merged with what sessions left pending beside it (`save`), the
        latest last; and those pending files."""
        memory = cls.load(path)
        pending = _pending_files(path)
        for left in pending:
            kept = cls.load(left)
            if not kept.problem:
                memory = kept.merged_with(memory)
        return memory, pending

    def save(self, path: Path) -> str:
        """Write atomically, merged with what another session saved meanwhile and what sessions
        left pending; returns why it could not be written (naming the file and the system's
        reason), or empty. When another session keeps the file locked past LOCK_WAIT_SECONDS,
        what this one remembers is written beside it, pending, for the next save to merge."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with _locked(path.with_suffix(".lock")):
                on_disk, pending = Memory.load_with_pending(path)
                write_atomically(path, self.merged_with(on_disk).encoded())
                for merged in pending:
                    merged.unlink(missing_ok=True)
        except FileExistsError:  # mkdir met a file where the folder should be
            return f"what is remembered could not be saved to {path} ({path.parent} is not a folder)"
        except OSError as error:
            if error.errno == errno.EAGAIN and self._left_pending(path):
                return ""  # kept beside the file: the next save, this session's or another's, merges it
            reason = error.strerror or str(error)
            return f"what is remembered could not be saved to {path} ({reason})"
        return ""

    def _left_pending(self, path: Path) -> bool:
        """Write this memory beside `path`, pending (one file a process); whether it was written."""
        try:
            write_atomically(path.with_name(f"{path.stem}{PENDING}{os.getpid()}.json"), self.encoded())
        except OSError:
            return False
        return True

    def merged_with(self, other: Memory) -> Memory:
        """Mine for the position; both histories and read marks; for each bookmark and saved
        search, the latest of the two sessions' changes."""
        bookmarks, unbookmarked = _latest_changes(
            (other.bookmarks, self.bookmarks), (other.unbookmarked, self.unbookmarked), BOOKMARK_LIMIT
        )
        searches = {s.query: s for s in other.searches}
        for search in self.searches:  # the later saving of the two, looked at when either last looked
            known = searches.get(search.query, search)
            checked, saved_ns = max(search.checked_ns, known.checked_ns), max(search.saved_ns, known.saved_ns)
            searches[search.query] = SavedSearch(search.query, checked, saved_ns)
        saved, forgotten = _latest_changes(
            ({q: s.saved_ns for q, s in searches.items()},), (other.forgotten, self.forgotten), SEARCH_LIMIT
        )
        return Memory(
            self.query,
            self.article,
            self.offset,
            _merged(other.history, self.history)[-HISTORY_LIMIT:],
            bookmarks,
            _merged(other.read, self.read)[-READ_LIMIT:],
            [searches[query] for query in saved],
            unbookmarked,
            forgotten,
            where=_winners_where(bookmarks, self, other),
            article_where=self.article_where,
        )

    def encoded(self) -> bytes:
        """The file's content (at most FILE_LIMIT bytes: the oldest read marks are dropped
        until it fits); ids and queries as they are, lone surrogates from undecodable file
        names included. Raises OSError when it cannot fit."""
        read = self.read
        while True:
            payload = {
                "query": self.query,
                "article": self.article,
                "offset": self.offset,
                "history": self.history,
                "bookmarks": list(self.bookmarks),
                "bookmarked_ns": self.bookmarks,
                "bookmarked_where": {key: value for key, value in self.where.items() if key in self.bookmarks},
                "article_where": self.article_where,
                "unbookmarked": self.unbookmarked,
                "read": read,
                "searches": [
                    {
                        "query": s.query.strip(),
                        "checked_ns": s.checked_ns,
                        "saved_ns": s.saved_ns,
                        "form": SEARCH_FORM,
                        "begun": not s.query.endswith(" "),
                    }
                    for s in self.searches
                ],
                "forgotten": self.forgotten,
            }
            data = json.dumps(payload, ensure_ascii=False).encode("utf-8", "surrogatepass")
            if len(data) <= FILE_LIMIT:
                return data
            if not read:
                raise OSError(errno.EFBIG, f"larger than {FILE_LIMIT:,} bytes")
            read = read[len(read) // 2 :]

    # What changes during a session

    def remember_query(self, query: str) -> None:
        """Add a query to the history (once, as the newest)."""
        query = query.strip()
        if query:  # in place: the search box walks this very list
            if query in self.history:
                self.history.remove(query)
            self.history.append(query)
            del self.history[:-HISTORY_LIMIT]

    def toggle_bookmark(self, article_id: str, what: str = "") -> bool:
        """Bookmark the article (`what`: what its id names, see `what_is`), or remove its
        bookmark; True when it is bookmarked now."""
        now = _after(self.bookmarks.get(article_id, 0), self.unbookmarked.get(article_id, 0))
        if self.bookmarks.pop(article_id, None) is not None:
            self.unbookmarked[article_id] = now
            self.where.pop(article_id, None)
            return False
        self.bookmarks[article_id] = now
        self.unbookmarked.pop(article_id, None)
        if what:
            self.where[article_id] = what
        return True

    def rekey_bookmark(self, old: str, new: str, what: str) -> None:
        """The bookmark kept under `old` is of the article `new` names now (`what` it is): kept
        under `new`, `old` unbookmarked (it names another article now, or none)."""
        when = self.bookmarks.pop(old, 0)
        self.where.pop(old, None)
        now = _after(when, self.unbookmarked.get(old, 0), self.unbookmarked.pop(new, 0))
        self.unbookmarked[old] = now
        self.bookmarks[new] = _after(now)  # later than any removal a file holds for `new`, this move's too
        self.where[new] = what

    def mark_read(self, article_id: str) -> None:
        """The article was opened: it is read (and the most recently read)."""
        if not self.read or self.read[-1] != article_id:
            if article_id in self.read:
                self.read.remove(article_id)
            self.read.append(article_id)

    def save_search(self, query: str) -> bool:
        """Keep a query to run again, as it was searched: with a blank after it when its last
        word was whole, without when that word was read as begun (باشين finds باشينيان); False
        when it was already kept."""
        query = saved_form(query)
        if not query.strip() or any(s.query == query for s in self.searches):
            return False
        now = _after(self.forgotten.pop(query, 0))
        self.searches.append(SavedSearch(query, now, now))
        return True

    def forget_search(self, query: str) -> None:
        kept = [s for s in self.searches if s.query != query]
        saved = max((s.saved_ns for s in self.searches if s.query == query), default=0)
        self.searches = kept
        self.forgotten[query] = _after(saved, self.forgotten.get(query, 0))

    def checked(self, query: str) -> None:
        """The saved search's results were looked at now: what arrives later is new."""
        for search in self.searches:
            if search.query == query:
                search.checked_ns = time.time_ns()


class _Fields:
    """The values of a parsed memory file that are of their kind; `left_out` names the others."""

    def __init__(self, data: Mapping[str, object]) -> None:
        self.data = data
        self.left_out: list[str] = []

    def memory(self) -> Memory:
        return Memory(
            self.text("query"),
            self.text("article"),
            self.count("offset"),
            self.texts("history")[-HISTORY_LIMIT:],
            self.bookmarks(),
            _unique(self.texts("read"))[-READ_LIMIT:],
            self.searches(),
            _newest(self.times("unbookmarked"), BOOKMARK_LIMIT),
            _newest(self.times("forgotten"), SEARCH_LIMIT),
            where=self.names("bookmarked_where"),
            article_where=self.text("article_where"),
        )

    def names(self, key: str) -> dict[str, str]:
        """An object of strings to strings."""
        return {k: str(v) for k, v in self._object(key, _is_text).items()}

    def _object(self, key: str, check: Callable[[object], bool]) -> dict[str, object]:
        """An object of strings to values that pass `check` (the others left out)."""
        values = self.data.get(key, {})
        if not self._kind(key, values, _is_object):
            return {}
        assert isinstance(values, dict)
        return {k: v for k, v in values.items() if self._kind(key, v, check)}

    def _kind(self, key: str, value: object, check: Callable[[object], bool]) -> bool:
        if check(value):
            return True
        self.left_out.append(key)
        return False

    def text(self, key: str) -> str:
        value = self.data.get(key, "")
        return value if self._kind(key, value, _is_text) and isinstance(value, str) else ""

    def count(self, key: str) -> int:
        value = self.data.get(key, 0)
        return value if self._kind(key, value, _is_count) and isinstance(value, int) else 0

    def texts(self, key: str) -> list[str]:
        values = self.data.get(key, [])
        if not self._kind(key, values, _is_list):
            return []
        assert isinstance(values, list)
        return [v for v in values if self._kind(key, v, _is_text)]

    def times(self, key: str) -> dict[str, int]:
        """An object of strings to times."""
        return {k: v for k, v in self._object(key, _is_count).items() if isinstance(v, int)}

    def bookmarks(self) -> dict[str, int]:
        """The bookmarked ids in their order, with when each was bookmarked (0 when not known:
        a file from before the times were kept)."""
        times = self.times("bookmarked_ns")
        ids = _unique(self.texts("bookmarks"))[-BOOKMARK_LIMIT:]
        return {article_id: times.get(article_id, 0) for article_id in ids}

    def searches(self) -> list[SavedSearch]:
        values = self.data.get("searches", [])
        if not self._kind("searches", values, _is_list):
            return []
        assert isinstance(values, list)
        searches: dict[str, SavedSearch] = {}
        for value in values:
            if not self._kind("searches", value, _is_search):
                continue
            assert isinstance(value, dict)
            begun = value.get("form") == SEARCH_FORM and value.get("begun") is True
            query = value["query"].strip() + ("" if begun else " ")
            search = SavedSearch(query, value.get("checked_ns", 0), value.get("saved_ns", 0))
            searches.setdefault(search.query, search)
        return list(searches.values())[-SEARCH_LIMIT:]


def _is_text(value: object) -> bool:
    return isinstance(value, str)


def _is_count(value: object) -> bool:
    """An integer in 0..NS_LIMIT (a bool is not one, nor a float, infinite or not)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= NS_LIMIT


def _is_list(value: object) -> bool:
    return isinstance(value, list)


def _is_object(value: object) -> bool:
    return isinstance(value, dict)


def _is_search(value: object) -> bool:
    return (
        isinstance(value, dict)
        and isinstance(value.get("query"), str)
        and bool(value["query"])
        and all(_is_count(value.get(key, 0)) for key in ("checked_ns", "saved_ns"))
    )


def _set_aside(path: Path, problem: str) -> str:
    """Rename the file to `.corrupt` (it is kept for the user to look at; a name already taken by
    an earlier one gets a number, `.2.corrupt`, so none is overwritten); the problem, saying so."""
    aside = path.with_suffix(".corrupt")
    number = 1
    while aside.exists() or aside.is_symlink():
        number += 1
        aside = path.with_suffix(f".{number}.corrupt")
    try:
        os.rename(path, aside)
    except OSError as error:
        return f"{problem}; it could not be set aside ({error.strerror or error})"
    return f"{problem}; it was set aside as {aside}"


PENDING = ".pending-"
"""Between a memory file's stem and a process id: what a session could not save under the lock."""


def _pending_files(path: Path) -> list[Path]:
    """The memories sessions left pending beside `path`, oldest first."""
    try:
        found = [(left.stat().st_mtime_ns, left) for left in path.parent.glob(f"{path.stem}{PENDING}*.json")]
    except OSError:
        return []
    return [left for _, left in sorted(found)]


@contextlib.contextmanager
def _locked(lock_path: Path) -> Iterator[None]:
    """Held while one session reads, merges and writes the memory; waits up to
    LOCK_WAIT_SECONDS for another, then raises OSError (the UI never waits longer)."""
    flags = os.O_RDWR | os.O_CREAT | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    descriptor = os.open(lock_path, flags, 0o600)
    try:
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise OSError(errno.EAGAIN, "another session kept it locked", str(lock_path)) from None
                time.sleep(0.005)
        yield
    finally:
        os.close(descriptor)  # closing the descriptor releases the lock


def _winners_where(bookmarks: Mapping[str, int], mine: Memory, other: Memory) -> dict[str, str]:
    """What each merged bookmark was of, as the session whose change to it won says."""
    where: dict[str, str] = {}
    for key, when in bookmarks.items():
        first, second = (mine, other) if mine.bookmarks.get(key) == when else (other, mine)
        found = first.where.get(key) or second.where.get(key)
        if found:
            where[key] = found
    return where


def _after(*times: int) -> int:
    """Now, or just after the latest of `times` if the clock says earlier: a change made now
    is always later than the change it undoes."""
    return max(time.time_ns(), *(t + 1 for t in times))


def _latest_changes(
    added: Iterable[Mapping[str, int]], removed: Iterable[Mapping[str, int]], limit: int
) -> tuple[dict[str, int], dict[str, int]]:
    """For each key, the latest of when it was added and when it was removed, in any of the
    sources: (what is in, in the order added; what was removed last), each of the newest `limit`."""
    latest_added: dict[str, int] = {}
    for source in added:
        for key, when in source.items():
            latest_added[key] = max(when, latest_added.get(key, when))
    latest_removed: dict[str, int] = {}
    for source in removed:
        for key, when in source.items():
            latest_removed[key] = max(when, latest_removed.get(key, when))
    kept = {k: t for k, t in latest_added.items() if t > latest_removed.get(k, -1)}
    gone = {k: t for k, t in latest_removed.items() if k not in kept}
    return _newest(kept, limit), _newest(gone, limit)


_K = TypeVar("_K")


def _newest(times: Mapping[_K, int], limit: int) -> dict[_K, int]:
    """The `limit` latest entries, oldest first (entries of equal time keep their order)."""
    return dict(sorted(times.items(), key=lambda item: item[1])[-limit:]) if times else {}


def _unique(values: Iterable[str]) -> list[str]:
    """Each value once, where it last appears."""
    return list(reversed(dict.fromkeys(reversed(list(values)))))


def _merged(on_disk: Sequence[str], mine: Sequence[str]) -> list[str]:
    """Mine in my order, after what only the file has (kept by another session)."""
    seen = set(mine)
    return [v for v in on_disk if v not in seen] + list(mine)


def memory_file(folder: Path, paths: Sequence[str]) -> Path:
    """Where the memory of the corpus made of `paths` is kept under `folder`: one file whatever
    the order the paths are given in (--corpus A --corpus B is --corpus B --corpus A). A memory
    kept before under the order given is moved there, or beside it, pending, when both exist."""
    given = [os.path.abspath(p) for p in paths]
    path = _memory_path(folder, sorted(set(given)))
    if (before := _memory_path(folder, given)) != path and before.exists():
        # a memory of both names: the old one is left pending beside, for loads to take and a save to merge
        moved = path if not path.exists() else path.with_name(f"{path.stem}{PENDING}{before.stem}.json")
        try:
            os.rename(before, moved)
        except OSError:
            return before if not path.exists() else path
    return path


def _memory_path(folder: Path, paths: Sequence[str]) -> Path:
    key = hashlib.sha256("\0".join(paths).encode("utf-8", "surrogateescape"))
    return folder / "sessions" / f"{key.hexdigest()[:32]}.json"
