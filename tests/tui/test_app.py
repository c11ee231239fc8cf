"""Pilot tests: every action of the app, driven by keys as a user would press them."""

from __future__ import annotations

import asyncio
import threading
import unicodedata
from pathlib import Path

import pytest
from textual import events
from textual.command import CommandList
from textual.containers import VerticalScroll
from textual.geometry import Offset
from textual.pilot import Pilot
from textual.selection import Selection
from textual.widgets import Input, Static

from corpus import LoadProblem
from corpus.entities import Entity
from tests.helpers import (
    NAMESAKES,
    SIZE,
    first_article_open,
    presentation_forms,
    ready,
    screen_showing,
    screen_text,
    until,
    write_articles,
)
from tui.app import AkhbarApp, make_app
from tui.app.panes.reader import LINES_KEPT
from tui.app.screens.archive_entities import ArchiveEntitiesScreen
from tui.app.screens.entity import EntityScreen, MentionList, _ShapedBlock
from tui.app.screens.help import HelpScreen
from tui.app.screens.problems import ProblemList, ProblemsScreen
from tui.display import ARTICLES, MENTIONS, BidiMode, DisplayOptions, arabic_count
from tui.display.safety import BIDI_CONTROLS


@pytest.mark.first_start
async def test_start_lists_every_article_with_shaped_titles() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert app.main.articles.item_count == 5
        screen = await screen_showing(app, pilot, "5 articles")
        assert presentation_forms(screen)


async def test_typing_anywhere_starts_a_search_and_enter_opens_the_hit() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press(*"نتنياهو")
        await ready(app, pilot)
        assert app.main.search_input.value == "نتنياهو"
        assert app.main.results.item_count == 1
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert app.main.active_pane == "reader"
        assert app.main.reader.article is not None and "نتنياهو" in app.main.reader.text
        assert app.main.reader.hits and app.main.reader.hit_index == 0


async def test_one_enter_in_the_search_box_opens_the_first_result_or_says_why_not() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press(*"نتنياهو", "enter")  # enter may come before the results: they open on arrival
        await ready(app, pilot)
        await pilot.pause()
        assert app.main.active_pane == "reader"
        assert app.main.reader.article is not None and "نتنياهو" in app.main.reader.text
        await pilot.press("slash")
        await pilot.press(*"زززز", "enter")
        await ready(app, pilot)
        await pilot.pause()
        assert app.focused is app.main.search_input
        assert "nothing to open" in str(app.main.query_one("#search-status").render())


async def test_escape_leaves_the_search_box_at_once_and_a_key_after_it_acts() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("slash")
        await pilot.pause()
        assert app.focused is app.main.search_input
        await pilot.press(*"ترامب")
        await ready(app, pilot)
        assert app.main.results.item_count >= 1
        await pilot.press("escape")  # to the results, the query kept
        assert app.main.results.has_focus and app.main.search_input.value == "ترامب"
        await pilot.press("E")  # acts (the archive's entities), not typed into the box
        await pilot.pause()
        assert app.main.search_input.value == "ترامب" and app.screen is not app.main
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.main.active_pane == "articles"
        await pilot.press("slash", *"ثثثثثثثث")
        await ready(app, pilot)
        await pilot.press("escape")  # no result: esc goes back to the articles
        await pilot.pause()
        assert app.main.articles.has_focus


async def test_escape_from_an_article_opened_from_the_results_lands_on_the_results() -> None:
    """Back to where it came from: the results, so j moves (it had landed in the search box, the
    query selected, and j replaced it)."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press(*"كازاخستان")
        await ready(app, pilot)
        await pilot.press("enter")  # the first result, opened
        await pilot.pause()
        assert app.main.active_pane == "reader"
        await pilot.press("escape", "j")
        await pilot.pause()
        assert app.main.results.has_focus and app.main.search_input.value == "كازاخستان"


async def test_n_and_N_step_through_hits() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press(*"كازاخستان")
        await ready(app, pilot)
        await pilot.press("enter", "enter")
        await pilot.pause()
        count = len(app.main.reader.hits)
        assert count > 2
        await pilot.press("n")
        assert app.main.reader.hit_index == 1
        await pilot.press("N", "N")
        assert app.main.reader.hit_index == count - 1


async def test_tab_cycles_panes_and_list_keys_move_the_cursor() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("j", "j")
        assert app.main.articles.cursor == 2
        await pilot.press("k")
        assert app.main.articles.cursor == 1
        await pilot.press("G")
        assert app.main.articles.cursor == 4
        await pilot.press("g")
        assert app.main.articles.cursor == 0
        seen = []
        for _ in range(4):
            await pilot.press("tab")
            await pilot.pause()
            seen.append(app.main.active_pane)
        assert seen == ["search", "reader", "entities", "articles"]
        await pilot.press("shift+tab")
        await pilot.pause()
        assert app.main.active_pane == "entities"


async def test_tab_into_the_search_pane_lands_on_its_results_so_a_key_never_replaces_the_query() -> None:
    """A newcomer's j after tab typed a new query "j" over the one shown: the box held it selected."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("slash", *"كازاخستان")
        await until(pilot, lambda: app.main.results.item_count >= 2)
        await pilot.press("escape", "shift+tab", "tab")
        await pilot.pause()
        assert app.main.active_pane == "search" and app.focused is app.main.results
        await pilot.press("j")
        await pilot.pause()
        assert app.main.search_input.value == "كازاخستان" and app.main.results.cursor == 1
        await pilot.press("slash")  # the box still takes a new query
        await pilot.pause()
        assert app.main.search_input.has_focus


async def open_first_entity(app: AkhbarApp, pilot: Pilot[int]) -> Entity:
    """Open the first article, its entities pane, and the first entity's detail."""
    await ready(app, pilot)
    await pilot.press("enter")
    await ready(app, pilot)
    await pilot.press("e")
    await pilot.pause()
    assert app.main.active_pane == "entities"
    types = {entity.type for entity, _ in app.main.entity_list.items}
    assert {"PER", "LOC"} <= types
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, EntityScreen)
    return app.screen.entity


async def test_x_in_an_entity_detail_exports_its_mentions_as_the_shell_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import csv

    monkeypatch.chdir(tmp_path)  # x writes into the current folder
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        entity = await open_first_entity(app, pilot)
        await pilot.press("x")
        await app.workers.wait_for_complete()
        await pilot.pause()
        (path,) = tmp_path.glob("akhbar-*.csv")
        rows = list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))
        assert len(rows) == len(entity.mentions) and {row["entity"] for row in rows} == {entity.name}
        assert len({(row["id"], row["start"]) for row in rows}) == len(rows)  # each mention once
        assert "x export" in screen_text(app)


async def test_entities_pane_detail_and_mention() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        entity = await open_first_entity(app, pilot)
        assert "enter opens the article at this mention" in screen_text(app)  # its keys, at its foot
        head = [text for text, _ in app.screen.query_one("#entity-head", _ShapedBlock).block_lines]
        counts = f"{arabic_count(len(entity.mentions), MENTIONS)} في {arabic_count(len(entity.articles), ARTICLES)}"
        assert counts in head[0] and head[1].endswith("عبر الزمن")  # Arabic labels, numbers agreeing
        assert not any(word in line for line in head for word in ("over time", "PER", "LOC", "ORG"))
        assert entity.latin and entity.latin[0] in head[2]  # how the name is written in Latin letters
        shown = screen_text(app)  # the timeline within the head's height at 80x24
        assert "peak" in shown or "no dated articles" in shown
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, EntityScreen)
        assert app.main.active_pane == "reader"
        start, end = app.main.reader.hits[app.main.reader.hit_index]
        assert app.main.reader.article is not None
        assert app.main.reader.text[start:end] in entity.variants


