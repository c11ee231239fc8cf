"""Every file of the cache that is not a regular file of the size its format allows (a FIFO, a
link to /dev/zero, a device, a file too long) is damage: never waited on, never read without
end, rebuilt and said once."""

from __future__ import annotations

import errno
import json
import os
import stat
import threading
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import numpy as np
import pytest

from corpus import Archive, saved_folders
from corpus.entities.cache import EntityCache
from corpus.entities.saved import entities_folder
from corpus.safe_files import FileTooLarge, NotRegularFile, read_regular_file
from corpus.saved_folders import MEMBER_LIMIT, VERIFIED
from corpus.search.postings import IndexArrays
from corpus.storage import generations
from corpus.storage.generations import POINTER_LIMIT
from tests.helpers import GOOD

T = TypeVar("T")


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    for number in range(3):
        (folder / f"n{number}.txt").write_text(f"خبر رقم {number} عن أستانا\n{GOOD}\n", encoding="utf-8")
    return folder


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _zero_link(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _device(path: Path) -> None:
    try:
        os.mknod(path, 0o600 | stat.S_IFCHR, os.makedev(1, 5))  # /dev/zero
    except PermissionError:
        pytest.skip("making a device needs root")


def _link_to_a_copy(path: Path) -> None:
    copy = path.with_name(path.name + ".copy")
    path.rename(copy)
    path.symlink_to(copy)


def _too_long(path: Path) -> None:
    """One byte past what the format allows: past its header's size for an array, past the
    bound of its kind otherwise (a sparse file, which costs no disk)."""
    if path.suffix == ".npy":
        with open(path, "ab") as out:
            out.write(b"\0")
    else:
        limit = POINTER_LIMIT if path.name == "current" else MEMBER_LIMIT
        os.truncate(path, limit + 1)


SHAPES: dict[str, Callable[[Path], None]] = {
    "a FIFO": _fifo,
    "a link to /dev/zero": _zero_link,
    "a device": _device,
    "a link to a good copy": _link_to_a_copy,
    "too long": _too_long,
}


def _replace(path: Path, shape: str) -> None:
    if shape not in ("too long", "a link to a good copy"):
        path.unlink()
    SHAPES[shape](path)


def _within(seconds: float, work: Callable[[], T]) -> T:
    """What `work` gives, failing (not hanging) when it waits on a file for ever."""
    done: list[T] = []
    worker = threading.Thread(target=lambda: done.append(work()), daemon=True)
    worker.start()
    worker.join(seconds)
    assert done, "waited on a cache file"
    return done[0]


def _generation(cache: Path) -> Path:
    """The generation in use."""
    (pointer,) = (cache / "index").glob("*/current")
    return pointer.parent / pointer.read_text(encoding="ascii")


def _members(cache: Path) -> list[str]:
    generation = _generation(cache)
    return ["current", *sorted(p.name for p in generation.iterdir() if p.is_file())]


@pytest.mark.parametrize("shape", SHAPES)
def test_any_index_file_that_is_not_a_regular_file_of_its_size_is_damage_rebuilt_and_said_once(
    tmp_path: Path, shape: str
) -> None:
    corpus, cache = _corpus(tmp_path / "c"), tmp_path / "cache"
    expected = [a.title for a in Archive.open([corpus], cache_dir=cache).articles]
    members = _members(cache)
    assert len(members) > 40 and {"current", "meta.json", "tokens.npy", "file_paths_bytes.npy"} <= set(members)
    for name in members:
        generation = _generation(cache)
        _replace(generation.parent / name if name == "current" else generation / name, shape)
        second = _within(60, lambda: Archive.open([corpus], cache_dir=cache))
        if name == VERIFIED:  # a note that the folder was checked: without it, it is checked again
            assert second.reused and not second.problems and [a.title for a in second.articles] == expected
            continue
        assert not second.reused and [a.title for a in second.articles] == expected, name
        assert sum("damaged" in p.message for p in second.problems) == 1, (name, second.problems)
        third = Archive.open([corpus], cache_dir=cache)
        assert third.reused and not any("damaged" in p.message for p in third.problems), name


@pytest.mark.parametrize("shape", SHAPES)
def test_any_entity_index_file_that_is_not_a_regular_file_of_its_size_is_rebuilt(tmp_path: Path, shape: str) -> None:
    corpus, cache = _corpus(tmp_path / "c"), tmp_path / "cache"
    first = Archive.open([corpus], cache_dir=cache)
    first.build_entities()
    assert first.generation is not None and first.entities is not None
    folder = entities_folder(first.generation)
    expected = sorted((e.name, len(e.mentions)) for e in first.entities.entities)
    for name in sorted(p.name for p in folder.iterdir()):
        _replace(folder / name, shape)
        again = _within(60, lambda: Archive.open([corpus], cache_dir=cache))
        _within(60, again.build_entities)
        assert again.entities is not None
        assert sorted((e.name, len(e.mentions)) for e in again.entities.entities) == expected, name
        assert (folder / "meta.json").is_file() and not (folder / "meta.json").is_symlink(), name


@pytest.mark.parametrize("shape", ["a FIFO", "a link to /dev/zero", "a device"])
def test_a_lock_or_entity_database_that_is_not_a_file_is_made_anew(tmp_path: Path, shape: str) -> None:
    corpus, cache = _corpus(tmp_path / "c"), tmp_path / "cache"
    Archive.open([corpus], cache_dir=cache)
    (lock,) = (cache / "index").glob("*/lock")
    _replace(lock, shape)
    (corpus / "n9.txt").write_text(f"خبر جديد\n{GOOD}\n", encoding="utf-8")  # a change: the lock is taken
    changed = _within(60, lambda: Archive.open([corpus], cache_dir=cache))
    assert len(changed) == 4 and stat.S_ISREG(os.lstat(lock).st_mode)
    assert Archive.open([corpus], cache_dir=cache).reused  # it was saved
    database = tmp_path / "entities.sqlite"
    for path in (database, Path(f"{database}-journal"), Path(f"{database}-wal")):
        SHAPES[shape](path)
        opened = _within(60, lambda: EntityCache(database))
        opened.put_many([("k", [])])
        assert opened.get_many(["k"]) == {"k": []}
        opened.close()
        assert stat.S_ISREG(os.lstat(database).st_mode)


def test_reading_a_regular_file_is_bounded_and_refuses_anything_else(tmp_path: Path) -> None:
    path = tmp_path / "f"
    for size in (0, 1, 4096, 100_000):
        path.write_bytes(b"x" * size)
        assert read_regular_file(path, size) == b"x" * size
        if size:
            with pytest.raises(FileTooLarge):
                read_regular_file(path, size - 1)
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        assert read_regular_file(path, MEMBER_LIMIT) == b"x" * 100_000
        assert tracemalloc.get_traced_memory()[1] < 10 * 100_000  # never the bound (1 GiB) reserved
    finally:
        tracemalloc.stop()
    for shape in ("a FIFO", "a link to /dev/zero", "a link to a good copy"):
        other = tmp_path / shape.replace(" ", "-").replace("/", "")
        other.write_bytes(b"x")
        _replace(other, shape)
        with pytest.raises(OSError) as raised:
            read_regular_file(other, 10)
        assert isinstance(raised.value, NotRegularFile) or raised.value.errno == errno.ELOOP


def _checked_members(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The members whose CRC-32 is computed from now on, by name."""
    checked: list[str] = []
    real = saved_folders.crc_of

    def spy(path: Path) -> int:
        checked.append(path.name)
        return real(path)

    monkeypatch.setattr(saved_folders, "crc_of", spy)
    return checked


def _built_in_a_boot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, Path]:
    """A corpus indexed into a cache, in a boot whose id is the file returned last."""
    corpus, cache = _corpus(tmp_path / "corpus"), tmp_path / "cache"
    boot = tmp_path / "boot_id"
    boot.write_text("first-boot\n")
    monkeypatch.setattr(saved_folders, "BOOT_ID", boot)
    Archive.open([corpus], cache_dir=cache)
    return corpus, cache, boot


def test_a_saved_index_is_checked_whole_once_a_boot_and_again_when_a_member_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, cache, boot = _built_in_a_boot(tmp_path, monkeypatch)
    checked = _checked_members(monkeypatch)
    assert Archive.open([corpus], cache_dir=cache).reused
    assert checked == []  # read back whole when it was written, in this boot: not again
    boot.write_text("second-boot\n")
    assert Archive.open([corpus], cache_dir=cache).reused
    assert "tokens.npy" in checked  # the machine restarted: checked whole again
    (generation,) = (cache / "index").glob("*/g-*")
    member = generation / "post_docs.npy"
    before = member.stat()
    data = bytearray(member.read_bytes())
    data[-1] ^= 0xFF
    member.write_bytes(bytes(data))
    os.utime(member, ns=(before.st_atime_ns, before.st_mtime_ns))  # its modification time put back
    checked.clear()
    again = Archive.open([corpus], cache_dir=cache)
    assert "post_docs.npy" in checked and not again.reused  # the change time told: damage found, rebuilt


def test_the_index_structure_is_checked_with_the_checksums_once_a_boot_and_a_bad_one_is_built_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, cache, boot = _built_in_a_boot(tmp_path, monkeypatch)
    passes: list[int] = []
    real = generations._check_arrays

    def counted(arrays: IndexArrays, count: int) -> None:
        passes.append(count)
        real(arrays, count)

    monkeypatch.setattr(generations, "_check_arrays", counted)
    assert Archive.open([corpus], cache_dir=cache).reused and passes == []  # written in this boot
    boot.write_text("second-boot\n")
    assert Archive.open([corpus], cache_dir=cache).reused and passes == [3]  # a new boot: with the checksums
    assert Archive.open([corpus], cache_dir=cache).reused and passes == [3]  # not again in this boot
    (generation,) = (cache / "index").glob("*/g-*")
    tokens = np.load(generation / "tokens.npy", mmap_mode="r+")
    tokens[-1] = 10**6  # a term that does not exist, under checksums that match it
    tokens.flush()
    del tokens
    meta = json.loads((generation / "meta.json").read_text(encoding="utf-8"))
    meta["checksums"]["tokens.npy"] = saved_folders.crc_of(generation / "tokens.npy")
    (generation / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    again = Archive.open([corpus], cache_dir=cache)
    assert not again.reused and len(passes) == 2  # the structure failed: not used, built again
