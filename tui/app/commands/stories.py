"""Commands on stories: the other articles of an article's story, the largest stories in view,
folding the results by story. Each takes the main screen it runs on."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from corpus import Doc, counted
from tui.app.screens.stories import StoriesScreen, StoryArticlesScreen, also_reported_lines

if TYPE_CHECKING:
    from corpus import Archive
    from tui.app.main_screen import MainScreen

__all__ = ["also", "stories", "fold_stories"]


def also(screen: MainScreen) -> None:
    """The other articles of the open (or selected) article's story; enter opens one."""
    if screen.session.archive is None:
        return
    doc = screen.reader.doc if screen.reader.doc is not None else screen.articles.current_doc
    if doc is None:
        return
    if screen.session.archive.stories is None:
        screen.notify("The stories are still being grouped", timeout=3)
        return
    others = screen.session.also_reported(doc)
    heading = _also_heading(screen.session.archive, doc, others)
    rows = also_reported_lines(screen.session.archive, others)
    screen.app.push_screen(StoryArticlesScreen(heading, others, rows, screen.options), partial(_open_chosen, screen))


def _also_heading(archive: Archive, doc: Doc, others: list[Doc]) -> str:
    """What the other articles of a story are: how many, and how many other outlets wrote them
    (a story of one outlet's articles says so: it is no other outlet's report)."""
    articles = archive.articles
    own = articles[doc].source_name
    outlets = {articles[other].source_name for other in others} - {own}
    same = sum(1 for other in others if articles[other].source_name == own)
    told = f"{counted(len(others), 'other article{s}')} of this story"
    if not others:
        return f"Also reported by: {told}"
    source = own or "the same source"
    if not outlets:
        return f"Also reported by: no other outlet ({told}, all from {source})"
    return f"Also reported by: {counted(len(outlets), 'other outlet{s}')} ({told}, {same} from {source})"


def _open_chosen(screen: MainScreen, doc: Doc | None) -> None:
    if doc is not None:
        screen.session.came_from = "reader"
        screen.open_article(doc)
        screen.activate("reader")


def stories(screen: MainScreen) -> None:
    """The largest stories of the articles in view: every result of the search when the
    results are the list in view, else the articles the list shows (its filter sets the period)."""
    if screen.session.archive is None:
        return
    stories = screen.session.archive.stories
    if stories is None:
        screen.notify("The stories are still being grouped", timeout=3)
        return
    found = screen.search_pane.found if screen.list_pane == "search" else None
    if found is not None:
        view = found.docs().tolist()
        among = f"the {counted(len(view), 'result{s}')}"
    else:
        view = list(screen.articles.view)
        among = f"the {counted(len(view), 'article{s}')} in view"
    largest = stories.largest(view if len(view) < len(screen.session.archive) else None, limit=200)
    heading = f"Stories of {among} (rows count whole stories)"
    archive = screen.session.archive

    def chosen(number: int | None) -> None:
        if number is None:
            return
        story = stories.story(number)
        rows = also_reported_lines(archive, list(story.docs))
        title = f"{len(story.docs)} articles, {len(story.sources)} sources"
        screen.app.push_screen(
            StoryArticlesScreen(title, list(story.docs), rows, screen.options), partial(_open_chosen, screen)
        )

    screen.app.push_screen(StoriesScreen(heading, largest, screen.options), chosen)


def fold_stories(screen: MainScreen) -> None:
    if screen.session.archive is None or screen.session.archive.stories is None:
        screen.notify("The stories are still being grouped", timeout=3)
        return
    folded = screen.search_pane.results.toggle_fold()
    screen.search_pane.show_status()  # a line says so while they are folded
    screen.notify("Results folded by story: one row a story" if folded else "Results unfolded", timeout=3)
