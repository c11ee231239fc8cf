"""Paths under a corpus root (the one check every caller uses); the walk as columns, compared with
a saved file table."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from corpus import walked
from corpus.models import LoadProblem
from corpus.packed import PackedStrings
from corpus.saved_folders import ArrayWriter, mapped_file
from corpus.storage.generations import KnownFiles, stamp
from corpus.storage.incremental import bring_up_to_date, find_changes
from corpus.walk import as_int64, is_under, path_from
from corpus.walked import WalkedFiles, walk_corpus


def test_a_path_is_under_a_root_only_past_a_separator() -> None:
    assert is_under("/news/okaz/a.txt", "/news/okaz")
    assert is_under("/news/okaz/a.txt", "/news/okaz/")
    assert is_under("/news/okaz", "/news/okaz")
    assert is_under("/news/okaz", "/news/okaz/")
    assert is_under("/news", "/")
    assert not is_under("/news/okaz2/a.txt", "/news/okaz")  # a sibling whose name begins the same
    assert not is_under("/news", "/news/okaz")


def test_the_path_from_a_root() -> None:
    assert path_from("/news/okaz/2018/a.txt", "/news/okaz") == "2018/a.txt"
    assert path_from("/news/okaz/a.txt", "/news/okaz/") == "a.txt"
    assert path_from("/news/okaz", "/news/okaz") == ""
    assert path_from("/news/okaz", "/news/okaz/") == ""
    assert path_from("/news/a.txt", "/") == "news/a.txt"
    assert path_from("/news/okaz2/a.txt", "/news/okaz") is None


def test_the_walk_as_columns_gives_each_file_as_stat_sees_it_once_in_name_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    names = ["z.txt", "a.md", "b/c.jsonl", "b/\udcff-odd.txt", "ignored.png", ".hidden.txt"]
    for name in names:
        (tmp_path / name).write_text("نص", encoding="utf-8")
    os.link(tmp_path / "z.txt", tmp_path / "b" / "same.txt")  # one file reached twice: read once
    problems: list[LoadProblem] = []
    walked = walk_corpus([tmp_path], problems)
    assert [os.path.relpath(f.path, tmp_path) for f in walked] == [
        "a.md",
        "b/c.jsonl",
        "b/same.txt",
        "b/\udcff-odd.txt",
    ]
    for file in walked:
        info = os.stat(file.path)
        assert (file.size, file.mtime_ns, file.ctime_ns, file.identity) == (
            info.st_size, info.st_mtime_ns, info.st_ctime_ns, (info.st_dev, info.st_ino)
        )  # fmt: skip
    assert list(walked.paths) == [f.path for f in walked]
    assert walked.total_size() == sum(f.size for f in walked)
    assert not problems


def test_an_unchanged_walk_is_compared_in_numpy_and_a_changed_one_finds_what_changed(tmp_path: Path) -> None:
    for n in range(5):
        (tmp_path / f"{n}.txt").write_text(f"نص {n}", encoding="utf-8")
    walked = walk_corpus([tmp_path], [])
    known = KnownFiles(
        PackedStrings.of([f.path for f in walked]),
        np.array([stamp(f) for f in walked], dtype=np.int64),
        np.arange(5, dtype=np.int64),
        [],
    )
    assert find_changes(known, 5, walked).none
    (tmp_path / "1.txt").write_text("نص آخر أطول", encoding="utf-8")
    (tmp_path / "3.txt").unlink()
    (tmp_path / "5.txt").write_text("جديد", encoding="utf-8")
    again = walk_corpus([tmp_path], [])
    changes = find_changes(known, 5, again)
    assert (changes.added, changes.changed, changes.removed) == (1, 1, 1)
    assert [os.path.basename(f.path) for f in changes.to_read] == ["1.txt", "5.txt"]
    assert changes.keep.tolist() == [True, False, True, False, True]
    assert changes.kept_files.tolist() == [0, 2, 4]


def test_a_device_or_inode_number_past_int64_wraps_as_the_saved_stamps_store_it() -> None:
    assert as_int64(5) == 5
    assert as_int64((1 << 64) - 1) == -1


def test_the_table_after_a_change_is_in_the_order_the_next_walk_finds_its_files(tmp_path: Path) -> None:
    """A file added in the middle of a folder (or a changed one) takes its place in the new table
    as the walk found it, so the next walk finds the table's paths in its order and compares
    stamps row for row; the articles keep their files."""
    for n in (1, 3, 5, 7):
        (tmp_path / f"{n}.txt").write_text(f"عنوان {n}\n\nنص المقال {n}", encoding="utf-8")
    problems: list[LoadProblem] = []
    walked = walk_corpus([tmp_path], problems)
    index, table = bring_up_to_date(None, None, find_changes(None, 0, walked), problems)
    (tmp_path / "4.txt").write_text("عنوان 4\n\nنص جديد", encoding="utf-8")
    (tmp_path / "1.txt").write_text("عنوان 1\n\nنص تغير وطال", encoding="utf-8")
    (tmp_path / "5.txt").unlink()
    again = walk_corpus([tmp_path], problems)
    index, table = bring_up_to_date(index, table, find_changes(table, len(index), again), problems)
    assert len(index) == 4
    assert [os.path.basename(p) for p in table.paths] == ["1.txt", "3.txt", "4.txt", "7.txt"]
    assert again.same_paths(PackedStrings.of(list(table.paths)))
    titles = {os.path.basename(table.paths[row]): index.articles[doc].title for doc, row in enumerate(table.doc_file)}
    assert titles == {f"{n}.txt": f"عنوان {n}" for n in (1, 3, 4, 7)}
    assert (table.stamps == walk_corpus([tmp_path], problems).stamps).all()
    assert find_changes(table, len(index), walk_corpus([tmp_path], problems)).none


def test_a_deep_tree_never_runs_out_of_file_descriptors(tmp_path: Path) -> None:
    """A folder open only while its run of files is stat'ed: 60 levels walk under a limit of 40."""
    import subprocess
    import sys

    folder = tmp_path
    for level in range(60):
        folder = folder / f"d{level}"
        folder.mkdir()
        (folder / f"{level}.txt").write_text("نص", encoding="utf-8")
    script = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_NOFILE, (40, 40))\n"
        "from corpus.walked import walk_corpus\n"
        "problems = []\n"
        "print(len(walk_corpus([sys.argv[1]], problems)), len(problems))\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["60", "0"]


