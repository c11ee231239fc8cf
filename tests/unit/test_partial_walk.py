"""A start that lists only the folders that changed finds what a full walk finds, in its order."""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path
from typing import Any

import pytest

from corpus.models import LoadProblem
from corpus.storage import partial_walk
from corpus.storage.partial_walk import files_by_listing_changed
from corpus.walk import walk_folder
from corpus.walked import WalkedFiles, walk_corpus

NAMES = ["a", "a!", "a-b", "a.txt", "b", "خبر", "خبر 2", "z", "Z", "ء", "b\udcff"]
"""Names whose order as paths is not their order as bytes ("a!" sorts before "a/" as bytes),
and one that is not UTF-8."""


def _write(path: Path, text: str) -> None:
    """Write a file unless a file stands where a folder of its path would, or a folder at it."""
    if path.is_dir() or any(parent.is_file() for parent in path.parents):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _tree(root: Path, rng: random.Random) -> None:
    for _ in range(40):
        depth = rng.randrange(3)
        folders = [rng.choice(NAMES) for _ in range(depth)]
        name = rng.choice(NAMES) + rng.choice([".txt", ".txt", ".md", ".json", ".png"])
        _write(root.joinpath(*folders, name), f"خبر {rng.random()}")


def _folders(root: Path) -> list[Path]:
    return [root, *(p for p in sorted(root.rglob("*")) if p.is_dir() and not p.is_symlink())]


def _files(root: Path) -> list[Path]:
    return [p for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink()]


def _change(root: Path, rng: random.Random) -> str:
    """One change to the tree, named."""
    kind = rng.choice(["add", "remove", "rename", "rewrite", "new folder", "drop folder", "move folder", "to folder"])
    folders, files = _folders(root), _files(root)
    if kind == "add" or not files:
        _write(rng.choice(folders) / (rng.choice(NAMES) + rng.choice([".txt", ".md", ".png"])), "جديد")
    elif kind == "remove":
        rng.choice(files).unlink()
    elif kind == "rename":
        source = rng.choice(files)
        source.rename(source.with_name(rng.choice(NAMES) + "-n.txt"))
    elif kind == "rewrite":
        with rng.choice(files).open("a", encoding="utf-8") as handle:
            handle.write(" تصحيح")  # in place: no folder changes
    elif kind == "new folder":
        base = rng.choice(folders) / (rng.choice(NAMES) + "-new")
        for name in rng.sample(NAMES, 3):
            _write(base / name / f"{name}.txt", "في مجلد جديد")
            _write(base / f"{name}.txt", "في مجلد جديد")
    elif kind == "drop folder" and len(folders) > 1:
        shutil.rmtree(rng.choice(folders[1:]))
    elif kind == "move folder" and len(folders) > 1:
        source = rng.choice(folders[1:])
        target = rng.choice([f for f in folders if source not in [f, *f.parents]]) / (source.name + "-moved")
        if not target.exists():
            source.rename(target)
    elif kind == "to folder":
        victim = rng.choice(files)
        victim.unlink()
        _write(victim / "inside.txt", "ملف صار مجلدا")
    return kind


def _as_rows(files: WalkedFiles) -> list[tuple[str, int, int, int, tuple[int, int]]]:
    return [(f.path, f.size, f.mtime_ns, f.ctime_ns, f.identity) for f in files]


def _partial(root: Path, walked: WalkedFiles, problems: list[LoadProblem]) -> WalkedFiles | None:
    now: dict[str, os.stat_result | None] = {}
    for path, _ in walked.places:
        try:
            now[path] = os.stat(path)
        except OSError:
            now[path] = None
    return files_by_listing_changed(str(root), walked.places, now, [], walked.paths, problems)


