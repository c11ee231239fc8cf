"""A change merged on disk a range at a time (corpus.storage.disk_merge) against the merge in memory."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from corpus import Archive
from corpus.search.index import CorpusIndex
from corpus.storage import disk_merge, incremental
from corpus.storage.generations import IndexStore
from tests.unit.test_incremental import POOL, _key_table, _known_terms


def _write(corpus: Path, name: str, number: int) -> None:
    words = " ".join(POOL[(number * 7 + k) % len(POOL)] for k in range(3 + number % 11))
    (corpus / name).write_text(f"خبر {number} {POOL[number % len(POOL)]}\n{words} كلمة{number}\n", encoding="utf-8")


def _corpus(tmp_path: Path, count: int) -> Path:
    """A corpus of `count` articles, n00.txt on."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(count):
        _write(corpus, f"n{number:02d}.txt", number)
    return corpus


def _opened(corpus: Path, cache: Path) -> Archive:
    return Archive.open([corpus], cache_dir=cache)


def _counting_disk_merges(monkeypatch: pytest.MonkeyPatch, *, any_index: bool = True) -> list[int]:
    """Every index merged on disk from now on (its threshold lowered to any index unless
    `any_index` is False, and no article added in a tail): one item each."""
    merged: list[int] = []
    real = disk_merge.merge_on_disk

    def counted(*args: object, **kwargs: object) -> object:
        merged.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("corpus.storage.incremental.merge_on_disk", counted)
    if any_index:
        monkeypatch.setattr(disk_merge, "MERGE_ON_DISK_TOKENS", 1)
    monkeypatch.setattr(incremental, "TAIL_SHARE", 0.0)
    return merged


def _same(a: Archive, b: Archive) -> None:
    if a.index.segmented or b.index.segmented:  # one index in two segments: the same by what it holds
        assert _held(a.index) == _held(b.index)
    else:
        for name, mine, theirs in zip(
            a.index.arrays.ARRAY_NAMES, a.index.arrays.numpy_members(), b.index.arrays.numpy_members(), strict=True
        ):
            assert mine.dtype == theirs.dtype and np.array_equal(mine, theirs), name
    if a.index.lexicon.hidden or b.index.lexicon.hidden:  # a deletion list keeps terms only it held: by name
        assert _known_terms(a.index) == _known_terms(b.index)
        assert _key_table(a.index) == _key_table(b.index)
    else:
        assert list(a.index.terms) == list(b.index.terms)
        assert list(a.index.key_terms.arrays()[0]) == list(b.index.key_terms.arrays()[0])
        for left, right in zip(a.index.key_terms.arrays()[1:], b.index.key_terms.arrays()[1:], strict=True):
            assert np.array_equal(left, right)
    assert [(x.id, x.path, x.title) for x in a.articles] == [(x.id, x.path, x.title) for x in b.articles]
    for query in ("خبر", "كلمة3", POOL[5]):
        assert [r.doc for r in a.search(query)] == [r.doc for r in b.search(query)], query


def _held(index: CorpusIndex) -> tuple[object, ...]:
    """What an index holds, whatever its numbering and segments: each document's terms, each
    term's postings and title postings, the document frequencies and word counts (of the terms
    search knows)."""
    terms, hidden = index.terms, index.lexicon.hidden  # terms only a deletion list's articles hold: none
    known = [t for t in range(len(terms)) if t not in hidden]
    docs = [tuple(terms[t] for t in index.doc_tokens(doc).tolist()) for doc in range(len(index))]
    postings = {
        terms[t]: (index.postings(t)[0].tolist(), index.postings(t)[1].tolist(), index.title_postings(t).tolist())
        for t in known
    }
    frequency = {terms[t]: int(index.document_frequency[t]) for t in known}
    return docs, postings, frequency, np.asarray(index.word_counts).tolist()