async def test_esc_after_a_mention_goes_back_to_the_mention_list_every_time() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        entity = await open_first_entity(app, pilot)
        assert len(entity.mentions) >= 2
        for index in range(2):
            await pilot.press("enter")  # open the mention under the cursor
            await pilot.pause()
            assert app.main.active_pane == "reader" and not isinstance(app.screen, EntityScreen)
            await pilot.press("escape")  # back to the list of mentions, at the same mention
            await pilot.pause()
            assert isinstance(app.screen, EntityScreen) and app.screen.entity is entity
            mentions = app.screen.query_one("#mentions", MentionList)
            assert mentions.cursor == index
            await pilot.press("down")
            await pilot.pause()
        await pilot.press("escape")  # leaving the entity goes back to the entities pane
        await pilot.pause()
        assert not isinstance(app.screen, EntityScreen) and app.main.active_pane == "entities"


async def test_leaving_an_entity_after_reading_a_mention_elsewhere_comes_back_to_the_first_article() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        entity = await open_first_entity(app, pilot)
        first = app.main.reader.doc
        assert isinstance(app.screen, EntityScreen)
        elsewhere = next((row for row, (doc, _) in enumerate(app.screen.mentions) if doc != first), None)
        if elsewhere is None:
            pytest.skip("the first entity is named in one article only")
        app.screen.query_one("#mentions", MentionList).cursor = elsewhere
        await pilot.press("enter")  # a mention in another article
        await pilot.pause()
        assert app.main.reader.doc != first
        await pilot.press("escape")  # back to the mentions
        await pilot.pause()
        assert isinstance(app.screen, EntityScreen) and app.screen.entity is entity
        await pilot.press("escape")  # and out of the entity: the article it was opened from
        await pilot.pause()
        assert app.main.active_pane == "entities" and app.main.reader.doc == first


async def test_each_mention_of_an_entity_shows_its_articles_date_newest_first() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        archive = app.session.archive
        await until(pilot, lambda: archive is not None and archive.entities is not None, "the entities")
        assert archive is not None and archive.entities is not None
        entity = next(e for e in archive.entities.entities if any(archive.article(d).date for d, _ in e.mentions))
        app.main.show_entity(entity)
        await until(pilot, lambda: isinstance(app.screen, EntityScreen), "the entity's detail")
        await pilot.pause()
        mentions = app.screen.query_one("#mentions", MentionList)
        dated = [(row, archive.article(doc).date) for row, (doc, _) in enumerate(mentions.mentions)]
        for row, date in [(row, date) for row, date in dated if date][:3]:
            assert date in mentions.render_item_line(row, 0, 80, False).text
        shown = [date for _, date in dated if date]
        assert shown == sorted(shown, reverse=True)
        assert sorted((d, m.start) for d, m in mentions.mentions) == sorted((d, m.start) for d, m in entity.mentions)


