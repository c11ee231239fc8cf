"""A journalist's day: what the app remembers of a corpus between sessions (the query, the article
and the place read in it, history, bookmarks, read marks, saved searches), find in the article,
its web address as a link, and the room titles get."""

from __future__ import annotations

import csv
import errno
import json
import os
import time
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import SIZE, ready, screen_showing, until
from tui.app import make_app
from tui.session.saved_file import Memory, memory_file

LONG = "\n\n".join(f"الفقرة {n} عن كازاخستان والنقل والتجارة في آسيا الوسطى." for n in range(80))


def _corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "long.txt").write_text(f"خبر طويل عن كازاخستان\n\n{LONG}\n", encoding="utf-8")
    (folder / "short.txt").write_text("خبر قصير\nزار الرئيس أستانا.\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("quit_key", ["q", "ctrl+q"])
async def test_quitting_and_starting_again_reopens_the_article_at_the_same_place(tmp_path: Path, quit_key: str) -> None:
    corpus = _corpus(tmp_path / "corpus")
    app = make_app([corpus])
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press(*"كازاخستان", "enter")
        await ready(app, pilot)
        assert app.main.active_pane == "reader"
        for _ in range(30):
            await pilot.press("j")
        await pilot.pause()
        place = app.main.reader.top_offset()
        assert place
        await pilot.press("b")  # a bookmark
        await pilot.press(quit_key)
    again = make_app([corpus])
    async with again.run_test(size=SIZE) as pilot:
        await ready(again, pilot)
        main = again.main
        await until(pilot, lambda: main.reader.top_offset() == place, "the article reopened at its place")
        assert main.search_input.value == "كازاخستان"
        assert main.reader.article is not None and main.reader.article.id == "long"
        await pilot.press("escape", "escape", "escape", "B")  # to the list (the query cleared), its bookmarks view
        await ready(again, pilot)
        assert [main.articles.articles[d].id for d in main.articles.view] == ["long"]
        screen = await screen_showing(again, pilot, "★")
        assert "★" in screen


async def test_the_query_comes_back_settled_as_it_was_left(tmp_path: Path) -> None:
    """ماكرو searched and left (2 results) came back as the beginning of words (713 results)."""
    corpus = _corpus(tmp_path / "corpus")
    app = make_app([corpus])
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press(*"كازاخ")
        await until(pilot, lambda: app.main.results.item_count == 1, "كازاخستان, which كازاخ begins")
        await pilot.press("escape")  # left: the query is settled, a whole word no article holds
        await until(pilot, lambda: app.main.results.item_count == 0, "no article holds كازاخ")
        await pilot.press("q")
    again = make_app([corpus])
    async with again.run_test(size=SIZE) as pilot:
        await ready(again, pilot)
        assert again.main.search_input.value == "كازاخ"
        pane = again.main.search_pane
        await until(pilot, lambda: pane.found is not None, "the restored query searched")
        await ready(again, pilot)
        assert pane.found is not None and pane.found.count() == 0 and again.main.results.item_count == 0


async def _search_each(app: Any, pilot: Any, queries: tuple[str, ...], key: str) -> None:
    """Type each query into the search box, wait for its results, then press `key`."""
    for query in queries:
        app.main.activate("search")
        app.main.search_input.value = query
        await ready(app, pilot)
        await pilot.press(key)
        await ready(app, pilot)


async def test_up_and_down_walk_the_search_history(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    app = make_app([corpus])
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await _search_each(app, pilot, ("أستانا", "كازاخستان"), "enter")
        app.main.activate("search")
        app.main.search_input.value = "زار"
        await pilot.pause()
        await pilot.press("up")
        assert app.main.search_input.value == "كازاخستان"
        await pilot.press("up")
        assert app.main.search_input.value == "أستانا"
        await pilot.press("down", "down")
        assert app.main.search_input.value == "زار"  # back to what was typed


async def test_a_saved_search_counts_the_articles_that_arrived_since(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    app = make_app([corpus], follow=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press(*"أستانا")
        await ready(app, pilot)
        await pilot.press("down", "S")  # from the query box to the results, where S is a key
        await pilot.pause()
    memory = Memory.load(memory_file(Path(os.environ["XDG_DATA_HOME"]) / "akhbar", [str(corpus)]))
    assert [s.query for s in memory.searches] == ["أستانا "]  # saved as searched once the box was left: whole
    time.sleep(0.05)
    (corpus / "new.txt").write_text("خبر جديد\nوصل الوفد إلى أستانا اليوم.\n", encoding="utf-8")
    again = make_app([corpus], follow=False)
    async with again.run_test(size=SIZE) as pilot:
        await ready(again, pilot)
        await pilot.press("escape", "V")
        await screen_showing(again, pilot, "Saved searches")
        screen = await screen_showing(again, pilot, "1 new")
        assert "2 in all" in screen


async def test_a_saved_search_runs_as_it_was_searched_when_saved(tmp_path: Path) -> None:
    """A saved search was counted and run otherwise than it was shown when S kept it (its last
    word read as begun on screen, whole when run again). S keeps what the results show: once the
    box is left, the last word is whole there too (أستا: not أستانا), as the shell reads it."""
    corpus = _corpus(tmp_path / "corpus")
    app = make_app([corpus], follow=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press(*"أستا")
        begun = (await screen_showing(app, pilot, "enter opens")).splitlines()[2].split(" · ")[0].strip()
        assert begun == "2 results"  # أستانا as begun, and آسيا as spelt near it
        await pilot.press("down")
        await ready(app, pilot)
        await pilot.pause()
        found = app.main.search_pane.found
        assert found is not None and found.count() < 2  # أستا whole: أستانا no longer
        shown = found.count()
        await pilot.press("S")
        await pilot.pause()
        assert app.main.search_pane.history[-1:] == ["أستا"]  # saved: in the history too
    again = make_app([corpus], follow=False)
    async with again.run_test(size=SIZE) as pilot:
        await ready(again, pilot)
        await pilot.press("escape", "V")
        await screen_showing(again, pilot, f"{shown} in all")
        await pilot.press("enter")
        await ready(again, pilot)
        rerun = again.main.search_pane.found
        assert rerun is not None and rerun.count() == shown
        assert again.main.search_input.value.strip() == "أستا"


async def test_x_on_the_bookmarked_list_exports_that_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """x with the list showing 3 bookmarks wrote the 9,037 results of an earlier search."""
    corpus = _corpus(tmp_path / "corpus")
    monkeypatch.chdir(tmp_path)
    app = make_app([corpus], follow=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press(*"خبر")  # a search of both articles
        await screen_showing(app, pilot, "2 results")
        await pilot.press("escape", "escape")  # to the article list
        await pilot.press("b", "B")
        await screen_showing(app, pilot, "bookmarked only")
        await pilot.press("x")
        await until(pilot, lambda: any("Exported 1 article" in n.message for n in app._notifications), "the export")
    rows = list(csv.DictReader(next(tmp_path.glob("akhbar-*.csv")).open(encoding="utf-8-sig")))
    assert len(rows) == 1 and rows[0]["rank"] == "1"


async def test_b_says_how_many_bookmarks_are_kept_aside_while_their_articles_are_gone(tmp_path: Path) -> None:
    """A bookmarked article whose file is gone leaves the bookmarks view, kept aside until it
    comes back: B says so, rather than the bookmark seeming lost."""
    corpus = _corpus(tmp_path / "corpus")
    app = make_app([corpus], follow=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("b")  # the first article of the list
        await pilot.pause()
        remembered = app.session.remembered
        assert remembered is not None and len(remembered.bookmarked_docs()) == 1
        archive = app.session.archive
        assert archive is not None
        doc = next(iter(remembered.bookmarked_docs()))
        Path(archive.articles[doc].path).unlink()
        await pilot.press("R")
        await until(pilot, lambda: len(app.main.articles.articles) == 1, "the article gone")
        await pilot.press("B")
        said = "0 bookmarked articles · 1 more kept whose articles are gone, back when they are · B shows all"
        await until(pilot, lambda: any(n.message == said for n in app._notifications), "what B says")


def test_a_damaged_memory_is_set_aside_and_two_sessions_keep_both_bookmarks(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_text("{not json", encoding="utf-8")
    damaged = Memory.load(path)
    assert damaged.problem and not path.exists() and path.with_suffix(".corrupt").exists()
    one, two = Memory(), Memory()
    one.toggle_bookmark("a")
    assert not one.save(path)
    two.toggle_bookmark("b")
    assert not two.save(path)
    assert list(Memory.load(path).bookmarks) == ["a", "b"]
    two.toggle_bookmark("b")  # removed in the second session: not brought back from the file
    two.save(path)
    assert list(Memory.load(path).bookmarks) == ["a"]
    assert json.loads(path.read_text(encoding="utf-8"))["bookmarks"] == ["a"]
    assert not list(tmp_path.glob("*.tmp"))


def _errors(app: Any) -> list[str]:
    return [n.message for n in app._notifications if n.severity == "error"]


@pytest.mark.parametrize("cause", ["data folder is a file", "disk full"])
async def test_every_save_that_fails_is_said_with_the_file_and_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cause: str
) -> None:
    corpus = _corpus(tmp_path / "corpus")
    data = Path(os.environ["XDG_DATA_HOME"]) / "akhbar"
    path = memory_file(data, [str(corpus)])
    if cause == "data folder is a file":
        data.parent.mkdir(parents=True, exist_ok=True)
        data.write_text("not a folder", encoding="utf-8")
        reason = "Not a directory"
    else:
        before = Memory()
        before.toggle_bookmark("short")
        assert before.save(path) == ""
        real_replace = os.replace

        def no_space(source: Any, target: Any) -> None:
            if Path(target) == path:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            real_replace(source, target)

        monkeypatch.setattr(os, "replace", no_space)
        reason = "No space left on device"
    content = path.read_bytes() if path.exists() else None
    app = make_app([corpus], follow=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        said = len(_errors(app))
        for keys, done in (
            (["b"], "Bookmarked"),
            (["b"], "Bookmark removed"),
            (["/", *"أستانا", "down", "S"], "Search saved"),
        ):
            await pilot.press(*keys)
            await ready(app, pilot)
            errors = _errors(app)
            assert len(errors) == said + 1, keys
            assert errors[-1].startswith(done) and str(path) in errors[-1] and reason in errors[-1]
            said += 1
        await pilot.press("V")
        await screen_showing(app, pilot, "Saved searches")
        await pilot.press("d")  # said at the d, while the saved searches are still shown
        await pilot.pause()
        errors = _errors(app)
        assert len(errors) == said + 1 and str(path) in errors[-1] and reason in errors[-1]
        await pilot.press("escape")
        await pilot.pause()
        assert len(_errors(app)) == said + 1  # closing V saves nothing more
        await pilot.press("escape", "escape", "q")
    assert len(app.parting_notes) == 1 and str(path) in app.parting_notes[0] and reason in app.parting_notes[0]
    assert (path.read_bytes() if path.exists() else None) == content


async def test_find_in_the_open_article_with_n_and_n(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    app = make_app([corpus], follow=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("enter")  # the first article of the list
        await pilot.pause()
        assert app.main.reader.article is not None and app.main.reader.article.id == "long"
        await pilot.press("f", *"الفقره 7 عن", "enter")  # spelling folded: ة typed as ه
        await pilot.pause()
        reader = app.main.reader
        assert [reader.text[s:e] for s, e in reader.hits] == ["الفقرة 7 عن"]
        await pilot.press("f", *"تجار", "enter")
        await pilot.pause()
        first = reader.hit_index  # as in less: the first found from where the view is, on
        assert len(reader.hits) == 80 and reader.hits[first][0] >= reader.hits[0][0] and first > 0
        await pilot.press("n", "n", "N")
        assert reader.hit_index == first + 1
        await screen_showing(app, pilot, f"hit {first + 2}/80")


async def test_a_web_address_is_a_link_of_its_own_and_nothing_else_is(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    records = [
        {"id": "a", "title": "خبر", "url": "https://example.com/news/1", "text": "نص الخبر عن الرياض"},
        {"id": "b", "title": "خبر ثان", "url": "javascript:alert(1)", "text": "نص آخر"},
        {"id": "c", "title": "خ", "source": "B", "url": "https://www.bbc.com%2Farabic%2F@evil.example/n", "text": "ن"},
        {"id": "d", "title": "خبر", "url": "https://news.example/%D8%AE%D8%A8%D8%B1/a%2Fb\u202e", "text": "نص"},
    ]
    feed.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    app = make_app([feed], follow=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        reader = app.main.reader
        links = [row for row in reader._rows if row.kind == "link"]
        assert links and reader._link == "https://example.com/news/1"
        await screen_showing(app, pilot, "feed.jsonl")  # where the article is, from the corpus path
        app.main.open_article(1)
        await pilot.pause()
        assert reader.article is not None and reader.article.id == "b"
        assert not [row for row in reader._rows if row.kind == "link"] and reader._link == ""
        app.main.open_article(2)  # user information: no link, the address shown as it is
        await pilot.pause()
        assert not [row for row in reader._rows if row.kind == "link"] and reader._link == ""
        await screen_showing(app, pilot, "%2F@evil.example/n")
        app.main.open_article(3)  # a bidi control: no link either
        await pilot.pause()
        assert reader._link == "" and reader.article is not None and reader.article.id == "d"


async def test_at_120_columns_the_list_gives_its_room_to_the_titles(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    title = "وقعت كازاخستان وأرمينيا اتفاقية للنقل البري في أستانا يوم الجمعة الماضي بحضور الوزراء"
    (corpus / "sn_okaz-2015-08-01-1.txt").write_text(f"{title}\nنص الخبر.\n", encoding="utf-8")
    app = make_app([corpus], follow=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        row = app.main.articles.render_line(0).text
        assert "2015-08-01" in row and "w " not in row  # the date; the length makes room
        shown = row.split("2015-08-01", 1)[1].strip(" │•")
        assert len(shown) >= 40, shown


async def test_a_filter_on_the_bookmarks_counts_among_the_bookmarks(tmp_path: Path) -> None:
    """B with a filter on said "0 of 69,431 match the filter", as if the bookmarks were lost
    (newcomer): the count is of the bookmarked articles."""
    corpus = _corpus(tmp_path / "corpus")
    app = make_app([corpus], follow=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("b", "B")
        await screen_showing(app, pilot, "bookmarked only")
        await pilot.press("ctrl+f", *"zzqx", "enter")
        await screen_showing(app, pilot, "0 of 1 bookmarked match the filter")


async def test_a_query_left_with_its_results_on_screen_goes_into_the_history(tmp_path: Path) -> None:
    """Esc from the box after reading the results keeps the query as enter would; a query with
    no results does not."""
    corpus = _corpus(tmp_path / "corpus")
    app = make_app([corpus])
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await _search_each(app, pilot, ("أستانا", "كلمةلاوجودلها"), "escape")
        assert app.main.search_pane.history == ["أستانا"]
