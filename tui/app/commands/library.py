"""Commands on what is remembered and what the archive holds: bookmarks, saved searches, the
sources, the archive's entities, the skipped files. Each takes the main screen it runs on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from corpus import counted
from tui.app.screens.archive_entities import TOP_ENTITIES, ArchiveEntitiesScreen
from tui.app.screens.problems import ProblemsScreen
from tui.app.screens.saved import SavedSearchesScreen
from tui.app.screens.sources import SourcesScreen

if TYPE_CHECKING:
    from corpus import Doc
    from corpus.entities import Entity
    from tui.app.main_screen import MainScreen

__all__ = ["bookmark", "bookmarks", "save_search", "saved_searches", "archive_entities", "sources", "show_problems"]


def bookmark(screen: MainScreen) -> None:
    """Bookmark the article the keys act on (see _current_doc), or remove its bookmark."""
    doc = _current_doc(screen)
    if doc is None or screen.session.remembered is None or screen.session.archive is None:
        screen.notify("No article to bookmark here", timeout=2)
        return
    on = screen.session.toggle_bookmark(doc)
    screen.articles.refresh_marks()
    if screen.articles.only is not None:
        bookmarked = screen.session.remembered.bookmarked_docs()
        screen.articles.show_only(bookmarked, screen.session.remembered.bookmarks_kept_aside(bookmarked))
    screen.save_remembered("Bookmarked (B lists bookmarks)" if on else "Bookmark removed")


def bookmarks(screen: MainScreen) -> None:
    """The article list shows only bookmarked articles, or every article again."""
    if screen.session.remembered is None:
        return
    showing = screen.articles.only is None
    bookmarked = screen.session.remembered.bookmarked_docs()
    aside = screen.session.remembered.bookmarks_kept_aside(bookmarked)
    screen.articles.show_only(bookmarked if showing else None, aside)
    screen.activate("articles")
    count = len(bookmarked)
    gone = f" · {aside} more kept whose articles are gone, back when they are" if aside else ""
    said = f"{count} bookmarked article{'s' if count != 1 else ''}{gone} · B shows all"
    screen.notify(said if showing else "All articles")


def save_search(screen: MainScreen) -> None:
    query = screen.search_pane.searched_text()  # a query left or entered: its last word whole
    if screen.session.remembered is None or not query.strip():
        screen.notify("Type a search first, then S keeps it", timeout=2)
        return
    screen.session.remember_query()  # kept, so in the history too
    if screen.session.remembered.memory.save_search(query):
        screen.save_remembered("Search saved (V lists saved searches)")
    else:
        screen.notify("Already saved", timeout=2)


def saved_searches(screen: MainScreen) -> None:
    remembered = screen.session.remembered
    if remembered is None:
        return
    queries = [search.query for search in remembered.memory.searches]

    def forget(query: str) -> None:
        remembered.memory.forget_search(query)
        screen.save_remembered()  # a save that fails is said at the d that asked for it

    searches = SavedSearchesScreen(queries, remembered.saved_search_counts, screen.options, forget)

    def chosen(query: str | None) -> None:
        if query is not None:
            remembered.memory.checked(query)
            screen.search_input.value = query  # as it was searched when saved, as its count counted it
            screen.activate("search")
            screen.results.focus()  # a whole query: the keys after it act on its results
            screen.save_remembered()

    screen.app.push_screen(searches, chosen)


def archive_entities(screen: MainScreen) -> None:
    """The archive's entities, most named first (those of the search or the list in view, when
    that is not the whole archive, with the articles in view naming each), with a box that finds
    one by any spelling in the whole archive; the one chosen opens in detail."""
    if screen.session.archive is None or screen.session.archive.entities is None:
        screen.notify("The archive's entities are still being found", timeout=3)
        return

    archive, entities = screen.session.archive, screen.session.archive.entities

    def named(name: str) -> list[Entity]:
        from corpus import entities_named  # loads grouping (numpy, rapidfuzz): never before the first paint

        return entities_named(archive, name, TOP_ENTITIES)

    def warm() -> None:
        from corpus.entities import name_index

        name_index(entities.entities)

    found = screen.search_pane.found if screen.list_pane == "search" else None
    view = found.docs() if found is not None else list(screen.articles.view)
    in_view = None
    if len(view) < len(archive):  # a search, a period or a source: its own most named first
        among = (
            f"the {counted(len(view), 'result{s}')}"
            if found is not None
            else f"the {counted(len(view), 'article{s}')} in view"
        )
        in_view = (f"Entities of {among}", lambda: entities.most_named_in(view, TOP_ENTITIES))

    def written(name: str) -> int:
        from corpus import articles_writing

        return articles_writing(archive, name)

    def listed(typed: str) -> None:
        shown = ArchiveEntitiesScreen(entities.entities, named, screen.options, typed, warm, in_view, written)

        def chosen(entity: Entity | None) -> None:
            if entity is not None:  # esc in its detail comes back to this list as it was left
                screen.show_entity(entity, back=lambda: listed(shown.typed))

        screen.app.push_screen(shown, chosen)

    listed("")


def sources(screen: MainScreen) -> None:
    """The sources with their article counts; enter searches the one chosen."""
    if screen.session.archive is None:
        return

    def chosen(query: str | None) -> None:
        if query is not None:
            screen.search_input.value = query
            screen.activate("search")
            screen.results.focus()  # a whole query: the keys after it act on its results (j, Y, x)

    screen.app.push_screen(SourcesScreen(screen.session.archive.source_counts(), screen.options), chosen)


def show_problems(screen: MainScreen) -> None:
    paths = screen.session.archive.paths if screen.session.archive is not None else []
    screen.app.push_screen(ProblemsScreen(screen.session.problems, paths, screen.options))


def _current_doc(screen: MainScreen) -> Doc | None:
    """The article the keys act on: the one open in the reader, else the one under a cursor."""
    if screen.active_pane in ("reader", "entities") and screen.reader.article is not None:
        return screen.reader.doc
    if screen.active_pane == "search":
        result = screen.results.current
        return result.doc if result is not None else None
    return screen.articles.current_doc
