"""The entity index saved in the index generation: shared through memory maps, never trusted when damaged."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor, Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from types import SimpleNamespace
from typing import Any, TypeVar, cast

import numpy as np
import pytest

from corpus import Archive
from corpus.entities.saved import entities_folder

TEXTS = [
    "زار الرئيس قاسم جومارت توكاييف أستانا والتقى رئيس وزراء أرمينيا نيكول باشينيان في كازاخستان.",
    "قال نيكول باشينيان إن أرمينيا وأذربيجان اتفقتا في واشنطن على فتح الطرق.",
    "وصل قاسم جومارت توكاييف إلى موسكو لبحث العلاقات بين كازاخستان وروسيا.",
]


def _corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number, text in enumerate(TEXTS):
        (folder / f"n{number}.txt").write_text(f"خبر {number}\n{text}\n", encoding="utf-8")
    return folder


def _summary(archive: Archive) -> list[object]:
    index = archive.entities
    assert index is not None
    entities = list(index.entities)
    return [
        [(e.key, e.name, e.type, len(e.mentions), e.articles, e.variant_counts) for e in entities],
        [[(e.name, n) for e, n in index.for_article(doc)] for doc in range(len(archive))],
        [[(other.name, n) for other, n in index.cooccurring(e)] for e in entities],
        [list(m) for e in entities for m in e.mentions],
        [(m.confidence, e.confident_count, e.unsure) for e in entities for _, m in e.mentions],  # kept too
    ]


def test_a_second_session_reads_the_saved_entities_instead_of_tagging(tmp_path: Path) -> None:
    corpus, cache = _corpus(tmp_path / "corpus"), tmp_path / "cache"
    first = Archive.open([corpus], cache_dir=cache)
    assert first.build_entities() == len(TEXTS)
    assert first.generation is not None and entities_folder(first.generation).is_dir()
    second = Archive.open([corpus], cache_dir=cache)
    assert second.reused and second.build_entities() == 0
    assert _summary(second) == _summary(first)
    assert second.entities is not None and _mapped(second.entities.table.docs)
    assert first.entities is not None and _mapped(first.entities.table.docs)  # shared too


@pytest.mark.parametrize("member", ["table_docs.npy", "keys_bytes.npy", "article_entities.npy", "meta.json"])
def test_a_damaged_saved_entity_index_is_built_again(tmp_path: Path, member: str) -> None:
    corpus, cache = _corpus(tmp_path / "corpus"), tmp_path / "cache"
    first = Archive.open([corpus], cache_dir=cache)
    first.build_entities()
    assert first.generation is not None
    expected = _summary(first)  # before the damage, which the maps of this session would see
    path = entities_folder(first.generation) / member
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF
    path.write_bytes(bytes(data))
    second = Archive.open([corpus], cache_dir=cache)
    assert second.build_entities() == 0  # the text-keyed cache still spares the tagging
    assert _summary(second) == expected
    assert (entities_folder(first.generation) / "meta.json").exists()  # saved again


def test_an_archive_that_changed_since_its_save_builds_and_saves_again(tmp_path: Path) -> None:
    corpus, cache = _corpus(tmp_path / "corpus"), tmp_path / "cache"
    archive = Archive.open([corpus], cache_dir=cache)
    archive.build_entities()
    (corpus / "n9.txt").write_text("خبر جديد\nالتقى نيكول باشينيان في باريس.\n", encoding="utf-8")
    refreshed = archive.updated()
    assert refreshed is not None
    archive.adopt(refreshed)
    assert archive.generation is None and archive.entities is None
    archive.build_entities()
    assert archive.entities is not None and not _mapped(archive.entities.table.docs)
    assert archive.save(force=True) and archive.generation is not None
    reopened = Archive.open([corpus], cache_dir=cache)
    reopened.build_entities()
    names = [(e.name, len(e.articles)) for e in reopened.entities.entities] if reopened.entities else []
    assert ("نيكول باشينيان", 3) in names


@pytest.mark.parametrize("copies", [1, 3])
def test_entities_built_in_another_process_are_those_built_here(
    tmp_path: Path, copies: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from corpus.entities import index as entity_index

    monkeypatch.setattr(entity_index, "SEND_ARTICLES", 2)  # the articles cross in several slices
    corpus = _corpus(tmp_path / "corpus")
    for copy in range(copies - 1):
        _corpus(corpus / f"more{copy}")
    here = Archive.open([corpus], cache_dir=tmp_path / "here")
    here.build_entities()
    there = Archive.open([corpus], cache_dir=tmp_path / "there")
    there.build_entities(separate_process=True)
    assert _summary(there) == _summary(here)


class Stopped(Exception):
    pass


@pytest.mark.parametrize("after", [0, 1, 2])
def test_a_stop_while_the_articles_are_sent_ends_the_other_process(
    tmp_path: Path, after: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    import multiprocessing

    from corpus.entities import index as entity_index

    monkeypatch.setattr(entity_index, "SEND_ARTICLES", 1)
    archive = Archive.open([_corpus(tmp_path / "corpus")], cache_dir=tmp_path / "cache")
    polls: list[int] = []

    def progress(done: int, total: int) -> None:
        polls.append(done)
        if len(polls) > after:
            raise Stopped

    with pytest.raises(Stopped):
        archive.build_entities(progress=progress, separate_process=True)
    assert len(polls) == after + 1  # stopped at the first poll that said so, before the rest was sent
    assert not multiprocessing.active_children()
    assert archive.entities is None


@pytest.mark.parametrize("asked", ["بوتين", "فلاديمير بوتين", "فلاديمير  بوتين", "putin", "Vladimir Putin", "boutin"])
def test_an_entity_is_found_by_its_name_or_by_a_variant_the_articles_write(tmp_path: Path, asked: str) -> None:
    from corpus import find_entities

    archive = _news(
        tmp_path,
        "التقى الرئيس الروسي فلاديمير بوتين نظيره في موسكو. وقال بوتين إن العلاقات جيدة.",
        "أعلن الرئيس فلاديمير بوتين خطة جديدة. وأكد بوتين أن روسيا مستعدة.",
        "قال فلاديمير بوتين أمام البرلمان إن الاقتصاد ينمو. وأضاف بوتين أن الحكومة تعمل.",
    )
    assert [e.name for e in find_entities(archive, asked)] == ["فلاديمير بوتين"]
    assert find_entities(archive, "ميدفيديف") == []
    assert find_entities(archive, "medvedev") == []


def _mapped(values: np.ndarray) -> bool:
    """Whether an array reads a memory map (itself one, or a view of one)."""
    return isinstance(values, np.memmap) or isinstance(values.base, np.memmap)


T = TypeVar("T")


class _LostWorkers(Executor):
    """A cluster whose workers are all lost: every task it is given fails."""

    def submit(self, fn: Callable[..., T], /, *args: object, **kwargs: object) -> Future[T]:
        failed: Future[T] = Future()
        failed.set_exception(OSError("worker tcp://10.0.0.7:4242 lost"))
        return failed


class _BrokenPool(Executor):
    """A process pool that broke: it takes no task at all."""

    def submit(self, fn: Callable[..., T], /, *args: object, **kwargs: object) -> Future[T]:
        raise BrokenProcessPool("a child process terminated abruptly")


@pytest.mark.parametrize("workers", [_LostWorkers, _BrokenPool])
def test_tagging_that_fails_on_the_workers_is_done_here_and_said(tmp_path: Path, workers: type[Executor]) -> None:
    """The articles whose tagging a cluster's workers lost are tagged here, the same mentions,
    and the index says so (`akhbar index` prints it as a warning)."""
    here = Archive.open([_corpus(tmp_path / "corpus")], cache_dir=tmp_path / "here")
    here.build_entities()
    assert here.entities is not None and here.entities.tagged_here == ""
    there = Archive.open([tmp_path / "corpus"], cache_dir=tmp_path / "there")
    there.build_entities(cluster=cast(Any, SimpleNamespace(executor=workers())))
    assert _summary(there) == _summary(here)
    assert there.entities is not None
    why = "worker tcp://10.0.0.7:4242 lost" if workers is _LostWorkers else "a child process terminated abruptly"
    assert (
        there.entities.tagged_here
        == f"the tagging of {len(TEXTS)} articles failed on the workers ({why}) and was done here"
    )


def test_a_place_is_found_by_its_whole_latin_name_before_an_english_title_holding_its_words(tmp_path: Path) -> None:
    """saudi arabia names the country (its CLDR name), not the one article's English title that
    holds the words; united states and qatar find theirs too (issue 24, item 5)."""
    from corpus import find_entities

    archive = _news(
        tmp_path,
        "وصل الوزير إلى المملكة العربية السعودية أمس قادما من الولايات المتحدة.",
        "قال مسؤول في الولايات المتحدة إن المملكة العربية السعودية وقطر وقعتا اتفاقا.",
        "أعلنت شركة Private Air Saudi Arabia عن رحلات جديدة إلى قطر.",
    )
    assert [e.name for e in find_entities(archive, "Saudi Arabia")] == ["المملكة العربية السعودية"]
    assert [e.name for e in find_entities(archive, "united states")] == ["الولايات المتحدة"]
    assert [e.name for e in find_entities(archive, "qatar")] == ["قطر"]


def test_a_latin_name_read_in_arabic_names_the_place_before_an_english_name_holding_it(tmp_path: Path) -> None:
    """washington, which no shipped list names, is read as واشنطن: the place the articles name,
    not the one English name that writes the word."""
    from corpus import find_entities

    archive = _news(
        tmp_path,
        "وصل الرئيس إلى واشنطن أمس في زيارة رسمية.",
        "قال مسؤول في واشنطن إن المحادثات مستمرة.",
        "عاد الوفد من واشنطن إلى القاهرة مساء الأحد.",
        "نشرت صحيفة Washington Post تقريرا عن الاقتصاد.",
    )
    assert [e.name for e in find_entities(archive, "washington")][:1] == ["واشنطن"]


def _news(tmp_path: Path, *texts: str) -> Archive:
    """An archive of one short news article a text, in a folder of its own, cached beside it."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for number, text in enumerate(texts):
        (folder / f"p{number}.txt").write_text(f"خبر {number}\n{text}\n", encoding="utf-8")
    return Archive.open([folder], cache_dir=tmp_path / "cache")