@pytest.fixture(params=["here", "ahead", "helper lost"])
def stat_ahead(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The saved table stat'ed here alone, or its last rows by a helper while the changed folders
    are listed (a small tree too), or by a helper that ends without its rows."""
    if request.param != "here":
        monkeypatch.setattr("corpus.walked.AHEAD_FILES", 1)
        monkeypatch.setattr("corpus.walked.usable_cores", lambda: 2)
    if request.param == "helper lost":
        monkeypatch.setattr("corpus.stat_pass.StatHelper.rows", lambda self: None)
    return str(request.param)


@pytest.mark.parametrize("seed", range(12))
def test_listing_only_changed_folders_finds_what_a_walk_finds_in_its_order(
    tmp_path: Path, seed: int, stat_ahead: str
) -> None:
    rng = random.Random(seed)
    root = tmp_path / "corpus"
    root.mkdir()
    _tree(root, rng)
    walked = walk_corpus([str(root)], [])
    for _ in range(6):
        done = [_change(root, rng) for _ in range(rng.randrange(1, 4))]
        problems: list[LoadProblem] = []
        partial = _partial(root, walked, problems)
        full = walk_corpus([str(root)], [])
        if partial is None:  # a file that became a folder of its name is left to the full walk
            assert "to folder" in done, done
            walked = full
            continue
        assert _as_rows(partial) == _as_rows(full), done
        assert not problems
        assert partial.saved_rows is not None  # each file's row in the table it was taken from
        assert partial.saved_rows[1].tolist() == partial.paths.rows_in(walked.paths).tolist(), done
        assert sorted(partial.places) == sorted(full.places), done
        walked = partial  # the next start compares with what this one found


def test_a_folder_unchanged_keeps_its_files_without_being_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "corpus"
    for day in ("2024-01-01", "2024-01-02", "2024-01-03"):
        for n in range(3):
            _write(root / day / f"{n}.txt", f"خبر {day} {n}")
    walked = walk_corpus([str(root)], [])
    _write(root / "2024-01-04" / "0.txt", "خبر جديد")
    listed: list[str] = []
    real_scandir, real_listdir = os.scandir, os.listdir

    def watched_scandir(path: str | bytes) -> object:
        listed.append(os.fsdecode(path))
        return real_scandir(path)

    def watched_listdir(path: str | bytes) -> object:
        listed.append(os.fsdecode(path))
        return real_listdir(path)

    monkeypatch.setattr("corpus.storage.partial_walk.os.listdir", watched_listdir)
    monkeypatch.setattr("corpus.walk.os.scandir", watched_scandir)
    partial = _partial(root, walked, [])
    assert sorted(listed) == [str(root), str(root / "2024-01-04")]  # the changed folder and the new one
    assert partial is not None and _as_rows(partial) == _as_rows(walk_corpus([str(root)], []))


@pytest.mark.parametrize("where", ["changed folder", "new folder"])
def test_a_link_in_a_folder_listed_again_sends_the_start_to_a_full_walk(tmp_path: Path, where: str) -> None:
    root = tmp_path / "corpus"
    _write(root / "a" / "1.txt", "خبر")
    walked = walk_corpus([str(root)], [])
    folder = root / "a" if where == "changed folder" else root / "new"
    folder.mkdir(exist_ok=True)
    (folder / "link.txt").symlink_to(root / "a" / "1.txt")
    assert _partial(root, walked, []) is None


def test_a_file_gone_in_an_unchanged_folder_is_named_as_the_walk_names_it(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    _write(root / "a" / "1.txt", "خبر")
    _write(root / "b" / "2.txt", "خبر")
    walked = walk_corpus([str(root)], [])
    _write(root / "b" / "3.txt", "خبر")
    places = walked.places
    now: dict[str, os.stat_result | None] = {path: os.stat(path) for path, _ in places}
    (root / "a" / "1.txt").unlink()  # after the folders were stat'ed: as if gone mid-start
    problems: list[LoadProblem] = []
    partial = files_by_listing_changed(str(root), places, now, [], walked.paths, problems)
    assert partial is not None and [f.path for f in partial] == [str(root / "b" / "2.txt"), str(root / "b" / "3.txt")]
    assert [p.path for p in problems] == [str(root / "a" / "1.txt")]


def test_a_folder_left_out_of_the_walk_is_left_out_when_it_appears(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    _write(root / "a" / "1.txt", "خبر")
    walked = walk_corpus([str(root)], [])
    cache = root / "cache"  # the archive's own cache, made inside the corpus after its first walk
    _write(cache / "index.json", "{}")
    _write(root / "a" / "2.txt", "خبر")
    now: dict[str, os.stat_result | None] = {path: os.stat(path) for path, _ in walked.places}
    partial = files_by_listing_changed(str(root), walked.places, now, [cache], walked.paths, [])
    full = walk_corpus([str(root)], [], skip=[cache])
    assert partial is not None and _as_rows(partial) == _as_rows(full)
    assert [f.path for f in full] == [str(root / "a" / "1.txt"), str(root / "a" / "2.txt")]


def test_a_change_where_most_files_lie_is_listed_too(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    for n in range(6):
        _write(root / f"{n}.txt", "خبر")
    _write(root / "old" / "1.txt", "خبر")
    _write(root / "old" / "2.txt", "خبر")
    walked = walk_corpus([str(root)], [])
    _write(root / "old" / "3.txt", "خبر")  # under a folder of 2 files in 8
    assert _partial(root, walked, []) is not None
    walked = walk_corpus([str(root)], [])
    _write(root / "6.txt", "خبر")  # right in the corpus folder: 6 files in 9
    partial = _partial(root, walked, [])
    assert partial is not None and _as_rows(partial) == _as_rows(walk_corpus([str(root)], []))
    dated = tmp_path / "dated"
    for n in range(4):
        _write(dated / "2024" / f"0{n}" / "1.txt", "خبر")
    walked = walk_corpus([str(dated)], [])
    _write(dated / "2025" / "01" / "1.txt", "خبر")  # a new year: its folder holds no file itself
    partial = files_by_listing_changed(
        str(dated), walked.places, {p: os.stat(p) for p, _ in walked.places}, [], walked.paths, []
    )
    assert partial is not None and _as_rows(partial) == _as_rows(walk_corpus([str(dated)], []))


def test_names_told_apart_in_numpy_are_those_a_loop_tells() -> None:
    rng = random.Random(7)
    pieces = [b"a", b".", b"txt", b".txt", b"t", b"x", b"\xd8\xae", b"\xff", b".TXT", b"md"]
    names = [b"".join(rng.choices(pieces, k=rng.randrange(1, 5))) for _ in range(3000)]
    names += [b".txt", b"a.txt", b"txt", b"t", b".a.txt", b"x.txt"]
    told = partial_walk._plain_text_names(names).tolist()
    assert told == [name.endswith(b".txt") and not name.startswith(b".") for name in names]
    assert partial_walk._plain_text_names([]).tolist() == []


def test_an_import_of_more_new_files_than_listed_stops_walking_its_folders_early(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "corpus"
    _write(root / "old.txt", "خبر")
    walked = walk_corpus([str(root)], [])
    for day in range(6):
        for n in range(3):
            _write(root / f"day{day}" / f"{n}.txt", "خبر")
    monkeypatch.setattr(partial_walk, "NEW_FILES", 4)
    walks: list[str] = []

    def counted(found: WalkedFiles, path: str, *args: Any) -> bool:
        walks.append(path)
        return walk_folder(found, path, *args)

    monkeypatch.setattr(partial_walk, "walk_folder", counted)
    assert _partial(root, walked, []) is None  # too many: walked in full
    assert len(walks) == 2  # the folder that passed the bound was the last walked


@pytest.mark.parametrize("ends", ["found", "walked in full"])
def test_the_helper_stating_ahead_is_ended_however_the_listing_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ends: str
) -> None:
    from corpus import walked as walked_module

    monkeypatch.setattr("corpus.walked.AHEAD_FILES", 1)
    monkeypatch.setattr("corpus.walked.usable_cores", lambda: 2)
    started: list[walked_module.StatAhead] = []
    start = walked_module.StatAhead.__init__

    def kept(self: walked_module.StatAhead, *args: Any) -> None:
        start(self, *args)
        started.append(self)

    monkeypatch.setattr(walked_module.StatAhead, "__init__", kept)
    root = tmp_path / "corpus"
    for n in range(4):
        _write(root / "a" / f"{n}.txt", "خبر")
    walked = walk_corpus([str(root)], [])
    _write(root / "a" / "new.txt", "خبر")
    if ends == "walked in full":
        (root / "a" / "link.txt").symlink_to(root / "a" / "1.txt")
    assert (_partial(root, walked, []) is None) == (ends == "walked in full")
    assert len(started) == 1 and started[0]._helper is None  # ended, its process waited for


def test_the_files_listed_again_are_counted_without_those_of_folders_recorded_in_them(tmp_path: Path) -> None:
    root = tmp_path / "dated"
    for month in range(1, 4):
        for n in range(5):
            _write(root / "2024" / f"{month:02d}" / f"{n}.txt", "خبر")
    _write(root / "top.txt", "خبر")
    walked = walk_corpus([str(root)], [])
    keys = partial_walk._Keys(walked.paths)
    assert partial_walk._listed_rows(keys, walked.places, {str(root)}) == 1  # a new year changes the root only
    assert partial_walk._listed_rows(keys, walked.places, {str(root / "2024" / "02")}) == 5