@pytest.mark.parametrize("width", [*range(20, 201, 30), 120])
async def test_the_reader_lays_lines_out_at_the_width_it_shows(width: int) -> None:
    """A right-to-left line laid out wider than the visible region loses its first letter under
    the scrollbar (seen at 120x40 on the first article opened); the layout width must be the
    visible width, whatever the size and whether the scrollbar has appeared yet."""
    app = make_app()
    async with app.run_test(size=(width, 40)) as pilot:
        await ready(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        reader = app.main.reader
        assert reader.size.width
        visible_width = reader.scrollable_content_region.width
        assert reader._rows_width == visible_width, (width, reader._rows_width, visible_width)
        lines = [line for line in map(reader._line, reader._rows) if line is not None]
        assert any(row.is_text for row in reader._rows)
        assert all(line.indent + sum(line.widths) <= visible_width for line in lines)


async def test_a_notice_reaches_the_right_edge_so_no_letter_of_the_reader_shows_beside_it() -> None:
    """The reader right-aligns Arabic: a column left free right of a notice showed each line's
    first letter there."""
    from textual.widgets._toast import Toast

    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await ready(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("t")
        for _ in range(50):
            await pilot.pause(0.05)
            if app.screen.query(Toast):
                break
        toast = app.screen.query_one(Toast)
        region = toast.region
        assert region.right == SIZE[0]
        for y in range(region.y, region.bottom):
            assert isinstance(app.screen.get_widget_at(SIZE[0] - 1, y)[0], Toast)


async def test_copy_sends_the_original_paragraph_in_logical_order() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("c")
        copied = app.clipboard
        assert copied and copied in app.main.reader.text
        assert not presentation_forms(copied)
        said = list(app._notifications)[-1].message  # noqa: SLF001 - what the notice said
        assert f"({len(copied):,} characters" in said and "«" in said and "…»" in said  # its start, shaped
        assert copied[:40] not in said  # shaped for the screen, not sent as logical text
        from rich.cells import cell_len

        from tui.app.widgets.clipboard import toast_width

        # wrapped before it is ordered: the notice's lines read in order, none wider than the notice
        assert said.splitlines()[0].startswith("Copied «")
        assert all(cell_len(line) <= toast_width(SIZE[0]) for line in said.splitlines())


@pytest.mark.parametrize("text", ["Cairo", "x" * 40, "y" * 41, "a\nb\x1b[31m"])
def test_the_copy_notice_shows_the_start_of_what_was_copied(text: str) -> None:
    from tui.app.widgets.clipboard import PREVIEW, copied_preview

    preview = copied_preview(text)
    assert preview.startswith("«") and preview.endswith("»") and "\x1b" not in preview and "\n" not in preview
    assert len(preview) <= PREVIEW + 3 and preview.endswith("…»") == (len(text) > PREVIEW)


async def test_mouse_selection_copies_original_text() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        reader = app.main.reader
        body_row = next(i for i, row in enumerate(reader._rows) if row.kind == "body")
        line = reader._line(reader._rows[body_row])
        assert line is not None
        selected = reader.get_selection(Selection(Offset(line.indent, body_row), Offset(79, body_row)))
        assert selected is not None
        text, _ = selected
        assert text and text in reader.text
        assert not presentation_forms(text)


async def test_the_screen_maps_every_reader_cell_to_its_column(tmp_path: Path) -> None:
    # Textual counts characters inside a segment to find a mouse position's column; the reader's
    # segments must keep that equal to the cell column, marks and lam-alef included.
    (tmp_path / "a.txt").write_text("عنوان\nلَا إِلَهَ إلا الله، والسلام (TRIPP) في 8 أغسطس 2025 هنا.\n", encoding="utf-8")
    app = make_app([tmp_path])
    async with app.run_test(size=SIZE) as pilot:
        reader = await first_article_open(app, pilot)
        body_row = next(
            i for i, line in enumerate(map(reader._line, reader._rows)) if line and any(len(g) > 1 for g in line.glyphs)
        )
        region = reader.scrollable_content_region  # the text's columns, the scrollbar gutter left out
        y = region.y + body_row - int(reader.scroll_offset.y)
        for column in range(region.width):
            widget, offset = app.screen.get_widget_and_offset_at(region.x + column, y)
            assert widget is reader and offset is not None
            assert (offset.x, offset.y) == (column, body_row), column


async def test_the_search_box_shows_arabic_shaped_and_in_reading_order() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("slash", *"باكستان")
        await pilot.pause()
        box = app.main.search_input
        assert box.value == "باكستان"  # the value stays logical: search and editing use it
        shown = box.render_line(0).text
        assert shown.startswith(" ﻥﺎﺘﺴﻛﺎﺑ")  # shaped, right to left, the cursor cell on its left
        assert box._cursor_offset == 0
        await pilot.press("right", "right")  # → moves the way it points: back over ن and ا
        assert box.cursor_position == 5 and box._cursor_offset == 2
        await pilot.press("left")
        assert box.cursor_position == 6
        await pilot.click(box, offset=(box.styles.gutter.left + 7, box.styles.gutter.top))
        assert box.cursor_position == 0  # the rightmost letter, ب, is the first one typed
        await pilot.click(box, offset=(box.styles.gutter.left, box.styles.gutter.top))
        assert box.cursor_position == 7  # left of the text: its end
        app.main.set_options(DisplayOptions(BidiMode.TERMINAL))
        assert box.render_line(0).text.startswith("باكستان")  # the terminal orders it itself


async def test_a_query_wider_than_the_box_stays_shaped_and_shows_the_part_holding_the_cursor() -> None:
    """A pasted query of 105 characters was drawn unshaped and left to right (a newcomer's report):
    it is shaped in reading order, the box showing the end being typed, then the beginning once
    the cursor goes there (home)."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        words = "قال الرئيس إن بلاده ستنتصر في الحرب الاقتصادية وذلك في أعقاب الهبوط الحاد للعملة الوطنية أمام الدولار"
        await pilot.press("slash")
        box = app.main.search_input
        box.insert_text_at_cursor(words)
        await pilot.pause()
        width = box.scrollable_content_region.width
        shown = box.render_line(0).text
        assert shown.startswith(" ﺭﻻﻭﺪﻟﺍ ﻡﺎﻣﺃ")  # the last words typed, shaped, at the left by the cursor
        assert "ﻝﺎﻗ" not in shown[:width] and box._cursor_offset == 0
        await pilot.press("home")
        shown = box.render_line(0).text[:width]
        assert shown.rstrip().endswith("ﺲﻴﺋﺮﻟﺍ ﻝﺎﻗ")  # the first words, at the right edge
        assert box._cursor_offset == len(shown.rstrip()) - 1  # on ق, the first letter
        box.value = ""
        box.insert_text_at_cursor("the quick brown fox jumps over the lazy dog again and again " * 2)
        await pilot.pause()  # a Latin value wider than the box: Textual scrolls it
        assert box.scroll_offset.x > 0
        box.insert_text_at_cursor(" بوتين")
        await pilot.pause()  # now drawn by the display engine, never scrolled: the terminal's cursor is on it
        assert box.cursor_screen_offset.x == box.content_region.x + box._cursor_offset


async def test_t_cycles_the_bidi_mode() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        modes = [app.main.options.mode]
        await pilot.press("t")
        await pilot.pause()
        modes.append(app.main.options.mode)
        row = next(r for r in app.main.reader._rows if r.kind == "body")
        line = app.main.reader._line(row)
        assert line is not None and line.indent == 0
        await pilot.press("t")
        modes.append(app.main.options.mode)
        await pilot.press("t")
        modes.append(app.main.options.mode)
        assert modes == [BidiMode.APP, BidiMode.TERMINAL, BidiMode.OFF, BidiMode.APP]


@pytest.mark.parametrize("key", ["question_mark", "f1"])
async def test_help_lists_every_key(key: str) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_help_scrolls_as_less_does() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        scroll = app.screen.query_one(VerticalScroll)
        assert scroll.max_scroll_y > 0  # the help is longer than the screen at this size
        await pilot.press("j")
        await until(pilot, lambda: scroll.scroll_y == 1, "a line down")
        await pilot.press("space")
        await until(pilot, lambda: scroll.scroll_y > 1 and scroll.scroll_target_y == scroll.scroll_y, "a page down")
        paged = scroll.scroll_y
        await pilot.press("k")
        await until(pilot, lambda: scroll.scroll_y == paged - 1, "a line up")
        await pilot.press("G")
        await until(pilot, lambda: scroll.scroll_y == scroll.max_scroll_y, "the bottom")
        await pilot.press("g")
        await until(pilot, lambda: scroll.scroll_y == 0, "the top")


async def test_filter_and_sort_the_list() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("ctrl+f")
        await pilot.press(*"باكستان")
        await ready(app, pilot)  # the filter runs in a worker
        assert app.main.articles.item_count == 1
        assert "1 of 5 match the filter" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is app.main.articles
        await pilot.press("escape")  # in the filtered list, the first esc clears the filter
        await pilot.pause()
        assert app.main.articles.item_count == 5 and app.focused is app.main.articles
        assert "match the filter" not in screen_text(app)
        await pilot.press("ctrl+f", *"باكستان", "escape")  # and so does esc in the filter box
        await ready(app, pilot)
        assert app.main.articles.item_count == 5
        await pilot.press("s")
        await ready(app, pilot)
        assert app.main.articles.order == "date"
        first = app.main.articles.articles[app.main.articles.view[0]]
        assert first.date
        assert "sorted by date, newest first (s)" in screen_text(app)  # it stays said, not only in a toast
        await pilot.press("s", "s", "s")
        await ready(app, pilot)
        assert "sorted by" not in screen_text(app)


async def test_the_list_filter_never_holds_up_the_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """However long a filter takes, the keys typed meanwhile land in the box at once, and only
    the view of the last text typed is shown (views of older texts are dropped)."""
    from corpus.search import ArticleListing

    release = threading.Event()
    asked: list[str] = []
    real_view = ArticleListing.view

    def slow_view(self: ArticleListing, text: str, order: str = "corpus", only: object = None) -> object:
        asked.append(text)
        release.wait(timeout=30)
        return real_view(self, text, order, only)  # type: ignore[arg-type]

    monkeypatch.setattr(ArticleListing, "view", slow_view)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("ctrl+f", *"ترامب باكستان", "backspace", *"ن")
        await pilot.pause()
        box = app.main.query_one("#filter", Input)
        assert box.value == "ترامب باكستان"  # every key landed while the filters were held up
        assert asked and app.main.articles.item_count == 5  # nothing shown yet: the old view stays
        assert "filtering…" in screen_text(app)
        release.set()
        await ready(app, pilot)
        shown = [app.main.articles.articles[doc].title for doc in app.main.articles.view]
        assert app.main.articles.item_count == 0 and shown == []  # no article holds both words
        assert "0 of 5 match the filter" in screen_text(app)


async def test_problems_screen_names_skipped_files(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("خبر جيد عن كازاخستان", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02\x03" * 50)
    app = make_app([tmp_path])
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await screen_showing(app, pilot, "1 file skipped")
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        shown = await screen_showing(app, pilot, "bad.txt")
        assert "binary" in shown


@pytest.mark.parametrize("count", [3, 2_000, 200_000])
async def test_the_problems_list_draws_only_what_is_in_view(count: int) -> None:
    # However many files were skipped, opening the list, paging and going to its end draw the
    # rows in view and make no widget per problem (it took 17 s with 200,000).
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.session.problems = [
            LoadProblem(f"/x/file{n}.txt", f"not text {n}", skipped=n % 3 > 0) for n in range(count)
        ]
        widgets = len(app.screen.query("*"))
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        listing = app.screen.query_one(ProblemList)
        height = listing.size.height
        assert len(app.screen.query("*")) <= 6 and widgets > 6
        await pilot.press("pagedown", "end")
        await pilot.pause()
        last = count - 1 - (count - 1) % 3  # the last warning: warnings come after the skipped files
        shown = await screen_showing(app, pilot, f"file{last}.txt")
        assert f"not text {last}" in shown  # in the row and in full below the list
        assert listing.rows_drawn <= 8 * min(count, height), (listing.rows_drawn, height)


@pytest.mark.parametrize("length", [60, 300, 4000])
async def test_a_problem_longer_than_its_row_shows_its_start_and_in_full_below(length: int) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        name = ("ملف" + "x" * length)[:length] + ".txt"
        app.session.problems = [LoadProblem(f"/x/{name}", "binary file (not text)")]
        await pilot.press("w")
        await pilot.pause()
        row = app.screen.query_one(ProblemList).render_line(0).text
        assert row.startswith("skipped: /x/") and ("…" in row or ".txt" in row)
        detail = "".join(str(app.screen.query_one("#problem-detail", Static).render()).split())
        assert f"x{'x' * min(40, length - 10)}" in detail


async def test_palette_and_quit() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "CommandPalette"
        # Nothing in the palette writes files: Textual's Screenshot command is left out.
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert "Quit" in titles and "Screenshot" not in titles
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    assert app.return_value == 0


async def test_the_timeline_leaves_the_keys_on_the_results_and_slash_replaces_the_query() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press(*"النفط", "enter")  # the reader has the keys now
        await ready(app, pilot)
        main = app.main
        assert main.active_pane == "reader"
        for keys in (("m",), ("m", "j"), ("m", "j", "k", "escape")):  # m again hides the timeline, and so on
            await pilot.press(*keys)
            await ready(app, pilot)
            assert main.search_input.value == "النفط" and app.focused is not main.search_input
        assert main.results.item_count  # esc went back from the results, and wiped nothing
        for start in ("slash", "ك"):  # / or a letter typed anywhere: a new search replaces the query
            await pilot.press("shift+tab")
            await pilot.pause()
            assert app.focused is not main.search_input
            await pilot.press(start, *"كازاخستان"[start == "ك" :])
            await ready(app, pilot)
            assert main.search_input.value == "كازاخستان", start
        await pilot.press("shift+tab", "slash", "end", *" البري")  # end keeps the query, to add to it
        await pilot.pause()
        assert main.search_input.value == "كازاخستان البري"


@pytest.mark.parametrize("typed", ["", "قطر"])
async def test_esc_then_q_quits_from_the_search_box(typed: str) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("slash", *typed, "q")  # in the box, q is a letter of the query
        await pilot.pause()
        assert app.main.search_input.value == typed + "q" and app.is_running
        await pilot.press("escape", "escape", "q")  # esc clears the query, esc leaves the box, q quits
        await pilot.pause()
    assert app.return_value == 0


async def test_the_status_line_names_the_phase_running_with_its_own_time() -> None:
    from tui.app.messages import LoadProgress

    now = [1000.0]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.main.status_line.clock = lambda: now[0]

        async def status_after(seconds: float, *reports: tuple[str, str, int, int]) -> str:
            now[0] += seconds
            for report in reports:
                app.post_message(LoadProgress(*report))
            await pilot.pause()
            app.main.status_line.tick()  # what the line's one-second timer does
            return str(app.main.query_one("#status").render())

        assert "Reading and indexing 12/100… 0 s" in await status_after(0, ("archive", "reading and indexing", 12, 100))
        assert "Reading and indexing 90/100… 25 s" in await status_after(
            25, ("archive", "reading and indexing", 90, 100)
        )
        assert "Saving the index… 0 s" in await status_after(3, ("archive", "saving the index", 0, -1))
        assert "Saving the index… 17 s" in await status_after(17)  # no report: the time still runs
        shown = await status_after(
            1, ("entities", "tagging entities", 40, 80), ("archive", "reading and indexing", 7, 0)
        )
        assert "Reading and indexing 7 articles… 0 s" in shown and "tagging entities 40/80… 0 s" in shown
        assert "grouping entities… 0 s" in await status_after(30, ("entities", "grouping entities", 0, -1))
        assert "grouping entities… 9 s" in await status_after(9)
        app.main.status_line.progress_over("archive")
        app.main.status_line.progress_over("entities")
        assert "…" not in await status_after(1)


async def test_the_hit_count_and_what_waits_stay_on_a_narrow_status_line() -> None:
    """At 80 columns a refresh's note and the entities' count pushed "hit 1/3 (n/N)" off the line."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        line = app.main.status_line
        line.set_archive("69,687 articles · 1 new article at 16:20:11")
        line.set_entities("151,071 entities (58.0 s)")
        line.show_hit(0, 3)
        await pilot.pause()
        shown = str(line.render())
        assert "hit 1/3 (n/N)" in shown and "1 new article at 16:20:11" in shown and "entities" not in shown
        line.set_archive("69,687 articles · 1 new article at 16:20:11 · 2 files skipped · 1 warning (w) · 3 gone")
        await pilot.pause()  # the archive's part alone too long: its end gives way (a newcomer lost the hit)
        shown = str(line.render())
        from rich.cells import cell_len

        assert shown.endswith("… · hit 1/3 (n/N)") and shown.startswith("69,687 articles") and cell_len(shown) <= 80
        line.set_archive("69,687 articles · 1 new article at 16:20:11")
        line.show_hit(0, 0)
        line.show_waiting("2 new articles")
        await pilot.pause()
        shown = str(line.render())
        assert "2 new articles, in when this closes" in shown and "entities" not in shown
        line.show_waiting("")
        await pilot.pause()
        assert "151,071 entities" in str(line.render())


async def test_the_hit_count_shows_only_while_the_reader_has_the_keys() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press(*"كازاخستان", "enter")
        await ready(app, pilot)
        status = app.main.query_one("#status")
        assert app.main.active_pane == "reader" and "hit 1/" in str(status.render())
        await pilot.press("n")
        await pilot.pause()
        assert "hit 2/" in str(status.render())
        await pilot.press("escape")  # back to the results
        await pilot.pause()
        assert "hit" not in str(status.render())
        await pilot.press("enter")  # the same article again: its hits again
        await pilot.pause()
        assert "hit 1/" in str(status.render())
        await pilot.press("tab")  # the entities pane
        await pilot.pause()
        assert "hit" not in str(status.render())


async def test_two_enters_in_one_burst_in_the_palette() -> None:
    # Textual 8.2.8 dismissed the palette twice and raised ScreenStackError (tui/textual_fixes.py).
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"sort")
        commands = app.screen.query_one(CommandList)
        await until(pilot, lambda: commands.option_count > 0, "the palette's matches")
        await pilot.press("down")
        app.post_message(events.Key("enter", "\r"))
        app.post_message(events.Key("enter", "\r"))
        await until(pilot, lambda: len(app.screen_stack) == 1, "the palette closing")
        await pilot.pause()  # the second enter, once the palette is gone
        assert len(app.screen_stack) == 1 and app.is_running


async def test_resize_rewraps_the_reader() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        narrow = len(app.main.reader._rows)
        await pilot.resize_terminal(200, 40)  # the reader gets half: 100 columns
        await pilot.pause()
        assert len(app.main.reader._rows) < narrow
        assert all(r.line is None or r.line.width <= app.main.reader._rows_width for r in app.main.reader._rows)


async def test_hostile_text_never_reaches_the_screen_as_controls(tmp_path: Path) -> None:
    (tmp_path / "evil.txt").write_text(
        "عنوان\x1b]0;pwned\x07 خبيث\nنص \x1b[2J الخبر \u202eمقلوب\u202c \x9b31m\n", encoding="utf-8"
    )
    app = make_app([tmp_path])
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("enter")
        screen = await screen_showing(app, pilot, "␛")
        assert not any(unicodedata.category(c) == "Cc" for c in screen.replace("\n", ""))
        assert not any(c in BIDI_CONTROLS for c in screen)


async def test_a_huge_article_opens_at_once_and_a_deep_hit_is_reached(tmp_path: Path) -> None:
    line = "وقعت كازاخستان وأرمينيا اتفاقية للنقل البري في أستانا يوم 8 أغسطس 2025. " * 8
    # About 240 KB, 26,000 words: laid out in slices of LAYOUT_SLICE_SECONDS, it takes dozens
    # or more (3 MB took a thousand, and the test 30 s, with nothing more checked).
    body = "\n".join([line] * 400)
    (tmp_path / "huge.txt").write_text(f"ملف كبير جدا\n{body}\nكلمةنادرةفيالنهاية\n", encoding="utf-8")
    app = make_app([tmp_path])
    async with app.run_test(size=SIZE) as pilot:
        # The archive, not its entities: tagging 330,000 words is test_hostile's (linear time);
        # here it goes on in its own process meanwhile, as it does for a user.
        await until(pilot, lambda: app.main.articles.item_count == 1, "the archive arriving", seconds=60)
        app.post_message(events.Key("enter", "\r"))  # as a terminal delivers it: no waiting for idle
        while app.main.reader.article is None:
            await asyncio.sleep(0.01)
        # The first screens are laid out as the article opens, the rest later (bench/ times it).
        assert app.main.reader._rows
        laid_out = app.main.reader._next_paragraph
        assert 0 < laid_out < len(app.main.reader._paragraphs)  # the rest comes in slices
        await until(pilot, lambda: app.main.reader._next_paragraph > laid_out, "the rest laid out between keystrokes")
        await pilot.press("escape", "slash", *"كلمةنادرةفيالنهاية")
        await screen_showing(app, pilot, "1 result")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.main.reader.hits and "كلمةنادرةفيالنهاية" in app.main.reader.text[app.main.reader.hits[0][0] :][:40]
        top = app.main.reader.top_offset()
        assert top is not None and top > len(body) - 5_000  # scrolled to the end, laid out that far
        # Its rows of text hold no line: those drawn are laid out again, the last few kept (a
        # 34 MB article's lines held 3 GB).
        reader = app.main.reader
        assert all(row.line is None for row in reader._rows if row.is_text)
        assert 0 < len(reader._kept_lines) <= LINES_KEPT
        assert reader._line(next(row for row in reader._rows if row.is_text)) is not None


async def test_an_empty_corpus_says_so_on_the_screen(tmp_path: Path) -> None:
    app = make_app([tmp_path])
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        screen = await screen_showing(app, pilot, "No articles")
        assert "empty" in screen


async def test_the_word_count_reads_in_order_beside_arabic_metadata(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "سلمان يؤسس لدولة المستقبل\nالمصدر: عكاظ\nتاريخ النشر: 2018-02-18\nنص الخبر عن الرياض.\n", encoding="utf-8"
    )
    (corpus / "b.txt").write_text("Markets rally\nShares rose in Astana on Monday.\n", encoding="utf-8")
    app = make_app([corpus], DisplayOptions())
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        for key in ("enter", "escape", "j", "enter"):
            await pilot.press(key)
            await pilot.pause()
            if key != "enter":
                continue
            meta = ["".join(row.line.glyphs) for row in app.main.reader._rows if row.kind == "meta" and row.line]
            words = app.main.reader.words
            assert any(f"{words} words" in line for line in meta), meta
            assert not any(f"words {words}" in line for line in meta), meta


async def test_sources_are_listed_with_counts_and_enter_searches_one(tmp_path: Path) -> None:
    for number, code in enumerate(["BB", "BB", "JA", "SK"]):
        name = f"ant2_{code}-culture-{number}-2018061{number}.txt"
        (tmp_path / name).write_text(f"خبر رقم {number}\nنص الخبر {number}\n", encoding="utf-8")
    app = make_app([tmp_path])
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("o")
        shown = await screen_showing(app, pilot, "Jawhara FM")
        assert "2  BBC" in shown and "1  skynews" in shown
        await pilot.press("down", "enter")  # the second row: Jawhara FM
        await ready(app, pilot)
        assert app.main.search_input.value == "source:Jawhara"
        assert app.main.results.item_count == 1 and app.main.results.has_focus  # j, Y, x act on them
        await pilot.press("j")
        assert app.main.search_input.value == "source:Jawhara"
        await pilot.press("enter")
        await pilot.pause()
        assert app.main.reader.article is not None and app.main.reader.article.source_name == "Jawhara FM"
        await screen_showing(app, pilot, "2018-06-12 · Jawhara FM")


def test_a_source_filter_is_one_word_that_names_only_that_source() -> None:
    from tui.app.screens.sources import source_filter

    names = ["Jawhara FM", "BBC", "Al Arabiya", "Al Jazeera", "ant2:BBC", "FM One"]
    assert [source_filter(name, names) for name in names] == [
        "source:Jawhara",
        "source:BBC",
        "source:Arabiya",
        "source:Jazeera",
        "source:ant2:BBC",
        "source:One",
    ]


async def test_the_archive_entities_list_finds_a_name_in_any_spelling_and_opens_it(tmp_path: Path) -> None:
    from tui.app.screens.archive_entities import ArchiveEntitiesScreen, _EntityRows

    app = make_app([write_articles(tmp_path, NAMESAKES)])
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("E")
        await pilot.pause()
        assert isinstance(app.screen, ArchiveEntitiesScreen)
        screen = app.screen
        await app.workers.wait_for_complete()
        await pilot.pause()
        rows = screen.query_one(_EntityRows)
        assert {"إيمانويل ماكرون", "باريس"} <= {e.name for e in rows.rows}
        for typed, names in (
            ("لماكرون", {"إيمانويل ماكرون"}),
            ("المالكي", {"نوري المالكي", "رياض المالكي"}),
            ("macron", {"إيمانويل ماكرون"}),  # in Latin letters, as `export --entity` takes it
        ):
            screen.query_one(Input).value = typed
            await until(pilot, lambda names=names: {e.name for e in rows.rows} == names, f"what {typed} finds")
        screen.query_one(Input).value = "ماكرون"
        await pilot.press("enter")  # the first match, in the box
        await until(pilot, lambda: isinstance(app.screen, EntityScreen), "the entity's detail")
        await pilot.pause()
        assert isinstance(app.screen, EntityScreen) and app.screen.entity.name == "إيمانويل ماكرون"
        await pilot.press("enter")  # a mention, in the reader; esc comes back to the mentions
        await until(pilot, lambda: not isinstance(app.screen, EntityScreen), "the mention in the reader")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, EntityScreen), "the entity's detail again")
        await pilot.press("escape")  # back to the list, as it was left, even after a mention
        await until(pilot, lambda: isinstance(app.screen, ArchiveEntitiesScreen), "the archive's list again")
        assert isinstance(app.screen, ArchiveEntitiesScreen) and app.screen.query_one(Input).value == "ماكرون"
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [e.name for e in app.screen.query_one(_EntityRows).rows] == ["إيمانويل ماكرون"]
        await pilot.press("escape", "escape")  # the box cleared, then the list closed
        await pilot.pause()
        assert not isinstance(app.screen, (EntityScreen, ArchiveEntitiesScreen))


