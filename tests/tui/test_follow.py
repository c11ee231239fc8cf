"""Follow mode: articles that arrive while the app runs become searchable, without a restart."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from textual import work

from tests.helpers import SIZE, ready, screen_showing, until
from tui.app import make_app
from tui.app.messages import EntitiesReady, LoadProgress
from tui.display import DisplayOptions


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    for number in range(3):
        (folder / f"a{number}.txt").write_text(f"خبر رقم {number}\nقال المعلم في الحافلة.\n", encoding="utf-8")
    return folder


async def test_a_new_article_is_searchable_within_seconds_and_the_list_keeps_its_place(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    app = make_app([corpus], DisplayOptions())
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("j")  # the cursor on the second article
        await pilot.pause()
        assert app.main.articles.current_doc == 1
        await asyncio.sleep(0.5)  # the watch is set up once the archive is in
        (corpus / "0-first.txt").write_text("خبر عاجل\nزار ماكرون كازاخستان اليوم.\n", encoding="utf-8")
        (corpus / "a2.txt").unlink()
        archive = app.session.archive
        assert archive is not None
        await until(pilot, lambda: len(app.main.articles.articles) == 3 and bool(archive.search("ماكرون")))
        await screen_showing(app, pilot, "1 new article · 1 gone")
        assert app.main.articles.articles[app.main.articles.current_doc].id == "a1"
        await pilot.press("slash", *"ماكرون")
        await until(pilot, lambda: app.main.results.item_count == 1)
        await pilot.press("escape", "escape", "s", "s")  # newest file first
        await pilot.pause()
        assert app.main.articles.order == "newest file"
        assert app.main.articles.articles[app.main.articles.view[0]].id == "0-first"


async def _first_article_opened(app: Any, pilot: Any, corpus: Path) -> Path:
    """Open the first article of the list; its file."""
    await ready(app, pilot)
    await pilot.press("enter")
    await until(pilot, lambda: app.main.reader.article is not None, "the first article open")
    opened = app.main.reader.article
    assert opened is not None
    return corpus / f"{opened.id}.txt"


async def test_the_open_articles_file_deleted_is_said(tmp_path: Path) -> None:
    """The reader keeps the text of an article whose file is deleted while it is open, and the
    app says it is no longer in the archive (nothing marked it)."""
    corpus = _corpus(tmp_path / "corpus")
    app = make_app([corpus], DisplayOptions(), follow=False)
    async with app.run_test(size=SIZE) as pilot:
        (await _first_article_opened(app, pilot, corpus)).unlink()
        await pilot.press("R")
        await until(pilot, lambda: len(app.main.articles.articles) == 2)
        await until(pilot, lambda: any("file is gone" in n.message for n in app._notifications), "the warning")


async def test_the_open_articles_file_rewritten_as_binary_is_said_to_be_no_longer_read(tmp_path: Path) -> None:
    """A file overwritten with random bytes while its article was open was said to be "gone
    (deleted or moved)" (a newcomer's report): it is there, no longer read as an article."""
    corpus = _corpus(tmp_path / "corpus")
    app = make_app([corpus], DisplayOptions(), follow=False)
    async with app.run_test(size=SIZE) as pilot:
        (await _first_article_opened(app, pilot, corpus)).write_bytes(bytes(range(256)) * 64)
        await pilot.press("R")
        await until(pilot, lambda: len(app.main.articles.articles) == 2)
        said = "file changed: the article is no longer read from it"
        await until(pilot, lambda: any(said in n.message for n in app._notifications), "the warning")
        assert not any("file is gone" in n.message for n in app._notifications)


async def test_the_open_articles_file_rewritten_is_shown_as_it_is_now(tmp_path: Path) -> None:
    """A file rewritten under the open article: the status line said "1 updated" while the reader
    kept the old title and body, unsaid. It shows the new text, says so, and keeps the keys
    where they were."""
    corpus = _corpus(tmp_path / "corpus")
    app = make_app([corpus], DisplayOptions(), follow=False)
    async with app.run_test(size=SIZE) as pilot:
        (await _first_article_opened(app, pilot, corpus)).write_text(
            "عنوان جديد\nنص جديد عن الكويت فقط.\n", encoding="utf-8"
        )
        await pilot.press("escape", "R")
        await until(pilot, lambda: "الكويت" in app.main.reader.text, "the new text in the reader")
        assert any("file changed" in n.message for n in app._notifications)
        assert app.main.active_pane != "reader"


