"""Articles added to an archive go into a tail (corpus.search.segmented): the saved base is
linked, not written again, and the archive answers as one built from scratch."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from corpus import Archive, saved_folders
from corpus.article_columns import ArticleColumns
from corpus.packed import ChainedStrings, PackedMembers, PackedStrings
from corpus.saved_folders import verified_now
from corpus.search.segmented import Joined, SegmentedIndex, StackedRows, deletion_runs
from corpus.storage import disk_merge, generations, incremental, merge
from corpus.storage.generations import IndexStore
from corpus.stories import index as story_index
from corpus.stories.index import StoryIndex
from corpus.stories.saved import FORMAT as stories_format
from tests.unit.test_incremental import POOL, _same_as_from_scratch


def _write(corpus: Path, name: str, number: int) -> None:
    words = " ".join(POOL[(number * 7 + k) % len(POOL)] for k in range(3 + number % 11))
    (corpus / name).write_text(f"خبر {number} {POOL[number % len(POOL)]}\n{words} كلمة{number}\n", encoding="utf-8")


def _built(tmp_path: Path, count: int) -> tuple[Path, Path]:
    """A corpus of `count` articles (n00.txt on) and its cache, the index built and saved."""
    corpus, cache = tmp_path / "corpus", tmp_path / "cache"
    corpus.mkdir()
    for number in range(count):
        _write(corpus, f"n{number:02d}.txt", number)
    Archive.open([corpus], cache_dir=cache)
    return corpus, cache


def _generation(cache: Path, corpus: Path) -> Path:
    store = IndexStore(cache, [str(corpus)])
    current = store.current()
    assert current is not None
    return store.folder / current


def _inode(path: Path) -> int:
    return os.stat(path).st_ino


def _counting_copies(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The byte counts of every os.copy_file_range from now on (copies still made)."""
    copied: list[int] = []
    real = os.copy_file_range

    def counting(source: int, target: int, count: int, *args: object) -> int:
        copied.append(count)
        return real(source, target, count, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "copy_file_range", counting)
    return copied


def test_added_files_go_into_a_tail_and_the_base_is_linked_not_written(tmp_path: Path) -> None:
    corpus, cache = _built(tmp_path, 40)
    assert not Archive.open([corpus], cache_dir=cache).index.segmented
    base = _generation(cache, corpus)
    base_tokens = _inode(base / "tokens.npy")

    _write(corpus, "m40.txt", 40)
    _write(corpus, "m41.txt", 41)
    grown = Archive.open([corpus], cache_dir=cache)
    assert grown.index.segmented and len(grown) == 42
    folder = _generation(cache, corpus)
    assert folder != base and _inode(folder / "tokens.npy") == base_tokens  # the same file, linked
    assert (folder / "tail_tokens.npy").stat().st_size < (folder / "tokens.npy").stat().st_size
    assert grown.search("كلمة41")[0].article.path.endswith("m41.txt")
    _same_as_from_scratch(corpus, grown)

    again = Archive.open([corpus], cache_dir=cache)  # unchanged: the segmented generation read back
    assert again.reused and again.index.segmented
    _same_as_from_scratch(corpus, again)

    _write(corpus, "m42.txt", 42)
    third = Archive.open([corpus], cache_dir=cache)  # the tail grows, the base stays
    assert third.index.segmented and _inode(_generation(cache, corpus) / "tokens.npy") == base_tokens
    _same_as_from_scratch(corpus, third)

    (corpus / "n07.txt").unlink()
    deleted = Archive.open([corpus], cache_dir=cache)  # a deletion goes into the base's deletion list
    assert deleted.index.segmented and len(deleted) == 42
    assert _inode(_generation(cache, corpus) / "tokens.npy") == base_tokens
    _same_as_from_scratch(corpus, deleted)
    assert Archive.open([corpus], cache_dir=cache).reused


def test_a_tail_article_changed_or_deleted_makes_the_tail_again_and_keeps_the_base_linked(tmp_path: Path) -> None:
    corpus, cache = _built(tmp_path, 40)
    base_tokens = _inode(_generation(cache, corpus) / "tokens.npy")
    for number in range(40, 44):
        _write(corpus, f"m{number}.txt", number)
    assert Archive.open([corpus], cache_dir=cache).index.segmented

    (corpus / "m41.txt").unlink()  # a word only m41 held (كلمة41) leaves the vocabulary
    _write(corpus, "m42.txt", 77)  # changed: كلمة42 gone, كلمة77 new
    _write(corpus, "m50.txt", 50)
    again = Archive.open([corpus], cache_dir=cache)
    assert again.index.segmented and len(again) == 44
    assert _inode(_generation(cache, corpus) / "tokens.npy") == base_tokens  # the base linked, not written
    assert "كلمة41" not in set(again.index.terms) and "كلمة42" not in set(again.index.terms)
    assert not any(result.article.path.endswith("m41.txt") for result in again.search("كلمة41"))
    assert again.search("كلمة77")[0].article.path.endswith("m42.txt")
    _same_as_from_scratch(corpus, again)
    read_back = Archive.open([corpus], cache_dir=cache)
    assert read_back.reused and read_back.index.segmented
    _same_as_from_scratch(corpus, read_back)

    for name in ("m40.txt", "m42.txt", "m43.txt", "m50.txt"):  # the whole tail gone
        (corpus / name).unlink()
    emptied = Archive.open([corpus], cache_dir=cache)
    assert len(emptied) == 40 and _inode(_generation(cache, corpus) / "tokens.npy") == base_tokens
    _same_as_from_scratch(corpus, emptied)