async def _archive_entities(app: AkhbarApp, pilot: Pilot[int]) -> ArchiveEntitiesScreen:
    """E pressed, and the archive's entities list once it shows what it found."""
    await pilot.press("E")
    await until(pilot, lambda: isinstance(app.screen, ArchiveEntitiesScreen), "the archive's entities list")
    screen = app.screen
    assert isinstance(screen, ArchiveEntitiesScreen)
    await app.workers.wait_for_complete()
    await pilot.pause()
    return screen


async def test_a_name_typed_and_enter_in_one_burst_opens_the_entity(tmp_path: Path) -> None:
    """Enter typed right after a name (keys in one burst over SSH), while the list still says it
    is looking, opens the first entity the name finds: it is never lost."""
    app = make_app([write_articles(tmp_path, NAMESAKES)])
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await _archive_entities(app, pilot)
        await pilot.press(*"ماكرون", "enter")
        await until(pilot, lambda: isinstance(app.screen, EntityScreen), "the entity's detail")
        assert isinstance(app.screen, EntityScreen) and app.screen.entity.name == "إيمانويل ماكرون"


async def test_the_archive_entities_of_a_search_are_those_its_results_name(tmp_path: Path) -> None:
    """E on a search's results lists the entities those results name, each with how many of them
    do, under a heading that says so; a name typed is still looked up in the whole archive."""
    from tui.app.screens.archive_entities import _EntityRows

    app = make_app([write_articles(tmp_path, NAMESAKES)])
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        archive = app.session.archive
        await until(pilot, lambda: archive is not None and archive.entities is not None, "the archive's entities")
        await pilot.press("slash", *"بغداد")
        await ready(app, pilot)
        await until(pilot, lambda: app.main.results.item_count == 1, "the one article on Baghdad")
        await pilot.press("escape")
        screen = await _archive_entities(app, pilot)
        rows = screen.query_one(_EntityRows)
        assert "Entities of the 1 result" in str(screen.query_one("#archive-entities-head", Static).render())
        assert "نوري المالكي" in {e.name for e in rows.rows} and "إيمانويل ماكرون" not in {e.name for e in rows.rows}
        assert set(rows.counts) == {1}
        screen.query_one(Input).value = "ماكرون"  # the whole archive's, by any spelling
        await until(pilot, lambda: [e.name for e in rows.rows] == ["إيمانويل ماكرون"], "a name of the archive")
        assert rows.counts == [2]
        assert archive is not None
        written = len(archive.matching("ماكرون"))  # said over them: the articles writing the name
        head = f"Written in {written} article{'s' * (written != 1)} · enter opens"
        await until(pilot, lambda: head in str(screen.query_one("#archive-entities-head", Static).render()), head)


