"""Searches run in workers that never hold up the screen: saved searches are listed at once and
counted in the background, and quitting stops a running search at its next step."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual import events

from corpus import Archive
from corpus.search import SearchStopped
from corpus.search.expansion import expand as real_expand
from corpus.search.index import CorpusIndex
from corpus.search.query import MAX_QUERY_CHARS
from tests.helpers import SIZE, ready, screen_showing
from tui.app import make_app
from tui.app.panes.search import FIRST_SNIPPETS, NOTE_LINES, PAGE
from tui.app.screens.saved import SavedSearchesScreen

SAVED = ("أستانا", "كازاخستان", "زار الرئيس")


def _corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "long.txt").write_text("خبر عن كازاخستان\nزار الرئيس أستانا وكازاخستان.\n", encoding="utf-8")
    (folder / "short.txt").write_text("خبر قصير\nزار الرئيس أستانا.\n", encoding="utf-8")
    return folder


async def test_saved_searches_are_listed_at_once_and_their_counts_fill_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app([_corpus(tmp_path / "corpus")], follow=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        remembered = app.session.remembered
        assert remembered is not None
        for query in SAVED:
            remembered.memory.save_search(query)
        expected = {query: (total, new) for query, total, new in remembered.saved_search_counts()}
        released = threading.Event()
        original = Archive.matching

        def slow(self: Archive, query: str, **options: object) -> object:
            released.wait(30)  # a saved search as slow as the test wants: the screen must not wait for it
            return original(self, query, **options)  # type: ignore[arg-type]

        monkeypatch.setattr(Archive, "matching", slow)
        await pilot.press("escape", "V")
        await screen_showing(app, pilot, "…")
        screen = app.screen
        assert isinstance(screen, SavedSearchesScreen)
        assert [row[0] for row in screen.rows] == list(SAVED) and all(row[1] is None for row in screen.rows)
        await pilot.press("j")  # keys still work while the counts are made
        assert screen.query_one("#saved").cursor == 1  # type: ignore[attr-defined]
        released.set()
        for _ in range(400):
            if all(total is not None for _, total, _ in screen.rows):
                break
            await pilot.pause(0.05)
        assert {query: (total, new) for query, total, new in screen.rows} == expected
        await screen_showing(app, pilot, "in all")


async def test_quitting_stops_the_running_search_at_its_next_word(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app([_corpus(tmp_path / "corpus")], follow=False)
    entered, released, done = threading.Event(), threading.Event(), threading.Event()
    expanded: list[str] = []
    outcome: list[str] = []
    expand, plan = real_expand, Archive.plan

    def slow_expand(index: CorpusIndex, word: str, **options: bool) -> object:
        expanded.append(word)
        entered.set()
        released.wait(30)
        return expand(index, word, **options)

    def recorded(self: Archive, query: str, **options: object) -> object:
        try:
            found = plan(self, query, **options)  # type: ignore[arg-type]
        except SearchStopped:
            outcome.append("stopped")
            raise
        else:
            outcome.append("finished")
            return found
        finally:
            done.set()

    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        monkeypatch.setattr("corpus.search.plan.expand", slow_expand)
        monkeypatch.setattr(Archive, "plan", recorded)  # where a search expands its words
        app.main.activate("search")
        app.main.search_input.value = " ".join(["كازاخستان", "أستانا", "الرئيس", "زار", "خبر"] * 3_000)  # 70 KB
        for _ in range(400):
            if entered.is_set():
                break
            await pilot.pause(0.05)
        assert entered.is_set()
        await pilot.press("tab", "q")
        await pilot.pause()
    released.set()
    assert done.wait(30)
    assert outcome == ["stopped"] and len(expanded) == 1


async def test_a_pasted_text_longer_than_a_query_is_cut_in_the_box_and_said(tmp_path: Path) -> None:
    app = make_app([_corpus(tmp_path / "corpus")], follow=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.main.activate("search")
        for pasted in (" " + "\u064e" * 30_000, "كازاخستان " * 7_000, "ب" * 70_000):
            app.main.search_input.post_message(events.Paste(pasted))
            await ready(app, pilot)
            assert len(app.main.search_input.value) <= MAX_QUERY_CHARS
            await screen_showing(app, pilot, "query cut to its first")
            app.main.search_input.value = ""
            await ready(app, pilot)


async def test_the_notes_before_the_results_take_a_few_lines_however_many_words_are_missing(tmp_path: Path) -> None:
    app = make_app([_corpus(tmp_path / "corpus")], follow=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.main.activate("search")
        app.main.search_input.value = " ".join(f"زززز{letter}" for letter in "ابتثجحخدذرزسشص") + " "
        await ready(app, pilot)
        await screen_showing(app, pilot, f"and {14 - NOTE_LINES} more notes")
        await screen_showing(app, pilot, "enter opens")  # how many results, still in view


@pytest.mark.parametrize("count", [FIRST_SNIPPETS + 5, PAGE + 40])
async def test_snippets_are_made_for_the_rows_shown_and_only_those(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int
) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for number in range(count):  # each article's snippet names its number
        body = " ".join(["كلام عام"] * (number % 7 + 3))
        text = f"خبر رقم {number}\n{body} ثم زار الرئيس أستانا في اليوم {number} منذ بدء الرحلة.\n"
        (folder / f"{number:04d}.txt").write_text(text, encoding="utf-8")
    app = make_app([folder], follow=False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.main.activate("search")
        app.main.search_input.value = "أستانا "
        await screen_showing(app, pilot, "results")
        await ready(app, pilot)
        results = app.main.results
        made = [result.ready for result in results.results]
        assert len(made) == min(count, PAGE) and sum(made) <= FIRST_SNIPPETS  # the others wait to be shown
        results.focus()
        await pilot.press("end")  # to the last result made: its rows are shown, their snippets made
        await ready(app, pilot)
        last = results.results[results.cursor]
        for _ in range(200):
            if last.ready:
                break
            await pilot.pause(0.05)
        assert last.ready and last.snippets and "أستانا" in last.snippets[0].text
        if count > PAGE:  # the rows between the first screens and the last were never shown
            assert sum(r.ready for r in results.results) < len(results.results)