def test_a_tail_past_its_share_of_the_base_is_merged_into_one_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, cache = _built(tmp_path, 20)
    monkeypatch.setattr(incremental, "TAIL_SHARE", 0.1)
    _write(corpus, "m20.txt", 20)
    assert Archive.open([corpus], cache_dir=cache).index.segmented
    for number in range(21, 26):  # a quarter of the base more: past a tenth
        _write(corpus, f"m{number}.txt", number)
    merged = Archive.open([corpus], cache_dir=cache)
    assert not merged.index.segmented and len(merged) == 26
    _same_as_from_scratch(corpus, merged)


def test_stories_and_a_refresh_while_open_take_the_tail(tmp_path: Path) -> None:
    corpus, cache = _built(tmp_path, 30)
    following = Archive.open([corpus], cache_dir=cache)
    following.build_stories()
    _write(corpus, "m30.txt", 30)
    refreshed = following.updated()
    assert refreshed is not None
    following.adopt(refreshed)
    assert following.index.segmented and len(following) == 31
    assert following.stories is not None and len(following.stories.story_of) == 31
    _same_as_from_scratch(corpus, following)


def test_a_joined_array_reads_as_its_two_parts_one_after_the_other() -> None:
    first, second = np.arange(10, dtype=np.uint32), np.arange(100, 107, dtype=np.uint32)
    joined, whole = Joined(first, second), np.concatenate([first, second])
    assert len(joined) == len(whole) and np.array_equal(np.asarray(joined), whole)
    for start, stop in ((0, 3), (8, 12), (10, 17), (12, 15), (0, 17), (5, 5)):
        assert np.array_equal(joined[start:stop], whole[start:stop])
    starts, lengths = np.array([12, 1, 10, 4]), np.array([3, 4, 2, 0])
    expected = np.concatenate([whole[s : s + n] for s, n in zip(starts, lengths, strict=True)])
    assert np.array_equal(joined.gather(starts, lengths), expected)


def test_a_joined_array_with_gaps_and_stacked_rows_with_deletions_read_as_without_them() -> None:
    rng = np.random.default_rng(7)
    first, second = np.arange(40, dtype=np.uint32), np.arange(100, 107, dtype=np.uint32)
    offsets = np.array([0, 3, 3, 9, 15, 16, 22, 30, 40])  # eight documents, one of them empty
    deleted = np.array([0, 3, 4, 7])
    runs = deletion_runs(offsets, deleted)
    live = np.ones(len(offsets) - 1, dtype=bool)
    live[deleted] = False
    read = np.concatenate([first[offsets[d] : offsets[d + 1]] for d in np.flatnonzero(live)])
    joined, whole = Joined(first, second, runs), np.concatenate([read, second])
    assert len(joined) == len(whole) and np.array_equal(np.asarray(joined), whole)
    for _ in range(50):
        start = int(rng.integers(0, len(whole)))
        stop = int(rng.integers(start, len(whole) + 1))
        assert np.array_equal(joined[start:stop], whole[start:stop])
    lengths = np.concatenate([np.diff(offsets)[live], [4, 3]])  # the live documents', then the second's two
    logical = np.concatenate([[0], np.cumsum(lengths)])
    starts, lengths = logical[:-1], np.diff(logical)
    expected = np.concatenate([whole[s : s + n] for s, n in zip(starts, lengths, strict=True)])
    assert np.array_equal(joined.gather(starts, lengths), expected)

    rows, more = rng.integers(0, 99, size=(12, 4)).astype(np.uint32), rng.integers(0, 99, size=(3, 4)).astype(np.uint32)
    gone = np.array([1, 2, 9])
    stacked, plain = StackedRows(rows, more, gone), np.concatenate([np.delete(rows, gone, axis=0), more])
    assert len(stacked) == len(plain) and np.array_equal(np.asarray(stacked), plain)
    assert np.array_equal(stacked[:, 2], plain[:, 2]) and np.array_equal(stacked[:, 1:3], plain[:, 1:3])
    picked = np.array([11, 0, 8, 9, 3])
    assert np.array_equal(stacked[picked], plain[picked])
    assert stacked.numbered(np.arange(12)).tolist() == [0, -1, -1, 1, 2, 3, 4, 5, 6, -1, 7, 8]