async def test_names_the_tagger_was_unsure_of_are_marked_and_the_detail_counts_the_confident(tmp_path: Path) -> None:
    """A "?" before a name whose mentions are mostly below CONFIDENT, in the article's entities
    and the archive's; the detail says how many mentions were confident and at what threshold."""
    from corpus.entities import CONFIDENT, Mention
    from tui.app.screens.archive_entities import _EntityRows

    app = make_app([write_articles(tmp_path, NAMESAKES)])
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        sure = Entity("س", "سامر", "PER", [(0, Mention(0, 4, "PER", "سامر", confidence=0.97))] * 3)
        doubtful = Entity(
            "ر",
            "رود",
            "MISC",
            [(0, Mention(5 + 4 * i, 8 + 4 * i, "MISC", "رود", confidence=c)) for i, c in enumerate((0.4, 0.89, 0.95))],
        )
        pane = app.main.entity_list
        pane.doc = 0
        pane.set_entities([(sure, 3), (doubtful, 3)])
        await pilot.pause()
        lines = [pane.render_item_line(i, 0, 40, False).text for i in range(2)]
        assert lines[0].startswith(" ") and lines[1].startswith("?")  # one of three confident: unsure
        assert not sure.unsure and doubtful.unsure and doubtful.confident_count == 1
        archive = app.session.archive
        await until(pilot, lambda: archive is not None and archive.entities is not None, "the archive's entities")
        screen = await _archive_entities(app, pilot)
        rows = screen.query_one(_EntityRows)
        head = str(screen.query_one("#archive-entities-head", Static).render())
        assert rows.rows and "? = unsure" in head  # the mark's meaning, at the head
        for index, entity in enumerate(rows.rows):
            shown = rows.render_item_line(index, 0, 60, False).text
            assert shown.startswith("?") == entity.unsure
        await pilot.press("enter")  # in the box: the entity under the list's cursor
        await pilot.pause()
        assert isinstance(app.screen, EntityScreen)
        entity = app.screen.entity
        block = [text for text, _ in app.screen.query_one("#entity-head", _ShapedBlock).block_lines]
        line = next(text for text in block if text.startswith("ثقة"))
        assert f"{entity.confident_count:,} من" in line and f"{round(CONFIDENT * 100)}٪" in line
        assert ("راجِعه" in line) == entity.unsure


