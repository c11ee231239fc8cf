"""One tagger at a time per entity cache: a build that finds another process tagging into its
cache waits for it and tags only what it left, instead of tagging every article again."""

from __future__ import annotations

import os
import threading
import time
from multiprocessing import Value
from pathlib import Path

import pytest

from corpus import Article
from corpus.entities import EntityIndex, turn
from corpus.entities.cache import EntityCache
from corpus.entities.extract import articles_mentions
from corpus.entities.index import _SharedCount
from corpus.entities.turn import TAGGING, TAGGING_WAIT, WAITING, TaggingTurn

TEXTS = [
    "زار رئيس الوزراء الأرميني نيكول باشينيان مدينة أستانا في 8 أغسطس 2025.",
    "التقى رئيس الوزراء نيكول باشينيان وزير خارجية كازاخستان في أستانا.",
    "أعلن الرئيس قاسم جومارت توكاييف أن بلاده ستصدر 600 حافلة إلى باكستان.",
]


class _Phases:
    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, done: int, total: int) -> None:
        pass

    def phase(self, name: str) -> None:
        if not self.seen or self.seen[-1] != name:
            self.seen.append(name)


def _articles() -> list[Article]:
    return [Article(str(n), f"{n}.txt", "", text) for n, text in enumerate(TEXTS)]


def test_a_build_waits_for_the_process_tagging_into_its_cache_and_tags_only_what_is_left(tmp_path: Path) -> None:
    path, lock = tmp_path / "entities.sqlite", tmp_path / "tagging"
    other = TaggingTurn(path, lock)
    assert other.take() is False  # the other process tags
    articles = _articles()
    phases = _Phases()
    built: list[tuple[EntityIndex, int]] = []
    cache = EntityCache(path)

    def build() -> None:
        built.append(EntityIndex.build(articles, cache=cache, progress=phases, tagging_lock=lock))

    waiting = threading.Thread(target=build)
    waiting.start()
    deadline = time.monotonic() + 10
    while TAGGING_WAIT not in phases.seen and time.monotonic() < deadline:
        time.sleep(0.02)
    assert phases.seen == [TAGGING_WAIT]
    theirs = EntityCache(path)  # the other process stores the first two articles' mentions, then stops
    texts = [article.read_text() for article in articles[:2]]
    theirs.put_many([(EntityCache.key(t), m) for t, m in zip(texts, articles_mentions(texts), strict=True)])
    theirs.close()
    other.release()
    waiting.join(timeout=30)
    cache.close()
    index, tagged = built[0]
    assert tagged == 1  # the third only: it tagged all three at once before
    assert phases.seen[:2] == [TAGGING_WAIT, TAGGING]
    assert any(entity.name == "نيكول باشينيان" and entity.articles == [0, 1] for entity in index.entities)


def test_a_build_whose_articles_are_all_cached_never_waits(tmp_path: Path) -> None:
    path, lock = tmp_path / "entities.sqlite", tmp_path / "tagging"
    cache = EntityCache(path)
    EntityIndex.build(_articles(), cache=cache)
    other = TaggingTurn(path, lock)
    other.take()
    phases = _Phases()
    _, tagged = EntityIndex.build(_articles(), cache=cache, progress=phases, tagging_lock=lock)
    other.release()
    cache.close()
    assert tagged == 0 and TAGGING_WAIT not in phases.seen


@pytest.mark.parametrize("kind", ["fifo", "link", "folder"])
def test_something_not_a_file_in_the_lock_files_place_is_never_waited_on_nor_followed(
    tmp_path: Path, kind: str
) -> None:
    path, lock = tmp_path / "entities.sqlite", tmp_path / "tagging"
    target = tmp_path / "elsewhere"
    target.write_text("")
    if kind == "fifo":
        os.mkfifo(lock)
    elif kind == "link":
        lock.symlink_to(target)
    else:
        lock.mkdir()
    holder = TaggingTurn(path, target)  # were the link followed, this lock would make the build wait
    holder.take()
    cache = EntityCache(path)
    started = time.monotonic()
    _, tagged = EntityIndex.build(_articles(), cache=cache, tagging_lock=lock)
    cache.close()
    holder.release()
    assert tagged == len(TEXTS) and time.monotonic() - started < turn.STALLED_SECONDS / 4  # never waited


def test_a_build_on_more_processes_than_the_holders_tags_beside_it(tmp_path: Path) -> None:
    """The app tags on one core; akhbar index on every core tags beside it rather than wait."""
    path, lock = tmp_path / "entities.sqlite", tmp_path / "tagging"
    holder = TaggingTurn(path, lock, workers=1)
    holder.take()
    assert lock.read_text() == "1\n"
    assert TaggingTurn(path, lock, workers=2).take() is False  # no wait
    holder.release()


def test_a_listener_that_stops_a_wait_after_a_stall_gets_its_own_exception(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The wait's file was closed twice when the listener raised as a stall ended the wait
    (review): the caller got "Bad file descriptor" where the app's quit raised."""
    monkeypatch.setattr(turn, "STALLED_SECONDS", 0.3)
    path, lock = tmp_path / "entities.sqlite", tmp_path / "tagging"
    holder = TaggingTurn(path, lock)
    holder.take()

    class Quit(Exception):
        pass

    class Listener:
        def __call__(self, done: int, total: int) -> None:
            pass

        def phase(self, name: str) -> None:
            if name == TAGGING:
                raise Quit

    with pytest.raises(Quit):
        TaggingTurn(path, lock, Listener()).take()
    holder.release()


def test_a_helper_process_says_it_waits_through_its_shared_count() -> None:
    done = Value("q", 0, lock=False)
    count = _SharedCount(done)
    count(120, 400)
    count.phase(TAGGING_WAIT)
    assert done.value == WAITING
    count.phase(TAGGING)
    assert done.value == 0
    count(400, 400)
    count.phase("grouping entities")
    assert done.value == 400


def test_a_holder_that_writes_nothing_for_long_is_waited_for_no_longer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A process stopped with ctrl+z while it held the turn: the build tags after STALLED_SECONDS."""
    monkeypatch.setattr(turn, "STALLED_SECONDS", 0.5)
    path, lock = tmp_path / "entities.sqlite", tmp_path / "tagging"
    other = TaggingTurn(path, lock)
    other.take()
    phases = _Phases()
    cache = EntityCache(path)
    started = time.monotonic()
    _, tagged = EntityIndex.build(_articles(), cache=cache, progress=phases, tagging_lock=lock)
    cache.close()
    other.release()
    assert tagged == len(TEXTS) and time.monotonic() - started < 20
    assert phases.seen[:2] == [TAGGING_WAIT, TAGGING]