def test_words_only_deleted_articles_held_are_read_from_no_latin_word_or_prefix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Latin query once every article of its Arabic word is deleted (review H1: the word's
    alias was carried with no article, and its reading crashed), and prefixes past many
    deleted words (review M1: they filled the window of candidates)."""
    monkeypatch.setattr(incremental, "DELETED_SHARE", 0.5)
    monkeypatch.setattr(merge, "FEW_CHANGED", 1.0)  # keys and aliases made again for the changed words alone
    corpus, cache = tmp_path / "corpus", tmp_path / "cache"
    corpus.mkdir()
    for number in range(40):
        _write(corpus, f"n{number:02d}.txt", number)
    (corpus / "m1.txt").write_text("خبر\nبوتفليقة يزور الجزائر زمردي\n", encoding="utf-8")
    (corpus / "m2.txt").write_text("خبر آخر\nبوتفليقة في باريس\n", encoding="utf-8")
    letters = "ابتثجحخدذرزسشصضطظعغفقكلم"  # more words before زمردي than a prefix's window of 20
    for number, letter in enumerate(letters):
        (corpus / f"z{number:02d}.txt").write_text(f"خبر\nزمرد{letter}{letter}\n", encoding="utf-8")
    assert Archive.open([corpus], cache_dir=cache).search("bouteflika")
    for step, gone in enumerate(([corpus / "m1.txt", corpus / "m2.txt"], list(corpus.glob("z*.txt")))):
        for path in gone:  # first a few words' articles (their keys and aliases made again alone), then many
            path.unlink()
        for archive in (Archive.open([corpus], cache_dir=cache), Archive.open([corpus], cache_dir=cache)):
            assert isinstance(archive.index, SegmentedIndex) and len(archive.index.deleted) == 2 + step * len(letters)
            scratch = Archive.open([corpus], use_snapshot=False)
            for query in ("bouteflika", "butaflika"):
                found = [(r.article.id, round(r.score, 5)) for r in archive.search(query)]
                assert found == [(r.article.id, round(r.score, 5)) for r in scratch.search(query)]
            prefixed = [archive.index.terms[t] for t in archive.index.lexicon.prefix_terms("زمرد", limit=1)]
            assert prefixed == ([] if step else ["زمرداا"])
            _same_as_from_scratch(corpus, archive)
    (corpus / "m3.txt").write_text("خبر ثالث\nبوتفليقة في برلين زمردي\n", encoding="utf-8")
    (corpus / "m4.txt").write_text("خبر رابع\nبوتفليقة في الجزائر\n", encoding="utf-8")
    again = Archive.open([corpus], cache_dir=cache)  # in two articles: read from Latin letters again
    assert sorted(r.article.id for r in again.search("bouteflika")[:2]) == ["m3", "m4"]
    assert [again.index.terms[t] for t in again.index.lexicon.prefix_terms("زمرد", limit=1)] == ["زمردي"]
    _same_as_from_scratch(corpus, again)


def _stories_after_deletions(tmp_path: Path) -> tuple[Archive, StoryIndex, Path]:
    """Stories of 30 articles and a reprint of each, carried to a change that deletes one
    article of the base, changes another and adds one: the archive, its stories and the saved
    base signatures they started from."""
    corpus, cache = tmp_path / "corpus", tmp_path / "cache"
    corpus.mkdir(parents=True)
    for number in range(30):
        _write(corpus, f"n{number:02d}.txt", number)
        _write(corpus, f"r{number:02d}.txt", number)  # a reprint of each: stories of two
    Archive.open([corpus], cache_dir=cache).build_stories()
    saved = _generation(cache, corpus) / f"stories-{stories_format}" / "signatures.npy"
    (corpus / "n04.txt").unlink()  # r04 is left alone
    _write(corpus, "n05.txt", 6)  # changed: now a copy of n06
    _write(corpus, "m30.txt", 3)  # a third copy of n03
    changed = Archive.open([corpus], cache_dir=cache)
    return changed, changed.build_stories(), saved


def test_stories_after_base_articles_are_deleted_keep_the_saved_signatures_linked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    changed, stories, saved = _stories_after_deletions(tmp_path / "listed")
    assert isinstance(stories.values, StackedRows) and len(stories.values.deleted) == 2
    folder = saved.parent.parent.parent / str(changed.generation) / f"stories-{stories_format}"
    assert _inode(folder / "signatures.npy") == _inode(saved) and (folder / "deleted_signatures.npy").exists()
    path_of = [a.path.rsplit("/", 1)[-1] for a in changed.articles]
    story = stories.story_of
    assert story[path_of.index("m30.txt")] == story[path_of.index("n03.txt")] == story[path_of.index("r03.txt")]
    assert story[path_of.index("n05.txt")] == story[path_of.index("n06.txt")] != story[path_of.index("r05.txt")]
    assert stories.members(int(story[path_of.index("r04.txt")])) == [path_of.index("r04.txt")]
    monkeypatch.setattr(story_index, "DELETED_SHARE", 0.0)  # the signatures gathered into one array
    _, gathered, _ = _stories_after_deletions(tmp_path / "gathered")
    assert not isinstance(gathered.values, StackedRows)
    assert np.array_equal(gathered.story_of, stories.story_of) and np.array_equal(
        gathered.reprint_of, stories.reprint_of
    )
    assert np.array_equal(np.asarray(gathered.values), np.asarray(stories.values))
    monkeypatch.undo()
    again = Archive.open([Path(changed.articles[0].path).parent], cache_dir=tmp_path / "listed" / "cache")
    read_back = again.build_stories()  # read back: the same, still listed
    assert isinstance(read_back.values, StackedRows) and len(read_back.values.deleted) == 2
    assert np.array_equal(read_back.story_of, stories.story_of)
    assert np.array_equal(np.asarray(read_back.values), np.asarray(stories.values))


def test_stories_extended_by_added_articles_keep_the_saved_signatures_linked(tmp_path: Path) -> None:
    corpus, cache = tmp_path / "corpus", tmp_path / "cache"
    corpus.mkdir()
    for number in range(30):
        _write(corpus, f"n{number:02d}.txt", number)
        _write(corpus, f"r{number:02d}.txt", number)  # a reprint of each: stories of two
    Archive.open([corpus], cache_dir=cache).build_stories()
    saved = _generation(cache, corpus) / f"stories-{stories_format}" / "signatures.npy"
    _write(corpus, "m30.txt", 3)  # a third copy of an article: joins its story
    grown = Archive.open([corpus], cache_dir=cache)
    stories = grown.build_stories()  # carried by the start that took the new file in, and saved
    assert isinstance(stories.values, StackedRows)
    folder = _generation(cache, corpus) / f"stories-{stories_format}"
    assert _inode(folder / "signatures.npy") == _inode(saved) and (folder / "tail_signatures.npy").exists()
    path_of = [a.path.rsplit("/", 1)[-1] for a in grown.articles]
    new = path_of.index("m30.txt")
    assert stories.story_of[new] == stories.story_of[path_of.index("n03.txt")]
    scratch = Archive.open([corpus], use_snapshot=False).build_stories()
    assert len(stories) == len(scratch)
    again = Archive.open([corpus], cache_dir=cache).build_stories()  # read back: the same, still stacked
    assert isinstance(again.values, StackedRows) and np.array_equal(again.story_of, stories.story_of)


def test_a_segmented_index_read_back_maps_every_array_it_searches(tmp_path: Path) -> None:
    corpus, cache = _built(tmp_path, 30)
    _write(corpus, "m30.txt", 30)
    for archive in (Archive.open([corpus], cache_dir=cache), Archive.open([corpus], cache_dir=cache)):
        index = archive.index
        assert isinstance(index, SegmentedIndex)
        for values in (index.token_offsets, index.word_counts, index.post_docs, index.base_post_docs):
            assert isinstance(values, np.memmap) or isinstance(values.base, np.memmap)  # shared, not copied


def test_a_deletion_from_a_segmented_archive_merged_on_disk_answers_as_from_scratch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, cache = _built(tmp_path, 40)
    for number in range(40, 44):
        _write(corpus, f"m{number}.txt", number)
    assert Archive.open([corpus], cache_dir=cache).index.segmented
    (corpus / "n05.txt").unlink()
    (corpus / "m41.txt").unlink()  # one of the base's articles and one of the tail's
    _write(corpus, "m50.txt", 50)
    monkeypatch.setattr(disk_merge, "MERGE_ON_DISK_TOKENS", 1)
    monkeypatch.setattr(incremental, "DELETED_SHARE", 0.0)
    merged = Archive.open([corpus], cache_dir=cache)
    assert not merged.index.segmented and len(merged) == 43
    _same_as_from_scratch(corpus, merged)
    _same_as_from_scratch(corpus, Archive.open([corpus], cache_dir=cache))


def test_deletions_go_into_the_base_s_list_until_past_its_share_then_leave_the_arrays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, cache = _built(tmp_path, 40)
    base_tokens = _inode(_generation(cache, corpus) / "tokens.npy")
    (corpus / "n05.txt").unlink()  # "5": only n05 held it (كلمة5 is read as كلمه and 5)
    _write(corpus, "n06.txt", 77)  # changed: the old n06 deleted, the new one in the tail
    listed = Archive.open([corpus], cache_dir=cache)
    assert listed.index.segmented and len(listed) == 39
    assert isinstance(listed.index, SegmentedIndex) and listed.index.deleted.tolist() == [5, 6]
    assert _inode(_generation(cache, corpus) / "tokens.npy") == base_tokens
    assert listed.index.term_id("5") is None
    assert not any(r.article.path.endswith(("n05.txt", "n06.txt")) for r in listed.search("كلمة5 كلمة6"))
    assert listed.search("كلمة77")[0].article.path.endswith("n06.txt")
    _same_as_from_scratch(corpus, listed)
    read_back = Archive.open([corpus], cache_dir=cache)
    assert read_back.reused and isinstance(read_back.index, SegmentedIndex) and len(read_back.index.deleted) == 2
    _same_as_from_scratch(corpus, read_back)

    _write(corpus, "m40.txt", 5)  # "5" again, in a new article: known again
    again = Archive.open([corpus], cache_dir=cache)
    assert again.search("كلمة5")[0].article.path.endswith("m40.txt") and again.index.term_id("5") is not None
    _same_as_from_scratch(corpus, again)

    monkeypatch.setattr(disk_merge, "MERGE_ON_DISK_TOKENS", 1)
    (corpus / "n07.txt").unlink()  # past a twentieth of the base: merged whole, on disk
    merged = Archive.open([corpus], cache_dir=cache)
    assert not merged.index.segmented and len(merged) == 39
    _same_as_from_scratch(corpus, merged)


def test_a_tail_that_cannot_be_saved_leaves_the_current_generation_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, cache = _built(tmp_path, 30)
    current = _generation(cache, corpus)
    assert verified_now(current)
    real = saved_folders.write_array

    def full(folder: Path, name: str, values: np.ndarray) -> None:
        if name.startswith("tail_"):  # the base's members are linked by now
            raise OSError(28, "No space left on device")
        real(folder, name, values)

    monkeypatch.setattr("corpus.storage.generations.write_array", full)
    _write(corpus, "m30.txt", 30)
    opened = Archive.open([corpus], cache_dir=cache)  # taken in, not saved
    assert len(opened) == 31 and opened.generation is None
    assert _generation(cache, corpus) == current and verified_now(current)  # no whole re-check next start


def test_a_saved_tail_keeps_no_list_of_every_term(tmp_path: Path) -> None:
    corpus, cache = _built(tmp_path, 30)
    _write(corpus, "m30.txt", 30)
    index = Archive.open([corpus], cache_dir=cache).index  # the start that saved the tail
    assert isinstance(index, SegmentedIndex)
    assert isinstance(index.terms, PackedStrings) and isinstance(index.base.terms, PackedStrings)


@pytest.mark.parametrize("member", ["tail_tokens", "tail_post_docs", "joined_token_offsets"])
def test_a_segmented_generation_whose_tail_was_planted_is_built_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, member: str
) -> None:
    boot = tmp_path / "boot_id"
    boot.write_text("first-boot\n")
    monkeypatch.setattr(saved_folders, "BOOT_ID", boot)
    corpus, cache = _built(tmp_path, 30)
    _write(corpus, "m30.txt", 30)
    assert Archive.open([corpus], cache_dir=cache).index.segmented
    generation = _generation(cache, corpus)
    values = np.load(generation / f"{member}.npy", mmap_mode="r+")
    values[-1] = 10**6  # out of range, under checksums that match it
    values.flush()
    del values
    meta = json.loads((generation / "meta.json").read_text(encoding="utf-8"))
    meta["checksums"][f"{member}.npy"] = saved_folders.crc_of(generation / f"{member}.npy")
    (generation / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    boot.write_text("second-boot\n")  # the structure is checked with the checksums, once a boot
    again = Archive.open([corpus], cache_dir=cache)
    assert not again.reused and len(again) == 31
    _same_as_from_scratch(corpus, again)


def _article_members(folder: Path) -> dict[str, int]:
    """The inode of each article column member of a generation, by name."""
    return {path.name: _inode(path) for path in folder.glob("article_*.npy")}


def test_a_tail_links_the_saved_article_columns_and_writes_only_the_articles_after_them(tmp_path: Path) -> None:
    corpus, cache = _built(tmp_path, 30)
    first = _article_members(_generation(cache, corpus))
    assert not any("_tail_" in name for name in first)
    scratch_rows = []
    for step, number in enumerate((30, 31)):
        _write(corpus, f"m{number}.txt", number)
        grown = Archive.open([corpus], cache_dir=cache)
        assert grown.index.segmented
        members = _article_members(_generation(cache, corpus))
        for name, inode in first.items():  # every column's saved part linked, not written again
            assert members[name] == inode, name
        tails = [name for name in members if "_tail_" in name]
        assert len(tails) == 2 * 6  # each string column's bytes and offsets after the base's
        tail_ids = (_generation(cache, corpus) / "article_id_tail_offsets.npy").stat().st_size
        assert tail_ids < (_generation(cache, corpus) / "article_id_offsets.npy").stat().st_size
        scratch = Archive.open([corpus], use_snapshot=False)
        scratch_rows = sorted((a.id, a.path, a.title, a.date, a.source_name) for a in scratch.articles)
        again = Archive.open([corpus], cache_dir=cache)
        assert again.reused
        for archive in (grown, again):
            assert sorted((a.id, a.path, a.title, a.date, a.source_name) for a in archive.articles) == scratch_rows
            assert [a.id for a in archive.articles][30:] == ["m30", "m31"][: step + 1]
        assert again.find("m30") == 30 and again.find("n03") == 3
        _same_as_from_scratch(corpus, again)
    (corpus / "n03.txt").unlink()  # a base article deleted: its columns are written whole again
    deleted = Archive.open([corpus], cache_dir=cache)
    members = _article_members(_generation(cache, corpus))
    assert (
        not any("_tail_" in name for name in members)
        and members["article_id_bytes.npy"] != first["article_id_bytes.npy"]
    )
    again = Archive.open([corpus], cache_dir=cache)
    assert again.reused and len(again) == len(deleted) == 31
    assert sorted(a.id for a in again.articles) == sorted(row[0] for row in scratch_rows if row[0] != "n03")
    _same_as_from_scratch(corpus, again)


def test_a_whole_merge_that_links_the_article_columns_is_saved_verified_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An index merged whole in memory, every article kept, links its article columns too: the
    generation's version says so (a reader that does not know it builds anew, rather than
    finding it damaged), and it is recorded as checked once the old generation's links are
    dropped (their inode times change), so the next start does not read every member again."""
    monkeypatch.setattr(incremental, "TAIL_SHARE", 0.0)  # every change merged whole
    corpus, cache = _built(tmp_path, 30)
    for number in (30, 31, 32):
        _write(corpus, f"m{number}.txt", number)
        archive = Archive.open([corpus], cache_dir=cache)
        assert not archive.index.segmented
        folder = _generation(cache, corpus)
        assert (folder / "article_id_tail_offsets.npy").exists()
        assert json.loads((folder / "meta.json").read_text())["version"] == f"{generations.VERSION}+split"
        assert verified_now(folder)
        again = Archive.open([corpus], cache_dir=cache)
        assert again.reused and len(again) == 31 + number - 30
    articles = again.index.articles
    assert isinstance(articles, ArticleColumns)
    columns = articles.string_columns()
    again.index.let_go()  # each part's pages let go, no column joined to do it
    assert all(isinstance(column, ChainedStrings) and column._whole is None for column in columns)
    meta = json.loads((folder / "meta.json").read_text())
    meta["version"] = f"{generations.VERSION}+other"
    (folder / "meta.json").write_text(json.dumps(meta))
    rebuilt = Archive.open([corpus], cache_dir=cache)  # another version: built anew, not named damaged
    assert not rebuilt.reused and len(rebuilt) == 33 and not rebuilt.problems


