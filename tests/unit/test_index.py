"""The index against a naive reference, and its snapshots: reused when unchanged, rebuilt otherwise."""

from __future__ import annotations

import copy
import os
import pickle
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus import Archive
from corpus.article_columns import ArticleColumns
from corpus.models import Article
from corpus.packed import PackedStrings, SortedStrings, StringIndex
from corpus.search.index import CorpusIndex
from corpus.search.postings import PostingsBuilder
from corpus.search.results import search
from corpus.text.normalization import tokenize

WORDS = st.sampled_from(["كازاخستان", "لكازاخستان", "الرئيس", "قال", "في", "40%", "1.1", "TRIPP", "سلامٌ", "ـــ", "و"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(WORDS, max_size=12).map(" ".join), min_size=1, max_size=12), st.integers(1, 4))
def test_postings_match_a_naive_index(texts: list[str], batch: int) -> None:
    original = PostingsBuilder.BATCH
    PostingsBuilder.BATCH = batch
    try:
        index = CorpusIndex.build(Article(str(i), f"{i}.txt", f"عنوان {i}", text) for i, text in enumerate(texts))
    finally:
        PostingsBuilder.BATCH = original
    for doc, text in enumerate(texts):
        forms = tokenize(text)
        ids = [index.vocabulary[f] for f in forms]
        assert [int(t) for t in index.doc_tokens(doc) if t != CorpusIndex.EMPTY_TERM] == [i for i in ids if i]
    for term_id, term in enumerate(index.terms):
        docs, tf = index.postings(term_id)
        expected = {d: Counter(tokenize(t))[term] for d, t in enumerate(texts) if term in tokenize(t)}
        if term:
            assert dict(zip(docs.tolist(), tf.tolist(), strict=True)) == expected


def _corpus(folder: Path, count: int = 6) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"a{i}.txt").write_text(
            f"خبر رقم {i}\nزار الرئيس أستانا وكازاخستان في اليوم {i}.\n", encoding="utf-8"
        )


def test_second_start_reuses_the_snapshot(tmp_path: Path) -> None:
    corpus, cache = tmp_path / "corpus", tmp_path / "cache"
    _corpus(corpus)
    first = Archive.open([corpus], cache_dir=cache)
    second = Archive.open([corpus], cache_dir=cache)
    assert not first.reused and second.reused
    assert [a.id for a in second.articles] == [a.id for a in first.articles]
    assert [r.article.id for r in search(second.index, "كازاخستان")] == [
        r.article.id for r in search(first.index, "كازاخستان")
    ]
    assert np.array_equal(first.index.post_docs, second.index.post_docs)
    assert second.articles[0].read_text() == first.articles[0].read_text()


def test_changed_file_makes_the_snapshot_stale(tmp_path: Path) -> None:
    corpus, cache = tmp_path / "corpus", tmp_path / "cache"
    _corpus(corpus)
    Archive.open([corpus], cache_dir=cache)
    target = corpus / "a3.txt"
    target.write_text("خبر جديد عن باكستان\n", encoding="utf-8")
    os.utime(target, ns=(1, 1))
    reopened = Archive.open([corpus], cache_dir=cache)
    assert not reopened.reused
    assert [r.article.id for r in search(reopened.index, "باكستان")] == ["a3"]


def _generation(cache: Path) -> Path:
    """The one saved generation of the one corpus in `cache`."""
    (folder,) = (cache / "index").glob("*/g-*")
    return folder