@pytest.mark.parametrize("change", ["add", "delete", "both", "edit"])
def test_a_change_merged_on_disk_is_the_merge_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    corpus = _corpus(tmp_path, 40)
    for cache in ("disk", "memory"):
        _opened(corpus, tmp_path / cache)
    if change in ("add", "both"):
        for number in range(40, 46):
            _write(corpus, f"m{number}.txt", number)
    if change in ("delete", "both"):
        for number in (0, 3, 17, 39):
            (corpus / f"n{number:02d}.txt").unlink()
    if change == "edit":
        _write(corpus, "n05.txt", 99)
    merged = _counting_disk_merges(monkeypatch)
    monkeypatch.setattr(disk_merge, "RANGE_POSTINGS", 9)
    monkeypatch.setattr(disk_merge, "TOKEN_BLOCK", 13)
    on_disk = _opened(corpus, tmp_path / "disk")
    assert merged
    monkeypatch.setattr(disk_merge, "MERGE_ON_DISK_TOKENS", 1 << 60)
    in_memory = _opened(corpus, tmp_path / "memory")
    assert len(merged) == 1
    _same(on_disk, in_memory)
    _same(_opened(corpus, tmp_path / "disk"), in_memory)  # as saved and read back


def test_a_merge_that_cannot_be_written_is_made_in_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = _corpus(tmp_path, 20)
    _opened(corpus, tmp_path / "cache")
    _write(corpus, "m.txt", 77)

    def full(*args: object) -> object:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("corpus.storage.incremental.merge_on_disk", full)
    monkeypatch.setattr(disk_merge, "MERGE_ON_DISK_TOKENS", 1)
    archive = _opened(corpus, tmp_path / "cache")
    assert len(archive) == 21 and any(r.article.path.endswith("m.txt") for r in archive.search("كلمة77"))
    monkeypatch.setattr(disk_merge, "MERGE_ON_DISK_TOKENS", 1 << 60)
    again = _opened(corpus, tmp_path / "cache")  # saved from memory: reused as it is
    _same(again, archive)


@pytest.mark.parametrize(("change", "helper"), [("add", True), ("delete", True), ("edit", True), ("add", False)])
def test_a_change_seen_while_the_app_runs_is_merged_on_disk_and_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str, helper: bool
) -> None:
    corpus = _corpus(tmp_path, 30)
    following = _opened(corpus, tmp_path / "disk")
    following.build_stories()
    _opened(corpus, tmp_path / "memory")
    if change == "add":
        _write(corpus, "m40.txt", 40)
    elif change == "delete":
        (corpus / "n03.txt").unlink()
    else:
        _write(corpus, "n05.txt", 99)
    merged = _counting_disk_merges(monkeypatch)
    if not helper:  # no helper process could run: merged on disk in this one
        monkeypatch.setattr("corpus.archive.service.merged_elsewhere", lambda *args, **kwargs: None)
    refreshed = following.updated()
    assert refreshed is not None and refreshed.generation is not None
    assert bool(merged) is not helper  # a helper merges in its own process
    following.adopt(refreshed)
    assert following.generation == refreshed.generation and not following.save(force=True)  # saved as merged
    assert following.stories is not None and len(following.stories.story_of) == len(following)
    assert following.updated() is None  # nothing more changed (the helper's walk, or this one's)
    monkeypatch.setattr(disk_merge, "MERGE_ON_DISK_TOKENS", 1 << 60)
    in_memory = _opened(corpus, tmp_path / "memory")
    _same(following, in_memory)
    again = _opened(corpus, tmp_path / "disk")
    assert again.reused and again.generation == following.generation
    _same(again, in_memory)


@pytest.mark.parametrize("helper", [True, False])
def test_a_change_another_session_saved_first_is_merged_on_disk_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, helper: bool
) -> None:
    corpus = _corpus(tmp_path, 20)
    following = _opened(corpus, tmp_path / "cache")
    _write(corpus, "m.txt", 77)
    _opened(corpus, tmp_path / "cache")  # another session saved the change first
    monkeypatch.setattr(disk_merge, "MERGE_ON_DISK_TOKENS", 1)
    if not helper:
        monkeypatch.setattr("corpus.archive.service.merged_elsewhere", lambda *args, **kwargs: None)
    refreshed = following.updated()
    assert refreshed is not None and refreshed.generation is not None  # from its own index, saved as current
    following.adopt(refreshed)
    assert len(following) == 21 and following.generation == refreshed.generation
    assert IndexStore.at(refreshed.generation.parent).current() == refreshed.generation.name
    assert following.search("كلمة77")