def test_a_column_saved_in_two_parts_reads_as_one(tmp_path: Path) -> None:
    from corpus.packed import read_packed, write_packed

    names = ["خالد", "سالم", "", "منى", "علي"]
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    write_packed(tmp_path / "one", "names", names[:3])
    saved = read_packed(tmp_path / "one", "names", 3)
    chain = ChainedStrings.of_parts(saved, PackedStrings.of(names[3:]))
    linked = write_packed(tmp_path / "two", "names", chain, link_saved=True)
    assert set(linked) == {"names_bytes.npy", "names_offsets.npy"}
    assert _inode(tmp_path / "two" / "names_bytes.npy") == _inode(tmp_path / "one" / "names_bytes.npy")
    column = read_packed(tmp_path / "two", "names", 5)
    assert isinstance(column, ChainedStrings) and list(column) == names
    assert column.select(np.array([4, 0, 3])).many(range(3)) == ["علي", "خالد", "منى"]
    assert list(column.select(np.array([1, 3]))) == ["سالم", "منى"] and list(column.head(4)) == names[:4]
    assert list(column.select(np.array([3, 3, 2, 4]))) == ["منى", "منى", "", "علي"]  # back and forth
    assert PackedStrings.of(["منى", "x", "خالد", ""]).rows_in(column).tolist() == [3, -1, 0, 2]
    members = PackedMembers(column, np.array([0, 3]))  # looked for in each part
    assert [name in members for name in names] == [True, False, False, True, False]
    with pytest.raises(ValueError):
        read_packed(tmp_path / "two", "names", 4)
    assert (
        write_packed(tmp_path / "one", "plain", ChainedStrings.of_parts(saved, PackedStrings.of(["x"]))) == {}
    )  # copied
    assert list(read_packed(tmp_path / "one", "plain", 4)) == [*names[:3], "x"]