@pytest.mark.parametrize("damage", ["truncate", "corrupt", "garbage"])
def test_damaged_snapshot_is_rebuilt_not_trusted(tmp_path: Path, damage: str) -> None:
    corpus, cache = tmp_path / "corpus", tmp_path / "cache"
    _corpus(corpus)
    Archive.open([corpus], cache_dir=cache)
    member = _generation(cache) / "post_docs.npy"
    data = member.read_bytes()
    if damage == "truncate":
        member.write_bytes(data[: len(data) // 2])
    elif damage == "corrupt":
        middle = len(data) - 8
        member.write_bytes(data[:middle] + bytes(b ^ 0x01 for b in data[middle:]))
    else:
        (_generation(cache) / "meta.json").write_bytes(b"not json at all")
    reopened = Archive.open([corpus], cache_dir=cache)
    assert not reopened.reused and len(reopened.index) == 6
    assert Archive.open([corpus], cache_dir=cache).reused


def test_a_changed_corpus_is_brought_up_to_date_not_rebuilt(tmp_path: Path) -> None:
    corpus, cache = tmp_path / "corpus", tmp_path / "cache"
    _corpus(corpus)
    assert not Archive.open([corpus], cache_dir=cache).reused
    assert Archive.open([corpus], cache_dir=cache).reused  # read while the folder is walked
    (corpus / "new.txt").write_text("خبر جديد\nنص الخبر الجديد عن الاقتصاد.\n", encoding="utf-8")
    (corpus / "a2.txt").unlink()
    changed = Archive.open([corpus], cache_dir=cache)
    assert not changed.reused and len(changed.index) == 6
    assert (changed.changes.added, changed.changes.changed, changed.changes.removed) == (1, 0, 1)
    assert changed.changes.to_read == [f for f in changed.changes.to_read if f.path.endswith("new.txt")]
    assert len(list((cache / "index").glob("*/g-*"))) <= 2  # the current generation and the one before
    again = Archive.open([corpus], cache_dir=cache)
    assert again.reused and len(again.index) == 6
    assert [r.article.id for r in search(again.index, "الاقتصاد")] == ["new"]
    assert not [r for r in search(again.index, "اليوم 2") if not r.partial]


def test_snapshots_no_corpus_points_to_are_dropped_once_old(tmp_path: Path) -> None:
    corpus, cache = tmp_path / "corpus", tmp_path / "cache"
    _corpus(corpus)
    (cache / "index").mkdir(parents=True)
    old_format = cache / "index" / ("0" * 40 + ".akx")  # from an earlier version of Akhbar
    young = cache / "index" / ("1" * 40 + ".akx")  # an earlier Akhbar still running may use it
    for path in (old_format, young):
        path.write_bytes(b"x" * 100)
    os.utime(old_format, (time.time() - 2 * 86400, time.time() - 2 * 86400))
    Archive.open([corpus], cache_dir=cache)
    assert not old_format.exists() and young.exists()


def test_large_corpus_texts_leave_memory_and_come_back(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    _corpus(corpus, 3)
    index = CorpusIndex.build((a for a in Archive.open([corpus], use_snapshot=False).articles), release_texts=True)
    article = index.articles[1]
    assert article._text is None  # noqa: SLF001
    assert "أستانا" in article.read_text()
    assert search(index, "أستانا")[0].snippets[0].text


@settings(max_examples=80, deadline=None)
@given(st.lists(st.text(max_size=8), unique=True, max_size=300), st.lists(st.text(max_size=8), max_size=10))
def test_a_packed_string_index_finds_what_a_dict_finds(strings: list[str], others: list[str]) -> None:
    order = np.array(sorted(range(len(strings)), key=strings.__getitem__), dtype=np.int64)
    packed = PackedStrings.of(strings)
    lookup = StringIndex(packed, order)
    assert list(packed) == strings and [packed[i] for i in range(len(strings))] == strings
    for word in [*strings, *others]:
        assert lookup.get(word) == {s: i for i, s in enumerate(strings)}.get(word)
    assert list(SortedStrings(packed, order)) == sorted(strings)


@settings(max_examples=120, deadline=None)
@given(
    st.lists(st.text(alphabet="ابتال\x00z\U0010ffff", max_size=20), unique=True, max_size=200),
    st.lists(st.text(alphabet="ابتال\x00z\U0010ffff", max_size=20), max_size=20),
)
def test_places_found_at_once_are_those_bisect_finds(strings: list[str], values: list[str]) -> None:
    import bisect

    order = np.array(sorted(range(len(strings)), key=strings.__getitem__), dtype=np.int64)
    ordered = SortedStrings(PackedStrings.of(strings), order)
    wanted = [*values, *strings, *(s[:9] for s in strings), *(s + "\U0010ffff" for s in strings)]
    assert ordered.bisect_many(wanted) == [bisect.bisect_left(sorted(strings), v) for v in wanted]


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.text(alphabet="ابتال\n", max_size=12), unique=True, max_size=200),
    st.lists(st.tuples(st.integers(0, 210), st.integers(0, 210), st.integers(0, 30)), max_size=12),
)
def test_short_strings_of_many_ranges_are_those_read_one_range_at_a_time(
    strings: list[str], ranges: list[tuple[int, int, int]]
) -> None:
    order = np.array(sorted(range(len(strings)), key=strings.__getitem__), dtype=np.int64)
    in_order = sorted(strings)
    packed = SortedStrings(PackedStrings.of(strings), order)
    listed = SortedStrings(strings, order)
    ranges = [(min(low, len(strings)), min(high, len(strings)), bound) for low, high, bound in ranges]  # places in it
    lows, highs, most = (np.array([r[k] for r in ranges], dtype=np.int64) for k in range(3))
    expected = [
        (k, text)
        for k, (low, high, bound) in enumerate(ranges)
        for text in in_order[low:high]
        if len(text.encode()) <= bound
    ]
    for ordered in (packed, listed):
        owners, texts = ordered.shorter_in_many(lows, highs, most)
        assert list(zip(owners.tolist(), texts, strict=True)) == expected


@settings(max_examples=120, deadline=None)
@given(
    st.lists(st.text(alphabet="ابت/.z", max_size=12), unique=True, max_size=300),
    st.lists(st.text(alphabet="ابت/.zq", min_size=1, max_size=12), max_size=6),
    st.integers(0, 3),
    st.randoms(use_true_random=False),
)
def test_rows_in_a_packed_column_are_those_a_dict_finds(
    known: list[str], added: list[str], how: int, random: Any
) -> None:
    mine = list(known)
    if how == 1:  # a few dropped
        mine = [s for s in mine if random.random() > 0.1]
    elif how == 2:  # shuffled
        random.shuffle(mine)
    for value in added:  # a few new ones inserted, as a walk finds them
        if value not in mine:
            mine.insert(random.randint(0, len(mine)), value)
    row_of = {value: row for row, value in enumerate(known)}
    for aligned in (True, False):  # the shared ends compared in place, or every string by hash
        rows = PackedStrings.of(mine).rows_in(PackedStrings.of(known), aligned=aligned)
        assert rows.tolist() == [row_of.get(value, -1) for value in mine]


@settings(max_examples=120, deadline=None)
@given(
    st.lists(st.text(alphabet="اب/z", max_size=5), min_size=1, max_size=200),
    st.lists(st.tuples(st.integers(0, 199), st.integers(0, 199), st.integers(1, 60)), max_size=5),
)
def test_rows_compared_in_runs_are_compared_byte_for_byte(strings: list[str], runs: list[tuple[int, int, int]]) -> None:
    from corpus.packed import _same_in_runs

    other = [s if i % 7 else s + "z" for i, s in enumerate(strings)]  # every seventh differs
    n = len(strings)
    rows_a = np.array([(a + k) % n for a, _, length in runs for k in range(length)], dtype=np.int64)
    rows_b = np.array([(b + k) % n for _, b, length in runs for k in range(length)], dtype=np.int64)
    same = _same_in_runs(PackedStrings.of(strings), PackedStrings.of(other), rows_a, rows_b)
    assert same.tolist() == [strings[i] == other[j] for i, j in zip(rows_a.tolist(), rows_b.tolist(), strict=True)]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.text(alphabet="اب~z", max_size=6), unique=True, max_size=100),
    st.lists(st.booleans(), min_size=100, max_size=100),
    st.lists(st.text(alphabet="اب~z", max_size=6), max_size=30),
)
def test_packed_members_are_the_flagged_rows(strings: list[str], flags: list[bool], asked: list[str]) -> None:
    from corpus.packed import PackedMembers

    rows = np.flatnonzero(flags[: len(strings)])
    members = PackedMembers(PackedStrings.of(strings), rows)
    kept = {strings[row] for row in rows.tolist()}
    for value in [*asked, *strings, *asked]:  # past SCANS: looked up by hash too
        assert (value in members) == (value in kept)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.text(alphabet="اب~z", max_size=5), max_size=30),
    st.lists(st.text(alphabet="اب~z", max_size=5), max_size=30),
    st.lists(st.text(alphabet="اب~z", max_size=5), max_size=5),
)
def test_a_chained_column_reads_as_the_joined_one(first: list[str], second: list[str], more: list[str]) -> None:
    from corpus.packed import ChainedStrings

    chained = ChainedStrings(PackedStrings.of(first), PackedStrings.of(second)).concat(PackedStrings.of(more))
    whole = PackedStrings.of([*first, *second, *more])
    assert list(chained) == list(whole) and len(chained) == len(whole)
    assert [chained[i] for i in range(len(whole))] == list(whole)
    rows = np.arange(len(whole))[::-1]
    assert chained.many(rows) == whole.many(rows) and list(chained.select(rows)) == list(whole.select(rows))
    assert chained.hashes().tolist() == whole.hashes().tolist()
    assert np.array_equal(chained.data, whole.data) and np.array_equal(chained.offsets, whole.offsets)
    assert list(pickle.loads(pickle.dumps(chained))) == list(whole) == list(copy.copy(chained))


