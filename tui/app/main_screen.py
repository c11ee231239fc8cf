"""The main screen: the four panes (articles, search, reader, entities), the tab line and the status line.

It owns the panes' layout (side by side, or tabs below NARROW_WIDTH columns), which pane is
active, opening articles, and the keys that move between panes. Each pane owns its own
widgets and work: the search pane its query and worker, the articles pane its filter.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static

from corpus import ArticleUnreadable, Doc, ProblemCounts, counted, tally
from tui.app.keys import SCREEN_KEYS, bindings
from tui.app.panes.articles import ArticleList, ArticlesPane
from tui.app.panes.entities import EntityList
from tui.app.panes.reader import FindBox, Reader
from tui.app.panes.search import ResultList, SearchPane
from tui.app.screens.entity import EntityScreen
from tui.app.screens.stories import also_reported_lines
from tui.app.widgets.safe_input import SafeInput
from tui.app.widgets.status_line import StatusLine
from tui.display import BidiMode, DisplayOptions, visible
from tui.session import Session

if TYPE_CHECKING:
    from corpus import Archive, LoadProblem, Refreshed
    from corpus.entities import Entity

__all__ = ["MainScreen", "PANES", "NARROW_WIDTH"]

PANES = ("articles", "search", "reader", "entities")
PANE_TITLES = {"articles": "Articles", "search": "Search", "reader": "Reader", "entities": "Entities"}
FIND_PROMPT = "Find in this article (enter, then n/N; esc closes)"
NARROW_WIDTH = 110
"""Below this many columns the panes become tabs: one shows at a time."""


def _clock(at: float) -> str:
    return time.strftime("%H:%M:%S", time.localtime(at))


BURST_SECONDS = 30
"""Refreshes this close after one that brought articles are told with it."""


@dataclass(slots=True)
class _Burst:
    first: float
    last: float
    counts: tuple[int, int, int]
    """New, updated and gone articles."""


class MainScreen(Screen[None]):
    """The panes over one session: it lays them out and moves the focus; the session holds the
    archive, what is remembered of it and the open article. The App hands it what arrives."""

    BINDINGS = bindings(SCREEN_KEYS)

    class Mounted(Message):
        """The panes exist: what the App loads in the background may be shown from now on."""

    class Resumed(Message):
        """The screen is shown again, a pushed one closed: the App takes in a change it held."""

    def __init__(
        self,
        options: DisplayOptions,
        session: Session,
        commands: Mapping[str, Callable[[MainScreen], object]],
        *,
        show_timings: bool = True,
    ) -> None:
        """`commands`: what the keys of owner "command" run, by action name (tui.app.commands:
        given by the App, as they import this screen's type)."""
        super().__init__()
        self.options = options
        self.session = session
        self.commands = commands
        self.status_line = StatusLine(id="status", show_timings=show_timings)
        """Kept: background work may report to it while the app closes, its screen torn down."""
        self.show_timings = show_timings
        """False in snapshot tests, whose screens must not depend on the machine's speed."""
        self.active_pane = "articles"
        self.list_pane = "articles"
        self._capturing_search = False
        self._burst: _Burst | None = None
        """What the refreshes of the last moments brought, told as one (a delivery of 3,000 files
        takes several refreshes: the last one's 299 read as all)."""
        self._entity_origin: Doc | None = None
        """The article read when an entity's detail was opened: esc from the detail comes back to it."""
        self.search_pane = SearchPane(session, id="search-pane", classes="pane", show_timings=show_timings)
        self.reader = Reader(id="reader")
        self.find_box = FindBox(self.reader, placeholder=FIND_PROMPT, id="find")
        self.entity_list = EntityList(id="entities")

    def compose(self) -> ComposeResult:
        yield Static(id="tabs", markup=False)
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield ArticlesPane(id="articles-pane", classes="pane")
                yield self.search_pane
            with Vertical(id="right"):
                with Vertical(id="reader-pane", classes="pane"):
                    yield self.reader
                    yield self.find_box
                with Vertical(id="entities-pane", classes="pane"):
                    yield self.entity_list
        yield self.status_line

    def on_mount(self) -> None:
        for box in self.query(Input):
            box.cursor_blink = False
        self.find_box.display = False
        self.set_options(self.options)
        self._apply_layout(self.app.size.width)
        self.articles.focus()
        self.post_message(self.Mounted())

    # The panes' widgets

    @property
    def articles(self) -> ArticleList:
        return self.query_one("#articles", ArticleList)

    @property
    def search_input(self) -> SafeInput:
        return self.search_pane.input

    @property
    def results(self) -> ResultList:
        return self.search_pane.results

    def set_options(self, options: DisplayOptions) -> None:
        """Show every pane in a new bidi mode."""
        self.options = options
        for widget in (self.articles, self.results, self.reader, self.entity_list, *self.query(SafeInput)):
            widget.set_options(options)
        self._draw_tabs()

    # Layout

    def on_screen_resume(self) -> None:
        self.post_message(self.Resumed())  # ScreenResume reaches the screen only, not the App

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
        self.on_reader_hit_changed()
        if focus:
            target = {
                "articles": self.articles,
                "search": self.search_input,
                "reader": self.reader,
                "entities": self.entity_list,
            }[pane]
            if target is self.search_input and self.focused is not target:
                target.select_all()  # back to the box: what is typed next is a new query (end keeps it)
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
                    self.on_reader_hit_changed()
                break
        if event.widget is self.search_input:
            self._capturing_search = False

    # Status line

    # The archive arrives

    def archive_ready(self, archive: Archive) -> None:
        """Show the loaded archive and search it."""
        restored = self.session.start(archive)
        self.status_line.progress_over("archive")
        self.articles.set_articles(archive.articles, archive.word_count, archive.listing())
        self.status_line.show_archive(archive, self._opened_in(archive))
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
            self.search_pane.restore(restored.query)
        if restored.doc is not None:
            self.open_article(restored.doc, self.search_pane.hits_for(restored.doc))
            if restored.offset:  # once the reader has its size and rows
                self.call_after_refresh(self.reader.scroll_to_offset, restored.offset, center=False)

    def save_remembered(self, done: str = "") -> None:
        """Save what is remembered now, and say `done`; or, when it could not be written, say
        that and why, as an error (what was not written stays for the next save)."""
        problem = self.session.save()
        if problem:
            said = f"{done}, but {problem}" if done else problem[:1].upper() + problem[1:]
            self.notify(visible(said), severity="error", timeout=10)
        elif done:
            self.notify(done, timeout=2)

    def _opened_in(self, archive: Archive) -> str:
        """What the status line says after the article count when no refresh is news: the time the
        archive took to open, where timings are shown."""
        return f" ({archive.seconds:.1f} s)" if self.show_timings else ""

    def problems_looked_at(self) -> None:
        """After a look at the files that found nothing changed: the files it skipped that the
        start had no record of (a link out of the corpus) are listed (w) and counted."""
        archive = self.session.archive
        if archive is None or archive.problems == self.session.problems:
            return
        self.session.problems = archive.problems
        self.status_line.show_archive(archive, self._opened_in(archive))

    def archive_changed(self, refreshed: Refreshed) -> None:
        """Adopt the index brought up to date: every pane keeps its place on the same articles
        (an article read again is found by its id), the query runs again, and the status line
        says what arrived."""
        archive = self.session.archive
        if archive is None:
            return
        was_open = self.session.open_doc
        moved = self.session.refresh(refreshed)
        if was_open is not None and self.session.open_doc is None and self.reader.article is not None:
            self.notify(  # its text stays on the screen: say it is no longer in the archive, and why
                _open_article_left(self.reader.article.path), severity="warning", timeout=10
            )
        current = moved(self.articles.current_doc)
        if self.articles.only is not None and self.session.remembered is not None:
            shown = len(self.articles.only)
            self.articles.only = self.session.remembered.bookmarked_docs()  # the bookmarks view, by the new keys
            self.articles.kept_aside = self.session.remembered.bookmarks_kept_aside(self.articles.only)
            if len(self.articles.only) < shown:
                gone = shown - len(self.articles.only)
                self.notify(
                    f"{counted(gone, 'bookmarked article{s}')} gone from the archive: kept aside, back when"
                    f" {'its file is' if gone == 1 else 'their files are'}",
                    timeout=8,
                )
        self.articles.set_articles(archive.articles, archive.word_count, archive.listing(), keep=current, moved=moved)
        self.reader.doc = self.session.open_doc  # moved by the session's refresh
        read_again = was_open is not None and int(refreshed.new_doc[was_open]) < 0
        if read_again and self.session.open_doc is not None and self.reader.article is not None:
            self._show_again(self.session.open_doc)
        self.search_pane.archive_arrived()
        self._use_stories()
        self.status_line.show_archive(archive, f" · {self._told(refreshed)}")
        self.status_line.set_entities("entities: tagging the new articles")

    def _told(self, refreshed: Refreshed, now: float | None = None) -> str:
        """What a refresh brought, with the refreshes before it within BURST_SECONDS when each
        brought articles: "3,000 new articles 12:00:01-12:00:06"."""
        now = time.time() if now is None else now
        counts = (refreshed.arrived, refreshed.updated, refreshed.left)
        burst = self._burst
        if burst is not None and any(counts) and now - burst.last <= BURST_SECONDS:
            (arrived, updated, left), burst.last = burst.counts, now
            burst.counts = (arrived + refreshed.arrived, updated + refreshed.updated, left + refreshed.left)
        else:
            burst = self._burst = _Burst(now, now, counts) if any(counts) else None
        if burst is None:
            return f"{refreshed.describe()} at {_clock(now)}"
        arrived, updated, left = burst.counts
        said = tally((arrived, "new article{s}"), (updated, "updated"), (left, "gone"))
        first, last = _clock(burst.first), _clock(burst.last)
        return f"{said} at {first}" if first == last else f"{said} {first}-{last}"

    def _show_again(self, doc: Doc) -> None:
        """The open article read again from its changed file: shown as it is now (with the
        search's hits in it, at the place read), and said; left as it is when its text is the same."""
        archive = self.session.archive
        assert archive is not None
        try:
            text = archive.read_text(doc)
        except ArticleUnreadable:
            text = ""
        if text and text == self.reader.text:
            return
        self.open_article(doc, self.search_pane.hits_for(doc), self.reader.top_offset(), activate=False)
        self.notify("The open article's file changed: the reader shows it as it is now", timeout=6)

    # Stories

    def stories_ready(self) -> None:
        """The stories are grouped: rows show their other outlets, the reader its "also reported by"."""
        try:
            self.status_line.progress_over("stories")
            self._use_stories()
        except NoMatches:  # the stories came as the app closed: its panes are gone
            return
        doc = self.reader.doc
        if doc is None or self.reader.article is None or self.session.archive is None:
            return
        # Laid out again only when its story gives it other outlets to list: an article alone
        # in its story keeps its lines, and its place (one restored from the last session too).
        also = also_reported_lines(self.session.archive, self.session.also_reported(doc))
        if also != self.reader.also:
            self.open_article(doc, tuple(self.reader.hits), self.reader.top_offset())

    def _use_stories(self) -> None:
        """Result and list rows show their stories' other outlets (none before the stories are in)."""
        stories = self.session.archive.stories if self.session.archive is not None else None
        self.search_pane.results.set_stories(stories)
        self.articles.set_stories(stories)

    def archive_failed(self, reason: str, problems: list[LoadProblem]) -> None:
        self.status_line.progress_over("archive")
        self.session.failed(problems)
        self.articles.empty_message = f"No articles: {reason}. Press w for the reasons."
        self.articles.refresh()
        counts = ProblemCounts.of(problems).describe()
        self.status_line.set_archive(
            f"No articles loaded · {counts} (w)" if counts else "No articles loaded: the corpus is empty"
        )

    def entities_ready(self, seconds: float) -> None:
        """The corpus-wide entity index is in: the entities pane and detail use it from now on, and
        the query shown runs again, as the search now reads names by the table (Archive.entities)."""
        self.status_line.progress_over("entities")
        if self.session.archive is None or self.session.archive.entities is None:
            return
        if self.session.archive.entities.cache_problem:
            self.notify(visible(self.session.archive.entities.cache_problem), severity="warning")
        status = f"{len(self.session.archive.entities.entities):,} entities"
        self.status_line.set_entities(status + (f" ({seconds:.1f} s)" if self.show_timings else ""))
        if self.reader.doc is not None:
            self.entity_list.show_article(self.session.archive, self.reader.doc)
        self.search_pane.archive_arrived()  # names in Latin letters and with the article read by the table now

    # Keys typed before the focus reaches the search box

    def take_typed_key(self, event: events.Key) -> bool:
        """Type a printable key into the search box while the focus is on its way there.

        Over SSH a burst such as "/cairo" arrives in one read: the focus change that "/"
        asks for happens after the letters are dispatched, so the App hands each key here
        first (see AkhbarApp.on_event), and they are typed in order; enter after them opens the
        first result at once, whatever the focus (see SearchPane.submit). Returns True when taken.
        """
        if event.key == "enter" and (self._capturing_search or self.focused is self.search_input):
            self._capturing_search = False  # the query is whole: open its first result, as it comes
            self.search_pane.submit()
            return True
        if isinstance(self.focused, Input):
            return False
        printable = event.is_printable and event.character is not None
        if event.key == "ctrl+u":  # erase the query, from anywhere: the box, emptied, takes what follows
            self.action_focus_search()
            self.search_pane.input.value = ""
            return True
        if self._capturing_search:
            if printable:
                self.search_pane.type_text(event.character or "")
                return True
            if event.key == "backspace":
                self.search_pane.delete_last()
                return True
            return False
        if event.key == "slash" or (printable and event.key not in self.active_bindings):
            self.action_focus_search()
            if event.key != "slash":
                self.search_pane.type_text(event.character or "")
            return True
        return False

    def action_focus_search(self) -> None:
        """Go to the search box with its query selected: what is typed next replaces it (a
        new search), an arrow key or end keeps it to edit."""
        if self.focused is not self.search_input:
            self._capturing_search = True
            self.search_input.select_all()
            self.activate("search")

    # Opening articles

    @on(SearchPane.Chosen)
    def _result_chosen(self, message: SearchPane.Chosen) -> None:
        self.session.came_from = "search"
        self.session.remember_query()
        self.open_article(message.doc, message.hits)
        self.search_pane.app_keys_held(False)  # keys typed after enter act on the article now open

    @on(ArticleList.Selected, "#articles")
    def _article_chosen(self, event: ArticleList.Selected) -> None:
        doc = self.articles.view[event.index]
        self.session.came_from = "articles"
        self.open_article(doc, self.search_pane.hits_for(doc))

    def open_article(
        self, doc: Doc, hits: tuple[tuple[int, int], ...] = (), at: int | None = None, *, activate: bool = True
    ) -> None:
        """Read an article and show it in the reader, its entities beside it; the reader takes the
        keys unless `activate` is false (the open article read again after its file changed)."""
        if self.session.archive is None:
            return
        try:
            opened = self.session.open(doc)
        except ArticleUnreadable as error:
            self.reader.show_problem(str(error))
            self.entity_list.set_entities([], "")
            self.notify(visible(str(error)), severity="warning")
            if activate:
                self.activate("reader")
            return
        self.reader.roots = self.session.archive.paths
        self.reader.also = also_reported_lines(self.session.archive, opened.also)
        self.reader.show(doc, opened.article, opened.text, opened.words, hits, at)
        self.articles.refresh_marks()
        self.entity_list.show_article(self.session.archive, doc)
        if activate:
            self.activate("reader")

    def on_reader_hit_changed(self, message: Reader.HitChanged | None = None) -> None:
        """ "hit 2/5 (n/N)" while the reader is the active pane and its article has hits; nothing
        once another pane has the keys (n and N then say there is nothing to go to)."""
        reader = self.reader
        showing = self.active_pane == "reader" and reader.article is not None and bool(reader.hits)
        self.status_line.show_hit(reader.hit_index, len(reader.hits) if showing else 0)

    @on(EntityList.Selected, "#entities")
    def _entity_chosen(self, event: EntityList.Selected) -> None:
        if self.session.archive is None:
            return
        entity = self.entity_list.items[event.index][0]
        self.show_entity(entity)

    def show_entity(self, entity: Entity, cursor: int | None = None, back: Callable[[], None] | None = None) -> None:
        """The entity's detail; a mention chosen there opens in the reader, and esc in the reader
        comes back to the list of mentions at that mention; esc in the detail goes `back` (by
        default to the article's entities)."""
        assert self.session.archive is not None
        if cursor is None:  # opened afresh, not come back to from a mention: the article read now
            self._entity_origin = self.reader.doc

        def chosen(index: int | None) -> None:
            self.session.mention_return = None
            if index is None:  # esc: back to where the entity was chosen from
                origin, self._entity_origin = self._entity_origin, None
                if back is not None:
                    back()
                else:
                    if origin is not None and origin != self.reader.doc:  # a mention opened another article
                        self.open_article(origin)
                    self.activate("entities")
                return
            doc, mention = entity.mentions[index]
            self.session.came_from = "entities"
            self.open_article(doc, ((mention.start, mention.end),), at=mention.start)
            self.session.mention_return = (entity, index, back)  # back again: the archive's list, as left

        self.app.push_screen(EntityScreen(self.session.archive, entity, self.options, cursor), chosen)

    # Actions

    def action_command(self, name: str) -> None:
        """Run a command of tui.app.commands on this screen (a key of owner "command")."""
        self.commands[name](self)

    def action_move_pane(self, step: int) -> None:
        """The next pane (1) or the previous one (-1), round; the search pane's results when it
        has some (j moves, enter opens: a key typed there never replaces the query), else its box."""
        pane = PANES[(PANES.index(self.active_pane) + step) % len(PANES)]
        if pane == "search" and self.results.item_count:
            self.activate(pane, focus=False)
            self.results.focus()
        else:
            self.activate(pane)

    def action_back(self) -> None:
        if self.focused is self.find_box:
            self.find_box.display = False
            self.reader.focus()
        elif self.focused is self.search_input:  # out of the box at once: a key after esc acts
            if not self.search_pane.to_results():
                self.activate("articles")
        elif self.active_pane == "reader" and self.session.mention_return is not None:
            self.show_entity(*self.session.mention_return)
        elif self.active_pane == "entities":  # the open article's entities: back to the article
            opened_here = self.reader.article is not None and self.session.came_from != "entities"
            self.activate("reader" if opened_here else self.list_pane)
        elif self.active_pane == "reader":
            self.activate(self.session.came_from)
            if self.session.came_from == "search" and self.results.item_count:
                self.results.focus()  # back to the result it was opened from: j moves, not types
        elif self.active_pane == "search":
            self.activate("articles")
        self._capturing_search = False


def _open_article_left(path: str) -> str:
    """Why the open article left the archive: its file gone, or there but no longer read as this
    article (rewritten as binary or emptied, which w lists among the skipped files; a record taken
    out of its JSON Lines file)."""
    import os

    if os.path.lexists(path):
        return (
            "The open article's file changed: the article is no longer read from it (w lists skipped files);"
            " what the reader shows is no longer in the archive"
        )
    return "The open article's file is gone (deleted or moved): what the reader shows is no longer in the archive"