def test_a_tail_made_again_copies_the_base_articles_columns_file_to_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, cache = _built(tmp_path, 30)
    for number in (30, 31):
        _write(corpus, f"m{number}.txt", number)
    assert Archive.open([corpus], cache_dir=cache).index.segmented
    copied = _counting_copies(monkeypatch)
    (corpus / "m30.txt").unlink()
    again = Archive.open([corpus], cache_dir=cache)
    assert again.index.segmented and copied  # the beginning of the saved columns, not read in
    scratch = Archive.open([corpus], use_snapshot=False)
    read_back = Archive.open([corpus], cache_dir=cache)
    for archive in (again, read_back):
        assert sorted((a.id, a.path, a.title, a.date) for a in archive.articles) == sorted(
            (a.id, a.path, a.title, a.date) for a in scratch.articles
        )
        assert [a.id for a in archive.articles] == [f"n{number:02d}" for number in range(30)] + ["m31"]


def test_the_files_texts_are_read_from_are_kept_once_as_the_tail_is_made_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Records of a file whose name is not UTF-8 read their text from it by number in the
    article columns' list of files: each change kept it once (a tail made again joined two
    parts carrying the whole list, which doubled it: 5, 11, 23, 47, ... found by a review)."""
    monkeypatch.setattr(incremental, "TAIL_SHARE", 1e9)
    corpus, cache = tmp_path / "corpus", tmp_path / "cache"
    corpus.mkdir()

    def records(first: int, text: str) -> str:
        made = ({"title": f"خبر {n}", "text": f"{text} رقم {n}"} for n in range(first, first + 3))
        return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in made)

    base, feed = corpus / os.fsdecode(b"base\xff.jsonl"), corpus / os.fsdecode(b"feed\xfe.jsonl")
    base.write_text(records(0, "قال المعلم"), encoding="utf-8")
    Archive.open([corpus], cache_dir=cache)
    feed.write_text(records(10, "في الحافلة"), encoding="utf-8")
    Archive.open([corpus], cache_dir=cache)
    counts = []
    for step in range(4):
        feed.write_text(records(10, f"نص {step}"), encoding="utf-8")
        os.utime(feed, ns=(1, 100 + step))
        archive = Archive.open([corpus], cache_dir=cache)
        assert archive.index.segmented and archive.search(f"نص {step}")
        sparse = (_generation(cache, corpus) / "article_sparse.json").read_bytes().decode("utf-8", "surrogatepass")
        counts.append(len(set(json.loads(sparse)["files"])) - len(json.loads(sparse)["files"]))
        _same_as_from_scratch(corpus, archive)
    assert counts == [0, 0, 0, 0]  # no file twice


def test_the_head_of_a_saved_column_is_known_as_the_beginning_of_its_member(tmp_path: Path) -> None:
    from corpus.packed import _saved, read_packed, write_packed
    from corpus.saved_folders import mapped_file

    write_packed(tmp_path, "names", ["خالد", "سالم", "منى", "علي"])
    head = read_packed(tmp_path, "names", 4).head(2)
    for part in (head.data, head.offsets):  # the offsets are a view of a view of the map
        assert _saved(part) is part
    assert _saved(np.arange(3)) is None and mapped_file(np.asarray(head.offsets)[1:]) is None


def test_a_save_that_fails_while_the_stories_are_carried_beside_it_raises_its_own_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from corpus.archive import opening

    corpus, cache = _built(tmp_path, 30)
    Archive.open([corpus], cache_dir=cache).build_stories()  # saved: the next change carries them
    carried: list[int] = []

    def failing_stories(self: StoryIndex, index: object, new_doc: np.ndarray, **_: object) -> StoryIndex:
        carried.append(len(new_doc))
        raise ValueError("the stories failed")

    def failing_save(*_: object) -> None:
        raise RuntimeError("the save failed")

    monkeypatch.setattr(StoryIndex, "extended", failing_stories)
    monkeypatch.setattr(opening, "save_generation", failing_save)
    _write(corpus, "m30.txt", 30)
    with pytest.raises(RuntimeError, match="the save failed"):
        Archive.open([corpus], cache_dir=cache)
    assert carried == [30]  # carried beside the save, which failed first
    monkeypatch.undo()
    archive = Archive.open([corpus], cache_dir=cache)
    assert len(archive) == 31 and archive.build_stories().story_number(30) >= 0


def test_a_change_merged_in_memory_is_saved_beside_its_stories_where_a_merge_on_disk_was_made_ready(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large archive makes a folder ready for a merge on disk; one new article goes into the
    index's tail in memory instead, and it is saved on the other core while its stories are
    carried all the same (a review found both in turn at 1.1 million articles)."""
    import threading

    from corpus.archive import opening

    corpus, cache = _built(tmp_path, 30)
    Archive.open([corpus], cache_dir=cache).build_stories()
    monkeypatch.setattr("corpus.storage.disk_merge.MERGE_ON_DISK_TOKENS", 0)  # every archive is large
    threads: dict[str, str] = {}
    extend, save = StoryIndex.extended, opening.save_generation

    def watched_stories(self: StoryIndex, *args: Any, **kwargs: Any) -> StoryIndex:
        threads["stories"] = threading.current_thread().name
        return extend(self, *args, **kwargs)

    def watched_save(*args: Any) -> Any:
        threads["save"] = threading.current_thread().name
        return save(*args)

    monkeypatch.setattr(StoryIndex, "extended", watched_stories)
    monkeypatch.setattr(opening, "save_generation", watched_save)
    _write(corpus, "m30.txt", 30)
    archive = Archive.open([corpus], cache_dir=cache)
    assert threads["stories"] == threading.main_thread().name and threads["save"] != threads["stories"]
    assert len(archive) == 31 and archive.build_stories().story_number(30) >= 0
    _same_as_from_scratch(corpus, archive)


