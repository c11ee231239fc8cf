"""The main screen: the four panes (articles, search, reader, entities), the tab line and the status line.

It owns the panes' layout (side by side, or tabs below NARROW_WIDTH columns), which pane is
active, opening articles, and the keys that move between panes. Each pane owns its own
widgets and work: the search pane its query and worker, the articles pane its filter.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static

from corpus import ArticleUnreadable, Doc, ProblemCounts, counted
from corpus.search import AS_WRITTEN, find_in_text, toggle_as_written
from tui.app.keys import SCREEN_KEYS, bindings
from tui.app.panes.articles import ArticleList, ArticlesPane
from tui.app.panes.entities import EntityList
from tui.app.panes.reader import Reader
from tui.app.panes.search import ResultList, SearchPane
from tui.app.screens.archive_entities import ArchiveEntitiesScreen
from tui.app.screens.entity import EntityScreen
from tui.app.screens.problems import ProblemsScreen
from tui.app.screens.saved import SavedSearchesScreen
from tui.app.screens.sources import SourcesScreen
from tui.app.screens.stories import StoriesScreen, StoryArticlesScreen, also_reported_lines
from tui.app.widgets.safe_input import SafeInput
from tui.display import BidiMode, DisplayOptions, visible
from tui.session import Session

if TYPE_CHECKING:
    from corpus import Archive, LoadProblem, Refreshed
    from corpus.entities import Entity
    from tui.session import Remembered

__all__ = ["MainScreen", "PANES", "NARROW_WIDTH"]

PANES = ("articles", "search", "reader", "entities")
PANE_TITLES = {"articles": "Articles", "search": "Search", "reader": "Reader", "entities": "Entities"}
NARROW_WIDTH = 110
"""Below this many columns the panes become tabs: one shows at a time."""


class MainScreen(Screen[None]):
    """The panes over one session: it lays them out and moves the focus; the session holds the
    archive, what is remembered of it and the open article. The App hands it what arrives."""

    BINDINGS = bindings(SCREEN_KEYS)

    class Mounted(Message):
        """The panes exist: what the App loads in the background may be shown from now on."""

    def __init__(self, options: DisplayOptions, session: Session | None = None, *, show_timings: bool = True) -> None:
        super().__init__()
        self.options = options
        self.session = session if session is not None else Session()
        self.show_timings = show_timings
        """False in snapshot tests, whose screens must not depend on the machine's speed."""
        self.active_pane = "articles"
        self.list_pane = "articles"
        self._capturing_search = False
        self._status_text = "Reading the corpus…"
        self._entity_status = ""
        self._hit_text = ""
        self.clock: Callable[[], float] = time.monotonic
        """What the status line's times are measured with (a test gives its own)."""
        self._phases: dict[str, RunningPhase] = {}
        """By task ("archive", "entities"): the phase of background work now running."""

    def compose(self) -> ComposeResult:
        yield Static(id="tabs", markup=False)
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield ArticlesPane(id="articles-pane", classes="pane")
                yield SearchPane(self.session, id="search-pane", classes="pane", show_timings=self.show_timings)
            with Vertical(id="right"):
                with Vertical(id="reader-pane", classes="pane"):
                    yield Reader(id="reader")
                    yield SafeInput(placeholder="Find in this article (enter, then n/N; esc closes)", id="find")
                with Vertical(id="entities-pane", classes="pane"):
                    yield EntityList(id="entities")
        yield Static(id="status", markup=False)

    def on_mount(self) -> None:
        if self.show_timings:
            self.set_interval(1.0, self._tick)
        for box in self.query(Input):
            box.cursor_blink = False
        self.find_box.display = False
        self.set_options(self.options)
        self._apply_layout(self.app.size.width)
        self.articles.focus()
        self._draw_status()
        self.post_message(self.Mounted())

    # The session's state, as the panes and the App read it

    @property
    def archive(self) -> Archive | None:
        return self.session.archive

    @property
    def remembered(self) -> Remembered | None:
        return self.session.remembered

    # The panes' widgets

    @property
    def articles(self) -> ArticleList:
        return self.query_one("#articles", ArticleList)

    @property
    def search_pane(self) -> SearchPane:
        return self.query_one(SearchPane)

    @property
    def search_input(self) -> SafeInput:
        return self.search_pane.input

    @property
    def results(self) -> ResultList:
        return self.search_pane.results

    @property
    def reader(self) -> Reader:
        return self.query_one("#reader", Reader)

    @property
    def find_box(self) -> SafeInput:
        return self.query_one("#find", SafeInput)

    @property
    def entity_list(self) -> EntityList:
        return self.query_one("#entities", EntityList)

    def set_options(self, options: DisplayOptions) -> None:
        """Show every pane in a new bidi mode."""
        self.options = options
        for widget in (self.articles, self.results, self.reader, self.entity_list, *self.query(SafeInput)):
            widget.set_options(options)
        self._draw_tabs()

    # Layout

    def on_resize(self, event: events.Resize) -> None:
        self._apply_layout(event.size.width)

    def _apply_layout(self, width: int) -> None:
        narrow = width < NARROW_WIDTH
        self.set_class(narrow, "-narrow")
        for pane in PANES:
            container = self.query_one(f"#{pane}-pane")
            if narrow:
                container.display = pane == self.active_pane
            elif pane in ("articles", "search"):
                container.display = pane == self.list_pane
            else:
                container.display = True
        self.query_one("#left").display = not narrow or self.active_pane in ("articles", "search")
        self.query_one("#right").display = not narrow or self.active_pane in ("reader", "entities")
        self._draw_tabs()

    def _draw_tabs(self) -> None:
        parts = [f"[{PANE_TITLES[p]}]" if p == self.active_pane else f" {PANE_TITLES[p]} " for p in PANES]
        unshaped = "" if self.options.shapes or self.options.mode is BidiMode.OFF else ", unshaped"
        mode = f"bidi: {self.options.mode.value}{unshaped}"
        self.query_one("#tabs", Static).update(" ".join(parts) + f"   {mode}   ? help")

    def activate(self, pane: str, *, focus: bool = True) -> None:
        """Show a pane (a tab when narrow) and give its main widget the focus."""
        if pane in ("articles", "search"):
            self.list_pane = pane
        self.active_pane = pane
        self._apply_layout(self.app.size.width)
        self._draw_hit()
        if focus:
            target = {
                "articles": self.articles,
                "search": self.search_input,
                "reader": self.reader,
                "entities": self.entity_list,
            }[pane]
            if target.focusable:
                target.focus()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        for pane in PANES:
            container = self.query_one(f"#{pane}-pane")
            if event.widget is container or container in event.widget.ancestors:
                if pane != self.active_pane:
                    self.active_pane = pane
                    if pane in ("articles", "search"):
                        self.list_pane = pane
                    self._apply_layout(self.app.size.width)
                    self._draw_hit()
                break
        if event.widget is self.search_input:
            self._capturing_search = False

    # Status line

    def set_status(self, text: str) -> None:
        self._status_text = text
        self._draw_status()

    def set_entity_status(self, text: str) -> None:
        self._entity_status = text
        self._draw_status()

    def _draw_status(self) -> None:
        archive, entities = self._phases.get("archive"), self._phases.get("entities")
        stories = self._phases.get("stories")
        parts = [
            archive.describe(self._seconds(archive), first=True) if archive else self._status_text,
            stories.describe(self._seconds(stories)) if stories else "",
            entities.describe(self._seconds(entities)) if entities else self._entity_status,
            self._hit_text,
        ]
        found = self.query("#status")
        if not found:
            return  # the app is closing: background work may still report, with no line to show it
        found.first(Static).update(visible(" · ".join(p for p in parts if p), bidi="strip"))

    def _seconds(self, running: RunningPhase) -> float | None:
        """How long the phase has run, wall time (None when the screen shows no timings)."""
        return self.clock() - running.started if self.show_timings else None

    def _tick(self) -> None:
        """Once a second while background work runs: its phase's time goes on."""
        if self._phases:
            self._draw_status()

    def show_progress(self, task: str, phase: str, done: int, total: int) -> None:
        """Background work reports: a new phase starts its clock; a count is shown with it."""
        running = self._phases.get(task)
        if running is None or running.phase != phase:
            running = self._phases[task] = RunningPhase(phase, self.clock())
        running.done, running.total = done, total
        self._draw_status()

    def progress_over(self, task: str) -> None:
        """A task's background work ended (done or failed): its phase leaves the status line."""
        self._phases.pop(task, None)
        self._draw_status()

    # The archive arrives

    def archive_ready(self, archive: Archive) -> None:
        """Show the loaded archive and search it."""
        restored = self.session.start(archive)
        self._phases.pop("archive", None)
        self.articles.set_articles(archive.articles, archive.word_count, archive.listing())
        self._show_archive_status(archive, f" ({archive.seconds:.1f} s)" if self.show_timings else "")
        self.search_pane.archive_arrived()
        # Where the last session on this corpus was: its query, and its article at the place read.
        remembered = self.session.remembered
        assert remembered is not None
        self.articles.mark = remembered.mark
        self.articles.refresh_marks()
        self.search_pane.history = remembered.memory.history
        if restored.problem:
            self.notify(visible(restored.problem), severity="warning")
        if restored.query:
            self.search_input.value = restored.query
        if restored.doc is not None:
            self.open_article(restored.doc, self.search_pane.hits_for(restored.doc))
            if restored.offset:  # once the reader has its size and rows
                self.call_after_refresh(self.reader.scroll_to_offset, restored.offset, center=False)

    def remember_now(self) -> str:
        """Keep the query and the open article at its place for the next start (at quit); why
        it could not be written, or empty."""
        return self.session.remember_now(self.reader.top_offset())

    def _save(self, done: str = "") -> None:
        """Save what is remembered now, and say `done`; or, when it could not be written, say
        that and why, as an error (what was not written stays for the next save)."""
        problem = self.session.save()
        if problem:
            said = f"{done}, but {problem}" if done else problem[:1].upper() + problem[1:]
            self.notify(visible(said), severity="error", timeout=10)
        elif done:
            self.notify(done, timeout=2)

    def _show_archive_status(self, archive: Archive, note: str) -> None:
        """The status line: how many articles, then `note`, then the problems (w lists them)."""
        problems = ProblemCounts.of(archive.problems).describe()
        self.set_status(counted(len(archive), "article{s}") + note + (f" · {problems} (w)" if problems else ""))

    def archive_changed(self, refreshed: Refreshed) -> None:
        """Adopt the index brought up to date: every pane keeps its place on the same articles
        (an article read again is found by its id), the query runs again, and the status line
        says what arrived."""
        archive = self.archive
        if archive is None:
            return
        moved = self.session.refresh(refreshed)
        current = moved(self.articles.current_doc)
        if self.articles.only is not None and self.remembered is not None:
            self.articles.only = self.remembered.bookmarked_docs()  # the bookmarks view, by the new keys
        self.articles.set_articles(archive.articles, archive.word_count, archive.listing(), keep=current)
        self.reader.doc = moved(self.reader.doc)
        self.search_pane.archive_arrived()
        self._use_stories()
        self._show_archive_status(archive, f" · {refreshed.describe()} at {time.strftime('%H:%M:%S')}")
        self.set_entity_status("entities: tagging the new articles")

    # Stories

    def stories_ready(self) -> None:
        """The stories are grouped: rows show their other outlets, the reader its "also reported by"."""
        self.progress_over("stories")
        self._use_stories()
        doc = self.reader.doc
        if doc is None or self.reader.article is None or self.archive is None:
            return
        # Laid out again only when its story gives it other outlets to list: an article alone
        # in its story keeps its lines, and its place (one restored from the last session too).
        also = also_reported_lines(self.archive, self.session.also_reported(doc))
        if also != self.reader.also:
            self.open_article(doc, tuple(self.reader.hits), self.reader.top_offset())

    def _use_stories(self) -> None:
        stories = self.archive.stories if self.archive is not None else None
        self.search_pane.results.set_stories(stories)
        self.articles.set_stories(stories)

    def action_also(self) -> None:
        """The other articles of the open (or selected) article's story; enter opens one."""
        if self.archive is None:
            return
        doc = self.reader.doc if self.reader.doc is not None else self.articles.current_doc
        if doc is None:
            return
        if self.archive.stories is None:
            self.notify("The stories are still being grouped", timeout=3)
            return
        others = self.session.also_reported(doc)
        heading = f"Also reported by: {len(others)} other article{'s' if len(others) != 1 else ''} of this story"
        rows = also_reported_lines(self.archive, others)
        self.app.push_screen(StoryArticlesScreen(heading, others, rows, self.options), self._open_chosen)

    def _open_chosen(self, doc: Doc | None) -> None:
        if doc is not None:
            self.session.came_from = "reader"
            self.open_article(doc)
            self.activate("reader")

    def action_stories(self) -> None:
        """The largest stories of the articles the list shows (its filter sets the period)."""
        if self.archive is None:
            return
        stories = self.archive.stories
        if stories is None:
            self.notify("The stories are still being grouped", timeout=3)
            return
        view = list(self.articles.view)
        largest = stories.largest(view if len(view) < len(self.archive) else None, limit=200)
        heading = (
            f"Stories among the {counted(len(view), 'article{s}')} in view, most outlets first"
            " (each row counts its whole story)"
        )
        archive = self.archive

        def chosen(number: int | None) -> None:
            if number is None:
                return
            story = stories.story(number)
            rows = also_reported_lines(archive, list(story.docs))
            title = f"{len(story.docs)} articles, {len(story.sources)} sources"
            self.app.push_screen(StoryArticlesScreen(title, list(story.docs), rows, self.options), self._open_chosen)

        self.app.push_screen(StoriesScreen(heading, largest, self.options), chosen)

    def action_fold_stories(self) -> None:
        if self.archive is None or self.archive.stories is None:
            self.notify("The stories are still being grouped", timeout=3)
            return
        folded = self.search_pane.results.toggle_fold()
        self.notify("Results folded by story: one row a story" if folded else "Results unfolded", timeout=3)

    def archive_failed(self, reason: str, problems: list[LoadProblem]) -> None:
        self._phases.pop("archive", None)
        self.session.failed(problems)
        self.articles.empty_message = f"No articles: {reason}. Press w for the reasons."
        self.articles.refresh()
        counts = ProblemCounts.of(problems).describe()
        self.set_status(f"No articles loaded · {counts} (w)" if counts else "No articles loaded: the corpus is empty")

    def entities_ready(self, seconds: float) -> None:
        """The corpus-wide entity index is in: the entities pane and detail use it from now on."""
        self._phases.pop("entities", None)
        if self.archive is None or self.archive.entities is None:
            self._draw_status()
            return
        if self.archive.entities.cache_problem:
            self.notify(visible(self.archive.entities.cache_problem), severity="warning")
        status = f"{len(self.archive.entities.entities):,} entities"
        self.set_entity_status(status + (f" ({seconds:.1f} s)" if self.show_timings else ""))
        if self.reader.doc is not None:
            self.entity_list.show_article(self.archive, self.reader.doc)

    # Keys typed before the focus reaches the search box

    def take_typed_key(self, event: events.Key) -> bool:
        """Type a printable key into the search box while the focus is on its way there.

        Over SSH a burst such as "/cairo" arrives in one read: the focus change that "/"
        asks for happens after the letters are dispatched, so the App hands each key here
        first (see AkhbarApp.on_event), and they are typed in order. Returns True when taken.
        """
        if isinstance(self.focused, Input):
            return False
        printable = event.is_printable and event.character is not None
        if self._capturing_search:
            if printable:
                self.search_pane.type_text(event.character or "")
                return True
            if event.key == "backspace":
                self.search_pane.delete_last()
                return True
            return False
        if event.key == "slash" or (printable and event.key not in self.active_bindings):
            self._start_search_capture()
            if event.key != "slash":
                self.search_pane.type_text(event.character or "")
            return True
        return False

    def _start_search_capture(self) -> None:
        """Go to the search box with its query selected: what is typed next replaces it (a
        new search), an arrow key or end keeps it to edit."""
        self._capturing_search = True
        self.search_input.select_all()
        self.activate("search")

    def action_focus_search(self) -> None:
        if self.focused is not self.search_input:
            self._start_search_capture()

    # Opening articles

    @on(SearchPane.Chosen)
    def _result_chosen(self, message: SearchPane.Chosen) -> None:
        self.session.came_from = "search"
        self.session.remember_query()
        self.open_article(message.doc, message.hits)

    @on(ArticleList.Selected, "#articles")
    def _article_chosen(self, event: ArticleList.Selected) -> None:
        doc = self.articles.view[event.index]
        self.session.came_from = "articles"
        self.open_article(doc, self.search_pane.hits_for(doc))

    def open_article(self, doc: Doc, hits: tuple[tuple[int, int], ...] = (), at: int | None = None) -> None:
        """Read an article and show it in the reader, its entities beside it."""
        if self.archive is None:
            return
        try:
            opened = self.session.open(doc)
        except ArticleUnreadable as error:
            self.reader.show_problem(str(error))
            self.entity_list.set_entities([], "")
            self.notify(visible(str(error)), severity="warning")
            self.activate("reader")
            return
        self.reader.roots = self.archive.paths
        self.reader.also = also_reported_lines(self.archive, opened.also)
        self.reader.show(doc, opened.article, opened.text, opened.words, hits, at)
        self.articles.refresh_marks()
        self.entity_list.show_article(self.archive, doc)
        self.activate("reader")

    def on_reader_hit_changed(self, message: Reader.HitChanged) -> None:
        self._draw_hit()

    def _draw_hit(self) -> None:
        """ "hit 2/5 (n/N)" while the reader is the active pane and its article has hits; nothing
        once another pane has the keys (n and N then say there is nothing to go to)."""
        reader = self.reader
        showing = self.active_pane == "reader" and reader.article is not None and bool(reader.hits)
        self._hit_text = f"hit {reader.hit_index + 1}/{len(reader.hits)} (n/N)" if showing else ""
        self._draw_status()

    @on(EntityList.Selected, "#entities")
    def _entity_chosen(self, event: EntityList.Selected) -> None:
        if self.archive is None:
            return
        entity = self.entity_list.items[event.index][0]
        self._show_entity(entity)

    def _show_entity(self, entity: Entity, cursor: int = 0) -> None:
        """The entity's detail; a mention chosen there opens in the reader, and esc in the reader
        comes back to the list of mentions at that mention."""
        assert self.archive is not None

        def chosen(index: int | None) -> None:
            self.session.mention_return = None
            if index is None:  # esc: back to the entities the entity was chosen from
                self.activate("entities")
                return
            doc, mention = entity.mentions[index]
            self.session.came_from = "entities"
            self.open_article(doc, ((mention.start, mention.end),), at=mention.start)
            self.session.mention_return = (entity, index)

        self.app.push_screen(EntityScreen(self.archive, entity, self.options, cursor), chosen)

    # Actions

    def action_next_pane(self) -> None:
        self.activate(PANES[(PANES.index(self.active_pane) + 1) % len(PANES)])

    def action_previous_pane(self) -> None:
        self.activate(PANES[(PANES.index(self.active_pane) - 1) % len(PANES)])

    def action_next_hit(self) -> None:
        if not self.reader.step_hit(1):
            self.notify("No search hits in this article", timeout=2)

    def action_previous_hit(self) -> None:
        if not self.reader.step_hit(-1):
            self.notify("No search hits in this article", timeout=2)

    def action_show_entities(self) -> None:
        self.activate("entities")

    def action_filter(self) -> None:
        self.activate("articles", focus=False)
        self.query_one(ArticlesPane).open_filter()

    def action_sort(self) -> None:
        """Sort the list in view: search results by relevance or date, else the article list."""
        if self.active_pane == "search":
            self.notify(f"Results sorted by {self.search_pane.toggle_order()}", timeout=2)
        else:
            self.notify(f"Articles sorted by {self.articles.cycle_order()}", timeout=2)

    def action_timeline(self) -> None:
        """Show or hide the timeline of the current search (articles a month); the keys stay
        with the results, not the query box, so that j and k move in them."""
        self.search_pane.toggle_timeline()
        self.activate("search", focus=False)
        self.results.focus()

    def action_add_variants(self) -> None:
        """Add the spelling variants the search notes offer to the query, which runs again."""
        added = self.search_pane.add_offered_variants()
        if not added:
            self.notify("No spelling variant is offered for this search", timeout=2)
            return
        self.activate("search", focus=False)
        self.notify(visible(f"Added {added}"), timeout=2)

    def action_as_written(self) -> None:
        """Search the words as written only (= before the query), or as usual again."""
        query = toggle_as_written(self.search_input.value)
        self.search_input.value = query
        self.search_input.cursor_position = len(query)
        self.activate("search", focus=False)
        written = query.lstrip().startswith(AS_WRITTEN)
        self.notify("Searching as written only" if written else "Searching every form of the words", timeout=2)

    def action_export(self) -> None:
        """Export every result of the search shown, as CSV into the current folder (in a worker)."""
        path = self.search_pane.export_results()
        if not path:
            self.notify("Search first, then x exports every result", timeout=2)
            return
        self.notify(visible(f"Exporting the results to {path}…"), timeout=3)

    def _current_doc(self) -> Doc | None:
        """The article the keys act on: the one open in the reader, else the one under a cursor."""
        if self.active_pane in ("reader", "entities") and self.reader.article is not None:
            return self.reader.doc
        if self.active_pane == "search":
            result = self.results.current
            return result.doc if result is not None else None
        return self.articles.current_doc

    def action_find(self) -> None:
        """Find text in the open article (like / in less): enter highlights it, n/N go through it."""
        if self.reader.article is None:
            self.notify("Open an article first, then f finds text in it", timeout=2)
            return
        self.activate("reader", focus=False)
        self.find_box.display = True
        self.find_box.focus()

    @on(Input.Submitted, "#find")
    def _find(self, event: Input.Submitted) -> None:
        event.stop()
        needle = event.value.strip()
        found = find_in_text(self.reader.text, needle) if needle else []
        self.find_box.display = False
        self.reader.focus()
        self.reader.set_hits(found)
        if needle and not found:
            self.notify(f"Not in this article: {visible(needle, bidi='strip')}", timeout=3)

    def action_bookmark(self) -> None:
        doc = self._current_doc()
        if doc is None or self.remembered is None or self.archive is None:
            self.notify("No article to bookmark here", timeout=2)
            return
        on = self.session.toggle_bookmark(doc)
        self.articles.refresh_marks()
        if self.articles.only is not None:
            self.articles.show_only(self.remembered.bookmarked_docs())
        self._save("Bookmarked (B lists bookmarks)" if on else "Bookmark removed")

    def action_bookmarks(self) -> None:
        """The article list shows only bookmarked articles, or every article again."""
        if self.remembered is None:
            return
        showing = self.articles.only is None
        bookmarked = self.remembered.bookmarked_docs()
        self.articles.show_only(bookmarked if showing else None)
        self.activate("articles")
        count = len(bookmarked)
        self.notify(
            f"{count} bookmarked article{'s' if count != 1 else ''} · B shows all" if showing else "All articles"
        )

    def action_save_search(self) -> None:
        query = self.search_input.value.strip()
        if self.remembered is None or not query:
            self.notify("Type a search first, then S keeps it", timeout=2)
            return
        if self.remembered.memory.save_search(query):
            self._save("Search saved (V lists saved searches)")
        else:
            self.notify("Already saved", timeout=2)

    def action_saved_searches(self) -> None:
        remembered = self.remembered
        if remembered is None:
            return
        queries = [search.query for search in remembered.memory.searches]

        def forget(query: str) -> None:
            remembered.memory.forget_search(query)
            self._save()  # a save that fails is said at the d that asked for it

        screen = SavedSearchesScreen(queries, remembered.saved_search_counts, self.options, forget)

        def chosen(query: str | None) -> None:
            if query is not None:
                remembered.memory.checked(query)
                self.search_input.value = query + " "  # whole words, as its count counted them
                self.activate("search")
                self._save()

        self.app.push_screen(screen, chosen)

    def action_archive_entities(self) -> None:
        """The archive's entities, most named first, with a box that finds one by any spelling;
        the one chosen opens in detail."""
        if self.archive is None or self.archive.entities is None:
            self.notify("The archive's entities are still being found", timeout=3)
            return

        def chosen(entity: Entity | None) -> None:
            if entity is not None:
                self._show_entity(entity)

        self.app.push_screen(ArchiveEntitiesScreen(self.archive.entities.entities, self.options), chosen)

    def action_sources(self) -> None:
        """The sources with their article counts; enter searches the one chosen."""
        if self.archive is None:
            return

        def chosen(query: str | None) -> None:
            if query is not None:
                self.search_input.value = query
                self.activate("search")

        self.app.push_screen(SourcesScreen(self.archive.source_counts(), self.options), chosen)

    def action_show_problems(self) -> None:
        paths = self.archive.paths if self.archive is not None else []
        self.app.push_screen(ProblemsScreen(self.session.problems, paths, self.options))

    def action_back(self) -> None:
        if self.focused is self.find_box:
            self.find_box.display = False
            self.reader.focus()
        elif self.focused is self.search_input:
            if not self.search_pane.clear():
                self.activate("articles")
        elif self.active_pane == "reader" and self.session.mention_return is not None:
            self._show_entity(*self.session.mention_return)
        elif self.active_pane in ("reader", "entities"):
            self.activate(self.session.came_from)
        elif self.active_pane == "search":
            self.activate("articles")
        self._capturing_search = False


@dataclass(slots=True)
class RunningPhase:
    """The phase a background task is in, since when (monotonic), and its count so far (total
    0: not known; -1: none)."""

    phase: str
    started: float
    done: int = 0
    total: int = -1

    def describe(self, seconds: float | None, *, first: bool = False) -> str:
        """ "Reading and indexing 1,200/69,431… 12 s": what runs, how far, and for how long (the
        wall time since the phase began, when `seconds` is given)."""
        text = (self.phase[:1].upper() + self.phase[1:]) if first else self.phase
        if self.total > 0:
            text += f" {self.done:,}/{self.total:,}"
        elif self.total == 0:
            text += f" {self.done:,} articles"
        text += "…"
        if seconds is not None:
            text += f" {seconds:.0f} s"
        return text