async def test_back_from_an_article_a_letter_typed_starts_a_new_query() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press(*"نتنياهو")
        await ready(app, pilot)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.main.active_pane == "reader"
        await pilot.press("e")  # the article's entities, then back: to the article, not past it
        await pilot.pause()
        assert app.main.active_pane == "entities"
        await pilot.press("escape")
        await pilot.pause()
        assert app.main.active_pane == "reader"
        await pilot.press("escape")
        await pilot.pause()
        assert app.main.results.has_focus  # back on the results: j moves, a letter starts a new query
        await pilot.press(*"كازاخستان")
        await ready(app, pilot)
        assert app.main.search_input.value == "كازاخستان"  # a new query, not joined to the old one


def _browse_entities(app: AkhbarApp) -> list[Entity]:
    """The archive's entities replaced by three that share the word سلمان (the one-word name
    the least named), and the lookup slowed as over a large archive."""
    from corpus.entities import EntityIndex, Mention
    from corpus.entities.grouping import entity_key

    def named(name: str, docs: range) -> Entity:
        return Entity(entity_key(name, "PER"), name, "PER", [(d, Mention(0, len(name), "PER", name)) for d in docs])

    archive = app.session.archive
    assert archive is not None and archive.entities is not None
    entities = [named("سلمان بن عبد العزيز", range(3)), named("محمد بن سلمان", range(2)), named("سلمان", range(1))]
    archive.entities = EntityIndex(entities, archive.entities.articles)
    return entities


@pytest.fixture
def slow_lookup(monkeypatch: pytest.MonkeyPatch) -> None:
    """The browser's lookup takes 0.4 s, as over 150k entities before they were indexed."""
    import time

    import corpus

    real = corpus.entities_named

    def slow(*args: object, **kwargs: object) -> list[Entity]:
        time.sleep(0.4)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(corpus, "entities_named", slow)


async def _entities_browser(app: AkhbarApp, pilot: Pilot[int]) -> object:
    from tui.app.screens.archive_entities import ArchiveEntitiesScreen

    await ready(app, pilot)
    archive = app.session.archive
    await until(pilot, lambda: archive is not None and archive.entities is not None, "the archive's entities")
    _browse_entities(app)
    await pilot.press("E")
    await until(pilot, lambda: isinstance(app.screen, ArchiveEntitiesScreen), "the archive's entities list")
    await app.workers.wait_for_complete()
    await pilot.pause()
    return app.screen