def test_a_latin_name_read_two_ways_exports_each_mention_once(tmp_path: Path) -> None:
    """putin is read as بوتين and بوتن, which name the same person: found once, so that its
    mentions are exported once each. The saved table makes a new object at each access, and
    they were told apart by identity: every mention was written twice, and the count said so."""
    from corpus.export import _named_by_reading, mention_rows

    archive = _news(
        tmp_path,
        "التقى الرئيس الروسي فلاديمير بوتين نظيره في موسكو. وقال بوتين إن العلاقات جيدة.",
        "أعلن الرئيس فلاديمير بوتين خطة جديدة. وأكد بوتن أن روسيا مستعدة.",
        "قال فلاديمير بوتين أمام البرلمان إن الاقتصاد ينمو. وأضاف بوتن أن الحكومة تعمل.",
        "قال فلاديمير بوتن في موسكو إن العلاقات جيدة. وأكد بوتن أن روسيا مستعدة.",
    )
    archive.build_entities()
    archive = Archive.open([tmp_path / "corpus"], cache_dir=tmp_path / "cache")  # the saved table, read
    archive.build_entities()
    assert archive.entities is not None
    found = _named_by_reading(archive.entities.entities, [{"بوتين", "بوتن"}]).found
    assert [e.name for e in found] == ["فلاديمير بوتين"]
    rows = [(row["id"], row["start"]) for row in mention_rows(archive, found)]
    assert len(rows) == len(set(rows)) == len(found[0].mentions)