def _columns(files: WalkedFiles) -> tuple[list[str], list[list[int]], list[bool]]:
    return list(files.paths), files.stamps.tolist(), [files[i].regular for i in range(len(files))]


def test_a_walk_written_out_as_it_goes_reads_back_as_the_walk_held_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first build's walk writes its columns out a few files at a time and maps them back: the
    same files, stamps and order as a walk held in memory, a file reached twice through a link
    found once; when they cannot be written it is held in memory, its problems named once."""
    monkeypatch.setattr(walked, "WRITTEN_FILES", 3)
    corpus = tmp_path / "corpus"
    for folder in ("a", "b", "c/d"):
        (corpus / folder).mkdir(parents=True)
        for number in range(4):
            (corpus / folder / f"n{number}.txt").write_text(f"خبر {number}\n", encoding="utf-8")
    (corpus / "b" / "out.txt").symlink_to(tmp_path / "elsewhere.txt")  # a link out: a problem
    for folder in ("walk", "twice", "again"):
        (tmp_path / folder).mkdir()
    held_problems: list[LoadProblem] = []
    held = walk_corpus([corpus], held_problems, resolved=True)
    written_problems: list[LoadProblem] = []
    written = walk_corpus([corpus], written_problems, resolved=True, into=tmp_path / "walk")
    assert written.written_to == tmp_path / "walk" and mapped_file(written.paths.data) is not None
    assert _columns(written) == _columns(held) and len(written) == 12
    assert written_problems == held_problems and len(held_problems) == 1
    (corpus / "b" / "again.txt").symlink_to(corpus / "a" / "n1.txt")  # the same file: read once
    held = walk_corpus([corpus], [], resolved=True)
    twice = walk_corpus([corpus], [], resolved=True, into=tmp_path / "twice")
    assert _columns(twice) == _columns(held) and len(twice) == 12

    appended = ArrayWriter.append
    calls: list[object] = []

    def refused(writer: ArrayWriter, values: np.ndarray) -> None:
        calls.append(values)
        if len(calls) > 9:  # the disk full half way through the walk, after its problem
            raise OSError(28, "No space left on device")
        appended(writer, values)

    monkeypatch.setattr(ArrayWriter, "append", refused)
    refused_problems: list[LoadProblem] = []
    kept = walk_corpus([corpus], refused_problems, resolved=True, into=tmp_path / "again")
    assert kept.written_to is None and _columns(kept) == _columns(held)
    assert refused_problems == held_problems


@pytest.mark.parametrize("race", ["none", "gone", "became a folder", "became a link", "not utf-8"])
def test_a_large_folder_stat_ed_half_by_a_helper_gives_what_a_walk_here_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, race: str
) -> None:
    """A run of many files is stat'ed in blocks, half of each by a helper process; a block where
    a file changed kind or went since the listing, or holds a name that is not UTF-8, is
    stat'ed again a file at a time, as a small folder's files are."""
    from corpus import stat_pass
    from corpus import walk as walk_module

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(40):
        (corpus / f"a{number:02}.txt").write_text(f"خبر {number}", encoding="utf-8")
    (corpus / "z.txt").write_text("خبر أخير", encoding="utf-8")
    if race == "not utf-8":
        with open(os.fsencode(corpus) + b"/b\xff.txt", "wb") as odd:
            odd.write("خبر".encode())
    here: list[LoadProblem] = []
    alone = walk_corpus([corpus], here)
    for module in (stat_pass, walk_module):
        monkeypatch.setattr(module, "HELPER_FILES", 4)
    monkeypatch.setattr(walk_module, "WALK_BLOCK", 16)
    monkeypatch.setattr(walk_module, "usable_cores", lambda: 2)
    helpers: list[int] = []

    class Counted(stat_pass.StatHelper):
        def __init__(self, raw: bytes, ends: list[int]) -> None:
            helpers.append(len(ends) - 1)
            super().__init__(raw, ends)

    monkeypatch.setattr(stat_pass, "StatHelper", Counted)
    real = stat_pass.stat_in_two
    target = corpus / "a20.txt"

    def racing(count: int, run: object, two: bool) -> object:
        if race == "gone" and target.exists():
            target.unlink()
        elif race == "became a folder" and target.is_file():
            target.unlink()
            target.mkdir()
            (target / "inner.txt").write_text("خبر داخلي", encoding="utf-8")
        elif race == "became a link" and not target.is_symlink():
            target.unlink()
            target.symlink_to(corpus / "z.txt")
        return real(count, run, two)  # type: ignore[arg-type]

    monkeypatch.setattr(walk_module, "stat_in_two", racing)
    problems: list[LoadProblem] = []
    both = walk_corpus([corpus], problems)
    assert helpers and all(count >= 2 for count in helpers)  # half of each large block
    if race == "gone":
        assert [(p.path, p.message) for p in problems] == [(str(target), "cannot open: No such file or directory")]
    else:
        assert not problems and not here
    expected = [f for f in alone if race == "none" or f.path != str(target) or race == "not utf-8"]
    if race == "became a folder":
        expected.insert(20, walk_corpus([target / "inner.txt"], [])[0])
    if race == "became a link":
        expected = list(walk_corpus([corpus], []))  # z.txt reached twice, through a20.txt first: read once, there
    assert [both[n] for n in range(len(both))] == expected