@pytest.mark.parametrize("failure", ["raises", "copies nothing", "copies part then raises"])
def test_a_saved_member_not_copied_in_the_kernel_is_written_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    from corpus.packed import ChainedStrings, read_packed, write_packed

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    words = [f"كلمة{n}" for n in range(500)]
    write_packed(tmp_path / "a", "x", PackedStrings.of(words))
    saved = read_packed(tmp_path / "a", "x", 500)
    real = os.copy_file_range

    def failing(source: int, target: int, count: int, *rest: object) -> int:
        if failure == "copies nothing":
            return 0
        if failure == "copies part then raises" and count > 100:
            return real(source, target, 100, *rest)  # type: ignore[arg-type]
        raise OSError("EXDEV")

    monkeypatch.setattr(os, "copy_file_range", failing)
    write_packed(tmp_path / "b", "x", ChainedStrings(saved, PackedStrings.of(["آخر", "z"])))
    assert list(read_packed(tmp_path / "b", "x", 502)) == [*words, "آخر", "z"]


def test_an_extended_index_finds_the_saved_strings_and_those_added_after_them() -> None:
    from corpus.packed import ExtendedIndex

    saved = ["", "ب", "اب", "z"]
    order = np.array(sorted(range(len(saved)), key=saved.__getitem__), dtype=np.int64)
    lookup = ExtendedIndex(StringIndex(PackedStrings.of(saved), order), {"جديد": 4, "ااا": 5})
    for _ in range(2):  # the second time from what it remembers
        assert [lookup.get(s) for s in ["ب", "z", "جديد", "ااا", "لا"]] == [1, 3, 4, 5, None]
    assert "ااا" in lookup and "لا" not in lookup and len(lookup) == 6 and lookup["اب"] == 2
    assert sorted(lookup) == sorted([*saved, "جديد", "ااا"])