class _Phases:
    """A progress reporter that keeps the phases it is told."""

    def __init__(self) -> None:
        self.phases: list[str] = []

    def phase(self, name: str) -> None:
        self.phases.append(name)

    def __call__(self, *_: object, **__: object) -> None:
        pass


def test_the_index_merged_on_disk_is_saved_under_its_own_phase(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from corpus.archive import opening

    corpus, cache = _built(tmp_path, 30)
    Archive.open([corpus], cache_dir=cache).build_stories()
    monkeypatch.setattr("corpus.storage.disk_merge.MERGE_ON_DISK_TOKENS", 0)
    progress, shown = _Phases(), dict[str, object]()
    save = opening.save_generation

    def watched(store: Any, index: Any, table: Any, written: Any = None, *rest: Any) -> Any:
        shown.update(phase=progress.phases[-1], on_disk=written is not None)
        return save(store, index, table, written, *rest)

    monkeypatch.setattr(opening, "save_generation", watched)
    for n in range(0, 30, 2):
        _write(corpus, f"n{n:02d}.txt", n + 100)  # half the articles rewritten: no room in the tail
    Archive.open([corpus], cache_dir=cache, progress=progress)
    assert shown == {"phase": "saving the index", "on_disk": True}


def test_an_interrupt_while_the_save_writes_in_its_thread_waits_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store's lock is held until the save has ended, however the wait for it is left: a
    Ctrl-C arrives while the save writes (a review found the lock let go under a running save)."""
    import signal
    import threading
    import time

    from corpus.archive import opening

    corpus, cache = _built(tmp_path, 30)
    Archive.open([corpus], cache_dir=cache).build_stories()
    ended = threading.Event()
    save = opening.save_generation

    def interrupted_save(*args: Any) -> Any:
        try:
            time.sleep(0.1)  # the stories of one article are carried by then: the wait has begun
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.3)
            return save(*args)
        finally:
            ended.set()

    def interrupt(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(opening, "save_generation", interrupted_save)
    _write(corpus, "m30.txt", 30)
    before = signal.signal(signal.SIGINT, interrupt)
    try:
        with pytest.raises(KeyboardInterrupt):
            Archive.open([corpus], cache_dir=cache)
        assert ended.is_set()
    finally:
        signal.signal(signal.SIGINT, before)
    monkeypatch.undo()
    assert len(Archive.open([corpus], cache_dir=cache)) == 31


@pytest.mark.parametrize("on_disk", [False, True])
@pytest.mark.parametrize("between", [False, True])
def test_a_changes_file_paths_are_written_once_while_it_is_merged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, on_disk: bool, between: bool
) -> None:
    """The walk's paths are written in the save thread while the change is read and merged,
    then kept (moved into the folder of a merge on disk): the file table is theirs, in the
    walk's order, and nothing of the begun generation is left behind."""
    import threading

    corpus, cache = _built(tmp_path, 30)
    Archive.open([corpus], cache_dir=cache).build_stories()
    if on_disk:
        monkeypatch.setattr("corpus.storage.disk_merge.MERGE_ON_DISK_TOKENS", 0)
    written: list[str] = []
    write = generations.write_file_paths  # type: ignore[attr-defined]

    def watched(folder: Path, paths: Any) -> None:
        written.append(threading.current_thread().name)
        write(folder, paths)

    monkeypatch.setattr(generations, "write_file_paths", watched)  # as the save is begun
    monkeypatch.setattr("corpus.walked.write_file_paths", watched)  # as the rest is written
    stamped: list[str] = []
    write_stamps = generations.write_file_stamps  # type: ignore[attr-defined]

    def watched_stamps(folder: Path, stamps: Any) -> None:
        stamped.append(threading.current_thread().name)
        write_stamps(folder, stamps)

    monkeypatch.setattr(generations, "write_file_stamps", watched_stamps)
    monkeypatch.setattr("corpus.walked.write_file_stamps", watched_stamps)
    _write(corpus, "z30.txt", 30)  # after the saved paths (the table's order is the walk's)
    if between:
        _write(corpus, "m15.txt", 31)  # and between them (the table put in the walk's order)
    archive = Archive.open([corpus], cache_dir=cache)
    assert len(written) == 1 and written[0] != threading.main_thread().name
    assert stamped == written  # the walk's stamps, the table's: written once, beside the merge
    assert len(archive) == 31 + between and archive.build_stories().story_number(30) >= 0
    _same_as_from_scratch(corpus, archive)
    store = _saved_table_is_the_folder(cache, corpus)
    assert not list(store.folder.glob("tmp-*"))
    # the generations before the current one go when the next is begun: two are left
    _write(corpus, "z40.txt", 40)
    Archive.open([corpus], cache_dir=cache)
    assert len(list(store.folder.glob("g-*"))) == generations.KEEP_GENERATIONS


def test_a_generation_that_could_not_be_begun_is_written_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, cache = _built(tmp_path, 30)

    def refused(*_: object) -> None:
        raise OSError("no room")

    monkeypatch.setattr(IndexStore, "begin_save", refused)
    _write(corpus, "m15.txt", 31)
    archive = Archive.open([corpus], cache_dir=cache)
    _same_as_from_scratch(corpus, archive)
    store = IndexStore(cache, [str(corpus)])
    saved = store.load(store.current() or "")
    assert saved is not None and list(saved.files.paths) == sorted(str(p) for p in corpus.iterdir())
    assert not list(store.folder.glob("tmp-*"))


@pytest.mark.parametrize("between", [False, True])
def test_a_change_takes_the_walks_stamps_but_a_file_gone_before_it_was_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, between: bool
) -> None:
    """The table in the walk's order takes the walk's stamps (not gathered from the saved table),
    and a new file that went before it was read is saved to be read again (NEVER_MATCHES) at its
    own row, whatever the order."""
    from corpus.archive import opening
    from corpus.storage.generations import NEVER_MATCHES

    corpus, cache = _built(tmp_path, 30)
    gone = corpus / "m15.txt" if between else corpus / "z31.txt"
    _write(corpus, "z30.txt", 30)
    _write(corpus, gone.name, 31)
    bring = opening.bring_up_to_date  # type: ignore[attr-defined]

    def read_after_one_went(*args: Any, **kwargs: Any) -> Any:
        gone.unlink()  # after the walk, before it is read
        return bring(*args, **kwargs)

    monkeypatch.setattr(opening, "bring_up_to_date", read_after_one_went)
    archive = Archive.open([corpus], cache_dir=cache)
    assert any(p.path == str(gone) and "cannot read" in p.message for p in archive.problems)
    store = IndexStore(cache, [str(corpus)])
    saved = store.load(store.current() or "")
    assert saved is not None
    paths = list(saved.files.paths)
    assert paths == sorted([*(str(p) for p in corpus.iterdir()), str(gone)])
    for path, row in zip(paths, np.asarray(saved.files.stamps).tolist(), strict=True):
        if path == str(gone):
            assert row[0] == NEVER_MATCHES
        else:
            info = os.stat(path)
            assert row == [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_dev, info.st_ino]
    monkeypatch.undo()
    again = Archive.open([corpus], cache_dir=cache)
    assert again.changes is not None and again.changes.describe() == "1 gone"
    _same_as_from_scratch(corpus, again)


