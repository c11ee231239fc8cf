"""Commands on the article open in the reader: its hits, finding text in it, its entities, and
the article list's filter. Each takes the main screen it runs on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.app.panes.articles import ArticlesPane

if TYPE_CHECKING:
    from tui.app.main_screen import MainScreen

__all__ = ["next_hit", "previous_hit", "find", "show_entities", "filter"]


def next_hit(screen: MainScreen) -> None:
    if not screen.reader.step_hit(1):
        screen.notify("No search hits in this article", timeout=2)


def previous_hit(screen: MainScreen) -> None:
    if not screen.reader.step_hit(-1):
        screen.notify("No search hits in this article", timeout=2)


def find(screen: MainScreen) -> None:
    """Find text in the open article (like / in less): enter highlights it, n/N go through it."""
    if screen.reader.article is None:
        screen.notify("Open an article first, then f finds text in it", timeout=2)
        return
    screen.activate("reader", focus=False)
    screen.find_box.display = True
    screen.find_box.focus()


def show_entities(screen: MainScreen) -> None:
    screen.activate("entities")


def filter(screen: MainScreen) -> None:  # noqa: A001 - the action's name, as the keys give it
    """Filter the article list (ctrl+f): its box opens."""
    screen.activate("articles", focus=False)
    screen.query_one(ArticlesPane).open_filter()