async def test_the_entity_filter_never_shows_the_unfiltered_list_for_a_name_and_finds_words_of_names(
    tmp_path: Path, slow_lookup: None
) -> None:
    """A name that names nothing says so, with no rows, and the unfiltered list never stands
    while a name is looked up; a word of a name finds every entity whose name holds it, most
    named first (سلمان: the king, the crown prince, then the one-word name)."""
    from tui.app.screens.archive_entities import _EntityRows

    app = make_app([write_articles(tmp_path, NAMESAKES)])
    async with app.run_test(size=SIZE) as pilot:
        screen = await _entities_browser(app, pilot)
        rows = app.screen.query_one(_EntityRows)
        assert [e.name for e in rows.rows][:1] == ["سلمان بن عبد العزيز"]
        await pilot.press(*"zzqx")
        await pilot.pause(0.05)
        assert rows.rows == []  # not yet found: never the unfiltered list meanwhile
        assert "Looking for zzqx" in screen_text(app)  # the whole name typed, not its first letter
        await until(pilot, lambda: "No entity named zzqx" in screen_text(app), "no entity named zzqx")
        assert rows.rows == []
        app.screen.query_one(Input).value = "سلمان"
        await until(pilot, lambda: len(rows.rows) == 3, "the three names holding سلمان")
        assert [e.name for e in rows.rows] == ["سلمان بن عبد العزيز", "محمد بن سلمان", "سلمان"]
        app.screen.query_one(Input).value = "بن سلمان"
        await until(pilot, lambda: len(rows.rows) == 2, "the two names holding بن سلمان")
        assert screen is app.screen
        app.screen.query_one(Input).value = ""
        await until(pilot, lambda: len(rows.rows) > 2, "the unfiltered list")
        await pilot.press(".")  # one key that names nothing: the list says so, not "Looking for" forever
        await until(pilot, lambda: "No entity named ." in screen_text(app), "no entity named .")
        app.screen.query_one(Input).value = "بلابلا"  # Arabic in the message is shaped as everywhere else
        await until(
            pilot,
            lambda: "No entity named" in screen_text(app) and "No entity named ." not in screen_text(app),
            "no entity named بلابلا",
        )
        line = next(text for text in screen_text(app).splitlines() if "No entity named" in text)
        assert presentation_forms(line) and "بلابلا" not in line


async def test_fast_typing_in_the_entity_filter_loses_no_key_and_the_list_follows_the_last_text(
    tmp_path: Path, slow_lookup: None
) -> None:
    """ترامب, then at once five backspaces and سلمان: every key lands in the box, and the list
    shows what the last text finds."""
    from tui.app.screens.archive_entities import _EntityRows

    app = make_app([write_articles(tmp_path, NAMESAKES)])
    async with app.run_test(size=SIZE) as pilot:
        await _entities_browser(app, pilot)
        box, rows = app.screen.query_one(Input), app.screen.query_one(_EntityRows)
        await pilot.press(*"ترامب")
        await pilot.press(*["backspace"] * 5, *"سلمان")
        assert box.value == "سلمان"
        await until(pilot, lambda: len(rows.rows) == 3, "what سلمان finds")
        assert box.value == "سلمان" and box.has_focus


async def test_entity_filter_keys_enter_opens_down_moves_into_the_list_esc_clears_then_closes(tmp_path: Path) -> None:
    from tui.app.screens.archive_entities import ArchiveEntitiesScreen, _EntityRows

    app = make_app([write_articles(tmp_path, NAMESAKES)])
    async with app.run_test(size=SIZE) as pilot:
        screen = await _entities_browser(app, pilot)
        box, rows = app.screen.query_one(Input), app.screen.query_one(_EntityRows)
        await pilot.press(*"سلمان")
        await until(pilot, lambda: len(rows.rows) == 3, "what سلمان finds")
        await pilot.press("down")
        assert rows.has_focus and rows.cursor == 0
        await pilot.press("down", "enter")
        await until(pilot, lambda: isinstance(app.screen, EntityScreen), "the second match's detail")
        assert isinstance(app.screen, EntityScreen) and app.screen.entity.name == "محمد بن سلمان"
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ArchiveEntitiesScreen), "back to the list")
        screen = app.screen
        box, rows = screen.query_one(Input), screen.query_one(_EntityRows)
        assert box.value == "سلمان"  # the list as it was left
        box.value = "سلمان"
        box.focus()
        await pilot.press("end", "enter")  # enter in the box: the first match
        await until(pilot, lambda: isinstance(app.screen, EntityScreen), "the first match's detail")
        assert isinstance(app.screen, EntityScreen) and app.screen.entity.name == "سلمان بن عبد العزيز"
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ArchiveEntitiesScreen), "back to the list")
        screen = app.screen
        box, rows = screen.query_one(Input), screen.query_one(_EntityRows)
        box.focus()
        await pilot.press("pagedown")
        assert rows.has_focus
        box.focus()
        await pilot.press("escape")  # clears the box, stays
        assert isinstance(app.screen, ArchiveEntitiesScreen) and box.value == "" and box.has_focus
        await pilot.press("escape")  # an empty box: closes
        assert not isinstance(app.screen, ArchiveEntitiesScreen)


async def test_G_in_the_results_goes_to_the_last_result_of_the_search(tmp_path: Path) -> None:
    texts = [f"عنوان رقم {n}\nنشرت الصحيفة تقريرا عن المعرض رقم {n} في المدينة." for n in range(250)]
    app = make_app([write_articles(tmp_path, texts)])
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press(*"المعرض")
        await ready(app, pilot)
        results = app.main.results
        assert results.total == 250 and len(results.made) < 250  # a page made at first
        results.focus()
        await pilot.press("G")
        await until(pilot, lambda: results.cursor == 249, "the last of the 250 results")
        assert results.item_count == 250 and results.current is results.results[-1]


def test_the_help_fits_its_box_and_wraps_a_description_under_itself() -> None:
    from tui.app.screens.help import HELP_WIDTH, help_text

    lines = help_text().split("\n")
    assert max(len(line) for line in lines) <= HELP_WIDTH  # at 80 columns no line wraps at column 0
    keys = lines[1 : lines.index("")]
    assert all(line.startswith("  ") for line in keys)
    assert any(line.startswith(" " * 17) and line.strip() for line in keys)  # a continued description


async def test_a_query_left_or_entered_reads_its_last_word_whole_as_the_shell_does(tmp_path: Path) -> None:
    # While typed, the last word also matches the words it begins (توك: توكيو); once the box is
    # left, the count and what x exports are the shell's: توك as a word.
    texts = [f"خبر {n}\nانتشر تطبيق تيك توك بين الشباب" for n in range(3)]
    texts += [f"رحلة {n}\nزار الوفد تيك في طوكيو ثم توكيو" for n in range(4)]
    app = make_app([write_articles(tmp_path / "corpus", texts)])
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("slash", *"تيك توك")
        await ready(app, pilot)
        typed = app.main.search_pane.found
        assert typed is not None and typed.full_count() == 7  # توكيو begun: every article holds both
        await pilot.press("escape")
        await ready(app, pilot)
        await pilot.pause()
        settled = app.main.search_pane.found
        assert settled is not None and settled.full_count() == 3
        assert app.main.search_input.value == "تيك توك"  # the box keeps what was typed
        await pilot.press("slash", "end", "space", *"ب")  # typing again: begun again
        await ready(app, pilot)
        assert app.main.search_input.value == "تيك توك ب"


