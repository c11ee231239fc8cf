"""Stories: reprints grouped by MinHash, one event's articles joined across sources and days,
and no story chained through words shared one pair at a time (small archives whose answer is known)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np

from corpus import Archive, saved_folders
from corpus.saved_folders import verified_now
from corpus.stories.reprints import REPRINT_JACCARD, signatures, similar_pairs
from corpus.stories.saved import stories_folder
from tests.helpers import known_stories, story_text, story_words, write_story_corpus


def _open(tmp_path: Path) -> Archive:
    corpus = tmp_path / "news.jsonl"
    if not corpus.exists():  # written once: a rewritten file is a changed archive
        write_story_corpus(corpus, known_stories())
    return Archive.open([corpus], cache_dir=tmp_path / "cache")


def _together(archive: Archive, *ids: str) -> bool:
    stories = archive.build_stories()
    numbers = {stories.story_number(archive.find(article_id) or 0) for article_id in ids}
    return len(numbers) == 1


def test_one_event_in_other_words_across_outlets_and_days_is_one_story(tmp_path: Path) -> None:
    archive = _open(tmp_path)
    assert _together(archive, "q1", "q2", "q3")
    stories = archive.build_stories()
    q1 = archive.find("q1")
    assert q1 is not None
    assert stories.other_outlets(q1) == 2
    story = stories.story(stories.story_number(q1))
    assert story.sources == ("paper-a", "paper-b", "paper-c")
    assert (story.first, story.last) == ("2018-03-01", "2018-03-02")
    assert [archive.ids[doc] for doc in stories.others(q1)] == ["q2", "q3"]


def test_a_reprint_is_one_story_and_one_reprint_group(tmp_path: Path) -> None:
    archive = _open(tmp_path)
    stories = archive.build_stories()
    r1, r2 = archive.find("r1"), archive.find("r2")
    assert r1 is not None and r2 is not None
    assert stories.story_number(r1) == stories.story_number(r2)
    assert stories.reprints(r1) == [r2]
    q1 = archive.find("q1")
    assert q1 is not None and stories.reprints(q1) == []  # told in other words: no reprint


def test_unrelated_articles_of_one_day_stay_apart(tmp_path: Path) -> None:
    archive = _open(tmp_path)
    unrelated = [f"u{n}" for n in range(6)] + ["q1", "r1", "f1"]
    stories = archive.build_stories()
    numbers = {stories.story_number(archive.find(article_id) or 0) for article_id in unrelated}
    assert len(numbers) == len(unrelated)


def test_the_same_words_weeks_apart_are_two_stories(tmp_path: Path) -> None:
    assert not _together(_open(tmp_path), "f1", "f2")


def test_a_chain_of_shared_words_does_not_join_its_ends(tmp_path: Path) -> None:
    archive = _open(tmp_path)
    stories = archive.build_stories()
    chain = [archive.find(f"c{n}") or 0 for n in range(6)]
    assert stories.story_number(chain[0]) != stories.story_number(chain[-1])
    assert all(len(stories.members(stories.story_number(doc))) <= 3 for doc in chain)
    assert stories.story_number(chain[0]) == stories.story_number(chain[1])  # neighbours do join


def test_stories_are_saved_with_the_index_and_read_back_equal(tmp_path: Path) -> None:
    built = _open(tmp_path).build_stories()
    again = _open(tmp_path)
    assert again.generation is not None and (stories_folder(again.generation) / "meta.json").exists()
    loaded = again.build_stories()
    assert isinstance(loaded.story_of, np.memmap) or loaded.story_of.base is not None
    assert np.array_equal(loaded.story_of, built.story_of)
    assert np.array_equal(loaded.reprint_of, built.reprint_of)
    assert isinstance(loaded.source_counts().base, np.memmap)  # saved with them: not counted again
    assert np.array_equal(loaded.source_counts(), built.source_counts()) and loaded.source_counts().max() > 1


def test_stories_just_saved_are_read_whole_once(tmp_path: Path, monkeypatch: Any) -> None:
    """Their checksums are made from what was written; the saved copy then used is not read again."""
    archive = _open(tmp_path)
    read: list[str] = []
    crc_of = saved_folders.crc_of

    def counted(path: Path) -> int:
        read.append(path.name)
        return crc_of(path)

    monkeypatch.setattr(saved_folders, "crc_of", counted)
    archive.build_stories()
    assert "story_of.npy" in read and len(read) == len(set(read))
    assert archive.generation is not None and verified_now(stories_folder(archive.generation))


def test_stories_saved_before_their_source_counts_count_them_when_asked(tmp_path: Path) -> None:
    built = _open(tmp_path).build_stories()
    again = _open(tmp_path)
    assert again.generation is not None
    folder = stories_folder(again.generation)
    meta = json.loads((folder / "meta.json").read_text())
    del meta["checksums"]["source_counts.npy"]
    (folder / "source_counts.npy").unlink()
    (folder / "meta.json").write_text(json.dumps(meta))
    loaded = _open(tmp_path).build_stories()
    assert isinstance(loaded.story_of, np.memmap) or loaded.story_of.base is not None  # the saved copy
    assert np.array_equal(loaded.source_counts(), built.source_counts())


def test_a_damaged_saved_copy_is_built_again(tmp_path: Path) -> None:
    built = np.array(_open(tmp_path).build_stories().story_of)  # a copy: the saved one is mapped
    again = _open(tmp_path)
    assert again.generation is not None
    member = stories_folder(again.generation) / "story_of.npy"
    data = bytearray(member.read_bytes())
    data[-1] ^= 0xFF
    member.write_bytes(bytes(data))
    assert np.array_equal(_open(tmp_path).build_stories().story_of, built)


def _arrive(folder: Path) -> None:
    """A file arrives: a fourth report of the first story (q4), and an article of its own (new)."""
    records = [
        ("q4", "paper-d", "2018-03-02", "زلزال رابع", story_text(story_words(0), 99)),
        ("new", "paper-d", "2018-03-02", "خبر جديد", story_text(story_words(15), 98)),
    ]
    write_story_corpus(folder / "added.jsonl", records)


def test_an_added_file_joins_its_story_in_follow_mode(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    write_story_corpus(folder / "news.jsonl", known_stories())
    archive = Archive.open([folder], cache_dir=tmp_path / "cache")
    archive.build_stories()
    _arrive(folder)
    refreshed = archive.refresh()
    assert refreshed is not None and archive.stories is not None
    assert _together(archive, "q1", "q2", "q3", "q4")
    assert not _together(archive, "q1", "new")
    q4 = archive.find("q4")
    assert q4 is not None and archive.stories.other_outlets(q4) == 3
    # what the refresh saved is what a fresh start reads
    reopened = Archive.open([folder], cache_dir=tmp_path / "cache")
    assert reopened.reused
    assert np.array_equal(reopened.build_stories().story_of, archive.stories.story_of)


def test_minhash_finds_near_duplicates_and_nothing_else() -> None:
    base = list(range(1, 201))
    near = base[:190] + list(range(1000, 1010))  # 5% of the words changed
    other = list(range(5000, 5200))
    tokens = np.array(base + near + other, dtype=np.uint32)
    offsets = np.array([0, 200, 400, 600], dtype=np.int64)
    values = signatures(tokens, offsets)
    assert values.shape == (3, 64)
    assert similar_pairs(values).tolist() == [[0, 1]]
    assert (values[0] == values[1]).mean() >= REPRINT_JACCARD


def test_a_short_note_is_nobodys_reprint() -> None:
    tokens = np.array([1, 2, 3, 4, 1, 2, 3, 4], dtype=np.uint32)
    values = signatures(tokens, np.array([0, 4, 8], dtype=np.int64))
    assert similar_pairs(values).tolist() == []


def _akhbar(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True, timeout=120)


def test_the_stories_command_lists_each_story_with_its_articles_sources_and_dates(tmp_path: Path) -> None:
    corpus = write_story_corpus(tmp_path / "news.jsonl", known_stories())
    done = _akhbar("stories", "--corpus", str(corpus), "--json")
    assert done.returncode == 0, done.stderr
    stories = json.loads(done.stdout)
    lines = done.stdout.strip().splitlines()
    assert len(lines) == len(stories) + 2  # "[", one story a line, "]"
    first = stories[0]
    assert set(first) == {"id", "title", "articles", "sources", "first", "last", "size"}
    quake = next(story for story in stories if "q1" in story["articles"])
    assert quake["articles"] == ["q1", "q2", "q3"]
    assert quake["sources"] == ["paper-a", "paper-b", "paper-c"]
    assert (quake["first"], quake["last"]) == ("2018-03-01", "2018-03-02")
    assert all(len(story["articles"]) >= 2 for story in stories)
    people = _akhbar("stories", "--corpus", str(corpus), "--bidi", "off")
    assert quake["id"] in people.stdout and "2018-03-01 – 2018-03-02" in people.stdout


def test_search_json_names_each_results_story(tmp_path: Path) -> None:
    corpus = write_story_corpus(tmp_path / "news.jsonl", known_stories())
    word = story_words(0)[0]
    results = json.loads(_akhbar("search", word, "--corpus", str(corpus), "--json").stdout)
    assert results and all(result["id"].startswith("q") for result in results)
    stories = json.loads(_akhbar("stories", "--corpus", str(corpus), "--json").stdout)
    quake = next(story for story in stories if "q1" in story["articles"])
    assert {result["story"] for result in results} == {quake["id"]}
    assert all(result["other_outlets"] == 2 for result in results)


def test_a_start_after_a_file_arrived_carries_the_saved_stories_over_as_follow_mode_does(tmp_path: Path) -> None:
    """A start on an archive whose files changed joins only the new articles to the saved
    stories (no grouping of the whole archive again), as a followed archive does, and saves
    them with the new index for the next start."""
    folder = tmp_path / "news"
    folder.mkdir()
    write_story_corpus(folder / "news.jsonl", known_stories())
    Archive.open([folder], cache_dir=tmp_path / "cache").build_stories()
    followed = Archive.open([folder], cache_dir=tmp_path / "followed-cache")
    followed.build_stories()
    _arrive(folder)
    started = Archive.open([folder], cache_dir=tmp_path / "cache")
    assert not started.reused and started.stories is not None  # carried at the start, not grouped later
    assert _together(started, "q1", "q2", "q3", "q4") and not _together(started, "q1", "new")
    followed.refresh()
    assert followed.stories is not None and np.array_equal(started.stories.story_of, followed.stories.story_of)
    reopened = Archive.open([folder], cache_dir=tmp_path / "cache")
    assert reopened.reused and np.array_equal(reopened.build_stories().story_of, started.stories.story_of)


def test_a_growing_story_needs_a_closer_centroid_to_take_more() -> None:
    """Stories of 100 to 207 unrelated articles of one week (every Saudi item beside a Chechen
    president's Umrah) grew one near-enough link at a time: past BIG_STORY articles the bar
    rises with each doubling."""
    from corpus.stories.grouping import BIG_STORY, CENTROID_COSINE, MOST_NEEDED, needed_cosine

    assert needed_cosine(2) == needed_cosine(BIG_STORY) == CENTROID_COSINE
    assert CENTROID_COSINE < needed_cosine(2 * BIG_STORY) < needed_cosine(4 * BIG_STORY) <= MOST_NEEDED
    assert needed_cosine(10_000) == MOST_NEEDED


def test_every_article_is_labelled_with_its_story_root_through_any_chain_of_joins() -> None:
    import random as stdlib_random

    import scipy.sparse as sparse

    from corpus.stories.grouping import _Stories

    rng = stdlib_random.Random(3)
    for _ in range(50):
        count = rng.randint(1, 60)
        labels = np.array([rng.randrange(doc + 1) for doc in range(count)], dtype=np.int64)
        labels = np.array([labels[label] if label < doc else doc for doc, label in enumerate(labels.tolist())])
        days = np.array([rng.randrange(-1, 5) for _ in range(count)], dtype=np.int64)
        stories = _Stories(labels, days, sparse.csr_matrix((count, 3), dtype=np.float32))
        for _ in range(rng.randrange(count + 1)):  # joins that leave roots pointing at old roots
            a, b = stories.find(rng.randrange(count)), stories.find(rng.randrange(count))
            if a != b:
                stories.union(a, b)
        labelled = stories.labels().tolist()  # before find() shortens any chain
        assert labelled == [stories.find(doc) for doc in range(count)]


def test_source_counts_are_each_storys_distinct_sources_counted_either_way(tmp_path: Path, monkeypatch: Any) -> None:
    from corpus.article_columns import article_sources
    from corpus.stories import index as story_index
    from corpus.stories.index import StoryIndex

    archive = _open(tmp_path)
    built = archive.build_stories()
    rng = np.random.default_rng(3)
    story_of = rng.integers(0, 7, len(built.story_of)).astype(np.int32)
    story_of[:7] = np.arange(7)  # every story number has an article
    names = article_sources(built.articles)
    expected = [len({names[doc] or "?" for doc in np.flatnonzero(story_of == n).tolist()}) for n in range(7)]
    for table in (story_index.SEEN_TABLE, 0):  # marked in a table, then sorted
        monkeypatch.setattr(story_index, "SEEN_TABLE", table)
        again = StoryIndex(built.articles, story_of, built.reprint_of, built.values)
        assert again.source_counts().tolist() == expected


def test_day_numbers_carried_to_a_change_are_those_its_dates_give(tmp_path: Path) -> None:
    """The stories keep each article's day number (saved with them); carried to a change, the
    kept articles' are taken at their new keys and the new ones' read from their dates: the
    same as reading every article's, and stories saved before them read them all."""
    from corpus.stories.similarity import day_numbers

    corpus = tmp_path / "news"
    corpus.mkdir()
    records = known_stories()
    write_story_corpus(corpus / "a.jsonl", records[:3])  # gone later: the kept ones move down
    write_story_corpus(corpus / "b.jsonl", records[3:])
    archive = Archive.open([corpus], cache_dir=tmp_path / "cache")
    built = archive.build_stories()
    assert np.array_equal(np.asarray(built.day_numbers()), day_numbers(archive.index))
    assert archive.generation is not None
    assert (stories_folder(archive.generation) / "day_numbers.npy").exists()
    extra = [
        ("n1", "paper-d", "2018-03-02", "خبر جديد", story_text(story_words(0), 40)),
        ("n2", "paper-d", "", "خبر بلا تاريخ", story_text(story_words(3), 41)),
        ("n3", "paper-d", "2018-02-30", "تاريخ لا يكون", story_text(story_words(3), 42)),
    ]
    (corpus / "a.jsonl").unlink()
    write_story_corpus(corpus / "c.jsonl", extra)
    again = Archive.open([corpus], cache_dir=tmp_path / "cache")
    assert again.changes is not None and again.changes.describe() == "1 new file · 1 gone"
    carried = again.build_stories()
    expected = day_numbers(again.index)
    assert np.array_equal(np.asarray(carried.day_numbers()), expected) and (expected == -1).sum() >= 2
    # saved before day numbers were: read from every date, the same
    assert again.generation is not None
    folder = stories_folder(again.generation)
    meta = json.loads((folder / "meta.json").read_text())
    del meta["checksums"]["day_numbers.npy"]
    (folder / "meta.json").write_text(json.dumps(meta))
    (folder / "day_numbers.npy").unlink()
    write_story_corpus(corpus / "d.jsonl", records[:1])
    third = Archive.open([corpus], cache_dir=tmp_path / "cache")
    assert np.array_equal(np.asarray(third.build_stories().day_numbers()), day_numbers(third.index))


def test_a_big_story_takes_no_article_far_from_the_articles_it_began_with() -> None:
    """A camel crash's story, grown with reports that share its accident words, took in crashes
    of other cities (a newcomer's run): past BIG_STORY, a joining article must be near the seed."""
    import scipy.sparse as sparse

    from corpus.stories.grouping import BIG_STORY, join_stories
    from corpus.stories.similarity import Neighbours

    camel, jazan, loose, crash, death, arar = range(6)
    rows = [{camel: 1.0, jazan: 1.0, loose: 1.0}] * 2  # the first reports
    rows += [{camel: 1.0, crash: 1.0, death: 1.0}] * (BIG_STORY - 1)  # reprints that say more of the crash
    rows += [{crash: 1.0, death: 1.0, arar: 1.0}, {camel: 1.0, jazan: 1.0, death: 1.0}]  # another city's; one more

    def vectors() -> sparse.csr_matrix:
        data, indices, indptr = [], [], [0]
        for row in rows:
            norm = sum(w * w for w in row.values()) ** 0.5
            indices += list(row)
            data += [w / norm for w in row.values()]
            indptr.append(len(indices))
        return sparse.csr_matrix((np.array(data, np.float32), indices, indptr), shape=(len(rows), 6))

    count = len(rows)
    core = BIG_STORY + 1
    reprints = np.array([[n, n + 1] for n in range(core - 1)], dtype=np.int64)
    near = Neighbours(
        np.array([[core - 1, core], [core - 1, core + 1]], dtype=np.int32),
        np.array([0.6, 0.6], dtype=np.float32),
        np.array([True, True]),
    )
    days = np.zeros(count, dtype=np.int64)
    labels = join_stories(np.arange(count), days, vectors(), reprints, near)
    assert len(set(labels[:core].tolist())) == 1
    assert labels[core] != labels[0]  # Arar's crash: near the grown story, far from its seed
    assert labels[core + 1] == labels[0]  # another report of the camel crash
    carried = np.where(np.arange(count) < core, 0, np.arange(count))  # the story as an earlier grouping left it
    labels = join_stories(carried, days, vectors(), np.zeros((0, 2), dtype=np.int64), near)
    assert labels[core] != labels[0] and labels[core + 1] == labels[0]  # its seed is its first articles still