def test_a_deletion_saves_the_walks_paths_and_stamps_as_the_table(tmp_path: Path) -> None:
    """A file deleted (and another rewritten): the table is the walk's paths and stamps, not the
    saved rows gathered, and the next start finds nothing changed."""
    corpus, cache = _built(tmp_path, 30)
    (corpus / "n07.txt").unlink()
    _write(corpus, "n12.txt", 40)  # rewritten in place: read again
    archive = Archive.open([corpus], cache_dir=cache)
    assert archive.changes is not None and archive.changes.describe() == "1 changed · 1 gone"
    _saved_table_is_the_folder(cache, corpus)
    _same_as_from_scratch(corpus, archive)
    again = Archive.open([corpus], cache_dir=cache)
    assert again.changes is not None and again.changes.none


def test_the_walks_columns_are_let_go_once_a_start_is_done(tmp_path: Path) -> None:
    """Neither an unchanged start nor a change keeps the walk's paths and stamps in its changes
    (a session would hold them for as long as it runs: 120 MB at 1.1 million files)."""
    corpus, cache = _built(tmp_path, 30)
    unchanged = Archive.open([corpus], cache_dir=cache)
    _write(corpus, "z30.txt", 30)
    changed = Archive.open([corpus], cache_dir=cache)
    for archive in (unchanged, changed):
        assert archive.changes is not None
        assert archive.changes.walk_paths is None and archive.changes.walk_stamps is None
    assert unchanged.changes is not None and unchanged.changes.none


