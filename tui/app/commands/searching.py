"""Commands on the search shown: its order, its timeline, the offered variants, searching as
written, exporting its results. Each takes the main screen it runs on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from corpus.search import AS_WRITTEN, toggle_as_written
from tui.app.exporting import shown_path
from tui.app.panes.articles import ArticlesPane
from tui.display import visible

if TYPE_CHECKING:
    from tui.app.main_screen import MainScreen

__all__ = ["sort", "timeline", "add_variants", "as_written", "export"]


def sort(screen: MainScreen) -> None:
    """Sort the list in view: search results by relevance or date, else the article list."""
    if screen.active_pane == "search":
        screen.notify(f"Results sorted by {screen.search_pane.toggle_order()}", timeout=2)
    else:
        screen.notify(f"Articles sorted by {screen.articles.cycle_order()}", timeout=2)


def timeline(screen: MainScreen) -> None:
    """Show or hide the timeline of the current search (articles a month); the keys stay
    with the results, not the query box, so that j and k move in them."""
    screen.search_pane.toggle_timeline()
    screen.activate("search", focus=False)
    screen.results.focus()


def add_variants(screen: MainScreen) -> None:
    """Add the spelling variants the search notes offer to the query, which runs again."""
    added = screen.search_pane.add_offered_variants()
    if not added:
        screen.notify("No spelling variant is offered for this search", timeout=2)
        return
    screen.activate("search", focus=False)
    screen.notify(visible(f"Added {added}"), timeout=2)


def as_written(screen: MainScreen) -> None:
    """Search the words as written only (= before the query), or as usual again."""
    query = toggle_as_written(screen.search_input.value)
    screen.search_input.value = query
    screen.search_input.cursor_position = len(query)
    screen.activate("search", focus=False)
    written = query.lstrip().startswith(AS_WRITTEN)
    screen.notify("Searching as written only" if written else "Searching every form of the words", timeout=2)


def export(screen: MainScreen) -> None:
    """Export every result of the search shown, as CSV into the current folder (in a worker);
    from the article list while it is filtered, sorted or bookmarks only, that list as shown."""
    if screen.active_pane == "articles" and screen.session.archive is not None:
        pane = screen.query_one(ArticlesPane)
        if pane.list.pending is not None:
            screen.notify("The list is still being filtered: x again in a moment", timeout=3)
            return
        listed = pane.export_view(screen.session.archive)
        if listed:
            screen.notify(f"Exporting the list in view to\n{shown_path(listed, screen.app.size.width)}…", timeout=3)
            return
    path = screen.search_pane.export_results()
    if path is None:
        screen.notify("Search first, then x exports every result", timeout=2)
        return
    if not path:
        return  # no file could be made: the app said why
    screen.notify(f"Exporting the results to\n{shown_path(path, screen.app.size.width)}…", timeout=3)
    screen.session.remember_query()  # exported, so in the history too