def test_a_large_string_index_finds_every_string_and_no_other() -> None:
    strings = [f"{a}{b}{c}" for a in "ابتثجحخدذر" for b in "سشصضطظعغفق" for c in ["", "ه", "ي", "ون", "ات", "z"]]
    strings.sort(key=lambda s: (len(s), s[::-1]))  # 600 strings, not in code point order
    order = np.array(sorted(range(len(strings)), key=strings.__getitem__), dtype=np.int64)
    lookup = StringIndex(PackedStrings.of(strings), order)
    assert all(lookup.get(word) == i for i, word in enumerate(strings))
    assert not any(lookup.get(word + "ـ") for word in strings) and lookup.get("") is None


@settings(max_examples=80, deadline=None)
@given(st.lists(st.text(max_size=8)), st.lists(st.integers(min_value=0, max_value=10_000), max_size=30))
def test_many_strings_of_a_packed_column_are_those_strings(strings: list[str], picks: list[int]) -> None:
    packed = PackedStrings.of(strings)
    rows = [pick % len(strings) for pick in picks] if strings else []
    assert packed.many(rows) == [strings[row] for row in rows]  # line breaks, empty strings and all


def test_a_saved_index_shares_its_vocabulary_and_answers_the_same(tmp_path: Path) -> None:
    corpus, cache = tmp_path / "corpus", tmp_path / "cache"
    _corpus(corpus)
    built = Archive.open([corpus], cache_dir=cache, use_snapshot=False)
    for archive in (Archive.open([corpus], cache_dir=cache), Archive.open([corpus], cache_dir=cache)):
        assert isinstance(archive.index.terms, PackedStrings) and isinstance(archive.index.vocabulary, StringIndex)
        assert isinstance(archive.articles, ArticleColumns)
        for query in ("كازاخستان", "الرئيس", "كازخستان", "اليو", "وكازاخستان أستانا"):
            assert [(r.article.id, r.score, r.hits) for r in search(archive.index, query)] == [
                (r.article.id, r.score, r.hits) for r in search(built.index, query)
            ]
        assert [(a.id, a.title, a.read_text()) for a in archive.articles] == [
            (a.id, a.title, a.read_text()) for a in built.articles
        ]
