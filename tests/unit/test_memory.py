"""What the app remembers between sessions (tui.session.saved_file): a hostile or damaged file never stops
the start, values come back only as their own kind, saves of several sessions lose nothing and
bring nothing back, and a save that fails says why."""

from __future__ import annotations

import errno
import fcntl
import json
import multiprocessing
import os
import tempfile
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tui.session.saved_file
from corpus import FileTooLarge, NotRegularFile, read_regular_file
from tui.session.saved_file import BOOKMARK_LIMIT, HISTORY_LIMIT, NS_LIMIT, READ_LIMIT, Memory, SavedSearch, memory_file

DEEP = 100_000


def _sound(memory: Memory) -> None:
    """Every field is of its kind and within its bounds."""
    assert isinstance(memory.query, str) and isinstance(memory.article, str)
    assert type(memory.offset) is int and 0 <= memory.offset <= NS_LIMIT
    for texts in (memory.history, memory.read):
        assert all(isinstance(v, str) for v in texts)
    for times in (memory.bookmarks, memory.unbookmarked, memory.forgotten):
        assert all(isinstance(k, str) and type(t) is int and 0 <= t <= NS_LIMIT for k, t in times.items())
    for search in memory.searches:
        assert isinstance(search.query, str) and type(search.checked_ns) is int and type(search.saved_ns) is int


# Files that cannot be read at all

UNREADABLE_FILES = {
    "infinity": b'{"offset": Infinity}',
    "minus infinity": b'{"offset": -Infinity, "query": "q"}',
    "overflowing float": b'{"offset": 1e999}',
    "nan": b'{"offset": NaN}',
    "deep list": b"[" * DEEP + b"]" * DEEP,
    "deep object": b'{"a":' * DEEP + b"1" + b"}" * DEEP,
    "deep inside a field": b'{"bookmarks": ' + b"[" * DEEP + b"]" * DEEP + b"}",
    "too many digits": b'{"offset": ' + b"9" * 5000 + b"}",
    "not json": b"{not json",
    "not utf-8": b'{"query": "\xff\xfe"}',
    "a list": b'["a", "b"]',
    "null": b"null",
    "a string": b'"x"',
    "empty": b"",
}