def test_a_generation_the_helper_saved_that_is_gone_already_is_merged_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from corpus.archive.elsewhere import Merged
    from corpus.storage.incremental import Changes

    corpus = _corpus(tmp_path, 10)
    following = _opened(corpus, tmp_path / "cache")
    _write(corpus, "m.txt", 77)
    gone = Merged("g-00000000000000000001-1", Changes(np.ones(10, dtype=bool), np.arange(10)), ())
    monkeypatch.setattr("corpus.archive.service.merged_elsewhere", lambda *args, **kwargs: gone)
    monkeypatch.setattr(disk_merge, "MERGE_ON_DISK_TOKENS", 1)
    refreshed = following.updated()  # two more generations saved meanwhile dropped the helper's
    assert refreshed is not None and refreshed.arrived == 1 and refreshed.generation is not None


@pytest.mark.parametrize("change", ["add", "add-merged", "both", "edit"])
def test_a_large_change_indexed_in_parts_on_disk_is_the_change_indexed_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    """Many new or changed files are indexed as a first build is, in parts joined on disk, not
    whole in memory; their ids are made unique after the kept articles' as in memory."""
    from corpus.storage import spill

    corpus = _corpus(tmp_path, 40)
    for cache in ("parts", "memory"):
        _opened(corpus, tmp_path / cache)
    if change.startswith("add") or change == "both":
        (corpus / "sub").mkdir()
        for number in range(40, 52):
            _write(corpus, f"m{number}.txt", number)
        _write(corpus / "sub", "n01.txt", 60)  # the id of a kept article: made n01~2
        records = [f'{{"id": "n02", "title": "خبر {n}", "text": "{POOL[n % len(POOL)]} كلمة{n}"}}' for n in (70, 71)]
        (corpus / "sub" / "feed.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    if change == "both":
        for number in (0, 3, 17, 39):
            (corpus / f"n{number:02d}.txt").unlink()
    if change == "edit":
        for number in range(5, 30, 2):
            _write(corpus, f"n{number:02d}.txt", 100 + number)
    monkeypatch.setattr(disk_merge, "MERGE_ON_DISK_TOKENS", 1)
    monkeypatch.setattr(incremental, "TAIL_SHARE", 10.0 if change == "add" else 0.0)
    parts: list[int] = []
    real = spill._joined

    def counted(found: list[spill.SpilledPart], *args: object) -> CorpusIndex:
        parts.append(len(found))
        return real(found, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(spill, "_joined", counted)
    monkeypatch.setattr(spill, "SPILL_MIN_BYTES", 1)
    monkeypatch.setattr(spill, "PART_BYTES", 300)
    in_parts = _opened(corpus, tmp_path / "parts")
    assert parts and parts[0] > 1
    assert in_parts.index.segmented is (change == "add")  # in the base's tail, or merged with it on disk
    assert in_parts.problems == [] and not list((tmp_path / "parts").rglob("tmp-*"))  # nothing left behind
    monkeypatch.setattr(spill, "SPILL_MIN_BYTES", 1 << 60)
    in_memory = _opened(corpus, tmp_path / "memory")
    assert len(parts) == 1
    _same(in_parts, in_memory)
    assert [a.read_text() for a in in_parts.articles] == [a.read_text() for a in in_memory.articles]
    if change != "edit":
        assert {"n01~2", "n02~2"} <= {article.id for article in in_parts.articles}
    again = _opened(corpus, tmp_path / "parts")  # as saved and read back
    assert again.reused
    _same(again, in_memory)


def test_a_large_change_of_a_small_index_is_made_on_disk_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A change of many files is indexed in parts and merged on disk whatever the saved index's
    size (every file of the 69k bench read as changed took 1.18 GB merged in memory)."""
    from corpus.storage import spill

    corpus = _corpus(tmp_path, 30)
    for cache in ("parts", "memory"):
        _opened(corpus, tmp_path / cache)
    for number in range(0, 30, 3):
        _write(corpus, f"n{number:02d}.txt", 200 + number)
    merged = _counting_disk_merges(monkeypatch, any_index=False)
    monkeypatch.setattr(spill, "SPILL_MIN_BYTES", 1)
    monkeypatch.setattr(spill, "PART_BYTES", 300)
    in_parts = _opened(corpus, tmp_path / "parts")
    assert merged == [1] and not disk_merge.worth_merging_on_disk(in_parts.index)
    monkeypatch.setattr(spill, "SPILL_MIN_BYTES", 1 << 60)
    in_memory = _opened(corpus, tmp_path / "memory")
    assert merged == [1]
    _same(in_parts, in_memory)
    _same(_opened(corpus, tmp_path / "parts"), in_memory)