def test_the_names_written_with_the_article_only_are_saved_with_the_table_and_read_safely(tmp_path: Path) -> None:
    """The list a shell search reads alone (saved_names) is the one the table was
    built with; a meta member that is no regular file (a FIFO would block the read) or too deeply
    nested is no list, never a hang or a crash (review)."""
    import os

    from corpus.entities.saved import saved_names

    corpus, cache = _corpus(tmp_path / "corpus"), tmp_path / "cache"
    first = Archive.open([corpus], cache_dir=cache)
    first.build_entities()
    assert first.generation is not None and first.entities is not None
    assert saved_names(first.generation)[0] == first.entities.names_by_article
    meta = entities_folder(first.generation) / "meta.json"
    meta.write_bytes(b"[" * 100_000 + b"]" * 100_000)
    assert saved_names(first.generation)[0] is None
    meta.unlink()
    os.mkfifo(meta)
    assert saved_names(first.generation)[0] is None


def test_the_words_names_hold_are_saved_with_the_table_and_a_shell_search_reads_them(tmp_path: Path) -> None:
    """A word typed in Latin letters is read with the words the table's names hold (uber: أوبر,
    not عبر). The app counts them from the table; a shell search, which does not map it, read
    them not at all and gave other results: they are saved with the table, as counted from it, and
    read alone; a damaged member is none (counted from the table again)."""
    from corpus.entities.article_names import words_named
    from corpus.entities.saved import WORDS_NAMED, saved_names
    from corpus.search.transliteration import _named_share

    corpus, cache = _corpus(tmp_path / "corpus"), tmp_path / "cache"
    first = Archive.open([corpus], cache_dir=cache)
    first.build_entities()
    assert first.generation is not None and first.entities is not None
    counted = words_named(first.entities.entities)
    saved = saved_names(first.generation)[1]
    assert saved == first.entities.words_named == {w: n for w, n in counted.items() if n >= 2} != {}
    shell = Archive.open([corpus], cache_dir=cache)
    shell.use_saved_names()
    assert shell.entities is None
    term = shell.index.term_id("باشينيان")
    assert term is not None and _named_share(shell.index, term) == _named_share(first.index, term)
    (entities_folder(first.generation) / WORDS_NAMED).write_bytes(b'{"a": "many"}')
    assert saved_names(first.generation)[1] is None


def test_a_change_keeps_the_names_of_the_table_before_it_until_its_own_is_made(tmp_path: Path) -> None:
    """A file added made a generation with no entity table, and a shell search read Latin words
    with no named words again (3ali: عالية, not علي) until the entities were grouped for it (the
    review): the generation a change makes keeps those of the table before it."""
    from corpus.entities.saved import carried_folder, saved_names

    corpus, cache = _corpus(tmp_path / "corpus"), tmp_path / "cache"
    first = Archive.open([corpus], cache_dir=cache)
    first.build_entities()
    assert first.generation is not None and first.entities is not None
    words, names = first.entities.words_named, first.entities.names_by_article
    (corpus / "n9.txt").write_text("خبر 9\nوصل الوفد إلى أستانا صباح اليوم.\n", encoding="utf-8")
    after = Archive.open([corpus], cache_dir=cache)
    assert after.generation is not None and after.generation != first.generation
    assert carried_folder(after.generation).is_dir() and not after.use_saved_entities()
    assert saved_names(after.generation) == (names, words)
    after.build_entities()  # the new generation's own table: read before what was carried
    assert saved_names(after.generation)[1] == after.entities.words_named  # type: ignore[union-attr]
