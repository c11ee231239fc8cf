"""Pages of a mapped member let go once read: out of the process's memory, the values the same."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from corpus.packed import PackedStrings
from corpus.saved_folders import read_array, release_pages, write_array
from corpus.storage.generations import KnownFiles
from corpus.walked import mapped_file_columns, write_file_columns


def resident_file_kb() -> int:
    with open("/proc/self/status") as handle:
        return next(int(line.split()[1]) for line in handle if line.startswith("RssFile:"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_released_pages_leave_memory_and_read_the_same(tmp_path: Path) -> None:
    values = np.arange(4 << 20, dtype=np.uint32)  # 16 MB
    write_array(tmp_path, "tokens", values)
    mapped = np.asarray(read_array(tmp_path, "tokens"))  # a plain view, as the index holds its tokens
    assert int(mapped.sum(dtype=np.int64)) == int(values.sum(dtype=np.int64))  # every page read
    before = resident_file_kb()
    release_pages(mapped, 1000, len(mapped) - 1000)
    assert before - resident_file_kb() > 12_000
    assert np.array_equal(mapped, values)


def test_memory_not_backed_by_a_file_is_left_alone() -> None:
    values = np.arange(1 << 20, dtype=np.uint32)
    release_pages(values, 0, len(values))
    release_pages(values[10:], 0, len(values) - 10)
    assert np.array_equal(values, np.arange(1 << 20, dtype=np.uint32))


def test_a_member_written_from_its_own_map_is_left_and_one_written_anew_is_replaced(tmp_path: Path) -> None:
    """Writing a member from its own map would cut the file under that map (SIGBUS): it is left
    as it is. Other values replace the file, so a map of the old one keeps its bytes."""
    values = np.arange(1000, dtype=np.int64).reshape(-1, 5)
    write_array(tmp_path, "stamps", values)
    mapped = np.asarray(read_array(tmp_path, "stamps")).reshape(-1, 5)  # a view of a view, as a file table holds it
    inode = (tmp_path / "stamps.npy").stat().st_ino
    write_array(tmp_path, "stamps", np.asarray(mapped, dtype=np.int64))
    assert (tmp_path / "stamps.npy").stat().st_ino == inode and np.array_equal(mapped, values)
    write_array(tmp_path, "stamps", mapped[:10])  # a part of it: written
    assert (tmp_path / "stamps.npy").stat().st_ino != inode
    assert np.array_equal(mapped, values) and np.array_equal(read_array(tmp_path, "stamps"), values[:10])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_file_table_compared_with_the_walk_lets_its_pages_go(tmp_path: Path) -> None:
    """Every session's start compares the saved file table with the walk, then holds none of it
    (its pages stay in the page cache; read again, the same values)."""
    stamps = np.arange(2_000_000, dtype=np.int64).reshape(-1, 5)  # 16 MB
    write_file_columns(tmp_path, PackedStrings.of([f"/news/{n}.txt" for n in range(len(stamps))]), stamps)
    paths, mapped = mapped_file_columns(tmp_path, len(stamps))
    table = KnownFiles(paths, mapped, np.zeros(0, dtype=np.int64), [])
    assert int(mapped.sum()) == int(stamps.sum())  # every page read
    before = resident_file_kb()
    table.let_go()
    assert before - resident_file_kb() > 12_000
    assert np.array_equal(table.stamps, stamps) and table.paths[399_999] == "/news/399999.txt"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("segmented", [False, True])
def test_a_saved_index_lets_its_pages_go_and_searches_the_same(tmp_path: Path, segmented: bool) -> None:
    from corpus import Archive
    from tests.helpers import write_articles

    words = "الحكومة الوزير المجلس الرئيس الاقتصاد النفط القاهرة بغداد".split()
    texts = [f"خبر {n}\n" + " ".join(words[(n + k) % len(words)] for k in range(6000)) for n in range(100)]
    corpus = write_articles(tmp_path / "corpus", texts)
    archive = Archive.open([corpus], cache_dir=tmp_path / "cache")
    if segmented:
        write_articles(corpus / "more", ["خبر جديد\nالوزير في بغداد"])
        archive = Archive.open([corpus], cache_dir=tmp_path / "cache")
        assert archive.index.segmented
    archive = Archive.open([corpus], cache_dir=tmp_path / "cache")  # read back, mapped
    found = [(r.doc, r.score) for r in archive.search("الوزير بغداد")]
    for doc in range(len(archive)):
        archive.index.doc_tokens(doc).sum()  # every token page read
    before = resident_file_kb()
    archive.index.let_go()
    assert before - resident_file_kb() > 1_500  # of 2.4 MB of tokens
    assert [(r.doc, r.score) for r in archive.search("الوزير بغداد")] == found