@pytest.mark.parametrize("content", UNREADABLE_FILES.values(), ids=UNREADABLE_FILES.keys())
def test_an_unusable_file_is_set_aside_and_the_next_save_starts_afresh(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "m.json"
    path.write_bytes(content)
    memory = Memory.load(path)
    _sound(memory)
    assert "set aside" in memory.problem
    assert not path.exists() and path.with_suffix(".corrupt").read_bytes() == content  # nothing lost
    memory.toggle_bookmark("a")
    assert memory.save(path) == ""
    again = Memory.load(path)
    assert not again.problem and list(again.bookmarks) == ["a"]


# Values of the wrong kind

WRONG_KINDS: list[Any] = [None, {}, {"x": 1}, [], [1], 1, -1, 1.5, True, "s", 10**30]
DEFAULTS = {
    "query": "",
    "article": "",
    "offset": 0,
    "history": [],
    "bookmarks": {},
    "read": [],
    "searches": [],
    "unbookmarked": {},
    "forgotten": {},
}
KINDS: dict[str, type] = {"query": str, "article": str, "offset": int, "history": list, "bookmarks": list}
KINDS |= {"read": list, "searches": list, "unbookmarked": dict, "forgotten": dict, "bookmarked_ns": dict}


def _wrong(field: str) -> list[Any]:
    kind = KINDS[field]
    return [v for v in WRONG_KINDS if not (type(v) is kind and (not isinstance(v, int) or 0 <= v <= NS_LIMIT))]


@pytest.mark.parametrize(("field", "value"), [(f, v) for f in DEFAULTS for v in _wrong(f)])
def test_a_value_of_the_wrong_kind_is_left_out_never_made_a_string(tmp_path: Path, field: str, value: Any) -> None:
    path = tmp_path / "m.json"
    sound = {"query": "كازاخستان", "article": "long", "offset": 7, "history": ["أستانا"], "read": ["long"]}
    path.write_text(json.dumps({**sound, field: value}), encoding="utf-8")
    memory = Memory.load(path)
    _sound(memory)
    loaded = {name: getattr(memory, name) for name in DEFAULTS}
    assert loaded[field] == DEFAULTS[field]
    for name, kept in sound.items():  # what was sound is kept
        if name != field:
            assert loaded[name] == kept
    assert field in memory.problem and path.with_suffix(".corrupt").exists()


def test_entries_of_the_wrong_kind_in_a_list_are_left_out_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    mixed = ["a", None, 1, 2.5, True, {"x": 1}, ["b"], "b"]
    searches = [
        {"query": "q1", "checked_ns": 5},
        {"query": None},
        {"query": "q2", "checked_ns": 1e999},
        {"query": "q3", "checked_ns": -1},
        {"query": ""},
        "q4",
        {"query": "q5", "saved_ns": 3},
    ]
    times = {"a": 1, "b": -1, "c": 1.5, "d": None, "e": 2**63}
    data = {"history": mixed, "bookmarks": mixed, "read": mixed, "searches": searches, "unbookmarked": times}
    path.write_text(json.dumps(data), encoding="utf-8")
    memory = Memory.load(path)
    _sound(memory)
    assert memory.history == memory.read == list(memory.bookmarks) == ["a", "b"]
    assert memory.searches == [SavedSearch("q1 ", 5, 0), SavedSearch("q5 ", 0, 3)]
    assert memory.unbookmarked == {"a": 1}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(st.dictionaries(st.sampled_from([*KINDS, "other"]), json_values, max_size=6))
def test_whatever_the_file_holds_every_value_comes_back_of_its_kind(tmp_path: Path, data: dict[str, Any]) -> None:
    path = tmp_path / "m.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    memory = Memory.load(path)
    _sound(memory)
    assert memory.save(path) == ""
    _sound(Memory.load(path))


def test_huge_lists_are_bounded_keeping_the_newest(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    many = [str(n) for n in range(2 * READ_LIMIT)]
    path.write_text(json.dumps({"history": many, "read": many, "bookmarks": many}), encoding="utf-8")
    memory = Memory.load(path)
    assert memory.history == many[-HISTORY_LIMIT:]
    assert memory.read == many[-READ_LIMIT:]
    assert list(memory.bookmarks) == many[-BOOKMARK_LIMIT:]


def test_a_save_that_would_not_fit_the_read_bound_drops_the_oldest_read_marks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tui.session.saved_file, "FILE_LIMIT", 20_000)
    path = tmp_path / "m.json"
    memory = Memory()
    for n in range(400):
        memory.mark_read(f"{n:04}" + "خ" * 100)
    memory.toggle_bookmark("kept")
    assert memory.save(path) == ""
    assert path.stat().st_size <= 20_000
    again = Memory.load(path)
    assert not again.problem and list(again.bookmarks) == ["kept"]
    assert again.read and again.read == memory.read[-len(again.read) :]  # the newest ones


def test_ids_from_undecodable_file_names_are_kept_as_they_are(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    memory = Memory()
    odd = os.fsdecode(b"\xff\xfe-\xd8\xb9")  # a file name that is not UTF-8: lone surrogates
    memory.toggle_bookmark(odd)
    memory.mark_read(odd)
    assert memory.save(path) == ""
    again = Memory.load(path)
    assert list(again.bookmarks) == [odd] and again.read == [odd] and not again.problem


def test_a_file_from_before_the_times_were_kept_is_read_and_stays_readable_by_it(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    old = {"query": "q", "bookmarks": ["a", "b"], "searches": [{"query": "s", "checked_ns": 9}], "read": ["a"]}
    path.write_text(json.dumps(old), encoding="utf-8")
    memory = Memory.load(path)
    assert not memory.problem and list(memory.bookmarks) == ["a", "b"]
    memory.toggle_bookmark("c")
    assert memory.save(path) == ""
    written = json.loads(path.read_bytes())
    assert written["bookmarks"] == ["a", "b", "c"]  # the list an older version reads
    assert written["searches"][0]["query"] == "s" and written["searches"][0]["checked_ns"] == 9


# What is in the file's place


def test_read_regular_file_reads_up_to_its_bound_and_refuses_past_it(tmp_path: Path) -> None:
    path = tmp_path / "f"
    for size in (0, 1, 99, 100):
        path.write_bytes(b"x" * size)
        assert read_regular_file(path, 100) == b"x" * size
    for size in (101, 10_000):
        path.write_bytes(b"x" * size)
        with pytest.raises(FileTooLarge):
            read_regular_file(path, 100)
    proc = Path("/proc/self/status")  # a regular file that says it is empty, and is not
    if proc.exists():
        with pytest.raises(FileTooLarge):
            read_regular_file(proc, 10)


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _folder(path: Path) -> None:
    path.mkdir()


def _sparse(path: Path) -> None:
    with open(path, "wb") as out:
        out.truncate(tui.session.saved_file.FILE_LIMIT + 1)


@pytest.mark.parametrize("make", [_fifo, _zero, _folder, _sparse])
def test_a_fifo_a_device_a_folder_or_a_huge_file_in_its_place_is_refused_at_once(tmp_path: Path, make: Any) -> None:
    path = tmp_path / "m.json"
    make(path)
    found: list[Memory] = []
    reader = threading.Thread(target=lambda: found.append(Memory.load(path)), daemon=True)
    reader.start()
    reader.join(30)  # a bound against a hang, not a timing: it returns at once
    assert found, "Memory.load hung"
    assert "set aside" in found[0].problem and not os.path.lexists(path)
    if make is _zero:
        assert os.readlink(path.with_suffix(".corrupt")) == "/dev/zero"
    memory = found[0]
    memory.toggle_bookmark("a")
    assert memory.save(path) == "" and list(Memory.load(path).bookmarks) == ["a"]


def test_the_corpus_api_names_refusals_as_os_errors(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(NotRegularFile):
        read_regular_file(tmp_path / "fifo", 10)
    assert issubclass(NotRegularFile, OSError) and issubclass(FileTooLarge, OSError)


# Several sessions


@pytest.mark.parametrize("b_quits_first", [True, False])
def test_a_bookmark_removed_in_one_session_stays_removed_when_another_that_held_it_quits(
    tmp_path: Path, b_quits_first: bool
) -> None:
    path = tmp_path / "m.json"
    first = Memory()
    for article_id in ("x", "y", "z"):
        first.toggle_bookmark(article_id)
    first.save_search("q")
    first.save_search("r")
    assert first.save(path) == ""
    a, b = Memory.load(path), Memory.load(path)
    assert b.toggle_bookmark("x") is False
    b.forget_search("q")
    a.toggle_bookmark("w")
    a.checked("q")  # looking at a search is no reason to bring it back
    for session in (b, a) if b_quits_first else (a, b):
        assert session.save(path) == ""
    after = Memory.load(path)
    assert list(after.bookmarks) == ["y", "z", "w"]
    assert [s.query for s in after.searches] == ["r"]
    # The other way round: bookmarking it again later wins over the older removal.
    assert a.toggle_bookmark("x") is False  # a still showed it: removed, then
    assert a.toggle_bookmark("x") is True
    for session in (b, a) if b_quits_first else (a, b):
        assert session.save(path) == ""
    assert Memory.load(path).bookmarks.keys() == {"x", "y", "z", "w"}


def test_a_saved_search_forgotten_then_saved_again_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    a, b = Memory(), Memory()
    a.save_search("q")
    assert a.save(path) == ""
    b = Memory.load(path)
    b.forget_search("q")
    assert b.save(path) == ""
    assert a.save(path) == "" and Memory.load(path).searches == []
    a = Memory.load(path)
    assert a.save_search("q")
    assert a.save(path) == "" and b.save(path) == ""
    assert [s.query for s in Memory.load(path).searches] == ["q"]


def test_a_saved_search_counts_as_looked_at_when_either_session_last_looked(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    first = Memory()
    first.save_search("q")
    assert first.save(path) == ""
    a, b = Memory.load(path), Memory.load(path)
    a.checked("q")
    looked = a.searches[0].checked_ns
    for session in (a, b):  # b, which never looked, saves last
        assert session.save(path) == ""
    assert Memory.load(path).searches == [SavedSearch("q", looked, first.searches[0].saved_ns)]


def _bookmark_one_at_a_time(path: Path, name: str, count: int, start: Any) -> None:
    """A process that bookmarks `count` articles, each in a session of its own (load, add,
    save); what any save said goes to a file beside the memory."""
    start.wait()
    said = []
    for n in range(count):
        memory = Memory.load(path)
        memory.toggle_bookmark(f"{name}-{n}")
        said.append(memory.problem + memory.save(path))
    (path.parent / f"{name}.said").write_text("\n".join(s for s in said if s), encoding="utf-8")


def test_processes_saving_bookmarks_at_once_lose_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        tui.session.saved_file, "LOCK_WAIT_SECONDS", 60.0
    )  # a loaded machine's slow fsync is no failure here
    path = tmp_path / "m.json"
    count, names = 300, ("a", "b")
    context = multiprocessing.get_context("fork")
    start = context.Barrier(len(names))
    workers = [context.Process(target=_bookmark_one_at_a_time, args=(path, name, count, start)) for name in names]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(300)
        assert worker.exitcode == 0
    assert [(tmp_path / f"{name}.said").read_text(encoding="utf-8") for name in names] == ["", ""]
    kept = Memory.load(path).bookmarks
    assert {f"{name}-{n}" for name in names for n in range(count)} == set(kept)
    assert not list(tmp_path.glob("*.tmp"))


# Saves that fail


def test_a_save_past_a_held_lock_is_left_beside_the_file_and_merged_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another session kept the file locked past the wait: a bookmark and the save at quit were
    lost (red team). What this session remembers is written beside the file, pending; every
    load takes it, and the next save merges it in and removes it."""
    monkeypatch.setattr(tui.session.saved_file, "LOCK_WAIT_SECONDS", 0.05)
    path = tmp_path / "m.json"
    other = Memory()
    other.toggle_bookmark("b")
    assert other.save(path) == ""
    with open(path.with_suffix(".lock"), "a") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        memory = Memory()
        memory.toggle_bookmark("a")
        memory.query = "ماكرون"
        assert memory.save(path) == ""  # nothing lost: it waits beside the file
    (pending,) = tmp_path.glob("m.pending-*.json")
    loaded, _ = Memory.load_with_pending(path)
    assert set(loaded.bookmarks) == {"a", "b"} and loaded.query == "ماكرون"
    assert set(Memory.load(path).bookmarks) == {"b"}  # the file itself as it was
    assert Memory().save(path) == "" and not pending.exists()
    assert set(Memory.load(path).bookmarks) == {"a", "b"}


def test_a_save_that_can_be_kept_nowhere_is_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tui.session.saved_file, "LOCK_WAIT_SECONDS", 0.05)
    path = tmp_path / "m.json"
    with open(path.with_suffix(".lock"), "a") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        memory = Memory()
        memory.toggle_bookmark("a")
        monkeypatch.setattr(Memory, "_left_pending", lambda self, path: False)
        problem = memory.save(path)
    assert str(path) in problem and "locked" in problem and not path.exists()
    assert memory.save(path) == "" and list(Memory.load(path).bookmarks) == ["a"]  # kept for the next save


@pytest.mark.parametrize("failing", ["replace", "fsync", "mkstemp"])
def test_a_full_disk_is_said_with_the_file_and_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    path = tmp_path / "m.json"
    before = Memory()
    before.toggle_bookmark("a")
    assert before.save(path) == ""
    content = path.read_bytes()

    def no_space(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(tempfile if failing == "mkstemp" else os, failing, no_space)
    memory = Memory.load(path)
    memory.toggle_bookmark("a")
    problem = memory.save(path)
    monkeypatch.undo()
    assert str(path) in problem and "No space left on device" in problem
    assert path.read_bytes() == content
    assert not list(tmp_path.glob("*.tmp"))
    assert memory.save(path) == "" and list(Memory.load(path).bookmarks) == []


def test_a_file_set_aside_never_overwrites_one_set_aside_before(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    contents = [b"[" * 100_000, b'{"offset": Infinity}', b"\xff\xfe not json"]
    for content in contents:
        path.write_bytes(content)
        assert "set aside" in Memory.load(path).problem
    kept = sorted(p.read_bytes() for p in tmp_path.iterdir() if p.name.endswith(".corrupt"))
    assert kept == sorted(contents)  # every one kept for the user to look at


def test_a_file_where_the_sessions_folder_should_be_is_named_as_such(tmp_path: Path) -> None:
    folder = tmp_path / "sessions"
    folder.write_text("not a folder", encoding="utf-8")
    problem = Memory(query="x").save(folder / "m.json")
    assert str(folder / "m.json") in problem and "is not a folder" in problem


def test_a_search_saved_by_an_older_version_runs_as_it_ran(tmp_path: Path) -> None:
    """Searches saved before the last word was kept as typed ran it whole: read back so (سوري,
    127 articles whole, would have become 182 as a prefix)."""
    path = tmp_path / "m.json"
    path.write_text(json.dumps({"searches": [{"query": "سوري", "checked_ns": 1, "saved_ns": 1}]}), encoding="utf-8")
    memory = Memory.load(path)
    assert [s.query for s in memory.searches] == ["سوري "]
    assert memory.save_search("باشين") and not memory.save_search("سوري ")
    assert not memory.save(path)
    assert [s.query for s in Memory.load(path).searches] == ["سوري ", "باشين"]


def test_what_a_bookmark_was_of_is_the_winning_sessions() -> None:
    """Two sessions merged kept "what it was of" from the saving one though the other's change
    to the bookmark was later (review)."""
    from tui.session.saved_file import Memory

    mine = Memory(bookmarks={"x": 10}, where={"x": "a.txt\nقديم"})
    other = Memory(bookmarks={"x": 20}, where={"x": "b.txt\nجديد"})
    assert mine.merged_with(other).where == {"x": "b.txt\nجديد"}
    assert other.merged_with(mine).where == {"x": "b.txt\nجديد"}


def test_the_memory_of_a_corpus_is_one_whatever_the_order_of_its_paths(tmp_path: Path) -> None:
    """--corpus A --corpus B and --corpus B --corpus A kept two memories: the bookmarks of one
    looked gone in the other (red team). One file now; one kept under the order given moves there."""
    first, second = str(tmp_path / "a"), str(tmp_path / "b")
    folder = tmp_path / "data"
    kept = tui.session.saved_file._memory_path(folder, [second, first])  # as an earlier version named it
    memory = Memory()
    memory.toggle_bookmark("x")
    assert memory.save(kept) == ""
    path = memory_file(folder, [second, first])
    assert path == memory_file(folder, [first, second]) and path.exists() and not kept.exists()
    assert list(Memory.load(path).bookmarks) == ["x"]
    other = Memory()
    other.toggle_bookmark("y")
    assert other.save(tui.session.saved_file._memory_path(folder, [second, first])) == ""  # an older version again
    again = memory_file(folder, [second, first])
    merged, _ = Memory.load_with_pending(again)
    assert set(merged.bookmarks) == {"x", "y"}  # both kept: the old one pending beside, merged at the next save
    assert Memory().save(again) == "" and set(Memory.load(again).bookmarks) == {"x", "y"}
