"""Stories: the largest stories of the articles in view, and the articles of one story (the
"also reported by" list of an article); enter opens one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.style import Style
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.widgets import Static

from corpus import Doc
from tui.app.widgets.cursor_list import CursorList
from tui.app.widgets.lines import first_line, text_strip, visual_strip
from tui.display import DisplayOptions, is_rtl_text, visible

if TYPE_CHECKING:
    from corpus import Archive, Story

__all__ = ["StoriesScreen", "StoryArticlesScreen", "also_reported_lines"]


def also_reported_lines(archive: Archive, docs: list[Doc]) -> list[tuple[str, str]]:
    """(source and date, title) of each article: the rows of an "also reported by" list."""
    rows = []
    for doc in docs:
        article = archive.article(doc)
        where = " · ".join(part for part in (article.source_name, article.date) if part)
        rows.append((visible(where, bidi="strip"), visible(article.title, bidi="strip")))
    return rows


class _Rows(CursorList):
    """Rows of a left column (counts, sources, dates) and a title, shaped."""

    def __init__(self, rows: list[tuple[str, str]], options: DisplayOptions, empty: str, id: str) -> None:
        super().__init__(id=id)
        self.rows = rows
        self.options = options
        self.empty_message = empty
        self.left_width = min(44, max((len(left) for left, _ in rows), default=0) + 2)
        self.set_item_count(len(rows))

    def render_item_line(self, index: int, line: int, width: int, selected: bool) -> Strip:
        left, title = self.rows[index]
        base = self.rich_style + (self.style_of("cursor") if selected else Style())
        column = f" {left[: self.left_width - 2]:<{self.left_width - 1}}"
        shown = first_line(title, max(10, width - len(column)), self.options, is_rtl_text(title))
        return Strip.join(
            [
                text_strip(column, len(column), base + self.style_of("dim")),
                visual_strip(shown, width - len(column), base),
            ]
        ).crop_extend(0, width, base)


class StoryArticlesScreen(ModalScreen[Doc | None]):
    """The articles of one story (source, date, title), oldest first; enter gives the one chosen."""

    BINDINGS = [Binding("escape,q,a", "dismiss(None)", "Close", priority=True)]
    DEFAULT_CSS = """
    StoryArticlesScreen { align: center middle; }
    StoryArticlesScreen > Vertical { width: 90%; height: 80%; border: round $accent; background: $surface; }
    StoryArticlesScreen #story-head { height: auto; max-height: 3; color: $text-muted; }
    """

    def __init__(self, heading: str, docs: list[Doc], rows: list[tuple[str, str]], options: DisplayOptions) -> None:
        super().__init__()
        self.heading = heading
        self.docs = docs
        self.rows = rows
        self.options = options

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f" {self.heading} · enter opens one · esc closes", id="story-head", markup=False)
            yield _Rows(self.rows, self.options, "No other outlet carried this story.", "story-articles")

    def on_mount(self) -> None:
        self.query_one(_Rows).focus()

    def on_cursor_list_selected(self, event: CursorList.Selected) -> None:
        event.stop()
        self.dismiss(self.docs[event.index])


class StoriesScreen(ModalScreen[int | None]):
    """The largest stories (sources, articles, first and last dates, title); enter gives the
    story chosen (the caller lists its articles)."""

    BINDINGS = [Binding("escape,q,Y", "dismiss(None)", "Close", priority=True)]
    DEFAULT_CSS = """
    StoriesScreen { align: center middle; }
    StoriesScreen > Vertical { width: 95%; height: 85%; border: round $accent; background: $surface; }
    StoriesScreen #stories-head { height: auto; max-height: 3; color: $text-muted; }
    """

    def __init__(self, heading: str, stories: list[Story], options: DisplayOptions) -> None:
        super().__init__()
        self.heading = heading
        self.stories = stories
        self.options = options

    def compose(self) -> ComposeResult:
        rows = []
        for story in self.stories:
            dates = story.first[5:] if story.first == story.last else f"{story.first[5:]}…{story.last[5:]}"
            if story.first[:4] != story.last[:4] or not story.first:
                dates = f"{story.first}…{story.last}" if story.first else "undated"
            left = f"{len(story.sources):>2} src {len(story.docs):>3} art {story.first[:4]} {dates}"
            rows.append((left, visible(story.title, bidi="strip")))
        with Vertical():
            yield Static(f" {self.heading}\n enter lists one · esc closes", id="stories-head", markup=False)
            yield _Rows(rows, self.options, "No story of two articles or more here.", "stories")

    def on_mount(self) -> None:
        self.query_one(_Rows).focus()

    def on_cursor_list_selected(self, event: CursorList.Selected) -> None:
        event.stop()
        self.dismiss(self.stories[event.index].number)