def _tiktok(tmp_path: Path) -> Path:
    texts = [f"خبر {n}\nانتشر تطبيق تيك توك بين الشباب" for n in range(3)]
    texts += [f"رحلة {n}\nزار الوفد تيك في طوكيو ثم توكيو" for n in range(4)]
    return write_articles(tmp_path / "corpus", texts)


def _slowed(app: AkhbarApp, seconds: float = 0.4) -> None:
    """Each search of the app's archive takes `seconds` longer (a keystroke then comes while it runs)."""
    import time

    archive = app.session.archive
    assert archive is not None
    real = archive.plan

    def plan(query: str, *, stop: object = None) -> object:
        time.sleep(seconds)
        return real(query, stop=stop)  # type: ignore[arg-type]

    archive.plan = plan  # type: ignore[method-assign,assignment]


@pytest.mark.parametrize(("typed", "key"), [('"تيك توك"', "escape"), ("تيك !طوكيو", "enter")])
async def test_a_query_with_no_word_begun_left_while_it_runs_keeps_its_results(
    tmp_path: Path, typed: str, key: str
) -> None:
    app = make_app([_tiktok(tmp_path)])
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        _slowed(app)
        await pilot.press("slash", *typed, key)  # while its search runs
        await ready(app, pilot)
        await pilot.pause(0.8)
        await ready(app, pilot)
        assert app.main.search_pane.found is not None
        if key == "enter":
            assert app.main.active_pane == "reader"


async def test_down_out_of_the_box_reads_the_last_word_whole(tmp_path: Path) -> None:
    app = make_app([_tiktok(tmp_path)])
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("slash", *"تيك توك")
        await ready(app, pilot)
        await pilot.press("down")
        await ready(app, pilot)
        await pilot.pause()
        found = app.main.search_pane.found
        assert app.focused is app.main.results and found is not None and found.full_count() == 3


def _tiktok_exported_from(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[AkhbarApp, Path]:
    """The app on the تيك توك corpus, run from an empty folder exports are written into."""
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(out)
    return make_app([_tiktok(tmp_path)]), out


async def _typed_slowly(app: AkhbarApp, pilot: Pilot[int], query: str, seconds: float = 0.4) -> None:
    """`query` typed into the search box, its results in, then searches made `seconds` slower."""
    await ready(app, pilot)
    await pilot.press("slash", *query)
    await ready(app, pilot)
    _slowed(app, seconds)


async def test_x_right_after_leaving_the_box_exports_what_the_shell_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import csv

    app, out = _tiktok_exported_from(tmp_path, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await _typed_slowly(app, pilot, "تيك توك")
        await pilot.press("escape", "x")  # x before the search with the last word whole is in
        await ready(app, pilot)
        await until(pilot, lambda: any(out.glob("*.csv")))
        await pilot.pause(0.5)
        settled = app.main.search_pane.found
        assert settled is not None and settled.full_count() == 3
        (written,) = out.glob("*.csv")
        rows = list(csv.DictReader(written.open(encoding="utf-8-sig")))
        assert len(rows) == settled.count() and sum("partial" not in row["match"] for row in rows) == 3


async def test_an_export_from_the_palette_while_typing_exports_what_the_shell_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The palette leaves the focus in the box: its export wrote the words the last word begins
    (توكيو for توك), not the query's results as the shell exports them (a newcomer's run)."""
    import csv

    app, out = _tiktok_exported_from(tmp_path, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await _typed_slowly(app, pilot, "تيك توك", 0.0)
        assert app.main.search_input.has_focus
        await pilot.press("ctrl+p", *"export")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await until(pilot, lambda: any(out.glob("*.csv")))
        await pilot.pause(0.5)
        (written,) = out.glob("*.csv")
        rows = list(csv.DictReader(written.open(encoding="utf-8-sig")))
        assert sum("partial" not in row["match"] for row in rows) == 3


async def test_x_twice_or_typing_again_before_the_search_is_in_leaves_one_file_or_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """x names its file at once; an export that waited for a search typed over or asked twice
    left an empty file behind (review)."""
    app, out = _tiktok_exported_from(tmp_path, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await _typed_slowly(app, pilot, "تيك توك", 2.0)  # both x before it is in, however slow the keys come
        await pilot.press("escape", "x", "x")  # twice before the search with the last word whole is in
        await ready(app, pilot)
        await until(pilot, lambda: any(out.glob("*.csv")))
        await pilot.pause(0.5)
        assert len(list(out.glob("*.csv"))) == 1
        _slowed(app)
        await pilot.press("slash", *"تيك تو", "escape", "x")
        await pilot.press("slash", "ك")  # typed again before that search is in: its export is dropped
        await ready(app, pilot)
        await pilot.pause(0.5)
    assert len(list(out.glob("*.csv"))) == 1


async def test_a_cursor_moved_after_leaving_the_box_stays_when_nothing_is_searched_again(tmp_path: Path) -> None:
    texts = [f"خبر {n}\nقال ترامب إن الاقتصاد قوي في العام {n}" for n in range(30)]
    app = make_app([write_articles(tmp_path / "corpus", texts)])
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("slash", *"ترامب")
        await ready(app, pilot)
        _slowed(app)  # a search run again would come after the cursor moved
        await pilot.press("escape", "j", "j", "j")
        await ready(app, pilot)
        await pilot.pause(0.3)
        assert app.main.results.cursor == 3


async def test_an_article_opened_at_a_mention_is_scrolled_there_when_its_tab_is_sized_late(tmp_path: Path) -> None:
    """The journalist of the twenty-fifth session twice saw an article opened at a mention show its
    top: the first scroll fell short before the reader was sized. A resize that finds the view
    at the top scrolls to the mention again, until the reader moves."""
    body = "\n\n".join(f"فقرة رقم {n} من نص طويل عن الأخبار." for n in range(200))
    (tmp_path / "a.txt").write_text("عنوان\n" + body + "\n\nهنا الاسم المطلوب في آخر النص.\n", encoding="utf-8")
    app = make_app([tmp_path])
    async with app.run_test(size=SIZE) as pilot:
        reader = await first_article_open(app, pilot)
        assert reader.article is not None and reader.doc is not None
        at = reader.text.index("الاسم المطلوب")
        reader.show(reader.doc, reader.article, reader.text, reader.words, at=at)
        await pilot.pause()
        reader.scroll_to(y=0, animate=False, immediate=True)  # as a scroll that fell short leaves it
        await pilot.resize_terminal(SIZE[0] + 2, SIZE[1])
        await pilot.pause()
        assert int(reader.scroll_offset.y) > 0
        reader.action_top()  # the reader moved: a resize keeps the top now
        await pilot.resize_terminal(*SIZE)
        await pilot.pause()
        assert int(reader.scroll_offset.y) == 0


async def test_a_theme_the_config_names_that_does_not_exist_is_said_not_dropped_in_silence() -> None:
    app = make_app(theme="nope")
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        told = [n.message for n in app._notifications]
        assert any("theme = 'nope' ignored" in m for m in told), told
        assert app.theme == "textual-dark"


async def test_a_notice_is_never_read_as_markup() -> None:
    """An export into /tmp/[old]/ was named /tmp//…, and [/x] in a path raised MarkupError (a review)."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.main.notify("Exported 3 results to /tmp/[old]/[/x]/a.csv")
        await pilot.pause()
        assert any(n.message.endswith("/tmp/[old]/[/x]/a.csv") and not n.markup for n in app._notifications)
