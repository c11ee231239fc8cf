"""Pilot tests of stories in the app: "+N" on rows, "also reported by" in the reader (a lists
them, enter opens one), z folds the results by story, Y lists the largest stories."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import SIZE, known_stories, ready, screen_showing, story_text, story_words, write_story_corpus
from tui.app import make_app
from tui.app.screens.stories import StoriesScreen, StoryArticlesScreen


async def test_rows_reader_fold_and_stories_view(tmp_path: Path) -> None:
    records = known_stories()
    corpus = write_story_corpus(tmp_path / "news.jsonl", records)
    texts = [set(text.rstrip(".").split()) for article_id, *_, text in records if article_id in ("q1", "q2", "q3")]
    word = next(word for word in story_words(0) if all(word in text for text in texts))  # in all three
    app = make_app([corpus])
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert app.session.archive is not None and app.session.archive.stories is not None
        assert app.main.articles.stories is app.session.archive.stories
        await screen_showing(app, pilot, "+2 ")  # q1-q3: two other outlets each
        await pilot.press(*word)
        await ready(app, pilot)
        results = app.main.results
        assert results.item_count == 3
        assert all("+2" in results.render_item_line(row, 0, 80, False).text for row in range(3))
        await pilot.press("enter")
        await ready(app, pilot)
        opened = app.main.reader.doc
        assert opened is not None and app.session.archive.ids[opened] in {"q1", "q2", "q3"}
        await screen_showing(app, pilot, "Also in this story (2")
        reader = app.main.reader
        reader.also = [("مصدر · 2026-01-01", "عنوان طويل جدا " * 12)]  # a title longer than the pane
        reader._rows_width = -1  # noqa: SLF001 - laid out again, as a resize does
        reader._rebuild()  # noqa: SLF001 - the rows the reader lays out
        rows = ["".join(row.line.glyphs) for row in reader._rows if row.line is not None]  # noqa: SLF001
        head = next(at for at, text in enumerate(rows) if text.startswith("Also in this story"))
        assert "…" in rows[head + 1] and head + 2 == len(rows)  # one line, said to be cut
        await pilot.press("z")
        await pilot.pause()
        assert results.item_count == 1  # folded: one row a story
        status = str(app.main.query_one("#search-status").render())
        assert "folded by story (3 results in 1 story)" in status  # said while folded, and how many stories
        await pilot.press("z")
        await pilot.pause()
        assert results.item_count == 3
        assert "folded by story" not in str(app.main.query_one("#search-status").render())
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, StoryArticlesScreen)
        await screen_showing(app, pilot, "Also reported by: 2 other outlets (2 other articles of this story, 0")
        other = app.screen.docs[0]
        assert other != opened and len(app.screen.docs) == 2
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, StoryArticlesScreen) and app.main.reader.doc == other
        await pilot.press("Y")
        await pilot.pause()
        assert isinstance(app.screen, StoriesScreen)
        biggest = app.screen.stories[0]
        assert (len(biggest.sources), len(biggest.docs)) == (3, 3)  # the most outlets first
        listed = [[app.session.archive.ids[doc] for doc in story.docs] for story in app.screen.stories]
        assert listed == [["q1", "q2", "q3"]]  # the search's results are the articles in view
        await screen_showing(app, pilot, "Stories of the 3 results (rows count whole stories)")
        await screen_showing(app, pilot, "3 src   3 art")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StoryArticlesScreen) and list(app.screen.docs) == list(biggest.docs)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, (StoriesScreen, StoryArticlesScreen))
        app.main.activate("articles")  # the whole list in view: every story of the archive
        await pilot.press("Y")
        await pilot.pause()
        assert isinstance(app.screen, StoriesScreen)
        listed = [[app.session.archive.ids[doc] for doc in story.docs] for story in app.screen.stories]
        assert ["q1", "q2", "q3"] in listed and ["r1", "r2"] in listed


async def test_the_new_keys_are_in_the_help_and_the_palette() -> None:
    from tui.app.keys import SCREEN_KEYS

    actions = {key.action for key in SCREEN_KEYS}
    assert {"stories", "also", "fold_stories"} <= actions
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        from tui.app.screens.help import help_text

        shown = " ".join(help_text().split())
        assert "Y Stories: the largest stories" in shown and "a Also reported by" in shown
        assert "z Fold the search results by story" in shown
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Stories")
        await screen_showing(app, pilot, "largest stories")


async def test_folded_results_page_through_every_result_once(tmp_path: Path) -> None:
    reports = [story_words(20 + number) for number in range(3)]
    word = story_words(30)[0]  # in every article
    records = [
        (
            f"r{number}-{outlet}",
            f"paper-{outlet}",
            "2018-03-01",
            f"تقرير {number}",
            f"{word} {story_text(words, number)}",
        )
        for number, words in enumerate(reports)
        for outlet in range(80)
    ]
    app = make_app([write_story_corpus(tmp_path / "news.jsonl", records)])
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press(*word)
        await ready(app, pilot)
        results = app.main.results
        assert results.total == 240
        await pilot.press("down")  # to the results
        await pilot.press("z")  # folded: three rows, the pages behind them made as they are asked for
        for _ in range(100):
            await pilot.pause(0.05)
            if len(results.made) >= results.total:
                break
        docs = [result.doc for result in results.made]
        assert len(docs) == 240 and len(set(docs)) == 240  # every result once
        assert results.item_count == 3
