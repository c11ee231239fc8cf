"""A first build made in parts on disk (corpus.storage.spill) against the build of one process."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from corpus import Archive
from corpus.packed import read_packed
from corpus.processes import spawn_context
from corpus.saved_folders import mapped_file, verified_now
from corpus.storage import generations, spill
from corpus.storage.generations import NEVER_MATCHES
from corpus.walked import WalkedFiles
from tests.unit.test_incremental import POOL, _same_as_from_scratch

KNOWN_MEMBERS = ("file_paths_bytes", "file_paths_offsets", "file_stamps", "doc_file", "file_follow")


def _record(number: int) -> str:
    return (
        json.dumps({"id": f"r{number}", "title": f"سجل {number}", "text": " ".join(POOL[number:])}, ensure_ascii=False)
        + "\n"
    )


def _corpus(root: Path) -> Path:
    """Folders whose files share names (ids made unique in file order), a JSON Lines file with a
    broken line, an empty file, an undecodable one, and files of every size around a part's."""
    corpus = root / "corpus"
    for folder in ("a", "b", "c"):
        (corpus / folder).mkdir(parents=True)
        for number in range(7):
            words = " ".join(POOL[(number * 3 + k) % len(POOL)] for k in range(4 + number * 5))
            (corpus / folder / f"n{number}.txt").write_text(f"خبر {folder} {number}\n{words}\n", encoding="utf-8")
    (corpus / "b" / "feed.jsonl").write_text(_record(1) + "{broken\n" + _record(2), encoding="utf-8")
    (corpus / "b" / "empty.txt").write_bytes(b"")
    (corpus / "c" / "bad.txt").write_bytes(b"\xff\xfe\x00 not text \x80\x81")
    return corpus


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parts of a few files each: every join path is taken on a small archive."""
    monkeypatch.setattr(spill, "PART_BYTES", 300)
    monkeypatch.setattr(spill, "SPILL_MIN_BYTES", 600)
    monkeypatch.setattr(spill, "RANGE_POSTINGS", 7)
    monkeypatch.setattr(spill, "TOKEN_BLOCK", 5)


def _generation(cache: Path) -> Path:
    (folder,) = (cache / "index").glob("*/g-*")
    return folder


def test_a_first_build_in_parts_on_disk_is_the_build_of_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_parts: None
) -> None:
    corpus = _corpus(tmp_path)
    joined: list[int] = []
    real = spill._joined

    def counted(parts: list[spill.SpilledPart], target: Path, taken: object = None) -> object:
        joined.append(len(parts))
        return real(parts, target, taken)  # type: ignore[arg-type]

    monkeypatch.setattr(spill, "_joined", counted)
    spilled = Archive.open([corpus], cache_dir=tmp_path / "spilled")
    assert joined and joined[0] > 3
    monkeypatch.setattr(spill, "SPILL_MIN_BYTES", 1 << 60)
    one = Archive.open([corpus], cache_dir=tmp_path / "one")
    for name, mine, theirs in zip(
        spilled.index.arrays.ARRAY_NAMES,
        spilled.index.arrays.numpy_members(),
        one.index.arrays.numpy_members(),
        strict=True,
    ):
        assert mine.dtype == theirs.dtype and np.array_equal(mine, theirs), name
    assert list(spilled.index.terms) == list(one.index.terms)
    assert [a.id for a in spilled.articles] == [a.id for a in one.articles]
    assert [(a.path, a.title, a.date) for a in spilled.articles] == [(a.path, a.title, a.date) for a in one.articles]
    assert [a.read_text() for a in spilled.articles] == [a.read_text() for a in one.articles]
    assert sorted(map(str, spilled.problems)) == sorted(map(str, one.problems))
    assert len(spilled.problems) == 3  # the empty file, the broken line, the undecodable bytes
    mine, theirs = (
        json.loads((_generation(tmp_path / "spilled") / "meta.json").read_text()),
        json.loads((_generation(tmp_path / "one") / "meta.json").read_text()),
    )
    assert mine["problems"] == theirs["problems"]
    for name in KNOWN_MEMBERS:  # the file table, member for member (a walk written out has numpy's other header)
        spilled_member = np.load(_generation(tmp_path / "spilled") / f"{name}.npy")
        one_member = np.load(_generation(tmp_path / "one") / f"{name}.npy")
        assert spilled_member.dtype == one_member.dtype and np.array_equal(spilled_member, one_member), name
    _same_as_from_scratch(corpus, spilled)
    assert not [p.name for p in (tmp_path / "spilled" / "index").glob("*/tmp-*")]  # no part left behind


def test_a_spilled_build_is_reused_then_brought_up_to_date(tmp_path: Path, small_parts: None) -> None:
    corpus = _corpus(tmp_path)
    cache = tmp_path / "cache"
    Archive.open([corpus], cache_dir=cache)
    again = Archive.open([corpus], cache_dir=cache)
    assert again.reused
    with (corpus / "b" / "feed.jsonl").open("a", encoding="utf-8") as out:
        out.write(_record(3))  # where the part's helper read the feed to came back with the part
    (corpus / "c" / "n6.txt").unlink()  # the last of its name: no other id changes
    (corpus / "c" / "new.txt").write_text("جديد\nقال الكتاب في كازاخستان\n", encoding="utf-8")
    updated = Archive.open([corpus], cache_dir=cache)
    assert updated.changes is not None and updated.changes.describe() == "1 new file · 1 grew · 1 gone"
    _same_as_from_scratch(corpus, updated)


def test_parts_are_indexed_here_when_no_helper_process_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_parts: None
) -> None:
    real = spawn_context()

    class NoProcesses:
        def Pipe(self, duplex: bool) -> object:  # noqa: N802 - multiprocessing's name
            return real.Pipe(duplex=duplex)

        def Process(self, **_: object) -> object:  # noqa: N802
            class Refused:
                def start(self) -> None:
                    raise OSError("no more processes")

            return Refused()

    monkeypatch.setattr(spill, "spawn_context", NoProcesses)
    corpus = _corpus(tmp_path)
    here = Archive.open([corpus], cache_dir=tmp_path / "cache")
    _same_as_from_scratch(corpus, here)


def test_the_walk_is_read_from_the_file_table_on_disk_and_a_file_gone_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_parts: None
) -> None:
    """The walk's paths and stamps are written where the generation keeps its file table and read
    from there while the parts are indexed (the walk's own columns let go). A file gone before it
    was read is saved to be read again, its stamp written anew beside the walk's map of it."""
    corpus = _corpus(tmp_path)
    gone = corpus / "a" / "n3.txt"
    mapped: list[object] = []
    real = spill._spilled

    def spilled(files: WalkedFiles, *rest: object) -> list[spill.SpilledPart]:
        mapped.append(mapped_file(files.paths.data))
        gone.unlink()  # after the walk, before its part is read
        return real(files, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(spill, "_spilled", spilled)
    archive = Archive.open([corpus], cache_dir=tmp_path / "cache")
    (source,) = mapped
    assert isinstance(source, tuple) and source[0].name == "file_paths_bytes.npy"
    assert any(p.path == str(gone) and "cannot read" in p.message for p in archive.problems)
    generation = _generation(tmp_path / "cache")
    stamps = np.load(generation / "file_stamps.npy")
    paths = list(read_packed(generation, "file_paths", len(stamps)))
    assert stamps[paths.index(str(gone))][0] == NEVER_MATCHES
    assert stamps[paths.index(str(corpus / "a" / "n2.txt"))][0] == (corpus / "a" / "n2.txt").stat().st_size
    assert verified_now(generation)  # the walk's folder removed without touching the members moved from it
    monkeypatch.setattr(spill, "_spilled", real)
    again = Archive.open([corpus], cache_dir=tmp_path / "cache")  # its checksums hold: not built anew
    assert again.changes is not None and again.changes.describe() == "1 gone"
    _same_as_from_scratch(corpus, again)


def test_another_sessions_start_leaves_a_long_first_build_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_parts: None
) -> None:
    """A start drops the folders killed writes left (untouched a minute): a first build of a
    million articles leaves its own untouched for minutes while its parts are indexed, and another
    session's start then took them from under it. A folder of a live process is left alone."""
    corpus = _corpus(tmp_path)
    cache = tmp_path / "cache"
    dead = "tmp-4194999-old"  # a pid above any this machine gives: a write that was killed
    real = spill._joined

    def another_start(parts: list[spill.SpilledPart], target: Path, taken: object = None) -> object:
        store = target.parent
        for leftover in (dead, "tmp-leftover"):
            (store / leftover).mkdir()
        monkeypatch.setattr(generations, "DEAD_WRITE_SECONDS", -3600)  # as if an hour had gone by
        generations.IndexStore.drop_dead_writes(SimpleNamespace(folder=store))  # type: ignore[arg-type]
        assert not (store / dead).exists() and not (store / "tmp-leftover").exists()
        return real(parts, target, taken)  # type: ignore[arg-type]

    monkeypatch.setattr(spill, "_joined", another_start)
    built = Archive.open([corpus], cache_dir=cache)
    assert len(built.articles) and not built.reused
    monkeypatch.setattr(spill, "_joined", real)
    assert Archive.open([corpus], cache_dir=cache).reused