async def test_without_following_r_reloads_by_hand(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    app = make_app([corpus], DisplayOptions(), follow=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        (corpus / "b.txt").write_text("خبر عاجل\nزار ماكرون كازاخستان اليوم.\n", encoding="utf-8")
        os.utime(corpus / "b.txt", ns=(1, 1))
        await asyncio.sleep(1.0)
        assert len(app.main.articles.articles) == 3  # not followed
        await pilot.press("R")
        await until(pilot, lambda: len(app.main.articles.articles) == 4)
        await screen_showing(app, pilot, "1 new article")
        await ready(app, pilot)
        assert app.session.archive is not None and app.session.archive.entities is not None  # tagged again
        await pilot.press("R")
        await until(pilot, lambda: any("Nothing new" in n.message for n in app._notifications))


async def test_a_reload_that_fails_says_why_and_following_goes_on(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    app = make_app([corpus], DisplayOptions(), follow=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        archive = app.session.archive
        assert archive is not None

        def broken() -> None:
            raise OSError("the disk went away")

        archive.updated = broken  # type: ignore[method-assign, assignment]
        await pilot.press("R")
        await until(pilot, lambda: any("the disk went away" in n.message for n in app._notifications))
        assert len(app.main.articles.articles) == 3  # the archive shown is kept


async def test_work_that_reports_while_the_app_quits_is_quiet(tmp_path: Path) -> None:
    """Tagging the articles that just arrived may report progress as the screen goes away."""
    corpus = _corpus(tmp_path / "corpus")
    app = make_app([corpus], DisplayOptions())
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await app.main.query_one("#status").remove()  # as when the app closes its screen
        app.post_message(LoadProgress("entities", "tagging entities", 1, 2))
        await pilot.pause()
        app._stop_following.set()  # noqa: SLF001 - what quitting does first
        app.post_message(EntitiesReady(1, 0.1))
        await pilot.pause()
    assert app.return_code in (None, 0)


@pytest.mark.parametrize("large", [True, False])
async def test_the_first_build_of_a_large_archive_in_the_app_uses_its_helper_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, large: bool
) -> None:
    """The app replaces stderr with an object whose descriptor is not real: starting the helper
    process of a first build with it failed ("bad value(s) in fds_to_keep") and stopped the app.
    A large archive is indexed, tagged and grouped by helpers; a small one's entities and stories
    are made in the app's own process (a helper would cost more than the work)."""
    from corpus.archive import service as archive_service
    from corpus.entities.index import EntityIndex
    from corpus.storage import incremental
    from corpus.stories import elsewhere

    if large:
        monkeypatch.setattr(incremental, "PARALLEL_MIN_BYTES", 0)
        monkeypatch.setattr(archive_service, "HELPER_MIN_WORDS", 1)
    helpers: list[str] = []
    tag_elsewhere, group_elsewhere = EntityIndex.build_elsewhere.__func__, elsewhere.group_elsewhere  # type: ignore[attr-defined]

    def tagging(cls: type[EntityIndex], *args: Any, **kwargs: Any) -> Any:
        helpers.append("entities")
        return tag_elsewhere(cls, *args, **kwargs)

    def grouping(*args: Any, **kwargs: Any) -> Any:
        helpers.append("stories")
        return group_elsewhere(*args, **kwargs)

    monkeypatch.setattr(EntityIndex, "build_elsewhere", classmethod(tagging))
    monkeypatch.setattr(elsewhere, "group_elsewhere", grouping)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(4):
        text = f"خبر {number}\nالتقى الرئيس الروسي فلاديمير بوتين نظيره الفرنسي في موسكو يوم {number}.\n"
        (corpus / f"n{number}.txt").write_text(text, encoding="utf-8")
    app = make_app([corpus], follow=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        archive = app.session.archive
        assert archive is not None and len(archive) == 4
        assert archive.entities is not None and archive.stories is not None
        assert "فلاديمير بوتين" in {entity.name for entity in archive.entities.entities}
    assert sorted(helpers) == (["entities", "stories"] if large else [])


@pytest.mark.parametrize("error", [ValueError, KeyError, MemoryError])
async def test_a_small_archive_whose_tagging_fails_here_says_so_and_the_app_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: type[Exception]
) -> None:
    """Tagged in the app's own process, any failure is said as a helper's is, never a crash."""
    from corpus.entities import index as entity_index

    def broken(texts: object, tagger: object = None) -> object:
        raise error("a tagger that cannot read this")

    monkeypatch.setattr(entity_index, "articles_mentions", broken)
    app = make_app([_corpus(tmp_path / "corpus")], follow=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert app.session.archive is not None and app.session.archive.entities is None
        await screen_showing(app, pilot, "entities unavailable")
        await pilot.press("j")
        assert app.is_running and app.main.articles.current_doc == 1


@pytest.mark.parametrize("follow", [True, False])
async def test_a_corpus_folder_replaced_by_a_link_out_while_the_app_runs_is_refused(
    tmp_path: Path, follow: bool
) -> None:
    corpus = _corpus(tmp_path / "corpus")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("سر\nزار ماكرون كازاخستان اليوم.\n", encoding="utf-8")
    app = make_app([corpus], DisplayOptions(), follow=follow)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await asyncio.sleep(0.5)  # the watch is set up once the archive is in
        corpus.rename(tmp_path / "before")
        os.symlink(outside, corpus)
        if not follow:
            await pilot.press("R")
        await until(pilot, lambda: len(app.main.articles.articles) == 0)  # the folder is not the corpus now
        archive = app.session.archive
        assert archive is not None and not archive.search("ماكرون")
        assert any("a link out of the corpus" in str(problem) for problem in app.session.problems)


async def test_a_start_that_trusted_the_folders_then_sees_a_file_rewritten_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from corpus import Archive
    from corpus.storage import trusted_walk

    monkeypatch.setattr(trusted_walk, "RACY_NS", 0)  # the files were just written
    corpus = _corpus(tmp_path / "corpus")
    Archive.open([corpus])  # a first start: walked, saved, and the folders' stamps recorded
    with open(corpus / "a1.txt", "r+", encoding="utf-8") as rewritten:  # in place: the folder keeps its stamp
        rewritten.write("خبر عاجل\nزار ماكرون كازاخستان اليوم.\n")
        rewritten.truncate()
    app = make_app([corpus], DisplayOptions(), follow=False)  # no watch: only the check after the start
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.session.archive is not None and bool(app.session.archive.search("ماكرون")))
        await screen_showing(app, pilot, "1 updated")
        archive = app.session.archive
        assert archive is not None and not archive.trusted and len(archive) == 3


async def test_a_change_held_while_help_is_open_is_taken_in_when_it_closes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from corpus import Archive
    from corpus.archive import service

    corpus = _corpus(tmp_path / "corpus")
    Archive.open([corpus])  # saved
    (corpus / "a2.txt").unlink()  # gone before the start: the app shows it until its look at the files
    go = threading.Event()
    real = service.Archive.updated

    def held(self: Archive, **options: Any) -> Any:
        go.wait(20)  # the look at the files ends while help is open
        return real(self, **options)

    monkeypatch.setattr(service.Archive, "updated", held)
    app = make_app([corpus], DisplayOptions(), follow=False)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.session.archive is not None and "files" in app.main.status_line._phases)
        assert len(app.main.articles.articles) == 3
        await pilot.press("question_mark")
        await pilot.pause()
        go.set()
        await until(pilot, lambda: app._pending is not None)
        assert "1 gone, in when this closes" in str(app.main.status_line.render())  # said while it waits
        await pilot.press("escape")
        await until(pilot, lambda: len(app.main.articles.articles) == 2)
        await screen_showing(app, pilot, "1 gone")
        assert "files" not in app.main.status_line._phases
        assert "in when this closes" not in str(app.main.status_line.render())


async def test_a_query_shown_when_the_entity_table_comes_in_is_searched_again_by_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The table changes how the search reads names (الخليل finds no خليل once it names
    الخليل so): a query typed before it came in kept its old results until typed again (review)."""
    import threading

    from corpus.archive.service import Archive
    from corpus.entities.article_names import NAMED_ARTICLES

    hebron = [
        f"الخليل {n}\nاقتحم الجيش مدينة الخليل في الضفة الغربية. وقال سكان الخليل إن الوضع صعب."
        for n in range(NAMED_ARTICLES)
    ]
    khalil = [f"مباراة {n}\nقال اللاعب خليل إبراهيم إن الفريق جاهز للمباراة." for n in range(NAMED_ARTICLES)]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number, text in enumerate(hebron + khalil):
        (corpus / f"a{number}.txt").write_text(text + "\n", encoding="utf-8")
    go = threading.Event()
    build = Archive.build_entities

    def held(self: Archive, **options: Any) -> int:
        go.wait(60)
        return build(self, **options)

    monkeypatch.setattr(Archive, "build_entities", held)
    app = make_app([corpus], DisplayOptions(), follow=False)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.session.archive is not None, "the archive")
        await pilot.press("/")
        await pilot.press(*"الخليل")
        await until(pilot, lambda: app.main.results.item_count == 2 * NAMED_ARTICLES, "both kinds of article")
        go.set()
        await until(pilot, lambda: app.main.results.item_count == NAMED_ARTICLES, "Hebron's only", seconds=60)


async def test_a_line_left_unfinished_while_a_feed_was_written_is_named_once_it_is_quiet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A JSON Lines file whose last line is unfinished when it is read (being written) says
    nothing of it; the look asked for a while later, the file quiet since, names it in `w` (its
    stamp unchanged, nothing else would look again)."""
    import threading
    import time

    from tui.app import app as app_module

    asked: list[tuple[float, Any]] = []

    class Timer:  # the look is asked for, and run below once the file is quiet
        def __init__(self, seconds: float, function: Any) -> None:
            asked.append((seconds, function))

        def start(self) -> None:
            pass

    monkeypatch.setattr(threading, "Timer", Timer)
    corpus = _corpus(tmp_path / "corpus")
    app = make_app([corpus], DisplayOptions())
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await asyncio.sleep(0.5)  # the watch is set up once the archive is in
        lines = '{"title": "خبر أول", "text": "نص أول"}\nnot json\n{"title": "بلا نهاية"'
        (corpus / "feed.jsonl").write_text(lines, encoding="utf-8")

        def lines_named() -> list[int | None]:
            archive = app.session.archive
            return [p.line for p in archive.problems] if archive is not None and len(archive) == 4 else []

        await until(pilot, lambda: bool(lines_named()) and bool(asked))
        assert lines_named() == [2]  # the last line waits, unsaid
        assert asked[0][0] == app_module.QUIET_CHECK_SECONDS
        real = time.time_ns
        monkeypatch.setattr(time, "time_ns", lambda: real() + 20 * 10**9)  # the file quiet since
        asked[0][1]()
        await until(pilot, lambda: lines_named() == [2, 3], "the line named")
        await pilot.pause()
        assert len(asked) == 1  # named: no look asked for again


@pytest.mark.parametrize("keys", [("s",), ("b", "B")], ids=["sorted", "bookmarks only"])
async def test_a_file_gone_while_the_list_is_sorted_or_bookmarks_only_never_stops_the_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, keys: tuple[str, ...]
) -> None:
    """While the list's new view was being made, its rows were drawn from the old keys in the
    new archive: past its end (IndexError, the app stopped) or on another article. The view
    shown meanwhile is the old one by the new keys."""
    from tui.app.panes.articles import ArticleList

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(8):
        (corpus / f"a{number}.txt").write_text(f"خبر رقم {number}\nقال المعلم في الحافلة.\n", encoding="utf-8")
    slow = ArticleList._make_view.__wrapped__  # type: ignore[attr-defined]

    def slowly(self: ArticleList, *args: Any) -> None:
        import time

        time.sleep(0.6)  # a large archive: the new view comes after the rows are drawn
        slow(self, *args)

    app = make_app([corpus], DisplayOptions())
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press(*keys)
        await until(pilot, lambda: app.main.articles.pending is None and len(app.main.articles.view) > 0)
        listed = app.main.articles
        before = [listed.articles[doc].id for doc in listed.view]
        monkeypatch.setattr(ArticleList, "_make_view", work(thread=True, exclusive=True, group="article-list")(slowly))
        await asyncio.sleep(0.5)
        gone = "a0" if "a0" in before else before[0]
        (corpus / f"{gone}.txt").unlink()
        await until(pilot, lambda: len(listed.articles) == 7)
        shown = [listed.articles[doc].id for doc in listed.view]
        assert shown == [article for article in before if article != gone]
        await pilot.pause(0.1)  # drawn meanwhile
        await until(pilot, lambda: listed.pending is None)
        assert [listed.articles[doc].id for doc in listed.view] == shown
        assert app.is_running
        if "B" in keys:  # the bookmark is kept aside, and the list says why it is empty
            told = [n.message for n in app._notifications]
            assert any("1 bookmarked article gone from the archive: kept aside" in m for m in told), told
            assert (
                listed.empty_message
                == "No bookmarked article here: 1 bookmark kept aside, back when its file is (B: all)"
            )
            await pilot.press("B", "B")  # shown again: still said (the newcomer found it gone)
            await until(pilot, lambda: listed.only is not None and listed.pending is None)
            assert listed.empty_message.startswith("No bookmarked article here: 1 bookmark kept aside")


async def test_a_view_made_of_the_old_keys_as_a_file_goes_is_never_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sort's worker that finished on the archive before a change, its request the same, had
    its view of the old keys shown: rows past the end (IndexError) or of other articles (a review)."""
    from corpus.search import DocNumbers
    from tui.app.panes.articles import ArticleList

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(8):
        (corpus / f"a{number}.txt").write_text(f"خبر رقم {number}\nقال المعلم في الحافلة.\n", encoding="utf-8")
    original = ArticleList.set_articles

    def racing(self: ArticleList, *args: Any, **kwargs: Any) -> None:
        made = DocNumbers(np.asarray(list(self.view), dtype=np.int64))  # of the keys before the change
        self.post_message(ArticleList.ViewMade(self._request(), made, None))
        original(self, *args, **kwargs)

    app = make_app([corpus], DisplayOptions())
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("s")
        listed = app.main.articles
        await until(pilot, lambda: listed.pending is None and len(listed.view) == 8)
        monkeypatch.setattr(ArticleList, "set_articles", racing)
        (corpus / "a7.txt").unlink()
        await until(pilot, lambda: len(listed.articles) == 7)
        await pilot.pause(0.3)
        assert all(0 <= doc < len(listed.articles) for doc in listed.view), list(listed.view)
        assert app.is_running


def test_a_delivery_taken_in_by_several_refreshes_is_told_as_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """3,000 files written in 5 seconds came in over several refreshes, and the status line said
    the last one's "299 new articles" (the hostile-files audit): refreshes close after one that
    brought articles are told together, with their first and last times."""
    from types import SimpleNamespace

    from tui.app import main_screen
    from tui.app.main_screen import MainScreen

    monkeypatch.setattr(main_screen, "_clock", lambda at: f"t{int(at)}")
    screen = SimpleNamespace(_burst=None)

    def told(now: float, arrived: int, left: int = 0) -> str:
        refreshed = SimpleNamespace(arrived=arrived, updated=0, left=left, describe=lambda: "1 file changed")
        return MainScreen._told(screen, refreshed, now)  # type: ignore[arg-type]

    assert told(1000, 1200) == "1,200 new articles at t1000"
    assert told(1002, 1501) == "2,701 new articles t1000-t1002"
    assert told(1005, 299, left=1) == "3,000 new articles · 1 gone t1000-t1005"
    assert told(1100, 0) == "1 file changed at t1100"  # nothing new: said as it is, and the burst is over
    assert told(1101, 5) == "5 new articles at t1101"
    assert told(1200, 7) == "7 new articles at t1200"  # long after: a burst of its own