def _saved_table_is_the_folder(cache: Path, corpus: Path) -> IndexStore:
    """Check that the current generation's file table is the corpus folder's files, in order,
    each with its stat now; the store."""
    store = IndexStore(cache, [str(corpus)])
    saved = store.load(store.current() or "")
    assert saved is not None and list(saved.files.paths) == sorted(str(p) for p in corpus.iterdir())
    for path, row in zip(saved.files.paths, np.asarray(saved.files.stamps).tolist(), strict=True):
        info = os.stat(path)
        assert row == [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_dev, info.st_ino]
    return store


@pytest.mark.parametrize("how", ["save_fails", "emptied"])
def test_a_change_not_saved_leaves_the_current_generation_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """Beginning a save deletes the generations before the current one, which unlinks members
    the current one shares (their inode times change): a save that fails, or an archive
    emptied, left the current generation to be read whole again at the next start (a review
    found it). It is recorded as checked still."""
    corpus, cache = _built(tmp_path, 30)
    _write(corpus, "z30.txt", 30)
    Archive.open([corpus], cache_dir=cache)  # its base's members linked from the generation before
    store = IndexStore(cache, [str(corpus)])
    current = store.current()
    assert current is not None and verified_now(store.folder / current)
    if how == "save_fails":

        def refused(*_: object, **__: object) -> None:
            raise OSError("no room")

        monkeypatch.setattr(generations, "_write_generation", refused)
        _write(corpus, "z31.txt", 31)
    else:
        for path in corpus.iterdir():
            path.unlink()
    Archive.open([corpus], cache_dir=cache)
    assert store.current() == current and verified_now(store.folder / current)
    assert not list(store.folder.glob("tmp-*"))
